"""Page geometry, colours and paragraph styles of the agreement PDF (one place for the look)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from enhetsdialog.pdf import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

PRIMARY = colors.HexColor("#1F4E79")
ACCENT = colors.HexColor("#2E75B6")
LIGHT = colors.HexColor("#DEEAF6")
ZEBRA = colors.HexColor("#F3F7FB")
GRID = colors.HexColor("#B4C6D8")
MUTED = colors.HexColor("#595959")
DRAFT_RED = colors.HexColor("#C00000")
WATERMARK = colors.HexColor("#F2D0D0")
WHITE = colors.HexColor("#FFFFFF")
BLACK = colors.HexColor("#000000")

DASH = "–"
CELL_SIZE = 7.5
CELL_LEADING = 9.5
CELL_PAD = 3
PLAN_WIDTHS = (52 * mm, 20 * mm, CONTENT_WIDTH - 72 * mm)
ACTIVITY_WIDTHS = (CONTENT_WIDTH - 83 * mm, 35 * mm, 22 * mm, 26 * mm)
NEED_WIDTHS = (32 * mm, CONTENT_WIDTH - 32 * mm)
PARTICIPANT_WIDTHS = (55 * mm, 40 * mm, 45 * mm, CONTENT_WIDTH - 140 * mm)
_IND = (48 * mm, 18 * mm, 15 * mm, 16 * mm, 17 * mm, 30 * mm)
INDICATOR_WIDTHS = (*_IND, CONTENT_WIDTH - sum(_IND))


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_small: ParagraphStyle
    sdg_number: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    notice: ParagraphStyle
    reply: ParagraphStyle


def make_styles() -> Styles:
    r, b = fonts.REGULAR, fonts.BOLD
    body = ParagraphStyle("body", fontName=r, fontSize=9.5, leading=13, spaceAfter=4, textColor=BLACK)
    cell = ParagraphStyle("cell", fontName=r, fontSize=CELL_SIZE, leading=CELL_LEADING, textColor=BLACK)
    return Styles(
        body=body,
        lead=ParagraphStyle("lead", parent=body, textColor=MUTED, spaceAfter=8),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        muted=ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        label=ParagraphStyle(
            "label", parent=body, fontName=b, fontSize=8.5, leading=11, textColor=PRIMARY, spaceAfter=1
        ),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=b),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=b, textColor=WHITE),
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7, leading=8.5, textColor=MUTED),
        sdg_number=ParagraphStyle(
            "sdg_number", parent=cell, fontName=b, fontSize=9, textColor=WHITE, alignment=TA_CENTER
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=b, fontSize=26, leading=31, textColor=PRIMARY, spaceAfter=4
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=15, leading=19, textColor=PRIMARY, spaceAfter=2
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=b,
            fontSize=16,
            leading=20,
            textColor=PRIMARY,
            spaceBefore=4,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=b,
            fontSize=12,
            leading=15,
            textColor=PRIMARY,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=b,
            fontSize=10,
            leading=13,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        notice=ParagraphStyle(
            "notice",
            parent=body,
            fontName=b,
            fontSize=10,
            leading=13,
            textColor=DRAFT_RED,
            borderColor=DRAFT_RED,
            borderWidth=1,
            borderPadding=6,
            spaceBefore=10,
            spaceAfter=12,
        ),
        reply=ParagraphStyle("reply", parent=body, leftIndent=14),
    )
