"""A tiny message catalogue for tests: translations of a few messages, installed in place of a
language's real catalogue (the real nn/en catalogues are being translated separately)."""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from enhetsdialog import i18n

# key: msgid, (context, msgid) or (singular, plural); value: the translation (a pair for plurals)
Messages = Mapping[str | tuple[str, str], str | tuple[str, str]]


def compiled(lang: str, messages: Messages, *, contexts: frozenset[str] = frozenset()) -> gettext.GNUTranslations:
    catalog = Catalog(locale=lang, domain=i18n.DOMAIN, charset="utf-8")
    for key, value in messages.items():
        if isinstance(key, tuple) and key[0] in contexts:
            catalog.add(key[1], value, context=key[0])
        else:
            catalog.add(key, value)
    out = io.BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    return gettext.GNUTranslations(out)


def install(
    monkeypatch: pytest.MonkeyPatch, lang: str, messages: Messages, *, contexts: frozenset[str] = frozenset()
) -> None:
    """Use ``messages`` as the whole catalogue of ``lang`` for one test."""
    monkeypatch.setitem(i18n._catalogues, lang, compiled(lang, messages, contexts=contexts))
