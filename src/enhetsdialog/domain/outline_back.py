"""Outline parts: questions 3 and 4, Samskaping, the appendices and the signatures (see domain.outline)."""

from __future__ import annotations

from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Role, Section
from enhetsdialog.domain.model import Activity, Indicator, Participant, Remark, SupportNeed
from enhetsdialog.domain.outline_blocks import (
    DASH,
    NO_GOALS,
    NOT_GIVEN,
    PART_TITLES,
    SIGNATURE_FIELDS,
    Block,
    Cell,
    Column,
    Context,
    Heading,
    Labelled,
    Paragraph,
    Part,
    PartKind,
    Party,
    Reply,
    SignatureBlock,
    Table,
    Thread,
    Tone,
    UserText,
    format_date,
    format_datetime,
    goal_title,
    label,
    or_dash,
    short,
)
from enhetsdialog.domain.rules import format_grouped
from enhetsdialog.i18n import N_, Text

MEETING_SUMMARY_KEY = "oppsummering"


class BackParts(Context):
    def easier(self) -> Part:
        c = self.c
        blocks: list[Block] = [
            Heading(N_("Strukturer, systemer og verktøy"), 2, bookmark=False),
            UserText(c.structures, field="structures"),
            Heading(N_("Behov fra støttesystemet"), 2, bookmark=False),
        ]
        needs: list[SupportNeed] = sorted(c.support_needs, key=lambda x: (x.position, x.id))
        if needs:
            columns: tuple[Column, ...] = (Column(N_("Område"), 32), Column(N_("Behov"), 138))
            rows: tuple[tuple[Cell, ...], ...] = tuple(
                (Cell(label(x.area.label), strong=True, row_header=True), Cell(x.need)) for x in needs
            )
            blocks.append(Table("support_needs", columns, rows, anchors=tuple(("support_need", x.id) for x in needs)))
        else:
            blocks.append(Paragraph(N_("Ingen behov er registrert."), Tone.MUTED))
        blocks.append(Heading(N_("Tiltak"), 2, bookmark=False))
        if not self.goals:
            blocks.append(Paragraph(NO_GOALS, Tone.MUTED))
        columns = (Column(N_("Tiltak"), 87), Column(N_("Ansvarlig"), 35), Column(N_("Frist"), 22))
        columns += (Column(N_("Status"), 26),)
        for n, goal in enumerate(self.goals, start=1):
            acts: list[Activity] = sorted(goal.activities, key=lambda a: (a.position, a.id))
            title = goal_title(n, goal)
            if not acts:
                blocks.append(Heading(title, 3, style="minor", bookmark=False))
                blocks.append(Paragraph(N_("Ingen tiltak er registrert for dette målet."), Tone.MUTED))
                continue
            rows = tuple(
                (
                    Cell(a.what),
                    Cell(or_dash(a.responsible)),
                    Cell(format_date(a.deadline) or DASH),
                    Cell(label(a.status.label)),
                )
                for a in acts
            )
            # the caption repeats on every page the table spans, so it must stay short
            caption = N_("Mål {n}: {text}", n=n, text=short(goal.text.strip(), 104) or N_("(uten tekst)"))
            anchors = tuple(("activity", a.id) for a in acts)
            blocks.append(Table("activities", columns, rows, caption=caption, anchors=anchors))
        return self.part(PartKind.ENKLERE, blocks, 3)

    def success(self) -> Part:
        blocks: list[Block] = [
            Heading(N_("Plan for oppfølging"), 2, bookmark=False),
            UserText(self.c.follow_up_plan, field="follow_up_plan"),
        ]
        groups = (
            (IndicatorKind.PROSESS, N_("Prosessindikatorer"), N_("Ingen prosessindikatorer er registrert for dette målet.")),
            (IndicatorKind.RESULTAT, N_("Resultatindikatorer"), N_("Ingen resultatindikatorer er registrert for dette målet.")),
        )
        for n, goal in enumerate(self.goals, start=1):
            blocks.append(Heading(goal_title(n, goal), 2))
            for kind, title, none in groups:
                indicators = sorted(goal.indicators_of(kind), key=lambda i: (i.position, i.id))
                if not indicators:
                    blocks.append(Heading(title, 3, style="minor", bookmark=False))
                    blocks.append(Paragraph(none, Tone.MUTED))
                    continue
                caption = N_("{title} – mål {n}", title=title, n=n)
                blocks.append(self.indicator_table(caption, indicators))
        return self.part(PartKind.LYKKES, blocks, 4)

    @staticmethod
    def indicator_table(caption: Text, indicators: list[Indicator]) -> Table:
        columns = (
            Column(N_("Indikator"), 48),
            Column(N_("Utgangsverdi (år)"), 18),
            Column(N_("Målverdi"), 15),
            Column(N_("Enhet"), 16),
            Column(N_("Retning"), 17),
            Column(N_("Datakilde og frekvens"), 30),
            Column(N_("Ansvarlig"), 26),
        )
        rows = []
        for x in indicators:
            baseline = format_grouped(x.baseline_value) or DASH
            if x.baseline_year is not None:
                baseline += f"\n({x.baseline_year})"
            rows.append(
                (
                    Cell(x.name or N_("(uten navn)"), note=x.description.strip() and x.description, strong=True),
                    Cell(baseline),
                    Cell(format_grouped(x.target_value) or DASH),
                    Cell(or_dash(x.unit_of_measure)),
                    Cell(label(x.direction.label)),
                    Cell(or_dash(x.data_source), note=label(x.frequency.label) if x.frequency else ""),
                    Cell(or_dash(x.responsible)),
                )
            )
        anchors = tuple(("indicator", x.id) for x in indicators)
        return Table("indicators", columns, tuple(rows), caption=caption, anchors=anchors)

    def cocreation(self) -> Part:
        blocks: list[Block] = [Heading(N_("Hvem har deltatt"), 2, bookmark=False)]
        people: list[Participant] = sorted(self.c.participants, key=lambda x: (x.position, x.id))
        if people:
            columns: tuple[Column, ...] = (Column(N_("Rolle"), 55), Column(N_("Navn"), 40), Column(N_("Hvordan"), 45))
            columns += (Column(N_("Når"), 30),)
            rows = tuple(
                (Cell(or_dash(x.role)), Cell(or_dash(x.name)), Cell(or_dash(x.how)), Cell(or_dash(x.when)))
                for x in people
            )
            blocks.append(Table("participants", columns, rows, anchors=tuple(("participant", x.id) for x in people)))
        else:
            blocks.append(Paragraph(N_("Ingen deltakere er registrert."), Tone.MUTED))
        blocks.append(Heading(N_("Brukernes stemme"), 2, bookmark=False))
        blocks.append(UserText(self.c.users_voice, field="users_voice"))
        return self.part(PartKind.SAMSKAPING, blocks)

    # --- appendices and signatures --------------------------------------------------------------------------

    def meeting(self) -> Part:
        notes = self.rev.meeting_notes
        order = [s.value for s in (Section.HVOR, Section.HVORDAN, Section.ENKLERE, Section.LYKKES)]
        order += [Section.SAMSKAPING.value, MEETING_SUMMARY_KEY]
        keys = [k for k in order if k in notes] + sorted(k for k in notes if k not in order)
        blocks: list[Block] = []
        for key in keys:
            if not notes[key].strip():
                continue
            if key == MEETING_SUMMARY_KEY:
                title: Text = N_("Oppsummering")
            elif key in Section.__members__.values():
                title = PART_TITLES.get(PartKind(key), label(Section(key).label))
            else:
                title = key
            blocks.append(Labelled(title, notes[key]))
        return self.part(PartKind.MEETING, blocks)

    def anchor_label(self, remark: Remark) -> Text:
        kind, anchor = remark.anchor_kind, remark.anchor_id
        if kind is AnchorKind.SECTION:
            try:
                return N_("Del: {section}", section=label(Section(anchor).label))
            except ValueError:
                return N_("Avtalen")
        for n, goal in enumerate(self.goals, start=1):
            if kind is AnchorKind.GOAL and goal.id == anchor:
                return N_("Mål {n}: {text}", n=n, text=short(goal.text))
            for a in goal.activities:
                if kind is AnchorKind.ACTIVITY and a.id == anchor:
                    return N_("Tiltak (mål {n}): {text}", n=n, text=short(a.what))
            for x in goal.indicators:
                if kind is AnchorKind.INDICATOR and x.id == anchor:
                    return N_("{kind} (mål {n}): {text}", kind=label(x.kind.label), n=n, text=short(x.name))
        for sn in self.c.support_needs:
            if kind is AnchorKind.SUPPORT_NEED and sn.id == anchor:
                return N_("Støttebehov: {area}", area=label(sn.area.label))
        for pt in self.c.participants:
            if kind is AnchorKind.PARTICIPANT and pt.id == anchor:
                return N_("Deltaker: {name}", name=short(pt.role or pt.name))
        return N_("Et punkt som ikke finnes i denne revisjonen")

    def remarks(self) -> Part:
        blocks: list[Block] = []
        remarks = sorted(self.full.remarks, key=lambda r: (r.created_at, r.id))
        for i, r in enumerate(remarks, start=1):
            state: Text = (
                N_("Løst {when}", when=format_datetime(r.resolved_at)) if r.resolved else N_("Åpen")
            )
            replies = tuple(
                Reply(
                    N_(
                        "Svar fra {author} ({role}), {when}",
                        author=x.author,
                        role=label(x.role.label),
                        when=format_datetime(x.created_at),
                    ),
                    x.text,
                )
                for x in sorted(r.replies, key=lambda x: (x.created_at, x.id))
            )
            blocks.append(
                Thread(
                    heading=N_("Merknad {n} · {anchor}", n=i, anchor=self.anchor_label(r)),
                    byline=N_(
                        "{author} ({role}), {when} · {state}",
                        author=r.author,
                        role=label(r.role.label),
                        when=format_datetime(r.created_at),
                        state=state,
                    ),
                    text=r.text,
                    replies=replies,
                )
            )
        return self.part(PartKind.REMARKS, blocks)

    def signatures(self) -> Part:
        full, rev = self.full, self.rev
        parties = tuple(
            Party(
                role=role,
                role_label=label(role.label),
                name=person.name if person else NOT_GIVEN,
                title=person.title if person else "",
                field=SIGNATURE_FIELDS[role] if self.with_fields else None,
            )
            for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director))
        )
        block = SignatureBlock(
            statement=N_(
                "Ved å signere bekrefter enhetsleder og direktør at de er enige om denne enhetsavtalen for "
                "{year} (revisjon {number}). Signaturene gjelder innholdet med dette fingeravtrykket "
                "(SHA-256 av avtaleinnholdet, som også ligger i filens metadata):",
                year=rev.year,
                number=rev.number,
            ),
            fingerprint=self.fingerprint,
            parties=parties,
            notice=(
                N_("Dette er et utkast. Avtalen signeres når partene er enige (status «Enighet»).")
                if self.draft
                else None
            ),
            footnote=N_(
                "Signaturene er digitale (PAdES) og legges inn i denne filen som trinnvise oppdateringer: "
                "først enhetsleder, deretter direktør. Enhver endring i innholdet etter signering kan påvises."
            ),
            field_caption=N_("Digital signatur (PAdES)"),
            no_field_caption=N_("Signeres ikke i et utkast"),
        )
        return self.part(PartKind.SIGNATURES, [block])

