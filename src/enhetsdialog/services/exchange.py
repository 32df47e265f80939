"""Agreement packages between the leader's and the director's machines: export, import (exact
merge), conflicts.

Import is all-or-nothing: the package is checked completely (exchange.package.read_package), then
one write transaction checks it against what is here and merges it; any refusal rolls everything
back. The service is a facade over:

* :mod:`~enhetsdialog.services.exchange_types`: ExportResult, ImportReport, Conflict, Keep;
* :mod:`~enhetsdialog.services.exchange_export`: an agreement here as a package;
* :mod:`~enhetsdialog.services.exchange_merge`: a package merged in (the merge rules are there;
  docs/avtalepakke.md has them for users);
* :mod:`~enhetsdialog.services.exchange_resolution`: a conflict resolved;
* :mod:`~enhetsdialog.services.exchange_state`: a stored conflict to and from its incoming version
  (the state itself, tables ``exchange_sync`` and ``exchange_conflict``, is ``uow.exchange``).
"""

from __future__ import annotations

from pathlib import Path

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.compare import compare
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.errors import DomainError, NotFoundError, ValidationError
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import (
    FILE_SUFFIX,
    MAX_UNPACKED,
    Package,
    PackageRevision,
    read_package,
    write_package,
)
from enhetsdialog.fileio import read_user_file
from enhetsdialog.i18n import N_
from enhetsdialog.pdf.verify import VerificationReport, verify_pdf
from enhetsdialog.services.agreements import AgreementService
from enhetsdialog.services.base import Outcome, Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.exchange_export import agreement_of, build_package, write_atomically
from enhetsdialog.services.exchange_followup import FollowUpConflict
from enhetsdialog.services.exchange_followup import resolve as resolve_followup
from enhetsdialog.services.exchange_followup import stored_conflicts as followup_conflicts
from enhetsdialog.services.exchange_followup_text import FollowUpConflictText, describe
from enhetsdialog.services.exchange_merge import STATUS_ORDER, import_package
from enhetsdialog.services.exchange_resolution import keep_local, take_incoming
from enhetsdialog.services.exchange_state import decode_conflict
from enhetsdialog.services.exchange_types import Conflict, ExportResult, ImportReport, Keep
from enhetsdialog.services.trust import TrustStore
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.exchange_state import StoredConflict
from enhetsdialog.storage.uow import UnitOfWork

__all__ = [
    "STATUS_ORDER",
    "Conflict",
    "ExchangeService",
    "ExportResult",
    "ImportReport",
    "Keep",
]


class ExchangeService(Service):
    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.trust = TrustStore(db)

    # export

    @writes
    def export(self, uow: UnitOfWork, ref: str) -> bytes:
        """The package of a whole agreement (all revisions), given a revision id or an agreement id."""
        return write_package(build_package(uow, ref))

    @writes
    def export_to(self, uow: UnitOfWork, ref: str, path: Path | str) -> ExportResult:
        """Write the package to ``path`` (via a temporary file and a rename: never half a file)."""
        path = Path(path)
        pkg = build_package(uow, ref)
        data = write_package(pkg)
        write_atomically(path, data)  # inside the transaction: if writing fails, nothing is recorded
        latest = pkg.latest
        return ExportResult(
            path=path,
            size=len(data),
            agreement_id=pkg.agreement_id,
            revision_id=latest.revision.id,
            unit_name=pkg.unit.name,
            year=pkg.year,
            revisions=len(pkg.revisions),
            remarks=len(pkg.remarks),
        )

    @writes
    def share(
        self, uow: UnitOfWork, revision_id: str, path: Path | str, *, status: Status | None = None, by: str = ""
    ) -> Outcome[ExportResult]:
        """Sending to the other party as one transaction: move the revision to ``status`` (when
        given and not there yet; «Del for dialog» is utkast -> til dialog), then write the package
        to ``path``, which carries the new status. If writing fails, the status is as it was."""
        changes = Changes()
        if status is not None and uow.agreements.header(revision_id).status is not status:
            changes = AgreementService(self.db).set_status(revision_id, status, by=by)
        return Outcome(self.export_to(revision_id, path), changes)

    @reads
    def suggested_filename(self, uow: UnitOfWork, ref: str) -> str:
        """A file name for the package: ``Lade-skole-2027-rev1.enhetsavtale``."""
        aid = agreement_of(uow, ref)
        unit_id, year = uow.packages.agreement(aid)
        number = uow.agreements.latest_number(aid)
        name = uow.org.unit(unit_id).name
        safe = "".join(c if c.isalnum() else "-" for c in name).strip("-")
        while "--" in safe:
            safe = safe.replace("--", "-")
        return f"{safe or 'avtale'}-{year}-rev{number}{FILE_SUFFIX}"

    # import

    def import_bytes(self, data: bytes) -> ImportReport:
        pkg = read_package(data)
        # every signed PDF is verified before the write transaction (CPU work, no lock held)
        proofs = {pr.revision.id: self._verify(pr) for pr in pkg.revisions if pr.signed_document is not None}
        return self._merge(pkg, proofs)

    @writes
    def _merge(self, uow: UnitOfWork, pkg: Package, proofs: dict[str, VerificationReport]) -> ImportReport:
        return import_package(uow, pkg, proofs)

    def _verify(self, pr: PackageRevision) -> VerificationReport:
        assert pr.signed_document is not None
        return verify_pdf(pr.signed_document.pdf, trust=self.trust.anchors_der())

    def import_file(self, path: Path | str) -> ImportReport:
        # a regular file of sane size only, checked before reading (not /dev/zero, not a FIFO)
        data = read_user_file(path, max_bytes=MAX_UNPACKED, what=N_("en avtalepakke"), error=PackageError)
        return self.import_bytes(data)

    # conflicts

    @reads
    def conflicts(self, uow: UnitOfWork, agreement_id: str | None = None) -> list[Conflict]:
        out: list[Conflict] = []
        for stored in uow.exchange.conflicts():
            revision_id = stored.revision_id
            try:
                local = uow.agreements.revision(revision_id)
            except NotFoundError:
                continue
            if agreement_id is not None and local.agreement_id != agreement_id:
                continue
            incoming = decode_conflict(stored, local.agreement_id)
            links = {p for r in (local, incoming.revision) for g in r.content.goals for p in g.plan_goal_ids}
            plan_goals = uow.catalogue.goals_with_ancestors(links)
            out.append(
                Conflict(
                    revision_id=revision_id,
                    agreement_id=local.agreement_id,
                    unit_name=uow.org.unit(local.unit_id).name,
                    year=local.year,
                    number=local.number,
                    local=local,
                    incoming=incoming.revision,
                    local_fingerprint=fingerprint(local),
                    incoming_fingerprint=incoming.fingerprint,
                    incoming_signed=incoming.revision.frozen,
                    differences=tuple(compare(local, incoming.revision, plan_goals=plan_goals)),
                )
            )
        return out

    @reads
    def followup_conflicts(self, uow: UnitOfWork, agreement_id: str | None = None) -> list[FollowUpConflict]:
        """Follow-up records edited both here and by the other party (services/exchange_followup.py)."""
        ids = [s.id for s in uow.agreements.summaries(latest_only=False)
               if agreement_id is None or s.agreement_id == agreement_id]
        return followup_conflicts(uow, ids)

    @reads
    def described_followup_conflicts(
        self, uow: UnitOfWork, agreement_id: str | None = None
    ) -> list[tuple[FollowUpConflict, FollowUpConflictText]]:
        """The follow-up conflicts with what each says (agreement, record, subject, both versions)."""
        conflicts = self.followup_conflicts(agreement_id)
        fulls = {rid: uow.agreements.full(rid) for rid in {c.revision_id for c in conflicts}}
        return [(c, describe(fulls[c.revision_id], c)) for c in conflicts]

    @writes
    def resolve_followup_conflict(self, uow: UnitOfWork, revision_id: str, key: str, keep: Keep | str) -> Changes:
        """Choose ours or the package's version of one follow-up record in conflict."""
        try:
            choice = Keep(keep)
        except ValueError:
            raise ValidationError(N_("Velg «local» (beholde din versjon) eller «incoming» (ta den innkomne).")) from None
        resolve_followup(uow, revision_id, key, choice is Keep.INCOMING)
        return Changes(followup=frozenset({revision_id}), exchange=frozenset({revision_id}))  # the conflict list changed

    def resolve_conflict(self, revision_id: str, keep: Keep | str) -> Changes:
        """Choose which version of a revision in conflict shall hold: ours or the package's."""
        try:
            choice = Keep(keep)
        except ValueError:
            raise ValidationError(N_("Velg «local» (beholde din versjon) eller «incoming» (ta den innkomne).")) from None
        stored, agreement_id = self._conflict(revision_id)
        incoming = decode_conflict(stored, agreement_id)
        # a signed PDF is verified outside the write transaction (CPU work, no lock held)
        proofs = {revision_id: self._verify(incoming)} if incoming.signed_document is not None else {}
        return self._resolve(revision_id, choice, stored, incoming, proofs)

    @reads
    def _conflict(self, uow: UnitOfWork, revision_id: str) -> tuple[StoredConflict, str]:
        stored = uow.exchange.conflict(revision_id)
        if stored is None:
            raise NotFoundError(N_("Det er ingen konflikt for denne revisjonen."))
        return stored, uow.agreements.header(revision_id).agreement_id

    @writes
    def _resolve(self, uow: UnitOfWork, revision_id: str, choice: Keep, stored: StoredConflict,
                 incoming: PackageRevision, proofs: dict[str, VerificationReport]) -> Changes:
        if uow.exchange.conflict(revision_id) != stored:
            raise DomainError(N_("Konflikten ble endret mens du valgte. Prøv igjen."))
        local = uow.agreements.revision(revision_id)
        if choice is Keep.LOCAL:
            return keep_local(uow, revision_id, local, incoming)
        return take_incoming(uow, revision_id, local, incoming, proofs)
