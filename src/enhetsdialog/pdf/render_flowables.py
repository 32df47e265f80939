"""Flowables and page furniture of the agreement PDF: bookmarks, SDG tiles, signature boxes, the
header and footer of every page and the draft watermark. All of them tag what they draw."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.render_script import draw_string, text_width
from enhetsdialog.pdf.render_styles import (
    ACCENT,
    BLACK,
    DRAFT_RED,
    GRID,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRIMARY,
    WATERMARK,
    WHITE,
    ZEBRA,
)
from enhetsdialog.pdf.render_tags import Node, Tagger, WidgetRef, tagger_of


@dataclass(slots=True)
class FieldPlacement:
    """Where a signature field's widget goes: page index (0-based) and rectangle in points."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    tooltip: str = ""


@dataclass(slots=True)
class OutlineEntry:
    title: str
    level: int
    page: int
    top: float


@dataclass(slots=True)
class Layout:
    """What rendering learned that the PDF/A step needs: widgets, bookmarks, pages and the tags."""

    fields: list[FieldPlacement] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    pages: int = 0
    tagger: Tagger | None = None
    missing: list[str] = field(default_factory=list)  # characters drawn as the placeholder


class Bookmark(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """Zero-size marker: records an outline entry at the place it is drawn."""

    def __init__(self, title: str, level: int, layout: Layout) -> None:
        super().__init__()
        self.title = title
        self.level = level
        self.layout = layout
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        _, y = canv.absolutePosition(0, 0)
        self.layout.outline.append(OutlineEntry(self.title, self.level, canv.getPageNumber() - 1, y))


class _Marks:
    """Begin/end helpers that do nothing when the canvas has no tagger."""

    def __init__(self, canv: Canvas) -> None:
        self.canv = canv
        self.tagger = tagger_of(canv)

    def tag(self, node: Node | None) -> _Marks:
        if self.tagger is not None:
            self.tagger.begin(self.canv, node)
        return self

    def artifact(self, kind: str = "Layout", subtype: str | None = None) -> _Marks:
        if self.tagger is not None:
            self.tagger.begin_artifact(self.canv, kind, subtype)
        return self

    def end(self) -> None:
        if self.tagger is not None:
            self.tagger.end(self.canv)


ROW = 6.5 * mm
TILE = 9 * mm


class SdgTilesFlowable(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """One row per SDG: the UN-coloured tile with its number, then its name (a tagged list)."""

    def __init__(self, tiles: list[tuple[int, str, str, str]], node: Node | None) -> None:
        super().__init__()
        self.tiles = tiles  # (number, name, colour, alt)
        self.items: list[tuple[Node, Node]] = []
        if node is not None:
            for _number, _name, _colour, alt in tiles:
                li = node.add("LI")
                self.items.append((li.add("Lbl").add("Figure", alt=alt), li.add("LBody")))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, ROW * len(self.tiles)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        c = self.canv
        marks = _Marks(c)
        for i, (number, name, colour, _alt) in enumerate(self.tiles):
            y = self.height - (i + 1) * ROW
            figure, body = self.items[i] if self.items else (None, None)
            marks.tag(figure)
            c.saveState()
            c.setFillColor(colors.HexColor(colour))
            c.rect(0, y, TILE, ROW, stroke=0, fill=1)
            c.setFillColor(WHITE)
            c.setFont(fonts.BOLD, 9)
            c.drawCentredString(TILE / 2, y + ROW / 2 - 3.2, str(number))
            c.restoreState()
            marks.end()
            marks.tag(body)
            c.setFillColor(BLACK)
            draw_string(c, TILE + 3, y + ROW / 2 - 2.8, name, fonts.REGULAR, 8)
            marks.end()
            marks.artifact()
            c.setStrokeColor(GRID)
            c.setLineWidth(0.4)
            c.line(TILE, y, self.width, y)
            marks.end()


class SignatureArea(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A framed box for one party: role, name and title on the left, the signature field on the right."""

    BOX_HEIGHT = 44 * mm
    FIELD_WIDTH = 98 * mm
    FIELD_HEIGHT = 32 * mm

    def __init__(
        self,
        texts: tuple[str, str, str, str],  # role label, name, title, caption under the field
        field_name: str | None,
        tooltip: str,
        layout: Layout,
        node: Node | None,
    ) -> None:
        super().__init__()
        self.role_label, self.name, self.title, self.caption = texts
        self.field_name = field_name
        self.tooltip = tooltip
        self.layout = layout
        self.nodes: list[Node | None] = [None] * 4
        if node is not None:
            self.nodes = [node.add("P") for _ in range(3)] + [None]
            if field_name:
                form = node.add("Form", alt=tooltip)
                form.kids.append(WidgetRef(field_name))
            self.nodes[3] = node.add("P")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.BOX_HEIGHT
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        marks = _Marks(c)
        w, h = self.width, self.height
        c.saveState()
        marks.artifact()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.8)
        c.setFillColor(ZEBRA)
        c.rect(0, 0, w, h, stroke=1, fill=1)
        marks.end()
        marks.tag(self.nodes[0])
        c.setFillColor(PRIMARY)
        draw_string(c, 5 * mm, h - 9 * mm, self.role_label, fonts.BOLD, 11)
        marks.end()
        c.setFillColor(BLACK)
        text_width_max = w - self.FIELD_WIDTH - 14 * mm
        y = h - 16 * mm
        for node, font, size, value in (
            (self.nodes[1], fonts.BOLD, 10, self.name),
            (self.nodes[2], fonts.REGULAR, 9, self.title),
        ):
            marks.tag(node)
            for line in _wrap_words(value, font, size, text_width_max)[:3]:
                draw_string(c, 5 * mm, y, line, font, size)
                y -= size * 1.3
            marks.end()
        fx = w - self.FIELD_WIDTH - 5 * mm
        fy = (h - self.FIELD_HEIGHT) / 2 + 2 * mm
        marks.artifact()
        c.setFillColor(WHITE)
        c.setStrokeColor(ACCENT)
        c.setDash(3, 2)
        c.rect(fx, fy, self.FIELD_WIDTH, self.FIELD_HEIGHT, stroke=1, fill=1)
        c.setDash()
        marks.end()
        marks.tag(self.nodes[3])
        c.setFillColor(MUTED)
        draw_string(c, fx, fy - 3.2 * mm, self.caption, fonts.REGULAR, 7)
        marks.end()
        c.restoreState()
        if self.field_name:
            x0, y0 = c.absolutePosition(fx, fy)
            self.layout.fields.append(
                FieldPlacement(
                    self.field_name,
                    c.getPageNumber() - 1,
                    (x0, y0, x0 + self.FIELD_WIDTH, y0 + self.FIELD_HEIGHT),
                    self.tooltip,
                )
            )


def _wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


# --- page furniture ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageInfo:
    header_left: str
    header_right: str
    footer_left: str
    footer_centre: str
    page_label: Callable[[int, int], str]  # (page, total) -> "Side 1 av 8"
    draft: bool
    watermark: str


def canvas_factory(info: PageInfo, layout: Layout) -> Callable[..., Canvas]:
    class AgreementCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
        """Holds pages back until the end so the footer can say "Side X av Y" in one pass."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tagger = layout.tagger
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            layout.pages = total
            by_page: dict[int, list[OutlineEntry]] = {}
            for entry in layout.outline:
                by_page.setdefault(entry.page, []).append(entry)
            for index, state in enumerate(self._held):
                self.__dict__.update(state)
                for n, entry in enumerate(by_page.get(index, [])):
                    key = f"o{index}_{n}"
                    self.bookmarkPage(key, fit="XYZ", left=0, top=entry.top + 14)
                    self.addOutlineEntry(entry.title, key, level=entry.level, closed=entry.level > 0)
                furniture(self, info, index + 1, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return AgreementCanvas


def furniture(c: Canvas, info: PageInfo, page: int, total: int) -> None:
    marks = _Marks(c)
    c.saveState()
    top = PAGE_HEIGHT - 13 * mm
    marks.artifact("Pagination", "Header")
    c.setFillColor(MUTED)
    draw_string(c, MARGIN_LEFT, top, info.header_left, fonts.REGULAR, 8)
    if info.draft:
        c.setFillColor(DRAFT_RED)
    draw_string(
        c, PAGE_WIDTH - MARGIN_RIGHT, top, info.header_right, fonts.BOLD if info.draft else fonts.REGULAR,
        9 if info.draft else 8, "right",
    )
    c.setStrokeColor(GRID)
    c.setLineWidth(0.5)
    c.line(MARGIN_LEFT, top - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.5 * mm)
    marks.end()
    bottom = 11 * mm
    marks.artifact("Pagination", "Footer")
    c.line(MARGIN_LEFT, bottom + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, bottom + 4 * mm)
    c.setFillColor(MUTED)
    draw_string(c, MARGIN_LEFT, bottom, info.footer_left, fonts.REGULAR, 8)
    draw_string(c, PAGE_WIDTH / 2, bottom, info.footer_centre, fonts.REGULAR, 8, "centre")
    draw_string(c, PAGE_WIDTH - MARGIN_RIGHT, bottom, info.page_label(page, total), fonts.REGULAR, 8, "right")
    marks.end()
    c.restoreState()


def watermark(text: str) -> Callable[[Canvas, Any], None]:
    def draw(c: Canvas, _doc: Any) -> None:
        """A large diagonal UTKAST under the page content (drawn before the flowables)."""
        marks = _Marks(c)
        marks.artifact("Pagination", "Watermark")
        c.saveState()
        c.setFillColor(WATERMARK)
        c.setFont(fonts.BOLD, 110)
        c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        c.rotate(52)
        c.drawCentredString(0, -38, text)
        c.restoreState()
        marks.end()

    return draw


def no_op(_c: Canvas, _doc: Any) -> None:
    return None
