"""Translations for every layer (Qt-free): gettext catalogues compiled with Babel.

Message ids are the bokmål source strings. Languages: ``nb`` (source), ``nn`` and ``en``; the
catalogues are ``resources/locale/<lang>/LC_MESSAGES/enhetsdialog.po`` (``scripts/i18n.py``
extracts and updates them; the build compiles them to ``.mo``; when a ``.mo`` is missing or older
than its ``.po``, e.g. in an editable install, it is compiled in memory on first use).

Use, in every layer::

    from enhetsdialog.i18n import _, ngettext, pgettext, N_

    _("Fant ikke enheten {name}.", name=unit.name)        # translated now, placeholders filled
    ngettext("{n} merknad", "{n} merknader", count)        # ``n`` is filled in by itself
    pgettext("status", "Signert")                          # same text, other meaning elsewhere
    LABEL = N_("Hvor vil vi?")                             # a constant: marked now, translated
    str(LABEL)  /  f"{LABEL}"                              # ...each time it is shown

Never translate at import time (``_`` in a class body or a module constant), and never pass a
variable as the message id: use ``N_`` for constants so extraction sees the literal.

Which language: :func:`set_language` at the entry point (CLI, GUI) for the interface;
:func:`using` for one piece of work in another language (a PDF in the municipality's written
language). The current language lives in a ContextVar, so a worker thread or a ``using`` block
does not disturb the rest. ``ENHETSDIALOG_LANG`` overrides the choice for one run.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import io
import json
import locale
import os
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

DOMAIN = "enhetsdialog"
SOURCE_LANGUAGE = "nb"
LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
LANGUAGE_NAMES: dict[str, str] = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
# BCP 47 tags for documents (PDF /Lang, XMP dc:language, arkivmelding)
LANGUAGE_TAGS: dict[str, str] = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
ENV_OVERRIDE = "ENHETSDIALOG_LANG"

_current: ContextVar[str] = ContextVar("enhetsdialog_language", default=SOURCE_LANGUAGE)
_catalogues: dict[str, _gettext.NullTranslations] = {}
_lock = threading.Lock()


# --- which language ---------------------------------------------------------------------------------


def normalise(code: str | None) -> str | None:
    """``nn_NO.UTF-8``, ``nn-NO``, ``NN`` → ``nn``; ``no``/``nb_NO`` → ``nb``; unknown → None."""
    if not code:
        return None
    base = code.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    if base in ("no", "nob"):
        base = "nb"
    if base == "nno":
        base = "nn"
    if base == "eng":
        base = "en"
    return base if base in LANGUAGES else None


def system_language() -> str | None:
    """The language of the operating system's locale, if it is one we have. The C/POSIX locale says
    nothing about a language (Python would read it as ``en_US``): then there is no system choice."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            for part in value.split(":"):
                found = normalise(part)
                if found:
                    return found
            if var != "LANGUAGE":
                if value.split(".")[0].upper() in ("C", "POSIX"):
                    return None
                break
    try:
        found = normalise(locale.getlocale()[0])
    except (ValueError, TypeError):
        found = None
    return found


def resolve_language(user: str | None = None, municipality: str | None = None) -> str:
    """The interface language: ``ENHETSDIALOG_LANG``, else the user's choice, else the
    municipality's written language, else the system locale, else bokmål."""
    for candidate in (os.environ.get(ENV_OVERRIDE), user, municipality, system_language()):
        found = normalise(candidate)
        if found:
            return found
    return SOURCE_LANGUAGE


def profile_language(profile: Path) -> str | None:
    """The user's own choice in the profile file (``"language"``), or None. Read without the
    services, so that the CLI knows the language before it imports them."""
    try:
        data = json.loads(profile.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return normalise(str(data.get("language") or "")) if isinstance(data, dict) else None


def set_language(code: str | None) -> str:
    """Make ``code`` the current language (for this context and the threads it starts later)."""
    lang = normalise(code) or SOURCE_LANGUAGE
    _current.set(lang)
    return lang


def current_language() -> str:
    return _current.get()


@contextlib.contextmanager
def using(code: str | None) -> Iterator[str]:
    """Work in ``code`` for the duration of the block (e.g. a PDF in the municipality's language)."""
    lang = normalise(code) or current_language()
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def language_tag(code: str | None = None) -> str:
    return LANGUAGE_TAGS[normalise(code) or current_language()]


# --- dates ----------------------------------------------------------------------------------------

# Babel (CLDR) patterns per language. Bokmål and nynorsk write a day as 31.03.2029 everywhere
# (screens, PDFs, reports, the comparison); English as 31 Mar 2029 (en-GB), never as 03/31 or 31.03.
DATE_PATTERNS: dict[str, str] = {"nb": "dd.MM.y", "nn": "dd.MM.y", "en": "d MMM y"}
BABEL_LOCALES: dict[str, str] = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


def format_date(value: date | None, lang: str | None = None) -> str:
    """A day (a ``datetime`` gives its date) as ``lang`` writes it, by default the current language:
    ``31.03.2029`` in bokmål and nynorsk, ``31 Mar 2029`` in English. For reading, not for an input
    field: what the user types is ``dd.mm.yyyy`` in every language (``domain.values.parse_date``)."""
    if value is None:
        return ""
    code = normalise(lang) or current_language()
    if code != "en":
        return value.strftime("%d.%m.%Y")
    try:
        # lazy: Babel's dates (and CLDR) load only when a date is shown in English
        from babel.dates import format_date as babel_format_date

        return str(babel_format_date(value, format=DATE_PATTERNS[code], locale=BABEL_LOCALES[code]))
    except (ImportError, OSError, LookupError, ValueError):  # no CLDR data (a stripped build): the numeric form
        return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime | None, lang: str | None = None) -> str:
    """Day and time (``31.03.2029 14:05``, ``31 Mar 2029 14:05``), in local time when it has a zone."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return f"{format_date(value, lang)} {value:%H:%M}"


# --- catalogues -------------------------------------------------------------------------------------


def locale_dir() -> Path:
    return Path(str(resources.files("enhetsdialog") / "resources" / "locale"))


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def _load(lang: str) -> _gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        po = catalogue_path(lang)
        if not po.exists():
            return _gettext.NullTranslations()
    po, mo = catalogue_path(lang), catalogue_path(lang, ".mo")
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as fh:
                return _gettext.GNUTranslations(fh)
        if po.exists():
            return _gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    except (OSError, ValueError):  # a damaged catalogue shows the source text, never crashes
        pass
    return _gettext.NullTranslations()


def compile_po(po: Path) -> bytes:
    """Compile a ``.po`` file to ``.mo`` bytes with Babel (fuzzy entries are left out)."""
    # lazy: Babel's catalogue tools load only where no compiled .mo exists (an editable install)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def translations(lang: str | None = None) -> _gettext.NullTranslations:
    code = normalise(lang) or current_language()
    found = _catalogues.get(code)
    if found is None:
        with _lock:
            found = _catalogues.get(code)
            if found is None:
                found = _catalogues[code] = _load(code)
    return found


def reload_catalogues() -> None:
    """Forget loaded catalogues (tests, and after a catalogue was updated)."""
    with _lock:
        _catalogues.clear()


# --- translating ------------------------------------------------------------------------------------


def _fill(text: str, params: dict[str, Any]) -> str:
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the message
        return text


def _(message: str, /, **params: Any) -> str:
    """Translate ``message`` into the current language and fill its ``{name}`` placeholders."""
    return _fill(translations().gettext(message), params)


gettext = _


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """Singular or plural by ``n`` (per the language's plural rule); ``{n}`` is filled in."""
    return _fill(translations().ngettext(singular, plural, n), {"n": n, **params})


def pgettext(context: str, message: str, /, **params: Any) -> str:
    """Translate ``message`` in ``context`` (the same text may need other words elsewhere)."""
    return _fill(translations().pgettext(context, message), params)


def npgettext(context: str, singular: str, plural: str, n: int, /, **params: Any) -> str:
    return _fill(translations().npgettext(context, singular, plural, n), {"n": n, **params})


class LazyText:
    """A message that is translated when it is shown (``str``, f-string, ``format``), in the language
    current at that moment. Made by :func:`N_`, :func:`lazy`, :func:`lazy_ngettext`, :func:`lazy_pgettext`.

    Errors carry one of these, so the message is translated at the edge (CLI, GUI) where it is shown.
    """

    __slots__ = ("context", "message", "n", "params", "plural")

    def __init__(
        self,
        message: str,
        params: dict[str, Any] | None = None,
        *,
        plural: str | None = None,
        n: int | None = None,
        context: str | None = None,
    ) -> None:
        self.message = message
        self.params = dict(params or {})
        self.plural = plural
        self.n = n
        self.context = context

    def translate(self, lang: str | None = None) -> str:
        t = translations(lang)
        params = {k: (v.translate(lang) if isinstance(v, LazyText) else v) for k, v in self.params.items()}
        if self.plural is not None:
            n = self.n if self.n is not None else 1
            params.setdefault("n", n)
            if self.context is not None:
                text = t.npgettext(self.context, self.message, self.plural, n)
            else:
                text = t.ngettext(self.message, self.plural, n)
        elif self.context is not None:
            text = t.pgettext(self.context, self.message)
        else:
            text = t.gettext(self.message)
        return _fill(text, params)

    def format(self, **params: Any) -> str:
        return LazyText(
            self.message, {**self.params, **params}, plural=self.plural, n=self.n, context=self.context
        ).translate()

    def with_params(self, **params: Any) -> LazyText:
        return LazyText(
            self.message, {**self.params, **params}, plural=self.plural, n=self.n, context=self.context
        )

    def __str__(self) -> str:
        return self.translate()

    def __format__(self, spec: str) -> str:
        return format(self.translate(), spec)

    def __repr__(self) -> str:
        return f"LazyText({self.message!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyText):
            return (self.message, self.context, self.plural, self.n, self.params) == (
                other.message,
                other.context,
                other.plural,
                other.n,
                other.params,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.message, self.context, self.plural))


def N_(message: str, /, **params: Any) -> LazyText:
    """Mark a constant for translation; it is translated each time it is shown."""
    return LazyText(message, params)


lazy = N_


def lazy_ngettext(singular: str, plural: str, n: int, /, **params: Any) -> LazyText:
    return LazyText(singular, params, plural=plural, n=n)


def lazy_pgettext(context: str, message: str, /, **params: Any) -> LazyText:
    return LazyText(message, params, context=context)


Text = str | LazyText
"""What a user-facing message may be: already translated text, or a LazyText."""


def text(value: Text, lang: str | None = None) -> str:
    """``value`` as text in ``lang`` (default: the current language)."""
    return value.translate(lang) if isinstance(value, LazyText) else value
