"""Errors of the exchange layer."""

from __future__ import annotations

from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import LazyText, Text

MAX_MESSAGE = 400


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """Text from a package (file names, unit names, codes) made safe for a one-line message."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


class ExchangeError(EnhetsdialogError):
    """Exchanging an agreement failed (e.g. the package file could not be written); nothing changed."""

    def __init__(self, message: Text) -> None:
        super().__init__(_safe(message))


def _safe(message: Text) -> Text:
    """``message`` with every text it carries made one line (parameters of parameters too: a
    refusal's reason is itself a message with the package's file name in it)."""
    if not isinstance(message, LazyText):
        return one_line(message)
    params = {
        k: one_line(v) if isinstance(v, str) else _safe(v) if isinstance(v, LazyText) else v
        for k, v in message.params.items()
    }
    return LazyText(message.message, params, plural=message.plural, n=message.n, context=message.context)


class PackageError(ExchangeError):
    """An agreement package was refused. The message is one line of bokmål; nothing was changed."""
