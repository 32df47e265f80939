"""Non-modal dialogs that live until they are closed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

_OPEN: set[QDialog] = set()  # non-modal dialogs without a parent stay alive until closed


def show_dialog(dialog: QDialog) -> QDialog:
    """Show a non-modal dialog that deletes itself when closed (kept alive meanwhile)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _OPEN.add(dialog)
    dialog.finished.connect(lambda _result: _OPEN.discard(dialog))
    dialog.destroyed.connect(lambda _obj=None: _OPEN.discard(dialog))
    dialog.show()
    return dialog
