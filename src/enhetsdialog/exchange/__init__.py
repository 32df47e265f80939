"""Agreement packages between machines (export, validation, import/merge) and archive metadata.

Pure with respect to storage: this package imports only ``enhetsdialog.domain`` (and the standard
library and ``jsonschema``); the services read and write the database around it.
"""

from __future__ import annotations

from enhetsdialog.exchange.errors import ExchangeError, PackageError

__all__ = ["ExchangeError", "PackageError"]
