"""«Smartkort / token» in the signing dialog: the PKCS#11 module (a setting, with the usual module
locations offered when they exist here), the cards it sees, the certificates on the chosen card (read
without the PIN) and the PIN field.

Everything that talks to the card runs on the worker through the signing settings service; the panel
only shows what comes back. The PIN is read from the field when signing and cleared right after; it
is never stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from enhetsdialog.i18n import _

from enhetsdialog.ui.context import error_text

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext


class TokenPanel(QWidget):
    """Module, card, key and PIN. ``changed`` when the module, card or key changes; ``problem(str)``
    when the card cannot be read (one line for the dialog to show)."""

    changed = Signal()
    problem = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tokens: list[Any] = []
        self.keys: list[Any] = []
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)

        module_row = QHBoxLayout()
        self.module = QComboBox()
        self.module.setEditable(True)
        self.module.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.module.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.module.setAccessibleName(_("PKCS#11-modul for smartkortet"))
        line = self.module.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Mellomvaren til kortet, f.eks. opensc-pkcs11.so"))
        self.browse_button = QPushButton(_("Velg modul …"))
        self.browse_button.clicked.connect(self._browse)
        module_row.addWidget(self.module, 1)
        module_row.addWidget(self.browse_button)
        label = QLabel(_("&Modul"))
        label.setBuddy(self.module)
        form.addRow(label, module_row)

        token_row = QHBoxLayout()
        self.token = QComboBox()
        self.token.setAccessibleName(_("Smartkort"))
        self.token.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.refresh_button = QPushButton(_("Oppdater"))
        self.refresh_button.setToolTip(_("Se etter kort på nytt (etter at et kort er satt inn)"))
        self.refresh_button.clicked.connect(self.refresh)
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.refresh_button)
        label = QLabel(_("&Kort"))
        label.setBuddy(self.token)
        form.addRow(label, token_row)

        self.key = QComboBox()
        self.key.setAccessibleName(_("Sertifikat på kortet"))
        label = QLabel(_("Sert&ifikat"))
        label.setBuddy(self.key)
        form.addRow(label, self.key)

        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName(_("PIN-kode for smartkortet"))
        self.pin.setPlaceholderText(_("PIN-koden lagres ikke (tom: tast den på kortleseren)"))
        label = QLabel(_("&PIN"))
        label.setBuddy(self.pin)
        form.addRow(label, self.pin)

        self.module.currentTextChanged.connect(self._module_changed)
        self.token.currentIndexChanged.connect(self._token_changed)
        self.key.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._fill_modules()

    # --- values ----------------------------------------------------------------------------------------

    def module_path(self) -> str:
        return self.module.currentText().strip()

    def token_label(self) -> str | None:
        i = self.token.currentIndex()
        return self.tokens[i].label if 0 <= i < len(self.tokens) else None

    def key_label(self) -> str | None:
        i = self.key.currentIndex()
        return self.keys[i].label if 0 <= i < len(self.keys) and self.keys[i].label else None

    def selection(self) -> tuple[str, str | None, str | None]:
        return self.module_path(), self.token_label(), self.key_label()

    def take_pin(self) -> str | None:
        """The PIN typed (None: use the reader's PIN pad), and the field cleared."""
        pin = self.pin.text()
        self.pin.clear()
        return pin or None

    def set_busy(self, busy: bool) -> None:
        for w in (self.module, self.browse_button, self.token, self.refresh_button, self.key, self.pin):
            w.setEnabled(not busy)

    # --- filling ---------------------------------------------------------------------------------------

    def _fill_modules(self) -> None:
        choice = self.ctx.read(lambda s: s.signing.settings.token_choice())
        found = self.ctx.read(lambda s: s.signing.settings.known_modules(), [])
        for vendor, path in found:
            self.module.addItem(path)
            self.module.setItemData(self.module.count() - 1, vendor)
        self._wanted_token = choice.token if choice is not None else ""
        self._wanted_key = choice.key if choice is not None else ""
        if choice is not None and choice.module:
            self.set_module(choice.module)
        elif found:
            self.module.setCurrentIndex(0)

    def set_module(self, path: str) -> None:
        if self.module.findText(path) < 0:
            self.module.addItem(path)
        self.module.setCurrentIndex(self.module.findText(path))
        self.module.setEditText(path)

    def _browse(self) -> None:
        start = self.module_path() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Velg PKCS#11-modulen"), start, _("PKCS#11-moduler (*.so *.dll *.dylib);;Alle filer (*)")
        )
        if path:
            self.set_module(path)

    def _module_changed(self, _text: str) -> None:
        self.tokens, self.keys = [], []
        self.token.clear()
        self.key.clear()
        self.changed.emit()
        if self.module_path() and Path(self.module_path()).expanduser().is_file():
            self.refresh()

    def refresh(self) -> None:
        module = self.module_path()
        if not module:
            self.problem.emit(_("Velg PKCS#11-modulen til smartkortet først."))
            return
        self.ctx.query(
            lambda s: s.signing.settings.tokens(module),
            on_done=self._show_tokens,
            on_error=lambda e: self._failed(e),
            report=False,
        )

    def _failed(self, e: BaseException) -> None:
        self.problem.emit(error_text(e))

    def _show_tokens(self, tokens: list[Any]) -> None:
        self.tokens = list(tokens)
        self.token.blockSignals(True)
        self.token.clear()
        for t in self.tokens:
            extra = _(" (PIN sperret)") if t.pin_locked else ""
            self.token.addItem(f"{t.label} – {t.manufacturer} {t.model}".strip() + extra)
        wanted = next((i for i, t in enumerate(self.tokens) if t.label == self._wanted_token), 0)
        self.token.setCurrentIndex(wanted if self.tokens else -1)
        self.token.blockSignals(False)
        if not self.tokens:
            self.problem.emit(_("Ingen smartkort er satt inn (eller kortleseren er ikke koblet til)."))
        self._token_changed(self.token.currentIndex())

    def _token_changed(self, _index: int) -> None:
        self.keys = []
        self.key.clear()
        self.changed.emit()
        module, token = self.module_path(), self.token_label()
        if token is None:
            return
        self.ctx.query(
            lambda s: s.signing.settings.token_keys(module, token),
            on_done=self._show_keys,
            on_error=lambda e: self._failed(e),
            report=False,
        )

    def _show_keys(self, keys: list[Any]) -> None:
        self.keys = list(keys)
        self.key.blockSignals(True)
        self.key.clear()
        for k in self.keys:
            cert = k.certificate
            who = cert.common_name if cert is not None else "?"
            purpose = _("signering") if k.for_signing else _("annet bruk")
            self.key.addItem(f"{who} – {k.label or k.key_id} ({purpose})")
        wanted = next((i for i, k in enumerate(self.keys) if k.label == self._wanted_key), None)
        if wanted is None:
            wanted = next((i for i, k in enumerate(self.keys) if k.for_signing), 0)
        self.key.setCurrentIndex(wanted if self.keys else -1)
        self.key.blockSignals(False)
        if not self.keys:
            self.problem.emit(_("Kortet har ikke noe sertifikat å signere med."))
        self.changed.emit()
