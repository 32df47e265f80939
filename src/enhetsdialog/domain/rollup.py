"""The director's roll-up – the red thread seen from the top (pure).

For one year (optionally one service area): every plan goal of the catalogue, in the order of the
plan hierarchy (KPS → kommunedelplaner/temaplaner → HØP; within a plan, each goal followed by its
sub-goals), with the units whose goals link to it – each with its indicators' status and the
year-end assessment – and likewise every UN sustainable development goal. A plan goal or an SDG that
no unit's goal links to is shown as such («ingen enhet bidrar»); a plan goal whose sub-goals are
linked, but not the goal itself, says how many units contribute through them.

Which agreement of a unit counts: the one in force – the latest signed or archived revision of the
year, else the latest revision (its status is shown, so a draft is visible as a draft). The input is
what :mod:`enhetsdialog.storage.rollup` reads in a few bulk queries; the indicator status is the
follow-up's own rule (:func:`enhetsdialog.domain.followup.indicator_status`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from enhetsdialog.domain.enums import Assessment, Direction, IndicatorKind, Status
from enhetsdialog.domain.followup import IndicatorStatus, indicator_status, measurement_key
from enhetsdialog.domain.model import Goal, GoalAssessment, Measurement, Plan, PlanGoal, Sdg
from enhetsdialog.domain.sdg import SDGS

IN_FORCE = (Status.SIGNERT, Status.ARKIVERT)


# --- input (what storage reads) ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitAgreement:
    """One unit's agreement of the year (the revision in force) with its follow-up records."""

    revision_id: str
    unit_id: str
    unit_name: str
    service_area: str
    number: int
    status: Status
    goals: tuple[Goal, ...]  # sorted by position, with plan links, SDGs and indicators
    measurements: tuple[Measurement, ...] = ()
    assessments: tuple[GoalAssessment, ...] = ()


def in_force(revisions: Iterable[tuple[str, int, Status]]) -> str | None:
    """Of one agreement's revisions (id, number, status): the latest signed or archived one, else the
    latest one; None when there are none."""
    rows = sorted(revisions, key=lambda r: r[1])
    final = [r for r in rows if r[2] in IN_FORCE]
    chosen = final[-1] if final else (rows[-1] if rows else None)
    return chosen[0] if chosen else None


# --- output ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    indicator_id: str
    name: str
    kind: IndicatorKind
    unit_of_measure: str
    direction: Direction
    baseline: Decimal | None
    target: Decimal | None
    latest: Decimal | None
    latest_period: str  # "" when nothing is measured
    status: IndicatorStatus


@dataclass(frozen=True, slots=True)
class Contribution:
    """One unit goal that links to a plan goal (or an SDG): the unit, the goal and how it went."""

    revision_id: str
    unit_id: str
    unit_name: str
    service_area: str
    agreement_status: Status
    goal_id: str
    goal_number: int  # the goal's number in the agreement (1-based)
    goal_text: str
    indicators: tuple[IndicatorResult, ...]
    assessment: Assessment | None
    reflection: str

    def status_counts(self) -> dict[IndicatorStatus, int]:
        counts: dict[IndicatorStatus, int] = defaultdict(int)
        for i in self.indicators:
            counts[i.status] += 1
        return dict(counts)


@dataclass(frozen=True, slots=True)
class PlanGoalRollup:
    plan: Plan
    plan_goal: PlanGoal
    depth: int  # 0 for a goal without a parent in its plan, 1 for its sub-goals, ...
    contributions: tuple[Contribution, ...]
    units_via_subgoals: int = 0  # units that contribute through a sub-goal, not directly

    @property
    def units(self) -> int:
        return len({c.unit_id for c in self.contributions})

    @property
    def nobody(self) -> bool:
        """No unit contributes, not even through a sub-goal («ingen enhet bidrar»)."""
        return not self.contributions and not self.units_via_subgoals


@dataclass(frozen=True, slots=True)
class SdgRollup:
    sdg: Sdg
    contributions: tuple[Contribution, ...]

    @property
    def units(self) -> int:
        return len({c.unit_id for c in self.contributions})

    @property
    def nobody(self) -> bool:
        return not self.contributions


@dataclass(frozen=True, slots=True)
class Rollup:
    year: int
    area: str | None  # the service area chosen, None: all
    agreements: int  # how many units' agreements were read
    plan_goals: tuple[PlanGoalRollup, ...]
    sdgs: tuple[SdgRollup, ...]
    unlinked: tuple[Contribution, ...] = field(default=())  # unit goals linked to no plan goal

    def status_counts(self) -> dict[IndicatorStatus, int]:
        """Over every indicator of every unit goal linked anywhere (each counted once)."""
        seen: dict[str, IndicatorStatus] = {}
        for row in self.plan_goals:
            for c in row.contributions:
                for i in c.indicators:
                    seen[i.indicator_id + c.revision_id] = i.status
        counts: dict[IndicatorStatus, int] = defaultdict(int)
        for st in seen.values():
            counts[st] += 1
        return dict(counts)


def plan_title(kind: str, name: str) -> str:
    """«Kommunedelplan: Kommunedelplan for oppvekst» says the kind twice: the name alone then."""
    return name if name.casefold().startswith(kind.casefold()) else f"{kind}: {name}"


# --- building ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _period_order(period: str) -> tuple[date, int, str]:
    """The follow-up's order of a stored period (``measurement_key``), once per distinct text."""
    return measurement_key(Measurement("", period, Decimal(0), id=""))


def indicator_results(goal: Goal, measurements: Iterable[Measurement]) -> tuple[IndicatorResult, ...]:
    by_indicator: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        by_indicator[m.indicator_id].append(m)
    out: list[IndicatorResult] = []
    for ind in sorted(goal.indicators, key=lambda i: (i.position, i.id)):
        series = sorted(by_indicator.get(ind.id, []), key=lambda m: _period_order(m.period))
        latest = series[-1] if series else None
        earliest = series[0].value if len(series) > 1 else None
        status = indicator_status(
            ind.direction, ind.baseline_value, ind.target_value, latest.value if latest else None, earliest
        )
        out.append(
            IndicatorResult(
                indicator_id=ind.id,
                name=ind.name,
                kind=ind.kind,
                unit_of_measure=ind.unit_of_measure,
                direction=ind.direction,
                baseline=ind.baseline_value,
                target=ind.target_value,
                latest=latest.value if latest else None,
                latest_period=latest.period if latest else "",
                status=status,
            )
        )
    return tuple(out)


def contributions_of(a: UnitAgreement) -> list[Contribution]:
    """Every goal of one agreement as a contribution (whatever it links to)."""
    assessed = {x.goal_id: x for x in a.assessments}
    by_indicator = defaultdict(list)
    goal_of = {i.id: g.id for g in a.goals for i in g.indicators}
    for m in a.measurements:
        if m.indicator_id in goal_of:
            by_indicator[goal_of[m.indicator_id]].append(m)
    out: list[Contribution] = []
    for n, g in enumerate(a.goals, start=1):
        found = assessed.get(g.id)
        out.append(
            Contribution(
                revision_id=a.revision_id,
                unit_id=a.unit_id,
                unit_name=a.unit_name,
                service_area=a.service_area,
                agreement_status=a.status,
                goal_id=g.id,
                goal_number=n,
                goal_text=g.text,
                indicators=indicator_results(g, by_indicator.get(g.id, [])),
                assessment=found.assessment if found else None,
                reflection=found.reflection if found else "",
            )
        )
    return out


def hierarchy_order(plans: Iterable[Plan], goals: Iterable[PlanGoal]) -> list[tuple[Plan, PlanGoal, int]]:
    """The catalogue's plan goals as the plan hierarchy reads: plans by level (KPS first, HØP last),
    then by the period they start and their name; within a plan each goal followed by its sub-goals."""
    plan_by_id = {p.id: p for p in plans}
    in_plan: dict[str, list[PlanGoal]] = defaultdict(list)
    for g in goals:  # already ordered by position within each plan
        if g.plan_id in plan_by_id:
            in_plan[g.plan_id].append(g)
    order = sorted(plan_by_id.values(), key=lambda p: (p.kind.level, p.period_start or 0, p.name.casefold(), p.id))
    out: list[tuple[Plan, PlanGoal, int]] = []
    for plan in order:
        members = in_plan.get(plan.id, [])
        ids = {g.id for g in members}
        children: dict[str | None, list[PlanGoal]] = defaultdict(list)
        for g in members:
            children[g.parent_id if g.parent_id in ids else None].append(g)
        seen: set[str] = set()
        _walk(plan, children, None, 0, seen, out)
        for g in members:  # a cycle in a foreign catalogue: still listed, at the top
            if g.id not in seen:
                seen.add(g.id)
                out.append((plan, g, 0))
    return out


def _walk(
    plan: Plan,
    children: dict[str | None, list[PlanGoal]],
    parent: str | None,
    depth: int,
    seen: set[str],
    out: list[tuple[Plan, PlanGoal, int]],
) -> None:
    for g in children.get(parent, []):
        if g.id in seen:
            continue
        seen.add(g.id)
        out.append((plan, g, depth))
        _walk(plan, children, g.id, depth + 1, seen, out)


def build_rollup(
    year: int,
    area: str | None,
    agreements: Iterable[UnitAgreement],
    plans: Iterable[Plan],
    plan_goals: Iterable[PlanGoal],
) -> Rollup:
    agreements = sorted(agreements, key=lambda a: (a.unit_name.casefold(), a.unit_id))
    goals = list(plan_goals)
    by_plan_goal: dict[str, list[Contribution]] = defaultdict(list)
    by_sdg: dict[int, list[Contribution]] = defaultdict(list)
    unlinked: list[Contribution] = []
    goal_links = {g.id: g for a in agreements for g in a.goals}
    for a in agreements:
        for c in contributions_of(a):
            g = goal_links[c.goal_id] if c.goal_id in goal_links else None
            links = sorted(set(g.plan_goal_ids)) if g is not None else []
            for pid in links:
                by_plan_goal[pid].append(c)
            for n in sorted(set(g.sdgs)) if g is not None else []:
                by_sdg[n].append(c)
            if not links:
                unlinked.append(c)
    parent_of = {g.id: g.parent_id for g in goals}
    via: dict[str, set[str]] = defaultdict(set)  # plan goal -> units contributing through a descendant
    for pid, contribs in by_plan_goal.items():
        parent, seen = parent_of.get(pid), {pid}
        while parent and parent not in seen:
            seen.add(parent)
            via[parent].update(c.unit_id for c in contribs)
            parent = parent_of.get(parent)
    rows = []
    for plan, pg, depth in hierarchy_order(plans, goals):
        direct = tuple(by_plan_goal.get(pg.id, ()))
        indirect = via.get(pg.id, set()) - {c.unit_id for c in direct}
        rows.append(PlanGoalRollup(plan, pg, depth, direct, len(indirect)))
    sdgs = tuple(SdgRollup(s, tuple(by_sdg.get(s.number, ()))) for s in SDGS)
    return Rollup(year, area, len(agreements), tuple(rows), sdgs, tuple(unlinked))
