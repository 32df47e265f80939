"""The agreement as a printed document, drawn with ReportLab (platypus).

This module only lays out pages; ``pdfa.finish`` turns the result into PDF/A (metadata, output
intent, embedded content, signature fields). Rules that keep the output honest:

* user text is never interpreted as markup: it goes through :func:`markup` (escaped, newlines become
  line breaks, runs of spaces are kept) before it reaches a Paragraph;
* only the embedded DejaVu Sans is used (``initialFontName`` and every style), never a base-14 font;
* colours are RGB (the output intent is sRGB);
* long text and long tables split across pages; tables repeat their header rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from enhetsdialog.domain.canonical import fingerprint, short_fingerprint
from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Role, Section
from enhetsdialog.domain.model import FullAgreement, Goal, Indicator, PlanGoal, Remark
from enhetsdialog.domain.rules import format_decimal
from enhetsdialog.domain.sdg import SDG_BY_NUMBER
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.names import SIGNATURE_FIELDS, is_draft

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

SECTION_LEADS: dict[Section, str] = {
    Section.HVOR: "Felles, langsiktige mål for enheten – og utfordringene som begrunner dem.",
    Section.HVORDAN: "Kulturbygging, verdibasert ledelse, relasjoner og et felles språk.",
    Section.ENKLERE: "Dynamiske strukturer, systemer og verktøy, og hva enheten trenger fra støttesystemet.",
    Section.LYKKES: "Analyse, evaluering og oppfølging. Avtalen ber om både prosess- og resultatindikatorer.",
    Section.SAMSKAPING: "Hvem som har deltatt, hvordan, og hvordan brukernes stemme er hørt.",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


# --- text -----------------------------------------------------------------------------------------


def _small(text: str) -> str:
    """Escaped text in the small muted style, for inside a cell paragraph."""
    return f'<font size="6.5" color="#595959">{markup(text)}</font>'


def clean(text: str) -> str:
    """User text with line breaks normalised, tabs as four spaces and unprintable controls dropped."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text).replace("\t", "    "))


def markup(text: str) -> str:
    """User text as ReportLab paragraph markup that shows exactly the characters typed.

    ``&``, ``<`` and ``>`` are escaped, so nothing the user writes is read as a tag or an entity;
    newlines become ``<br/>``; a run of spaces keeps its width (every space after the first is a
    no-break space); tabs count as four spaces; other control characters, which cannot be shown,
    are dropped.
    """
    lines = []
    for line in clean(text).split("\n"):
        line = escape(line)
        if "  " in line or line.startswith(" "):
            line = re.sub(r"(?<= ) ", "\u00a0", line)
            if line.startswith(" "):
                line = "\u00a0" + line[1:]
        lines.append(line)
    return "<br/>".join(lines)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%d.%m.%Y kl. %H:%M")


class Para(Paragraph):  # type: ignore[misc]  # ReportLab has no type hints
    """A Paragraph that does not break its lines again when wrapped again at the same width.

    Tables, KeepTogether and page splitting wrap the same paragraph two or three times at one
    width; line breaking is most of the cost of a page, so the last result is reused.
    """

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_at == availWidth and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


# --- styles ---------------------------------------------------------------------------------------


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


# --- flowables ------------------------------------------------------------------------------------


@dataclass(slots=True)
class FieldPlacement:
    """Where a signature field's widget goes: page index (0-based) and rectangle in points."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    tooltip: str = ""


@dataclass(slots=True)
class Outline:
    title: str
    level: int
    page: int
    top: float


@dataclass(slots=True)
class Layout:
    """What rendering learned that the PDF/A step needs: signature widgets and outline entries."""

    fields: list[FieldPlacement] = field(default_factory=list)
    outline: list[Outline] = field(default_factory=list)
    pages: int = 0


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
        self.layout.outline.append(Outline(self.title, self.level, canv.getPageNumber() - 1, y))


class SignatureArea(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A framed box for one party: role, name and title on the left, the signature field on the right."""

    BOX_HEIGHT = 44 * mm
    FIELD_WIDTH = 98 * mm
    FIELD_HEIGHT = 32 * mm

    def __init__(
        self, role_label: str, name: str, title: str, field_name: str | None, layout: Layout
    ) -> None:
        super().__init__()
        self.role_label = role_label
        self.name = name
        self.title = title
        self.field_name = field_name
        self.layout = layout

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.BOX_HEIGHT
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.8)
        c.setFillColor(ZEBRA)
        c.rect(0, 0, w, h, stroke=1, fill=1)
        # the party
        c.setFillColor(PRIMARY)
        c.setFont(fonts.BOLD, 11)
        c.drawString(5 * mm, h - 9 * mm, self.role_label)
        c.setFillColor(BLACK)
        text_width = w - self.FIELD_WIDTH - 14 * mm
        y = h - 16 * mm
        for font, size, value in ((fonts.BOLD, 10, self.name), (fonts.REGULAR, 9, self.title)):
            for line in _wrap_words(value, font, size, text_width)[:3]:
                c.setFont(font, size)
                c.drawString(5 * mm, y, line)
                y -= size * 1.3
        # the field
        fx = w - self.FIELD_WIDTH - 5 * mm
        fy = (h - self.FIELD_HEIGHT) / 2 + 2 * mm
        c.setFillColor(WHITE)
        c.setStrokeColor(ACCENT)
        c.setDash(3, 2)
        c.rect(fx, fy, self.FIELD_WIDTH, self.FIELD_HEIGHT, stroke=1, fill=1)
        c.setDash()
        c.setFillColor(MUTED)
        c.setFont(fonts.REGULAR, 7)
        caption = "Digital signatur (PAdES)" if self.field_name else "Signeres ikke i et utkast"
        c.drawString(fx, fy - 3.2 * mm, caption)
        c.restoreState()
        if self.field_name:
            x0, y0 = c.absolutePosition(fx, fy)
            self.layout.fields.append(
                FieldPlacement(
                    self.field_name,
                    c.getPageNumber() - 1,
                    (x0, y0, x0 + self.FIELD_WIDTH, y0 + self.FIELD_HEIGHT),
                    f"Signatur – {self.role_label}",
                )
            )


def _wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width or not current:
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
    draft: bool


def _canvas_factory(info: PageInfo, layout: Layout) -> Callable[..., Canvas]:
    class AgreementCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
        """Holds pages back until the end so the footer can say "Side X av Y" in one pass."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            layout.pages = total
            by_page: dict[int, list[Outline]] = {}
            for entry in layout.outline:
                by_page.setdefault(entry.page, []).append(entry)
            for index, state in enumerate(self._held):
                self.__dict__.update(state)
                for n, entry in enumerate(by_page.get(index, [])):
                    key = f"o{index}_{n}"
                    self.bookmarkPage(key, fit="XYZ", left=0, top=entry.top + 14)
                    self.addOutlineEntry(entry.title, key, level=entry.level, closed=entry.level > 0)
                _furniture(self, info, index + 1, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return AgreementCanvas


def _furniture(c: Canvas, info: PageInfo, page: int, total: int) -> None:
    c.saveState()
    top = PAGE_HEIGHT - 13 * mm
    c.setFont(fonts.REGULAR, 8)
    c.setFillColor(MUTED)
    c.drawString(MARGIN_LEFT, top, info.header_left)
    if info.draft:
        c.setFillColor(DRAFT_RED)
        c.setFont(fonts.BOLD, 9)
    c.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, info.header_right)
    c.setStrokeColor(GRID)
    c.setLineWidth(0.5)
    c.line(MARGIN_LEFT, top - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.5 * mm)
    bottom = 11 * mm
    c.line(MARGIN_LEFT, bottom + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, bottom + 4 * mm)
    c.setFont(fonts.REGULAR, 8)
    c.setFillColor(MUTED)
    c.drawString(MARGIN_LEFT, bottom, info.footer_left)
    c.drawCentredString(PAGE_WIDTH / 2, bottom, info.footer_centre)
    c.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, bottom, f"Side {page} av {total}")
    c.restoreState()


def _watermark(c: Canvas, _doc: Any) -> None:
    """A large diagonal UTKAST under the page content (drawn before the flowables)."""
    c.saveState()
    c.setFillColor(WATERMARK)
    c.setFont(fonts.BOLD, 110)
    c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    c.rotate(52)
    c.drawCentredString(0, -38, "UTKAST")
    c.restoreState()


# --- the document -------------------------------------------------------------------------------------


class _Builder:
    def __init__(
        self, full: FullAgreement, layout: Layout, *, include_remarks: bool, signature_fields: bool
    ) -> None:
        self.full = full
        self.rev = full.revision
        self.c = full.revision.content
        self.layout = layout
        self.s = make_styles()
        self.include_remarks = include_remarks
        self.signature_fields = signature_fields
        self.draft = is_draft(full.revision.status)
        self.goals = sorted(self.c.goals, key=lambda g: (g.position, g.id))
        self.fingerprint = fingerprint(full.revision)
        self.story: list[Flowable] = []
        self._templates: dict[int, Any] = {}

    # small helpers
    def p(self, text: str, style: ParagraphStyle | None = None) -> Para:
        """A paragraph of user text: shown exactly as typed, never read as markup."""
        style = style or self.s.body
        t = clean(text)
        if "\n" in t or "  " in t or t.startswith(" ") or not t.strip():
            return Para(markup(text), style)
        # One line of ordinary text: build the paragraph's single fragment directly instead of running
        # the markup parser (a third of the cost of a page). The text is not parsed at all, so it
        # needs no escaping either.
        template = self._templates.get(id(style))
        if template is None:
            template = self._templates[id(style)] = Para("x", style).frags[0]
        return Para(None, style, frags=[template.clone(text=t, link=[], us_lines=[])])

    def own(self, markup_text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of our own markup (labels); never call with user text unescaped."""
        return Para(markup_text, style or self.s.body)

    def user_text(self, text: str, *, empty: str = "Ikke fylt ut.") -> list[Flowable]:
        """User text as one paragraph per line, so very long text splits cheaply across pages."""
        if not text.strip():
            return [self.own(escape(empty), self.s.muted)]
        out: list[Flowable] = []
        for line in clean(text).split("\n"):
            if line.strip():
                out.append(self.p(line))
            else:
                out.append(Spacer(1, 5))
        return out

    def heading(self, text: str, style: ParagraphStyle, level: int) -> None:
        self.story.append(Bookmark(text, level, self.layout))
        self.story.append(self.own(markup(text), style))

    def labelled(self, label: str, text: str, *, empty: str = "Ikke fylt ut.") -> None:
        self.story.append(self.own(escape(label), self.s.label))
        self.story.extend(self.user_text(text, empty=empty))
        self.story.append(Spacer(1, 4))

    def goal_title(self, n: int, goal: Goal) -> str:
        return f"Mål {n}: {goal.text.strip() or '(uten tekst)'}"

    def cell(self, text: str, width: float, *, bold: bool = False) -> str | Paragraph:
        """A table cell of user text: a plain string when it fits on one line, else a wrapping Paragraph.

        Plain strings are drawn verbatim by the table (no markup at all) and cost a fraction of a
        Paragraph; the column's font must then be the cell font (regular, or bold when ``bold``).
        """
        t = clean(text)
        font = fonts.BOLD if bold else fonts.REGULAR
        if (
            "\n" not in t
            and "  " not in t
            and not t.startswith(" ")
            and stringWidth(t, font, CELL_SIZE) <= width - 2 * CELL_PAD - 0.5
        ):
            return t
        return self.p(text, self.s.cell_bold if bold else self.s.cell)

    def table(
        self,
        header: Sequence[str],
        rows: list[list[Any]],
        widths: Sequence[float],
        *,
        caption: str | Paragraph | None = None,
        bold_columns: Sequence[int] = (),
        extra_style: Iterable[tuple[Any, ...]] = (),
    ) -> Table:
        """A table whose header (and optional caption row) repeats on every page it spans.

        Header texts are our own plain strings (``\n`` for a line break). String cells are drawn in
        the cell font; columns in ``bold_columns`` in bold.
        """
        data: list[list[Any]] = []
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
        if caption is not None:
            data.append([caption] + [""] * (len(widths) - 1))
            style += [
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
            ]
            head = 1
        data.append(list(header))
        style += [
            ("BACKGROUND", (0, head), (-1, head), PRIMARY),
            ("TEXTCOLOR", (0, head), (-1, head), WHITE),
            ("FONTNAME", (0, head), (-1, head), fonts.BOLD),
        ]
        repeat = head + 1
        data.extend(rows)
        for col in bold_columns:
            style.append(("FONTNAME", (col, repeat), (col, -1), fonts.BOLD))
        if len(data) > repeat + 1:
            style.append(("ROWBACKGROUNDS", (0, repeat), (-1, -1), [WHITE, ZEBRA]))
        style.extend(extra_style)
        t = Table(data, colWidths=list(widths), repeatRows=repeat, splitInRow=1, hAlign="LEFT")
        t.setStyle(TableStyle(style))
        return t

    # sections
    def build(self) -> list[Flowable]:
        self.cover()
        self.red_thread()
        self.section_where()
        self.section_how()
        self.section_easier()
        self.section_success()
        self.section_cocreation()
        if self.include_remarks and self.full.remarks:
            self.appendix_remarks()
        self.signature_page()
        return self.story

    def cover(self) -> None:
        s, full, rev = self.s, self.full, self.rev
        self.story.append(Bookmark(f"Enhetsavtale {rev.year}", 0, self.layout))
        self.story.append(Spacer(1, 14 * mm))
        self.story.append(self.own(f"Enhetsavtale {rev.year}", s.title))
        self.story.append(self.p(full.unit.name, s.subtitle))
        self.story.append(self.p(f"{full.service_area.name} · {full.municipality.name}", s.lead))
        if self.draft:
            self.story.append(
                self.own(
                    "UTKAST – denne versjonen er ikke ferdig drøftet og kan ikke signeres. "
                    f"Status: {escape(rev.status.label)}.",
                    s.notice,
                )
            )
        else:
            self.story.append(Spacer(1, 8 * mm))
        kommune = full.municipality.name + (
            f" ({full.municipality.number})" if full.municipality.number else ""
        )
        enhet = full.unit.name + (f" ({full.unit.kind})" if full.unit.kind else "")
        facts = [
            ("Kommune", kommune),
            ("Tjenesteområde", full.service_area.name),
            ("Enhet", enhet),
            ("År", str(rev.year)),
            ("Revisjon", str(rev.number)),
            ("Status", rev.status.label),
            ("Sist endret", format_datetime(rev.updated_at) or DASH),
            ("Fingeravtrykk", short_fingerprint(self.fingerprint)),
        ]
        rows = [[k, self.cell(v, CONTENT_WIDTH - 40 * mm)] for k, v in facts]
        t = Table(rows, colWidths=[40 * mm, CONTENT_WIDTH - 40 * mm], hAlign="LEFT")
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
        self.story.append(t)
        self.story.append(Spacer(1, 8 * mm))
        self.story.append(self.own("Parter", s.h2))
        parties: list[list[Any]] = []
        widths = [40 * mm, 60 * mm, CONTENT_WIDTH - 100 * mm]
        for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director)):
            parties.append(
                [
                    role.label,
                    self.cell(person.name if person else "(ikke oppgitt)", widths[1]),
                    self.cell(person.title if person else "", widths[2]),
                ]
            )
        self.story.append(self.table(["Rolle", "Navn", "Tittel"], parties, widths, bold_columns=[0]))
        self.story.append(Spacer(1, 8 * mm))
        self.story.append(self.own("Avtalens mål", s.h2))
        if self.goals:
            for n, goal in enumerate(self.goals, start=1):
                self.story.append(self.p(self.goal_title(n, goal), s.body))
        else:
            self.story.append(self.own("Avtalen har ingen mål ennå.", s.muted))
        self.story.append(PageBreak())

    def red_thread(self) -> None:
        s = self.s
        self.heading("Den røde tråden", s.h1, 0)
        self.story.append(
            self.own("Hvordan enhetens mål henger sammen med kommunens planer og FNs bærekraftsmål.", s.lead)
        )
        if not self.goals:
            self.story.append(self.own("Avtalen har ingen mål ennå.", s.muted))
        for n, goal in enumerate(self.goals, start=1):
            block: list[Flowable] = [self.p(self.goal_title(n, goal), s.h3)]
            plan_rows = self._plan_rows(goal)
            if plan_rows:
                block.append(self.table(["Plannivå", "Kode", "Planmål"], plan_rows, PLAN_WIDTHS))
            else:
                block.append(self.own("Ikke knyttet til et plannivå.", s.muted))
            block.append(Spacer(1, 3))
            sdgs = sorted(set(goal.sdgs))
            if sdgs:
                block.append(self._sdg_table(sdgs))
            else:
                block.append(self.own("Ikke knyttet til et bærekraftsmål.", s.muted))
            block.append(Spacer(1, 6))
            self.story.append(KeepTogether(block))

    def _plan_rows(self, goal: Goal) -> list[list[Any]]:
        full, s = self.full, self.s
        linked = sorted(set(goal.plan_goal_ids))
        shown: dict[str, bool] = {}  # plan goal id -> directly linked
        for pid in linked:
            shown[pid] = True
            parent = full.plan_goals[pid].parent_id if pid in full.plan_goals else None
            seen = {pid}
            while parent and parent not in seen:
                seen.add(parent)
                shown.setdefault(parent, False)
                parent = full.plan_goals[parent].parent_id if parent in full.plan_goals else None

        def order(pid: str) -> tuple[int, str, str]:
            pg = full.plan_goals.get(pid)
            plan = full.plans.get(pg.plan_id) if pg else None
            return (plan.kind.level if plan else 9, pg.code if pg else "", pid)

        rows: list[list[Any]] = []
        for pid in sorted(shown, key=order):
            pg: PlanGoal | None = full.plan_goals.get(pid)
            if pg is None:
                rows.append(["Ukjent plan", DASH, "Planmålet finnes ikke i katalogen."])
                continue
            plan = full.plans.get(pg.plan_id)
            level: str | Paragraph = "Ukjent plan"
            if plan is not None:
                level = Para(f"<b>{escape(plan.kind.label)}</b><br/>{_small(plan.name)}", s.cell)
            text: str | Paragraph = self.cell(pg.text, PLAN_WIDTHS[2])
            if not shown[pid]:
                text = Para(
                    f"{markup(pg.text)}<br/>{_small('Overordnet mål for et tilknyttet planmål')}", s.cell
                )
            rows.append([level, self.cell(pg.code, PLAN_WIDTHS[1]), text])
        return rows

    def _sdg_table(self, numbers: list[int]) -> Table:
        rows: list[list[Any]] = []
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("FONTNAME", (0, 0), (0, -1), fonts.BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("FONTSIZE", (0, 0), (0, -1), 9),
            ("TEXTCOLOR", (0, 0), (-1, -1), BLACK),
            ("TEXTCOLOR", (0, 0), (0, -1), WHITE),
            ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        for i, number in enumerate(numbers):
            sdg = SDG_BY_NUMBER.get(number)
            name = sdg.name if sdg else "Ukjent bærekraftsmål"
            colour = colors.HexColor(sdg.colour) if sdg else MUTED
            rows.append([str(number), f"Bærekraftsmål {number}: {name}"])
            style += [("BACKGROUND", (0, i), (0, i), colour), ("LINEBELOW", (1, i), (1, i), 0.4, GRID)]
        t = Table(
            rows, colWidths=[9 * mm, CONTENT_WIDTH - 9 * mm], hAlign="LEFT", rowHeights=[6.5 * mm] * len(rows)
        )
        t.setStyle(TableStyle(style))
        return t

    def section_heading(self, number: int | None, section: Section) -> None:
        title = f"{number} {section.label}" if number else section.label
        self.story.append(CondPageBreak(60 * mm))
        self.heading(title, self.s.h1, 0)
        self.story.append(self.own(escape(SECTION_LEADS[section]), self.s.lead))

    def section_where(self) -> None:
        self.story.append(PageBreak())
        self.section_heading(1, Section.HVOR)
        self.labelled("Utfordringer som begrunner målene", self.c.challenges)
        for n, goal in enumerate(self.goals, start=1):
            self.heading(self.goal_title(n, goal), self.s.h2, 1)
            self.story.extend(self.user_text(goal.description, empty="Ingen utdypende beskrivelse."))

    def section_how(self) -> None:
        s, c = self.s, self.c
        self.section_heading(2, Section.HVORDAN)
        self.story.append(self.own("Verdiene våre i praksis", s.h2))
        self.labelled("Åpen", c.value_open)
        self.labelled("Kompetent", c.value_competent)
        self.labelled("Modig", c.value_brave)
        self.story.append(self.own("Tegn på modighet", s.h2))
        self.labelled("Dette vil vi prøve ut", c.courage_trials)
        self.labelled("Slik lærer vi av det som lykkes og det som ikke lykkes", c.courage_learning)
        self.story.append(self.own("Kultur, ledelse og relasjoner", s.h2))
        self.story.extend(self.user_text(c.culture_leadership))

    def section_easier(self) -> None:
        s, c = self.s, self.c
        self.section_heading(3, Section.ENKLERE)
        self.story.append(self.own("Strukturer, systemer og verktøy", s.h2))
        self.story.extend(self.user_text(c.structures))
        self.story.append(self.own("Behov fra støttesystemet", s.h2))
        needs = sorted(c.support_needs, key=lambda x: (x.position, x.id))
        if needs:
            need_rows: list[list[Any]] = [[n.area.label, self.cell(n.need, NEED_WIDTHS[1])] for n in needs]
            self.story.append(self.table(["Område", "Behov"], need_rows, NEED_WIDTHS, bold_columns=[0]))
        else:
            self.story.append(self.own("Ingen behov er registrert.", s.muted))
        self.story.append(self.own("Tiltak", s.h2))
        if not self.goals:
            self.story.append(self.own("Avtalen har ingen mål ennå.", s.muted))
        widths = ACTIVITY_WIDTHS
        for n, goal in enumerate(self.goals, start=1):
            acts = sorted(goal.activities, key=lambda a: (a.position, a.id))
            title = self.goal_title(n, goal)
            if not acts:
                self.story.append(self.p(title, s.h3))
                self.story.append(self.own("Ingen tiltak er registrert for dette målet.", s.muted))
                continue
            rows: list[list[Any]] = [
                [
                    self.cell(a.what, widths[0]),
                    self.cell(a.responsible or DASH, widths[1]),
                    format_date(a.deadline) or DASH,
                    a.status.label,
                ]
                for a in acts
            ]
            # The caption repeats on every page the table spans, so it must stay short.
            caption = self.cell(short(title, 110), CONTENT_WIDTH, bold=True)
            self.story.append(
                self.table(["Tiltak", "Ansvarlig", "Frist", "Status"], rows, widths, caption=caption)
            )
            self.story.append(Spacer(1, 6))

    def section_success(self) -> None:
        s, c = self.s, self.c
        self.section_heading(4, Section.LYKKES)
        self.story.append(self.own("Plan for oppfølging", s.h2))
        self.story.extend(self.user_text(c.follow_up_plan))
        for n, goal in enumerate(self.goals, start=1):
            self.heading(self.goal_title(n, goal), s.h2, 1)
            for kind, title in (
                (IndicatorKind.PROSESS, "Prosessindikatorer"),
                (IndicatorKind.RESULTAT, "Resultatindikatorer"),
            ):
                indicators = sorted(goal.indicators_of(kind), key=lambda i: (i.position, i.id))
                if not indicators:
                    self.story.append(self.own(title, s.h3))
                    self.story.append(
                        self.own(f"Ingen {title.lower()} er registrert for dette målet.", s.muted)
                    )
                    continue
                self.story.append(self._indicator_table(f"{title} – mål {n}", indicators))
                self.story.append(Spacer(1, 6))

    def _indicator_table(self, caption: str, indicators: list[Indicator]) -> Table:
        s, w = self.s, INDICATOR_WIDTHS
        header = [
            "Indikator",
            "Utgangs-\nverdi (år)",
            "Målverdi",
            "Enhet",
            "Retning",
            "Datakilde og\nfrekvens",
            "Ansvarlig",
        ]
        rows: list[list[Any]] = []
        for x in indicators:
            name: list[Flowable] = [self.p(x.name or "(uten navn)", s.cell_bold)]
            if x.description.strip():
                name.append(self.p(x.description, s.cell_small))
            baseline = format_decimal(x.baseline_value) or DASH
            if x.baseline_year is not None:
                baseline += f"\n({x.baseline_year})"
            source: str | list[Flowable] = self.cell(x.data_source or DASH, w[5])
            if x.frequency is not None:
                source = [self.p(x.data_source or DASH, s.cell), self.p(x.frequency.label, s.cell_small)]
            rows.append(
                [
                    name,
                    baseline,
                    format_decimal(x.target_value) or DASH,
                    self.cell(x.unit_of_measure or DASH, w[3]),
                    x.direction.label.replace(" er ", " er\n"),
                    source,
                    self.cell(x.responsible or DASH, w[6]),
                ]
            )
        return self.table(header, rows, w, caption=caption)

    def section_cocreation(self) -> None:
        s, c = self.s, self.c
        self.section_heading(None, Section.SAMSKAPING)
        self.story.append(self.own("Hvem har deltatt", s.h2))
        people = sorted(c.participants, key=lambda x: (x.position, x.id))
        if people:
            w = PARTICIPANT_WIDTHS
            rows: list[list[Any]] = [
                [
                    self.cell(x.role or DASH, w[0]),
                    self.cell(x.name or DASH, w[1]),
                    self.cell(x.how or DASH, w[2]),
                    self.cell(x.when or DASH, w[3]),
                ]
                for x in people
            ]
            self.story.append(self.table(["Rolle", "Navn", "Hvordan", "Når"], rows, w))
        else:
            self.story.append(self.own("Ingen deltakere er registrert.", s.muted))
        self.story.append(self.own("Brukernes stemme", s.h2))
        self.story.extend(self.user_text(c.users_voice))

    def _anchor_label(self, remark: Remark) -> str:
        kind, anchor = remark.anchor_kind, remark.anchor_id
        if kind is AnchorKind.SECTION:
            try:
                return f"Del: {Section(anchor).label}"
            except ValueError:
                return "Avtalen"
        for n, goal in enumerate(self.goals, start=1):
            if kind is AnchorKind.GOAL and goal.id == anchor:
                return f"Mål {n}: {short(goal.text)}"
            for a in goal.activities:
                if kind is AnchorKind.ACTIVITY and a.id == anchor:
                    return f"Tiltak (mål {n}): {short(a.what)}"
            for x in goal.indicators:
                if kind is AnchorKind.INDICATOR and x.id == anchor:
                    return f"{x.kind.label} (mål {n}): {short(x.name)}"
        for sn in self.c.support_needs:
            if kind is AnchorKind.SUPPORT_NEED and sn.id == anchor:
                return f"Støttebehov: {sn.area.label}"
        for pt in self.c.participants:
            if kind is AnchorKind.PARTICIPANT and pt.id == anchor:
                return f"Deltaker: {short(pt.role or pt.name)}"
        return "Et punkt som ikke finnes i denne revisjonen"

    def appendix_remarks(self) -> None:
        s = self.s
        self.story.append(PageBreak())
        self.heading("Vedlegg: Merknader og svar", s.h1, 0)
        self.story.append(
            self.own(
                "Merknadene og svarene fra dialogen om avtalen, i den rekkefølgen de ble skrevet.", s.lead
            )
        )
        remarks = sorted(self.full.remarks, key=lambda r: (r.created_at, r.id))
        for i, r in enumerate(remarks, start=1):
            state = f"Løst {format_datetime(r.resolved_at)}".strip() if r.resolved else "Åpen"
            head = f"Merknad {i} · {self._anchor_label(r)}"
            self.story.append(self.p(head, s.h3))
            who = f"{r.author} ({r.role.label}), {format_datetime(r.created_at)} · {state}"
            self.story.append(self.p(who, s.muted))
            self.story.extend(self.user_text(r.text, empty="(tom merknad)"))
            for reply in sorted(r.replies, key=lambda x: (x.created_at, x.id)):
                self.story.append(
                    self.p(
                        f"Svar fra {reply.author} ({reply.role.label}), {format_datetime(reply.created_at)}",
                        ParagraphStyle("rh", parent=s.muted, leftIndent=14),
                    )
                )
                for line in reply.text.split("\n"):
                    self.story.append(self.p(line, s.reply) if line.strip() else Spacer(1, 4))
            self.story.append(Spacer(1, 4))

    def signature_page(self) -> None:
        s, full, rev = self.s, self.full, self.rev
        self.story.append(PageBreak())
        self.heading("Signaturer", s.h1, 0)
        self.story.append(
            self.own(
                escape(
                    f"Ved å signere bekrefter enhetsleder og direktør at de er enige om denne enhetsavtalen for "
                    f"{rev.year} (revisjon {rev.number}). Signaturene gjelder innholdet med dette fingeravtrykket "
                    "(SHA-256 av avtaleinnholdet, som også ligger vedlagt i filen som avtale.json):"
                ),
                s.body,
            )
        )
        groups = " ".join(self.fingerprint[i : i + 8] for i in range(0, len(self.fingerprint), 8))
        self.story.append(
            self.own(
                groups,
                ParagraphStyle(
                    "fp",
                    parent=s.body,
                    fontName=fonts.BOLD,
                    alignment=TA_CENTER,
                    spaceBefore=4,
                    spaceAfter=10,
                ),
            )
        )
        if self.draft:
            self.story.append(
                self.own(
                    "Dette er et utkast. Avtalen signeres når partene er enige (status «Enighet»).", s.notice
                )
            )
        for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director)):
            self.story.append(Spacer(1, 6 * mm))
            self.story.append(
                SignatureArea(
                    role.label,
                    person.name if person else "(ikke oppgitt)",
                    person.title if person else "",
                    SIGNATURE_FIELDS[role] if self.signature_fields else None,
                    self.layout,
                )
            )
        self.story.append(Spacer(1, 10 * mm))
        self.story.append(
            self.own(
                "Signaturene er digitale (PAdES) og legges inn i denne filen som trinnvise oppdateringer: "
                "først enhetsleder, deretter direktør. Enhver endring i innholdet etter signering kan påvises.",
                s.muted,
            )
        )


def render_layout(
    full: FullAgreement,
    *,
    include_remarks: bool = True,
    signature_fields: bool | None = None,
) -> tuple[bytes, Layout]:
    """Draw the agreement with ReportLab. Returns plain PDF bytes and what the PDF/A step needs."""
    fonts.register_fonts()
    rev = full.revision
    draft = is_draft(rev.status)
    with_fields = (not draft) if signature_fields is None else signature_fields
    layout = Layout()
    builder = _Builder(full, layout, include_remarks=include_remarks, signature_fields=with_fields)
    story = builder.build()
    info = PageInfo(
        header_left=short(f"Enhetsavtale {rev.year} · {full.unit.name} · Revisjon {rev.number}", 90),
        header_right="UTKAST – ikke signert" if draft else rev.status.label,
        footer_left=f"Fingeravtrykk {short_fingerprint(builder.fingerprint)}",
        footer_centre=short(full.municipality.name, 50),
        draft=draft,
    )
    buf = io.BytesIO()
    # ASCII85 only inflates the streams pikepdf re-encodes anyway (it decodes them on save).
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        initialFontName=fonts.REGULAR,
        initialFontSize=9.5,
        initialLeading=13,
        title=f"Enhetsavtale {rev.year} – {full.unit.name}",
        lang="nb-NO",
        pageCompression=1,
        invariant=1,
        enforceColorSpace="rgb",
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_watermark if draft else _no_op)])
    try:
        doc.build(story, canvasmaker=_canvas_factory(info, layout))
    finally:
        rl_config.useA85 = a85
    return buf.getvalue(), layout


def _no_op(_c: Canvas, _doc: Any) -> None:
    return None


__all__ = ["Layout", "markup", "render_layout"]
