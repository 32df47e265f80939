"""Archive export: choose a year and a folder, run ``services.archive.export`` on the worker (every
signed agreement of the year is verified and written as PDF/A with its metadata), and read the
report: documents written, agreements skipped and why, how many became ``arkivert``.

Hosting::

    from enhetsdialog.ui.archive_dialog import show_archive_dialog
    archive_action.triggered.connect(lambda: show_archive_dialog(ctx, self))
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Status

from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.i18n import tr

if TYPE_CHECKING:
    from enhetsdialog.services.archive import ArchiveReport

    from enhetsdialog.ui.context import AppContext

LAST_DIRECTORY = "archive/last_directory"


def report_html(report: ArchiveReport) -> str:
    n = len(report.documents)
    head = tr("1 dokument er skrevet til {dir}.", dir=report.directory) if n == 1 else tr(
        "{n} dokumenter er skrevet til {dir}.", n=n, dir=report.directory)
    parts = [f"<p><b>{escape(head)}</b><br>"
             + escape(tr("{n} avtaler fikk status «Arkivert» nå.", n=report.newly_archived) if report.newly_archived != 1
                      else tr("1 avtale fikk status «Arkivert» nå."))
             + "<br>" + escape(tr("Hver PDF har en metadatafil (XML), og manifest-sha256.txt har sjekksummene.")) + "</p>"]
    if report.documents:
        parts.append("<p><b>" + escape(tr("Dokumenter")) + "</b><br>"
                     + "<br>".join(f"✓ {escape(d)}.pdf" for d in report.documents) + "</p>")
    if report.skipped:
        parts.append("<p><b>" + escape(tr("Ikke arkivert")) + "</b><br>"
                     + "<br>".join(f"✗ {escape(s)}" for s in report.skipped) + "</p>")
    return "".join(parts)


class ArchiveDialog(QDialog):
    """Emits ``exported(ArchiveReport)`` when the export is done."""

    exported = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, year: int | None = None,
                 directory: Path | str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: ArchiveReport | None = None
        self._busy = False
        self.setWindowTitle(tr("Eksporter til arkivet"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        intro = QLabel(tr(
            "Alle signerte avtaler for året blir kontrollert og skrevet som PDF/A med metadata til mappen du "
            "velger. Avtalene får status «Arkivert». Du kan kjøre eksporten på nytt; filene blir skrevet likt."
        ))
        intro.setWordWrap(True)
        intro.setProperty("role", "guide")
        layout.addWidget(intro)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year or self._default_year())
        self.year.setAccessibleName(tr("År"))
        dir_row = QHBoxLayout()
        self.directory = QLineEdit(str(directory) if directory else self._default_directory())
        self.directory.setAccessibleName(tr("Mappe"))
        browse = QPushButton(tr("Velg mappe …"))
        browse.clicked.connect(self._browse)
        dir_row.addWidget(self.directory, 1)
        dir_row.addWidget(browse)
        form.addRow(tr("&År"), self.year)
        dir_label = QLabel(tr("&Mappe"))
        dir_label.setBuddy(self.directory)
        form.addRow(dir_label, dir_row)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.report_view = QTextBrowser()
        self.report_view.setOpenLinks(False)
        self.report_view.setMinimumHeight(160)
        self.report_view.setPlaceholderText(tr("Rapporten fra eksporten vises her."))
        layout.addWidget(self.report_view, 1)
        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton(tr("Åpne mappen"))
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self._open_folder)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        self.close_button = QPushButton(tr("Lukk"))
        self.close_button.clicked.connect(self.reject)
        self.export_button = QPushButton(tr("Eksporter"))
        self.export_button.setProperty("role", "primary")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)

    def _default_year(self) -> int:
        rows = self.ctx.read(
            lambda s: s.agreements.list(statuses=[Status.SIGNERT, Status.ARKIVERT], latest_only=False), default=[]
        ) or []
        signed = [r.year for r in rows if r.status is Status.SIGNERT]
        if signed:
            return max(signed)
        return max((r.year for r in rows), default=date.today().year - 1)

    def _default_directory(self) -> str:
        last = self.ctx.settings.value(LAST_DIRECTORY)
        if isinstance(last, str) and last:
            return last
        return str(Path.home() / tr("Arkiv"))

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Velg mappe for arkivet"), self.directory.text())
        if path:
            self.directory.setText(path)

    def export(self) -> None:
        if self._busy:
            return
        year, directory = self.year.value(), self.directory.text().strip()
        if not directory:
            self.report_view.setHtml(escape(tr("Velg en mappe først.")))
            return
        self._busy = True
        self.progress.show()
        self.export_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.report_view.setHtml(escape(tr("Kontrollerer og skriver avtalene for {year} …", year=year)))
        self.ctx.op(lambda s: s.archive.export(year, Path(directory)), on_done=self._done, on_error=self._failed)

    def _finish(self) -> None:
        self._busy = False
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.close_button.setEnabled(True)

    def _done(self, report: ArchiveReport) -> None:
        self._finish()
        self.report = report
        self.ctx.settings.setValue(LAST_DIRECTORY, str(report.directory))  # the context broadcast report.changes
        self.report_view.setHtml(report_html(report))
        self.open_folder_button.setEnabled(True)
        self.exported.emit(report)

    def _failed(self, e: BaseException) -> None:
        self._finish()
        self.report_view.setHtml(f"<p style='color:#9B1C1C'>{escape(error_text(e))}</p>")

    def _open_folder(self) -> None:
        if self.report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.directory)))

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._busy:
            return
        super().keyPressEvent(event)


def show_archive_dialog(ctx: AppContext, parent: QWidget | None = None) -> ArchiveDialog:
    """Open the archive dialog window-modally (``open()``); it is deleted when closed."""
    dialog = ArchiveDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
