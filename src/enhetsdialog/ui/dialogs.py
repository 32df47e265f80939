"""Non-modal dialogs that live until they are closed, and the small note most of them are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from enhetsdialog.i18n import _

from enhetsdialog.ui.widgets.dialog_parts import button_row, note_layout

_OPEN: set[QDialog] = set()  # non-modal dialogs without a parent stay alive until closed


def show_dialog(dialog: QDialog) -> QDialog:
    """Show a non-modal dialog that deletes itself when closed (kept alive meanwhile)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _OPEN.add(dialog)
    dialog.finished.connect(lambda _result: _OPEN.discard(dialog))
    dialog.destroyed.connect(lambda _obj=None: _OPEN.discard(dialog))
    dialog.show()
    return dialog


class MessageDialog(QDialog):
    """A small non-modal note with a title and a text."""

    def __init__(self, parent: QWidget | None, title: str, text: str) -> None:
        super().__init__(parent)
        layout = note_layout(self, title, width=480)
        body = QLabel(text)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = body
        layout.addWidget(body)
        ok = QPushButton(_("OK"))
        ok.setProperty("role", "primary")
        ok.clicked.connect(self.accept)
        layout.addLayout(button_row(ok))
