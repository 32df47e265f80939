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

from enhetsdialog.ui.dialogs import show_dialog
from enhetsdialog.ui.documents import LAST_FOLDER, suggested_name

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext


def _folder(ctx: AppContext) -> Path:
    last = ctx.settings.value(LAST_FOLDER)
    return Path(last) if isinstance(last, str) and last and Path(last).is_dir() else Path.home()


def _write_report(s: Services, revision_id: str, path: Path, fmt: str) -> tuple[Path, int]:
    from enhetsdialog.services.files import write_atomic

    data = s.reports.year_report_bytes(revision_id, fmt)
    try:
        write_atomic(path, data)
    except OSError as e:
        raise EnhetsdialogError(_("Kan ikke skrive «{path}»: {reason}.", path=str(path), reason=e.strerror or str(e))) from e
    return path, len(data)


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
            parent, _("Lag årsrapport"), str(_folder(ctx) / name),
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

    def done(result: tuple[Path, int]) -> None:
        ctx.settings.setValue(LAST_FOLDER, str(result[0].parent))
        if on_done is not None:
            on_done(result)
            return
        from enhetsdialog.ui.director.packages import MessageDialog

        show_dialog(MessageDialog(parent, _("Årsrapporten er lagret"), _(
            "Årsrapporten er lagret i «{path}» ({size} kB).", path=str(result[0]), size=max(1, result[1] // 1024))))

    ctx.query(lambda s: _write_report(s, revision_id, target, fmt), on_done=done)
    return True
