"""An agreement as a list of read-only blocks, and the widget that shows one block.

The review, the compare view and the meeting mode all show the agreement the same way: one block
per section (its heading and free texts) and one per item (goal, activity, indicator, support need,
participant), in the order of the four questions. A block knows its remark anchor (``key``), so a
remark can sit next to it and a difference can be marked on it. :func:`agreement_blocks` is plain
Python (no widgets); :class:`BlockView` paints one block from its own QTextDocument, which keeps
building two full agreements side by side near 50 ms (the compare view's budget is 100 ms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from enhetsdialog.domain.enums import AnchorKind, Section
from enhetsdialog.domain.model import FullAgreement, Remark
from enhetsdialog.domain.outline import Block as OutlineBlock
from enhetsdialog.domain.outline import Group, Heading, Labelled, PartKind, Table, UserText, build_outline
from enhetsdialog.i18n import N_, _, text

from enhetsdialog.ui import theme
from enhetsdialog.ui.outline_html import block_html

AnchorKey = tuple[str, str]  # (AnchorKind value, anchor id): what a remark is attached to

# The steps of the agreement in the order the document and the meeting show them.
STEPS: tuple[Section, ...] = (Section.HVOR, Section.HVORDAN, Section.ENKLERE, Section.LYKKES, Section.SAMSKAPING)
STEP_NUMBERS: dict[Section, str] = {Section.HVOR: "1", Section.HVORDAN: "2", Section.ENKLERE: "3", Section.LYKKES: "4"}

ITEM_SECTION: dict[AnchorKind, Section] = {
    AnchorKind.GOAL: Section.HVOR,
    AnchorKind.ACTIVITY: Section.ENKLERE,
    AnchorKind.SUPPORT_NEED: Section.ENKLERE,
    AnchorKind.INDICATOR: Section.LYKKES,
    AnchorKind.PARTICIPANT: Section.SAMSKAPING,
}


def section_key(section: Section) -> AnchorKey:
    return (AnchorKind.SECTION.value, section.value)


def remark_key(remark: Remark) -> AnchorKey:
    return (remark.anchor_kind.value, remark.anchor_id)


def section_of_anchor(kind: AnchorKind, anchor_id: str) -> Section:
    if kind is AnchorKind.SECTION:
        try:
            return Section(anchor_id)
        except ValueError:
            return Section.HELE
    return ITEM_SECTION[kind]


def section_title(section: Section) -> str:
    number = STEP_NUMBERS.get(section, "")
    return f"{number}  {section.label}" if number else section.label


@dataclass(frozen=True, slots=True)
class Block:
    """One read-only piece of the agreement.

    ``key`` is the remark anchor; ``kind`` is "agreement", "section" or the item kind; ``fields``
    lists the text fields a section block shows (a compare difference on a text field marks it).
    """

    key: AnchorKey
    section: Section
    kind: str
    meta: str  # a small line above: "Mål 2 · Tiltak"
    heading: str
    html: str  # the body as Qt rich text (already escaped)
    fields: tuple[str, ...] = ()

    @property
    def item_id(self) -> str:
        return self.key[1]


def _muted(text: str) -> str:
    return f'<span style="color:{theme.MUTED}">{text}</span>'


def agreement_header_html(full: FullAgreement) -> str:
    rev = full.revision
    leader = full.leader.name if full.leader else "–"
    director = full.director.name if full.director else "–"
    lines = [
        escape(f"{full.municipality.name} · {full.service_area.name}"),
        escape(_("Revisjon {n} · Status: {status}", n=rev.number, status=str(rev.status.label))),
        escape(_("Enhetsleder: {leader} · Direktør: {director}", leader=leader, director=director)),
    ]
    return _muted("<br>".join(lines))


def agreement_blocks(full: FullAgreement) -> list[Block]:
    """The agreement as blocks, in reading order, from its outline (the same parts the PDF shows):
    one block per part with its answers, one per item it anchors (goals, table rows)."""
    rev = full.revision
    outline = build_outline(full, include_remarks=False)
    parts = {p.kind: p for p in outline.parts}
    threads = {
        g.anchor[1]: g for g in parts[PartKind.RED_THREAD].blocks if isinstance(g, Group) and g.anchor is not None
    }
    goals = sorted(rev.content.goals, key=lambda g: (g.position, g.id))
    goal_no = {g.id: n for n, g in enumerate(goals, start=1)}
    number_of = {a.id: goal_no[g.id] for g in goals for a in g.activities}
    number_of.update({i.id: goal_no[g.id] for g in goals for i in g.indicators})
    by_id = {g.id: g for g in goals}
    out = [
        Block(
            section_key(Section.HELE), Section.HELE, "agreement", _("Hele avtalen"),
            _("Enhetsavtale {year} – {unit}", year=rev.year, unit=full.unit.name), agreement_header_html(full),
        )
    ]
    for kind in ITEM_PARTS:
        part = parts[kind]
        section = part.section or Section(kind.value)
        answers, fields, items = _answers_and_items(part.blocks)
        out.append(Block(section_key(section), section, "section", "", section_title(section), answers, fields))
        for anchor, heading, body, index in items:
            item_kind = AnchorKind(anchor[0])
            if item_kind is AnchorKind.GOAL:
                goal = by_id.get(anchor[1])
                thread = threads.get(anchor[1])
                extra = "".join(block_html(b) for b in (thread.blocks[1:] if thread else ()))
                out.append(Block(
                    anchor, section, "goal", _("Mål {n}", n=goal_no.get(anchor[1], index)),
                    (goal.text.strip() if goal else heading) or _("(uten tekst)"), body + extra,
                ))
                continue
            n = number_of.get(anchor[1])
            meta = str(ITEM_NAMES[item_kind]) if n is None else _("Mål {n} · {what}", n=n, what=str(ITEM_NAMES[item_kind]))
            out.append(Block(anchor, section, item_kind.value, meta, heading or _("(uten tekst)"), body))
    return out


ITEM_PARTS = (PartKind.HVOR, PartKind.HVORDAN, PartKind.ENKLERE, PartKind.LYKKES, PartKind.SAMSKAPING)
ITEM_NAMES = {
    AnchorKind.GOAL: N_("Mål"),
    AnchorKind.ACTIVITY: N_("Tiltak"),
    AnchorKind.INDICATOR: N_("Indikator"),
    AnchorKind.SUPPORT_NEED: N_("Støttebehov"),
    AnchorKind.PARTICIPANT: N_("Deltaker"),
}


def _answers_and_items(
    blocks: tuple[OutlineBlock, ...],
) -> tuple[str, tuple[str, ...], list[tuple[AnchorKey, str, str, int]]]:
    """A part's answers as one rich text (with the fields they show), and its anchored items:
    (anchor, heading, body, position)."""
    answers: list[str] = []
    fields: list[str] = []
    items: list[tuple[AnchorKey, str, str, int]] = []
    heading = ""
    goal: list[str] | None = None  # the body of the goal being collected
    for block in blocks:
        if isinstance(block, Heading):
            goal = None
            heading = text(block.text)
            if block.anchor is not None:
                items.append((block.anchor, heading, "", len(items) + 1))
                goal = []
            continue
        if goal is not None and isinstance(block, UserText):
            anchor, head, _body, index = items[-1]
            items[-1] = (anchor, head, block_html(block), index)
            continue
        if isinstance(block, Labelled | UserText) and block.field:
            title = block.label if isinstance(block, Labelled) else heading
            answers.append(block_html(Labelled(title, block.text, block.empty)))
            fields.append(block.field)
        elif isinstance(block, Table) and block.anchors:
            for row_anchor, row in zip(block.anchors, block.rows, strict=True):
                if row_anchor is None:
                    continue
                anchor = row_anchor
                body = " · ".join(
                    f"{escape(text(col.header))}: {escape(text(cell.text))}"
                    + (f" ({escape(text(cell.note))})" if cell.note else "")
                    for col, cell in zip(block.columns[1:], row[1:], strict=False)
                    if text(cell.text).strip() not in ("", "–")
                )
                note = f"{escape(text(row[0].note))}<br>" if row[0].note else ""
                items.append((anchor, text(row[0].text), note + _muted(body), len(items) + 1))
    return "".join(answers), tuple(fields), items


def blocks_of_section(blocks: list[Block], section: Section) -> list[Block]:
    return [b for b in blocks if b.section is section]


# --- the widget ------------------------------------------------------------------------------------------

# card colours per kind and per mark (a DiffKind value): (background, border, left bar or "")
_KIND_COLOURS: dict[str, tuple[str, str, str]] = {
    "section": ("#F7F9FB", theme.BORDER, ""),
    "agreement": (theme.ACCENT_SOFT, "#C7DBF0", ""),
}
_MARK_COLOURS: dict[str, tuple[str, str, str]] = {
    "added": (theme.RESULTAT.bg, theme.RESULTAT.border, theme.RESULTAT.fg),
    "removed": (theme.ERROR.bg, theme.ERROR.border, theme.ERROR.fg),
    "changed": (theme.NUDGE.bg, theme.NUDGE.border, "#B7791F"),
    "moved": (theme.SIGNED.bg, theme.SIGNED.border, theme.SIGNED.fg),
}


class BlockView(QWidget):
    """One block as a card: a rich-text document laid out and painted by the widget itself.

    A word-wrapped rich-text QLabel re-lays its text out for every height-for-width question, which
    made building two full agreements side by side take ~170 ms; this widget keeps one
    QTextDocument and caches its height per width. ``scale`` enlarges the type (meeting mode).
    The properties ``mark`` ("" or a DiffKind value) and ``flash`` are kept as Qt properties too.
    """

    RADIUS = 8.0

    def __init__(self, block: Block, parent: QWidget | None = None, *, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.block = block
        self.setObjectName("Block")
        self.setProperty("kind", block.kind)
        self.setProperty("mark", "")
        self.setProperty("flash", "")
        pad = round(12 * scale)
        self._margins = (pad + 4, pad - 2, pad, pad)  # left, top, right, bottom
        self.doc = QTextDocument(self)
        self.doc.setDocumentMargin(0)
        self.doc.setUndoRedoEnabled(False)
        font = QFont(QApplication.font())
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        self.doc.setDefaultFont(font)
        self.doc.setDefaultStyleSheet(f"body {{ color: {theme.TEXT}; }}")
        self.doc.setHtml(self.html(block))
        self._width = -1
        self._height = 0
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(f"{block.meta} {block.heading}".strip())
        self.setAccessibleDescription(self.doc.toPlainText())
        self.setToolTipDuration(-1)

    @staticmethod
    def html(block: Block) -> str:
        size = "+2" if block.kind in ("section", "agreement") else "+0"
        parts = []
        if block.meta:
            parts.append(f'<span style="color:{theme.MUTED}"><small>{escape(block.meta)}</small></span><br>')
        if block.heading:
            parts.append(f'<b><font size="{size}">{escape(block.heading)}</font></b>')
            if block.html:
                parts.append("<br><br>" if block.kind == "section" else "<br>")
        parts.append(block.html)
        return "".join(parts)

    def text(self) -> str:
        return self.doc.toPlainText()

    # --- size -----------------------------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width != self._width:
            left, top, right, bottom = self._margins
            self.doc.setTextWidth(max(40, width - left - right))
            self._width = width
            self._height = math.ceil(self.doc.size().height()) + top + bottom
        return self._height

    def sizeHint(self) -> QSize:
        width = self._width if self._width > 0 else 480
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.heightForWidth(event.size().width())

    # --- marks -------------------------------------------------------------------------------------------------

    def set_mark(self, mark: str) -> None:
        """"" or a DiffKind value: colours the block."""
        if self.property("mark") != mark:
            self.setProperty("mark", mark)
            self.update()

    def set_flash(self, on: bool) -> None:
        self.setProperty("flash", "true" if on else "")
        self.update()

    # --- painting -----------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        mark = str(self.property("mark") or "")
        bg, border, bar = _MARK_COLOURS.get(mark) or _KIND_COLOURS.get(self.block.kind) or (theme.SURFACE, theme.BORDER, "")
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        path = QPainterPath()
        path.addRoundedRect(rect, self.RADIUS, self.RADIUS)
        p.fillPath(path, QColor(bg))
        if bar:
            p.save()
            p.setClipPath(path)
            p.fillRect(QRectF(rect.left(), rect.top(), 5, rect.height()), QColor(bar))
            p.restore()
        flash = self.property("flash") == "true"
        p.setPen(QPen(QColor(theme.ACCENT if flash else border), 2.0 if flash else 1.0))
        p.drawPath(path)
        left, top, _right, _bottom = self._margins
        if self._width != self.width():
            self.heightForWidth(self.width())
        p.translate(left, top)
        self.doc.drawContents(p)
        p.end()
