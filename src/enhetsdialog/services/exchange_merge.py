"""Import: the merge of a read package into the database, and the resolution of a conflict.

One :class:`Merge` works inside one write transaction: first every check, then every write; any
refusal (:class:`~enhetsdialog.exchange.errors.PackageError`, :class:`DomainError`) rolls everything
back. The merge rules (docs/avtalepakke.md has them for users):

* Remarks and replies are added by id; the resolution state of a remark known on both sides follows
  the later change (``resolved_at``). A remark's text is never overwritten.
* A revision's content is taken from the package only when the package's version is newer than
  ours: our version is among the versions the sender had (``shared_fingerprints``). If the package
  carries a version we have had before, ours is kept. Otherwise both were edited: a conflict is
  stored (table ``exchange_conflict``) with the incoming version, and ours is kept until the
  user chooses (:func:`keep_local`, :func:`take_incoming`).
* What has been exchanged is remembered per revision in table ``exchange_sync``: the set of
  fingerprints this machine has sent or received (:mod:`enhetsdialog.storage.exchange_state`).
* A signed (frozen) revision's content must be identical, or the package is refused. Signatures are
  added; a signed PDF may only grow (a counter-signature) - a different one is refused.
* Status follows the domain rules: forward along legal transitions (not past unresolved remarks,
  never to signed without signatures), back one legal step only if the package's change is later.
* The organisation and plan goals the agreement refers to are created if missing; what exists here
  is never overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, insert, select, text, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.domain.identity import same_name
from enhetsdialog.domain.model import TEXT_FIELDS, Plan, PlanGoal, Remark, Revision, Signature
from enhetsdialog.domain.rules import USER_TRANSITIONS, check_transition
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import Package, PackageRevision, timestamp
from enhetsdialog.i18n import N_, _
from enhetsdialog.pdf.verify import VerificationReport
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.exchange_followup import merge_records
from enhetsdialog.services.exchange_state import store_conflict
from enhetsdialog.services.exchange_types import ImportReport
from enhetsdialog.services.signing import SIGNING_ORDER, signatures_from
from enhetsdialog.storage import repo
from enhetsdialog.storage import signatures as store
from enhetsdialog.storage.exchange_state import ExchangeStateRepo
from enhetsdialog.storage.uow import UnitOfWork

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


# --- entry points ----------------------------------------------------------------------------------------------


def import_package(
    s: Session, pkg: Package, proofs: dict[str, VerificationReport], now: datetime | None = None
) -> ImportReport:
    """Merge a package (already read and checked by read_package) inside the write transaction ``s``.

    ``proofs``: the verification of every signed PDF in the package, by revision id, made before the
    transaction (the PDF is the only source of signatures)."""
    defer_foreign_keys(s)
    return Merge(s, pkg, proofs, now).run()


def keep_local(s: Session, revision_id: str, local: Revision, incoming: PackageRevision) -> Changes:
    """Resolve a conflict by keeping our version: the incoming one counts as seen."""
    imp = Merge(s, None, {})
    if incoming.revision.frozen and fingerprint(local) != incoming.fingerprint:
        raise DomainError(
            N_("Den andre parten har allerede signert sin versjon av revisjon {number}. Velg den innkomne versjonen; endringene dine kan tas inn i en ny revisjon etter signeringen.", number=local.number)
        )
    imp.set_known(revision_id, imp.known(revision_id) | incoming.shared_fingerprints)
    imp.delete_conflict(revision_id)
    return Changes(revisions=frozenset({revision_id}), settings=True)


def take_incoming(
    s: Session, revision_id: str, local: Revision, incoming: PackageRevision, proofs: dict[str, VerificationReport]
) -> Changes:
    """Resolve a conflict by taking the incoming version (its text, signatures, PDF and status)."""
    imp = Merge(s, None, proofs)
    if local.frozen:
        raise DomainError(N_("Revisjonen er signert her; den kan ikke byttes ut."))
    defer_foreign_keys(s)
    if imp.followup_blocks(incoming):
        raise DomainError(
            N_("Den innkomne versjonen mangler mål eller indikatorer som det er registrert resultater for her. Behold din versjon, eller fjern resultatene først.")
        )
    local_fp = fingerprint(local)
    plan = _RevisionPlan(pr=incoming, local=local, local_fp=local_fp, action=_Action.FORWARD)
    imp.check_signed(plan)
    imp.plans = [plan]
    imp.apply_revision(plan)
    imp.set_known(revision_id, imp.known(revision_id) | incoming.shared_fingerprints | {local_fp})
    imp.delete_conflict(revision_id)
    imp.apply_status(plan)
    return imp.changes()


def defer_foreign_keys(s: Session) -> None:
    """Check foreign keys at commit (content rows are deleted and written again); reset by SQLite
    at the end of the transaction."""
    s.execute(text("PRAGMA defer_foreign_keys = ON"))


# --- the merge -------------------------------------------------------------------------------------------------


class _Action(StrEnum):
    INSERT = "insert"  # new here
    SAME = "same"  # same content
    FORWARD = "forward"  # the package's is newer: take it
    OLDER = "older"  # the package's is one we have had before: keep ours
    CONFLICT = "conflict"  # both changed: keep ours, store theirs


@dataclass(slots=True)
class _RevisionPlan:
    pr: PackageRevision
    local: Revision | None
    local_fp: str | None
    action: _Action
    new_signatures: list[Signature] = field(default_factory=list)
    document: str | None = None  # "insert" or "extend"
    freeze: bool = False
    proven: frozenset[Role] = frozenset()  # the roles the signed PDF here will prove after the import


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Merge:
    """One import inside one write transaction: first every check, then every write. Without a
    package (``pkg`` None) its steps serve the resolution of a conflict."""

    def __init__(
        self, s: Session, pkg: Package | None, proofs: dict[str, VerificationReport], now: datetime | None = None
    ) -> None:
        self.s = s
        self.state = ExchangeStateRepo(s)
        self.pkg = pkg
        self.proofs = proofs
        self.now = now or datetime.now(UTC)
        # No time in a package counts as later than the package itself (a replayed package changes
        # nothing); a package made in the future is refused in run().
        self.cap = min(pkg.created_at, self.now + CLOCK_SKEW) if pkg is not None else self.now
        self.plans: list[_RevisionPlan] = []
        self.touched: set[str] = set()
        self.agreement_created = False
        self.catalogue = False
        self.organisation = False
        self.settings = False
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
        self.local_remarks: dict[str, Any] = {}
        self.local_replies: dict[str, Any] = {}

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
        self.check_remarks(pkg.remarks)
        # nothing has been written so far; from here on only writes that the checks allow
        self.write_organisation(pkg)
        self.write_catalogue(pkg)
        if self.agreement_created:
            self.s.execute(insert(repo.AGREEMENT).values(id=pkg.agreement_id, unit_id=pkg.unit_id, year=pkg.year))
        for plan in self.plans:
            self.apply_revision(plan)
        self.merge_remarks(pkg.remarks)
        self.merge_followup(pkg)
        for plan in self.plans:
            self.apply_status(plan)
        latest = self.s.execute(
            select(repo.REVISION.c.id)
            .where(repo.REVISION.c.agreement_id == pkg.agreement_id)
            .order_by(repo.REVISION.c.number.desc())
            .limit(1)
        ).scalar_one()
        return ImportReport(
            changes=self.changes(created=latest if self.agreement_created else None),
            agreement_id=pkg.agreement_id,
            revision_id=str(latest),
            unit_name=repo.unit(self.s, pkg.unit_id).name,
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
            settings=self.settings,
            status=self.status,
            created=created,
            details={k: v for k, v in self.counts.items() if v},
        )

    # --- exchange state

    def known(self, revision_id: str) -> frozenset[str]:
        return self.state.known(revision_id)

    def set_known(self, revision_id: str, known: frozenset[str]) -> None:
        if self.state.set_known(revision_id, known):
            self.settings = True

    def delete_conflict(self, revision_id: str) -> None:
        if self.state.delete_conflict(revision_id):
            self.settings = True

    # --- checks (no writes)

    def check_agreement(self, pkg: Package) -> None:
        self.check_municipality(pkg)
        row = self.s.execute(select(repo.AGREEMENT).where(repo.AGREEMENT.c.id == pkg.agreement_id)).first()
        if row is not None:
            if row.unit_id != pkg.unit_id or row.year != pkg.year:
                raise PackageError(N_("Pakken og avtalen her har samme id, men gjelder ulik enhet eller ulikt år."))
            return
        other = self.s.execute(
            select(repo.AGREEMENT.c.id).where(
                and_(repo.AGREEMENT.c.unit_id == pkg.unit_id, repo.AGREEMENT.c.year == pkg.year)
            )
        ).scalar()
        if other is not None:
            raise PackageError(
                N_("{name} har allerede en annen avtale for {year} i denne databasen. Pakken er ikke importert.", name=pkg.unit.name, year=pkg.year)
            )
        self.agreement_created = True

    def check_municipality(self, pkg: Package) -> None:
        """A package about a unit or service area known here must come from the same municipality."""
        s = self.s
        area_id = s.execute(select(repo.UNIT.c.service_area_id).where(repo.UNIT.c.id == pkg.unit.id)).scalar()
        if area_id is None:
            area_id = pkg.service_area.id
        municipality = s.execute(
            select(repo.SERVICE_AREA.c.municipality_id).where(repo.SERVICE_AREA.c.id == area_id)
        ).scalar()
        if municipality is not None and municipality != pkg.municipality.id:
            here = repo.municipality(s, str(municipality)).name
            raise PackageError(
                _(
                    "Pakken kommer fra {theirs}, men enheten hører til {ours} her. Pakken er ikke importert.",
                    theirs=pkg.municipality.name,
                    ours=here,
                )
            )

    def plan_revision(self, pr: PackageRevision) -> _RevisionPlan:
        rev = pr.revision
        row = self.s.execute(select(repo.REVISION).where(repo.REVISION.c.id == rev.id)).first()
        if row is None:
            taken = self.s.execute(
                select(repo.REVISION.c.id).where(
                    and_(repo.REVISION.c.agreement_id == rev.agreement_id, repo.REVISION.c.number == rev.number)
                )
            ).scalar()
            if taken is not None:
                raise PackageError(
                    N_("Revisjon {number} finnes både her og i pakken, men er laget hver for seg. Pakken er ikke importert.", number=rev.number)
                )
            plan = _RevisionPlan(pr=pr, local=None, local_fp=None, action=_Action.INSERT)
            self.check_signed(plan)
            return plan
        if row.agreement_id != rev.agreement_id or row.number != rev.number:
            raise PackageError(N_("Revisjon {number} i pakken har samme id som en annen revisjon her.", number=rev.number))
        local = repo.load_revision(self.s, rev.id)
        local_fp = fingerprint(local)
        known = self.known(rev.id)
        if local_fp == pr.fingerprint:
            action = _Action.SAME
        elif local.frozen:
            raise PackageError(
                N_("Revisjon {number} er signert her, men pakken har en annen tekst for den. Pakken er ikke importert.", number=rev.number)
            )
        elif not rev.frozen and pr.fingerprint in known:
            action = _Action.OLDER
        elif local_fp in pr.shared_fingerprints and not self.followup_blocks(pr):
            action = _Action.FORWARD
        else:
            action = _Action.CONFLICT
        plan = _RevisionPlan(pr=pr, local=local, local_fp=local_fp, action=action)
        if action in (_Action.SAME, _Action.FORWARD):
            self.check_signed(plan)
        elif self.claims_signed(pr):
            self.proof_of(pr)  # a signature claim is proven or the package is refused, whatever we keep
        return plan

    def followup_blocks(self, pr: PackageRevision) -> bool:
        """True if measurements or assessments here refer to goals or indicators the package removed."""
        rid = pr.revision.id
        goals = {g.id for g in pr.revision.content.goals}
        indicators = {i.id for g in pr.revision.content.goals for i in g.indicators}
        used_ind = set(self.s.execute(select(repo.MEASUREMENT.c.indicator_id).where(repo.MEASUREMENT.c.revision_id == rid)).scalars())
        used_goals = set(self.s.execute(select(repo.ASSESSMENT.c.goal_id).where(repo.ASSESSMENT.c.revision_id == rid)).scalars())
        return not (used_ind <= indicators and used_goals <= goals)

    @staticmethod
    def claims_signed(pr: PackageRevision) -> bool:
        rev = pr.revision
        return rev.frozen or rev.status in SIGNED or bool(pr.signatures) or pr.signed_document is not None

    def proof_of(self, pr: PackageRevision) -> VerificationReport:
        """The verification of the signed PDF that must prove a revision's signature claims."""
        rev = pr.revision
        if pr.signed_document is None:
            raise PackageError(
                _(
                    "Revisjon {n} i pakken sier at den er signert, men pakken har ingen signert PDF som viser "
                    "det. Pakken er ikke importert.",
                    n=rev.number,
                )
            )
        report = self.proofs.get(rev.id)
        if report is None or not report.ok:
            reason = report.reasons[0] if report is not None and report.reasons else _("ikke kontrollert")
            raise PackageError(
                _(
                    "Den signerte PDF-en for revisjon {n} i pakken kan ikke bekreftes: {reason} Pakken er ikke importert.",
                    n=rev.number,
                    reason=reason,
                )
            )
        if report.revision_id != rev.id or report.embedded_fingerprint != pr.fingerprint:
            raise PackageError(
                _(
                    "Den signerte PDF-en for revisjon {n} i pakken gjelder en annen avtale eller et annet innhold. "
                    "Pakken er ikke importert.",
                    n=rev.number,
                )
            )
        roles = report.roles
        if rev.status in SIGNED and roles != set(SIGNING_ORDER):
            raise PackageError(
                _(
                    "Revisjon {n} i pakken har status «{status}», men PDF-en har ikke begge signaturene. "
                    "Pakken er ikke importert.",
                    n=rev.number,
                    status=rev.status.label,
                )
            )
        if rev.frozen and Role.LEDER not in roles:
            raise PackageError(
                _("Revisjon {n} i pakken er låst, men PDF-en har ingen signatur fra enhetslederen.", n=rev.number)
            )
        self.check_parties(report, rev.number, rev.unit_id)
        proven = {sig.role: sig for sig in report.signatures if sig.role is not None}
        for claimed in pr.signatures:  # the JSON records prove nothing; they may only repeat the PDF
            sig = proven.get(claimed.role)
            if (
                sig is None
                or claimed.certificate_fingerprint != sig.certificate_fingerprint
                or claimed.fingerprint != report.embedded_fingerprint
                or not same_name(claimed.name, sig.name_in_agreement or sig.certificate_name)
            ):
                raise PackageError(
                    _(
                        "Revisjon {n} i pakken har en signatur ({role}) som ikke stemmer med den signerte PDF-en. "
                        "Pakken er ikke importert.",
                        n=rev.number,
                        role=claimed.role.label.lower(),
                    )
                )
        return report

    def check_parties(self, report: VerificationReport, number: int, unit_id: str) -> None:
        """The people the signed PDF names must be the unit's leader and the service area's director
        here (or, for a unit that comes with the package, in the package)."""
        s, pkg = self.s, self.pkg
        leader_id = s.execute(select(repo.UNIT.c.leader_id).where(repo.UNIT.c.id == unit_id)).scalar()
        area_id = s.execute(select(repo.UNIT.c.service_area_id).where(repo.UNIT.c.id == unit_id)).scalar()
        if area_id is None and pkg is not None:  # the unit is new here: it comes with the package
            leader_id, area_id = pkg.unit.leader_id, pkg.service_area.id
        director_id = s.execute(
            select(repo.SERVICE_AREA.c.director_id).where(repo.SERVICE_AREA.c.id == area_id)
        ).scalar()
        if director_id is None and pkg is not None and area_id == pkg.service_area.id:
            director_id = pkg.service_area.director_id
        people = {p.id: p for p in pkg.people} if pkg is not None else {}
        for role, pid in ((Role.LEDER, leader_id), (Role.DIREKTOR, director_id)):
            if role not in report.roles:
                continue
            person = (repo.person(s, pid) or people.get(pid)) if pid else None
            signed_as = report.parties.get(role, "")
            if person is None or not same_name(person.name, signed_as):
                raise PackageError(
                    _(
                        "Revisjon {n} er signert av «{signed}» som {role}, men {role} for enheten er «{here}» her. "
                        "Pakken er ikke importert.",
                        n=number,
                        signed=signed_as,
                        role=role.label.lower(),
                        here=person.name if person is not None else "?",
                    )
                )

    def check_signed(self, plan: _RevisionPlan) -> None:
        """Decide what of the package's signed PDF to take; refuse what it does not prove or what clashes.

        Signature records in the package's JSON are not trusted: the signatures are extracted from
        the verified PDF."""
        pr, local = plan.pr, plan.local
        rid = pr.revision.id
        if not self.claims_signed(pr):
            return
        report = self.proof_of(pr)
        doc = pr.signed_document
        assert doc is not None
        have = store.signed_pdf(self.s, rid) if local is not None else None
        mine = store.signed_roles(self.s, rid) if local is not None else set()
        if have is None:
            plan.document = "insert"
        elif have == doc.pdf or have.startswith(doc.pdf):
            plan.document = None  # the same, or ours already has more signatures
        elif doc.pdf.startswith(have):
            plan.document = "extend"  # a counter-signature (verified: nothing else was added)
        else:
            raise PackageError(
                _(
                    "Den signerte PDF-en for revisjon {n} i pakken er en annen enn den som er lagret her. "
                    "Pakken er ikke importert.",
                    n=pr.revision.number,
                )
            )
        plan.freeze = local is None or not local.frozen
        if plan.document is not None:
            titles = {p.role: p.title for p in pr.signatures}
            plan.new_signatures = [
                sig for sig in signatures_from(report, rid, titles) if sig.role not in mine
            ]
            plan.proven = report.roles
        else:
            plan.proven = frozenset(mine)

    def check_remarks(self, remarks: list[Remark]) -> None:
        ids = [r.id for r in remarks]
        reply_ids = [x.id for r in remarks for x in r.replies]
        self.local_remarks = {
            row.id: row
            for chunk in _chunks(ids)
            for row in self.s.execute(select(repo.REMARK).where(repo.REMARK.c.id.in_(chunk))).all()
        }
        self.local_replies = {
            row.id: row
            for chunk in _chunks(reply_ids)
            for row in self.s.execute(select(repo.REPLY).where(repo.REPLY.c.id.in_(chunk))).all()
        }
        assert self.pkg is not None
        for r in remarks:
            row = self.local_remarks.get(r.id)
            if row is not None and (row.agreement_id != self.pkg.agreement_id or row.revision_id != r.revision_id):
                raise PackageError(N_("En merknad i pakken har samme id som en annen merknad her. Pakken er ikke importert."))
            for x in r.replies:
                xrow = self.local_replies.get(x.id)
                if xrow is not None and xrow.remark_id != r.id:
                    raise PackageError(N_("Et svar i pakken har samme id som et annet svar her. Pakken er ikke importert."))

    # --- writes

    def write_organisation(self, pkg: Package) -> None:
        s = self.s

        def exists(table: Any, key: str | None) -> bool:
            return key is None or s.execute(select(table.c.id).where(table.c.id == key)).scalar() is not None

        if exists(repo.UNIT, pkg.unit.id):
            return
        people = {p.id: p for p in pkg.people}
        if not exists(repo.SERVICE_AREA, pkg.service_area.id):
            if not exists(repo.MUNICIPALITY, pkg.municipality.id):
                repo.save_municipality(s, pkg.municipality)
            director = pkg.service_area.director_id
            if director is not None and not exists(repo.PERSON, director):
                repo.save_person(s, people[director])
            repo.save_service_area(s, pkg.service_area)
        leader = pkg.unit.leader_id
        if leader is not None and not exists(repo.PERSON, leader):
            repo.save_person(s, people[leader])
        repo.save_unit(s, pkg.unit)
        self.organisation = True

    def write_catalogue(self, pkg: Package) -> None:
        s = self.s
        have_plans = set(s.execute(select(repo.PLAN.c.id)).scalars())
        have_goals = set(s.execute(select(repo.PLAN_GOAL.c.id)).scalars())
        todo = [p for p in pkg.plans if p.id not in have_plans]
        new_plans = {p.id for p in todo}
        while todo:  # parents first; a parent that is nowhere is dropped
            ready = [p for p in todo if not p.parent_plan_id or p.parent_plan_id in have_plans or p.parent_plan_id not in new_plans]
            for p in ready:
                if p.parent_plan_id and p.parent_plan_id not in have_plans:
                    p = Plan(p.name, p.kind, p.period_start, p.period_end, None, p.id)
                repo.save_plan(s, p)
                have_plans.add(p.id)
                self.catalogue = True
            todo = [p for p in todo if p.id not in have_plans]
            if not ready:  # a cycle (read_package refuses those; be safe)
                break
        goals = [g for g in pkg.plan_goals if g.id not in have_goals]
        pending = {g.id for g in goals}
        while goals:
            ready_goals = [g for g in goals if not g.parent_id or g.parent_id not in pending]
            if not ready_goals:
                break
            for g in ready_goals:
                if g.parent_id and g.parent_id not in have_goals and g.parent_id not in pending:
                    g = PlanGoal(g.plan_id, g.code, g.text, None, list(g.sdgs), g.id)
                repo.save_plan_goal(s, g, pkg.plan_goal_positions.get(g.id, 0))
                have_goals.add(g.id)
                pending.discard(g.id)
                self.catalogue = True
            goals = [g for g in goals if g.id in pending]

    def apply_revision(self, plan: _RevisionPlan) -> None:
        s, pr = self.s, plan.pr
        rev, rid = pr.revision, pr.revision.id
        before = rid in self.touched
        if plan.action is _Action.INSERT:
            # inserted unsigned (the database freezes and signs a revision only with its PDF);
            # apply_status takes it to signert/arkivert once the signatures are recorded
            status = rev.status if rev.status not in SIGNED else Status.ENIGHET
            changed_at = self.capped(rev.status_changed_at or rev.updated_at)
            repo.insert_revision(
                s, replace(rev, status=status, frozen=False), created_at=timestamp(self.capped(rev.created_at))
            )
            s.execute(
                update(repo.REVISION)
                .where(repo.REVISION.c.id == rid)
                .values(
                    updated_at=timestamp(self.capped(rev.updated_at)),
                    status_changed_at=timestamp(changed_at),
                    status_changed_by=rev.status_changed_by,
                )
            )
            self.counts["revisions_added"] += 1
            self.touched.add(rid)
            self.set_known(rid, pr.shared_fingerprints | {pr.fingerprint})
        elif plan.action is _Action.FORWARD:
            assert plan.local is not None
            repo.delete_content_lists(s, rid)
            repo.insert_content_lists(s, rid, rev.content)
            s.execute(
                update(repo.REVISION)
                .where(repo.REVISION.c.id == rid)
                .values(
                    updated_at=timestamp(_later(plan.local.updated_at, rev.updated_at)),
                    **{name: getattr(rev.content, name) for name in TEXT_FIELDS},
                )
            )
            self.touched.add(rid)
            self.set_known(rid, self.known(rid) | pr.shared_fingerprints)
            self.delete_conflict(rid)
        elif plan.action is _Action.SAME:
            self.set_known(rid, self.known(rid) | pr.shared_fingerprints)
            self.delete_conflict(rid)
        elif plan.action is _Action.OLDER:
            self.set_known(rid, self.known(rid) | pr.shared_fingerprints)
            self.skipped.append(
                _("Revisjon {number}: pakken har en eldre versjon av teksten enn den som er her; din versjon er beholdt.", number=rev.number)
            )
            return
        else:  # conflict
            assert plan.local_fp is not None
            if store_conflict(self.state, pr, plan.local_fp):
                self.settings = True
                self.conflicts.append(rid)
                self.touched.add(rid)
            self.skipped.append(
                _("Revisjon {number}: teksten er endret både her og hos avsenderen. Din versjon er beholdt, og den innkomne er tatt vare på som en konflikt du kan løse.", number=rev.number)
            )
            return
        self.merge_meeting_notes(plan)
        doc = pr.signed_document
        if plan.document and doc is not None:
            store.store_signed_pdf(s, rid, doc.pdf, timestamp(self.capped(doc.updated_at)))
            self.counts["documents_updated"] += 1
            self.touched.add(rid)
        for sig in plan.new_signatures:
            store.record_signature(s, sig)
            self.counts["signatures_added"] += 1
            self.touched.add(rid)
        if plan.freeze and plan.proven:
            local_at = plan.local.updated_at if plan.local is not None else None
            store.freeze(s, rid, timestamp(_later(local_at, self.capped(rev.updated_at))))
            self.touched.add(rid)
        if plan.action is not _Action.INSERT and rid in self.touched and not before:
            self.counts["revisions_updated"] += 1

    def merge_followup(self, pkg: Package) -> None:
        """Follow-up records by the rule of the text, per record (services/exchange_followup.py)."""
        if not pkg.followup:
            return
        here = set(self.s.execute(select(repo.REVISION.c.id).where(repo.REVISION.c.agreement_id == pkg.agreement_id)).scalars())
        result = merge_records(UnitOfWork(self.s, writable=True), pkg.followup, here)
        self.counts["followup_added"] += result.added
        self.counts["followup_updated"] += result.updated
        self.counts["followup_removed"] += result.removed
        if result.added or result.updated or result.removed:
            self.followup_changed |= {r.revision_id for r in pkg.followup if r.revision_id in here}
        self.conflicts += [rid for rid in result.conflicts if rid not in self.conflicts]
        self.skipped += list(result.skipped)
        if result.conflicts:
            self.settings = True

    def merge_meeting_notes(self, plan: _RevisionPlan) -> None:
        """Notes of the dialogue meeting: steps missing here are added; ours are never overwritten,
        and those of a signed revision are frozen with it."""
        if plan.local is None or plan.local.frozen:
            return
        notes = dict(plan.local.meeting_notes)
        added = {k: v for k, v in plan.pr.revision.meeting_notes.items() if k not in notes}
        if not added:
            return
        notes.update(added)
        self.s.execute(
            update(repo.REVISION)
            .where(repo.REVISION.c.id == plan.pr.revision.id)
            .values(meeting_notes=json.dumps(notes, ensure_ascii=False, sort_keys=True))
        )
        self.touched.add(plan.pr.revision.id)

    def merge_remarks(self, remarks: list[Remark]) -> None:
        s = self.s
        for r in remarks:
            row = self.local_remarks.get(r.id)
            if row is None:
                s.execute(
                    insert(repo.REMARK).values(
                        id=r.id,
                        agreement_id=r.agreement_id,
                        revision_id=r.revision_id,
                        anchor_kind=r.anchor_kind.value,
                        anchor_id=r.anchor_id,
                        author=r.author,
                        role=r.role.value,
                        text=r.text,
                        created_at=timestamp(self.capped(r.created_at)),
                        resolved=r.resolved,
                        resolved_at=timestamp(self.capped(r.resolved_at)) if r.resolved_at else None,
                        resolved_by=r.resolved_by,
                    )
                )
                self.counts["remarks_added"] += 1
            else:
                values = _resolution(row, r, self.cap)
                if values is not None:
                    s.execute(update(repo.REMARK).where(repo.REMARK.c.id == r.id).values(**values))
                    self.counts["remarks_updated"] += 1
            for x in r.replies:
                if x.id in self.local_replies:
                    continue
                s.execute(
                    insert(repo.REPLY).values(
                        id=x.id,
                        remark_id=r.id,
                        author=x.author,
                        role=x.role.value,
                        text=x.text,
                        created_at=timestamp(self.capped(x.created_at)),
                    )
                )
                self.counts["replies_added"] += 1

    def capped(self, moment: datetime | None) -> datetime:
        """A time from the package, never later than the package itself (nor than now)."""
        if moment is None:
            return self.cap
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return min(moment, self.cap)

    def apply_status(self, plan: _RevisionPlan) -> None:
        """The package's status, if its change is newer than ours and the domain rules allow the move
        from our state; signert and arkivert only as far as the signed PDF here proves."""
        if plan.action not in (_Action.SAME, _Action.FORWARD, _Action.INSERT):
            return
        s, rev = self.s, plan.pr.revision
        row = s.execute(select(repo.REVISION).where(repo.REVISION.c.id == rev.id)).one()
        current, target = Status(row.status), rev.status
        if current is target:
            return
        their_at = self.capped(rev.status_changed_at or rev.updated_at)
        our_at = _dt(row.status_changed_at) or _dt(row.updated_at)
        newly_inserted = plan.action is _Action.INSERT
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
        open_remarks = s.execute(
            select(func.count())
            .select_from(repo.REMARK)
            .where(and_(repo.REMARK.c.agreement_id == rev.agreement_id, repo.REMARK.c.resolved.is_(False)))
        ).scalar_one()
        proven = plan.proven or frozenset(store.signed_roles(s, rev.id))
        steps = _status_path(current, target, frozen=bool(row.frozen), proven=proven, open_remarks=open_remarks)
        if isinstance(steps, str):
            self.skipped.append(_("Revisjon {n}: {why}", n=rev.number, why=steps))
            return
        at = timestamp(their_at if newly_inserted or our_at is None else _later(their_at, our_at))
        for step in steps:
            store.set_status(s, rev.id, step, at, rev.status_changed_by, touch=False)
        s.execute(
            update(repo.REVISION)
            .where(repo.REVISION.c.id == rev.id)
            .values(updated_at=timestamp(_later(_dt(row.updated_at), self.capped(rev.updated_at))))
        )
        self.counts["status_changes"] += 1
        self.status = True
        self.touched.add(rev.id)


def _status_path(
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


def _resolution(row: Any, r: Remark, cap: datetime) -> dict[str, Any] | None:
    """The later change of a remark's resolution state wins. ``resolved_at`` dates the change; a time
    later than the package itself (``cap``) counts as the package's time."""
    local_at = _dt(row.resolved_at)
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


def _later(a: datetime | None, b: datetime | None) -> datetime:
    if a is None:
        return b or datetime.now(UTC)
    if b is None:
        return a
    return max(a, b)


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
