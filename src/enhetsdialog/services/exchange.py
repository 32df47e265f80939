"""Agreement packages between the leader's and the director's machines: export, import (exact
merge), conflicts.

Import is all-or-nothing: the package is checked completely (exchange.package.read_package), then
one write transaction checks it against what is here and merges it; any refusal rolls everything
back. The service is a facade over:

* :mod:`~enhetsdialog.services.exchange_types`: ExportResult, ImportReport, Conflict, Keep;
* :mod:`~enhetsdialog.services.exchange_export`: an agreement here as a package;
* :mod:`~enhetsdialog.services.exchange_merge`: a package merged in (the merge rules are there;
  docs/avtalepakke.md has them for users), and a conflict resolved;
* :mod:`~enhetsdialog.services.exchange_state`: the ``sync:`` and ``conflict:`` records kept in the
  setting table.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.compare import compare
from enhetsdialog.domain.errors import DomainError, NotFoundError, ValidationError
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import (
    FILE_SUFFIX,
    MAX_UNPACKED,
    PackageRevision,
    read_package,
    write_package,
)
from enhetsdialog.fileio import read_user_file
from enhetsdialog.i18n import N_, _
from enhetsdialog.pdf.verify import VerificationReport, verify_pdf
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.exchange_export import agreement_of, build_package, write_atomically
from enhetsdialog.services.exchange_merge import STATUS_ORDER, import_package, keep_local, take_incoming
from enhetsdialog.services.exchange_state import (
    CONFLICT_PREFIX,
    SYNC_PREFIX,
    decode_conflict,
    stored_conflicts,
)
from enhetsdialog.services.exchange_types import Conflict, ExportResult, ImportReport, Keep
from enhetsdialog.services.trust import TrustStore
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database

__all__ = [
    "CONFLICT_PREFIX",
    "STATUS_ORDER",
    "SYNC_PREFIX",
    "Conflict",
    "ExchangeService",
    "ExportResult",
    "ImportReport",
    "Keep",
]


class ExchangeService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.trust = TrustStore(db)

    # export

    def export(self, ref: str) -> bytes:
        """The package of a whole agreement (all revisions), given a revision id or an agreement id."""
        with self.db.write() as s:
            pkg = build_package(s, ref)
            return write_package(pkg)

    def export_to(self, ref: str, path: Path | str) -> ExportResult:
        """Write the package to ``path`` (via a temporary file and a rename: never half a file)."""
        path = Path(path)
        with self.db.write() as s:
            pkg = build_package(s, ref)
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

    def suggested_filename(self, ref: str) -> str:
        """A file name for the package: ``Lade-skole-2027-rev1.enhetsavtale``."""
        with self.db.read() as s:
            aid = agreement_of(s, ref)
            row = s.execute(select(repo.AGREEMENT).where(repo.AGREEMENT.c.id == aid)).one()
            number = s.execute(
                select(func.max(repo.REVISION.c.number)).where(repo.REVISION.c.agreement_id == aid)
            ).scalar_one()
            name = repo.unit(s, row.unit_id).name
        safe = "".join(c if c.isalnum() else "-" for c in name).strip("-")
        while "--" in safe:
            safe = safe.replace("--", "-")
        return f"{safe or 'avtale'}-{row.year}-rev{number}{FILE_SUFFIX}"

    # import

    def import_bytes(self, data: bytes) -> ImportReport:
        pkg = read_package(data)
        # every signed PDF is verified before the write transaction (CPU work, no lock held)
        proofs = {pr.revision.id: self._verify(pr) for pr in pkg.revisions if pr.signed_document is not None}
        with self.db.write() as s:
            return import_package(s, pkg, proofs)

    def _verify(self, pr: PackageRevision) -> VerificationReport:
        assert pr.signed_document is not None
        return verify_pdf(pr.signed_document.pdf, trust=self.trust.anchors_der())

    def import_file(self, path: Path | str) -> ImportReport:
        # a regular file of sane size only, checked before reading (not /dev/zero, not a FIFO)
        data = read_user_file(path, max_bytes=MAX_UNPACKED, what=N_("en avtalepakke"), error=PackageError)
        return self.import_bytes(data)

    # conflicts

    def conflicts(self, agreement_id: str | None = None) -> list[Conflict]:
        with self.db.read() as s:
            out: list[Conflict] = []
            for revision_id, raw in stored_conflicts(s):
                try:
                    local = repo.load_revision(s, revision_id)
                except NotFoundError:
                    continue
                if agreement_id is not None and local.agreement_id != agreement_id:
                    continue
                incoming = decode_conflict(raw, local.agreement_id)
                links = {p for r in (local, incoming.revision) for g in r.content.goals for p in g.plan_goal_ids}
                plan_goals = repo.plan_goal_closure(s, links) if links else {}
                out.append(
                    Conflict(
                        revision_id=revision_id,
                        agreement_id=local.agreement_id,
                        unit_name=repo.unit(s, local.unit_id).name,
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

    def resolve_conflict(self, revision_id: str, keep: Keep | str) -> Changes:
        """Choose which version of a revision in conflict shall hold: ours or the package's."""
        try:
            choice = Keep(keep)
        except ValueError:
            raise ValidationError("Velg «local» (beholde din versjon) eller «incoming» (ta den innkomne).") from None
        with self.db.read() as s:
            raw = repo.get_setting(s, CONFLICT_PREFIX + revision_id)
            if raw is None:
                raise NotFoundError(_("Det er ingen konflikt for denne revisjonen."))
            agreement_id = repo.load_revision(s, revision_id).agreement_id
        incoming = decode_conflict(raw, agreement_id)
        proofs = {revision_id: self._verify(incoming)} if incoming.signed_document is not None else {}
        with self.db.write() as s:
            if repo.get_setting(s, CONFLICT_PREFIX + revision_id) != raw:
                raise DomainError(_("Konflikten ble endret mens du valgte. Prøv igjen."))
            local = repo.load_revision(s, revision_id)
            if choice is Keep.LOCAL:
                return keep_local(s, revision_id, local, incoming)
            return take_incoming(s, revision_id, local, incoming, proofs)
