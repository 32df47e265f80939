"""«Signering og tidsstempel»: the timestamp authority (TSA) and the smart-card module of this
database, and the «Legg til tidsstempel» action.

Nothing secret is stored. The TSA's user name and the *name* of an environment variable holding its
password are settings; a password typed here is kept in this process's memory for the session only
(:func:`session_tsa`) and forgotten when the app closes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from enhetsdialog.i18n import _
from enhetsdialog.services.signing_settings import TsaConfig, check_env_name

from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.dialogs import show_dialog
from enhetsdialog.ui.widgets.dialog_parts import (
    button_row,
    dialog_layout,
    field_row,
    guide_label,
    message_line,
)

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

_SESSION_PASSWORDS: dict[str, str] = {}  # database path → TSA password typed this session (memory only)


def _key(ctx: AppContext) -> str:
    return str(getattr(ctx.services.db, "path", id(ctx)))


def session_tsa(ctx: AppContext) -> Any:
    """The configured TSA with this session's password, or None (the service then uses the setting
    as it is, with the password from the environment variable it names)."""
    password = _SESSION_PASSWORDS.get(_key(ctx))
    if password is None:
        return None
    config = ctx.read(lambda s: s.signing.settings.tsa())
    return replace(config, password=password) if config is not None else None


def signed_notice(outcome: Any) -> str:
    """The level a signature or timestamp reached, and why not higher ("" when there is nothing to say)."""
    level = getattr(outcome, "level", "")
    notes = list(getattr(outcome, "notes", ()))
    if not level and not notes:
        return ""
    lines = [_("Nivå: {level}.", level=level or "?"), *notes]
    return "\n".join(lines)


def show_notice(parent: QWidget | None, title: str, text: str) -> QWidget:
    """A non-modal information box (it must not block signing in turn or the tests)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setModal(False)
    show_dialog(box)
    return box


class SigningSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = dialog_layout(self, _("Signering og tidsstempel"), width=620, top=16)
        layout.addWidget(guide_label(_(
            "Med en tidsstempeltjeneste (TSA) får hver signatur et tidsstempel fra en tredjepart (B-T), og "
            "valideringsdata når utstederen publiserer sperrelister (B-LT). Passord lagres ikke: oppgi navnet "
            "på en miljøvariabel som har det, eller skriv det inn for denne økten."
        )))
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://tsa.example.no/")
        self.url.setAccessibleName(_("Adressen til tidsstempeltjenesten"))
        self.user = QLineEdit()
        self.user.setAccessibleName(_("Brukernavn hos tidsstempeltjenesten"))
        self.password_env = QLineEdit()
        self.password_env.setPlaceholderText("ENHETSDIALOG_TSA_PASSORD")
        self.password_env.setAccessibleName(_("Miljøvariabelen med passordet"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("bare for denne økten; lagres ikke"))
        self.password.setAccessibleName(_("Passord for denne økten"))
        form.addRow(_("&Tidsstempeltjeneste"), self.url)
        form.addRow(_("&Brukernavn"), self.user)
        form.addRow(_("Passord fra &miljøvariabel"), self.password_env)
        form.addRow(_("Passord (økten)"), self.password)
        self.module = QComboBox()
        self.module.setEditable(True)
        self.module.setAccessibleName(_("PKCS#11-modul for smartkortet"))
        browse = QPushButton(_("Velg modul …"))
        browse.clicked.connect(self._browse)
        form.addRow(_("&Smartkortmodul"), field_row(self.module, browse))
        layout.addLayout(form)
        self.message = message_line(problem=False)
        layout.addWidget(self.message)
        self.test_button = QPushButton(_("Test tidsstempeltjenesten"))
        self.test_button.clicked.connect(self.test_tsa)
        cancel = QPushButton(_("Avbryt"))
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton(_("Lagre"))
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        layout.addLayout(button_row(cancel, self.save_button, left=(self.test_button,)))
        self._load()

    def _load(self) -> None:
        config = self.ctx.read(lambda s: s.signing.settings.tsa())
        if config is not None:
            self.url.setText(config.url)
            self.user.setText(config.username)
            self.password_env.setText(config.password_env)
        for _vendor, path in self.ctx.read(lambda s: s.signing.settings.known_modules(), []):
            self.module.addItem(path)
        choice = self.ctx.read(lambda s: s.signing.settings.token_choice())
        if choice is not None and choice.module:
            self.module.setEditText(choice.module)
        elif self.module.count():
            self.module.setCurrentIndex(0)
        self.password.setText(_SESSION_PASSWORDS.get(_key(self.ctx), ""))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Velg PKCS#11-modulen"), self.module.currentText(), _("PKCS#11-moduler (*.so *.dll *.dylib);;Alle filer (*)")
        )
        if path:
            self.module.setEditText(path)

    def _say(self, text: str, *, problem: bool) -> None:
        self.message.setObjectName("Problem" if problem else "Done")
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.message.show()

    def _config(self) -> Any:
        return TsaConfig(
            self.url.text().strip(),
            self.user.text().strip(),
            check_env_name(self.password_env.text()),
            password=self.password.text() or None,
        )

    def test_tsa(self) -> None:
        try:
            config = self._config()
        except Exception as e:
            self._say(error_text(e), problem=True)
            return
        self.test_button.setEnabled(False)
        self.ctx.query(
            lambda s: s.signing.settings.check_tsa(config),
            on_done=self._tested,
            on_error=self._test_failed,
            report=False,
        )

    def _tested(self, moment: Any) -> None:
        self.test_button.setEnabled(True)
        self._say(_("Tidsstempeltjenesten svarte; tiden der er {time}.", time=moment.isoformat(timespec="seconds")),
                  problem=False)  # fmt: skip

    def _test_failed(self, e: BaseException) -> None:
        self.test_button.setEnabled(True)
        self._say(error_text(e), problem=True)

    def save(self) -> None:
        url, user, env = self.url.text(), self.user.text(), self.password_env.text()
        module = self.module.currentText().strip()
        password = self.password.text()

        def job(s: Any) -> Any:
            changes = s.signing.settings.set_tsa(url, username=user, password_env=env)
            choice = s.signing.settings.token_choice()
            if module != choice.module:
                changes = changes | s.signing.settings.set_token_choice(module)
            return changes

        def saved(_changes: Any) -> None:
            if password:
                _SESSION_PASSWORDS[_key(self.ctx)] = password
            else:
                _SESSION_PASSWORDS.pop(_key(self.ctx), None)
            self.accept()

        self.ctx.op(job, on_done=saved, on_error=lambda e: self._say(error_text(e), problem=True), report=False)

    def done(self, result: int) -> None:
        self.password.clear()
        super().done(result)


def show_signing_settings(ctx: AppContext, parent: QWidget | None = None) -> SigningSettingsDialog:
    dialog = SigningSettingsDialog(ctx, parent)
    show_dialog(dialog)
    return dialog


def add_timestamp(
    ctx: AppContext, revision_id: str, parent: QWidget | None = None, on_done: Any = None
) -> int:
    """«Legg til tidsstempel»: validation data and a document timestamp on the stored signed PDF (the
    record only grows; every signature stays valid). The outcome or the reason is shown in a notice."""
    tsa = session_tsa(ctx)

    def done(outcome: Any) -> None:
        show_notice(parent, _("Tidsstempel lagt til"), signed_notice(outcome))
        if on_done is not None:
            on_done(True)

    def failed(e: BaseException) -> None:
        show_notice(parent, _("Tidsstempelet ble ikke lagt til"), error_text(e))
        if on_done is not None:
            on_done(False)

    return ctx.op(lambda s: s.signing.timestamp(revision_id, tsa=tsa), on_done=done, on_error=failed, report=False)
