"""The fonts every PDF is drawn with, all shipped in the package and always embedded.

PDF/A forbids fonts that are not embedded, so the standard fonts (Helvetica, Times, Courier) are never
used: every canvas starts with DejaVu Sans (``initialFontName``) and every style names it. The font
files are read with importlib.resources, so this works from a wheel, a zip or a frozen build.
Registration with ReportLab is global to the process, so it is done once and is idempotent.

The fallback chain, per character: DejaVu Sans (regular or bold: Latin with the Sámi letters,
Greek, Cyrillic, Hebrew, Arabic with its presentation forms, many symbols) → Noto Emoji (monochrome,
OFL) → U+FFFD "�" from DejaVu as a visible placeholder, reported by :func:`missing_characters`.
:func:`plain` says whether a text needs none of that (every character in DejaVu, none written
right to left), which is the fast path for nearly all text.
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
from functools import cache
from importlib.resources import files

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "EnhetsdialogSans"
BOLD = "EnhetsdialogSans-Bold"
EMOJI = "EnhetsdialogEmoji"
PLACEHOLDER = "\ufffd"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", EMOJI: "NotoEmoji-Regular.ttf"}
_lock = threading.Lock()
_registered = False

RTL_CLASSES = frozenset({"R", "AL"})
# invisible characters that only steer other characters (joiners, variation selectors, bidi
# controls): not drawn by the fallback path
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]|\U000e0100-\U000e01ef")


def font_bytes(filename: str) -> bytes:
    """The bytes of a font file shipped in ``enhetsdialog/resources/fonts``."""
    return files("enhetsdialog").joinpath("resources", "fonts", filename).read_bytes()


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) and Noto Emoji with ReportLab under our own names, once."""
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


def coverage(font: str) -> frozenset[int]:
    """The code points ``font`` (one of our names) has a glyph for."""
    register_fonts()
    return _coverage(font)


@cache
def _coverage(font: str) -> frozenset[int]:
    face = pdfmetrics.getFont(font).face
    # private-use code points are left out: ReportLab gives shaped glyphs private ones at run time
    return frozenset(cp for cp, gid in face.charToGlyph.items() if gid and not 0xE000 <= cp < 0xF900)


@cache
def _plain_pattern() -> re.Pattern[str]:
    chars = sorted(
        cp
        for cp in coverage(REGULAR) & coverage(BOLD)
        if cp >= 0x20 and unicodedata.bidirectional(chr(cp)) not in RTL_CLASSES | {"AN"}
    )
    ranges: list[tuple[int, int]] = []
    for cp in chars:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    parts = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{parts}\n]*")


def plain(text: str) -> bool:
    """True when DejaVu draws every character of ``text`` left to right (no fallback, no bidi)."""
    if text.isascii():
        return True
    return _plain_pattern().fullmatch(text) is not None


def is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in RTL_CLASSES


def font_for(ch: str, font: str) -> str | None:
    """The font that draws ``ch`` when the text's own font is ``font`` (None: no font has it)."""
    cp = ord(ch)
    if cp in coverage(font):
        return font
    if font != REGULAR and cp in coverage(REGULAR):
        return REGULAR
    if cp in coverage(EMOJI):
        return EMOJI
    return None


def invisible(ch: str) -> bool:
    return _INVISIBLE.match(ch) is not None


def missing_characters(texts: list[str]) -> list[str]:
    """The distinct characters of ``texts`` that no shipped font can draw (shown as "�").

    Export and signing dialogs call this to warn before a PDF is written; rendering also logs them.
    """
    found: dict[str, None] = {}
    for text in texts:
        if plain(text):
            continue
        for ch in text:
            if ch in "\n\r\t" or invisible(ch) or unicodedata.category(ch) == "Cc":
                continue
            if font_for(ch, REGULAR) is None:
                found.setdefault(ch)
    return list(found)
