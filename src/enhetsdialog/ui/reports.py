"""«Lag årsrapport …»: the current agreement's year report as a file the user chooses. The format
follows the extension (.pdf – the default –, .csv or .json; services/year_report.py ``format_of``);
an unknown extension is refused with one line before anything is written. The report is made on
the worker (the PDF takes a moment); nothing in the database changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import _
from enhetsdialog.services.year_report import format_of

from enhetsdialog.ui.dialogs import MessageDialog, show_dialog
from enhetsdialog.ui.documents import folder, kilobytes, save_on_worker, suggested_name

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext


def save_year_report(
    ctx: AppContext,
    revision_id: str,
    parent: QWidget | None = None,
    *,
    path: Path | str | None = None,
    on_done: Callable[[tuple[Path, int]], None] | None = None,
) -> bool:
    """Ask where to save the year report (``path`` skips the question) and write it there."""
    if path is None:
        name = suggested_name(ctx, revision_id).removesuffix(".pdf") + "-arsrapport.pdf"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            parent, _("Lag årsrapport"), str(folder(ctx) / name),
            ";;".join((_("PDF (*.pdf)"), _("CSV for regneark (*.csv)"), _("JSON (*.json)"))),
        )
        if not chosen:
            return False
        if not Path(chosen).suffix:
            chosen += ".csv" if "csv" in chosen_filter else ".json" if "json" in chosen_filter else ".pdf"
        path = chosen
    target = Path(path)
    try:
        fmt = format_of(target)
    except EnhetsdialogError as e:
        ctx.report(e)
        return False

    def saved(result: tuple[Path, int]) -> None:
        show_dialog(MessageDialog(parent, _("Årsrapporten er lagret"), _(
            "Årsrapporten er lagret i «{path}» ({size} kB).", path=str(result[0]), size=kilobytes(result[1]))))

    save_on_worker(ctx, target, lambda s: s.reports.year_report_bytes(revision_id, fmt), on_done or saved)
    return True
