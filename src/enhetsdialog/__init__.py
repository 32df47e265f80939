"""Enhetsdialog: unit agreements (enhetsavtaler) prepared, discussed, signed and archived offline."""

__version__ = "0.1.0"
APP_NAME = "Enhetsdialog"
APP_ID = "enhetsdialog"
