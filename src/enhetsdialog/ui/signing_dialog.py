"""Signing an agreement: choose a certificate file (.p12/.pfx), type its password, see who you sign as
(name, certificate subject, issuer, and a plain warning for a self-signed certificate) before
confirming. Preview and signing run on the worker (signing takes a moment). The password is read
from the field when needed and never stored; the field is cleared when the dialog closes.

"Lag personlig sertifikat" makes a self-signed certificate for someone who has none.

Hosting::

    from enhetsdialog.ui.signing_dialog import SigningDialog, sign_in_turn
    SigningDialog(ctx, revision_id, Role.LEDER, parent).open()   # one party
    sign_in_turn(ctx, revision_id, parent)                        # leader, then director, same machine
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.canonical import fingerprint, short_fingerprint
from enhetsdialog.domain.enums import Role
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.i18n import tr

if TYPE_CHECKING:
    from enhetsdialog.services.signing import SignerPreview

    from enhetsdialog.ui.context import AppContext

LAST_CERTIFICATE = "signing/last_certificate/{role}"
SELF_SIGNED_WARNING = "Selvsignert – utstederen er ikke en kjent sertifikatutsteder."

DIALOG_STYLE = f"""
QFrame#Preview {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 10px; }}
QFrame#Preview QLabel {{ background: transparent; }}
QLabel#SelfSigned {{ {theme.chip_css(theme.NUDGE, radius=6, pad="6px 10px")} }}
QLabel#Problem {{ {theme.chip_css(theme.ERROR, radius=6, pad="6px 10px")} }}
QLabel#Done {{ {theme.chip_css(theme.RESULTAT, radius=6, pad="6px 10px")} }}
"""


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


class CreateCertificateDialog(QDialog):
    """Name, e-mail and password (twice) for a new personal, self-signed certificate."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.setWindowTitle(tr("Lag personlig sertifikat"))
        self.setMinimumWidth(460)
        self.setStyleSheet(DIALOG_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        intro = QLabel(tr(
            "Har du ikke et sertifikat fra kommunen, kan du lage et personlig sertifikat her. Det er selvsignert: "
            "signaturen kan kontrolleres, men ingen kjent utsteder går god for hvem du er. Husk passordet – "
            "det lagres ikke."
        ))
        intro.setWordWrap(True)
        intro.setProperty("role", "guide")
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.email = QLineEdit()
        self.email.setPlaceholderText(tr("navn@kommune.no (valgfritt)"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("&Navn"), self.name)
        form.addRow(tr("&E-post"), self.email)
        form.addRow(tr("&Passord"), self.password)
        form.addRow(tr("&Gjenta passordet"), self.repeat)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("Problem")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton(tr("Avbryt"))
        cancel.clicked.connect(self.reject)
        self.create_button = QPushButton(tr("Lag sertifikat"))
        self.create_button.setProperty("role", "primary")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_certificate)
        row.addWidget(cancel)
        row.addWidget(self.create_button)
        layout.addLayout(row)

    def _problem(self, text: str) -> None:
        self.setEnabled(True)
        self.message.setText(text)
        self.message.show()

    def create_certificate(self) -> None:
        name, email = self.name.text().strip(), self.email.text().strip()
        if not name:
            self._problem(tr("Skriv inn navnet ditt."))
            return
        if self.password.text() != self.repeat.text():
            self._problem(tr("Passordene er ikke like."))
            return
        if len(self.password.text()) < 8:
            self._problem(tr("Passordet må ha minst 8 tegn."))
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


class SigningDialog(QDialog):
    """Sign ``revision_id`` as ``role``. Emits ``signed(Changes)`` and accepts when done."""

    signed = Signal(object)

    def __init__(self, ctx: AppContext, revision_id: str, role: Role | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.revision_id = revision_id
        self.role = Role(role)
        self.preview: SignerPreview | None = None
        self._previewed_for: tuple[str, str] | None = None
        self._busy = False
        full = ctx.read(lambda s: s.agreements.get(revision_id))
        leader = self.role is Role.LEDER
        self.setWindowTitle(tr("Signer som enhetsleder") if leader else tr("Kontrasigner som direktør"))
        self.setMinimumWidth(640)
        self.setStyleSheet(DIALOG_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        title = QLabel(self.windowTitle())
        title.setProperty("role", "subtitle")
        layout.addWidget(title)
        if full is not None:
            rev = full.revision
            what = tr(
                "Du signerer enhetsavtalen {year} for {unit}, revisjon {n}. Innholdets fingeravtrykk er {fp}. "
                "Etter signeringen kan denne versjonen ikke endres.",
                year=rev.year, unit=full.unit.name, n=rev.number, fp=short_fingerprint(fingerprint(rev)),
            )
            if not leader:
                what += " " + tr("Enhetslederen har signert først; du kontrasignerer.")
        else:
            what = ""
        intro = QLabel(what)
        intro.setWordWrap(True)
        intro.setProperty("role", "guide")
        layout.addWidget(intro)

        form = QFormLayout()
        form.setSpacing(8)
        cert_row = QHBoxLayout()
        self.certificate = QComboBox()
        self.certificate.setEditable(True)
        self.certificate.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.certificate.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.certificate.setAccessibleName(tr("Sertifikatfil"))
        line = self.certificate.lineEdit()
        if line is not None:
            line.setPlaceholderText(tr("Velg en .p12- eller .pfx-fil"))
        self.browse_button = QPushButton(tr("Velg fil …"))
        self.browse_button.clicked.connect(self._browse)
        cert_row.addWidget(self.certificate, 1)
        cert_row.addWidget(self.browse_button)
        cert_label = QLabel(tr("&Sertifikat"))
        cert_label.setBuddy(self.certificate)
        form.addRow(cert_label, cert_row)
        self.create_button = QPushButton(tr("Lag personlig sertifikat …"))
        self.create_button.setProperty("role", "link")
        self.create_button.setToolTip(tr("For deg som ikke har et sertifikat fra kommunen"))
        self.create_button.clicked.connect(self._create_certificate)
        form.addRow("", self.create_button)
        pw_row = QHBoxLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Passord for sertifikatet"))
        self.password.setPlaceholderText(tr("Passordet lagres ikke"))
        self.password.returnPressed.connect(self.request_preview)
        self.preview_button = QPushButton(tr("Vis hvem jeg signerer som"))
        self.preview_button.clicked.connect(self.request_preview)
        pw_row.addWidget(self.password, 1)
        pw_row.addWidget(self.preview_button)
        pw_label = QLabel(tr("&Passord"))
        pw_label.setBuddy(self.password)
        form.addRow(pw_label, pw_row)
        layout.addLayout(form)

        self.preview_frame = QFrame()
        self.preview_frame.setObjectName("Preview")
        pl = QVBoxLayout(self.preview_frame)
        pl.setContentsMargins(16, 12, 16, 14)
        pl.setSpacing(6)
        self.signer = QLabel()
        self.signer.setWordWrap(True)
        self.signer.setTextFormat(Qt.TextFormat.RichText)
        pl.addWidget(self.signer)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pl.addWidget(self.details)
        self.self_signed = QLabel(tr(SELF_SIGNED_WARNING) + " " + tr(
            "Signaturen kan likevel kontrolleres, og den viser at dokumentet ikke er endret."))
        self.self_signed.setObjectName("SelfSigned")
        self.self_signed.setWordWrap(True)
        pl.addWidget(self.self_signed)
        self.preview_frame.hide()
        layout.addWidget(self.preview_frame)

        self.message = QLabel()
        self.message.setObjectName("Problem")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.hide()
        layout.addWidget(self.progress)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Avbryt"))
        self.cancel_button.clicked.connect(self.reject)
        self.sign_button = QPushButton(tr("Signer") if leader else tr("Kontrasigner"))
        self.sign_button.setProperty("role", "primary")
        self.sign_button.setEnabled(False)
        self.sign_button.clicked.connect(self.sign)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_button)
        layout.addLayout(buttons)

        self.certificate.currentTextChanged.connect(self._inputs_changed)
        self.password.textChanged.connect(self._inputs_changed)
        last = ctx.settings.value(LAST_CERTIFICATE.format(role=self.role.value))
        if isinstance(last, str) and last and Path(last).is_file():
            self.set_certificate(Path(last))
        ctx.query(lambda s: s.signing.personal_certificates(), on_done=self._known_certificates)

    # --- certificate file ------------------------------------------------------------------------------

    def _known_certificates(self, paths: list[Path]) -> None:
        current = self.certificate.currentText()
        for p in paths:
            if self.certificate.findText(str(p)) < 0:
                self.certificate.addItem(str(p))
        if current:
            self.certificate.setEditText(current)
        elif paths:
            self.certificate.setCurrentIndex(0)

    def set_certificate(self, path: Path | str) -> None:
        text = str(path)
        if self.certificate.findText(text) < 0:
            self.certificate.addItem(text)
        self.certificate.setCurrentIndex(self.certificate.findText(text))
        self.certificate.setEditText(text)

    def _browse(self) -> None:
        start = self.certificate.currentText() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Velg sertifikatfil"), start, tr("Sertifikater (*.p12 *.pfx);;Alle filer (*)")
        )
        if path:
            self.set_certificate(path)
            self.password.setFocus()

    def _create_certificate(self) -> CreateCertificateDialog:
        full = self.ctx.read(lambda s: s.agreements.get(self.revision_id))
        person = (full.leader if self.role is Role.LEDER else full.director) if full else None
        dialog = CreateCertificateDialog(self.ctx, self, name=person.name if person else "")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def created() -> None:
            if dialog.path is not None:
                self.set_certificate(dialog.path)
                self.password.setFocus()

        dialog.accepted.connect(created)
        dialog.open()
        return dialog

    # --- preview and signing ----------------------------------------------------------------------------------

    def _inputs(self) -> tuple[bytes, bytes] | None:
        text = self.certificate.currentText().strip()
        if not text:
            self._problem(tr("Velg sertifikatfilen din først."))
            return None
        try:
            data = Path(text).expanduser().read_bytes()
        except OSError as e:
            self._problem(tr("Kan ikke lese «{path}»: {why}.", path=text, why=e.strerror or str(e)))
            return None
        return data, self.password.text().encode("utf-8")

    def _inputs_changed(self, *_args: object) -> None:
        if self._previewed_for != (self.certificate.currentText(), self.password.text()):
            self.sign_button.setEnabled(False)

    def _problem(self, text: str) -> None:
        self.message.setObjectName("Problem")
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for w in (self.certificate, self.browse_button, self.create_button, self.password, self.preview_button):
            w.setEnabled(not busy)
        if busy:
            self.sign_button.setEnabled(False)

    def request_preview(self) -> None:
        if self._busy:
            return
        inputs = self._inputs()
        if inputs is None:
            return
        p12, password = inputs
        rid, role = self.revision_id, self.role
        key = (self.certificate.currentText(), self.password.text())
        self.message.hide()
        self._set_busy(True)
        self.ctx.query(
            lambda s: s.signing.preview(rid, role, p12, password),
            on_done=lambda preview: self._show_preview(preview, key),
            on_error=self._failed,
        )

    def _show_preview(self, preview: SignerPreview, key: tuple[str, str]) -> None:
        from html import escape

        self._set_busy(False)
        self.preview = preview
        self._previewed_for = key
        cert = preview.certificate
        title = f", {escape(preview.title)}" if preview.title else ""
        self.signer.setText(
            tr("Du signerer som") + f" <b>{escape(preview.name)}</b>{title} "
            f"<span style='color:{theme.MUTED}'>({escape(tr(preview.role.label))})</span>"
        )
        rows = [
            (tr("Sertifikat"), cert.subject),
            (tr("Utstedt av"), cert.issuer),
            (tr("Gyldig"), f"{_date(cert.not_before)} – {_date(cert.not_after)}"),
            (tr("Sertifikatets fingeravtrykk"), cert.short_fingerprint),
            (tr("Avtalens fingeravtrykk"), short_fingerprint(preview.fingerprint)),
        ]
        self.details.setText(
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(
                f"<tr><td style='color:{theme.MUTED}; padding-right:12px'>{escape(k).replace(' ', '&nbsp;')}</td><td>{escape(v)}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )
        self.self_signed.setVisible(cert.self_signed)
        self.preview_frame.show()
        self.sign_button.setEnabled(True)
        self.sign_button.setFocus()
        self.adjustSize()

    def _failed(self, e: BaseException) -> None:
        self._set_busy(False)
        self._problem(error_text(e))

    def sign(self) -> None:
        if self._busy or self.preview is None:
            return
        if self._previewed_for != (self.certificate.currentText(), self.password.text()):
            self.request_preview()
            return
        inputs = self._inputs()
        if inputs is None:
            return
        p12, password = inputs
        rid, role = self.revision_id, self.role
        self.message.hide()
        self._set_busy(True)
        self.cancel_button.setEnabled(False)
        self.ctx.op(lambda s: s.signing.sign(rid, role, p12, password), on_done=self._signed, on_error=self._sign_failed)

    def _sign_failed(self, e: BaseException) -> None:
        self.cancel_button.setEnabled(True)
        self._failed(e)

    def _signed(self, changes: Changes) -> None:
        self._set_busy(False)
        self.cancel_button.setEnabled(True)
        self.ctx.settings.setValue(LAST_CERTIFICATE.format(role=self.role.value), self.certificate.currentText())
        self.signed.emit(changes)
        self.accept()

    def done(self, result: int) -> None:
        self.password.clear()  # never kept
        self._previewed_for = None
        super().done(result)

    def reject(self) -> None:
        if not self._busy:
            super().reject()


def sign_in_turn(
    ctx: AppContext,
    revision_id: str,
    parent: QWidget | None = None,
    on_done: Callable[[bool], None] | None = None,
) -> SigningDialog | None:
    """Leader, then director, on this machine: opens the signing dialog of the first party that has
    not signed yet; when it is accepted, the next one. ``on_done(True)`` when both have signed,
    ``on_done(False)`` when one is cancelled. Returns the first dialog (None if nobody is left)."""
    full = ctx.read(lambda s: s.agreements.get(revision_id))
    signed = {s.role for s in full.signatures} if full is not None else set(Role)
    role = next((r for r in (Role.LEDER, Role.DIREKTOR) if r not in signed), None)
    if role is None:
        if on_done is not None:
            on_done(full is not None)
        return None
    dialog = SigningDialog(ctx, revision_id, role, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: sign_in_turn(ctx, revision_id, parent, on_done))
    dialog.rejected.connect(lambda: on_done(False) if on_done is not None else None)
    dialog.open()
    return dialog
