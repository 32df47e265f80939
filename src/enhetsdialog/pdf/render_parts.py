"""Walking the outline's parts for the PDF: page breaks, spacing and the per-block flowables."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from enhetsdialog.domain import outline as o
from enhetsdialog.i18n import N_
from enhetsdialog.i18n import text as shown
from enhetsdialog.pdf.render_blocks import Story
from enhetsdialog.pdf.render_flowables import SdgTilesFlowable, SignatureArea
from enhetsdialog.pdf.render_tags import Node

PAGE_BREAK_BEFORE = frozenset(
    {o.PartKind.HVOR, o.PartKind.MEETING, o.PartKind.REMARKS, o.PartKind.SIGNATURES}
)


class PdfStory(Story):
    def build(self) -> list[Flowable]:
        for part in self.outline.parts:
            sect = self.add(self.root, "Sect")
            if part.kind is o.PartKind.COVER:
                self.cover(sect, part)
                continue
            if part.kind in PAGE_BREAK_BEFORE:
                self.story.append(PageBreak())
            elif part.kind is not o.PartKind.RED_THREAD:
                self.story.append(CondPageBreak(60 * mm))
            self.heading(sect, o.Heading(part.heading, 1))
            if part.lead is not None:
                self.para(sect, part.lead, self.s.lead)
            for block in part.blocks:
                self.block(sect, block)
        return self.story

    def cover(self, sect: Node | None, part: o.Part) -> None:
        self.story.append(Spacer(1, 14 * mm))
        notice = False
        for block in part.blocks:
            if isinstance(block, o.Paragraph) and block.tone is o.Tone.NOTICE:
                notice = True
            if isinstance(block, o.Facts) and not notice:
                self.story.append(Spacer(1, 8 * mm))
            if isinstance(block, o.Heading) and block.level == 2:
                self.story.append(Spacer(1, 8 * mm))
            self.block(sect, block)
        self.story.append(PageBreak())

    def block(self, parent: Node | None, block: o.Block) -> None:
        s = self.s
        if isinstance(block, o.Heading):
            self.heading(parent, block)
        elif isinstance(block, o.Paragraph):
            style = {
                o.Tone.LEAD: s.lead,
                o.Tone.MUTED: s.muted,
                o.Tone.NOTICE: s.notice,
                o.Tone.SUBTITLE: s.subtitle,
                o.Tone.CODE: self._fp_style,
            }.get(block.tone, s.body)
            self.para(parent, block.text, style)
        elif isinstance(block, o.UserText):
            self.user_text(parent, block.text, block.empty)
        elif isinstance(block, o.Labelled):
            self.para(parent, block.label, s.label)
            self.user_text(parent, block.text, block.empty)
            self.story.append(Spacer(1, 4))
        elif isinstance(block, o.Facts):
            self.facts(parent, block)
        elif isinstance(block, o.ItemList):
            node = self.add(parent, "L")
            for item in block.items:
                self.story.append(self.p(item, s.body, self.add(self.add(node, "LI"), "LBody")))
        elif isinstance(block, o.Table):
            self.story.append(self.table(parent, block))
            if block.kind in ("activities", "indicators"):
                self.story.append(Spacer(1, 6))
        elif isinstance(block, o.SdgTiles):
            tiles = [(t.number, shown(t.name), t.colour, shown(t.alt)) for t in block.tiles]
            self.story.append(SdgTilesFlowable(tiles, self.add(parent, "L")))
        elif isinstance(block, o.Group):
            self.group(parent, block)
        elif isinstance(block, o.Thread):
            self.thread(parent, block)
        elif isinstance(block, o.SignatureBlock):
            self.signatures(parent, block)

    def group(self, parent: Node | None, block: o.Group) -> None:
        outer, self.story = self.story, []
        for i, inner in enumerate(block.blocks):
            if i and isinstance(inner, o.SdgTiles | o.Paragraph) and isinstance(block.blocks[i - 1], o.Table):
                self.story.append(Spacer(1, 3))
            if i == 2 and isinstance(block.blocks[1], o.Paragraph):
                self.story.append(Spacer(1, 3))
            self.block(parent, inner)
        self.story.append(Spacer(1, 6))
        flowables, self.story = self.story, outer
        self.story.append(KeepTogether(flowables) if block.keep_together else flowables)

    def thread(self, parent: Node | None, block: o.Thread) -> None:
        s = self.s
        self.para(parent, block.heading, s.h3, role="H2")
        self.para(parent, block.byline, s.muted)
        self.user_text(parent, block.text, block.empty)
        for reply in block.replies:
            self.para(parent, reply.byline, self._reply_head)
            for line in reply.text.split("\n"):
                if line.strip():
                    self.para(parent, line, s.reply)
                else:
                    self.story.append(Spacer(1, 4))
        self.story.append(Spacer(1, 4))

    def signatures(self, parent: Node | None, block: o.SignatureBlock) -> None:
        s = self.s
        self.para(parent, block.statement, s.body)
        fp = block.fingerprint
        self.para(parent, " ".join(fp[i : i + 8] for i in range(0, len(fp), 8)), self._fp_style)
        if block.notice is not None:
            self.para(parent, block.notice, s.notice)
        for party in block.parties:
            self.story.append(Spacer(1, 6 * mm))
            role = shown(party.role_label)
            texts = (role, shown(party.name), party.title, shown(block.field_caption if party.field else block.no_field_caption))
            tooltip = shown(N_("Signatur – {role}", role=role))
            self.story.append(SignatureArea(texts, party.field, tooltip, self.layout, self.add(parent, "Div")))
        self.story.append(Spacer(1, 10 * mm))
        self.para(parent, block.footnote, s.muted)
