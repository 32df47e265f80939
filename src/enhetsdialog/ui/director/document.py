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

from enhetsdialog.domain.compare import TEXT_SECTIONS
from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Section
from enhetsdialog.domain.model import FullAgreement, Goal, Remark
from enhetsdialog.domain.rules import format_grouped
from enhetsdialog.domain.sdg import SDG_BY_NUMBER

from enhetsdialog.ui import theme
from enhetsdialog.ui.i18n import tr

AnchorKey = tuple[str, str]  # (AnchorKind value, anchor id): what a remark is attached to

# The steps of the agreement in the order the document and the meeting show them.
STEPS: tuple[Section, ...] = (Section.HVOR, Section.HVORDAN, Section.ENKLERE, Section.LYKKES, Section.SAMSKAPING)
STEP_NUMBERS: dict[Section, str] = {Section.HVOR: "1", Section.HVORDAN: "2", Section.ENKLERE: "3", Section.LYKKES: "4"}

TEXT_TITLES: dict[str, str] = {
    "challenges": "Utfordringer",
    "value_open": "Åpen",
    "value_competent": "Kompetent",
    "value_brave": "Modig",
    "courage_trials": "Tegn på modighet – dette prøver vi",
    "courage_learning": "Slik lærer vi av det som lykkes og det som ikke gjør det",
    "culture_leadership": "Kultur, ledelse og relasjoner",
    "structures": "Strukturer, systemer og verktøy",
    "follow_up_plan": "Plan for oppfølging",
    "users_voice": "Brukernes stemme",
}

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
    return f"{number}  {tr(section.label)}" if number else tr(section.label)


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


def _para(text: str) -> str:
    return escape(text.strip()).replace("\n", "<br>")


def _muted(text: str) -> str:
    return f'<span style="color:{theme.MUTED}">{text}</span>'


def _empty() -> str:
    return _muted(f"<i>{escape(tr('Ikke fylt ut'))}</i>")


def _ordered(items: list) -> list:  # type: ignore[type-arg]
    return sorted(items, key=lambda x: x.position)


def _sdg_html(number: int) -> str:
    sdg = SDG_BY_NUMBER.get(number)
    if sdg is None:
        return escape(str(number))
    fg = theme.readable_on(sdg.colour)
    return f'<span style="background-color:{sdg.colour}; color:{fg}">&nbsp;{number} {escape(sdg.name)}&nbsp;</span>'


def _goal_html(full: FullAgreement, g: Goal) -> str:
    parts: list[str] = []
    if g.description.strip():
        parts.append(_para(g.description))
    for pid in g.plan_goal_ids:
        pg = full.plan_goals.get(pid)
        if pg is not None:
            plan = full.plans.get(pg.plan_id)
            where = f" ({escape(plan.name)})" if plan else ""
            parts.append(_muted(f"↑ {escape(pg.code)} {escape(pg.text)}{where}"))
    if g.sdgs:
        parts.append(" ".join(_sdg_html(n) for n in sorted(g.sdgs)))
    if not g.plan_goal_ids and not g.sdgs:
        parts.append(_muted(escape(tr("Ikke knyttet til plannivå eller bærekraftsmål."))))
    return "<br>".join(parts)


def agreement_header_html(full: FullAgreement) -> str:
    rev = full.revision
    leader = full.leader.name if full.leader else "–"
    director = full.director.name if full.director else "–"
    lines = [
        escape(f"{full.municipality.name} · {full.service_area.name}"),
        escape(tr("Revisjon {n} · Status: {status}", n=rev.number, status=tr(rev.status.label))),
        escape(tr("Enhetsleder: {leader} · Direktør: {director}", leader=leader, director=director)),
    ]
    return _muted("<br>".join(lines))


def agreement_blocks(full: FullAgreement) -> list[Block]:
    """The agreement as blocks, in reading order. Pure: reads ``full``, builds strings."""
    rev, c = full.revision, full.revision.content
    goals = _ordered(c.goals)
    goal_no = {g.id: n for n, g in enumerate(goals, start=1)}
    out = [
        Block(
            section_key(Section.HELE), Section.HELE, "agreement", tr("Hele avtalen"),
            tr("Enhetsavtale {year} – {unit}", year=rev.year, unit=full.unit.name), agreement_header_html(full),
        )
    ]

    def section_block(section: Section) -> None:
        names = tuple(n for n, s in TEXT_SECTIONS.items() if s is section)
        parts = []
        for name in names:
            value = getattr(c, name)
            body = _para(value) if value.strip() else _empty()
            parts.append(f"<b>{escape(tr(TEXT_TITLES[name]))}</b><br>{body}")
        out.append(Block(section_key(section), section, "section", "", section_title(section), "<br><br>".join(parts), names))

    section_block(Section.HVOR)
    for g in goals:
        out.append(Block(
            (AnchorKind.GOAL.value, g.id), Section.HVOR, "goal", tr("Mål {n}", n=goal_no[g.id]),
            g.text.strip() or tr("(uten tekst)"), _goal_html(full, g),
        ))

    section_block(Section.HVORDAN)

    section_block(Section.ENKLERE)
    for g in goals:
        for a in _ordered(g.activities):
            due = a.deadline.strftime("%d.%m.%Y") if a.deadline else "–"
            details = tr("Ansvarlig: {who} · Frist: {due} · {status}", who=a.responsible or "–", due=due,
                         status=tr(a.status.label))
            out.append(Block(
                (AnchorKind.ACTIVITY.value, a.id), Section.ENKLERE, "activity",
                tr("Mål {n} · Tiltak", n=goal_no[g.id]), a.what.strip() or tr("(uten tekst)"), _muted(escape(details)),
            ))
    for need in _ordered(c.support_needs):
        out.append(Block(
            (AnchorKind.SUPPORT_NEED.value, need.id), Section.ENKLERE, "support_need",
            tr("Støtte fra {area}", area=tr(need.area.label)), need.need.strip() or tr("(uten tekst)"), "",
        ))

    section_block(Section.LYKKES)
    for g in goals:
        for i in _ordered(g.indicators):
            chip = theme.kind_chip(i.kind)
            kind = f'<span style="color:{chip.fg}; background-color:{chip.bg}">&nbsp;{escape(tr(i.kind.label))}&nbsp;</span>'
            base = format_grouped(i.baseline_value) or "–"
            target = format_grouped(i.target_value) or "–"
            year = f" ({i.baseline_year})" if i.baseline_year else ""
            unit = f" {i.unit_of_measure}" if i.unit_of_measure else ""
            lines = [
                kind + "&nbsp; " + escape(tr("Fra {base}{year} til {target}{unit} · {direction}", base=base, year=year,
                                             target=target, unit=unit, direction=tr(i.direction.label).lower())),
            ]
            if i.description.strip():
                lines.append(_para(i.description))
            extra = [x for x in (
                tr("Kilde: {src}", src=i.data_source) if i.data_source else "",
                tr(i.frequency.label) if i.frequency else "",
                tr("Ansvarlig: {who}", who=i.responsible) if i.responsible else "",
            ) if x]
            if extra:
                lines.append(_muted(escape(" · ".join(extra))))
            label = tr("Prosessindikator") if i.kind is IndicatorKind.PROSESS else tr("Resultatindikator")
            out.append(Block(
                (AnchorKind.INDICATOR.value, i.id), Section.LYKKES, "indicator", tr("Mål {n} · {kind}", n=goal_no[g.id], kind=label),
                i.name.strip() or tr("(uten navn)"), "<br>".join(lines),
            ))

    section_block(Section.SAMSKAPING)
    for p in _ordered(c.participants):
        who = " – ".join(x for x in (p.role.strip(), p.name.strip()) if x) or tr("(uten navn)")
        how = " · ".join(x for x in (p.how.strip(), p.when.strip()) if x)
        out.append(Block(
            (AnchorKind.PARTICIPANT.value, p.id), Section.SAMSKAPING, "participant", tr("Deltaker"), who,
            _muted(escape(how)) if how else "",
        ))
    return out


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
