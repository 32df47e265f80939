"""Signing: the leader signs, the director counter-signs, each with a PAdES signature in the PDF/A.

The first signature freezes the revision; after both, the status is ``signert``. The signed PDF is
stored as the record of the revision and only ever grows (the counter-signature is an incremental
update). Rendering and signing happen outside the write transaction; the transaction then checks
that nothing changed meanwhile and records the result.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, update

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError, ValidationError
from enhetsdialog.domain.model import FullAgreement, new_id
from enhetsdialog.domain.rules import can_sign, check_transition
from enhetsdialog.pdf import read_embedded, render_agreement
from enhetsdialog.pdf.certificates import CertInfo, certificate_info, create_personal_certificate
from enhetsdialog.pdf.sign import sign_pdf
from enhetsdialog.pdf.verify import VerificationReport, verify_pdf
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.files import write_new
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database

SIGNING_ORDER = (Role.LEDER, Role.DIREKTOR)


@dataclass(frozen=True, slots=True)
class SignerPreview:
    """What the user sees before signing: who they sign as, and what."""

    certificate: CertInfo
    name: str
    title: str
    role: Role
    fingerprint: str


class SigningService:
    def __init__(self, db: Database, certificates_dir: Path | None = None) -> None:
        self.db = db
        self.certificates_dir = certificates_dir

    # --- documents ------------------------------------------------------------------------------------

    def signed_pdf(self, revision_id: str) -> bytes | None:
        with self.db.read() as s:
            pdf = s.execute(select(repo.SIGNED_DOC.c.pdf).where(repo.SIGNED_DOC.c.revision_id == revision_id)).scalar()
        return bytes(pdf) if pdf is not None else None

    def pdf(self, revision_id: str, *, include_remarks: bool = True) -> bytes:
        """The stored signed PDF when there is one, otherwise a freshly rendered PDF/A."""
        stored = self.signed_pdf(revision_id)
        if stored is not None:
            return stored
        with self.db.read() as s:
            full = repo.load_full(s, revision_id)
        return render_agreement(full, include_remarks=include_remarks)

    def verify(self, pdf: bytes, trust: list[bytes] | None = None) -> VerificationReport:
        return verify_pdf(pdf, trust=trust or [])

    # --- signing ----------------------------------------------------------------------------------------

    def preview(self, revision_id: str, role: Role | str, pkcs12: bytes, password: bytes) -> SignerPreview:
        role = Role(role)
        with self.db.read() as s:
            full = repo.load_full(s, revision_id)
        self._check_can_sign(full, role)
        cert = certificate_info(pkcs12, password)
        name, title = self._signer(full, role, cert)
        return SignerPreview(cert, name, title, role, fingerprint(full.revision))

    def sign(
        self,
        revision_id: str,
        role: Role | str,
        pkcs12: bytes,
        password: bytes,
        *,
        name: str | None = None,
        title: str | None = None,
    ) -> Changes:
        role = Role(role)
        with self.db.read() as s:
            full = repo.load_full(s, revision_id)
            base = s.execute(select(repo.SIGNED_DOC.c.pdf).where(repo.SIGNED_DOC.c.revision_id == revision_id)).scalar()
        self._check_can_sign(full, role)
        fp = fingerprint(full.revision)
        cert = certificate_info(pkcs12, password)
        if not cert.valid_at(datetime.now(UTC)):
            raise DomainError("Sertifikatet er ikke gyldig nå (utløpt eller ikke gyldig ennå).")
        default_name, default_title = self._signer(full, role, cert)
        if base is None:
            base_pdf = render_agreement(full, include_remarks=True, signature_fields=True)
        else:
            base_pdf = bytes(base)
            _, embedded = read_embedded(base_pdf)
            if embedded != fp:
                raise DomainError("Den signerte PDF-en hører ikke til denne versjonen av avtalen.")
        signed = sign_pdf(
            base_pdf,
            pkcs12=pkcs12,
            password=password,
            role=role,
            name=name or default_name,
            title=title if title is not None else default_title,
            reason=f"Enhetsavtale {full.revision.year} for {full.unit.name}, revisjon {full.revision.number}",
            location=full.municipality.name,
        )
        now = repo.now_iso()
        with self.db.write() as s:
            rev = repo.revision_header(s, revision_id)
            roles = {x.role for x in repo.signatures(s, revision_id)}
            current = s.execute(select(repo.SIGNED_DOC.c.pdf).where(repo.SIGNED_DOC.c.revision_id == revision_id)).scalar()
            if rev.status is not Status.ENIGHET or role in roles or (current is None) != (base is None) or (
                current is not None and bytes(current) != base_pdf
            ):
                raise DomainError("Avtalen ble endret mens du signerte. Prøv igjen.")
            s.execute(
                insert(repo.SIGNATURE).values(
                    id=new_id(),
                    revision_id=revision_id,
                    role=role.value,
                    name=name or default_name,
                    title=title if title is not None else default_title,
                    signed_at=now,
                    fingerprint=fp,
                    certificate_subject=cert.subject,
                    certificate_fingerprint=cert.sha256,
                )
            )
            digest = hashlib.sha256(signed).hexdigest()
            if current is None:
                s.execute(insert(repo.SIGNED_DOC).values(revision_id=revision_id, pdf=signed, sha256=digest, updated_at=now))
                s.execute(update(repo.REVISION).where(repo.REVISION.c.id == revision_id).values(frozen=True, updated_at=now))
            else:
                s.execute(
                    update(repo.SIGNED_DOC)
                    .where(repo.SIGNED_DOC.c.revision_id == revision_id)
                    .values(pdf=signed, sha256=digest, updated_at=now)
                )
            if roles | {role} >= set(SIGNING_ORDER):
                check_transition(rev.status, Status.SIGNERT, by_system=True, frozen=True)
                s.execute(
                    update(repo.REVISION).where(repo.REVISION.c.id == revision_id).values(status=Status.SIGNERT.value)
                )
        return Changes(revisions=frozenset({revision_id}), status=True)

    @staticmethod
    def _check_can_sign(full: FullAgreement, role: Role) -> None:
        can_sign(full.revision)
        signed = {x.role for x in full.signatures}
        if role in signed:
            raise DomainError(f"{role.label} har allerede signert denne revisjonen.")
        if role is Role.DIREKTOR and Role.LEDER not in signed:
            raise DomainError("Enhetslederen signerer først; direktøren kontrasignerer etterpå.")

    @staticmethod
    def _signer(full: FullAgreement, role: Role, cert: CertInfo) -> tuple[str, str]:
        person = full.leader if role is Role.LEDER else full.director
        if person is not None:
            return person.name, person.title
        return cert.common_name, role.label

    # --- personal certificates ---------------------------------------------------------------------------

    def create_personal_certificate(self, name: str, email: str | None, password: bytes) -> Path:
        """A self-signed certificate for someone without one, kept (0600) in the user data folder."""
        if self.certificates_dir is None:
            raise ValidationError("Ingen mappe for sertifikater er satt opp.")
        return save_personal_certificate(self.certificates_dir, name, email, password)

    def personal_certificates(self) -> list[Path]:
        if self.certificates_dir is None or not self.certificates_dir.is_dir():
            return []
        return sorted(self.certificates_dir.glob("*.p12"))


def save_personal_certificate(folder: Path, name: str, email: str | None, password: bytes) -> Path:
    """Make a self-signed certificate and keep it (0600) in ``folder`` under a new name; needs no
    database. Raises OSError when it cannot be written (then no file is left behind)."""
    if len(password) < 8:
        raise ValidationError("Passordet må ha minst 8 tegn.")
    data = create_personal_certificate(name, email, password)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(str.maketrans("æøå", "eoa"))).strip("-") or "sertifikat"
    path = write_new(folder, stem, ".p12", data)
    if path is None:
        raise ValidationError("Fant ikke et ledig filnavn for sertifikatet.")
    return path


_DEMO_CERTS: dict[str, tuple[bytes, bytes]] = {}


def demo_sign_both(services: object, revision_id: str) -> None:
    """Sign a revision in `enighet` as leader and director with throw-away personal certificates
    (used by ``enhetsdialog demo``: the demo shows signed and archived agreements that verify)."""
    from enhetsdialog.services import Services

    assert isinstance(services, Services)
    full = services.agreements.get(revision_id)
    for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director)):
        name = person.name if person else role.label
        if name not in _DEMO_CERTS:
            password = secrets.token_bytes(16).hex().encode()
            _DEMO_CERTS[name] = (create_personal_certificate(name, None, password), password)
        p12, password = _DEMO_CERTS[name]
        services.signing.sign(revision_id, role, p12, password)
