"""Archive export in two steps: *Kontroller* checks every signed agreement of the year on the worker
(``services.archive.check``: signatures, PDF/A-2) and lists the result per agreement; *Arkiver …*
asks before anything is marked, then writes the delivery (``services.archive.write``) and shows the
report. Nothing gets the status «Arkivert» before the user has said yes and every file is in place.

Keyboard: Alt+Å year, Alt+M folder, Alt+K check, Alt+A archive; the table takes focus and the
selected agreement's findings show below it; Esc closes (not while a step runs).

Hosting::

    from enhetsdialog.ui.archive_dialog import show_archive_dialog
    archive_action.triggered.connect(lambda: show_archive_dialog(ctx, self))
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QWidget,
)

from enhetsdialog.domain.enums import Status
from enhetsdialog.i18n import N_, _, ngettext

from enhetsdialog.ui import theme
from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.models.rows import RowTableModel
from enhetsdialog.ui.widgets.dialog_parts import (
    buddy_label,
    busy_bar,
    button_row,
    dialog_layout,
    field_row,
    guide_label,
    record_table,
)

if TYPE_CHECKING:
    from enhetsdialog.services.archive import ArchivePlan, ArchiveReport, RecordCheck

    from enhetsdialog.ui.context import AppContext

LAST_DIRECTORY = "archive/last_directory"


def verdict(r: RecordCheck) -> str:
    if r.delivered:
        return _("Levert før, uendret")
    if not r.ok:
        return _("Arkiveres ikke: {reason}", reason=r.problems[0])
    return _("Kan arkiveres") if r.status is Status.SIGNERT else _("Kan leveres på nytt")


class ArchiveChecksModel(RowTableModel["RecordCheck"]):
    """The plan's agreements: unit, revision, status now, the checks' verdict, the PDF/A claimed."""

    TITLES = (N_("Enhet"), N_("Revisjon"), N_("Status nå"), N_("Kontroll"), N_("Format"))

    def cell(self, r: RecordCheck, col: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            mark = "" if role == Qt.ItemDataRole.AccessibleTextRole else ("✓ " if r.ok else "✗ ")
            return (r.unit, str(r.number), r.status.label, mark + verdict(r), r.pdfa or "–")[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([*r.problems, *r.warnings]) or verdict(r)
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QBrush(QColor(theme.RESULTAT.fg if r.ok else theme.ERROR.fg))
        return None


class ArchiveDialog(QDialog):
    """Emits ``checked(ArchivePlan)`` after the checks and ``exported(ArchiveReport)`` when written."""

    checked = Signal(object)
    exported = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, year: int | None = None,
                 directory: Path | str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: ArchivePlan | None = None
        self.report: ArchiveReport | None = None
        self._busy = False
        # asks before anything is marked arkivert; tests answer it themselves
        self.confirm: Callable[[str], bool] = self._ask
        layout = dialog_layout(self, _("Eksporter til arkivet"), width=720, spacing=10)
        layout.addWidget(guide_label(_(
            "Kontroller først: hver signerte avtale for året blir sjekket (begge signaturene, PDF/A-2). "
            "Deretter arkiverer du dem som besto: de skrives som arkivmeldinger (KS Fiks Arkiv) med PDF og "
            "avtale.json til mappen, og får status «Arkivert» først når alle filene er på plass."
        )))
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year or self._default_year())
        self.year.setAccessibleName(_("År"))
        self.directory = QLineEdit(str(directory) if directory else self._default_directory())
        self.directory.setAccessibleName(_("Mappe"))
        browse = QPushButton(_("Velg mappe …"))
        browse.clicked.connect(self._browse)
        form.addRow(buddy_label(_("&År"), self.year), self.year)
        form.addRow(buddy_label(_("&Mappe"), self.directory), field_row(self.directory, browse))
        layout.addLayout(form)
        self.progress = busy_bar()
        layout.addWidget(self.progress)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.hide()
        layout.addWidget(self.summary)
        self.model = ArchiveChecksModel(self)
        self.table = record_table(self.model, _("Avtalene og kontrollen av dem"))
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        layout.addWidget(self.table, 2)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(_("Resultat"))
        self.details.setPlaceholderText(_("Velg Kontroller for å se hva som kan arkiveres."))
        layout.addWidget(self.details, 1)
        self.open_folder_button = QPushButton(_("Åpne mappen"))
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self._open_folder)
        self.close_button = QPushButton(_("Lukk"))
        self.close_button.clicked.connect(self.reject)
        self.check_button = QPushButton(_("&Kontroller"))
        self.check_button.clicked.connect(self.check)
        self.archive_button = QPushButton(_("&Arkiver …"))
        self.archive_button.setProperty("role", "primary")
        self.archive_button.setEnabled(False)
        self.archive_button.clicked.connect(self.archive)
        layout.addLayout(button_row(self.close_button, self.check_button, self.archive_button,
                                    left=(self.open_folder_button,)))
        self.check_button.setDefault(True)
        self.year.valueChanged.connect(self._forget_plan)
        self.directory.textChanged.connect(self._forget_plan)

    # --- defaults -----------------------------------------------------------------------------------

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
        return str(Path.home() / _("Arkiv"))

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Velg mappe for arkivet"), self.directory.text())
        if path:
            self.directory.setText(path)

    # --- step 1: check ------------------------------------------------------------------------------------

    def check(self) -> None:
        if self._busy:
            return
        year, directory = self.year.value(), self.directory.text().strip()
        if not directory:
            self.details.setHtml(escape(_("Velg en mappe først.")))
            return
        self._start(_("Kontrollerer avtalene for {year} …", year=year))
        self.ctx.query(lambda s: s.archive.check(year, Path(directory)), on_done=self._checked, on_error=self._failed,
                       report=False)

    def _checked(self, plan: ArchivePlan) -> None:
        self._finish()
        self.plan = plan
        self.model.set_rows(plan.records)
        self.table.resizeColumnsToContents()
        self.summary.setText(self._summary(plan))
        self.summary.show()
        self.details.setHtml(escape(_("Velg en avtale i tabellen for å se hva kontrollen fant.")))
        self.archive_button.setEnabled(any(r.ok and not r.delivered for r in plan.records))
        if self.archive_button.isEnabled():
            self.archive_button.setDefault(True)
        if plan.records:
            self.table.setFocus()
        self.checked.emit(plan)

    @staticmethod
    def _summary(plan: ArchivePlan) -> str:
        new, refused = len(plan.to_archive), len(plan.refused)
        kept = sum(r.delivered for r in plan.records)
        lines = [ngettext("{n} avtale kan arkiveres nå.", "{n} avtaler kan arkiveres nå.", new)]
        if kept:
            lines.append(ngettext("{n} er levert til mappen før og er uendret.", "{n} er levert til mappen før og er uendret.", kept))
        if refused:
            lines.append(ngettext("{n} avtale besto ikke kontrollen og blir ikke arkivert.",
                                  "{n} avtaler besto ikke kontrollen og blir ikke arkivert.", refused))
        if plan.uses_default_settings:
            lines.append(_("Arkivdel og klassifikasjon er standardverdiene (se «enhetsdialog archive-settings»)."))
        return "<p>" + "<br>".join(escape(line) for line in lines) + "</p>"

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        r = self.model.row_at(current.row())
        if r is None:
            return
        head = f"<p><b>{escape(r.unit)}</b>, {escape(_('revisjon {n}', n=r.number))}: {escape(verdict(r))}</p>"
        items = [f"<li style='color:{theme.ERROR.fg}'>{escape(p)}</li>" for p in r.problems]
        items += [f"<li>{escape(w)}</li>" for w in r.warnings]
        self.details.setHtml(head + (f"<ul>{''.join(items)}</ul>" if items else ""))

    def _forget_plan(self) -> None:
        if self.plan is not None and not self._busy:
            self.plan = None
            self.archive_button.setEnabled(False)
            self.check_button.setDefault(True)
            self.summary.setText(escape(_("Året eller mappen er endret: kontroller på nytt.")))

    # --- step 2: archive ----------------------------------------------------------------------------------

    def archive(self) -> None:
        plan = self.plan
        if self._busy or plan is None:
            return
        n = len(plan.to_archive)
        question = ngettext(
            "{n} avtale blir skrevet til «{dir}» og får status «Arkivert».",
            "{n} avtaler blir skrevet til «{dir}» og får status «Arkivert».", n, dir=plan.directory,
        )  # fmt: skip
        if plan.refused:
            question += " " + ngettext("{n} avtale står over fordi kontrollen fant feil.",
                                       "{n} avtaler står over fordi kontrollen fant feil.", len(plan.refused))
        if not self.confirm(question + " " + _("Vil du arkivere nå?")):
            return
        self._start(_("Skriver arkivet …"))
        self.ctx.op(lambda s: s.archive.write(plan), on_done=self._done, on_error=self._failed, report=False)

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("Arkivere?"), text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _done(self, report: ArchiveReport) -> None:
        self._finish()
        self.report = report
        self.plan = None
        self.archive_button.setEnabled(False)
        self.ctx.settings.setValue(LAST_DIRECTORY, str(report.directory))  # the context broadcast report.changes
        self.details.setHtml(report_html(report))
        self.open_folder_button.setEnabled(True)
        self.exported.emit(report)

    # --- shared -------------------------------------------------------------------------------------------

    def _start(self, text: str) -> None:
        self._busy = True
        self.progress.show()
        for b in (self.check_button, self.archive_button, self.close_button):
            b.setEnabled(False)
        self.details.setHtml(escape(text))

    def _finish(self) -> None:
        self._busy = False
        self.progress.hide()
        self.check_button.setEnabled(True)
        self.close_button.setEnabled(True)

    def _failed(self, e: BaseException) -> None:
        self._finish()
        self.archive_button.setEnabled(self.plan is not None)
        self.details.setHtml(f"<p style='color:{theme.ERROR.fg}'>{escape(error_text(e))}</p>")

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


def report_html(report: ArchiveReport) -> str:
    n = len(report.documents)
    head = ngettext("{n} avtale er levert til {dir}.", "{n} avtaler er levert til {dir}.", n, dir=report.directory)
    lines = [ngettext("{n} avtale fikk status «Arkivert» nå.", "{n} avtaler fikk status «Arkivert» nå.", report.newly_archived),
             _("Hver avtale har en mappe med arkivmelding.xml, PDF-en og avtale.json; manifest-sha256.txt har sjekksummene.")]
    parts = [f"<p><b>{escape(head)}</b><br>" + "<br>".join(escape(x) for x in lines) + "</p>"]
    if report.skipped:
        parts.append("<p><b>" + escape(_("Ikke arkivert")) + "</b><br>"
                     + "<br>".join(f"✗ {escape(s)}" for s in report.skipped) + "</p>")
    if report.notes:
        parts.append("<p>" + "<br>".join(escape(x) for x in report.notes) + "</p>")
    return "".join(parts)


def show_archive_dialog(ctx: AppContext, parent: QWidget | None = None) -> ArchiveDialog:
    """Open the archive dialog window-modally (``open()``); it is deleted when closed."""
    dialog = ArchiveDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
