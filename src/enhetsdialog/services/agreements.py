"""Use cases on agreements: create, edit (texts and items), status, revisions, copy forward, list.

Every public method is one unit of work (``@reads``/``@writes``) and a write returns :class:`Changes`.
Items are addressed by :class:`ItemRef` and changed with a :class:`Patch` checked against the item
kind's declaration (``domain/items.py``). Edits are refused on a frozen (signed) revision here with
a friendly message; the database triggers refuse them too.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime

from enhetsdialog.domain.enums import ActivityStatus, ItemKind, Status
from enhetsdialog.domain.errors import DomainError, NotFoundError, ValidationError
from enhetsdialog.domain.followup import latest_values
from enhetsdialog.domain.items import ItemRef, Patch, spec
from enhetsdialog.domain.model import TEXT_FIELDS, FullAgreement, Goal, Revision, RevisionSummary, new_id
from enhetsdialog.domain.rules import check_text, check_transition, check_year, ensure_editable
from enhetsdialog.domain.sdg import SDG_BY_NUMBER
from enhetsdialog.i18n import N_
from enhetsdialog.services.base import Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage.uow import UnitOfWork


class AgreementService(Service):
    # --- reading -----------------------------------------------------------------------------------

    @reads
    def list(
        self,
        uow: UnitOfWork,
        *,
        year: int | None = None,
        unit_id: str | None = None,
        service_area_id: str | None = None,
        statuses: Iterable[Status] | None = None,
        text: str | None = None,
        latest_only: bool = True,
    ) -> builtins.list[RevisionSummary]:
        return uow.agreements.summaries(
            year=year,
            unit_id=unit_id,
            service_area_id=service_area_id,
            statuses=statuses,
            text=text,
            latest_only=latest_only,
        )

    @reads
    def years(self, uow: UnitOfWork) -> builtins.list[int]:
        """The years that have agreements, newest first."""
        return uow.agreements.years()

    @reads
    def nudge_counts(self, uow: UnitOfWork, revision_ids: Iterable[str]) -> dict[str, int]:
        """The number of nudges per revision, for lists of many agreements (the portfolio)."""
        return uow.agreements.nudge_counts(revision_ids)

    def search(self, text: str) -> builtins.list[RevisionSummary]:
        return self.list(text=text, latest_only=False)

    @reads
    def get(self, uow: UnitOfWork, revision_id: str) -> FullAgreement:
        return uow.agreements.full(revision_id)

    @reads
    def revision(self, uow: UnitOfWork, revision_id: str) -> Revision:
        return uow.agreements.revision(revision_id)

    @reads
    def revisions_of(self, uow: UnitOfWork, agreement_id: str) -> builtins.list[RevisionSummary]:
        unit_id = uow.agreements.unit_of(agreement_id)
        if unit_id is None:
            raise NotFoundError(N_("Fant ikke avtalen {id}.", id=agreement_id))
        rows = uow.agreements.summaries(unit_id=unit_id, latest_only=False)
        return [row for row in rows if row.agreement_id == agreement_id]

    @reads
    def resolve_id(self, uow: UnitOfWork, ref: str) -> str:
        """A revision id from a revision id, an agreement id (its latest revision) or a unique prefix."""
        ref = ref.strip().lower()
        if len(ref) < 4:
            raise NotFoundError(N_("Oppgi minst fire tegn av avtalens id."))
        hits = uow.agreements.revisions_starting_with(ref)
        if not hits:
            raise NotFoundError(N_("Fant ingen avtale med id «{ref}».", ref=ref))
        if len(hits) > 1:
            raise NotFoundError(N_("«{ref}» passer med flere avtaler; oppgi flere tegn.", ref=ref))
        return hits.pop()

    # --- creating ------------------------------------------------------------------------------------

    @writes
    def create(self, uow: UnitOfWork, unit_id: str, year: int) -> Changes:
        check_year(year)
        uow.org.unit(unit_id)
        self._ensure_no_agreement(uow, unit_id, year)
        agreement_id = uow.agreements.create_agreement(unit_id, year)
        rev = Revision(agreement_id=agreement_id, unit_id=unit_id, year=year, number=1)
        uow.agreements.insert_revision(rev)
        return Changes(revisions=frozenset({rev.id}), agreements=frozenset({agreement_id}), created=rev.id)

    @staticmethod
    def _ensure_no_agreement(uow: UnitOfWork, unit_id: str, year: int) -> None:
        if uow.agreements.agreement_for(unit_id, year) is not None:
            name = uow.org.unit(unit_id).name
            raise DomainError(N_("{name} har allerede en avtale for {year}.", name=name, year=year))

    @writes
    def new_revision(self, uow: UnitOfWork, revision_id: str) -> Changes:
        """A new editable revision (n+1) with the same content; the given one stays as it was."""
        source = uow.agreements.revision(revision_id)
        latest = uow.agreements.latest_number(source.agreement_id)
        if latest != source.number:
            raise DomainError(N_("Det finnes allerede en nyere revisjon ({latest}) av denne avtalen.", latest=latest))
        if not source.frozen:
            raise DomainError(N_("Revisjonen er ikke signert; den kan endres direkte."))
        rev = Revision(
            agreement_id=source.agreement_id,
            unit_id=source.unit_id,
            year=source.year,
            number=source.number + 1,
            content=source.content,
            based_on_id=source.id,
        )
        uow.agreements.insert_revision(rev)
        return Changes(revisions=frozenset({rev.id}), agreements=frozenset({rev.agreement_id}), created=rev.id)

    @writes
    def copy_forward(self, uow: UnitOfWork, revision_id: str, year: int | None = None) -> Changes:
        """Next year's agreement from this one: goals, activities and indicators are carried over,
        with last year's latest measured value as the new baseline. Co-creation starts afresh."""
        source = uow.agreements.revision(revision_id)
        target_year = check_year(year if year is not None else source.year + 1)
        if target_year <= source.year:
            raise DomainError(N_("En avtale kan bare kopieres fram til et senere år."))
        self._ensure_no_agreement(uow, source.unit_id, target_year)
        latest = latest_values(uow.agreements.measurements(revision_id))  # by period, not by its text
        agreement_id = uow.agreements.create_agreement(source.unit_id, target_year)
        c = source.content
        shift = target_year - source.year
        for g in c.goals:
            g.origin_id, g.id = g.id, new_id()
            for a in g.activities:
                a.id = new_id()
                a.status = ActivityStatus.PLANNED
                if a.deadline is not None:
                    try:
                        a.deadline = a.deadline.replace(year=a.deadline.year + shift)
                    except ValueError:  # 29 February
                        a.deadline = a.deadline.replace(year=a.deadline.year + shift, day=28)
            for i in g.indicators:
                if i.id in latest:
                    i.baseline_value = latest[i.id]
                    i.baseline_year = source.year
                i.id = new_id()
        for n in c.support_needs:
            n.id = new_id()
        c.participants = []
        c.users_voice = ""
        rev = Revision(
            agreement_id=agreement_id,
            unit_id=source.unit_id,
            year=target_year,
            number=1,
            content=c,
            based_on_id=source.id,
        )
        uow.agreements.insert_revision(rev)
        return Changes(revisions=frozenset({rev.id}), agreements=frozenset({agreement_id}), created=rev.id)

    @writes
    def delete_draft(self, uow: UnitOfWork, revision_id: str) -> Changes:
        """Remove a revision that was never shared (status utkast, no signatures)."""
        rev = uow.agreements.header(revision_id)
        if rev.status is not Status.UTKAST or rev.frozen:
            raise DomainError(N_("Bare et utkast som ikke er delt, kan slettes."))
        uow.agreements.delete_draft(revision_id, rev.agreement_id)
        return Changes(revisions=frozenset({revision_id}), agreements=frozenset({rev.agreement_id}))

    # --- editing -------------------------------------------------------------------------------------

    @staticmethod
    def _editable(uow: UnitOfWork, revision_id: str) -> Revision:
        rev = uow.agreements.header(revision_id)
        ensure_editable(rev)
        return rev

    @writes
    def set_text(self, uow: UnitOfWork, revision_id: str, field_name: str, value: str) -> Changes:
        """Set one of the free-text answers (challenges, values, structures, follow-up, users' voice...)."""
        if field_name not in TEXT_FIELDS:
            raise ValidationError(N_("Ukjent felt: {name}.", name=field_name))
        check_text(value)
        self._editable(uow, revision_id)
        uow.agreements.set_text(revision_id, field_name, value)
        return Changes(revisions=frozenset({revision_id}))

    @writes
    def set_meeting_note(self, uow: UnitOfWork, revision_id: str, step: str, text: str) -> Changes:
        """Notes of the dialogue meeting: what was decided per step. Not part of the signed content."""
        check_text(text)
        notes = dict(uow.agreements.header(revision_id).meeting_notes)
        if text:
            notes[step] = text
        else:
            notes.pop(step, None)
        uow.agreements.set_meeting_notes(revision_id, notes)
        return Changes(revisions=frozenset({revision_id}))

    @writes
    def add_item(
        self,
        uow: UnitOfWork,
        revision_id: str,
        patch: Patch,
        /,
        *,
        goal_id: str | None = None,
        index: int | None = None,
        item_id: str | None = None,
    ) -> Changes:
        """Add a goal, activity, indicator, support need or participant (``patch`` says which, and its
        first values); ``created`` is its id."""
        ref = ItemRef(revision_id, patch.kind, item_id or new_id())
        self._editable(uow, revision_id)
        if spec(patch.kind).parent is not None:
            if goal_id is None:
                raise ValidationError(N_("Velg hvilket mål dette hører til."))
            self._check_goal(uow, revision_id, goal_id)
        else:
            goal_id = None
        uow.agreements.add_item(ref, patch, goal_id, index)
        uow.agreements.touch(revision_id)
        return Changes(revisions=frozenset({revision_id}), created=ref.id)

    @writes
    def update_item(self, uow: UnitOfWork, ref: ItemRef, patch: Patch) -> Changes:
        self._same_kind(ref, patch)
        if not patch:
            return Changes()
        self._editable(uow, ref.revision_id)
        if not uow.agreements.update_item(ref, patch):
            raise NotFoundError(N_("Fant ikke elementet som skulle endres; det kan være slettet."))
        uow.agreements.touch(ref.revision_id)
        return Changes(revisions=frozenset({ref.revision_id}))

    @writes
    def remove_item(self, uow: UnitOfWork, ref: ItemRef) -> Changes:
        self._editable(uow, ref.revision_id)
        found, goal_id = uow.agreements.item_goal(ref)
        if not found:
            raise NotFoundError(N_("Fant ikke elementet som skulle slettes."))
        uow.followup.remove_for_item(ref.revision_id, ref.kind, ref.id)  # what was recorded on it goes with it
        uow.agreements.remove_item(ref, goal_id)
        uow.agreements.touch(ref.revision_id)
        return Changes(revisions=frozenset({ref.revision_id}))

    @writes
    def move_item(self, uow: UnitOfWork, ref: ItemRef, new_index: int) -> Changes:
        """Reorder: put the item at ``new_index`` among its siblings."""
        self._editable(uow, ref.revision_id)
        found, goal_id = uow.agreements.item_goal(ref)
        if not found:
            raise NotFoundError(N_("Fant ikke elementet som skulle flyttes."))
        uow.agreements.move_item(ref, goal_id, new_index)
        uow.agreements.touch(ref.revision_id)
        return Changes(revisions=frozenset({ref.revision_id}))

    @writes
    def set_goal_links(
        self,
        uow: UnitOfWork,
        revision_id: str,
        goal_id: str,
        *,
        plan_goal_ids: Iterable[str] | None = None,
        sdgs: Iterable[int] | None = None,
    ) -> Changes:
        """Replace a goal's upward links (to plan goals and/or SDGs)."""
        self._editable(uow, revision_id)
        self._check_goal(uow, revision_id, goal_id)
        if plan_goal_ids is not None:
            wanted = sorted(set(plan_goal_ids))
            if unknown := uow.agreements.unknown_plan_goals(wanted):
                raise NotFoundError(N_("Fant ikke planmålet {id} i plankatalogen.", id=unknown[0]))
            uow.agreements.set_plan_links(revision_id, goal_id, wanted)
        if sdgs is not None:
            numbers = sorted(set(sdgs))
            if bad := [n for n in numbers if n not in SDG_BY_NUMBER]:
                raise ValidationError(N_("Bærekraftsmål {n} finnes ikke (1–17).", n=bad[0]))
            uow.agreements.set_sdg_links(revision_id, goal_id, numbers)
        uow.agreements.touch(revision_id)
        return Changes(revisions=frozenset({revision_id}))

    @writes
    def replace_goal(self, uow: UnitOfWork, revision_id: str, goal: Goal) -> Changes:
        """Write a whole goal (with its activities, indicators and links) at once: used by undo."""
        self._editable(uow, revision_id)
        uow.agreements.replace_goal(revision_id, goal)
        uow.agreements.touch(revision_id)
        return Changes(revisions=frozenset({revision_id}))

    # --- status ---------------------------------------------------------------------------------------

    @writes
    def set_status(self, uow: UnitOfWork, revision_id: str, status: Status | str, *, by: str = "") -> Changes:
        """A status change a user asks for (``by``: who, as shown); recorded with its time, so that a
        package carrying an older status does not undo it."""
        target = Status(status)
        rev = uow.agreements.header(revision_id)
        open_remarks = uow.agreements.open_remark_count(rev.agreement_id)
        check_transition(rev.status, target, open_remarks=open_remarks, frozen=rev.frozen)
        uow.agreements.set_status(revision_id, target, by=by)
        return Changes(revisions=frozenset({revision_id}), status=True)

    @writes
    def mark_archived(self, uow: UnitOfWork, revision_id: str, at: datetime | None = None) -> Changes:
        """signert -> arkivert: done by the archive export, never typed by a user. ``at`` (the
        archive date written into the metadata) becomes the revision's last change."""
        rev = uow.agreements.header(revision_id)
        if rev.status is Status.ARKIVERT:
            return Changes()
        check_transition(rev.status, Status.ARKIVERT, frozen=rev.frozen, by_system=True)
        uow.agreements.set_status(revision_id, Status.ARKIVERT, at)
        return Changes(revisions=frozenset({revision_id}), status=True)

    # --- helpers ----------------------------------------------------------------------------------------

    @staticmethod
    def _check_goal(uow: UnitOfWork, revision_id: str, goal_id: str) -> None:
        if not uow.agreements.goal_exists(revision_id, goal_id):
            raise NotFoundError(N_("Fant ikke målet i denne avtalen."))

    @staticmethod
    def _same_kind(ref: ItemRef, patch: Patch) -> None:
        if ref.kind is not patch.kind:
            raise ValidationError(N_("Endringen gjelder en annen type element ({kind}).", kind=patch.kind.value))


__all__ = ["AgreementService", "ItemKind", "ItemRef", "Patch"]
