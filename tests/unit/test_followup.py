"""The rules of follow-up: periods by frequency, the status of an indicator, what is due next, and
the read model built from a FullAgreement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from enhetsdialog.domain.enums import Assessment, Direction, Frequency, IndicatorStatus, ProgressStatus
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.followup import (
    Period,
    build_followup,
    indicator_status,
    latest_values,
    next_due,
    parse_period,
    period_of,
    periods_in_year,
)
from enhetsdialog.domain.model import (
    Activity,
    ActivityProgress,
    Content,
    FullAgreement,
    Goal,
    GoalAssessment,
    Indicator,
    Measurement,
    Municipality,
    Revision,
    ServiceArea,
    Unit,
    YearLearning,
)
from enhetsdialog.i18n import using

D = Decimal
H, L = Direction.HIGHER, Direction.LOWER
S = IndicatorStatus


# --- indicator_status: every branch in both directions --------------------------------------------


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "latest", "earliest", "expected"),
    [
        # not measured comes first, even without target
        (H, D(5), D(10), None, None, S.NOT_MEASURED),
        (L, None, None, None, None, S.NOT_MEASURED),
        # missing target
        (H, D(5), None, D(7), None, S.NO_TARGET),
        (L, D(5), None, D(3), D(4), S.NO_TARGET),
        # exactly on target is reached
        (H, D(5), D(10), D(10), None, S.REACHED),
        (L, D(10), D(5), D(5), None, S.REACHED),
        # beyond target
        (H, D(5), D(10), D("10.1"), None, S.REACHED),
        (L, D(10), D(5), D("4.9"), None, S.REACHED),
        # moved towards the target from the baseline
        (H, D(5), D(10), D(7), None, S.ON_TRACK),
        (L, D(10), D(5), D(8), None, S.ON_TRACK),
        # unchanged from the baseline
        (H, D(5), D(10), D(5), None, S.BEHIND),
        (L, D(10), D(5), D(10), None, S.BEHIND),
        # moved away from the target
        (H, D(5), D(10), D(4), None, S.BEHIND),
        (L, D(10), D(5), D(11), None, S.BEHIND),
        # missing baseline: compared with the earliest measurement
        (H, None, D(10), D(7), D(6), S.ON_TRACK),
        (L, None, D(5), D(7), D(8), S.ON_TRACK),
        (H, None, D(10), D(6), D(7), S.BEHIND),
        (L, None, D(5), D(8), D(7), S.BEHIND),
        (H, None, D(10), D(6), D(6), S.BEHIND),
        # missing baseline and a single measurement: nothing to compare with
        (H, None, D(10), D(6), None, S.BEHIND),
        (L, None, D(5), D(8), None, S.BEHIND),
        # missing baseline but on target: reached anyway
        (H, None, D(10), D(10), None, S.REACHED),
        (L, None, D(5), D(5), None, S.REACHED),
        # a baseline wins over the earliest measurement
        (H, D(8), D(10), D(7), D(6), S.BEHIND),
        (L, D(6), D(5), D(7), D(8), S.BEHIND),
    ],
)
def test_indicator_status(
    direction: Direction, baseline: D | None, target: D | None, latest: D | None, earliest: D | None,
    expected: IndicatorStatus,
) -> None:
    assert indicator_status(direction, baseline, target, latest, earliest) is expected


def test_status_labels_are_norwegian() -> None:
    with using("nb"):
        assert S.NOT_MEASURED.label == "Ikke målt ennå"
        assert S.ON_TRACK.label == "På vei"
        assert S.NO_TARGET.label == "Uten målverdi"
        assert ProgressStatus.IN_PROGRESS.label == "I gang"
    assert ProgressStatus.IN_PROGRESS.value == "i_gang"


# --- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frequency", "expected"),
    [
        ("2026", Frequency.YEARLY, Period(2026, Frequency.YEARLY, 1)),
        (" 2026 ", None, Period(2026, Frequency.YEARLY, 1)),  # no frequency: yearly
        ("2026-H1", Frequency.HALF_YEARLY, Period(2026, Frequency.HALF_YEARLY, 1)),
        ("2026-h2", Frequency.HALF_YEARLY, Period(2026, Frequency.HALF_YEARLY, 2)),
        ("2026-T1", Frequency.TERTIAL, Period(2026, Frequency.TERTIAL, 1)),
        ("2026-t3", Frequency.TERTIAL, Period(2026, Frequency.TERTIAL, 3)),
        ("2026-Q4", Frequency.QUARTERLY, Period(2026, Frequency.QUARTERLY, 4)),
        ("2026-k2", Frequency.QUARTERLY, Period(2026, Frequency.QUARTERLY, 2)),
        ("2026-01", Frequency.MONTHLY, Period(2026, Frequency.MONTHLY, 1)),
        ("2026-12", Frequency.MONTHLY, Period(2026, Frequency.MONTHLY, 12)),
        ("2026-3", Frequency.MONTHLY, Period(2026, Frequency.MONTHLY, 3)),
    ],
)
def test_parse_period_per_frequency(text: str, frequency: Frequency | None, expected: Period) -> None:
    assert parse_period(text, frequency) == expected


@pytest.mark.parametrize(
    ("text", "frequency", "hint"),
    [
        ("2026-T1", Frequency.YEARLY, "2026"),  # a tertial value for a yearly indicator
        ("2026-T1", None, "bare året"),
        ("2026", Frequency.TERTIAL, "2026-T1"),
        ("2026-H1", Frequency.QUARTERLY, "2026-Q1"),
        ("2026-Q1", Frequency.MONTHLY, "2026-01"),
        ("2026-05", Frequency.HALF_YEARLY, "2026-H1"),
        ("2026-03", Frequency.YEARLY, "2026"),
        ("2026-T4", Frequency.TERTIAL, "2026-T3"),
        ("2026-H3", Frequency.HALF_YEARLY, "2026-H2"),
        ("2026-Q5", Frequency.QUARTERLY, "2026-Q4"),
        ("2026-13", Frequency.MONTHLY, "2026-12"),
        ("2026-00", Frequency.MONTHLY, "2026-12"),
        ("26", Frequency.YEARLY, "2026"),
        ("tertial 1", Frequency.TERTIAL, "2026-T1"),
        ("", Frequency.YEARLY, "2026"),
        ("2026-T1" * 100, Frequency.TERTIAL, "2026-T1"),
    ],
)
def test_parse_period_refuses_with_the_expected_form(text: str, frequency: Frequency | None, hint: str) -> None:
    with using("nb"), pytest.raises(ValidationError) as exc:
        parse_period(text, frequency)
    message = exc.value.message
    assert hint in message
    assert "\n" not in message and len(message) < 200


def test_a_tertial_for_a_yearly_indicator_says_what_it_is() -> None:
    with using("nb"), pytest.raises(ValidationError) as exc:
        parse_period("2026-t2", Frequency.YEARLY)
    assert exc.value.message == "«2026-T2» er et tertial, men indikatoren måles årlig: skriv bare året, for eksempel 2026."


def test_year_out_of_range_is_refused() -> None:
    with pytest.raises(ValidationError):
        parse_period("1999", Frequency.YEARLY)


def test_period_text_label_and_dates() -> None:
    with using("nb"):
        t = Period(2026, Frequency.TERTIAL, 1)
        assert (str(t), t.label, t.start_date, t.end_date) == ("2026-T1", "1. tertial 2026", date(2026, 1, 1), date(2026, 4, 30))
        h = Period(2026, Frequency.HALF_YEARLY, 2)
        assert (str(h), h.label, h.end_date) == ("2026-H2", "2. halvår 2026", date(2026, 12, 31))
        q = Period(2024, Frequency.QUARTERLY, 1)
        assert (str(q), q.label, q.end_date) == ("2024-Q1", "1. kvartal 2024", date(2024, 3, 31))
        m = Period(2024, Frequency.MONTHLY, 2)
        assert (str(m), m.label, m.end_date) == ("2024-02", "februar 2024", date(2024, 2, 29))
        y = Period(2026, Frequency.YEARLY, 1)
        assert (str(y), y.label, y.end_date) == ("2026", "2026", date(2026, 12, 31))
    for f in Frequency:
        for p in periods_in_year(f, 2026):
            assert parse_period(str(p), f) == p == period_of(str(p))


def test_periods_in_year_and_order() -> None:
    assert [str(p) for p in periods_in_year(Frequency.TERTIAL, 2026)] == ["2026-T1", "2026-T2", "2026-T3"]
    assert len(periods_in_year(Frequency.MONTHLY, 2026)) == 12
    assert periods_in_year(None, 2026) == [Period(2026, Frequency.YEARLY, 1)]
    assert Period(2026, Frequency.MONTHLY, 12) < Period(2026, Frequency.YEARLY, 1)
    assert Period(2025, Frequency.YEARLY, 1) < Period(2026, Frequency.MONTHLY, 1)


def test_next_due() -> None:
    t = Frequency.TERTIAL
    p = lambda i: Period(2026, t, i)  # noqa: E731
    today = date(2026, 9, 15)
    assert next_due(t, 2026, set(), today) == p(1)
    assert next_due(t, 2026, {p(1)}, today) == p(2)
    assert next_due(t, 2026, {p(2)}, today) == p(3)  # a gap before a later value is not chased
    assert next_due(t, 2026, {p(1), p(2), p(3)}, today) is None
    assert next_due(None, 2026, set(), today) == Period(2026, Frequency.YEARLY, 1)
    assert next_due(None, 2026, {Period(2026, Frequency.YEARLY, 1)}, today) is None
    # values of another year do not count; a long closed year has nothing due
    assert next_due(t, 2026, {Period(2025, t, 3)}, today) == p(1)
    assert next_due(t, 2026, set(), date(2028, 1, 1)) is None
    assert next_due(t, 2026, set(), date(2027, 12, 31)) == p(1)


# --- the read model --------------------------------------------------------------------------------


def _agreement(year: int, goals: list[Goal], **kw: object) -> FullAgreement:
    rev = Revision(agreement_id="a", unit_id="u", year=year, number=1, content=Content(goals=goals))
    return FullAgreement(
        revision=rev, unit=Unit(name="U", service_area_id="s"), service_area=ServiceArea(name="S", municipality_id="m"),
        municipality=Municipality(name="M"), leader=None, director=None, plans={}, plan_goals={}, **kw,  # type: ignore[arg-type]
    )


def test_build_followup_tracks_status_due_and_last_year() -> None:
    old_ind = Indicator(name="Fravær", direction=L, frequency=Frequency.TERTIAL)
    old_goal = Goal(text="Mindre fravær", indicators=[old_ind, Indicator(name="Annet")])
    last = _agreement(2025, [old_goal], measurements=[
        Measurement(old_ind.id, "2025-T2", D("8.6")), Measurement(old_ind.id, "2025-T1", D("9")),
    ])
    ind = Indicator(name="fravær ", direction=L, frequency=Frequency.TERTIAL, baseline_value=D("8.6"), target_value=D(7))
    no_target = Indicator(name="Trivsel")
    act = Activity(what="Tett oppfølging")
    goal = Goal(text="Mindre fravær", indicators=[ind, no_target], activities=[act, Activity(what="Annet")],
                origin_id=old_goal.id)
    progress = ActivityProgress(act.id, ProgressStatus.IN_PROGRESS, "godt i gang")
    assessment = GoalAssessment(goal.id, Assessment.DELVIS, "nesten")
    learning = YearLearning(worked="samarbeid")
    now = _agreement(2026, [goal], measurements=[
        Measurement(ind.id, "2026-T2", D("7.9")), Measurement(ind.id, "2026-T1", D("8.2")),
        Measurement(no_target.id, "2026", D(4)),
    ], progress=[progress], assessments=[assessment], learning=learning)

    fu = build_followup(now, last, date(2026, 10, 1))
    assert fu.year == 2026 and fu.revision_id == now.revision.id and fu.learning is learning
    (g,) = fu.goals
    track = g.tracks[0]
    assert [m.period for m in track.measurements] == ["2026-T1", "2026-T2"]
    assert track.latest is not None and track.latest.value == D("7.9")
    assert track.status is S.ON_TRACK
    assert track.next_due == Period(2026, Frequency.TERTIAL, 3)
    assert not track.overdue
    assert [m.period for m in track.last_year] == ["2025-T1", "2025-T2"]
    assert g.tracks[1].status is S.NO_TARGET and g.tracks[1].last_year == [] and g.tracks[1].next_due is None
    assert g.progress == {act.id: progress}
    assert g.progress_of(act.id) is ProgressStatus.IN_PROGRESS
    assert g.progress_of(goal.activities[1].id) is ProgressStatus.PLANNED
    assert g.assessment is assessment
    assert fu.track(ind.id) is track

    # without last year and before anything is measured
    empty = build_followup(_agreement(2026, [Goal(indicators=[Indicator(name="X")])]), None, date(2027, 2, 1))
    t = empty.goals[0].tracks[0]
    assert t.status is S.NOT_MEASURED and t.latest is None and t.overdue


def test_latest_values_by_period_not_by_text() -> None:
    ms = [Measurement("i", "2026-T3", D(3)), Measurement("i", "2026-12", D(4)), Measurement("i", "2026-T1", D(1)),
          Measurement("j", "2025", D(9))]
    # a month sorts by its end: December after the third tertial (both end 31.12, the month is shorter)
    assert latest_values(ms) == {"i": D(3), "j": D(9)}
    assert latest_values([Measurement("i", "2026-Q1", D(1)), Measurement("i", "2026-H1", D(2))]) == {"i": D(2)}
