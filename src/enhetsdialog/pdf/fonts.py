"""The fonts every PDF is drawn with: DejaVu Sans, shipped in the package and always embedded.

PDF/A forbids fonts that are not embedded, so the standard fonts (Helvetica, Times, Courier) are never
used: every canvas starts with DejaVu Sans (``initialFontName``) and every style names it. The font
files are read with importlib.resources, so this works from a wheel, a zip or a frozen build.
Registration with ReportLab is global to the process, so it is done once and is idempotent.
"""

from __future__ import annotations

import io
import threading
from importlib.resources import files

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "EnhetsdialogSans"
BOLD = "EnhetsdialogSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def font_bytes(filename: str) -> bytes:
    """The bytes of a font file shipped in ``enhetsdialog/resources/fonts``."""
    return files("enhetsdialog").joinpath("resources", "fonts", filename).read_bytes()


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with ReportLab under our own names, once."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(font_bytes(filename))))
        # <b> inside our own (never the user's) paragraph markup selects the bold face.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True
