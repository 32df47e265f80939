"""Signing: the leader certifies, the director counter-signs, each with a PAdES signature in the
agreement's PDF/A — and nothing is called signed unless that PDF proves it.

* Before a signature is made: the revision is agreed (``enighet``), the order is leader then
  director, the certificate is valid now and names the person the agreement records for that role
  (compared normalised), the director is not the leader (another key and another subject), and the
  signatures already in the stored PDF verify.
* After: the signed PDF is verified under the same rules (with the database's trust anchors); only
  then is it stored, and the signature rows are extracted from that verification. The first
  signature freezes the revision; with both, it is ``signert``.

Rendering and signing happen outside the write transaction; the transaction then checks that
nothing changed meanwhile and records the result in one unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError, ValidationError
from enhetsdialog.domain.identity import normalise_name, same_name
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.rules import can_sign, check_transition
from enhetsdialog.i18n import _
from enhetsdialog.pdf import render_agreement
from enhetsdialog.pdf.certificates import CertInfo, describe
from enhetsdialog.pdf.keys import SigningKey, open_pkcs12
from enhetsdialog.pdf.ltv import chains_to_anchor, check_dates, signing_options
from enhetsdialog.pdf.sign import sign_pdf
from enhetsdialog.pdf.verify import VerificationReport, load_trust, verify_pdf
from enhetsdialog.services import timestamping
from enhetsdialog.services.certificates import save_personal_certificate
from enhetsdialog.services.signing_records import Proof, signatures_from
from enhetsdialog.services.signing_settings import SigningSettings, TsaConfig
from enhetsdialog.services.timestamping import Archival, SigningOutcome
from enhetsdialog.services.trust import TrustStore
from enhetsdialog.storage import repo
from enhetsdialog.storage import signatures as store
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
        self.trust = TrustStore(db)
        self.settings = SigningSettings(db)

    # --- documents ------------------------------------------------------------------------------------

    def signed_pdf(self, revision_id: str) -> bytes | None:
        with self.db.read() as s:
            return store.signed_pdf(s, revision_id)

    def pdf(self, revision_id: str, *, include_remarks: bool = True) -> bytes:
        """The stored signed PDF when there is one (only if it still verifies), otherwise a freshly
        rendered PDF/A (marked UTKAST before «Enighet»)."""
        stored = self.signed_pdf(revision_id)
        if stored is not None:
            proof = self.proof(revision_id, stored)
            if not proof.proven_roles:
                reason = proof.report.reasons[0] if proof.report and proof.report.reasons else ""
                raise DomainError(
                    _(
                        "Den lagrede signerte PDF-en for denne avtalen kan ikke bekreftes ({reason}). "
                        "Kjør «enhetsdialog check».",
                        reason=reason or _("den hører ikke til revisjonen"),
                    )
                )
            return stored
        with self.db.read() as s:
            full = repo.load_full(s, revision_id)
        return render_agreement(full, include_remarks=include_remarks, language=full.language)

    def verify(self, pdf: bytes, trust: list[bytes] | None = None) -> VerificationReport:
        """Verify a PDF with the database's trust anchors plus ``trust`` (for this call only)."""
        return verify_pdf(pdf, trust=self.trust.anchors_der() + list(trust or []))

    def proof(self, revision_id: str, pdf: bytes | None = None) -> Proof:
        """What the stored signed PDF proves about this revision (verified now)."""
        if pdf is None:
            pdf = self.signed_pdf(revision_id)
        if pdf is None:
            return Proof(None, False)
        with self.db.read() as s:
            rev = repo.load_revision(s, revision_id)
        report = self.verify(pdf)
        return Proof(report, report.revision_id == revision_id and report.embedded_fingerprint == fingerprint(rev))

    # --- signing ----------------------------------------------------------------------------------------

    def preview(
        self,
        revision_id: str,
        role: Role | str,
        certificate: x509.Certificate | SigningKey | bytes,
        password: bytes | None = None,
        *,
        chain: Sequence[x509.Certificate] = (),
    ) -> SignerPreview:
        """Who you would sign as; raises DomainError with the reason when signing would be refused.

        ``certificate``: the signer's certificate (a smart card's is readable before the PIN, so the
        refusal comes before the PIN is asked), a :class:`SigningKey`, or a PKCS#12 file with its
        ``password``. ``chain``: the issuing certificates, for the trust check (a key brings its own).
        """
        if isinstance(certificate, bytes):
            with open_pkcs12(certificate, password or b"") as key:
                return self.preview(revision_id, role, key)
        if isinstance(certificate, SigningKey):
            chain = certificate.chain
            certificate = certificate.certificate
        role = Role(role)
        full, base = self._load(revision_id)
        self._check_can_sign(full, role)
        prior = self._verify_prior(full, base) if base is not None else None
        cert = describe(certificate)
        name, title = self._check_signer(full, role, cert, prior)
        self._check_trust(certificate, chain, cert)
        return SignerPreview(cert, name, title, role, fingerprint(full.revision))

    def sign(
        self,
        revision_id: str,
        role: Role | str,
        key: SigningKey | bytes,
        password: bytes | None = None,
        *,
        title: str | None = None,
        tsa: TsaConfig | None = None,
    ) -> SigningOutcome:
        """Sign the revision as ``role`` with ``key`` (a :class:`SigningKey`; or PKCS#12 file bytes
        with their ``password``, for short call sites) and store the signed PDF.

        With a TSA (``tsa``, else the database's setting) the signature gets a signature timestamp
        (B-T), and validation data when the issuer publishes CRL/OCSP and it is reachable (B-LT). A
        revoked or expired certificate is refused with the reason. The outcome says which level the
        stored signature reached and why not higher (``notes``).
        """
        if isinstance(key, bytes):
            with open_pkcs12(key, password or b"") as opened:
                return self.sign(revision_id, role, opened, title=title, tsa=tsa)
        role = Role(role)
        full, base = self._load(revision_id)
        self._check_can_sign(full, role)
        fp = fingerprint(full.revision)
        cert = key.info
        prior = self._verify_prior(full, base) if base is not None else None
        name, default_title = self._check_signer(full, role, cert, prior)
        self._check_trust(key.certificate, key.chain, cert)
        notes: list[str] = []
        tsa = tsa or self.settings.tsa()
        options = signing_options(
            key.certificate,
            key.chain,
            tsa=tsa.timestamper() if tsa is not None else None,
            trust_roots=self.trust_anchors(),
        )
        if tsa is None:
            notes.append(
                _("Ingen tidsstempeltjeneste er satt opp: signaturen har bare signererens egen tid (B-B). "
                  "Tidsstempel kan legges til senere.")  # fmt: skip
            )
        base_pdf = base if base is not None else render_agreement(
            full, include_remarks=True, signature_fields=True, language=full.language
        )
        signed = sign_pdf(
            base_pdf,
            key,
            role=role,
            name=name,
            title=title if title is not None else default_title,
            reason=_(
                "Enhetsavtale {year} for {unit}, revisjon {number}",
                year=full.revision.year,
                unit=full.unit.name,
                number=full.revision.number,
            ),
            location=full.municipality.name,
            options=options,
        )
        notes.extend(options.notes)
        report = self.verify(signed)
        if not report.ok or role not in report.roles or report.embedded_fingerprint != fp:
            raise DomainError(
                _(
                    "Signaturen ble laget, men dokumentet besto ikke kontrollen og er ikke lagret: {reason}",
                    reason=report.reasons[0] if report.reasons else _("feil innhold"),
                )
            )
        titles = {role: title if title is not None else default_title}
        if prior is not None:
            titles.update({s.role: s.title for s in full.signatures})
        now = repo.now_iso()
        with self.db.write() as s:
            rev = repo.revision_header(s, revision_id)
            roles = store.signed_roles(s, revision_id)
            current = store.signed_pdf(s, revision_id)
            if rev.status is not Status.ENIGHET or role in roles or current != base:
                raise DomainError(_("Avtalen ble endret mens du signerte. Prøv igjen."))
            store.store_signed_pdf(s, revision_id, signed, now)
            for sig in signatures_from(report, revision_id, titles):
                if sig.role is role:
                    store.record_signature(s, sig)
            if current is None:
                store.freeze(s, revision_id, now)
            if roles | {role} >= set(SIGNING_ORDER):
                check_transition(rev.status, Status.SIGNERT, by_system=True, frozen=True)
                store.set_status(s, revision_id, Status.SIGNERT, now, name, touch=False)
        made = report.signature(role)
        return SigningOutcome(
            revisions=frozenset({revision_id}),
            status=True,
            level=made.level if made is not None else "",
            notes=tuple(notes),
        )

    # --- smart cards ------------------------------------------------------------------------------------

    def preview_token(
        self, revision_id: str, role: Role | str, *, module: str, token: str | None = None, key: str | None = None
    ) -> SignerPreview:
        """:meth:`preview` with the certificate read from a smart card, before any PIN is asked."""
        # lazy: python-pkcs11 loads only when a smart card is used
        from enhetsdialog.pdf.tokens import read_certificate

        certificate, chain = read_certificate(module, token_label=token, key_label=key)
        return self.preview(revision_id, role, certificate, chain=chain)

    def sign_with_token(
        self,
        revision_id: str,
        role: Role | str,
        *,
        module: str,
        pin: str | None,
        token: str | None = None,
        key: str | None = None,
        title: str | None = None,
        tsa: TsaConfig | None = None,
    ) -> SigningOutcome:
        """:meth:`sign` with the key on a smart card (PKCS#11). The PIN goes to the card and is
        forgotten; a wrong PIN, a missing module or a removed card is one line and nothing is stored."""
        # lazy: python-pkcs11 loads only when a smart card is used
        from enhetsdialog.pdf.tokens import open_pkcs11

        self.preview_token(revision_id, role, module=module, token=token, key=key)
        with open_pkcs11(module, pin=pin, token_label=token, key_label=key) as signing_key:
            return self.sign(revision_id, role, signing_key, title=title, tsa=tsa)

    # --- trusted time later, and the archive -------------------------------------------------------------

    def timestamp(self, revision_id: str, *, tsa: TsaConfig | None = None) -> SigningOutcome:
        """Add what the stored signed PDF lacks: validation data when it can be had, and a document
        timestamp over everything (B-LTA; B-T when the validation data cannot be fetched now), as
        incremental updates — the stored record only grows, and every signature stays valid."""
        return timestamping.timestamp(self, revision_id, tsa=tsa)

    def archival(self, pdf: bytes, *, tsa: TsaConfig | None = None) -> Archival:
        """A signed agreement PDF made ready for the archive (B-LTA when a TSA is configured), verified;
        nothing is stored. See :mod:`enhetsdialog.services.timestamping`."""
        return timestamping.archival(self, pdf, tsa=tsa)

    def trust_anchors(self) -> list[asn1_x509.Certificate]:
        """The municipality's trust anchors, parsed (empty: none are set up)."""
        return load_trust(self.trust.anchors_der())

    def _check_trust(self, certificate: x509.Certificate, chain: Sequence[x509.Certificate], cert: CertInfo) -> None:
        """With trust anchors, the certificate must chain to one of them (refused before any PIN)."""
        anchors = self.trust_anchors()
        if anchors and not chains_to_anchor(certificate, chain, anchors):
            raise DomainError(
                _(
                    "Sertifikatet er ikke utstedt av en betrodd utsteder (utstedt av {issuer}). Kommunen krever "
                    "sertifikater fra sine betrodde utstedere.",
                    issuer=cert.issuer or "?",
                )
            )

    def _load(self, revision_id: str) -> tuple[FullAgreement, bytes | None]:
        with self.db.read() as s:
            return repo.load_full(s, revision_id), store.signed_pdf(s, revision_id)

    def _verify_prior(self, full: FullAgreement, base: bytes) -> VerificationReport:
        """The stored signed PDF must verify and be this revision's before another signature joins it."""
        prior = self.verify(base)
        if not prior.ok:
            raise DomainError(
                _(
                    "Signaturene som allerede er i den lagrede PDF-en, kan ikke bekreftes, så avtalen kan ikke "
                    "signeres videre: {reason}",
                    reason=prior.reasons[0] if prior.reasons else "?",
                )
            )
        if prior.revision_id != full.revision.id or prior.embedded_fingerprint != fingerprint(full.revision):
            raise DomainError(_("Den signerte PDF-en hører ikke til denne versjonen av avtalen."))
        return prior

    @staticmethod
    def _check_can_sign(full: FullAgreement, role: Role) -> None:
        can_sign(full.revision)
        signed = {x.role for x in full.signatures}
        if role in signed:
            raise DomainError(_("{role} har allerede signert denne revisjonen.", role=role.label))
        if role is Role.DIREKTOR and Role.LEDER not in signed:
            raise DomainError(_("Enhetslederen signerer først; direktøren kontrasignerer etterpå."))

    @staticmethod
    def _check_signer(
        full: FullAgreement, role: Role, cert: CertInfo, prior: VerificationReport | None
    ) -> tuple[str, str]:
        """The name and title to sign with; DomainError when this certificate may not sign for ``role``."""
        check_dates(cert.common_name, cert.not_before, cert.not_after, datetime.now(UTC))
        person = full.leader if role is Role.LEDER else full.director
        recorded = prior.parties.get(role, "") if prior is not None else ""
        name = recorded or (person.name if person is not None else "")
        if not name.strip():
            raise DomainError(
                _(
                    "Avtalen sier ikke hvem som er {role}. Registrer personen for enheten før avtalen signeres.",
                    role=role.label.lower(),
                )
            )
        if not same_name(cert.common_name, name):
            raise DomainError(
                _(
                    "Sertifikatet tilhører «{cert}», men avtalen sier at {role} er «{name}». Bruk ditt eget "
                    "sertifikat, eller rett opp navnet i avtalen før signering.",
                    cert=cert.common_name,
                    role=role.label.lower(),
                    name=name,
                )
            )
        if role is Role.DIREKTOR and prior is not None:
            leader = prior.signature(Role.LEDER)
            if leader is not None and (
                leader.public_key_sha256 == cert.public_key_sha256
                or normalise_name(leader.certificate_subject) == normalise_name(cert.subject)
            ):
                raise DomainError(
                    _("Direktøren kan ikke signere med enhetslederens sertifikat eller nøkkel: én person, én rolle.")
                )
        title = person.title if person is not None and person.title else role.label
        return name, title

    # --- personal certificates ---------------------------------------------------------------------------

    def create_personal_certificate(self, name: str, email: str | None, password: bytes) -> Path:
        """A self-made certificate for someone without one, kept (0600) in the user data folder."""
        if self.certificates_dir is None:
            raise ValidationError(_("Ingen mappe for sertifikater er satt opp."))
        return save_personal_certificate(self.certificates_dir, name, email, password)

    def personal_certificates(self) -> list[Path]:
        if self.certificates_dir is None or not self.certificates_dir.is_dir():
            return []
        return sorted(self.certificates_dir.glob("*.p12"))
