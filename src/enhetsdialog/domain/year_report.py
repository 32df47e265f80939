"""The unit's year report (årsrapport), as data (pure).

:func:`build_year_report` takes an agreement and its follow-up read model
(:func:`enhetsdialog.domain.followup.build_followup`: status per indicator, last year's values,
activity progress, assessments, «Hva lærte vi?») and keeps what the report shows: the goals with
their plan links and SDGs, each indicator's results against baseline and target, the activities'
outcomes, the year-end assessments and reflections, what was learnt, and the dialogue's conclusions
(the revision's meeting notes). The PDF (``pdf/year_report.py`` over ``year_report_outline``), the
CSV and the JSON (``exchange/report_formats.py``) are all written from this one model.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Assessment, IndicatorStatus, ProgressStatus, Role, Section, Status
from enhetsdialog.domain.followup import FollowUp, Period, measurement_key, period_of, periods_in_year
from enhetsdialog.domain.model import Activity, FullAgreement, Goal, Indicator, Measurement, YearLearning
from enhetsdialog.domain.outline_blocks import MEETING_SUMMARY_KEY, PART_TITLES, PartKind, label
from enhetsdialog.i18n import N_, Text


@dataclass(frozen=True, slots=True)
class PlanLink:
    plan_goal_id: str
    plan_kind: Text  # «Kommuneplanens samfunnsdel», ...
    plan_name: str
    code: str
    text: str
    level: int  # 0 KPS, 1 kommunedelplan/temaplan, 2 HØP, 9 unknown


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    indicator: Indicator
    measurements: tuple[Measurement, ...]  # this year's, by period
    last_year: tuple[Measurement, ...]  # last year's same indicator (copy-forward link), by period
    latest: Measurement | None
    status: IndicatorStatus


@dataclass(frozen=True, slots=True)
class ActivityOutcome:
    activity: Activity
    progress: ProgressStatus
    comment: str


@dataclass(frozen=True, slots=True)
class GoalReport:
    number: int
    goal: Goal
    plan_links: tuple[PlanLink, ...]
    sdgs: tuple[int, ...]
    indicators: tuple[IndicatorResult, ...]
    activities: tuple[ActivityOutcome, ...]
    assessment: Assessment | None
    reflection: str


@dataclass(frozen=True, slots=True)
class Conclusion:
    key: str  # the meeting-notes key: a section, «oppsummering», or another step
    title: Text
    text: str


@dataclass(frozen=True, slots=True)
class SignedBy:
    role: Role
    name: str
    signed_at: datetime


@dataclass(frozen=True, slots=True)
class YearReport:
    revision_id: str
    agreement_id: str
    year: int
    revision_number: int
    agreement_status: Status
    fingerprint: str  # of the agreement's revision the report follows up
    unit: str
    unit_kind: str
    service_area: str
    municipality: str
    leader: str
    director: str
    signed: tuple[SignedBy, ...]
    goals: tuple[GoalReport, ...]
    learning: YearLearning | None
    conclusions: tuple[Conclusion, ...]
    made_on: date

    def indicators(self) -> list[tuple[GoalReport, IndicatorResult]]:
        return [(g, i) for g in self.goals for i in g.indicators]

    def status_counts(self) -> Counter[IndicatorStatus]:
        return Counter(i.status for _g, i in self.indicators())

    def assessment_counts(self) -> Counter[Assessment | None]:
        return Counter(g.assessment for g in self.goals)


def _plan_links(full: FullAgreement, goal: Goal) -> tuple[PlanLink, ...]:
    out: list[PlanLink] = []
    for pid in sorted(set(goal.plan_goal_ids)):
        pg = full.plan_goals.get(pid)
        plan = full.plans.get(pg.plan_id) if pg is not None else None
        if pg is None:
            out.append(PlanLink(pid, N_("Ukjent plan"), "", "", "", 9))
            continue
        kind: Text = label(plan.kind.label) if plan is not None else N_("Ukjent plan")
        out.append(PlanLink(pid, kind, plan.name if plan else "", pg.code, pg.text, plan.kind.level if plan else 9))
    return tuple(sorted(out, key=lambda x: (x.level, x.code, x.plan_goal_id)))


def conclusions(notes: dict[str, str]) -> tuple[Conclusion, ...]:
    """The meeting notes in the agreement's order (the four questions, Samskaping, the summary)."""
    order = [s.value for s in (Section.HVOR, Section.HVORDAN, Section.ENKLERE, Section.LYKKES, Section.SAMSKAPING)]
    order.append(MEETING_SUMMARY_KEY)
    keys = [k for k in order if k in notes] + sorted(k for k in notes if k not in order)
    out: list[Conclusion] = []
    for key in keys:
        text = notes[key]
        if not isinstance(text, str) or not text.strip():
            continue
        if key == MEETING_SUMMARY_KEY:
            title: Text = N_("Oppsummering")
        elif key in Section.__members__.values():
            title = PART_TITLES.get(PartKind(key), label(Section(key).label))
        else:
            title = key
        out.append(Conclusion(key, title, text))
    return tuple(out)


def build_year_report(full: FullAgreement, followup: FollowUp, today: date) -> YearReport:
    rev = full.revision
    by_goal = {g.goal.id: g for g in followup.goals}
    goals: list[GoalReport] = []
    for n, goal in enumerate(sorted(rev.content.goals, key=lambda g: (g.position, g.id)), start=1):
        fg = by_goal.get(goal.id)
        tracks = {t.indicator.id: t for t in fg.tracks} if fg is not None else {}
        indicators = []
        for ind in sorted(goal.indicators, key=lambda i: (i.position, i.id)):
            t = tracks.get(ind.id)
            if t is None:
                indicators.append(IndicatorResult(ind, (), (), None, IndicatorStatus.NOT_MEASURED))
                continue
            last = tuple(sorted(t.last_year, key=measurement_key))
            indicators.append(IndicatorResult(ind, tuple(t.measurements), last, t.latest, t.status))
        activities = []
        for a in sorted(goal.activities, key=lambda a: (a.position, a.id)):
            p = fg.progress.get(a.id) if fg is not None else None
            activities.append(ActivityOutcome(a, p.status if p else ProgressStatus.PLANNED, p.comment if p else ""))
        assessment = fg.assessment if fg is not None else None
        goals.append(
            GoalReport(
                number=n,
                goal=goal,
                plan_links=_plan_links(full, goal),
                sdgs=tuple(sorted(set(goal.sdgs))),
                indicators=tuple(indicators),
                activities=tuple(activities),
                assessment=assessment.assessment if assessment else None,
                reflection=assessment.reflection if assessment else "",
            )
        )
    signed = tuple(
        SignedBy(s.role, s.name, s.signed_at) for s in sorted(full.signatures, key=lambda s: s.signed_at)
    )
    return YearReport(
        revision_id=rev.id,
        agreement_id=rev.agreement_id,
        year=rev.year,
        revision_number=rev.number,
        agreement_status=rev.status,
        fingerprint=fingerprint(rev),
        unit=full.unit.name,
        unit_kind=full.unit.kind,
        service_area=full.service_area.name,
        municipality=full.municipality.name,
        leader=full.leader.name if full.leader else "",
        director=full.director.name if full.director else "",
        signed=signed,
        goals=tuple(goals),
        learning=followup.learning,
        conclusions=conclusions(rev.meeting_notes),
        made_on=today,
    )


# --- the periods of a chart ------------------------------------------------------------------------------


def chart_periods(result: IndicatorResult, year: int) -> list[str]:
    """The periods along a chart's x axis: last year's (when there are values from last year) and this
    year's periods by the indicator's frequency, plus any other period a value was recorded for,
    in time order (as their stored text: «2026», «2026-T1», «2026-03»)."""
    freq = result.indicator.frequency
    wanted: list[Period] = []
    if result.last_year:
        wanted += periods_in_year(freq, year - 1)
    wanted += periods_in_year(freq, year)
    texts = {str(p): p for p in wanted}
    extra: dict[str, Measurement] = {}
    for m in (*result.last_year, *result.measurements):
        if m.period not in texts:
            extra[m.period] = m
    keyed: list[tuple[object, str]] = [((p.end_date, p.months, str(p)), str(p)) for p in wanted]
    for text, m in extra.items():
        try:
            p = period_of(text)
            keyed.append(((p.end_date, p.months, text), text))
        except ValueError:
            keyed.append((measurement_key(m), text))
    return [text for _k, text in sorted(keyed, key=lambda kv: kv[0])]  # type: ignore[arg-type, return-value]
