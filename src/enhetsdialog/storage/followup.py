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
from enhetsdialog.domain.followup import measurement_key as period_order
from enhetsdialog.domain.followup_keys import (
    LEARNING_KEY,
    Removal,
    assessment_key,
    measurement_key,
    progress_key,
    split_key,
)
from enhetsdialog.domain.model import (
    ActivityProgress,
    GoalAssessment,
    Measurement,
    YearLearning,
    new_id,
    new_ids,
)
from enhetsdialog.storage import followup_rows, repo
from enhetsdialog.storage.tables import (
    ASSESSMENT,
    FOLLOWUP_REMOVAL,
    INDICATOR,
    ITEM_TABLES,
    LEARNING,
    MEASUREMENT,
    PROGRESS,
)

_UPSERT_MEASUREMENT = (
    "INSERT INTO measurement (id, revision_id, indicator_id, period, value, comment, recorded_at, measured_on, source, "
    "recorded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (revision_id, indicator_id, period) DO UPDATE SET value = excluded.value, "
    "comment = excluded.comment, measured_on = excluded.measured_on, source = excluded.source, "
    "recorded_by = excluded.recorded_by, updated_at = excluded.updated_at"
)


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

    def measurements_of_goals(self, revision_id: str, goal_ids: set[str]) -> dict[tuple[str, str], list[Measurement]]:
        """The measurements of the indicators of some goals of a revision, by (goal id, indicator
        name case-folded), each series in period order: last year's values for the read model,
        without loading last year's whole agreement."""
        if not goal_ids:
            return {}
        i, m = INDICATOR.c, MEASUREMENT.c
        rows = self.s.execute(
            select(i.goal_id, i.name, MEASUREMENT)
            .select_from(INDICATOR.outerjoin(MEASUREMENT, and_(m.revision_id == i.revision_id, m.indicator_id == i.id)))
            .where(and_(i.revision_id == revision_id, i.goal_id.in_(sorted(goal_ids))))
            .order_by(i.goal_id, i.position, i.id)
        ).all()
        out: dict[tuple[str, str], list[Measurement]] = {}
        for r in rows:
            series = out.setdefault((str(r.goal_id), str(r.name).strip().casefold()), [])
            if r.id is not None:
                series.append(followup_rows.measurement_from_row(r))
        for series in out.values():
            series.sort(key=period_order)
        return out

    def measured_values(self, revision_id: str) -> dict[tuple[str, str], Decimal]:
        """The value recorded per (indicator, period) of the revision: what a CSV import would replace."""
        m = MEASUREMENT.c
        rows = self.s.execute(select(m.indicator_id, m.period, m.value).where(m.revision_id == revision_id))
        return {(str(i), str(p)): Decimal(v) for i, p, v in rows}

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

    def removals(self, revision_id: str) -> list[Removal]:
        """The follow-up records removed from the revision (tombstones), by key."""
        r = FOLLOWUP_REMOVAL.c
        rows = self.s.execute(select(r.record_key, r.removed_at, r.removed_by).where(r.revision_id == revision_id)
                              .order_by(r.record_key)).all()
        return [Removal(str(k), datetime.fromisoformat(at), str(by)) for k, at, by in rows]

    # --- removals (tombstones) ----------------------------------------------------------------------

    def _forget_removals(self, revision_id: str, keys: list[str]) -> None:
        """A record written again is no longer removed."""
        r = FOLLOWUP_REMOVAL.c
        for n in range(0, len(keys), 500):
            self.s.execute(delete(FOLLOWUP_REMOVAL).where(and_(r.revision_id == revision_id,
                                                               r.record_key.in_(keys[n:n + 500]))))

    def _tombstone(self, revision_id: str, key: str, by: str, at: datetime | None = None) -> None:
        repo.upsert(self.s, FOLLOWUP_REMOVAL, {"revision_id": revision_id, "record_key": key, "removed_at": _iso(at),
                                               "removed_by": by}, key=("revision_id", "record_key"))

    def apply_removal(self, revision_id: str, removal: Removal) -> None:
        """Remove the record a removal names (if it is here) and keep the removal (from a package)."""
        parts = split_key(removal.key)
        if parts is None:
            raise ValueError(removal.key)
        letter, item_id, period = parts
        if letter == "m":
            m = MEASUREMENT.c
            self.s.execute(delete(MEASUREMENT).where(and_(m.revision_id == revision_id, m.indicator_id == item_id,
                                                          m.period == period)))
        elif letter == "p":
            self.s.execute(delete(PROGRESS).where(and_(PROGRESS.c.revision_id == revision_id,
                                                       PROGRESS.c.activity_id == item_id)))
        elif letter == "a":
            self.s.execute(delete(ASSESSMENT).where(and_(ASSESSMENT.c.revision_id == revision_id,
                                                         ASSESSMENT.c.goal_id == item_id)))
        else:
            self.s.execute(delete(LEARNING).where(LEARNING.c.revision_id == revision_id))
        self._tombstone(revision_id, removal.key, removal.removed_by, removal.removed_at)

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
        self._forget_removals(revision_id, [measurement_key(indicator_id, period)])
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
        measured_on, source (the value normalized, as the check leaves it). The same indicator and period again replaces the value (keeping the
        row's id and when it was first recorded). One UPSERT through the driver's executemany: the
        rows are already checked, and building a statement per row would cost more than writing it."""
        now = repo.now_iso()
        ids = new_ids(len(rows))
        params = [
            (mid, revision_id, row["indicator_id"], row["period"], format(row["value"], "f"), row.get("comment", ""),
             now, _date_iso(row.get("measured_on")), row.get("source", ""), recorded_by, now)
            for mid, row in zip(ids, rows, strict=True)
        ]
        self.s.connection().exec_driver_sql(_UPSERT_MEASUREMENT, params)
        if self.s.execute(select(FOLLOWUP_REMOVAL.c.record_key).where(FOLLOWUP_REMOVAL.c.revision_id == revision_id)
                          .limit(1)).first() is not None:
            self._forget_removals(revision_id, [measurement_key(row["indicator_id"], row["period"]) for row in rows])
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
        self._forget_removals(revision_id, [measurement_key(mm.indicator_id, mm.period)])

    def remove_measurement(self, measurement_id: str, removed_by: str = "") -> str | None:
        """Delete a measurement, keeping its removal (so that it travels); the revision it belonged
        to, or None if there was none."""
        m = MEASUREMENT.c
        row = self.s.execute(select(m.revision_id, m.indicator_id, m.period).where(m.id == measurement_id)).first()
        if row is None:
            return None
        self.s.execute(delete(MEASUREMENT).where(m.id == measurement_id))
        self._tombstone(str(row.revision_id), measurement_key(row.indicator_id, row.period), removed_by)
        return str(row.revision_id)

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
        self._forget_removals(revision_id, [assessment_key(goal_id)])
        existing = self.s.execute(select(a.id).where(where)).scalar()
        if existing is not None and (assessment_id is None or assessment_id == existing):
            self.s.execute(update(ASSESSMENT).where(where).values(**values))
            return str(existing)
        self.s.execute(delete(ASSESSMENT).where(where))
        aid = assessment_id or new_id()
        self.s.execute(insert(ASSESSMENT).values(id=aid, revision_id=revision_id, goal_id=goal_id, **values))
        return aid

    def clear_assessment(self, revision_id: str, goal_id: str, removed_by: str = "") -> bool:
        """Remove a goal's assessment, keeping its removal (so that it travels); True if there was one."""
        a = ASSESSMENT.c
        result = self.s.execute(delete(ASSESSMENT).where(and_(a.revision_id == revision_id, a.goal_id == goal_id)))
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        self._tombstone(revision_id, assessment_key(goal_id), removed_by)
        return True

    def set_progress(
        self, revision_id: str, activity_id: str, status: ProgressStatus, comment: str, recorded_by: str = "", *,
        at: datetime | None = None, progress_id: str | None = None,
    ) -> str:
        """Set an activity's progress (one per activity; an existing one keeps its id); its id."""
        p = PROGRESS.c
        where = and_(p.revision_id == revision_id, p.activity_id == activity_id)
        values = {"status": status.value, "comment": comment, "recorded_at": _iso(at), "recorded_by": recorded_by}
        self._forget_removals(revision_id, [progress_key(activity_id)])
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
        self._forget_removals(revision_id, [LEARNING_KEY])
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

    def keep_only_items(self, revision_id: str, goal_id: str, indicator_ids: set[str], activity_ids: set[str]) -> None:
        """Remove the measurements of the goal's indicators and the progress of its activities that
        are not among those given (the goal is being rewritten without them)."""
        for child, table, column, kept in ((ItemKind.INDICATOR, MEASUREMENT, "indicator_id", indicator_ids),
                                           (ItemKind.ACTIVITY, PROGRESS, "activity_id", activity_ids)):
            t = ITEM_TABLES[child]
            ids = select(t.c.id).where(and_(t.c.revision_id == revision_id, t.c.goal_id == goal_id, t.c.id.not_in(kept)))
            self.s.execute(delete(table).where(and_(table.c.revision_id == revision_id, table.c[column].in_(ids))))

    def remove_for_revision(self, revision_id: str) -> None:
        """Remove every follow-up record of a revision (a draft being deleted)."""
        for table in (MEASUREMENT, ASSESSMENT, PROGRESS, LEARNING):
            self.s.execute(delete(table).where(table.c.revision_id == revision_id))
