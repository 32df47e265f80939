"""Signing an agreement: with a certificate file (.p12/.pfx and its password) or a smart card /
token (PKCS#11: module, card, certificate, PIN — see :mod:`.token_panel`), see who you sign as (name,
certificate subject, issuer, and a plain warning for a self-signed certificate) before confirming.
With a card, who signs is checked with the card's certificate before the PIN is used. Preview and
signing run on the worker (signing takes a moment). Password and PIN are read from their fields when
needed and never stored; the fields are cleared when the dialog closes. After signing, the level
reached (B-B … B-LT) and why not higher are shown in a notice.

"Lag personlig sertifikat" makes a self-signed certificate for someone who has none.

Hosting::

    from enhetsdialog.ui.signing_dialog import SigningDialog, sign_in_turn
    SigningDialog(ctx, revision_id, Role.LEDER, parent).open()   # one party
    sign_in_turn(ctx, revision_id, parent)                        # leader, then director, same machine
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
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
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.canonical import fingerprint, short_fingerprint
from enhetsdialog.domain.enums import Role
from enhetsdialog.i18n import N_, _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.certificate_dialog import DIALOG_STYLE, CreateCertificateDialog, _date
from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.signing_settings_dialog import session_tsa, show_notice, signed_notice
from enhetsdialog.ui.token_panel import TokenPanel
from enhetsdialog.ui.widgets.dialog_parts import (
    buddy_label,
    busy_bar,
    button_row,
    field_row,
    guide_label,
    message_line,
)

__all__ = ["CreateCertificateDialog", "SigningDialog", "sign_in_turn"]

if TYPE_CHECKING:
    from enhetsdialog.services.signing import SignerPreview

    from enhetsdialog.ui.context import AppContext

LAST_CERTIFICATE = "signing/last_certificate/{role}"
LAST_SOURCE = "signing/last_source/{role}"  # "file" | "token"
SELF_SIGNED_WARNING = N_("Selvsignert – utstederen er ikke en kjent sertifikatutsteder.")

class SigningDialog(QDialog):
    """Sign ``revision_id`` as ``role``. Emits ``signed(Changes)`` and accepts when done."""

    signed = Signal(object)

    def __init__(self, ctx: AppContext, revision_id: str, role: Role | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.revision_id = revision_id
        self.role = Role(role)
        self.preview: SignerPreview | None = None
        self._previewed_for: tuple[str | None, ...] | None = None
        self._busy = False
        full = ctx.read(lambda s: s.agreements.get(revision_id))
        leader = self.role is Role.LEDER
        self.setWindowTitle(_("Signer som enhetsleder") if leader else _("Kontrasigner som direktør"))
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
            what = _(
                "Du signerer enhetsavtalen {year} for {unit}, revisjon {n}. Innholdets fingeravtrykk er {fp}. "
                "Etter signeringen kan denne versjonen ikke endres.",
                year=rev.year, unit=full.unit.name, n=rev.number, fp=short_fingerprint(fingerprint(rev)),
            )
            if not leader:
                what += " " + _("Enhetslederen har signert først; du kontrasignerer.")
        else:
            what = ""
        layout.addWidget(guide_label(what))

        source_row = QHBoxLayout()
        self.file_mode = QRadioButton(_("Sertifikatfil"))
        self.token_mode = QRadioButton(_("Smartkort / token"))
        self.file_mode.setChecked(True)
        source_row.addWidget(self.file_mode)
        source_row.addWidget(self.token_mode)
        source_row.addStretch(1)
        layout.addLayout(source_row)
        self.pages = QStackedWidget()
        file_page = QWidget()
        form = QFormLayout(file_page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        self.certificate = QComboBox()
        self.certificate.setEditable(True)
        self.certificate.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.certificate.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.certificate.setAccessibleName(_("Sertifikatfil"))
        line = self.certificate.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Velg en .p12- eller .pfx-fil"))
        self.browse_button = QPushButton(_("Velg fil …"))
        self.browse_button.clicked.connect(self._browse)
        form.addRow(buddy_label(_("&Sertifikat"), self.certificate), field_row(self.certificate, self.browse_button))
        self.create_button = QPushButton(_("Lag personlig sertifikat …"))
        self.create_button.setProperty("role", "link")
        self.create_button.setToolTip(_("For deg som ikke har et sertifikat fra kommunen"))
        self.create_button.clicked.connect(self._create_certificate)
        form.addRow("", self.create_button)
        pw_row = QHBoxLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Passord for sertifikatet"))
        self.password.setPlaceholderText(_("Passordet lagres ikke"))
        self.password.returnPressed.connect(self.request_preview)
        pw_row.addWidget(self.password, 1)
        form.addRow(buddy_label(_("&Passord"), self.password), pw_row)
        self.pages.addWidget(file_page)
        self.token_panel = TokenPanel(ctx)
        self.token_panel.changed.connect(self._inputs_changed)
        self.token_panel.problem.connect(self._problem)
        self.pages.addWidget(self.token_panel)
        layout.addWidget(self.pages)
        preview_row = QHBoxLayout()
        preview_row.addStretch(1)
        self.preview_button = QPushButton(_("Vis hvem jeg signerer som"))
        self.preview_button.clicked.connect(self.request_preview)
        preview_row.addWidget(self.preview_button)
        layout.addLayout(preview_row)
        self.token_mode.toggled.connect(self._mode_changed)
        self.notice: str = ""  # the level and notes of the signature just made (shown after closing)

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
        self.self_signed = QLabel(str(SELF_SIGNED_WARNING) + " " + _(
            "Signaturen kan likevel kontrolleres, og den viser at dokumentet ikke er endret."))
        self.self_signed.setObjectName("SelfSigned")
        self.self_signed.setWordWrap(True)
        pl.addWidget(self.self_signed)
        self.preview_frame.hide()
        layout.addWidget(self.preview_frame)

        self.message = message_line()
        layout.addWidget(self.message)
        self.progress = busy_bar()
        layout.addWidget(self.progress)

        self.cancel_button = QPushButton(_("Avbryt"))
        self.cancel_button.clicked.connect(self.reject)
        self.sign_button = QPushButton(_("Signer") if leader else _("Kontrasigner"))
        self.sign_button.setProperty("role", "primary")
        self.sign_button.setEnabled(False)
        self.sign_button.clicked.connect(self.sign)
        layout.addLayout(button_row(self.cancel_button, self.sign_button))

        self.certificate.currentTextChanged.connect(self._inputs_changed)
        self.password.textChanged.connect(self._inputs_changed)
        last = ctx.settings.value(LAST_CERTIFICATE.format(role=self.role.value))
        if isinstance(last, str) and last and Path(last).is_file():
            self.set_certificate(Path(last))
        ctx.query(lambda s: s.signing.personal_certificates(), on_done=self._known_certificates)
        if ctx.settings.value(LAST_SOURCE.format(role=self.role.value)) == "token":
            self.token_mode.setChecked(True)

    @property
    def on_token(self) -> bool:
        return self.token_mode.isChecked()

    def _mode_changed(self, on_token: bool) -> None:
        self.pages.setCurrentIndex(1 if on_token else 0)
        self.message.hide()
        self._inputs_changed()

    def _input_key(self) -> tuple[str | None, ...]:
        """What the preview was shown for; any change takes the confirmation away."""
        if self.on_token:
            return ("token", *self.token_panel.selection())
        return ("file", self.certificate.currentText(), self.password.text())

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
        path, _selected = QFileDialog.getOpenFileName(
            self, _("Velg sertifikatfil"), start, _("Sertifikater (*.p12 *.pfx);;Alle filer (*)")
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
            self._problem(_("Velg sertifikatfilen din først."))
            return None
        try:
            data = Path(text).expanduser().read_bytes()
        except OSError as e:
            self._problem(_("Kan ikke lese «{path}»: {why}.", path=text, why=e.strerror or str(e)))
            return None
        return data, self.password.text().encode("utf-8")

    def _inputs_changed(self, *_args: object) -> None:
        if self._previewed_for != self._input_key():
            self.sign_button.setEnabled(False)

    def _problem(self, text: str) -> None:
        self.message.setObjectName("Problem")
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for w in (self.certificate, self.browse_button, self.create_button, self.password, self.preview_button,
                  self.file_mode, self.token_mode):  # fmt: skip
            w.setEnabled(not busy)
        self.token_panel.set_busy(busy)
        if busy:
            self.sign_button.setEnabled(False)

    def request_preview(self) -> None:
        if self._busy:
            return
        if self.on_token:
            self._preview_token()
            return
        inputs = self._inputs()
        if inputs is None:
            return
        p12, password = inputs
        rid, role = self.revision_id, self.role
        key = self._input_key()
        self.message.hide()
        self._set_busy(True)
        self.ctx.query(
            lambda s: s.signing.preview(rid, role, p12, password),
            on_done=lambda preview: self._show_preview(preview, key),
            on_error=self._failed,
        )

    def _preview_token(self) -> None:
        module, token, key_label = self.token_panel.selection()
        if not module:
            self._problem(_("Velg PKCS#11-modulen til smartkortet først."))
            return
        rid, role, key = self.revision_id, self.role, self._input_key()
        self.message.hide()
        self._set_busy(True)
        self.ctx.query(
            lambda s: s.signing.preview_token(rid, role, module=module, token=token, key=key_label),
            on_done=lambda preview: self._show_preview(preview, key),
            on_error=self._failed,
        )

    def _show_preview(self, preview: SignerPreview, key: tuple[str | None, ...]) -> None:
        self._set_busy(False)
        self.preview = preview
        self._previewed_for = key
        cert = preview.certificate
        title = f", {escape(preview.title)}" if preview.title else ""
        name = f"<b>{escape(preview.name)}</b>"
        role = f"<span style='color:{theme.MUTED}'>({escape(preview.role.label)})</span>"
        # TRANSLATORS: {name} is the signer's name in bold, {title} ", title" or nothing, {role} "(role)"
        self.signer.setText(_("Du signerer som {name}{title} {role}", name=name, title=title, role=role))
        rows = [
            (_("Sertifikat"), cert.subject),
            (_("Utstedt av"), cert.issuer),
            (_("Gyldig"), f"{_date(cert.not_before)} – {_date(cert.not_after)}"),
            (_("Sertifikatets fingeravtrykk"), cert.short_fingerprint),
            (_("Avtalens fingeravtrykk"), short_fingerprint(preview.fingerprint)),
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
        if self.on_token and not self.token_panel.pin.text():
            self.token_panel.pin.setFocus()
        else:
            self.sign_button.setFocus()
        self.adjustSize()

    def _failed(self, e: BaseException) -> None:
        self._set_busy(False)
        self._problem(error_text(e))

    def sign(self) -> None:
        if self._busy or self.preview is None:
            return
        if self._previewed_for != self._input_key():
            self.request_preview()
            return
        rid, role = self.revision_id, self.role
        tsa = session_tsa(self.ctx)
        if self.on_token:
            module, token, key_label = self.token_panel.selection()
            pin = self.token_panel.take_pin()

            def job(s: Any) -> Any:
                outcome = s.signing.sign_with_token(rid, role, module=module, pin=pin, token=token, key=key_label,
                                                    tsa=tsa)  # fmt: skip
                s.signing.settings.set_token_choice(module, token or "", key_label or "")
                return outcome
        else:
            inputs = self._inputs()
            if inputs is None:
                return
            p12, password = inputs

            def job(s: Any) -> Any:
                return s.signing.sign(rid, role, p12, password, tsa=tsa)

        self.message.hide()
        self._set_busy(True)
        self.cancel_button.setEnabled(False)
        self.ctx.op(job, on_done=self._signed, on_error=self._sign_failed)

    def _sign_failed(self, e: BaseException) -> None:
        self.cancel_button.setEnabled(True)
        self._failed(e)
        # who signs was confirmed and nothing was signed: another try (a corrected PIN) needs no new preview
        self.sign_button.setEnabled(self.preview is not None and self._previewed_for == self._input_key())
        if self.on_token:
            self.token_panel.pin.setFocus()

    def _signed(self, changes: Changes) -> None:
        self._set_busy(False)
        self.cancel_button.setEnabled(True)
        self.ctx.settings.setValue(LAST_SOURCE.format(role=self.role.value), "token" if self.on_token else "file")
        if not self.on_token:
            self.ctx.settings.setValue(LAST_CERTIFICATE.format(role=self.role.value), self.certificate.currentText())
        self.notice = signed_notice(changes)
        self.signed.emit(changes)
        self.accept()
        if self.notice:
            show_notice(self.parentWidget(), _("Signert"), self.notice)

    def done(self, result: int) -> None:
        self.password.clear()  # never kept
        self.token_panel.pin.clear()
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
