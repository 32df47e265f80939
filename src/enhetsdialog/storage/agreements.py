"""The agreement repository: agreements, their revisions and the items of a revision.

Every method works inside the caller's transaction (the unit of work, ``storage/uow.py``) and never
commits. Rows are mapped to domain objects with the item declarations (``domain/items.py``).
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import ItemKind, Status
from enhetsdialog.domain.items import ItemRef, Patch, spec
from enhetsdialog.domain.model import (
    Content,
    FullAgreement,
    Goal,
    Measurement,
    Revision,
    RevisionSummary,
    Signature,
    new_id,
)
from enhetsdialog.storage import followup_rows, repo, summary_rows
from enhetsdialog.storage.followup import FollowUpRepo
from enhetsdialog.storage.tables import (
    AGREEMENT,
    GOAL,
    GOAL_PLAN,
    GOAL_SDG,
    ITEM_TABLES,
    PLAN_GOAL,
    REMARK,
    REPLY,
    REVISION,
    SIGNED_DOC,
)


class AgreementRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    # --- reading -----------------------------------------------------------------------------------

    def summaries(self, **filters: Any) -> builtins.list[RevisionSummary]:
        return summary_rows.summaries(self.s, **filters)

    def years(self) -> builtins.list[int]:
        return summary_rows.years(self.s)

    def nudge_counts(self, revision_ids: Iterable[str]) -> dict[str, int]:
        return summary_rows.nudge_counts(self.s, builtins.list(revision_ids))

    def full(self, revision_id: str) -> FullAgreement:
        return repo.load_full(self.s, revision_id)

    def revision(self, revision_id: str) -> Revision:
        return repo.load_revision(self.s, revision_id)

    def header(self, revision_id: str) -> Revision:
        """The revision without its items: cheap, for rule checks."""
        return repo.revision_header(self.s, revision_id)

    def unit_of(self, agreement_id: str) -> str | None:
        v = self.s.execute(select(AGREEMENT.c.unit_id).where(AGREEMENT.c.id == agreement_id)).scalar()
        return None if v is None else str(v)

    def revisions_starting_with(self, prefix: str) -> set[str]:
        """Revisions whose id starts with ``prefix``, and the latest revision of each agreement whose
        id does."""
        pattern = f"{summary_rows.escape_like(prefix)}%"
        hits = {str(x) for x in self.s.execute(select(REVISION.c.id).where(REVISION.c.id.like(pattern, escape="\\"))).scalars()}
        latest = self.s.execute(
            select(REVISION.c.id)
            .where(REVISION.c.agreement_id.like(pattern, escape="\\"))
            .order_by(REVISION.c.number.desc())
        ).scalars().first()
        if latest is not None:
            hits.add(str(latest))
        return hits

    def agreement_for(self, unit_id: str, year: int) -> str | None:
        v = self.s.execute(
            select(AGREEMENT.c.id).where(and_(AGREEMENT.c.unit_id == unit_id, AGREEMENT.c.year == year))
        ).scalar()
        return None if v is None else str(v)

    def latest_number(self, agreement_id: str) -> int:
        return int(self.s.execute(
            select(func.max(REVISION.c.number)).where(REVISION.c.agreement_id == agreement_id)
        ).scalar_one())

    def measurements(self, revision_id: str) -> builtins.list[Measurement]:
        return followup_rows.measurements(self.s, revision_id)

    def open_remark_count(self, agreement_id: str) -> int:
        return int(self.s.execute(
            select(func.count())
            .select_from(REMARK)
            .where(and_(REMARK.c.agreement_id == agreement_id, REMARK.c.resolved.is_(False)))
        ).scalar_one())

    # --- agreements and revisions -------------------------------------------------------------------

    def create_agreement(self, unit_id: str, year: int) -> str:
        agreement_id = new_id()
        self.s.execute(insert(AGREEMENT).values(id=agreement_id, unit_id=unit_id, year=year))
        return agreement_id

    def insert_revision(self, rev: Revision) -> None:
        repo.insert_revision(self.s, rev)

    def delete_draft(self, revision_id: str, agreement_id: str) -> None:
        """Remove a revision with its items and remarks; the agreement too when nothing is left."""
        s = self.s
        FollowUpRepo(s).remove_for_revision(revision_id)
        repo.delete_content_lists(s, revision_id)
        remark_ids = select(REMARK.c.id).where(REMARK.c.revision_id == revision_id)
        s.execute(delete(REPLY).where(REPLY.c.remark_id.in_(remark_ids)))
        s.execute(delete(REMARK).where(REMARK.c.revision_id == revision_id))
        s.execute(delete(REVISION).where(REVISION.c.id == revision_id))
        left = s.execute(
            select(func.count()).select_from(REVISION).where(REVISION.c.agreement_id == agreement_id)
        ).scalar_one()
        if left == 0:
            s.execute(delete(AGREEMENT).where(AGREEMENT.c.id == agreement_id))

    def touch(self, revision_id: str) -> None:
        self._set(revision_id, updated_at=repo.now_iso())

    def set_text(self, revision_id: str, field_name: str, value: str) -> None:
        self._set(revision_id, **{field_name: value, "updated_at": repo.now_iso()})

    def set_meeting_notes(self, revision_id: str, notes: dict[str, str]) -> None:
        self._set(revision_id, meeting_notes=json.dumps(notes, ensure_ascii=False, sort_keys=True))

    def set_status(self, revision_id: str, status: Status, at: datetime | None = None, *, by: str | None = None) -> None:
        """The new status with when (and, for a user's change, by whom) it changed."""
        when = at.isoformat(timespec="microseconds") if at else repo.now_iso()
        who = {} if by is None else {"status_changed_by": by}
        self._set(revision_id, status=status.value, updated_at=when, status_changed_at=when, **who)

    def _set(self, revision_id: str, **values: Any) -> None:
        self.s.execute(update(REVISION).where(REVISION.c.id == revision_id).values(**values))

    # --- items ---------------------------------------------------------------------------------------

    def goal_exists(self, revision_id: str, goal_id: str) -> bool:
        return self.s.execute(
            select(GOAL.c.id).where(and_(GOAL.c.revision_id == revision_id, GOAL.c.id == goal_id))
        ).scalar() is not None

    def item_goal(self, ref: ItemRef) -> tuple[bool, str | None]:
        """Whether the item exists, and the goal it belongs to (activities, indicators)."""
        t = ITEM_TABLES[ref.kind]
        row = self.s.execute(select(t).where(and_(t.c.revision_id == ref.revision_id, t.c.id == ref.id))).first()
        if row is None:
            return False, None
        return True, (row.goal_id if spec(ref.kind).parent is not None else None)

    def add_item(self, ref: ItemRef, patch: Patch, goal_id: str | None, index: int | None) -> None:
        """Insert an item (declared defaults for what ``patch`` leaves out) at ``index``, else last."""
        k = spec(ref.kind)
        t = ITEM_TABLES[ref.kind]
        item = k.cls(id=ref.id, **patch.values)
        scope = self._scope(ref.revision_id, goal_id)
        ids = self._ordered_ids(t, scope)
        item.position = len(ids)
        self.s.execute(insert(t).values(repo.item_values(ref.revision_id, ref.kind, item, goal_id)))
        if index is not None and 0 <= index < len(ids):
            ids.insert(index, ref.id)
            self._renumber(t, ref.revision_id, ids)

    def update_item(self, ref: ItemRef, patch: Patch) -> bool:
        """Set some fields of an item; False if there is no such item."""
        t = ITEM_TABLES[ref.kind]
        result = self.s.execute(
            update(t).where(and_(t.c.revision_id == ref.revision_id, t.c.id == ref.id)).values(**patch.plain())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def remove_item(self, ref: ItemRef, goal_id: str | None) -> None:
        """Delete an item (a goal with its activities, indicators and links); positions stay dense."""
        t = ITEM_TABLES[ref.kind]
        if ref.kind is ItemKind.GOAL:
            self._delete_goal_children(ref.revision_id, ref.id)
        self.s.execute(delete(t).where(and_(t.c.revision_id == ref.revision_id, t.c.id == ref.id)))
        self._renumber(t, ref.revision_id, self._ordered_ids(t, self._scope(ref.revision_id, goal_id)))

    def move_item(self, ref: ItemRef, goal_id: str | None, new_index: int) -> None:
        t = ITEM_TABLES[ref.kind]
        ids = self._ordered_ids(t, self._scope(ref.revision_id, goal_id))
        ids.remove(ref.id)
        ids.insert(max(0, min(new_index, len(ids))), ref.id)
        self._renumber(t, ref.revision_id, ids)

    def unknown_plan_goals(self, ids: Iterable[str]) -> builtins.list[str]:
        wanted = builtins.list(ids)
        known = set(self.s.execute(select(PLAN_GOAL.c.id).where(PLAN_GOAL.c.id.in_(wanted))).scalars())
        return [p for p in wanted if p not in known]

    def set_plan_links(self, revision_id: str, goal_id: str, plan_goal_ids: Iterable[str]) -> None:
        self._set_links(GOAL_PLAN, revision_id, goal_id, "plan_goal_id", plan_goal_ids)

    def set_sdg_links(self, revision_id: str, goal_id: str, sdgs: Iterable[int]) -> None:
        self._set_links(GOAL_SDG, revision_id, goal_id, "sdg", sdgs)

    def replace_goal(self, revision_id: str, goal: Goal) -> None:
        """Write a whole goal (activities, indicators, links) at its position.

        What was recorded on indicators and activities no longer in the goal goes with them (as when
        they are removed); that of the goal itself and of the items it keeps stays. The rows are
        rewritten under the same ids, so the follow-up rows' foreign keys are checked at commit
        (``defer_foreign_keys``, reset by SQLite when the transaction ends)."""
        FollowUpRepo(self.s).keep_only_items(
            revision_id, goal.id, {i.id for i in goal.indicators}, {a.id for a in goal.activities}
        )
        self.s.execute(text("PRAGMA defer_foreign_keys = ON"))
        self._delete_goal_children(revision_id, goal.id)
        self.s.execute(delete(GOAL).where(and_(GOAL.c.revision_id == revision_id, GOAL.c.id == goal.id)))
        repo.insert_content_lists(self.s, revision_id, Content(goals=[goal]))
        ids = self._ordered_ids(GOAL, {"revision_id": revision_id})
        ids.remove(goal.id)
        ids.insert(max(0, min(goal.position, len(ids))), goal.id)
        self._renumber(GOAL, revision_id, ids)

    # --- helpers --------------------------------------------------------------------------------------

    @staticmethod
    def _scope(revision_id: str, goal_id: str | None) -> dict[str, Any]:
        return {"revision_id": revision_id, **({"goal_id": goal_id} if goal_id is not None else {})}

    def _set_links(self, t: Table, revision_id: str, goal_id: str, column: str, values: Iterable[Any]) -> None:
        self.s.execute(delete(t).where(and_(t.c.revision_id == revision_id, t.c.goal_id == goal_id)))
        rows = [{"revision_id": revision_id, "goal_id": goal_id, column: v} for v in sorted(set(values))]
        if rows:
            self.s.execute(insert(t), rows)

    def _delete_goal_children(self, revision_id: str, goal_id: str) -> None:
        for child in (ITEM_TABLES[ItemKind.ACTIVITY], ITEM_TABLES[ItemKind.INDICATOR], GOAL_PLAN, GOAL_SDG):
            self.s.execute(delete(child).where(and_(child.c.revision_id == revision_id, child.c.goal_id == goal_id)))

    def _ordered_ids(self, t: Table, scope: dict[str, Any]) -> builtins.list[str]:
        cond = and_(*[t.c[k] == v for k, v in scope.items()])
        return [str(x) for x in self.s.execute(select(t.c.id).where(cond).order_by(t.c.position, t.c.id)).scalars()]

    def _renumber(self, t: Table, revision_id: str, ids: builtins.list[str]) -> None:
        for pos, item in enumerate(ids):
            self.s.execute(update(t).where(and_(t.c.revision_id == revision_id, t.c.id == item)).values(position=pos))


class PackageRepo:
    """What an agreement package is built from: an agreement with all its revisions, signatures
    and signed PDFs."""

    def __init__(self, s: Session) -> None:
        self.s = s

    def agreement_of(self, ref: str) -> str | None:
        """The agreement of a revision id, or the agreement id itself; None if neither exists."""
        aid = self.s.execute(select(REVISION.c.agreement_id).where(REVISION.c.id == ref)).scalar()
        if aid is None:
            aid = self.s.execute(select(AGREEMENT.c.id).where(AGREEMENT.c.id == ref)).scalar()
        return None if aid is None else str(aid)

    def agreement(self, agreement_id: str) -> tuple[str, int]:
        """The agreement's unit and year."""
        row = self.s.execute(select(AGREEMENT.c.unit_id, AGREEMENT.c.year).where(AGREEMENT.c.id == agreement_id)).one()
        return str(row.unit_id), int(row.year)

    def revision_ids(self, agreement_id: str) -> builtins.list[str]:
        """Every revision of the agreement, oldest first."""
        return [str(x) for x in self.s.execute(
            select(REVISION.c.id).where(REVISION.c.agreement_id == agreement_id).order_by(REVISION.c.number)
        ).scalars()]

    def signatures(self, revision_id: str) -> builtins.list[Signature]:
        return repo.signatures(self.s, revision_id)

    def signed_document(self, revision_id: str) -> tuple[bytes, str] | None:
        """The signed PDF and when it last grew (ISO text), if the revision has one."""
        doc = self.s.execute(select(SIGNED_DOC.c.pdf, SIGNED_DOC.c.updated_at).where(SIGNED_DOC.c.revision_id == revision_id)).first()
        return None if doc is None else (bytes(doc.pdf), str(doc.updated_at))
