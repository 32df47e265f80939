"""Import: the merge of a read package into the database (the resolution of a conflict it stores is
in :mod:`~enhetsdialog.services.exchange_resolution`).

One :class:`Merge` works inside one write transaction: first every check, then every write; any
refusal (:class:`~enhetsdialog.exchange.errors.PackageError`, :class:`DomainError`) rolls everything
back. The merge rules (docs/avtalepakke.md has them for users):

* Remarks and replies are added by id; the resolution state of a remark known on both sides follows
  the later change (``resolved_at``). A remark's text is never overwritten.
* A revision's content is taken from the package only when the package's version is newer than
  ours: our version is among the versions the sender had (``shared_fingerprints``). If the package
  carries a version we have had before, ours is kept. Otherwise both were edited: a conflict is
  stored (table ``exchange_conflict``) with the incoming version, and ours is kept until the
  user chooses (services/exchange_resolution.py: ``keep_local``, ``take_incoming``).
* What has been exchanged is remembered per revision in table ``exchange_sync``: the set of
  fingerprints this machine has sent or received (:mod:`enhetsdialog.storage.exchange_state`).
* A signed (frozen) revision's content must be identical, or the package is refused. Signatures are
  added; a signed PDF may only grow (a counter-signature) - a different one is refused.
* Status follows the domain rules: forward along legal transitions (not past unresolved remarks,
  never to signed without signatures), back one legal step only if the package's change is later.
* The organisation and plan goals the agreement refers to are created if missing; what exists here
  is never overwritten.

The rules that need no database are in :mod:`~enhetsdialog.services.exchange_merge_rules`, the proof
of signature claims in :mod:`~enhetsdialog.services.exchange_merge_proof`, what is added by id
(organisation, catalogue, remarks) in :mod:`~enhetsdialog.services.exchange_merge_additions`, and
the rows they read and write in :mod:`~enhetsdialog.storage.exchange_merge_rows` (``uow.merge``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Status
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import Package, PackageRevision, timestamp
from enhetsdialog.i18n import N_, _
from enhetsdialog.pdf.verify import VerificationReport
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.exchange_followup import merge_records
from enhetsdialog.services.exchange_merge_additions import (
    RemarkMerge,
    check_municipality,
    write_catalogue,
    write_organisation,
)
from enhetsdialog.services.exchange_merge_proof import SignatureProof
from enhetsdialog.services.exchange_merge_rules import (
    CLOCK_SKEW,
    SIGNED,
    STATUS_ORDER,
    Action,
    RevisionPlan,
    dt,
    later,
    status_path,
)
from enhetsdialog.services.exchange_state import store_conflict
from enhetsdialog.services.exchange_types import ImportReport
from enhetsdialog.storage.uow import UnitOfWork

__all__ = ["STATUS_ORDER", "Merge", "import_package"]


# --- entry points ----------------------------------------------------------------------------------------------


def import_package(
    uow: UnitOfWork, pkg: Package, proofs: dict[str, VerificationReport], now: datetime | None = None
) -> ImportReport:
    """Merge a package (already read and checked by read_package) inside the write transaction ``uow``.

    ``proofs``: the verification of every signed PDF in the package, by revision id, made before the
    transaction (the PDF is the only source of signatures)."""
    uow.merge.defer_foreign_keys()
    return Merge(uow, pkg, proofs, now).run()


# --- the merge -------------------------------------------------------------------------------------------------


class Merge:
    """One import inside one write transaction: first every check, then every write. Without a
    package (``pkg`` None) its steps serve the resolution of a conflict."""

    def __init__(
        self, uow: UnitOfWork, pkg: Package | None, proofs: dict[str, VerificationReport], now: datetime | None = None
    ) -> None:
        self.uow = uow
        self.rows = uow.merge
        self.state = uow.exchange
        self.pkg = pkg
        self.proof = SignatureProof(uow, pkg, proofs)
        self.remarks = RemarkMerge(uow)
        self.now = now or datetime.now(UTC)
        # No time in a package counts as later than the package itself (a replayed package changes
        # nothing); a package made in the future is refused in run().
        self.cap = min(pkg.created_at, self.now + CLOCK_SKEW) if pkg is not None else self.now
        self.plans: list[RevisionPlan] = []
        self.touched: set[str] = set()
        self.agreement_created = False
        self.catalogue = False
        self.organisation = False
        self.exchanged: set[str] = set()  # revisions whose exchange state changed
        self.status = False
        self.counts: dict[str, int] = {
            "revisions_added": 0,
            "revisions_updated": 0,
            "remarks_added": 0,
            "remarks_updated": 0,
            "replies_added": 0,
            "signatures_added": 0,
            "documents_updated": 0,
            "status_changes": 0,
            "followup_added": 0,
            "followup_updated": 0,
            "followup_removed": 0,
        }
        self.followup_changed: set[str] = set()
        self.conflicts: list[str] = []
        self.skipped: list[str] = []

    # --- the whole import

    def run(self) -> ImportReport:
        pkg = self.pkg
        assert pkg is not None
        if pkg.created_at > self.now + CLOCK_SKEW:
            raise PackageError(
                _(
                    "Pakken er datert {when}, fram i tid. Sjekk klokken på maskinen som laget den. "
                    "Pakken er ikke importert.",
                    when=timestamp(pkg.created_at),
                )
            )
        self.check_agreement(pkg)
        self.plans = [self.plan_revision(pr) for pr in pkg.revisions]
        self.remarks.check(pkg.agreement_id, pkg.remarks)
        # nothing has been written so far; from here on only writes that the checks allow
        if write_organisation(self.uow, pkg):
            self.organisation = True
        if write_catalogue(self.uow, pkg):
            self.catalogue = True
        if self.agreement_created:
            self.rows.insert_agreement(pkg.agreement_id, pkg.unit_id, pkg.year)
        for plan in self.plans:
            self.apply_revision(plan)
        for name, count in self.remarks.merge(pkg.remarks, self.capped, self.cap).items():
            self.counts[name] += count
        self.merge_followup(pkg)
        for plan in self.plans:
            self.apply_status(plan)
        latest = self.rows.latest_revision(pkg.agreement_id)
        return ImportReport(
            changes=self.changes(created=latest if self.agreement_created else None),
            agreement_id=pkg.agreement_id,
            revision_id=latest,
            unit_name=self.uow.org.unit(pkg.unit_id).name,
            year=pkg.year,
            agreement_created=self.agreement_created,
            conflicts=tuple(self.conflicts),
            skipped=tuple(self.skipped),
            **self.counts,
        )

    def changes(self, created: str | None = None) -> Changes:
        aid = self.pkg.agreement_id if self.pkg else None
        agreements = frozenset({aid}) if aid and (self.agreement_created or self.counts["revisions_added"]) else frozenset()
        remarks_changed = self.counts["remarks_added"] or self.counts["remarks_updated"] or self.counts["replies_added"]
        return Changes(
            revisions=frozenset(self.touched),
            agreements=agreements,
            remarks=frozenset({aid}) if aid and remarks_changed else frozenset(),
            followup=frozenset(self.followup_changed),
            catalogue=self.catalogue,
            organisation=self.organisation,
            exchange=frozenset(self.exchanged),
            status=self.status,
            created=created,
            details={k: v for k, v in self.counts.items() if v},
        )

    # --- exchange state

    def known(self, revision_id: str) -> frozenset[str]:
        return self.state.known(revision_id)

    def set_known(self, revision_id: str, known: frozenset[str]) -> None:
        if self.state.set_known(revision_id, known):
            self.exchanged.add(revision_id)

    def delete_conflict(self, revision_id: str) -> None:
        if self.state.delete_conflict(revision_id):
            self.exchanged.add(revision_id)

    # --- checks (no writes)

    def check_agreement(self, pkg: Package) -> None:
        check_municipality(self.uow, pkg)
        here = self.rows.agreement_key(pkg.agreement_id)
        if here is not None:
            if here != (pkg.unit_id, pkg.year):
                raise PackageError(N_("Pakken og avtalen her har samme id, men gjelder ulik enhet eller ulikt år."))
            return
        other = self.uow.agreements.agreement_for(pkg.unit_id, pkg.year)
        if other is not None:
            raise PackageError(
                N_("{name} har allerede en annen avtale for {year} i denne databasen. Pakken er ikke importert.", name=pkg.unit.name, year=pkg.year)
            )
        self.agreement_created = True

    def plan_revision(self, pr: PackageRevision) -> RevisionPlan:
        rev = pr.revision
        key = self.rows.revision_key(rev.id)
        if key is None:
            taken = self.rows.revision_numbered(rev.agreement_id, rev.number)
            if taken is not None:
                raise PackageError(
                    N_("Revisjon {number} finnes både her og i pakken, men er laget hver for seg. Pakken er ikke importert.", number=rev.number)
                )
            plan = RevisionPlan(pr=pr, local=None, local_fp=None, action=Action.INSERT)
            self.proof.check_signed(plan)
            return plan
        if key != (rev.agreement_id, rev.number):
            raise PackageError(N_("Revisjon {number} i pakken har samme id som en annen revisjon her.", number=rev.number))
        local = self.uow.agreements.revision(rev.id)
        local_fp = fingerprint(local)
        known = self.known(rev.id)
        if local_fp == pr.fingerprint:
            action = Action.SAME
        elif local.frozen:
            raise PackageError(
                N_("Revisjon {number} er signert her, men pakken har en annen tekst for den. Pakken er ikke importert.", number=rev.number)
            )
        elif not rev.frozen and pr.fingerprint in known:
            action = Action.OLDER
        elif local_fp in pr.shared_fingerprints and not self.followup_blocks(pr):
            action = Action.FORWARD
        else:
            action = Action.CONFLICT
        plan = RevisionPlan(pr=pr, local=local, local_fp=local_fp, action=action)
        if action in (Action.SAME, Action.FORWARD):
            self.proof.check_signed(plan)
        elif self.proof.claims_signed(pr):
            self.proof.proof_of(pr)  # a signature claim is proven or the package is refused, whatever we keep
        return plan

    def followup_blocks(self, pr: PackageRevision) -> bool:
        """True if measurements or assessments here refer to goals or indicators the package removed."""
        rid = pr.revision.id
        goals = {g.id for g in pr.revision.content.goals}
        indicators = {i.id for g in pr.revision.content.goals for i in g.indicators}
        used_ind = self.rows.measured_indicators(rid)
        used_goals = self.rows.assessed_goals(rid)
        return not (used_ind <= indicators and used_goals <= goals)

    # --- writes

    def apply_revision(self, plan: RevisionPlan) -> None:
        rows, pr = self.rows, plan.pr
        rev, rid = pr.revision, pr.revision.id
        before = rid in self.touched
        if plan.action is Action.INSERT:
            # inserted unsigned (the database freezes and signs a revision only with its PDF);
            # apply_status takes it to signert/arkivert once the signatures are recorded
            status = rev.status if rev.status not in SIGNED else Status.ENIGHET
            changed_at = self.capped(rev.status_changed_at or rev.updated_at)
            rows.insert_revision(
                replace(rev, status=status, frozen=False),
                created_at=timestamp(self.capped(rev.created_at)),
                updated_at=timestamp(self.capped(rev.updated_at)),
                status_changed_at=timestamp(changed_at),
                status_changed_by=rev.status_changed_by,
            )
            self.counts["revisions_added"] += 1
            self.touched.add(rid)
            self.set_known(rid, pr.shared_fingerprints | {pr.fingerprint})
        elif plan.action is Action.FORWARD:
            assert plan.local is not None
            rows.replace_content(rid, rev.content, timestamp(later(plan.local.updated_at, rev.updated_at)))
            self.touched.add(rid)
            self.set_known(rid, self.known(rid) | pr.shared_fingerprints)
            self.delete_conflict(rid)
        elif plan.action is Action.SAME:
            self.set_known(rid, self.known(rid) | pr.shared_fingerprints)
            self.delete_conflict(rid)
        elif plan.action is Action.OLDER:
            self.set_known(rid, self.known(rid) | pr.shared_fingerprints)
            self.skipped.append(
                _("Revisjon {number}: pakken har en eldre versjon av teksten enn den som er her; din versjon er beholdt.", number=rev.number)
            )
            return
        else:  # conflict
            assert plan.local_fp is not None
            if store_conflict(self.state, pr, plan.local_fp):
                self.exchanged.add(rid)
                self.conflicts.append(rid)
                self.touched.add(rid)
            self.skipped.append(
                _("Revisjon {number}: teksten er endret både her og hos avsenderen. Din versjon er beholdt, og den innkomne er tatt vare på som en konflikt du kan løse.", number=rev.number)
            )
            return
        self.merge_meeting_notes(plan)
        doc = pr.signed_document
        if plan.document and doc is not None:
            rows.store_signed_pdf(rid, doc.pdf, timestamp(self.capped(doc.updated_at)))
            self.counts["documents_updated"] += 1
            self.touched.add(rid)
        for sig in plan.new_signatures:
            rows.record_signature(sig)
            self.counts["signatures_added"] += 1
            self.touched.add(rid)
        if plan.freeze and plan.proven:
            local_at = plan.local.updated_at if plan.local is not None else None
            rows.freeze(rid, timestamp(later(local_at, self.capped(rev.updated_at))))
            self.touched.add(rid)
        if plan.action is not Action.INSERT and rid in self.touched and not before:
            self.counts["revisions_updated"] += 1

    def merge_followup(self, pkg: Package) -> None:
        """Follow-up records by the rule of the text, per record (services/exchange_followup.py)."""
        if not pkg.followup:
            return
        here = set(self.uow.packages.revision_ids(pkg.agreement_id))
        result = merge_records(self.uow, pkg.followup, here)
        self.counts["followup_added"] += result.added
        self.counts["followup_updated"] += result.updated
        self.counts["followup_removed"] += result.removed
        if result.added or result.updated or result.removed:
            self.followup_changed |= {r.revision_id for r in pkg.followup if r.revision_id in here}
        self.conflicts += [rid for rid in result.conflicts if rid not in self.conflicts]
        self.skipped += list(result.skipped)
        self.exchanged |= set(result.conflicts)

    def merge_meeting_notes(self, plan: RevisionPlan) -> None:
        """Notes of the dialogue meeting: steps missing here are added; ours are never overwritten,
        and those of a signed revision are frozen with it."""
        if plan.local is None or plan.local.frozen:
            return
        notes = dict(plan.local.meeting_notes)
        added = {k: v for k, v in plan.pr.revision.meeting_notes.items() if k not in notes}
        if not added:
            return
        notes.update(added)
        self.uow.agreements.set_meeting_notes(plan.pr.revision.id, notes)
        self.touched.add(plan.pr.revision.id)

    def capped(self, moment: datetime | None) -> datetime:
        """A time from the package, never later than the package itself (nor than now)."""
        if moment is None:
            return self.cap
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return min(moment, self.cap)

    def apply_status(self, plan: RevisionPlan) -> None:
        """The package's status, if its change is newer than ours and the domain rules allow the move
        from our state; signert and arkivert only as far as the signed PDF here proves."""
        if plan.action not in (Action.SAME, Action.FORWARD, Action.INSERT):
            return
        rows, rev = self.rows, plan.pr.revision
        row = rows.revision_state(rev.id)
        current, target = Status(row.status), rev.status
        if current is target:
            return
        their_at = self.capped(rev.status_changed_at or rev.updated_at)
        our_at = dt(row.status_changed_at) or dt(row.updated_at)
        newly_inserted = plan.action is Action.INSERT
        if not newly_inserted and our_at is not None and their_at <= our_at:
            self.skipped.append(
                _(
                    "Revisjon {n}: statusen «{theirs}» i pakken er eldre enn endringen til «{ours}» her; "
                    "den er ikke tatt inn.",
                    n=rev.number,
                    theirs=target.label,
                    ours=current.label,
                )
            )
            return
        open_remarks = self.uow.agreements.open_remark_count(rev.agreement_id)
        proven = plan.proven or frozenset(rows.signed_roles(rev.id))
        steps = status_path(current, target, frozen=bool(row.frozen), proven=proven, open_remarks=open_remarks)
        if isinstance(steps, str):
            self.skipped.append(_("Revisjon {n}: {why}", n=rev.number, why=steps))
            return
        at = timestamp(their_at if newly_inserted or our_at is None else later(their_at, our_at))
        for step in steps:
            rows.set_status(rev.id, step, at, rev.status_changed_by)
        rows.set_updated_at(rev.id, timestamp(later(dt(row.updated_at), self.capped(rev.updated_at))))
        self.counts["status_changes"] += 1
        self.status = True
        self.touched.add(rev.id)
