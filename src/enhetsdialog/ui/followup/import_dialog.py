"""«Importer målinger …»: measured values from a CSV file, with a preview first.

The file is read and checked on the worker (``preview_measurements_csv``: every row, nothing
written). The dialog shows the rows it found, or the one line that refuses the file with its row
number and reason; «Importer» is offered only when every row can be used, and the import itself
checks again, all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.domain.rules import format_grouped
from enhetsdialog.i18n import N_, _, ngettext
from enhetsdialog.services.measurement_csv import CsvPreview, PreviewRow

from enhetsdialog.ui import theme
from enhetsdialog.ui.dialogs import show_dialog
from enhetsdialog.ui.models.rows import RowTableModel
from enhetsdialog.ui.widgets.dialog_parts import record_table

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

FOLDER_KEY = "followup/csv_folder"
MAX_FILE_BYTES = 20 * 1024 * 1024


class PreviewModel(RowTableModel[PreviewRow]):
    """The rows as they will be recorded: line, indicator, period, value, comment, and the value it
    replaces (the same period measured before)."""

    TITLES = (N_("Linje"), N_("Indikator"), N_("Periode"), N_("Verdi"), N_("Kommentar"), N_("Erstatter"))
    NUMBERS = (0, 3, 5)

    def cell(self, r: PreviewRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (str(r.row), r.indicator_name, r.period.label, format_grouped(r.value), r.comment,
                format_grouped(r.replaces))[col]


class ImportPreviewDialog(QDialog):
    """The preview of one file. ``preview``: the service's preview, or None with ``error`` (the
    line that refuses the file)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, path: Path, data: bytes, revision_id: str | None,
                 preview: CsvPreview | None = None, error: str = "") -> None:
        super().__init__(parent)
        self.ctx, self.data, self.revision_id = ctx, data, revision_id
        self.setWindowTitle(_("Importer målinger"))
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Fil: {name}", name=path.name), self))
        rows = list(preview.rows) if preview is not None else []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = record_table(PreviewModel(self, rows), _("Radene i filen"), single=False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button: QPushButton = self.buttons.addButton(_("Importer"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setProperty("role", "primary")
        cancel = self.buttons.addButton(_("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.error = error
        if error:
            layout.insertStretch(layout.indexOf(self.buttons), 1)  # the line at the top, not spread out
            self.summary.setText(error)
            self.summary.setStyleSheet(f"QLabel {{ {theme.chip_css(theme.ERROR, radius=6, pad='6px 8px')} }}")
            self.table.hide()
            self.import_button.setEnabled(False)
            self.import_button.hide()
            cancel.setText(_("Lukk"))
            self.resize(720, 200)
            return
        else:
            text = ngettext("{n} måling er klar til å importeres.", "{n} målinger er klare til å importeres.", len(rows))
            replaced = preview.replaced if preview is not None else 0
            if replaced:
                text += " " + ngettext("{n} av dem erstatter en verdi som er ført før.",
                                       "{n} av dem erstatter verdier som er ført før.", replaced)
            self.summary.setText(text + " " + _("Ingenting er lagret ennå."))
            self.import_button.setEnabled(bool(rows))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.resize(820, 420)

    def _import(self) -> None:
        if not self.import_button.isEnabled():
            return
        self.import_button.setEnabled(False)
        data, rid = self.data, self.revision_id

        def failed(e: BaseException) -> None:
            self.summary.setText(str(e))
            self.summary.setStyleSheet(f"QLabel {{ {theme.chip_css(theme.ERROR, radius=6, pad='6px 8px')} }}")

        self.ctx.op(lambda s: s.followup.import_measurements_csv(data, rid), on_done=lambda _r: self.accept(),
                    on_error=failed, report=False)


def open_preview(ctx: AppContext, parent: QWidget | None, path: Path, revision_id: str | None,
                 on_shown: Callable[[ImportPreviewDialog], None] | None = None) -> None:
    """Read ``path``, check it on the worker without writing, and show the preview."""

    def show(dialog: ImportPreviewDialog) -> None:
        show_dialog(dialog)
        if on_shown is not None:
            on_shown(dialog)

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise OSError(_("Filen er for stor til å være en tabell med målinger."))
        data = path.read_bytes()
    except OSError as e:
        show(ImportPreviewDialog(ctx, parent, path, b"", revision_id,
                                 error=_("Kunne ikke lese filen: {reason}", reason=e.strerror or str(e))))
        return

    def refused(e: BaseException) -> None:
        if isinstance(e, EnhetsdialogError):
            show(ImportPreviewDialog(ctx, parent, path, data, revision_id, None, str(e)))

    ctx.query(lambda s: s.followup.preview_measurements_csv(data, revision_id),
              on_done=lambda preview: show(ImportPreviewDialog(ctx, parent, path, data, revision_id, preview)),
              on_error=refused, report=False)


def choose_and_import(ctx: AppContext, parent: QWidget | None, revision_id: str | None) -> None:
    folder = ctx.settings.value(FOLDER_KEY)
    start = folder if isinstance(folder, str) and Path(folder).is_dir() else str(Path.home())
    chosen, _filter = QFileDialog.getOpenFileName(parent, _("Importer målinger"), start,
                                                  _("Målinger (*.csv);;Alle filer (*)"))
    if not chosen:
        return
    ctx.settings.setValue(FOLDER_KEY, str(Path(chosen).parent))
    open_preview(ctx, parent, Path(chosen), revision_id)
