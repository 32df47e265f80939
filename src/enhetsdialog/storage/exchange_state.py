"""The state the agreement-package exchange keeps per revision (tables ``exchange_sync`` and
``exchange_conflict``). Both rows belong to their revision (``ON DELETE CASCADE``): deleting a draft
leaves nothing behind; a signed revision is never deleted (storage.triggers), so neither is its state.

The repository stores what it is given: the incoming version as the JSON text of its package entry
and its signed PDF as bytes. Reading and writing that entry is the exchange format's business
(services/exchange_state.py), not storage's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Row, and_, delete, insert, select
from sqlalchemy.orm import Session

from enhetsdialog.storage import repo
from enhetsdialog.storage.tables import EXCHANGE_CONFLICT, EXCHANGE_SYNC


@dataclass(frozen=True, slots=True)
class StoredConflict:
    """A revision in conflict as stored: the incoming version, and our version's fingerprint then."""

    revision_id: str
    incoming: str  # the revision's entry in agreement.json, as JSON text
    incoming_fingerprint: str
    local_fingerprint: str
    signed_pdf: bytes | None
    created_at: str


class ExchangeStateRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    # --- what has been exchanged

    def known(self, revision_id: str) -> frozenset[str]:
        """The fingerprints of the versions of the revision sent or received."""
        rows = self.s.execute(select(EXCHANGE_SYNC.c.fingerprint).where(EXCHANGE_SYNC.c.revision_id == revision_id))
        return frozenset(str(fp) for fp in rows.scalars())

    def set_known(self, revision_id: str, known: frozenset[str]) -> bool:
        """Make ``known`` the set of exchanged fingerprints; True if that changed anything."""
        current = self.known(revision_id)
        if known == current:
            return False
        t = EXCHANGE_SYNC.c
        gone = current - known
        if gone:
            self.s.execute(delete(EXCHANGE_SYNC).where(and_(t.revision_id == revision_id, t.fingerprint.in_(gone))))
        new = known - current
        if new:
            self.s.execute(insert(EXCHANGE_SYNC), [{"revision_id": revision_id, "fingerprint": fp} for fp in sorted(new)])
        return True

    # --- conflicts

    def conflict(self, revision_id: str) -> StoredConflict | None:
        row = self.s.execute(select(EXCHANGE_CONFLICT).where(EXCHANGE_CONFLICT.c.revision_id == revision_id)).first()
        return None if row is None else _conflict(row)

    def conflicts(self) -> list[StoredConflict]:
        """Every stored conflict, by revision id."""
        rows = self.s.execute(select(EXCHANGE_CONFLICT).order_by(EXCHANGE_CONFLICT.c.revision_id))
        return [_conflict(row) for row in rows]

    def store_conflict(
        self, revision_id: str, incoming: str, incoming_fingerprint: str, local_fingerprint: str, signed_pdf: bytes | None
    ) -> StoredConflict:
        """Keep the incoming version of a revision in conflict (replacing one kept before)."""
        stored = StoredConflict(revision_id, incoming, incoming_fingerprint, local_fingerprint, signed_pdf, repo.now_iso())
        repo.upsert(self.s, EXCHANGE_CONFLICT, asdict(stored), key=("revision_id",))
        return stored

    def delete_conflict(self, revision_id: str) -> bool:
        """Forget the conflict of a revision; True if there was one."""
        result = self.s.execute(delete(EXCHANGE_CONFLICT).where(EXCHANGE_CONFLICT.c.revision_id == revision_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _conflict(row: Row[Any]) -> StoredConflict:
    m = row._mapping
    pdf = m["signed_pdf"]
    return StoredConflict(
        revision_id=str(m["revision_id"]),
        incoming=str(m["incoming"]),
        incoming_fingerprint=str(m["incoming_fingerprint"]),
        local_fingerprint=str(m["local_fingerprint"]),
        signed_pdf=None if pdf is None else bytes(pdf),
        created_at=str(m["created_at"]),
    )
