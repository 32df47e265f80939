"""Errors of the exchange layer."""

from __future__ import annotations

from enhetsdialog.domain.errors import EnhetsdialogError


class ExchangeError(EnhetsdialogError):
    """Exchanging an agreement failed (e.g. the package file could not be written); nothing changed."""


class PackageError(ExchangeError):
    """An agreement package was refused. The message is one line of bokmål; nothing was changed."""
