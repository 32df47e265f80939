"""What a verified signed PDF proves, as records: the roles it proves for a revision, and the
signature rows made from it (the only way a signature row is made: never from a package's JSON or a
caller's word)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.model import Signature, new_id
from enhetsdialog.pdf.verify_report import VerificationReport

# the namespace of signature ids: the same CMS signature has the same id on every machine
_SIGNATURE_IDS = uuid.UUID("3f9b7a52-2c1e-4d0b-9a55-6b8f0e1d2c3a")


@dataclass(frozen=True, slots=True)
class Proof:
    """What the stored signed PDF of a revision proves (None: there is none)."""

    report: VerificationReport | None
    matches_revision: bool  # the PDF's content is this revision's, with its fingerprint

    @property
    def proven_roles(self) -> frozenset[Role]:
        if self.report is None or not self.report.ok or not self.matches_revision:
            return frozenset()
        return self.report.roles


def signatures_from(report: VerificationReport, revision_id: str, titles: dict[Role, str]) -> list[Signature]:
    """The signature rows a verified PDF proves (the only way a signature row is made)."""
    out = []
    for sig in report.signatures:
        if sig.role is None:
            continue
        out.append(
            Signature(
                revision_id=revision_id,
                role=sig.role,
                name=sig.name_in_agreement or sig.certificate_name,
                title=titles.get(sig.role, ""),
                signed_at=sig.signing_time or datetime.now(UTC),
                fingerprint=report.embedded_fingerprint or "",
                certificate_subject=sig.certificate_subject,
                certificate_fingerprint=sig.certificate_fingerprint,
                # the same signature has the same id on every machine
                id=str(uuid.uuid5(_SIGNATURE_IDS, sig.signature_sha256)) if sig.signature_sha256 else new_id(),
            )
        )
    return out
