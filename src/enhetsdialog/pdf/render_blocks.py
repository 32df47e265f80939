"""The PDF adapter over the outline: each part and block of ``domain.outline`` becomes flowables.

Every text goes through :meth:`Story.p`, which never reads it as markup: plain text takes ReportLab's
fast paths (a fragment built directly, or a plain-string table cell), anything that needs fallback
fonts or right-to-left runs a :class:`~enhetsdialog.pdf.render_script.ScriptPara`. When tagging, each
flowable gets its structure node as it is made, so the structure tree follows the outline's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, TableStyle

from enhetsdialog.domain import outline as o
from enhetsdialog.i18n import N_, LazyText, Text
from enhetsdialog.i18n import text as shown
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.render_flowables import Bookmark, Layout
from enhetsdialog.pdf.render_script import ScriptPara
from enhetsdialog.pdf.render_styles import (
    ACTIVITY_WIDTHS,
    BLACK,
    CELL_LEADING,
    CELL_PAD,
    CELL_SIZE,
    CONTENT_WIDTH,
    GRID,
    INDICATOR_WIDTHS,
    LIGHT,
    NEED_WIDTHS,
    PARTICIPANT_WIDTHS,
    PLAN_WIDTHS,
    PRIMARY,
    WHITE,
    ZEBRA,
    Styles,
    make_styles,
)
from enhetsdialog.pdf.render_tags import Node, TaggedTable
from enhetsdialog.pdf.render_text import CellText, Para, clean, markup

WIDTHS: dict[str, Sequence[float]] = {
    "parties": (40 * mm, 60 * mm, CONTENT_WIDTH - 100 * mm),
    "plan_links": PLAN_WIDTHS,
    "support_needs": NEED_WIDTHS,
    "activities": ACTIVITY_WIDTHS,
    "indicators": INDICATOR_WIDTHS,
    "participants": PARTICIPANT_WIDTHS,
}
# Column headers broken by hand where a narrow column of the PDF cannot hold them (translators may
# move the line break; the outline's own header is the one-line text other adapters show).
PDF_HEADERS: dict[str, dict[int, LazyText]] = {
    "indicators": {1: N_("Utgangs-\nverdi (år)"), 5: N_("Datakilde og\nfrekvens")},
}
HEAD = {"O": "Table", "Scope": "Column"}
ROW_HEAD = {"O": "Table", "Scope": "Row"}


class Story:
    def __init__(self, outline: o.Outline, layout: Layout) -> None:
        self.outline = outline
        self.layout = layout
        self.s: Styles = make_styles()
        self.root: Node | None = layout.tagger.root if layout.tagger is not None else None
        self.story: list[Flowable] = []
        self._templates: dict[int, Any] = {}
        self._fp_style = ParagraphStyle(
            "fp", parent=self.s.body, fontName=fonts.BOLD, alignment=TA_CENTER, spaceBefore=4, spaceAfter=10
        )
        self._reply_head = ParagraphStyle("rh", parent=self.s.muted, leftIndent=14)

    # --- small helpers ------------------------------------------------------------------------------------

    @staticmethod
    def add(parent: Node | None, role: str, **kwargs: Any) -> Node | None:
        return parent.add(role, **kwargs) if parent is not None else None

    def p(self, text: Text, style: ParagraphStyle | None = None, node: Node | None = None) -> Flowable:
        """A paragraph shown exactly as its text reads (user text or ours): never parsed as markup."""
        style = style or self.s.body
        t = clean(shown(text))
        if not fonts.plain(t):
            para: Flowable = ScriptPara(t, style)
        elif "\n" in t or "  " in t or t.startswith(" ") or not t.strip():
            para = Para(markup(t), style)
        else:
            # One line of ordinary text: build the paragraph's single fragment directly instead of
            # running the markup parser (a third of the cost of a page); nothing in it is parsed.
            template = self._templates.get(id(style))
            if template is None:
                template = self._templates[id(style)] = Para("x", style).frags[0]
            para = Para(None, style, frags=[template.clone(text=t, link=[], us_lines=[])])
        para.node = node
        return para

    def para(self, parent: Node | None, text: Text, style: ParagraphStyle, role: str = "P") -> None:
        self.story.append(self.p(text, style, self.add(parent, role)))

    def user_text(self, parent: Node | None, text: str, empty: Text) -> None:
        """User text as one paragraph per line, so very long text splits cheaply across pages."""
        if not text.strip():
            self.para(parent, empty, self.s.muted)
            return
        for line in clean(text).split("\n"):
            if line.strip():
                self.para(parent, line, self.s.body)
            else:
                self.story.append(Spacer(1, 5))

    def heading(self, parent: Node | None, h: o.Heading, *, role_level: int | None = None) -> None:
        text = shown(h.text)
        level = role_level or h.level
        style = {"title": self.s.title, "minor": self.s.h3}.get(h.style) or (self.s.h1, self.s.h2, self.s.h3)[
            min(h.level, 3) - 1
        ]
        if h.bookmark:
            self.story.append(Bookmark(text, min(h.level, 2) - 1, self.layout))
        self.story.append(self.p(text, style, self.add(parent, f"H{level}")))

    # --- tables -------------------------------------------------------------------------------------------

    def cell(self, c: o.Cell, width: float, *, bold: bool = False) -> Any:
        """A cell: a plain string when it fits, else a wrapping paragraph (with its note under it)."""
        t = clean(shown(c.text))
        note = shown(c.note)
        bold = bold or c.strong
        font = fonts.BOLD if bold else fonts.REGULAR
        inner = width - 2 * CELL_PAD - 0.5
        if (
            not note
            and fonts.plain(t)
            and "  " not in t
            and not t.startswith(" ")
            and all(stringWidth(line, font, CELL_SIZE) <= inner for line in t.split("\n"))
        ):
            return CellText(t)
        main = self.p(t, self.s.cell_bold if bold else self.s.cell)
        return [main, self.p(note, self.s.cell_small)] if note else main

    def table(self, parent: Node | None, block: o.Table, widths: Sequence[float] | None = None) -> TaggedTable:
        """A table whose header (and caption row) repeats on every page it spans; cells are TH/TD."""
        if widths is None:
            widths = WIDTHS.get(block.kind) or _weights(block.columns)
        node = self.add(parent, "Table")
        data: list[list[Any]] = []
        tag_rows: list[list[Node | None]] = []
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
            ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, -1), BLACK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        head = 0
        if block.caption is not None:
            data.append([self.cell(o.Cell(block.caption, strong=True), CONTENT_WIDTH)] + [""] * (len(widths) - 1))
            tag_rows.append([self.add(node, "Caption")] + [None] * (len(widths) - 1))
            style += [
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
            ]
            head = 1
        tr_node = self.add(node, "TR")
        headers = [PDF_HEADERS.get(block.kind, {}).get(i, col.header) for i, col in enumerate(block.columns)]
        data.append([self._head_cell(h, w) for h, w in zip(headers, widths, strict=True)])
        tag_rows.append([self.add(tr_node, "TH", attributes=HEAD) for _ in block.columns])
        style += [
            ("BACKGROUND", (0, head), (-1, head), PRIMARY),
            ("TEXTCOLOR", (0, head), (-1, head), WHITE),
            ("FONTNAME", (0, head), (-1, head), fonts.BOLD),
        ]
        repeat = head + 1
        bold_cols = [
            i for i in range(len(widths)) if block.rows and all(r[i].strong or r[i].row_header for r in block.rows)
        ]
        for row in block.rows:
            tr_node = self.add(node, "TR")
            data.append([self.cell(c, w, bold=i in bold_cols) for i, (c, w) in enumerate(zip(row, widths, strict=True))])
            tag_rows.append(
                [
                    self.add(tr_node, "TH", attributes=ROW_HEAD) if c.row_header else self.add(tr_node, "TD")
                    for c in row
                ]
            )
        for col in bold_cols:
            style.append(("FONTNAME", (col, repeat), (col, -1), fonts.BOLD))
        if len(data) > repeat + 1:
            style.append(("ROWBACKGROUNDS", (0, repeat), (-1, -1), [WHITE, ZEBRA]))
        t = TaggedTable(data, colWidths=list(widths), repeatRows=repeat, splitInRow=1, hAlign="LEFT")
        t.setStyle(TableStyle(style))
        if node is not None:
            t.tag_rows, t.tag_repeat = tag_rows, [False] * len(tag_rows)
        return t

    def _head_cell(self, header: Text, width: float) -> Any:
        t = shown(header)
        # a header may reach 1.5 pt into the cell's padding rather than break a word
        inner = width - 2 * CELL_PAD + 1.5
        if fonts.plain(t) and all(stringWidth(x, fonts.BOLD, CELL_SIZE) <= inner for x in t.split("\n")):
            return CellText(t)
        return self.p(t, self.s.cell_head)

    def facts(self, parent: Node | None, block: o.Facts) -> None:
        widths = (40 * mm, CONTENT_WIDTH - 40 * mm)
        node = self.add(parent, "Table")
        rows, tags = [], []
        for key, value in block.rows:
            tr_node = self.add(node, "TR")
            rows.append([self.cell(o.Cell(key, strong=True), widths[0]), self.cell(o.Cell(value), widths[1])])
            tags.append([self.add(tr_node, "TH", attributes=ROW_HEAD), self.add(tr_node, "TD")])
        t = TaggedTable(rows, colWidths=list(widths), hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("FONTNAME", (0, 0), (0, -1), fonts.BOLD),
                    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                    ("LEADING", (0, 0), (-1, -1), 11),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (0, -1), ZEBRA),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        if node is not None:
            t.tag_rows, t.tag_repeat = tags, [False] * len(tags)
        self.story.append(t)


def _weights(columns: Sequence[o.Column]) -> list[float]:
    total = sum(c.weight for c in columns) or 1
    return [CONTENT_WIDTH * c.weight / total for c in columns]


__all__ = ["Story"]
