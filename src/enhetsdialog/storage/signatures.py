"""Repository of signed records: the stored signed PDF of a revision, the signature rows extracted
from it, the municipality's trust anchors, and a revision's status history.

A signature row exists only as extracted from a stored signed PDF that verified (the services do the
verifying; the triggers refuse a signature row without its PDF). Functions take a Session and never
commit: the caller's unit of work decides.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.model import Signature, new_id
from enhetsdialog.storage import repo, tables
from enhetsdialog.storage.tables import TRUST_ANCHOR


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# --- the signed PDF ------------------------------------------------------------------------------------


def signed_pdf(s: Session, revision_id: str) -> bytes | None:
    pdf = s.execute(select(tables.SIGNED_DOC.c.pdf).where(tables.SIGNED_DOC.c.revision_id == revision_id)).scalar()
    return bytes(pdf) if pdf is not None else None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    revision_id: str
    pdf: bytes
    sha256: str  # as recorded (``check`` compares it with the bytes)
    updated_at: str


def stored_documents(s: Session) -> list[StoredDocument]:
    rows = s.execute(select(tables.SIGNED_DOC).order_by(tables.SIGNED_DOC.c.revision_id)).all()
    return [StoredDocument(r.revision_id, bytes(r.pdf), r.sha256, r.updated_at) for r in rows]


def store_signed_pdf(s: Session, revision_id: str, pdf: bytes, at: str) -> None:
    """Insert the revision's signed PDF, or replace it by one that extends it (the triggers refuse
    anything else)."""
    digest = hashlib.sha256(pdf).hexdigest()
    exists = s.execute(
        select(func.count()).select_from(tables.SIGNED_DOC).where(tables.SIGNED_DOC.c.revision_id == revision_id)
    ).scalar_one()
    if exists:
        s.execute(
            update(tables.SIGNED_DOC)
            .where(tables.SIGNED_DOC.c.revision_id == revision_id)
            .values(pdf=pdf, sha256=digest, updated_at=at)
        )
    else:
        s.execute(insert(tables.SIGNED_DOC).values(revision_id=revision_id, pdf=pdf, sha256=digest, updated_at=at))


def record_signature(s: Session, sig: Signature) -> None:
    """One signature row, as extracted from the stored signed PDF of its revision."""
    s.execute(
        insert(tables.SIGNATURE).values(
            id=sig.id or new_id(),
            revision_id=sig.revision_id,
            role=sig.role.value,
            name=sig.name,
            title=sig.title,
            signed_at=_iso(sig.signed_at),
            fingerprint=sig.fingerprint,
            certificate_subject=sig.certificate_subject,
            certificate_fingerprint=sig.certificate_fingerprint,
        )
    )


def signatures(s: Session, revision_id: str) -> list[Signature]:
    return repo.signatures(s, revision_id)


def signed_roles(s: Session, revision_id: str) -> set[Role]:
    return {sig.role for sig in repo.signatures(s, revision_id)}


def all_signatures(s: Session) -> dict[str, list[Signature]]:
    out: dict[str, list[Signature]] = {}
    for r in s.execute(select(tables.SIGNATURE.c.revision_id).distinct()).scalars():
        out[str(r)] = repo.signatures(s, str(r))
    return out


def freeze(s: Session, revision_id: str, at: str) -> None:
    s.execute(update(tables.REVISION).where(tables.REVISION.c.id == revision_id).values(frozen=True, updated_at=at))


# --- status with its history ---------------------------------------------------------------------------


def set_status(s: Session, revision_id: str, status: Status, at: str, by: str = "", *, touch: bool = True) -> None:
    values: dict[str, object] = {"status": status.value, "status_changed_at": at, "status_changed_by": by}
    if touch:
        values["updated_at"] = at
    s.execute(update(tables.REVISION).where(tables.REVISION.c.id == revision_id).values(**values))


@dataclass(frozen=True, slots=True)
class StatusRow:
    revision_id: str
    agreement_id: str
    status: Status
    frozen: bool
    changed_at: datetime | None
    changed_by: str


def status_rows(s: Session) -> list[StatusRow]:
    rows = s.execute(
        select(
            tables.REVISION.c.id,
            tables.REVISION.c.agreement_id,
            tables.REVISION.c.status,
            tables.REVISION.c.frozen,
            tables.REVISION.c.status_changed_at,
            tables.REVISION.c.status_changed_by,
        ).order_by(tables.REVISION.c.id)
    ).all()
    out = []
    for r in rows:
        try:
            status = Status(r.status)
        except ValueError:
            status = Status.UTKAST  # an unknown value is a finding of its own (see services.integrity)
        out.append(StatusRow(r.id, r.agreement_id, status, bool(r.frozen), repo.to_dt(r.status_changed_at), r.status_changed_by))
    return out


def raw_statuses(s: Session) -> dict[str, str]:
    """Every revision's status as stored (it may hold a value the app does not know)."""
    return {str(r.id): str(r.status) for r in s.execute(select(tables.REVISION.c.id, tables.REVISION.c.status)).all()}


# --- trust anchors -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrustAnchor:
    sha256: str
    subject: str
    issuer: str
    not_after: str
    der: bytes
    added_at: str


def trust_anchors(s: Session) -> list[TrustAnchor]:
    rows = s.execute(select(TRUST_ANCHOR).order_by(TRUST_ANCHOR.c.subject, TRUST_ANCHOR.c.sha256)).all()
    return [TrustAnchor(r.sha256, r.subject, r.issuer, r.not_after, bytes(r.der), r.added_at) for r in rows]


def add_trust_anchor(s: Session, anchor: TrustAnchor) -> bool:
    """Add an anchor; False when it was there already."""
    exists = s.execute(select(func.count()).select_from(TRUST_ANCHOR).where(TRUST_ANCHOR.c.sha256 == anchor.sha256)).scalar_one()
    if exists:
        return False
    s.execute(
        insert(TRUST_ANCHOR).values(
            sha256=anchor.sha256,
            subject=anchor.subject,
            issuer=anchor.issuer,
            not_after=anchor.not_after,
            der=anchor.der,
            added_at=anchor.added_at,
        )
    )
    return True


def remove_trust_anchor(s: Session, sha256_prefix: str) -> list[TrustAnchor]:
    """Remove the anchors whose SHA-256 starts with ``sha256_prefix``; returns what was removed."""
    found = [a for a in trust_anchors(s) if a.sha256.startswith(sha256_prefix.lower())]
    if found:
        s.execute(delete(TRUST_ANCHOR).where(and_(TRUST_ANCHOR.c.sha256.in_([a.sha256 for a in found]))))
    return found
