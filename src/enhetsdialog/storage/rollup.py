"""What the director's roll-up reads (``domain/rollup.py``): one year's agreements in force with their
goals, plan and SDG links, indicators, measurements and assessments, in a few bulk SELECTs – never
one query per agreement (300 units over 3 years take well under 100 ms; ``bench/bench_report.py``).

Queries: the year's revisions (with unit and service area), then goals, plan links, SDG links,
indicators, measurements and assessments of the chosen revisions (each one SELECT per 500
revisions), and the catalogue (plans, plan goals, their SDGs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import Assessment, Direction, Frequency, IndicatorKind, Status
from enhetsdialog.domain.model import Goal, GoalAssessment, Indicator, Measurement, Plan, PlanGoal
from enhetsdialog.domain.rollup import UnitAgreement, in_force
from enhetsdialog.storage import org_rows, repo
from enhetsdialog.storage.tables import (
    AGREEMENT,
    ASSESSMENT,
    GOAL,
    GOAL_PLAN,
    GOAL_SDG,
    INDICATOR,
    MEASUREMENT,
    REVISION,
    SERVICE_AREA,
    UNIT,
)

CHUNK = 500  # revision ids per IN (…): far below SQLite's limit on bound parameters


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


class RollupRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def catalogue(self) -> tuple[list[Plan], list[PlanGoal]]:
        return org_rows.plans(self.s), repo.plan_goals(self.s)

    def agreements(self, year: int, area: str | None = None) -> list[UnitAgreement]:
        """The agreement in force of every unit for ``year`` (only ``area``'s units when given)."""
        q = (
            select(
                REVISION.c.id,
                REVISION.c.agreement_id,
                REVISION.c.number,
                REVISION.c.status,
                UNIT.c.id.label("unit_id"),
                UNIT.c.name.label("unit_name"),
                SERVICE_AREA.c.name.label("area_name"),
            )
            .join(AGREEMENT, AGREEMENT.c.id == REVISION.c.agreement_id)
            .join(UNIT, UNIT.c.id == AGREEMENT.c.unit_id)
            .join(SERVICE_AREA, SERVICE_AREA.c.id == UNIT.c.service_area_id)
            .where(AGREEMENT.c.year == year)
        )
        if area is not None:
            q = q.where(SERVICE_AREA.c.name == area)
        per_agreement: dict[str, list[Any]] = defaultdict(list)
        for r in self.s.execute(q).all():
            per_agreement[r.agreement_id].append(r)
        heads: dict[str, Any] = {}
        for rows in per_agreement.values():
            chosen = in_force((r.id, r.number, Status(r.status)) for r in rows)
            heads.update({r.id: r for r in rows if r.id == chosen})
        ids = sorted(heads)
        goals = self._goals(ids)
        measurements: dict[str, list[Measurement]] = defaultdict(list)
        assessments: dict[str, list[GoalAssessment]] = defaultdict(list)
        m, a = MEASUREMENT.c, ASSESSMENT.c
        for chunk in _chunks(ids):
            for rm in self.s.execute(
                select(m.revision_id, m.indicator_id, m.period, m.value, m.id).where(m.revision_id.in_(chunk))
            ).all():
                measurements[rm[0]].append(Measurement(rm[1], rm[2], Decimal(rm[3]), id=rm[4]))
            for ra in self.s.execute(
                select(a.revision_id, a.goal_id, a.assessment, a.reflection, a.id).where(a.revision_id.in_(chunk))
            ).all():
                assessments[ra[0]].append(GoalAssessment(ra[1], Assessment(ra[2]), ra[3], id=ra[4]))
        return [
            UnitAgreement(
                revision_id=rid,
                unit_id=h.unit_id,
                unit_name=h.unit_name,
                service_area=h.area_name,
                number=h.number,
                status=Status(h.status),
                goals=tuple(goals.get(rid, [])),
                measurements=tuple(measurements.get(rid, [])),
                assessments=tuple(assessments.get(rid, [])),
            )
            for rid, h in heads.items()
        ]

    def _goals(self, ids: list[str]) -> dict[str, list[Goal]]:
        """The goals of each revision (by position) with plan links, SDGs and indicators: only the
        columns the roll-up shows, made into domain objects directly (no per-field decoding)."""
        by_key: dict[tuple[str, str], Goal] = {}
        per_revision: dict[str, list[Goal]] = defaultdict(list)
        g, i, lp, ls = GOAL.c, INDICATOR.c, GOAL_PLAN.c, GOAL_SDG.c
        for chunk in _chunks(ids):
            qg = select(g.revision_id, g.id, g.text, g.position).where(g.revision_id.in_(chunk))
            for rg in self.s.execute(qg.order_by(g.revision_id, g.position, g.id)).all():
                goal = Goal(text=rg[2], position=rg[3], id=rg[1])
                by_key[(rg[0], rg[1])] = goal
                per_revision[rg[0]].append(goal)
            for rl in self.s.execute(select(lp.revision_id, lp.goal_id, lp.plan_goal_id).where(lp.revision_id.in_(chunk))).all():
                found = by_key.get((rl[0], rl[1]))
                if found is not None:
                    found.plan_goal_ids.append(rl[2])
            for rs in self.s.execute(select(ls.revision_id, ls.goal_id, ls.sdg).where(ls.revision_id.in_(chunk))).all():
                found = by_key.get((rs[0], rs[1]))
                if found is not None:
                    found.sdgs.append(rs[2])
            qi = select(
                i.revision_id, i.goal_id, i.id, i.name, i.kind, i.unit_of_measure, i.direction, i.baseline_value,
                i.target_value, i.frequency, i.position,
            ).where(i.revision_id.in_(chunk))
            for r in self.s.execute(qi.order_by(i.revision_id, i.goal_id, i.position, i.id)).all():
                found = by_key.get((r[0], r[1]))
                if found is not None:
                    found.indicators.append(
                        Indicator(
                            name=r[3], kind=IndicatorKind(r[4]), unit_of_measure=r[5], direction=Direction(r[6]),
                            baseline_value=_dec(r[7]), target_value=_dec(r[8]),
                            frequency=Frequency(r[9]) if r[9] else None, position=r[10], id=r[2],
                        )
                    )
        return per_revision


def _dec(value: str | None) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None
