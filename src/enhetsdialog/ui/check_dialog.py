"""«Kontroller databasen»: the same check as ``enhetsdialog check`` (SQLite, triggers, every signed
PDF against its revision, statuses against proven signatures), run on the worker, findings listed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.i18n import _, ngettext

from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.dialogs import show_dialog

if TYPE_CHECKING:
    from enhetsdialog.services.integrity import CheckReport

    from enhetsdialog.ui.context import AppContext


class CheckDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: CheckReport | None = None
        self.setWindowTitle(_("Kontroller databasen"))
        self.setMinimumSize(640, 360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        self.title = QLabel(_("Kontrollerer databasen og hver signerte PDF …"))
        self.title.setProperty("role", "subtitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        layout.addWidget(self.progress)
        self.findings = QListWidget()
        self.findings.setAccessibleName(_("Funn i kontrollen"))
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings, 1)
        row = QHBoxLayout()
        self.again = QPushButton(_("Kontroller igjen"))
        self.again.clicked.connect(self.run)
        close = QPushButton(_("Lukk"))
        close.clicked.connect(self.accept)
        row.addWidget(self.again)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.run()

    def run(self) -> None:
        self.again.setEnabled(False)
        self.progress.show()
        self.findings.clear()
        self.ctx.query(lambda s: s.integrity.check(), on_done=self._done, on_error=self._failed, report=False)

    def _done(self, report: CheckReport) -> None:
        self.report = report
        self.progress.hide()
        self.again.setEnabled(True)
        if report.ok:
            self.title.setText(
                _(
                    "✓ Databasen er i orden: {revisions} revisjoner, {documents} signerte PDF-er kontrollert.",
                    revisions=report.revisions,
                    documents=report.documents,
                )
            )
            return
        self.title.setText(
            ngettext("✗ {n} feil funnet", "✗ {n} feil funnet", len(report.findings))
            + " – "
            + _("gjenopprett fra en sikkerhetskopi eller be om hjelp.")
        )
        for finding in report.findings:
            self.findings.addItem(finding)
        self.findings.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, e: BaseException) -> None:
        self.progress.hide()
        self.again.setEnabled(True)
        self.title.setText(error_text(e))


def show_check_dialog(ctx: AppContext, parent: QWidget | None = None) -> CheckDialog:
    dialog = CheckDialog(ctx, parent)
    show_dialog(dialog)
    return dialog
