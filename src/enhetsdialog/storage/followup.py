"""The follow-up repository: measured values, activity progress, year-end assessments and «Hva
lærte vi?» of a revision. SQL only here (reading rows into domain objects: ``followup_rows.py``).

These rows may be written on signed and archived revisions: they are not part of the signed
content (the triggers in ``storage/triggers.py`` guard that content and do not cover these tables).
Every method works inside the caller's transaction and never commits.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import Assessment, Frequency, ItemKind, ProgressStatus
from enhetsdialog.domain.model import ActivityProgress, GoalAssessment, Measurement, YearLearning, new_id
from enhetsdialog.storage import followup_rows, repo
from enhetsdialog.storage.tables import ASSESSMENT, INDICATOR, ITEM_TABLES, LEARNING, MEASUREMENT, PROGRESS


def _iso(value: datetime | None) -> str:
    return value.isoformat(timespec="microseconds") if value is not None else repo.now_iso()


def _date_iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class FollowUpRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    # --- reading ------------------------------------------------------------------------------------

    def has_item(self, revision_id: str, kind: ItemKind, item_id: str) -> bool:
        t = ITEM_TABLES[kind]
        return self.s.execute(
            select(t.c.id).where(and_(t.c.revision_id == revision_id, t.c.id == item_id))
        ).scalar() is not None

    def indicator_frequencies(self, revision_id: str) -> dict[str, Frequency | None]:
        """Every indicator of the revision with its frequency (None: measured yearly)."""
        rows = self.s.execute(
            select(INDICATOR.c.id, INDICATOR.c.frequency).where(INDICATOR.c.revision_id == revision_id)
        ).all()
        return {r.id: Frequency(r.frequency) if r.frequency else None for r in rows}

    def measurements(self, revision_id: str) -> list[Measurement]:
        return followup_rows.measurements(self.s, revision_id)

    def measurement(self, measurement_id: str) -> tuple[str, Measurement] | None:
        """A measurement and the revision it belongs to."""
        r = self.s.execute(select(MEASUREMENT).where(MEASUREMENT.c.id == measurement_id)).first()
        return None if r is None else (str(r.revision_id), followup_rows.measurement_from_row(r))

    def assessments(self, revision_id: str) -> list[GoalAssessment]:
        return followup_rows.assessments(self.s, revision_id)

    def progress(self, revision_id: str) -> list[ActivityProgress]:
        return followup_rows.progress(self.s, revision_id)

    def learning(self, revision_id: str) -> YearLearning | None:
        return followup_rows.learning(self.s, revision_id)

    # --- measurements -------------------------------------------------------------------------------

    def record_measurement(
        self, revision_id: str, indicator_id: str, period: str, value: Decimal, comment: str = "", *,
        measured_on: date | None = None, source: str = "", recorded_by: str = "",
    ) -> str:
        """Set the value measured for one period (replacing what was there, keeping its id and when
        it was first recorded); its id."""
        m = MEASUREMENT.c
        existing = self.s.execute(
            select(m.id).where(and_(m.revision_id == revision_id, m.indicator_id == indicator_id, m.period == period))
        ).scalar()
        now = repo.now_iso()
        values = {
            "value": repo.dec_to_db(value), "comment": comment, "measured_on": _date_iso(measured_on),
            "source": source, "recorded_by": recorded_by, "updated_at": now,
        }
        if existing:
            self.s.execute(update(MEASUREMENT).where(m.id == existing).values(**values))
            return str(existing)
        mid = new_id()
        self.s.execute(
            insert(MEASUREMENT).values(
                id=mid, revision_id=revision_id, indicator_id=indicator_id, period=period, recorded_at=now, **values
            )
        )
        return mid

    def record_measurements(self, revision_id: str, rows: list[dict[str, Any]], recorded_by: str) -> int:
        """Many values at once (a CSV import): each row has indicator_id, period, value, comment,
        measured_on, source. The same indicator and period again replaces the value."""
        m = MEASUREMENT.c
        existing = {
            (r.indicator_id, r.period): str(r.id)
            for r in self.s.execute(select(m.id, m.indicator_id, m.period).where(m.revision_id == revision_id)).all()
        }
        now = repo.now_iso()
        inserts: list[dict[str, Any]] = []
        for row in rows:
            values = {
                "value": repo.dec_to_db(row["value"]), "comment": row.get("comment", ""),
                "measured_on": _date_iso(row.get("measured_on")), "source": row.get("source", ""),
                "recorded_by": recorded_by, "updated_at": now,
            }
            key = (row["indicator_id"], row["period"])
            if key in existing:
                self.s.execute(update(MEASUREMENT).where(m.id == existing[key]).values(**values))
            else:
                existing[key] = mid = new_id()
                inserts.append({"id": mid, "revision_id": revision_id, "indicator_id": key[0], "period": key[1],
                                "recorded_at": now, **values})
        if inserts:
            self.s.execute(insert(MEASUREMENT), inserts)
        return len(rows)

    def put_measurement(self, revision_id: str, mm: Measurement) -> None:
        """Write a measurement exactly as given (from a package): insert, or replace the row with the
        same id or the same indicator and period."""
        m = MEASUREMENT.c
        self.s.execute(
            delete(MEASUREMENT).where(
                and_(m.revision_id == revision_id, m.indicator_id == mm.indicator_id, m.period == mm.period, m.id != mm.id)
            )
        )
        values = {
            "revision_id": revision_id, "indicator_id": mm.indicator_id, "period": mm.period,
            "value": repo.dec_to_db(mm.value), "comment": mm.comment, "recorded_at": _iso(mm.recorded_at),
            "measured_on": _date_iso(mm.measured_on), "source": mm.source, "recorded_by": mm.recorded_by,
            "updated_at": _iso(mm.updated_at or mm.recorded_at),
        }
        if self.s.execute(update(MEASUREMENT).where(m.id == mm.id).values(**values)).rowcount == 0:  # type: ignore[attr-defined]
            self.s.execute(insert(MEASUREMENT).values(id=mm.id, **values))

    def remove_measurement(self, measurement_id: str) -> str | None:
        """Delete a measurement; the revision it belonged to, or None if there was none."""
        rid = self.s.execute(select(MEASUREMENT.c.revision_id).where(MEASUREMENT.c.id == measurement_id)).scalar()
        if rid is not None:
            self.s.execute(delete(MEASUREMENT).where(MEASUREMENT.c.id == measurement_id))
        return None if rid is None else str(rid)

    # --- assessments, progress, learning -----------------------------------------------------------

    def set_assessment(
        self, revision_id: str, goal_id: str, assessment: Assessment, reflection: str, recorded_by: str = "", *,
        at: datetime | None = None, assessment_id: str | None = None,
    ) -> str:
        """Set a goal's year-end assessment (one per goal; an existing one keeps its id); its id."""
        a = ASSESSMENT.c
        where = and_(a.revision_id == revision_id, a.goal_id == goal_id)
        values = {"assessment": assessment.value, "reflection": reflection, "assessed_at": _iso(at),
                  "recorded_by": recorded_by}
        existing = self.s.execute(select(a.id).where(where)).scalar()
        if existing is not None and (assessment_id is None or assessment_id == existing):
            self.s.execute(update(ASSESSMENT).where(where).values(**values))
            return str(existing)
        self.s.execute(delete(ASSESSMENT).where(where))
        aid = assessment_id or new_id()
        self.s.execute(insert(ASSESSMENT).values(id=aid, revision_id=revision_id, goal_id=goal_id, **values))
        return aid

    def clear_assessment(self, revision_id: str, goal_id: str) -> bool:
        a = ASSESSMENT.c
        result = self.s.execute(delete(ASSESSMENT).where(and_(a.revision_id == revision_id, a.goal_id == goal_id)))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def set_progress(
        self, revision_id: str, activity_id: str, status: ProgressStatus, comment: str, recorded_by: str = "", *,
        at: datetime | None = None, progress_id: str | None = None,
    ) -> str:
        """Set an activity's progress (one per activity; an existing one keeps its id); its id."""
        p = PROGRESS.c
        where = and_(p.revision_id == revision_id, p.activity_id == activity_id)
        values = {"status": status.value, "comment": comment, "recorded_at": _iso(at), "recorded_by": recorded_by}
        existing = self.s.execute(select(p.id).where(where)).scalar()
        if existing is not None and (progress_id is None or progress_id == existing):
            self.s.execute(update(PROGRESS).where(where).values(**values))
            return str(existing)
        self.s.execute(delete(PROGRESS).where(where))
        pid = progress_id or new_id()
        self.s.execute(insert(PROGRESS).values(id=pid, revision_id=revision_id, activity_id=activity_id, **values))
        return pid

    def set_learning(
        self, revision_id: str, worked: str, did_not_work: str, courage: str, updated_by: str = "", *,
        at: datetime | None = None,
    ) -> None:
        values = {"worked": worked, "did_not_work": did_not_work, "courage": courage, "updated_at": _iso(at),
                  "updated_by": updated_by}
        where = LEARNING.c.revision_id == revision_id
        if self.s.execute(update(LEARNING).where(where).values(**values)).rowcount == 0:  # type: ignore[attr-defined]
            self.s.execute(insert(LEARNING).values(revision_id=revision_id, **values))

    # --- removal with the revision or the item --------------------------------------------------

    def remove_for_item(self, revision_id: str, kind: ItemKind, item_id: str) -> None:
        """Remove what was recorded on an item of a draft that is being removed (a goal: with its
        activities' and indicators' records)."""
        if kind is ItemKind.INDICATOR:
            self.s.execute(delete(MEASUREMENT).where(and_(MEASUREMENT.c.revision_id == revision_id,
                                                          MEASUREMENT.c.indicator_id == item_id)))
        elif kind is ItemKind.ACTIVITY:
            self.s.execute(delete(PROGRESS).where(and_(PROGRESS.c.revision_id == revision_id,
                                                       PROGRESS.c.activity_id == item_id)))
        elif kind is ItemKind.GOAL:
            for child, table, column in ((ItemKind.INDICATOR, MEASUREMENT, "indicator_id"),
                                         (ItemKind.ACTIVITY, PROGRESS, "activity_id")):
                t = ITEM_TABLES[child]
                ids = select(t.c.id).where(and_(t.c.revision_id == revision_id, t.c.goal_id == item_id))
                self.s.execute(delete(table).where(and_(table.c.revision_id == revision_id, table.c[column].in_(ids))))
            self.s.execute(delete(ASSESSMENT).where(and_(ASSESSMENT.c.revision_id == revision_id,
                                                         ASSESSMENT.c.goal_id == item_id)))

    def remove_for_revision(self, revision_id: str) -> None:
        """Remove every follow-up record of a revision (a draft being deleted)."""
        for table in (MEASUREMENT, ASSESSMENT, PROGRESS, LEARNING):
            self.s.execute(delete(table).where(table.c.revision_id == revision_id))
