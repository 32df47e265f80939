"""Checking a signed agreement PDF: open one (file dialog or drop it on the dialog), see the verdict
(valid and complete, valid but only one party has signed, or not valid with the reasons), the
signers, signing times, certificate subjects and issuers, whether each issuer is trusted, and the
content's fingerprint. Optional trust anchors (the municipality's CA certificates, PEM or DER) make
signatures from those issuers count as trusted.

Hosting::

    from enhetsdialog.ui.verify_dialog import show_verify_dialog
    verify_action.triggered.connect(lambda: show_verify_dialog(ctx, self))
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.canonical import short_fingerprint
from enhetsdialog.fileio import UserFileError, read_user_file
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui import theme
from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.dialogs import show_dialog
from enhetsdialog.ui.models.signatures import SignatureModel
from enhetsdialog.ui.widgets.dialog_parts import (
    busy_bar,
    button_row,
    close_button,
    dialog_layout,
    guide_label,
    record_table,
)

if TYPE_CHECKING:
    from enhetsdialog.pdf.verify import VerificationReport

    from enhetsdialog.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex

VERIFY_STYLE = f"""
QFrame#Verdict {{ border-radius: 10px; }}
QFrame#Verdict[state="ok"] {{ background: {theme.RESULTAT.bg}; border: 1px solid {theme.RESULTAT.border}; }}
QFrame#Verdict[state="partial"] {{ background: {theme.NUDGE.bg}; border: 1px solid {theme.NUDGE.border}; }}
QFrame#Verdict[state="bad"] {{ background: {theme.ERROR.bg}; border: 1px solid {theme.ERROR.border}; }}
QFrame#Verdict[state="none"] {{ background: {theme.SURFACE}; border: 1px dashed #B8C2CC; }}
QFrame#Verdict QLabel {{ background: transparent; }}
QFrame#Verdict[state="ok"] QLabel#VerdictTitle {{ color: {theme.RESULTAT.fg}; }}
QFrame#Verdict[state="partial"] QLabel#VerdictTitle {{ color: {theme.NUDGE.fg}; }}
QFrame#Verdict[state="bad"] QLabel#VerdictTitle {{ color: {theme.ERROR.fg}; }}
QLabel#VerdictTitle {{ font-size: 14pt; font-weight: 700; }}
"""


def is_pdf(path: str | Path) -> bool:
    return str(path).lower().endswith(".pdf")


class VerifyDialog(QDialog):
    """Open a PDF and verify it on the worker; drop a PDF on the dialog to verify it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: VerificationReport | None = None
        self.path: Path | None = None
        self._pdf: bytes | None = None
        self._trust: list[tuple[str, bytes]] = []
        self._busy = False
        self.setAcceptDrops(True)
        self.setStyleSheet(VERIFY_STYLE)
        layout = dialog_layout(self, _("Kontroller signert avtale"), width=760, height=520, top=16, spacing=10)

        top = QHBoxLayout()
        self.file_label = guide_label(_("Velg en signert PDF, eller slipp den her."))
        self.open_button = QPushButton(_("Åpne PDF …"))
        self.open_button.setProperty("role", "primary")
        self.open_button.clicked.connect(self.open_file)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.open_button)
        layout.addLayout(top)

        self.verdict = QFrame()
        self.verdict.setObjectName("Verdict")
        self.verdict.setProperty("state", "none")
        vl = QVBoxLayout(self.verdict)
        vl.setContentsMargins(16, 12, 16, 12)
        vl.setSpacing(4)
        self.verdict_title = QLabel(_("Ingen fil kontrollert ennå"))
        self.verdict_title.setObjectName("VerdictTitle")
        self.verdict_title.setWordWrap(True)
        self.verdict_text = QLabel()
        self.verdict_text.setWordWrap(True)
        self.verdict_text.setTextFormat(Qt.TextFormat.RichText)
        self.verdict_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        vl.addWidget(self.verdict_title)
        vl.addWidget(self.verdict_text)
        layout.addWidget(self.verdict)
        self.progress = busy_bar()
        layout.addWidget(self.progress)

        sig_title = QLabel(_("Signaturer"))
        sig_title.setProperty("role", "subtitle")
        layout.addWidget(sig_title)
        self.signatures = SignatureModel(self)
        self.table = record_table(self.signatures, _("Signaturene i dokumentet"), single=False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 100), (1, 140), (2, 90), (3, 125), (5, 110), (6, 70), (7, 75)):
            self.table.setColumnWidth(col, width)
        self.table.setMinimumHeight(100)
        layout.addWidget(self.table, 1)
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setProperty("role", "meta")
        layout.addWidget(self.fingerprint)

        trust_row = QHBoxLayout()
        trust_box = QVBoxLayout()
        trust_title = QLabel(_("Flere betrodde utstedere for denne kontrollen (valgfritt)"))
        trust_title.setProperty("role", "field")
        trust_hint = QLabel(_(
            "Kommunens betrodde utstedere brukes alltid. Når noen er kjent, må hver signatur komme fra en av dem."
        ))
        trust_hint.setProperty("role", "hint")
        trust_hint.setWordWrap(True)
        trust_box.addWidget(trust_title)
        trust_box.addWidget(trust_hint)
        self.trust_model = QStringListModel(self)
        self.trust_view = QListView()
        self.trust_view.setModel(self.trust_model)
        self.trust_view.setMaximumHeight(56)
        self.trust_view.setAccessibleName(_("Betrodde utstedere"))
        trust_box.addWidget(self.trust_view)
        trust_row.addLayout(trust_box, 1)
        trust_buttons = QVBoxLayout()
        self.add_trust_button = QPushButton(_("Legg til …"))
        self.add_trust_button.clicked.connect(self._add_trust_dialog)
        self.remove_trust_button = QPushButton(_("Fjern"))
        self.remove_trust_button.clicked.connect(self._remove_trust)
        self.manage_trust_button = QPushButton(_("Kommunens utstedere …"))
        self.manage_trust_button.clicked.connect(self._manage_trust)
        trust_buttons.addStretch(1)
        trust_buttons.addWidget(self.manage_trust_button)
        trust_buttons.addWidget(self.add_trust_button)
        trust_buttons.addWidget(self.remove_trust_button)
        trust_row.addLayout(trust_buttons)
        layout.addLayout(trust_row)

        layout.addLayout(button_row(close_button(self)))

    # --- files -----------------------------------------------------------------------------------------

    def open_file(self) -> None:
        if not self.isVisible():
            self.show()
        path, _selected = QFileDialog.getOpenFileName(self, _("Åpne signert avtale"), str(Path.home()), _("PDF (*.pdf)"))
        if path:
            self.verify_file(Path(path))

    def verify_file(self, path: Path | str) -> None:
        path = Path(path)
        try:
            data = read_user_file(path, max_bytes=200 * 1024 * 1024, what=N_("en PDF"))
        except UserFileError as e:
            self._show_error(str(e))
            return
        self.verify_bytes(data, path)

    def verify_bytes(self, pdf: bytes, path: Path | None = None) -> None:
        self.path, self._pdf = path, pdf
        self.file_label.setText(str(path) if path else _("Dokument"))
        self._run()

    def _run(self) -> None:
        if self._pdf is None:
            return
        pdf, trust = self._pdf, [data for _name, data in self._trust]
        self._busy = True
        self.progress.show()
        self.open_button.setEnabled(False)
        self.ctx.query(lambda s: s.signing.verify(pdf, trust), on_done=self._verified, on_error=self._failed)

    def _failed(self, e: BaseException) -> None:
        self._busy = False
        self.progress.hide()
        self.open_button.setEnabled(True)
        self._show_error(error_text(e))

    def _show_error(self, text: str) -> None:
        self.report = None
        self._state("bad")
        self.verdict_title.setText(_("Kunne ikke kontrolleres"))
        self.verdict_text.setText(text)
        self.signatures.set_rows([])
        self.fingerprint.setText("")

    # --- the report ---------------------------------------------------------------------------------------

    def _state(self, state: str) -> None:
        self.verdict.setProperty("state", state)
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        for child in self.verdict.findChildren(QLabel):
            child.style().unpolish(child)
            child.style().polish(child)

    def _verified(self, report: VerificationReport) -> None:
        self._busy = False
        self.progress.hide()
        self.open_button.setEnabled(True)
        self.report = report
        roles = [s.role for s in report.signatures if s.role is not None]
        who = _(" og ").join(r.label.lower() for r in roles)
        if report.ok and report.complete:
            self._state("ok")
            title = _("✓ Gyldig og komplett")
            lead = _("Signert av {who}. Dokumentet er ikke endret etter signeringen.", who=who)
        elif report.ok:
            self._state("partial")
            title = _("✓ Gyldig, men ikke komplett")
            lead = _("Bare {who} har signert. Dokumentet er ikke endret etter signeringen.", who=who or _("én part"))
        else:
            self._state("bad")
            title = _("✗ Ikke gyldig")
            lead = _("Dokumentet kan ikke stoles på:")
        lines = [escape(lead)]
        if report.reasons:
            lines.append("".join(f"• {escape(r)}<br>" for r in report.reasons).removesuffix("<br>"))
        if report.warnings:
            lines.append(
                f"<span style='color:{theme.NUDGE.fg}'>"
                + "<br>".join(f"⚠ {escape(w)}" for w in report.warnings)
                + "</span>"
            )
        self.verdict_title.setText(title)
        self.verdict_text.setText("<br>".join(lines))
        self.signatures.set_rows(report.signatures)
        self._show_fingerprint(report)

    def _show_fingerprint(self, report: VerificationReport) -> None:
        recorded, computed = report.embedded_fingerprint, report.computed_fingerprint
        if not recorded:
            self.fingerprint.setText(_("Dokumentet har ikke noe registrert fingeravtrykk for avtalens innhold."))
            self.fingerprint.setToolTip("")
            return
        match = _("stemmer med innholdet i dokumentet") if recorded == computed else _("stemmer IKKE med innholdet")
        self.fingerprint.setText(
            _("Fingeravtrykk for avtalens innhold: {short} ({match}). Fullt: {full}",
               short=short_fingerprint(recorded), match=match, full=recorded)
        )

    # --- trust anchors --------------------------------------------------------------------------------------

    def add_trust(self, path: Path | str) -> None:
        path = Path(path)
        try:
            data = read_user_file(path, max_bytes=1024 * 1024, what=N_("et sertifikat"))
        except UserFileError as e:
            self._show_error(str(e))
            return
        self._trust.append((path.name, data))
        self.trust_model.setStringList([name for name, _ in self._trust])
        self._run()

    def _add_trust_dialog(self) -> None:
        path, _selected = QFileDialog.getOpenFileName(
            self, _("Velg betrodd sertifikat"), str(Path.home()), _("Sertifikater (*.pem *.crt *.cer *.der);;Alle filer (*)")
        )
        if path:
            self.add_trust(path)

    def _manage_trust(self) -> None:
        # cold start: the trust store (cryptography) loads when the municipality's issuers are managed
        from enhetsdialog.ui.trust_dialog import TrustDialog

        dialog = TrustDialog(self.ctx, self)
        dialog.exec()
        self._run()

    def _remove_trust(self) -> None:
        row = self.trust_view.currentIndex().row()
        if 0 <= row < len(self._trust):
            del self._trust[row]
            self.trust_model.setStringList([name for name, _ in self._trust])
            self._run()

    # --- drop ---------------------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(u.isLocalFile() and is_pdf(u.toLocalFile()) for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        for u in event.mimeData().urls():
            if u.isLocalFile() and is_pdf(u.toLocalFile()):
                event.acceptProposedAction()
                self.verify_file(Path(u.toLocalFile()))
                return
        event.ignore()


def show_verify_dialog(ctx: AppContext, parent: QWidget | None = None, path: Path | str | None = None) -> VerifyDialog:
    """Open the verify dialog (non-modal, deleted when closed) and verify ``path``, or ask for a file."""
    dialog = VerifyDialog(ctx, parent)
    show_dialog(dialog)
    if path is not None:
        dialog.verify_file(path)
    else:
        dialog.open_file()
    return dialog
