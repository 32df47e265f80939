"""The signed records of an import: what a package claims about signatures must be proven by the
signed PDF, verified before the write transaction (``proofs``). The signature records in the
package's JSON prove nothing; they may only repeat what the PDF shows, and the signatures stored are
extracted from the verified PDF. Used by services/exchange_merge.py; every check here only reads.
"""

from __future__ import annotations

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.identity import same_name
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import Package, PackageRevision
from enhetsdialog.i18n import _
from enhetsdialog.pdf.verify import VerificationReport
from enhetsdialog.services.exchange_merge_rules import SIGNED, RevisionPlan
from enhetsdialog.services.signing import SIGNING_ORDER
from enhetsdialog.services.signing_records import signatures_from
from enhetsdialog.storage.uow import UnitOfWork


class SignatureProof:
    """The checks of a package's (or a stored conflict's, ``pkg`` None) signature claims."""

    def __init__(self, uow: UnitOfWork, pkg: Package | None, proofs: dict[str, VerificationReport]) -> None:
        self.uow = uow
        self.pkg = pkg
        self.proofs = proofs

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
        rows, pkg = self.uow.merge, self.pkg
        leader_id = rows.unit_leader(unit_id)
        area_id = rows.unit_area(unit_id)
        if area_id is None and pkg is not None:  # the unit is new here: it comes with the package
            leader_id, area_id = pkg.unit.leader_id, pkg.service_area.id
        director_id = rows.area_director(area_id)
        if director_id is None and pkg is not None and area_id == pkg.service_area.id:
            director_id = pkg.service_area.director_id
        people = {p.id: p for p in pkg.people} if pkg is not None else {}
        for role, pid in ((Role.LEDER, leader_id), (Role.DIREKTOR, director_id)):
            if role not in report.roles:
                continue
            person = (self.uow.org.person(pid) or people.get(pid)) if pid else None
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

    def check_signed(self, plan: RevisionPlan) -> None:
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
        have = self.uow.merge.signed_pdf(rid) if local is not None else None
        mine = self.uow.merge.signed_roles(rid) if local is not None else set()
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
