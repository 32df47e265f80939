"""Repositories of the dialogue (remarks and replies), of follow-up (measurements, assessments)
and of the settings table. They work inside the caller's transaction and never commit."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import AnchorKind, Assessment, ItemKind, Role
from enhetsdialog.domain.model import Remark, new_id
from enhetsdialog.storage import repo
from enhetsdialog.storage.tables import ASSESSMENT, ITEM_TABLES, MEASUREMENT, REMARK, REPLY


class RemarkRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def of_agreement(self, agreement_id: str) -> list[Remark]:
        return repo.remarks(self.s, agreement_id)

    def agreement_of(self, remark_id: str) -> str | None:
        aid = self.s.execute(select(REMARK.c.agreement_id).where(REMARK.c.id == remark_id)).scalar()
        return None if aid is None else str(aid)

    def add(self, agreement_id: str, revision_id: str, anchor_kind: AnchorKind, anchor_id: str, text: str,
            author: str, role: Role) -> str:
        rid = new_id()
        self.s.execute(
            insert(REMARK).values(
                id=rid, agreement_id=agreement_id, revision_id=revision_id, anchor_kind=anchor_kind.value,
                anchor_id=anchor_id, author=author, role=role.value, text=text, created_at=repo.now_iso(),
                resolved=False,
            )
        )
        return rid

    def add_reply(self, remark_id: str, text: str, author: str, role: Role) -> str:
        rid = new_id()
        self.s.execute(
            insert(REPLY).values(
                id=rid, remark_id=remark_id, author=author, role=role.value, text=text, created_at=repo.now_iso()
            )
        )
        return rid

    def set_resolved(self, remark_id: str, resolved: bool, by: str) -> None:
        # resolved_at records when the state last changed (resolved or reopened), so that a package
        # from the other machine can tell which change is the later one
        self.s.execute(
            update(REMARK).where(REMARK.c.id == remark_id).values(resolved=resolved, resolved_at=repo.now_iso(), resolved_by=by)
        )


class FollowUpRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def has_item(self, revision_id: str, kind: ItemKind, item_id: str) -> bool:
        t = ITEM_TABLES[kind]
        return self.s.execute(
            select(t.c.id).where(and_(t.c.revision_id == revision_id, t.c.id == item_id))
        ).scalar() is not None

    def record_measurement(self, revision_id: str, indicator_id: str, period: str, value: Decimal, comment: str) -> str:
        """Set the value measured for one period (replacing what was there); its id."""
        m = MEASUREMENT.c
        existing = self.s.execute(
            select(m.id).where(and_(m.revision_id == revision_id, m.indicator_id == indicator_id, m.period == period))
        ).scalar()
        values = {"value": repo.dec_to_db(value), "comment": comment, "recorded_at": repo.now_iso()}
        if existing:
            self.s.execute(update(MEASUREMENT).where(m.id == existing).values(**values))
            return str(existing)
        mid = new_id()
        self.s.execute(insert(MEASUREMENT).values(id=mid, revision_id=revision_id, indicator_id=indicator_id, period=period, **values))
        return mid

    def remove_measurement(self, measurement_id: str) -> str | None:
        """Delete a measurement; the revision it belonged to, or None if there was none."""
        rid = self.s.execute(select(MEASUREMENT.c.revision_id).where(MEASUREMENT.c.id == measurement_id)).scalar()
        if rid is not None:
            self.s.execute(delete(MEASUREMENT).where(MEASUREMENT.c.id == measurement_id))
        return None if rid is None else str(rid)

    def set_assessment(self, revision_id: str, goal_id: str, assessment: Assessment, reflection: str) -> None:
        a = ASSESSMENT.c
        self.s.execute(delete(ASSESSMENT).where(and_(a.revision_id == revision_id, a.goal_id == goal_id)))
        self.s.execute(
            insert(ASSESSMENT).values(
                id=new_id(), revision_id=revision_id, goal_id=goal_id, assessment=assessment.value,
                reflection=reflection, assessed_at=repo.now_iso(),
            )
        )


class SettingsRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def get(self, key: str) -> str | None:
        return repo.get_setting(self.s, key)

    def set(self, key: str, value: str) -> None:
        repo.set_setting(self.s, key, value)
