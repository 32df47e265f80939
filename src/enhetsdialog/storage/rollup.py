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
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import ItemKind, Status
from enhetsdialog.domain.model import Goal, GoalAssessment, Measurement, Plan, PlanGoal
from enhetsdialog.domain.rollup import UnitAgreement, in_force
from enhetsdialog.storage import repo
from enhetsdialog.storage.followup_rows import assessment_from_row, measurement_from_row
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
        return repo.plans(self.s), repo.plan_goals(self.s)

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
        for chunk in _chunks(ids):
            for r in self._rows(MEASUREMENT, chunk):
                measurements[r.revision_id].append(measurement_from_row(r))
            for r in self._rows(ASSESSMENT, chunk):
                assessments[r.revision_id].append(assessment_from_row(r))
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

    def _rows(self, table: Table, revision_ids: list[str]) -> list[Any]:
        return list(self.s.execute(select(table).where(table.c.revision_id.in_(revision_ids))).all())

    def _goals(self, ids: list[str]) -> dict[str, list[Goal]]:
        """The goals of each revision (by position), with plan links, SDGs and indicators."""
        by_key: dict[tuple[str, str], Goal] = {}
        per_revision: dict[str, list[tuple[int, str, Goal]]] = defaultdict(list)
        for chunk in _chunks(ids):
            for r in self._rows(GOAL, chunk):
                g: Goal = repo.item_from_row(ItemKind.GOAL, r)
                by_key[(r.revision_id, r.id)] = g
                per_revision[r.revision_id].append((r.position, r.id, g))
            for r in self._rows(GOAL_PLAN, chunk):
                found = by_key.get((r.revision_id, r.goal_id))
                if found is not None:
                    found.plan_goal_ids.append(r.plan_goal_id)
            for r in self._rows(GOAL_SDG, chunk):
                found = by_key.get((r.revision_id, r.goal_id))
                if found is not None:
                    found.sdgs.append(r.sdg)
            for r in sorted(self._rows(INDICATOR, chunk), key=lambda r: (r.position, r.id)):
                found = by_key.get((r.revision_id, r.goal_id))
                if found is not None:
                    found.indicators.append(repo.item_from_row(ItemKind.INDICATOR, r))
        return {rid: [g for _p, _i, g in sorted(rows, key=lambda t: (t[0], t[1]))] for rid, rows in per_revision.items()}
