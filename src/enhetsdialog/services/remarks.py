"""Remarks (merknader) and replies: the dialogue between director and leader. They never change the
agreement's text; they belong to the agreement and are anchored to a section or an item."""

from __future__ import annotations

from sqlalchemy import and_, insert, select, update

from enhetsdialog.domain.enums import AnchorKind, Role, Section
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.model import Remark, new_id
from enhetsdialog.domain.rules import check_text
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database

_ANCHOR_TABLES = {
    AnchorKind.GOAL: repo.GOAL,
    AnchorKind.ACTIVITY: repo.ACTIVITY,
    AnchorKind.INDICATOR: repo.INDICATOR,
    AnchorKind.SUPPORT_NEED: repo.SUPPORT,
    AnchorKind.PARTICIPANT: repo.PARTICIPANT,
}


def _clean(text: str, author: str) -> tuple[str, str]:
    if not text.strip():
        raise ValidationError("Merknaden er tom.")
    if not author.strip():
        raise ValidationError("Oppgi hvem som skriver (profil).")
    return check_text(text, "Merknaden"), author.strip()


class RemarkService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, agreement_id: str) -> list[Remark]:
        with self.db.read() as s:
            return repo.remarks(s, agreement_id)

    def add(
        self,
        revision_id: str,
        anchor_kind: AnchorKind | str,
        anchor_id: str,
        text: str,
        *,
        author: str,
        role: Role | str,
    ) -> Changes:
        kind = AnchorKind(anchor_kind)
        text, author = _clean(text, author)
        role = Role(role)
        with self.db.write() as s:
            rev = repo.revision_header(s, revision_id)
            if kind is AnchorKind.SECTION:
                try:
                    Section(anchor_id)
                except ValueError:
                    raise ValidationError(f"Ukjent del av avtalen: {anchor_id}.") from None
            else:
                t = _ANCHOR_TABLES[kind]
                found = s.execute(
                    select(t.c.id).where(and_(t.c.revision_id == revision_id, t.c.id == anchor_id))
                ).scalar()
                if found is None:
                    raise NotFoundError("Fant ikke det merknaden skal knyttes til.")
            rid = new_id()
            s.execute(
                insert(repo.REMARK).values(
                    id=rid,
                    agreement_id=rev.agreement_id,
                    revision_id=revision_id,
                    anchor_kind=kind.value,
                    anchor_id=anchor_id,
                    author=author,
                    role=role.value,
                    text=text,
                    created_at=repo.now_iso(),
                    resolved=False,
                )
            )
        return Changes(remarks=frozenset({rev.agreement_id}), created=rid)

    def reply(self, remark_id: str, text: str, *, author: str, role: Role | str) -> Changes:
        text, author = _clean(text, author)
        with self.db.write() as s:
            agreement_id = self._agreement_of(s, remark_id)
            rid = new_id()
            s.execute(
                insert(repo.REPLY).values(
                    id=rid, remark_id=remark_id, author=author, role=Role(role).value, text=text, created_at=repo.now_iso()
                )
            )
        return Changes(remarks=frozenset({agreement_id}), created=rid)

    def resolve(self, remark_id: str, *, by: str) -> Changes:
        return self._set_resolved(remark_id, True, by)

    def reopen(self, remark_id: str) -> Changes:
        return self._set_resolved(remark_id, False, "")

    def _set_resolved(self, remark_id: str, resolved: bool, by: str) -> Changes:
        with self.db.write() as s:
            agreement_id = self._agreement_of(s, remark_id)
            s.execute(
                update(repo.REMARK)
                .where(repo.REMARK.c.id == remark_id)
                # resolved_at records when the state last changed (resolved or reopened), so that a
                # package from the other machine can tell which change is the later one
                .values(resolved=resolved, resolved_at=repo.now_iso(), resolved_by=by.strip())
            )
        return Changes(remarks=frozenset({agreement_id}))

    @staticmethod
    def _agreement_of(s: object, remark_id: str) -> str:
        from sqlmodel import Session

        assert isinstance(s, Session)
        aid = s.execute(select(repo.REMARK.c.agreement_id).where(repo.REMARK.c.id == remark_id)).scalar()
        if aid is None:
            raise NotFoundError("Fant ikke merknaden.")
        return str(aid)
