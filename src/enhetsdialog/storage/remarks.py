"""Repositories of the dialogue (remarks and replies) and of the settings table (follow-up:
``storage/followup.py``). They work inside the caller's transaction and never commit."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import AnchorKind, Role
from enhetsdialog.domain.model import Remark, new_id
from enhetsdialog.storage import remark_rows, repo
from enhetsdialog.storage.tables import REMARK, REPLY


class RemarkRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def of_agreement(self, agreement_id: str) -> list[Remark]:
        return remark_rows.remarks(self.s, agreement_id)

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


class SettingsRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def get(self, key: str) -> str | None:
        return repo.get_setting(self.s, key)

    def set(self, key: str, value: str) -> None:
        repo.set_setting(self.s, key, value)
