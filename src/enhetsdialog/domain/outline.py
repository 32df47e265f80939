"""One outline of an agreement, built once, rendered by every adapter (PDF, plain text, later Qt).

``build_outline(full)`` turns a :class:`~enhetsdialog.domain.model.FullAgreement` into an
:class:`Outline`: document metadata and a tuple of :class:`Part` (cover, red thread, the four
questions, Samskaping, appendices, signatures), each a tuple of blocks. Nothing here knows about
pages, fonts, colours or widgets; an adapter walks the blocks and decides how each kind looks.

Texts are of two kinds (``Text = str | LazyText``):

* **our words** (labels, headings, sentences) are :class:`~enhetsdialog.i18n.LazyText` made with
  ``N_``: they are translated when an adapter turns them into text (``str(x)`` or
  ``i18n.text(x)``), so one outline renders in bokmål, nynorsk or English — wrap the rendering in
  ``i18n.using(lang)``;
* **the user's words** (goal texts, descriptions, names) are plain ``str`` and are shown exactly as
  typed; adapters must never read them as markup.

Block kinds (all frozen dataclasses; match on the type):

=================  ==============================================================================
``Heading``        ``text``, ``level`` (1 = part, 2, 3: never skips a level), ``style`` hint
``Paragraph``      one paragraph of our own words or of data, with a ``tone``
``UserText``       the user's free text (may hold line breaks), ``empty`` shown when blank
``Labelled``       a label and the user's free text under it
``Facts``          labelled values (label → value rows), e.g. the cover's key facts
``ItemList``       a list of items (texts)
``Table``          ``columns`` (header + relative width), ``rows`` of :class:`Cell`, optional
                   ``caption``; ``kind`` names the table so an adapter may pick exact widths
``SdgTiles``       the UN sustainable development goals of a goal, with colour and alt text
``Group``          blocks that belong together (an adapter may keep them on one page)
``Thread``         a remark with its replies (remarks appendix)
``SignatureBlock`` the parties, the fingerprint and the signature fields
``Chart``          an indicator's values per period against target and baseline (year report)
=================  ==============================================================================

A year report reuses the same blocks (e.g. a follow-up part whose tables hold measured values):
add parts, not block kinds, where you can.
"""

from __future__ import annotations

from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.outline_back import BackParts
from enhetsdialog.domain.outline_blocks import (
    DASH,
    FINAL_STATUSES,
    SIGNATURE_FIELDS,
    Block,
    Cell,
    Chart,
    ChartSeries,
    Column,
    Facts,
    Group,
    Heading,
    ItemList,
    Labelled,
    Outline,
    Paragraph,
    Part,
    PartKind,
    Party,
    Reply,
    SdgTile,
    SdgTiles,
    SignatureBlock,
    Table,
    Thread,
    Tone,
    UserText,
    format_date,
    format_datetime,
    goal_title,
    is_draft,
    label,
    short,
)
from enhetsdialog.domain.outline_front import FrontParts
from enhetsdialog.i18n import N_


def build_outline(
    full: FullAgreement, *, include_remarks: bool = True, signature_fields: bool | None = None
) -> Outline:
    """The outline of ``full``. ``include_remarks`` adds the appendices (meeting notes, remarks);
    ``signature_fields`` None: the signature block names fields unless the revision is a draft."""
    return _Builder(full, include_remarks=include_remarks, signature_fields=signature_fields).outline()



def texts(outline: Outline) -> list[str]:
    """Every text the outline shows, in the current language and reading order (tests, checks)."""
    out: list[str] = []

    def add(*values: object) -> None:
        out.extend(s for s in (str(v) for v in values if v is not None) if s)

    def walk(block: Block) -> None:
        if isinstance(block, Heading | Paragraph):
            add(block.text)
        elif isinstance(block, UserText):
            add(block.text if block.text.strip() else block.empty)
        elif isinstance(block, Labelled):
            add(block.label, block.text if block.text.strip() else block.empty)
        elif isinstance(block, Facts):
            for k, v in block.rows:
                add(k, v)
        elif isinstance(block, ItemList):
            add(*block.items)
        elif isinstance(block, Table):
            add(block.caption, *(c.header for c in block.columns))
            for row in block.rows:
                for cell in row:
                    add(cell.text, cell.note)
        elif isinstance(block, SdgTiles):
            add(*(t.name for t in block.tiles))
        elif isinstance(block, Group):
            for b in block.blocks:
                walk(b)
        elif isinstance(block, Thread):
            add(block.heading, block.byline, block.text or block.empty)
            for r in block.replies:
                add(r.byline, r.text)
        elif isinstance(block, SignatureBlock):
            add(block.statement)
            for p in block.parties:
                add(p.role_label, p.name, p.title)

    for part in outline.parts:
        if part.kind is not PartKind.COVER:
            add(part.heading, part.lead)
        for block in part.blocks:
            walk(block)
    return out


class _Builder(FrontParts, BackParts):
    def outline(self) -> Outline:
        full, rev = self.full, self.rev
        parts = [self.cover(), self.red_thread(), self.where(), self.how(), self.easier(), self.success()]
        parts.append(self.cocreation())
        if self.include_remarks and any(v.strip() for v in rev.meeting_notes.values()):
            parts.append(self.meeting())
        if self.include_remarks and full.remarks:
            parts.append(self.remarks())
        parts.append(self.signatures())
        authors = tuple(p.name for p in (full.leader, full.director) if p is not None and p.name.strip())
        return Outline(
            title=N_(
                "Enhetsavtale {year} – {unit} (revisjon {number})",
                year=rev.year,
                unit=full.unit.name,
                number=rev.number,
            ),
            subject=N_(
                "Enhetsavtale for {year} mellom {unit} og {area}, {municipality}",
                year=rev.year,
                unit=full.unit.name,
                area=full.service_area.name,
                municipality=full.municipality.name,
            ),
            running_header=N_(
                "Enhetsavtale {year} · {unit} · Revisjon {number}",
                year=rev.year,
                unit=short(full.unit.name, 60),
                number=rev.number,
            ),
            status=N_("UTKAST – ikke signert") if self.draft else label(rev.status.label),
            draft=self.draft,
            fingerprint=self.fingerprint,
            year=rev.year,
            revision=rev.number,
            unit=full.unit.name,
            municipality=full.municipality.name,
            document_id=rev.id,
            authors=authors or (full.unit.name,),
            parts=tuple(parts),
        )


__all__ = [
    "DASH",
    "FINAL_STATUSES",
    "SIGNATURE_FIELDS",
    "Block",
    "Cell",
    "Chart",
    "ChartSeries",
    "Column",
    "Facts",
    "Group",
    "Heading",
    "ItemList",
    "Labelled",
    "Outline",
    "Paragraph",
    "Part",
    "PartKind",
    "Party",
    "Reply",
    "SdgTile",
    "SdgTiles",
    "SignatureBlock",
    "Table",
    "Thread",
    "Tone",
    "UserText",
    "build_outline",
    "format_date",
    "format_datetime",
    "goal_title",
    "is_draft",
    "label",
    "short",
    "texts",
]
