"""Follow-up during the year: periods by the indicator's frequency, the status of an indicator
against its target, what is due next, and the read model the views and reports are built from.

Pure: no storage, no Qt. Follow-up records (measurements, activity progress, assessments, «Hva
lærte vi?») belong to an agreement but are not part of its signed text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from enhetsdialog.domain.enums import Direction, Frequency, IndicatorStatus, ProgressStatus
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.model import (
    ActivityProgress,
    FullAgreement,
    Goal,
    GoalAssessment,
    Indicator,
    Measurement,
    YearLearning,
)
from enhetsdialog.domain.values import check_year
from enhetsdialog.i18n import N_, LazyText, _

__all__ = [
    "FollowUp",
    "GoalFollowUp",
    "IndicatorStatus",
    "IndicatorTrack",
    "Period",
    "ProgressStatus",
    "build_followup",
    "indicator_status",
    "next_due",
    "parse_period",
    "period_of",
    "periods_in_year",
]

# --- periods ------------------------------------------------------------------------------------

PERIODS_PER_YEAR: dict[Frequency, int] = {
    Frequency.YEARLY: 1,
    Frequency.HALF_YEARLY: 2,
    Frequency.TERTIAL: 3,
    Frequency.QUARTERLY: 4,
    Frequency.MONTHLY: 12,
}
_LETTER: dict[Frequency, str] = {Frequency.HALF_YEARLY: "H", Frequency.TERTIAL: "T", Frequency.QUARTERLY: "Q"}
_BY_LETTER: dict[str, Frequency] = {"H": Frequency.HALF_YEARLY, "T": Frequency.TERTIAL, "Q": Frequency.QUARTERLY,
                                    "K": Frequency.QUARTERLY}  # K: «kvartal», as Norwegians may write it

# How a period of each frequency is written (the hint of every error message).
PERIOD_FORMS: dict[Frequency, LazyText] = {
    Frequency.YEARLY: N_("bare året, for eksempel 2026"),
    Frequency.HALF_YEARLY: N_("året og halvåret, for eksempel 2026-H1 eller 2026-H2"),
    Frequency.TERTIAL: N_("året og tertialet, for eksempel 2026-T1, 2026-T2 eller 2026-T3"),
    Frequency.QUARTERLY: N_("året og kvartalet, for eksempel 2026-Q1 til 2026-Q4"),
    Frequency.MONTHLY: N_("året og måneden, for eksempel 2026-01 til 2026-12"),
}
_KIND_NAMES: dict[Frequency, LazyText] = {
    Frequency.YEARLY: N_("et år"),
    Frequency.HALF_YEARLY: N_("et halvår"),
    Frequency.TERTIAL: N_("et tertial"),
    Frequency.QUARTERLY: N_("et kvartal"),
    Frequency.MONTHLY: N_("en måned"),
}
_MONTHS: tuple[LazyText, ...] = (
    N_("januar"), N_("februar"), N_("mars"), N_("april"), N_("mai"), N_("juni"),
    N_("juli"), N_("august"), N_("september"), N_("oktober"), N_("november"), N_("desember"),
)
_PERIOD_RE = re.compile(r"^(\d{4})(?:\s*-\s*(?:([HTQK])\s*(\d{1,2})|(\d{1,2})))?$")
MAX_PERIOD_LENGTH = 40


@dataclass(frozen=True, slots=True)
class Period:
    """One period of measurement: a year, a half-year, a tertial, a quarter or a month."""

    year: int
    frequency: Frequency
    index: int  # 1-based within the year; 1 for a year

    def __str__(self) -> str:
        if self.frequency is Frequency.YEARLY:
            return f"{self.year}"
        if self.frequency is Frequency.MONTHLY:
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}-{_LETTER[self.frequency]}{self.index}"

    @property
    def label(self) -> str:
        """As a reader says it: «2026», «1. halvår 2026», «2. tertial 2026», «3. kvartal 2026», «mars 2026»."""
        f, n, y = self.frequency, self.index, self.year
        if f is Frequency.YEARLY:
            return str(y)
        if f is Frequency.MONTHLY:
            return _("{month} {year}").format(month=_MONTHS[n - 1], year=y)
        if f is Frequency.HALF_YEARLY:
            return _("{n}. halvår {year}").format(n=n, year=y)
        if f is Frequency.TERTIAL:
            return _("{n}. tertial {year}").format(n=n, year=y)
        return _("{n}. kvartal {year}").format(n=n, year=y)

    @property
    def months(self) -> int:
        return 12 // PERIODS_PER_YEAR[self.frequency]

    @property
    def start_date(self) -> date:
        return date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end_date(self) -> date:
        month = self.index * self.months
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def sort_key(self) -> tuple[date, int]:
        # a year ends with its last month: the longer period after the shorter ones ending the same day
        return (self.end_date, self.months)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key


def period_of(text: str) -> Period:
    """The period a text names, whatever its frequency («2026», «2026-h1», «2026-T2», «2026-Q3»,
    «2026-03»); a ValidationError with one Norwegian line if it names none."""
    raw = text if isinstance(text, str) else ""
    shown = raw.strip()[:MAX_PERIOD_LENGTH]
    m = _PERIOD_RE.match(raw.strip().upper()) if len(raw) <= MAX_PERIOD_LENGTH else None
    if m is None:
        raise ValidationError(
            N_("«{text}» er ikke en periode. Skriv for eksempel 2026, 2026-H1, 2026-T2, 2026-Q3 eller 2026-03.", text=shown)
        )
    year = check_year(int(m.group(1)))
    if m.group(2):
        frequency, index = _BY_LETTER[m.group(2)], int(m.group(3))
    elif m.group(4):
        frequency, index = Frequency.MONTHLY, int(m.group(4))
    else:
        frequency, index = Frequency.YEARLY, 1
    if not 1 <= index <= PERIODS_PER_YEAR[frequency]:
        raise ValidationError(
            N_("«{text}» er ikke en periode: skriv {form}.", text=shown, form=PERIOD_FORMS[frequency])
        )
    return Period(year, frequency, index)


def parse_period(text: str, frequency: Frequency | None) -> Period:
    """The period ``text`` names, checked against the indicator's frequency (an indicator without a
    frequency is measured yearly). Case-insensitive. A period of another kind (a tertial for a
    yearly indicator) raises ValidationError naming the form expected."""
    want = frequency or Frequency.YEARLY
    try:
        p = period_of(text)
    except ValidationError:
        shown = (text if isinstance(text, str) else "").strip()[:MAX_PERIOD_LENGTH]
        raise ValidationError(N_("«{text}» er ikke en periode: skriv {form}.", text=shown, form=PERIOD_FORMS[want])) from None
    if p.frequency is not want:
        raise ValidationError(
            N_(
                "«{text}» er {kind}, men indikatoren måles {frequency}: skriv {form}.",
                text=str(p), kind=_KIND_NAMES[p.frequency], frequency=want.label.lower(), form=PERIOD_FORMS[want],
            )
        )
    return p


def periods_in_year(frequency: Frequency | None, year: int) -> list[Period]:
    f = frequency or Frequency.YEARLY
    return [Period(year, f, i) for i in range(1, PERIODS_PER_YEAR[f] + 1)]


def next_due(frequency: Frequency | None, year: int, measured: Iterable[Period], today: date) -> Period | None:
    """The period to be measured next: the first period of the year after the latest one measured
    (a gap before a later value is not chased). None when every period up to the year's end is
    measured, or when the follow-up of that year is closed (``today`` after the end of the
    following year)."""
    if today > date(year + 1, 12, 31):
        return None
    done = {p for p in measured if p.year == year}
    periods = periods_in_year(frequency, year)
    latest = max((p for p in periods if p in done), default=None)
    for p in periods:
        if p not in done and (latest is None or latest < p):
            return p
    return None


def is_overdue(period: Period | None, today: date) -> bool:
    """True when the period has ended and still has no value."""
    return period is not None and period.end_date < today


# --- status ---------------------------------------------------------------------------------------


def indicator_status(
    direction: Direction,
    baseline: Decimal | None,
    target: Decimal | None,
    latest: Decimal | None,
    earliest: Decimal | None = None,
) -> IndicatorStatus:
    """Where an indicator stands, in this order: no value yet → not measured; no target → without
    target; the latest value meets the target in the indicator's direction (exactly on target is
    reached) → reached; otherwise, compared with the baseline (or, without one, with the earliest
    measurement of the series, given only when it is not the latest): moved towards the target →
    on track; unchanged, moved away, or nothing to compare with → behind."""
    if latest is None:
        return IndicatorStatus.NOT_MEASURED
    if target is None:
        return IndicatorStatus.NO_TARGET
    higher = direction is not Direction.LOWER
    if (latest >= target) if higher else (latest <= target):
        return IndicatorStatus.REACHED
    ref = baseline if baseline is not None else earliest
    if ref is None:
        return IndicatorStatus.BEHIND
    towards = latest > ref if higher else latest < ref
    return IndicatorStatus.ON_TRACK if towards else IndicatorStatus.BEHIND


# --- the read model ----------------------------------------------------------------------------


@dataclass(slots=True)
class IndicatorTrack:
    """One indicator's year: baseline → measured values → target, its status and what is due."""

    goal_id: str
    indicator: Indicator
    measurements: list[Measurement]  # sorted by period
    latest: Measurement | None
    status: IndicatorStatus
    next_due: Period | None
    last_year: list[Measurement] = field(default_factory=list)  # through the copy-forward link
    overdue: bool = False  # next_due has ended without a value


@dataclass(slots=True)
class GoalFollowUp:
    goal: Goal
    tracks: list[IndicatorTrack]
    progress: dict[str, ActivityProgress]  # activity id -> its progress (absent: none recorded)
    assessment: GoalAssessment | None

    def progress_of(self, activity_id: str) -> ProgressStatus:
        p = self.progress.get(activity_id)
        return p.status if p is not None else ProgressStatus.PLANNED


@dataclass(slots=True)
class FollowUp:
    revision_id: str
    year: int
    goals: list[GoalFollowUp]
    learning: YearLearning | None

    def track(self, indicator_id: str) -> IndicatorTrack:
        for g in self.goals:
            for t in g.tracks:
                if t.indicator.id == indicator_id:
                    return t
        raise KeyError(indicator_id)


def measurement_key(m: Measurement) -> tuple[date, int, str]:
    """Order of measurements: by period (a text that names no period last, by its text)."""
    try:
        d, months = period_of(m.period).sort_key
    except ValidationError:
        return (date.max, 0, m.period)
    return (d, months, m.period)


def _series(measurements: Iterable[Measurement], indicator_id: str) -> list[Measurement]:
    return sorted((m for m in measurements if m.indicator_id == indicator_id), key=measurement_key)


def _periods(ms: Iterable[Measurement]) -> set[Period]:
    out: set[Period] = set()
    for m in ms:
        try:
            out.add(period_of(m.period))
        except ValidationError:
            continue
    return out


def _last_year_series(goal: Goal, indicator: Indicator, last_year: FullAgreement | None) -> list[Measurement]:
    if last_year is None or goal.origin_id is None:
        return []
    name = indicator.name.strip().casefold()
    for g in last_year.revision.content.goals:
        if g.id == goal.origin_id:
            for i in g.indicators:
                if i.name.strip().casefold() == name:
                    return _series(last_year.measurements, i.id)
    return []


def build_followup(agreement: FullAgreement, last_year: FullAgreement | None, today: date) -> FollowUp:
    """The follow-up of an agreement as views and reports show it. Last year's values come through
    the copy-forward link: the goal's ``origin_id`` is last year's goal, and its indicator with the
    same name (case-insensitive) is the same indicator."""
    rev = agreement.revision
    progress = {p.activity_id: p for p in agreement.progress}
    assessments = {a.goal_id: a for a in agreement.assessments}
    goals: list[GoalFollowUp] = []
    for g in rev.content.goals:
        tracks: list[IndicatorTrack] = []
        for ind in g.indicators:
            ms = _series(agreement.measurements, ind.id)
            latest = ms[-1] if ms else None
            earliest = ms[0].value if len(ms) > 1 else None
            status = indicator_status(
                ind.direction, ind.baseline_value, ind.target_value, latest.value if latest else None, earliest
            )
            due = next_due(ind.frequency, rev.year, _periods(ms), today)
            tracks.append(
                IndicatorTrack(
                    goal_id=g.id, indicator=ind, measurements=ms, latest=latest, status=status, next_due=due,
                    last_year=_last_year_series(g, ind, last_year), overdue=is_overdue(due, today),
                )
            )
        goals.append(
            GoalFollowUp(
                goal=g, tracks=tracks,
                progress={a.id: progress[a.id] for a in g.activities if a.id in progress},
                assessment=assessments.get(g.id),
            )
        )
    return FollowUp(revision_id=rev.id, year=rev.year, goals=goals, learning=agreement.learning)


def latest_values(measurements: Iterable[Measurement]) -> dict[str, Decimal]:
    """Each indicator's latest measured value (by period): next year's baseline when copied forward."""
    out: dict[str, tuple[tuple[date, int, str], Decimal]] = {}
    for m in measurements:
        k = measurement_key(m)
        if m.indicator_id not in out or k >= out[m.indicator_id][0]:
            out[m.indicator_id] = (k, m.value)
    return {iid: v for iid, (_k, v) in out.items()}
