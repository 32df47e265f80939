"""Remarks (merknader) and replies: the dialogue between director and leader. They never change the
agreement's text; they belong to the agreement and are anchored to a section or an item."""

from __future__ import annotations

from enhetsdialog.domain.enums import AnchorKind, Role, Section
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.model import Remark
from enhetsdialog.domain.rules import check_text
from enhetsdialog.i18n import N_
from enhetsdialog.services.base import Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage.uow import UnitOfWork


def _clean(text: str, author: str) -> tuple[str, str]:
    if not text.strip():
        raise ValidationError(N_("Merknaden er tom."))
    if not author.strip():
        raise ValidationError(N_("Oppgi hvem som skriver (profil)."))
    return check_text(text, N_("Merknaden")), author.strip()


class RemarkService(Service):
    @reads
    def list(self, uow: UnitOfWork, agreement_id: str) -> list[Remark]:
        return uow.remarks.of_agreement(agreement_id)

    @writes
    def add(
        self,
        uow: UnitOfWork,
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
        rev = uow.agreements.header(revision_id)
        item_kind = kind.item_kind
        if item_kind is None:
            try:
                Section(anchor_id)
            except ValueError:
                raise ValidationError(N_("Ukjent del av avtalen: {anchor}.", anchor=anchor_id)) from None
        elif not uow.followup.has_item(revision_id, item_kind, anchor_id):
            raise NotFoundError(N_("Fant ikke det merknaden skal knyttes til."))
        rid = uow.remarks.add(rev.agreement_id, revision_id, kind, anchor_id, text, author, role)
        return Changes(remarks=frozenset({rev.agreement_id}), created=rid)

    @writes
    def reply(self, uow: UnitOfWork, remark_id: str, text: str, *, author: str, role: Role | str) -> Changes:
        text, author = _clean(text, author)
        agreement_id = self._agreement_of(uow, remark_id)
        rid = uow.remarks.add_reply(remark_id, text, author, Role(role))
        return Changes(remarks=frozenset({agreement_id}), created=rid)

    def resolve(self, remark_id: str, *, by: str) -> Changes:
        return self._set_resolved(remark_id, True, by)

    def reopen(self, remark_id: str) -> Changes:
        return self._set_resolved(remark_id, False, "")

    @writes
    def _set_resolved(self, uow: UnitOfWork, remark_id: str, resolved: bool, by: str) -> Changes:
        agreement_id = self._agreement_of(uow, remark_id)
        uow.remarks.set_resolved(remark_id, resolved, by.strip())
        return Changes(remarks=frozenset({agreement_id}))

    @staticmethod
    def _agreement_of(uow: UnitOfWork, remark_id: str) -> str:
        aid = uow.remarks.agreement_of(remark_id)
        if aid is None:
            raise NotFoundError(N_("Fant ikke merknaden."))
        return aid
