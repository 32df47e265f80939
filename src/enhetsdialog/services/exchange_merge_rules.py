"""The rules of the merge that need no database: what the import decides for a revision
(:class:`Action`, :class:`RevisionPlan`), the status path the domain rules allow, and which change
of a remark's resolution state wins (services/exchange_merge.py applies them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.domain.model import Remark, Revision, Signature
from enhetsdialog.domain.rules import USER_TRANSITIONS, check_transition
from enhetsdialog.exchange.package import PackageRevision, timestamp
from enhetsdialog.i18n import _
from enhetsdialog.services.signing import SIGNING_ORDER
from enhetsdialog.storage.exchange_merge_rows import StoredRemark

STATUS_ORDER: tuple[Status, ...] = (
    Status.UTKAST,
    Status.TIL_DIALOG,
    Status.I_DIALOG,
    Status.ENIGHET,
    Status.SIGNERT,
    Status.ARKIVERT,
)
_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}
SIGNED = frozenset({Status.SIGNERT, Status.ARKIVERT})
CLOCK_SKEW = timedelta(minutes=10)  # how far ahead of ours another machine's clock may be


class Action(StrEnum):
    INSERT = "insert"  # new here
    SAME = "same"  # same content
    FORWARD = "forward"  # the package's is newer: take it
    OLDER = "older"  # the package's is one we have had before: keep ours
    CONFLICT = "conflict"  # both changed: keep ours, store theirs


@dataclass(slots=True)
class RevisionPlan:
    pr: PackageRevision
    local: Revision | None
    local_fp: str | None
    action: Action
    new_signatures: list[Signature] = field(default_factory=list)
    document: str | None = None  # "insert" or "extend"
    freeze: bool = False
    proven: frozenset[Role] = frozenset()  # the roles the signed PDF here will prove after the import


def dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def later(a: datetime | None, b: datetime | None) -> datetime:
    if a is None:
        return b or datetime.now(UTC)
    if b is None:
        return a
    return max(a, b)


def status_path(
    current: Status, target: Status, *, frozen: bool, proven: frozenset[Role], open_remarks: int
) -> list[Status] | str:
    """The steps from ``current`` to ``target`` that the domain rules allow, or why there are none.

    Forward along legal transitions (each step checked, never past unresolved remarks), one legal
    step back (e.g. «Send tilbake til leder»), and signert/arkivert only when both signatures are
    proven here; a signed revision never moves back."""
    kept = _(
        "statusen «{theirs}» fra pakken er ikke tatt inn; den er fortsatt «{ours}» her",
        theirs=target.label,
        ours=current.label,
    )
    if target in SIGNED and not (frozen and proven >= set(SIGNING_ORDER)):
        return _("{kept}, fordi signaturene ikke er bevist her.", kept=kept)
    if _RANK[target] < _RANK[current]:
        if frozen or target not in USER_TRANSITIONS[current]:
            return _("{kept}, fordi den ikke kan flyttes tilbake dit herfra.", kept=kept)
        return [target]
    path = list(STATUS_ORDER[_RANK[current] : _RANK[target] + 1])
    try:
        for a, b in zip(path, path[1:], strict=False):
            check_transition(a, b, open_remarks=open_remarks, by_system=True)
    except DomainError as e:
        return f"{kept}. {e.message}"
    return path[1:]


def remark_resolution(row: StoredRemark, r: Remark, cap: datetime) -> dict[str, Any] | None:
    """The later change of a remark's resolution state wins. ``resolved_at`` dates the change; a time
    later than the package itself (``cap``) counts as the package's time."""
    local_at = dt(row.resolved_at)
    incoming_at = min(r.resolved_at, cap) if r.resolved_at is not None else None
    if bool(row.resolved) == r.resolved:
        if r.resolved and incoming_at is not None and (local_at is None or incoming_at > local_at):
            return {"resolved_at": timestamp(incoming_at), "resolved_by": r.resolved_by}
        return None
    if r.resolved:  # resolved there, open here
        if local_at is None or (incoming_at is not None and incoming_at > local_at):
            return {
                "resolved": True,
                "resolved_at": timestamp(incoming_at) if incoming_at else None,
                "resolved_by": r.resolved_by,
            }
        return None
    # open there, resolved here: only a dated reopening that is later wins
    if incoming_at is not None and (local_at is None or incoming_at > local_at):
        return {"resolved": False, "resolved_at": timestamp(incoming_at), "resolved_by": ""}
    return None
