"""The director's roll-up (domain/rollup.py): hierarchy order, contributions, «ingen enhet bidrar»,
contributions through sub-goals, the agreement in force, per SDG."""

from __future__ import annotations

from decimal import Decimal

from enhetsdialog.domain.enums import Assessment, Direction, IndicatorStatus, PlanKind, Status
from enhetsdialog.domain.model import Goal, GoalAssessment, Indicator, Measurement, Plan, PlanGoal
from enhetsdialog.domain.rollup import UnitAgreement, build_rollup, hierarchy_order, in_force

KPS = Plan("KPS", PlanKind.KPS, id="kps")
KDP = Plan("Oppvekst", PlanKind.KOMMUNEDELPLAN, parent_plan_id="kps", id="kdp")
HOP = Plan("HØP", PlanKind.HOP, id="hop")
GOALS = [
    PlanGoal("hop", "HØP-1", "Mindre mobbing", parent_id="k1", id="h1"),
    PlanGoal("kps", "KPS-1", "Barn og unge", id="k1"),
    PlanGoal("kps", "KPS-2", "Helse", id="k2"),
    PlanGoal("kdp", "OPP-1", "Trygt miljø", parent_id="k1", id="o1"),
    PlanGoal("kdp", "OPP-1.1", "Delmål", parent_id="o1", id="o11"),
]


def agreement(unit: str, pg: list[str], sdgs: list[int], values: list[tuple[str, str]], **kw: object) -> UnitAgreement:
    ind = Indicator(name="Mobbing", baseline_value=Decimal("8"), target_value=Decimal("4"), direction=Direction.LOWER,
                    id=f"i-{unit}")
    goal = Goal(text=f"Mål for {unit}", plan_goal_ids=pg, sdgs=sdgs, indicators=[ind], id=f"g-{unit}")
    ms = tuple(Measurement(ind.id, p, Decimal(v)) for p, v in values)
    return UnitAgreement(f"r-{unit}", f"u-{unit}", unit, "Oppvekst", 1, Status.SIGNERT, (goal,), ms, **kw)  # type: ignore[arg-type]


def test_plan_goals_follow_the_hierarchy_kps_first_sub_goals_under_their_goal() -> None:
    order = [(p.id, g.code, depth) for p, g, depth in hierarchy_order([HOP, KDP, KPS], GOALS)]
    assert order == [("kps", "KPS-1", 0), ("kps", "KPS-2", 0), ("kdp", "OPP-1", 0), ("kdp", "OPP-1.1", 1),
                     ("hop", "HØP-1", 0)]


def test_contributing_units_and_plan_goals_nobody_contributes_to() -> None:
    a = agreement("Lade", ["h1", "o11"], [4], [("2026", "5")],
                  assessments=(GoalAssessment("g-Lade", Assessment.DELVIS, "Godt arbeid"),))
    b = agreement("Byåsen", ["h1"], [4, 16], [])
    r = build_rollup(2026, None, [a, b], [KPS, KDP, HOP], GOALS)
    rows = {row.plan_goal.code: row for row in r.plan_goals}
    assert [c.unit_name for c in rows["HØP-1"].contributions] == ["Byåsen", "Lade"]
    assert rows["KPS-2"].nobody and not rows["KPS-2"].contributions
    # KPS-1 is linked by nobody directly, but through OPP-1.1 and HØP-1 (its descendants)
    assert not rows["KPS-1"].nobody and rows["KPS-1"].units_via_subgoals == 2
    assert rows["OPP-1"].units_via_subgoals == 1 and not rows["OPP-1"].contributions
    lade = next(c for c in rows["HØP-1"].contributions if c.unit_name == "Lade")
    assert lade.assessment is Assessment.DELVIS and lade.reflection == "Godt arbeid"
    assert lade.indicators[0].status is IndicatorStatus.ON_TRACK and lade.indicators[0].latest == Decimal("5")
    byaasen = next(c for c in rows["HØP-1"].contributions if c.unit_name == "Byåsen")
    assert byaasen.indicators[0].status is IndicatorStatus.NOT_MEASURED and byaasen.assessment is None
    sdgs = {s.sdg.number: s for s in r.sdgs}
    assert len(sdgs) == 17 and sdgs[4].units == 2 and sdgs[16].units == 1 and sdgs[1].nobody
    assert r.agreements == 2 and not r.unlinked


def test_status_uses_the_latest_period_and_goals_without_links_are_listed() -> None:
    a = agreement("Lade", ["h1"], [], [("2026-T2", "3"), ("2026-T1", "9")])
    a.goals[0].indicators[0].frequency = None
    loose = agreement("Solsiden", [], [], [])
    r = build_rollup(2026, "Oppvekst", [a, loose], [HOP], [GOALS[0]])
    c = r.plan_goals[0].contributions[0]
    assert c.indicators[0].latest_period == "2026-T2" and c.indicators[0].status is IndicatorStatus.REACHED
    assert [u.unit_name for u in r.unlinked] == ["Solsiden"]
    assert r.status_counts() == {IndicatorStatus.REACHED: 1}


def test_the_agreement_in_force_is_the_latest_signed_else_the_latest() -> None:
    assert in_force([("a", 1, Status.SIGNERT), ("b", 2, Status.UTKAST)]) == "a"
    assert in_force([("a", 1, Status.ARKIVERT), ("b", 2, Status.SIGNERT)]) == "b"
    assert in_force([("a", 1, Status.UTKAST), ("b", 2, Status.I_DIALOG)]) == "b"
    assert in_force([]) is None


def test_a_cycle_in_a_foreign_catalogue_is_still_listed_once() -> None:
    cyc = [PlanGoal("kps", "A", "a", parent_id="y", id="x"), PlanGoal("kps", "B", "b", parent_id="x", id="y")]
    order = hierarchy_order([KPS], cyc)
    assert sorted(g.code for _p, g, _d in order) == ["A", "B"]
    r = build_rollup(2026, None, [agreement("Lade", ["x"], [], [])], [KPS], cyc)
    assert {row.plan_goal.code: row.units for row in r.plan_goals} == {"A": 1, "B": 0}
