"""The rows the merge of an agreement package reads and writes (``services/exchange_merge*.py``)
beyond what the other repositories offer: the identities a package must not clash with, the
revision's header as the merge rewrites it, the remarks and replies it adds, and the signed records
(through ``storage/signatures.py``). Reached as ``uow.merge``; works inside the caller's transaction
and never commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, select, text, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.model import TEXT_FIELDS, Content, Remark, Reply, Revision, Signature
from enhetsdialog.storage import repo
from enhetsdialog.storage import signatures as store
from enhetsdialog.storage.tables import (
    AGREEMENT,
    ASSESSMENT,
    MEASUREMENT,
    MUNICIPALITY,
    PERSON,
    PLAN,
    PLAN_GOAL,
    REMARK,
    REPLY,
    REVISION,
    SERVICE_AREA,
    UNIT,
)


@dataclass(frozen=True, slots=True)
class StoredRemark:
    """A remark here as the merge compares it: where it belongs and its resolution state (as stored)."""

    id: str
    agreement_id: str
    revision_id: str
    resolved: bool
    resolved_at: str | None


@dataclass(frozen=True, slots=True)
class RevisionState:
    """A revision's status and times as stored (ISO text)."""

    status: str
    frozen: bool
    status_changed_at: str | None
    updated_at: str


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class MergeRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def defer_foreign_keys(self) -> None:
        """Check foreign keys at commit (content rows are deleted and written again); reset by SQLite
        at the end of the transaction."""
        self.s.execute(text("PRAGMA defer_foreign_keys = ON"))

    # --- the agreement and its revisions ------------------------------------------------------------

    def agreement_key(self, agreement_id: str) -> tuple[str, int] | None:
        """The agreement's unit and year, None if it is not here."""
        row = self.s.execute(select(AGREEMENT).where(AGREEMENT.c.id == agreement_id)).first()
        return None if row is None else (row.unit_id, row.year)

    def insert_agreement(self, agreement_id: str, unit_id: str, year: int) -> None:
        self.s.execute(insert(AGREEMENT).values(id=agreement_id, unit_id=unit_id, year=year))

    def latest_revision(self, agreement_id: str) -> str:
        """The id of the agreement's revision with the highest number."""
        return str(
            self.s.execute(
                select(REVISION.c.id)
                .where(REVISION.c.agreement_id == agreement_id)
                .order_by(REVISION.c.number.desc())
                .limit(1)
            ).scalar_one()
        )

    def revision_key(self, revision_id: str) -> tuple[str, int] | None:
        """The revision's agreement and number, None if it is not here."""
        row = self.s.execute(select(REVISION).where(REVISION.c.id == revision_id)).first()
        return None if row is None else (row.agreement_id, row.number)

    def revision_numbered(self, agreement_id: str, number: int) -> str | None:
        """The id of the agreement's revision with this number, if there is one."""
        rid = self.s.execute(
            select(REVISION.c.id).where(and_(REVISION.c.agreement_id == agreement_id, REVISION.c.number == number))
        ).scalar()
        return None if rid is None else str(rid)

    def revision_state(self, revision_id: str) -> RevisionState:
        row = self.s.execute(select(REVISION).where(REVISION.c.id == revision_id)).one()
        return RevisionState(row.status, row.frozen, row.status_changed_at, row.updated_at)

    def insert_revision(
        self, rev: Revision, *, created_at: str, updated_at: str, status_changed_at: str, status_changed_by: str
    ) -> None:
        """A revision new here, with the times it came with (not those of this machine)."""
        repo.insert_revision(self.s, rev, created_at=created_at)
        self.s.execute(
            update(REVISION)
            .where(REVISION.c.id == rev.id)
            .values(updated_at=updated_at, status_changed_at=status_changed_at, status_changed_by=status_changed_by)
        )

    def replace_content(self, revision_id: str, content: Content, updated_at: str) -> None:
        """The revision's whole content (items, links and free-text answers) replaced by ``content``."""
        repo.delete_content_lists(self.s, revision_id)
        repo.insert_content_lists(self.s, revision_id, content)
        self.s.execute(
            update(REVISION)
            .where(REVISION.c.id == revision_id)
            .values(updated_at=updated_at, **{name: getattr(content, name) for name in TEXT_FIELDS})
        )

    def set_updated_at(self, revision_id: str, at: str) -> None:
        self.s.execute(update(REVISION).where(REVISION.c.id == revision_id).values(updated_at=at))

    def set_status(self, revision_id: str, status: Status, at: str, by: str) -> None:
        """A status step with when and by whom, leaving ``updated_at`` as it is."""
        store.set_status(self.s, revision_id, status, at, by, touch=False)

    # --- the organisation and the plan catalogue ----------------------------------------------------

    def unit_area(self, unit_id: str) -> str | None:
        return self.s.execute(select(UNIT.c.service_area_id).where(UNIT.c.id == unit_id)).scalar()

    def unit_leader(self, unit_id: str) -> str | None:
        return self.s.execute(select(UNIT.c.leader_id).where(UNIT.c.id == unit_id)).scalar()

    def area_municipality(self, area_id: str) -> str | None:
        return self.s.execute(select(SERVICE_AREA.c.municipality_id).where(SERVICE_AREA.c.id == area_id)).scalar()

    def area_director(self, area_id: str | None) -> str | None:
        return self.s.execute(select(SERVICE_AREA.c.director_id).where(SERVICE_AREA.c.id == area_id)).scalar()

    def unit_exists(self, unit_id: str) -> bool:
        return self._exists(UNIT, unit_id)

    def service_area_exists(self, area_id: str) -> bool:
        return self._exists(SERVICE_AREA, area_id)

    def municipality_exists(self, municipality_id: str) -> bool:
        return self._exists(MUNICIPALITY, municipality_id)

    def person_exists(self, person_id: str) -> bool:
        return self._exists(PERSON, person_id)

    def _exists(self, table: Any, key: str) -> bool:
        return self.s.execute(select(table.c.id).where(table.c.id == key)).scalar() is not None

    def plan_ids(self) -> set[str]:
        return set(self.s.execute(select(PLAN.c.id)).scalars())

    def plan_goal_ids(self) -> set[str]:
        return set(self.s.execute(select(PLAN_GOAL.c.id)).scalars())

    # --- follow-up ------------------------------------------------------------------------------------

    def measured_indicators(self, revision_id: str) -> set[str]:
        """The indicators of the revision that have measurements."""
        return set(self.s.execute(select(MEASUREMENT.c.indicator_id).where(MEASUREMENT.c.revision_id == revision_id)).scalars())

    def assessed_goals(self, revision_id: str) -> set[str]:
        """The goals of the revision that have an assessment."""
        return set(self.s.execute(select(ASSESSMENT.c.goal_id).where(ASSESSMENT.c.revision_id == revision_id)).scalars())

    # --- remarks and replies --------------------------------------------------------------------------

    def remarks(self, ids: list[str]) -> dict[str, StoredRemark]:
        """The remarks here among ``ids``."""
        return {
            row.id: StoredRemark(row.id, row.agreement_id, row.revision_id, row.resolved, row.resolved_at)
            for chunk in _chunks(ids)
            for row in self.s.execute(select(REMARK).where(REMARK.c.id.in_(chunk))).all()
        }

    def reply_remarks(self, ids: list[str]) -> dict[str, str]:
        """The replies here among ``ids``, each with the remark it answers."""
        return {
            row.id: row.remark_id
            for chunk in _chunks(ids)
            for row in self.s.execute(select(REPLY).where(REPLY.c.id.in_(chunk))).all()
        }

    def insert_remark(self, r: Remark, *, created_at: str, resolved_at: str | None) -> None:
        self.s.execute(
            insert(REMARK).values(
                id=r.id,
                agreement_id=r.agreement_id,
                revision_id=r.revision_id,
                anchor_kind=r.anchor_kind.value,
                anchor_id=r.anchor_id,
                author=r.author,
                role=r.role.value,
                text=r.text,
                created_at=created_at,
                resolved=r.resolved,
                resolved_at=resolved_at,
                resolved_by=r.resolved_by,
            )
        )

    def set_remark_resolution(self, remark_id: str, values: dict[str, Any]) -> None:
        """Write a remark's resolution state (``resolved``, ``resolved_at``, ``resolved_by``)."""
        self.s.execute(update(REMARK).where(REMARK.c.id == remark_id).values(**values))

    def insert_reply(self, x: Reply, remark_id: str, *, created_at: str) -> None:
        self.s.execute(
            insert(REPLY).values(
                id=x.id, remark_id=remark_id, author=x.author, role=x.role.value, text=x.text, created_at=created_at
            )
        )

    # --- signed records -------------------------------------------------------------------------------

    def signed_pdf(self, revision_id: str) -> bytes | None:
        return store.signed_pdf(self.s, revision_id)

    def signed_roles(self, revision_id: str) -> set[Role]:
        return store.signed_roles(self.s, revision_id)

    def store_signed_pdf(self, revision_id: str, pdf: bytes, at: str) -> None:
        store.store_signed_pdf(self.s, revision_id, pdf, at)

    def record_signature(self, sig: Signature) -> None:
        store.record_signature(self.s, sig)

    def freeze(self, revision_id: str, at: str) -> None:
        store.freeze(self.s, revision_id, at)
