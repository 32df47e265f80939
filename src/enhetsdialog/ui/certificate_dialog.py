"""«Lag personlig sertifikat»: a self-made (self-signed) certificate for someone without one from the
municipality, kept (0600) in the user's data folder by the signing service; the signing dialog's
shared style."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from enhetsdialog import i18n
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.widgets.dialog_parts import button_row, dialog_layout, guide_label, message_line

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

DIALOG_STYLE = f"""
QFrame#Preview {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 10px; }}
QFrame#Preview QLabel {{ background: transparent; }}
QLabel#SelfSigned {{ {theme.chip_css(theme.NUDGE, radius=6, pad="6px 10px")} }}
QLabel#Problem {{ {theme.chip_css(theme.ERROR, radius=6, pad="6px 10px")} }}
QLabel#Done {{ {theme.chip_css(theme.RESULTAT, radius=6, pad="6px 10px")} }}
"""


def _date(value: Any) -> str:
    return i18n.format_date(value) if value else "–"


class CreateCertificateDialog(QDialog):
    """Name, e-mail and password (twice) for a new personal, self-signed certificate."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.setStyleSheet(DIALOG_STYLE)
        layout = dialog_layout(self, _("Lag personlig sertifikat"), width=460, bottom=16, spacing=10)
        layout.addWidget(guide_label(_(
            "Har du ikke et sertifikat fra kommunen, kan du lage et personlig sertifikat her. Det er selvsignert: "
            "signaturen kan kontrolleres, men ingen kjent utsteder går god for hvem du er. Husk passordet – "
            "det lagres ikke."
        )))
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.email = QLineEdit()
        self.email.setPlaceholderText(_("navn@kommune.no (valgfritt)"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Navn"), self.name)
        form.addRow(_("&E-post"), self.email)
        form.addRow(_("&Passord"), self.password)
        form.addRow(_("&Gjenta passordet"), self.repeat)
        layout.addLayout(form)
        self.message = message_line()
        layout.addWidget(self.message)
        cancel = QPushButton(_("Avbryt"))
        cancel.clicked.connect(self.reject)
        self.create_button = QPushButton(_("Lag sertifikat"))
        self.create_button.setProperty("role", "primary")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_certificate)
        layout.addLayout(button_row(cancel, self.create_button))

    def _problem(self, text: str) -> None:
        self.setEnabled(True)
        self.message.setText(text)
        self.message.show()

    def create_certificate(self) -> None:
        name, email = self.name.text().strip(), self.email.text().strip()
        if not name:
            self._problem(_("Skriv inn navnet ditt."))
            return
        if self.password.text() != self.repeat.text():
            self._problem(_("Passordene er ikke like."))
            return
        if len(self.password.text()) < 8:
            self._problem(_("Passordet må ha minst 8 tegn."))
            return
        password = self.password.text().encode("utf-8")
        self.setEnabled(False)
        self.ctx.query(
            lambda s: s.signing.create_personal_certificate(name, email or None, password),
            on_done=self._created,
            on_error=lambda e: self._problem(error_text(e)),
        )

    def _created(self, path: Path) -> None:
        self.setEnabled(True)
        self.path = Path(path)
        self.password.clear()
        self.repeat.clear()
        self.accept()

    def done(self, result: int) -> None:
        self.password.clear()
        self.repeat.clear()
        super().done(result)
