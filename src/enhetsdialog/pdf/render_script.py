"""Text that is not plain: font fallback, right-to-left runs and shaping.

Nearly all text is drawn by ReportLab as it is (``fonts.plain``). The rest — emoji, Hebrew, Arabic,
anything DejaVu lacks — comes here, line by line:

1. **bidi**: each line gets the levels of the Unicode bidirectional algorithm in a reduced form
   (paragraph direction from the first strong character; weak and neutral types resolved by rules
   W1, W2, W4, W7, N1, N2 and I1–I2; no explicit embeddings: bidi control characters are dropped);
2. **runs**: characters of one level and one font form a run; a right-to-left run is shaped by
   HarfBuzz (``uharfbuzz``, through ReportLab's own shaping objects) in right-to-left direction,
   which gives the joined Arabic forms and mirrored brackets in visual order;
3. **order**: runs are reordered by rule L2 and drawn left to right.

The glyphs' ToUnicode entries keep the *logical* text: a presentation-form glyph maps to its base
letter and a glyph without a code point of its own (a private-use code ReportLab assigns) maps to
the characters it was shaped from (``PRIVATE_TEXT``, applied by ``pdfa.fix_to_unicode``). Readers
that extract text (pdftotext, screen readers) reorder right-to-left lines themselves.

ReportLab's own bidi support needs ``rlbidi``, which is not on PyPI, so this small version is ours.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.platypus import Flowable

from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.render_tags import tagger_of

try:
    import uharfbuzz
except ImportError:  # pragma: no cover - uharfbuzz is a dependency; without it RTL runs are only reversed
    uharfbuzz = None

Piece = tuple[str, str, float]  # font, text (in visual order; may be a ShapedStr), width in points

PRIVATE_TEXT: dict[tuple[str, int], str] = {}
"""(font face name, private-use code point) → the characters that glyph was shaped from."""

_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


# --- levels (reduced UBA) -------------------------------------------------------------------------------


def base_level(text: str) -> int:
    for ch in text:
        b = unicodedata.bidirectional(ch)
        if b == "L":
            return 0
        if b in ("R", "AL"):
            return 1
    return 0


def levels(text: str, base: int) -> list[int]:
    """Embedding level of every character of one line (0/2 left to right, 1 right to left)."""
    types: list[str] = []
    last_strong = "R" if base else "L"
    last_al = False
    for ch in text:
        b = unicodedata.bidirectional(ch)
        if b == "NSM":
            b = types[-1] if types else ("R" if base else "L")
        if b in ("R", "AL"):
            last_strong, last_al, t = "R", b == "AL", "R"
        elif b == "L":
            last_strong, last_al, t = "L", False, "L"
        elif b in ("EN", "AN"):
            t = "L" if (b == "EN" and last_strong == "L") else "NUM"  # W7; W2 keeps AL context a number
            if last_al:
                t = "NUM"
        else:
            t = "ON" if b not in ("CS", "ES") else "SEP"
        types.append(t)
    # W4: a single separator between two numbers is part of the number
    for i in range(1, len(types) - 1):
        if types[i] == "SEP" and types[i - 1] == types[i + 1] and types[i - 1] in ("NUM", "L"):
            types[i] = types[i - 1]
    # N1/N2: neutrals take the direction of the strong types around them, else the base direction
    strong = ["R" if t in ("R", "NUM") else "L" if t == "L" else "" for t in types]
    resolved = list(strong)
    i = 0
    while i < len(types):
        if strong[i]:
            i += 1
            continue
        j = i
        while j < len(types) and not strong[j]:
            j += 1
        before = strong[i - 1] if i > 0 else ("R" if base else "L")
        after = strong[j] if j < len(types) else ("R" if base else "L")
        fill = before if before == after else ("R" if base else "L")
        for k in range(i, j):
            resolved[k] = fill
        i = j
    out: list[int] = []
    for t, r in zip(types, resolved, strict=True):
        if t == "NUM":
            out.append(2)
        elif base == 0:
            out.append(1 if r == "R" else 0)
        else:
            out.append(1 if r == "R" else 2)
    return out


def reorder(run_levels: list[int]) -> list[int]:
    """Rule L2 on whole runs: the visual order of runs, as indices."""
    order = list(range(len(run_levels)))
    if not run_levels:
        return order
    top = max(run_levels)
    lowest_odd = min((lv for lv in run_levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if run_levels[order[i]] >= level:
                j = i
                while j < len(order) and run_levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


# --- shaping and pieces -------------------------------------------------------------------------------------


def _shape(text: str, font: str, size: float, rtl: bool) -> Piece:
    ttf: Any = pdfmetrics.getFont(font)
    if uharfbuzz is None or not rtl:
        visual = text[::-1].translate(_MIRROR) if rtl else text
        return font, visual, stringWidth(visual, font, size)
    hbf = ttf.hbFont(size)
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl"
    uharfbuzz.shape(hbf, buf, {"kern": True, "liga": True})
    clusters = sorted({info.cluster for info in buf.glyph_infos})
    ends = {c: (clusters[i + 1] if i + 1 < len(clusters) else len(text)) for i, c in enumerate(clusters)}
    chars: list[str] = []
    data: list[ShapeData] = []
    width = 0.0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        mapped = ttf.face.glyphToChar.get(gid)
        if mapped:
            code = mapped[0]
        else:
            code = ttf.hbAddPrivate(hbf.glyph_to_string(gid), gid, pos.x_advance)
            PRIVATE_TEXT[(ttf.face.name.decode() if isinstance(ttf.face.name, bytes) else str(ttf.face.name), code)] = text[
                info.cluster : ends[info.cluster]
            ]
        adv = ttf.pdfScale(pos.x_advance)
        width += adv * size / 1000
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                adv,
                ttf.pdfScale(pos.y_advance),
                ttf.pdfScale(pos.x_offset),
                ttf.pdfScale(pos.y_offset),
                ttf.face.charWidths.get(code, adv),
            )
        )
    return font, ShapedStr("".join(chars), shapeData=data), width


def _font_runs(text: str, font: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch in text:
        use = fonts.font_for(ch, font)
        if use is None:
            use, ch = fonts.REGULAR, fonts.PLACEHOLDER
        if out and out[-1][0] == use:
            out[-1] = (use, out[-1][1] + ch)
        else:
            out.append((use, ch))
    return out


def visual_pieces(text: str, font: str, size: float, base: int | None = None) -> list[Piece]:
    """One line of text in logical order → pieces to draw left to right."""
    text = "".join(ch for ch in text if not fonts.invisible(ch))
    if not text:
        return []
    base = base_level(text) if base is None else base
    lv = levels(text, base)
    runs: list[tuple[int, str]] = []
    i = 0
    for level, group in groupby(lv):
        n = len(list(group))
        runs.append((level, text[i : i + n]))
        i += n
    pieces_by_run: list[list[Piece]] = []
    for level, chunk in runs:
        rtl = level % 2 == 1
        parts = [_shape(seg, f, size, rtl) for f, seg in _font_runs(chunk, font)]
        pieces_by_run.append(parts[::-1] if rtl else parts)
    order = reorder([level for level, _ in runs])
    return [piece for index in order for piece in pieces_by_run[index]]


def width_of(pieces: list[Piece]) -> float:
    return sum(p[2] for p in pieces)


def draw_pieces(canv: Any, x: float, y: float, pieces: list[Piece], size: float) -> None:
    for font, text, width in pieces:
        canv.setFont(font, size)
        canv.drawString(x, y, text)
        x += width


def draw_string(canv: Any, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> None:
    """``canvas.drawString`` for any text: plain text directly, the rest through the fallback path."""
    if fonts.plain(text):
        canv.setFont(font, size)
        {"left": canv.drawString, "right": canv.drawRightString, "centre": canv.drawCentredString}[align](
            x, y, text
        )
        return
    pieces = visual_pieces(text, font, size)
    w = width_of(pieces)
    x = x - w if align == "right" else x - w / 2 if align == "centre" else x
    draw_pieces(canv, x, y, pieces, size)
    canv.setFont(font, size)


def text_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size) if fonts.plain(text) else width_of(visual_pieces(text, font, size))


# --- a paragraph of such text --------------------------------------------------------------------------------

_SPACES = re.compile(r"( +)")


class ScriptPara(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A paragraph of user text that needs fallback fonts or right-to-left runs.

    Wraps at spaces (a word wider than the line is broken between characters), keeps explicit line
    breaks, aligns right when the paragraph is right to left, splits across pages between lines.
    ``node``/``cell_node`` carry its tag like :class:`~enhetsdialog.pdf.render_text.Para`.
    """

    node: Any = None

    def __init__(self, text: str, style: Any, *, lines: list[str] | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.base = base_level(text)
        self._given = lines
        self.lines: list[str] = lines or []
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        s = self.style
        width = availWidth - s.leftIndent - s.rightIndent
        if self._given is None:
            self.lines = self._break(width)
        self.width = availWidth
        self.height = max(1, len(self.lines)) * s.leading
        return self.width, self.height

    def _break(self, width: float) -> list[str]:
        s = self.style
        out: list[str] = []
        for raw in self.text.split("\n"):
            line = ""
            for token in (t for t in _SPACES.split(raw) if t):
                candidate = line + token
                if not line or token.startswith(" ") or text_width(candidate, s.fontName, s.fontSize) <= width:
                    line = candidate
                    continue
                out.append(line.rstrip())
                line = token
                while text_width(line, s.fontName, s.fontSize) > width and len(line) > 1:
                    cut = len(line) - 1
                    while cut > 1 and text_width(line[:cut], s.fontName, s.fontSize) > width:
                        cut -= 1
                    out.append(line[:cut])
                    line = line[cut:]
            out.append(line.rstrip())
        return out

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        n = int(availHeight // self.style.leading)
        if n <= 0 or n >= len(self.lines):
            return [] if n <= 0 else [self]
        parts = [ScriptPara(self.text, self.style, lines=self.lines[:n]), ScriptPara(self.text, self.style, lines=self.lines[n:])]
        for part in parts:
            part.node = self.node
            part.cell_node = getattr(self, "cell_node", None)
            part.base = self.base
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = tagger_of(canvas)
        if tagger is None or self.node is None:
            super().drawOn(canvas, x, y, _sW)
            return
        tagger.begin(canvas, self.node)
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            tagger.end(canvas)

    def draw(self) -> None:
        s, c = self.style, self.canv
        c.setFillColor(s.textColor)
        inner = self.width - s.leftIndent - s.rightIndent
        y = self.height - s.fontSize
        for line in self.lines:
            pieces = visual_pieces(line, s.fontName, s.fontSize, self.base)
            w = width_of(pieces)
            if s.alignment == 1:
                x = s.leftIndent + (inner - w) / 2
            elif s.alignment == 2 or (self.base == 1 and s.alignment != 1):
                x = s.leftIndent + inner - w
            else:
                x = s.leftIndent
            draw_pieces(c, x, y, pieces, s.fontSize)
            y -= s.leading
