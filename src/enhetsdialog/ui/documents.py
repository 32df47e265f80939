"""A PDF of any agreement without archiving it: «Lagre som PDF …» and «Skriv ut …».

The PDF is the one the services give (``SigningService.pdf``): the stored signed record exactly as it
is stored when there is one, otherwise a freshly rendered PDF/A (marked UTKAST before «Enighet»),
with the meeting notes and remarks as appendices. Nothing about the agreement changes: its status
stays as it is (the archive export is the only way to «Arkivert»).

Printing puts exactly that PDF on paper: each page is rasterised with PDFium (``pypdfium2``, a 4 MB
wheel, loaded only when something is printed; QtPdf would mean PySide6-Addons, 175 MB) at the
printer's resolution and painted on the QPrinter's pages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import _
from enhetsdialog.services.files import write_atomic

from enhetsdialog.ui.dialogs import MessageDialog, show_dialog
from enhetsdialog.ui.widgets.dialog_parts import last_folder

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext

LAST_FOLDER = "documents/last_folder"
MAX_PRINT_DPI = 300  # enough for text on paper; a 1200 dpi page would be 140 MB as an image


def suggested_name(ctx: AppContext, revision_id: str) -> str:
    """``Lade-skole-2027-rev1.pdf``."""
    full = ctx.read(lambda s: s.agreements.get(revision_id))
    if full is None:
        return "enhetsavtale.pdf"
    safe = "-".join("".join(c if c.isalnum() else " " for c in full.unit.name).split()) or "avtale"
    return f"{safe}-{full.revision.year}-rev{full.revision.number}.pdf"


def folder(ctx: AppContext) -> Path:
    """Where the file dialogs for documents start: the folder last saved to, else the home folder."""
    return last_folder(ctx.settings, LAST_FOLDER)


def write_file(path: Path, data: bytes) -> tuple[Path, int]:
    """Write ``data`` to ``path`` whole or not at all (on the worker); the path and the size written."""
    try:
        write_atomic(path, data)
    except OSError as e:
        raise EnhetsdialogError(_("Kan ikke skrive «{path}»: {reason}.", path=str(path),
                                  reason=e.strerror or str(e))) from e
    return path, len(data)


def save_on_worker(ctx: AppContext, target: Path, make: Callable[[Services], bytes],
                   on_done: Callable[[tuple[Path, int]], None]) -> None:
    """Make a document on the worker and write it to ``target``; then remember its folder and hand the
    path and the size written to ``on_done``."""

    def done(result: tuple[Path, int]) -> None:
        ctx.settings.setValue(LAST_FOLDER, str(result[0].parent))
        on_done(result)

    ctx.query(lambda s: write_file(target, make(s)), on_done=done)


def kilobytes(size: int) -> int:
    """A file's size as the notes say it (at least 1 kB)."""
    return max(1, size // 1024)


def save_pdf(
    ctx: AppContext,
    revision_id: str,
    parent: QWidget | None = None,
    *,
    path: Path | str | None = None,
    on_done: Callable[[tuple[Path, int]], None] | None = None,
) -> bool:
    """Write the agreement's PDF to a file the user chooses (``path`` skips the question)."""
    if path is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, _("Lagre som PDF"), str(folder(ctx) / suggested_name(ctx, revision_id)), _("PDF (*.pdf)")
        )
        if not chosen:
            return False
        path = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"

    def saved(result: tuple[Path, int]) -> None:
        show_dialog(MessageDialog(parent, _("PDF-en er lagret"), _(
            "Avtalen er lagret i «{path}» ({size} kB). Statusen er ikke endret.",
            path=str(result[0]), size=kilobytes(result[1]))))

    save_on_worker(ctx, Path(path), lambda s: s.signing.pdf(revision_id), on_done or saved)
    return True


# --- printing ------------------------------------------------------------------------------------------


def print_agreement(
    ctx: AppContext,
    revision_id: str,
    parent: QWidget | None = None,
    *,
    printer: QPrinter | None = None,
    on_done: Callable[[int], None] | None = None,
) -> bool:
    """Print the agreement's PDF. Asks for the printer (QPrintDialog) unless ``printer`` is given."""
    # lazy: Qt's print support loads only when the user prints
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    def start(chosen: QPrinter) -> None:
        # on the worker: PDFium and QPainter on a QPrinter work off the GUI thread (a page takes ~0.6 s)
        ctx.query(lambda s: print_pdf(s.signing.pdf(revision_id), chosen),
                  on_done=lambda pages: on_done(pages) if on_done is not None else None)

    if printer is not None:
        start(printer)
        return True
    chosen = QPrinter(QPrinter.PrinterMode.HighResolution)
    chosen.setDocName(suggested_name(ctx, revision_id))
    dialog = QPrintDialog(chosen, parent)
    dialog.setWindowTitle(_("Skriv ut avtalen"))
    dialog.accepted.connect(lambda: start(chosen))
    dialog.finished.connect(dialog.deleteLater)
    QDialog.open(dialog)  # window-modal, returns at once (QPrintDialog.open needs a receiver)
    return True


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Paint every page of the PDF ``data`` on ``printer``, scaled to fit its page; returns the count."""
    import pypdfium2  # loaded on first print only

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        raise EnhetsdialogError(_("PDF-en kan ikke leses for utskrift ({reason}).", reason=str(e))) from e
    dpi = min(MAX_PRINT_DPI, max(72, printer.resolution()))
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise EnhetsdialogError(_("Skriveren kan ikke brukes akkurat nå."))
    try:
        for n in range(len(document)):
            if n:
                printer.newPage()
            page = document[n]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True, draw_annots=True,
                                 optimize_mode="print")
            image = _image(bitmap)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
            bitmap.close()
            page.close()
        return len(document)
    finally:
        painter.end()
        document.close()


def _image(bitmap: Any) -> QImage:
    """A pypdfium2 PdfBitmap (RGBx, 4 bytes a pixel) as a QImage that owns its pixels."""
    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
    return image.copy()  # own the pixels before PDFium frees its buffer
