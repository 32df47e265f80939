"""The director's roll-up as an outline (``domain.outline``'s blocks), for the PDF adapter: one part
per plan, a table per plan goal (unit, goal, indicators' status, assessment) or «ingen enhet
bidrar», then the SDGs."""

from __future__ import annotations

from collections import Counter

from enhetsdialog.domain.enums import IndicatorStatus
from enhetsdialog.domain.outline_blocks import (
    Block,
    Cell,
    Column,
    Facts,
    Heading,
    Outline,
    Paragraph,
    Part,
    PartKind,
    Table,
    Tone,
    label,
)
from enhetsdialog.domain.rollup import Contribution, PlanGoalRollup, Rollup, plan_title
from enhetsdialog.i18n import N_, Text

NOBODY = N_("Ingen enhet bidrar")

COLUMNS = (
    Column(N_("Enhet"), 42),
    Column(N_("Enhetens mål"), 70),
    Column(N_("Indikatorer"), 38),
    Column(N_("Vurdering"), 24),
)


def statuses(c: Contribution) -> str:
    counts: Counter[IndicatorStatus] = Counter(i.status for i in c.indicators)
    return "\n".join(f"{label(s.label)}: {n}" for s, n in counts.items())


def contribution_rows(contributions: tuple[Contribution, ...]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (
            Cell(c.unit_name, note=label(c.agreement_status.label), row_header=True),
            Cell(N_("Mål {n}: {text}", n=c.goal_number, text=c.goal_text or N_("(uten tekst)"))),
            Cell(statuses(c) or N_("ingen indikatorer")),
            Cell(label(c.assessment.label) if c.assessment else N_("ikke vurdert"), strong=bool(c.assessment)),
        )
        for c in contributions
    )


def plan_goal_blocks(row: PlanGoalRollup) -> list[Block]:
    head: Text = f"{row.plan_goal.code} {row.plan_goal.text}".strip()
    blocks: list[Block] = [Heading(head, 3, style="minor", bookmark=False)]
    if row.nobody:
        blocks.append(Paragraph(NOBODY, Tone.NOTICE))
    elif not row.contributions:
        blocks.append(
            Paragraph(N_("Ingen enhet direkte; {n} enheter bidrar gjennom delmålene.", n=row.units_via_subgoals), Tone.MUTED)
        )
    else:
        blocks.append(Table("rollup", COLUMNS, contribution_rows(row.contributions)))
    return blocks


def rollup_outline(r: Rollup) -> Outline:
    area: Text = r.area or N_("alle tjenesteområder")
    nobody = sum(1 for row in r.plan_goals if row.nobody)
    cover: list[Block] = [
        Heading(N_("Den røde tråden {year}", year=r.year), 1, style="title"),
        Paragraph(area, Tone.SUBTITLE),
        Facts(
            (
                (N_("År"), str(r.year)),
                (N_("Avtaler"), str(r.agreements)),
                (N_("Planmål"), str(len(r.plan_goals))),
                (N_("Planmål ingen enhet bidrar til"), str(nobody)),
            )
        ),
    ]
    parts = [Part(PartKind.COVER, N_("Forside"), tuple(cover))]
    plan_id = None
    blocks: list[Block] = []
    title: Text = ""
    for row in r.plan_goals:
        if row.plan.id != plan_id:
            if plan_id is not None:
                parts.append(Part(PartKind.RESULTS, title, tuple(blocks)))
            plan_id, blocks = row.plan.id, []
            title = plan_title(str(label(row.plan.kind.label)), row.plan.name)
        blocks += plan_goal_blocks(row)
    if plan_id is not None:
        parts.append(Part(PartKind.RESULTS, title, tuple(blocks)))
    sdg_blocks: list[Block] = []
    for s in r.sdgs:
        sdg_blocks.append(Heading(N_("{number} {name}", number=s.sdg.number, name=label(s.sdg.name)), 3, style="minor",
                                  bookmark=False))
        if s.nobody:
            sdg_blocks.append(Paragraph(NOBODY, Tone.MUTED))
        else:
            sdg_blocks.append(Table("rollup", COLUMNS, contribution_rows(s.contributions)))
    parts.append(Part(PartKind.RESULTS, N_("FNs bærekraftsmål"), tuple(sdg_blocks)))
    if r.unlinked:
        parts.append(
            Part(PartKind.RESULTS, N_("Mål uten kobling til et planmål"), (Table("rollup", COLUMNS, contribution_rows(r.unlinked)),))
        )
    return Outline(
        title=N_("Den røde tråden {year} – {area}", year=r.year, area=area),
        subject=N_("Enhetenes bidrag til kommunens planmål og bærekraftsmålene i {year}", year=r.year),
        running_header=N_("Den røde tråden {year} · {area}", year=r.year, area=area),
        status=N_("Sammenstilling"),
        draft=False,
        fingerprint="",
        year=r.year,
        revision=0,
        unit="",
        municipality="",
        document_id="",
        authors=(),
        parts=tuple(parts),
    )
