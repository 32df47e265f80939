"""Remarks and their replies as the director and the leader wrote them (read side; the writes are
:class:`storage.remarks.RemarkRepo`'s). Functions take a Session and never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import AnchorKind, Role
from enhetsdialog.domain.model import Remark, Reply
from enhetsdialog.storage.tables import REMARK, REPLY


def remarks(s: Session, agreement_id: str) -> list[Remark]:
    out: dict[str, Remark] = {}
    for r in s.execute(
        select(REMARK).where(REMARK.c.agreement_id == agreement_id).order_by(REMARK.c.created_at, REMARK.c.id)
    ).all():
        out[r.id] = remark_from_row(r)
    if out:
        for r in s.execute(
            select(REPLY).where(REPLY.c.remark_id.in_(list(out))).order_by(REPLY.c.created_at, REPLY.c.id)
        ).all():
            out[r.remark_id].replies.append(
                Reply(id=r.id, remark_id=r.remark_id, author=r.author, role=Role(r.role), text=r.text, created_at=datetime.fromisoformat(r.created_at))
            )
    return list(out.values())


def remark_from_row(r: Any) -> Remark:
    return Remark(
        id=r.id,
        agreement_id=r.agreement_id,
        revision_id=r.revision_id,
        anchor_kind=AnchorKind(r.anchor_kind),
        anchor_id=r.anchor_id,
        author=r.author,
        role=Role(r.role),
        text=r.text,
        created_at=datetime.fromisoformat(r.created_at),
        resolved=bool(r.resolved),
        resolved_at=datetime.fromisoformat(r.resolved_at) if r.resolved_at else None,
        resolved_by=r.resolved_by,
    )
