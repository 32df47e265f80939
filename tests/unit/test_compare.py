"""domain.compare: item-by-item differences between two revisions, described in bokmål."""

from __future__ import annotations

import copy
import time
from decimal import Decimal

from enhetsdialog.domain.compare import Difference, DiffKind, ItemKind, compare
from enhetsdialog.domain.enums import ActivityStatus, Section, SupportArea
from enhetsdialog.domain.model import Activity, Goal, Indicator, Participant, Revision, SupportNeed, new_id
from tests.pdf_fixtures import build_agreement


def revision(goals: int = 3) -> Revision:
    return build_agreement(goals=goals, indicators_per_goal=4, activities_per_goal=3).revision


def only(diffs: list[Difference], kind: DiffKind, item: ItemKind) -> list[Difference]:
    return [d for d in diffs if d.kind is kind and d.item_kind is item]


def test_identical_revisions_have_no_differences() -> None:
    a = revision()
    assert compare(a, copy.deepcopy(a)) == []


def test_indicator_target_changed_says_from_and_to() -> None:
    a = revision()
    b = copy.deepcopy(a)
    ind = b.content.goals[0].indicators[1]
    a.content.goals[0].indicators[1].target_value = Decimal("80")
    ind.target_value = Decimal("90.5")
    (d,) = compare(a, b)
    assert (d.kind, d.item_kind, d.section, d.fields) == (DiffKind.CHANGED, ItemKind.INDICATOR, Section.LYKKES, ("target_value",))
    assert d.a_id == d.b_id == ind.id
    assert "målverdi endret fra 80 til 90,5" in d.description and "(mål 1)" in d.description


def test_text_fields_added_changed_removed() -> None:
    a = revision()
    b = copy.deepcopy(a)
    a.content.users_voice = ""
    b.content.users_voice = "Elevrådet ble hørt."
    b.content.challenges = a.content.challenges + " Mer."
    b.content.structures = ""
    a.content.structures = "Noe"
    diffs = {d.a_id: d for d in compare(a, b)}
    assert diffs["users_voice"].kind is DiffKind.ADDED and diffs["users_voice"].section is Section.SAMSKAPING
    assert diffs["challenges"].kind is DiffKind.CHANGED and diffs["challenges"].section is Section.HVOR
    assert diffs["structures"].kind is DiffKind.REMOVED and diffs["structures"].section is Section.ENKLERE


def test_goal_added_removed_changed_and_links() -> None:
    a = revision()
    b = copy.deepcopy(a)
    removed = b.content.goals.pop(2)
    b.content.goals.append(Goal(text="Et nytt mål", position=5))
    g = b.content.goals[0]
    g.text = "Ny formulering"
    g.sdgs = sorted(set(g.sdgs) ^ {13})
    g.plan_goal_ids = []
    diffs = compare(a, b)
    assert [d.a_id for d in only(diffs, DiffKind.REMOVED, ItemKind.GOAL)] == [removed.id]
    (added,) = only(diffs, DiffKind.ADDED, ItemKind.GOAL)
    assert "Et nytt mål" in added.description and added.a_id is None
    (changed,) = only(diffs, DiffKind.CHANGED, ItemKind.GOAL)
    assert set(changed.fields) == {"text", "sdgs", "plan_goal_ids"} or set(changed.fields) == {"text", "sdgs"}
    assert "13. Stoppe klimaendringene" in changed.description
    # activities and indicators of a removed goal go with it: no separate lines
    assert not [d for d in diffs if d.item_kind is ItemKind.ACTIVITY]


def test_plan_goal_names_in_descriptions() -> None:
    full = build_agreement(goals=2)
    a = full.revision
    b = copy.deepcopy(a)
    pid = next(iter(full.plan_goals))
    a.content.goals[0].plan_goal_ids = []
    b.content.goals[0].plan_goal_ids = [pid]
    (d,) = compare(a, b, plan_goals=full.plan_goals)
    assert full.plan_goals[pid].code in d.description and "lagt til" in d.description


def test_activity_moved_between_goals_and_reordered() -> None:
    a = revision()
    b = copy.deepcopy(a)
    act = b.content.goals[0].activities.pop(0)
    act.position = 99
    b.content.goals[1].activities.append(act)
    acts = b.content.goals[2].activities
    acts[0].position, acts[2].position = 2, 0  # first and last swap places
    diffs = compare(a, b)
    moved = only(diffs, DiffKind.MOVED, ItemKind.ACTIVITY)
    between = [d for d in moved if d.a_id == act.id]
    assert len(between) == 1 and "fra mål 1" in between[0].description and "til mål 2" in between[0].description
    reordered = [d for d in moved if "ny plass" in d.description]
    assert reordered and all("(mål 3)" in d.description for d in reordered)
    assert not only(diffs, DiffKind.REMOVED, ItemKind.ACTIVITY) and not only(diffs, DiffKind.ADDED, ItemKind.ACTIVITY)


def test_single_move_reports_one_item_not_the_whole_list() -> None:
    a = revision()
    b = copy.deepcopy(a)
    goals = b.content.goals
    goals[2].position = -1  # the last goal first
    diffs = compare(a, b)
    moved = only(diffs, DiffKind.MOVED, ItemKind.GOAL)
    assert [d.b_id for d in moved] == [goals[2].id]
    assert "var mål 3" in moved[0].description


def test_activity_fields_deadline_and_status() -> None:
    a = revision()
    b = copy.deepcopy(a)
    x = b.content.goals[1].activities[0]
    x.status = ActivityStatus.DONE
    x.deadline = None
    (d,) = compare(a, b)
    assert set(d.fields) == {"status", "deadline"} and "til Fullført" in d.description and "til (tom)" in d.description


def test_copied_forward_goals_match_by_origin_and_indicators_by_name() -> None:
    """This year vs last year: new ids everywhere, goals remember their origin."""
    last = revision()
    this = copy.deepcopy(last)
    this.id, this.year, this.number = new_id(), last.year + 1, 1
    for g in this.content.goals:
        g.origin_id, g.id = g.id, new_id()
        for x in [*g.activities, *g.indicators]:
            x.id = new_id()
    ind = this.content.goals[0].indicators[0]
    ind.baseline_value = Decimal("71")
    diffs = compare(last, this)
    assert not only(diffs, DiffKind.ADDED, ItemKind.GOAL) and not only(diffs, DiffKind.REMOVED, ItemKind.GOAL)
    (d,) = diffs
    assert d.item_kind is ItemKind.INDICATOR and d.b_id == ind.id and "utgangsverdi endret" in d.description
    # and backwards (this year compared with last year) too
    assert len(compare(this, last)) == 1


def test_two_units_goals_by_wording_then_by_place_and_it_is_said() -> None:
    a = revision(goals=3)
    b = copy.deepcopy(a)
    for g in b.content.goals:
        g.id, g.origin_id = new_id(), None
    b.content.goals[1].text = "Et helt annet mål"
    diffs = compare(a, b)
    (positional,) = [d for d in diffs if d.by_position]
    assert positional.item_kind is ItemKind.GOAL and "etter plassering" in positional.description
    assert not only(diffs, DiffKind.ADDED, ItemKind.GOAL)


def test_support_needs_and_participants() -> None:
    a = revision()
    b = copy.deepcopy(a)
    b.content.support_needs.append(SupportNeed(area=SupportArea.IKT, need="Nye PC-er", position=9))
    if a.content.participants:
        b.content.participants[0].how = "Workshop"
    b.content.participants.append(Participant(role="Elevrådet", name="", how="Møte", position=9))
    diffs = compare(a, b)
    assert only(diffs, DiffKind.ADDED, ItemKind.SUPPORT_NEED)[0].section is Section.ENKLERE
    assert "(IKT)" in only(diffs, DiffKind.ADDED, ItemKind.SUPPORT_NEED)[0].description
    assert only(diffs, DiffKind.ADDED, ItemKind.PARTICIPANT)[0].section is Section.SAMSKAPING


def test_differences_follow_the_order_of_the_agreement() -> None:
    a = revision()
    b = copy.deepcopy(a)
    b.content.users_voice += "!"
    b.content.challenges += "!"
    b.content.goals[0].indicators[0].name += "!"
    b.content.goals[0].activities[0].responsible = "Noen"
    order = [d.section for d in compare(a, b)]
    assert order == sorted(order, key=list(Section).index)


def test_new_items_inside_a_goal() -> None:
    a = revision()
    b = copy.deepcopy(a)
    b.content.goals[0].activities.append(Activity(what="Nytt tiltak", position=10))
    b.content.goals[0].indicators.pop()
    b.content.goals[0].indicators.append(Indicator(name="Ny indikator", position=10))
    diffs = compare(a, b)
    assert "«Nytt tiltak» (mål 1) er lagt til" in only(diffs, DiffKind.ADDED, ItemKind.ACTIVITY)[0].description
    assert only(diffs, DiffKind.REMOVED, ItemKind.INDICATOR) and only(diffs, DiffKind.ADDED, ItemKind.INDICATOR)


def test_compare_of_two_full_agreements_is_fast() -> None:
    a = build_agreement(goals=10, indicators_per_goal=4, activities_per_goal=3).revision
    b = copy.deepcopy(a)
    for g in b.content.goals:
        g.text += " (revidert)"
        g.indicators[0].target_value = Decimal("1")
    start = time.perf_counter()
    for _ in range(10):
        compare(a, b)
    assert (time.perf_counter() - start) / 10 < 0.05
