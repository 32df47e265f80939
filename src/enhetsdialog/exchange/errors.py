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
        if isinstance(message, LazyText):
            params = {k: one_line(v) if isinstance(v, str) else v for k, v in message.params.items()}
            super().__init__(LazyText(message.message, params, plural=message.plural, n=message.n, context=message.context))
        else:
            super().__init__(one_line(message))


class PackageError(ExchangeError):
    """An agreement package was refused. The message is one line of bokmål; nothing was changed."""
