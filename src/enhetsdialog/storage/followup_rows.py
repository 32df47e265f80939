"""Reading the follow-up records of a revision (measurements, assessments, activity progress,
«Hva lærte vi?») into domain objects. Separate from ``storage/followup.py`` (which writes them) so
that ``repo.load_full`` can fill a FullAgreement without an import cycle."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import Assessment, ProgressStatus
from enhetsdialog.domain.model import ActivityProgress, GoalAssessment, Measurement, YearLearning
from enhetsdialog.storage.tables import ASSESSMENT, LEARNING, MEASUREMENT, PROGRESS


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def measurement_from_row(r: Any) -> Measurement:
    return Measurement(
        id=r.id,
        indicator_id=r.indicator_id,
        period=r.period,
        value=Decimal(r.value),
        comment=r.comment,
        recorded_at=_dt(r.recorded_at),
        measured_on=_date(r.measured_on),
        source=r.source,
        recorded_by=r.recorded_by,
        updated_at=_dt(r.updated_at) or _dt(r.recorded_at),
    )


def measurements(s: Session, revision_id: str) -> list[Measurement]:
    rows = s.execute(
        select(MEASUREMENT).where(MEASUREMENT.c.revision_id == revision_id).order_by(MEASUREMENT.c.period)
    ).all()
    return [measurement_from_row(r) for r in rows]


def assessment_from_row(r: Any) -> GoalAssessment:
    return GoalAssessment(
        id=r.id,
        goal_id=r.goal_id,
        assessment=Assessment(r.assessment),
        reflection=r.reflection,
        assessed_at=_dt(r.assessed_at),
        recorded_by=r.recorded_by,
    )


def assessments(s: Session, revision_id: str) -> list[GoalAssessment]:
    rows = s.execute(select(ASSESSMENT).where(ASSESSMENT.c.revision_id == revision_id)).all()
    return [assessment_from_row(r) for r in rows]


def progress_from_row(r: Any) -> ActivityProgress:
    return ActivityProgress(
        id=r.id,
        activity_id=r.activity_id,
        status=ProgressStatus(r.status),
        comment=r.comment,
        recorded_at=_dt(r.recorded_at),
        recorded_by=r.recorded_by,
    )


def progress(s: Session, revision_id: str) -> list[ActivityProgress]:
    rows = s.execute(select(PROGRESS).where(PROGRESS.c.revision_id == revision_id)).all()
    return [progress_from_row(r) for r in rows]


def learning(s: Session, revision_id: str) -> YearLearning | None:
    r = s.execute(select(LEARNING).where(LEARNING.c.revision_id == revision_id)).first()
    if r is None:
        return None
    return YearLearning(
        worked=r.worked, did_not_work=r.did_not_work, courage=r.courage, updated_at=_dt(r.updated_at),
        updated_by=r.updated_by,
    )
