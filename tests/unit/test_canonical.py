from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from enhetsdialog.domain.canonical import (
    canonical_bytes,
    canonical_dict,
    fingerprint,
    revision_from_canonical,
    short_fingerprint,
)
from enhetsdialog.domain.enums import ActivityStatus, Direction, Frequency, IndicatorKind, Status, SupportArea
from enhetsdialog.domain.model import (
    Activity,
    Content,
    Goal,
    Indicator,
    Participant,
    Revision,
    SupportNeed,
)

text = st.text(max_size=30)
decimals = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**6, max_value=10**6)


@st.composite
def revisions(draw: st.DrawFn) -> Revision:
    goals = []
    for gp in range(draw(st.integers(0, 4))):
        g = Goal(
            text=draw(text),
            description=draw(text),
            position=gp,
            plan_goal_ids=draw(st.lists(st.uuids().map(str), max_size=3, unique=True)),
            sdgs=draw(st.lists(st.integers(1, 17), max_size=3, unique=True)),
        )
        for ap in range(draw(st.integers(0, 3))):
            g.activities.append(
                Activity(
                    what=draw(text),
                    responsible=draw(text),
                    deadline=draw(st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31))),
                    status=draw(st.sampled_from(ActivityStatus)),
                    position=ap,
                )
            )
        for ip in range(draw(st.integers(0, 3))):
            g.indicators.append(
                Indicator(
                    kind=draw(st.sampled_from(IndicatorKind)),
                    name=draw(text),
                    baseline_value=draw(decimals),
                    baseline_year=draw(st.none() | st.integers(2000, 2100)),
                    target_value=draw(decimals),
                    direction=draw(st.sampled_from(Direction)),
                    frequency=draw(st.none() | st.sampled_from(Frequency)),
                    position=ip,
                )
            )
        goals.append(g)
    content = Content(
        challenges=draw(text),
        value_brave=draw(text),
        users_voice=draw(text),
        goals=goals,
        support_needs=[
            SupportNeed(area=draw(st.sampled_from(SupportArea)), need=draw(text), position=i)
            for i in range(draw(st.integers(0, 3)))
        ],
        participants=[Participant(role=draw(text), how=draw(text), position=i) for i in range(draw(st.integers(0, 3)))],
    )
    return Revision(agreement_id="a", unit_id="u", year=2027, number=draw(st.integers(1, 5)), content=content)


def _shuffled(rev: Revision, seed: int) -> Revision:
    rnd = random.Random(seed)
    c = rev.content
    goals = [
        Goal(
            id=g.id,
            text=g.text,
            description=g.description,
            position=g.position,
            plan_goal_ids=rnd.sample(g.plan_goal_ids, len(g.plan_goal_ids)),
            sdgs=rnd.sample(g.sdgs, len(g.sdgs)),
            activities=rnd.sample(g.activities, len(g.activities)),
            indicators=rnd.sample(g.indicators, len(g.indicators)),
        )
        for g in c.goals
    ]
    new = Content(**{**{k: getattr(c, k) for k in ("challenges", "value_brave", "users_voice")}})
    new.goals = rnd.sample(goals, len(goals))
    new.support_needs = rnd.sample(c.support_needs, len(c.support_needs))
    new.participants = rnd.sample(c.participants, len(c.participants))
    return Revision(
        id=rev.id, agreement_id=rev.agreement_id, unit_id=rev.unit_id, year=rev.year, number=rev.number, content=new
    )


@settings(max_examples=150, deadline=None)
@given(revisions(), st.integers())
def test_fingerprint_is_independent_of_row_order(rev: Revision, seed: int) -> None:
    assert fingerprint(_shuffled(rev, seed)) == fingerprint(rev)


@settings(max_examples=150, deadline=None)
@given(revisions())
def test_canonical_form_round_trips(rev: Revision) -> None:
    back = revision_from_canonical(canonical_dict(rev))
    assert canonical_bytes(back) == canonical_bytes(rev)


@settings(max_examples=50, deadline=None)
@given(revisions(), st.text(min_size=1, max_size=5))
def test_any_text_change_changes_the_fingerprint(rev: Revision, extra: str) -> None:
    before = fingerprint(rev)
    rev.content.challenges += extra
    assert fingerprint(rev) != before


def test_status_and_timestamps_do_not_change_the_fingerprint() -> None:
    rev = Revision(agreement_id="a", unit_id="u", year=2027, number=1, content=Content(challenges="x"))
    before = fingerprint(rev)
    rev.status = Status.ARKIVERT
    rev.frozen = True
    assert fingerprint(rev) == before


def test_positions_are_renumbered_and_numbers_are_exact() -> None:
    g = Goal(text="a", position=7)
    g.indicators.append(Indicator(name="x", baseline_value=Decimal("12.50"), target_value=Decimal("1E+2"), position=3))
    rev = Revision(agreement_id="a", unit_id="u", year=2027, number=1, content=Content(goals=[g]))
    d = canonical_dict(rev)
    goal = d["content"]["goals"][0]
    assert goal["position"] == 0
    assert goal["indicators"][0]["position"] == 0
    assert goal["indicators"][0]["baseline_value"] == "12.5"
    assert goal["indicators"][0]["target_value"] == "100"


def test_known_fingerprint_is_stable_across_versions() -> None:
    """A fixed revision must always give the same fingerprint: signed PDFs depend on it."""
    g = Goal(id="00000000-0000-4000-8000-000000000001", text="Trygt skolemiljø – «alle» & <b>", position=0, sdgs=[16, 4])
    g.indicators.append(
        Indicator(id="00000000-0000-4000-8000-000000000002", kind=IndicatorKind.PROSESS, name="Andel", baseline_value=Decimal("7.8"))
    )
    rev = Revision(
        id="00000000-0000-4000-8000-000000000003",
        agreement_id="00000000-0000-4000-8000-000000000004",
        unit_id="00000000-0000-4000-8000-000000000005",
        year=2027,
        number=1,
        content=Content(challenges="Æøå\nlinje 2", goals=[g]),
    )
    assert fingerprint(rev) == EXPECTED
    assert short_fingerprint(fingerprint(rev)) == " ".join([EXPECTED[i : i + 4] for i in range(0, 16, 4)]).upper()


EXPECTED = "5b185cdc53da53136fd9b69a692f1712d231e9635bfc4331fc7019742cd31d7c"
