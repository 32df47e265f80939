"""Checking a signed agreement PDF: signatures (pyHanko), what changed after them, who signed, and
the embedded content.

``ok`` is True only when all of these hold:

* the file has one or two signatures: the leader's in the leader's field first, the director's in
  the director's pre-declared field second; no other field is signed or added;
* every signature is intact (the signed bytes are unchanged) and cryptographically valid, and its
  ``/Contents`` holds nothing but the CMS structure and zero padding;
* the leader's is a certification signature (changes permitted: form filling and signing) whose
  field lock leaves only the director's field open — files from Enhetsdialog 0.1 (approval
  signatures) are accepted under the legacy rules of :mod:`pdf.policy` and said to be such;
* after the leader's signature there is exactly one update, the director's signature in its field;
  after the last signature only long-term validation data and document timestamps, and no bytes
  after the file's last ``%%EOF`` (difference analysis: :mod:`enhetsdialog.pdf.policy`);
* each certificate names the person the agreement records for that role (compared normalised), and
  the two signatures come from different people (different keys and different subjects);
* when trust anchors are given, every signer's certificate chains to one of them;
* the fingerprint recorded in the document equals the fingerprint of the stored content (XMP, or
  ``avtale.json`` in a legacy PDF/A-3b record), recomputed with the domain's canonical form, and that
  content is the same in every signed revision.

With no trust anchors, a certificate no known issuer vouches for (such as a self-made personal
certificate) is not a failure: it is reported in ``warnings``, and the report says plainly that the
signers' identity is then unconfirmed.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.fields import FieldMDPAction, MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.canonical import fingerprint, revision_from_canonical
from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import DomainError, ValidationError
from enhetsdialog.domain.identity import normalise_name, same_name
from enhetsdialog.i18n import N_, _
from enhetsdialog.pdf import levels, policy, updates
from enhetsdialog.pdf.certificates import describe
from enhetsdialog.pdf.content import StoredContent, read_content
from enhetsdialog.pdf.names import INFO_PARTY_KEYS, SIGNATURE_FIELDS, role_of_field

UNKNOWN_ISSUER = N_("Utstederen er ikke en kjent sertifikatutsteder")


class _SelfSignedNoise(logging.Filter):
    """pyHanko logs a warning with a traceback for every self-signed signer certificate, and one for
    every refused difference analysis. The report says so in plain Norwegian; drop those records."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(noise in message for noise in _NOISE)


_NOISE = ("is self-signed", "Error in diff operation", "Failed to build path")


for _name in ("pyhanko.sign.validation.generic_cms", "pyhanko.sign.diff_analysis.policies"):
    _log = logging.getLogger(_name)
    if not any(isinstance(f, _SelfSignedNoise) for f in _log.filters):
        _log.addFilter(_SelfSignedNoise())

_COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: "entire_file",
    SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "contiguous_block_from_start",
    SignatureCoverageLevel.UNCLEAR: "unclear",
}
_LEVEL = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "lta_updates",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}


@dataclass(slots=True)
class SignatureReport:
    field: str
    role: Role | None
    signer_name: str  # the name the signature dictionary gives (/Name), else the certificate's CN
    signing_time: datetime | None
    certificate_subject: str
    certificate_issuer: str
    certificate_fingerprint: str  # SHA-256 of the DER certificate, hex
    trusted: bool
    self_signed: bool
    intact: bool
    valid: bool
    coverage: str  # entire_file | entire_revision | contiguous_block_from_start | unclear | unknown
    modification_level: str  # none | lta_updates | form_filling | annotations | other | unknown
    certificate_name: str = ""  # the certificate subject's common name
    name_in_agreement: str = ""  # the person the document records for this role ("" when unknown)
    identity_matches: bool | None = None  # certificate name == name in agreement; None: unknown
    certified: bool = False  # a certification signature (DocMDP)
    public_key_sha256: str = ""  # SHA-256 of the certificate's public key (one person, one role)
    revision: int = -1  # the revision of the file this signature signs
    signature_sha256: str = ""  # of the CMS signature itself: the same signature gives the same value
    level: str = ""  # PAdES level reached: B-B | B-T | B-LT | B-LTA ("" when not valid at all)
    timestamp_time: datetime | None = None  # the signature timestamp's time (trusted time), if any
    document_timestamp_time: datetime | None = None  # the first document timestamp after it, if any
    revocation: str = ""  # how revocation was checked: see pdf/levels.py
    revocation_text: str = ""  # the same in words
    problems: list[str] = dc_field(default_factory=list)
    details: list[str] = dc_field(default_factory=list)  # technical detail (pyHanko's words), for --json

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["role"] = self.role.value if self.role else None
        for key in ("signing_time", "timestamp_time", "document_timestamp_time"):
            value = getattr(self, key)
            d[key] = value.isoformat() if value else None
        return d


@dataclass(slots=True)
class VerificationReport:
    ok: bool
    reasons: list[str]  # why ok is False (in the current language); empty when ok
    warnings: list[str]  # worth telling, not a failure (e.g. unknown issuer)
    signatures: list[SignatureReport]
    embedded_fingerprint: str | None  # recorded in the document (info dictionary)
    computed_fingerprint: str | None  # recomputed from the embedded content via the canonical form
    content_sha256: str | None = None  # SHA-256 of the embedded content bytes as stored
    content: dict[str, Any] | None = None  # the embedded canonical content, parsed
    parties: dict[Role, str] = dc_field(default_factory=dict)  # names the document records per role
    trust_required: bool = False  # trust anchors were given: every signer had to chain to one
    legacy: bool = False  # signed by Enhetsdialog 0.1 (approval signatures, refreshed metadata)

    @property
    def complete(self) -> bool:
        """Both parties have signed (and the report is ok)."""
        roles = {s.role for s in self.signatures}
        return self.ok and Role.LEDER in roles and Role.DIREKTOR in roles

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(s.role for s in self.signatures if s.role is not None)

    @property
    def revision_id(self) -> str | None:
        """The revision the embedded content belongs to."""
        value = (self.content or {}).get("revision_id")
        return value if isinstance(value, str) else None

    @property
    def identity_confirmed(self) -> bool:
        """Every signer's certificate chains to a trust anchor."""
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    def signature(self, role: Role) -> SignatureReport | None:
        return next((s for s in self.signatures if s.role is role), None)

    @property
    def messages(self) -> list[str]:
        """Everything a user should read: failures first, then warnings."""
        return [*self.reasons, *self.warnings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "complete": self.complete,
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "signatures": [s.to_dict() for s in self.signatures],
            "embedded_fingerprint": self.embedded_fingerprint,
            "computed_fingerprint": self.computed_fingerprint,
            "content_sha256": self.content_sha256,
            "revision_id": self.revision_id,
            "parties": {role.value: name for role, name in self.parties.items()},
            "trust_required": self.trust_required,
            "identity_confirmed": self.identity_confirmed,
            "legacy": self.legacy,
        }


def load_trust(trust: list[bytes]) -> list[asn1_x509.Certificate]:
    roots: list[asn1_x509.Certificate] = []
    for item in trust:
        try:
            roots.extend(load_certs_from_pemder_data(item))
        except Exception as exc:
            raise DomainError(_("Et av de betrodde sertifikatene kan ikke leses (PEM eller DER).")) from exc
    return roots


def verify_pdf(pdf: bytes, *, trust: list[bytes] | None = None, allow_fetching: bool = False) -> VerificationReport:
    """Verify the signatures and the embedded content of an agreement PDF. Never raises for a bad PDF.

    ``trust``: trust anchors (PEM or DER certificates of issuing CAs); when any are given, a
    signature whose certificate does not chain to one of them fails. ``allow_fetching``: when the
    file lacks revocation data, ask the issuer's CRL/OCSP service (for the level report only).
    """
    roots = load_trust(trust or [])
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        everything = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
        embedded = [s for s in everything if s.sig_object_type != "/DocTimeStamp"]
        stamps = [s for s in everything if s.sig_object_type == "/DocTimeStamp"]
    except Exception as exc:
        return VerificationReport(
            False, [_("Filen kan ikke leses som PDF ({error}).", error=_short_error(exc))], [], [], None, None
        )
    check = _Check(pdf, reader, embedded, roots, stamps, allow_fetching=allow_fetching)
    check.run()
    recorded, computed, content_sha = _check_content(reader, check.reasons)
    return VerificationReport(
        ok=not check.reasons,
        reasons=check.reasons,
        warnings=check.warnings,
        signatures=check.signatures,
        embedded_fingerprint=recorded,
        computed_fingerprint=computed,
        content_sha256=content_sha,
        content=_content_dict(reader),
        parties=check.parties,
        trust_required=bool(roots),
        legacy=check.legacy,
    )


_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
_LEADER_FIELD = SIGNATURE_FIELDS[Role.LEDER]
_DIRECTOR_FIELD = SIGNATURE_FIELDS[Role.DIREKTOR]
_SIGNING_ORDER = (Role.LEDER, Role.DIREKTOR)


class _Check:
    """One verification: fills ``reasons``, ``warnings``, ``signatures`` and ``parties``."""

    def __init__(
        self,
        pdf: bytes,
        reader: PdfFileReader,
        embedded: list[EmbeddedPdfSignature],
        roots: list[asn1_x509.Certificate],
        stamps: list[EmbeddedPdfSignature],
        *,
        allow_fetching: bool = False,
    ) -> None:
        self.pdf = pdf
        self.allow_fetching = allow_fetching
        self.reader = reader
        self.embedded = embedded
        self.stamps = stamps
        self.later = updates.LaterUpdates()
        self.roots = roots
        self.reasons: list[str] = []
        self.warnings: list[str] = []
        self.signatures: list[SignatureReport] = []
        self.parties: dict[Role, str] = {}
        self.legacy = False

    def run(self) -> None:
        if not self.embedded:
            self.reasons.append(_("Dokumentet har ingen signaturer."))
            return
        first = self.embedded[0]
        self.legacy = first.docmdp_level is None
        self.parties = _parties(self.reader, first.signed_revision)
        self.later = updates.check(self.pdf, self.reader, self.embedded, self.stamps)
        self.doc = levels.read_document(self.reader, trust_roots=self.roots, allow_fetching=self.allow_fetching)
        for index, sig in enumerate(self.embedded):
            # version 0.1's counter-signature refreshed the metadata in its own revision: allowed after
            # the leader's signature of such a file, never after the last signature
            legacy_first = self.legacy and index == 0 and len(self.embedded) > 1
            diff_policy = policy.LEGACY_POLICY if legacy_first else policy.STRICT_POLICY
            report = self._signature(sig, index, diff_policy)
            self.signatures.append(report)
        self._fields_before_first(first)
        self.reasons.extend(self.later.reasons)
        for field_name in self.doc.invalid_stamps:
            self.reasons.append(
                _("Dokumenttidsstempelet «{name}» er ikke gyldig (innholdet er endret, eller tidsstempelet er "
                  "ikke ekte).", name=field_name)  # fmt: skip
            )
        self._one_person_one_role()
        if policy.trailing_bytes(self.pdf):
            self.reasons.append(
                _("Filen har data etter slutten av dokumentet; den siste signaturen dekker ikke hele filen.")
            )
        for report in self.signatures:
            who = _who(report)
            self.reasons.extend(f"{who}: {problem}" for problem in report.problems)
        if self.legacy and self.signatures:
            self.warnings.append(
                _(
                    "Dokumentet er signert med en eldre versjon av Enhetsdialog: lederens signatur er ikke en "
                    "sertifiseringssignatur. Endringer etter signaturene er likevel kontrollert."
                )
            )
        self._trust_notes()

    # --- one signature

    def _signature(self, sig: EmbeddedPdfSignature, index: int, diff_policy: Any) -> SignatureReport:
        field_name = str(sig.field_name or "")
        expected = _SIGNING_ORDER[index] if index < len(_SIGNING_ORDER) else None
        name_entry = sig.sig_object.get("/Name")
        report = SignatureReport(
            field=field_name,
            role=role_of_field(field_name),
            signer_name=str(name_entry) if isinstance(name_entry, generic.TextStringObject | str) else "",
            signing_time=None,
            certificate_subject="",
            certificate_issuer="",
            certificate_fingerprint="",
            trusted=False,
            self_signed=False,
            intact=False,
            valid=False,
            coverage="unknown",
            modification_level="unknown",
            revision=int(sig.signed_revision),
            signature_sha256=hashlib.sha256(sig.pkcs7_content).hexdigest(),
        )
        problems = report.problems
        if expected is None:
            problems.append(_("avtalen har bare plass til to signaturer (enhetsleder og direktør)."))
        elif report.role is not expected:
            problems.append(
                _(
                    "signatur nummer {n} skal være {role}s, i feltet «{field}»; den står i feltet «{actual}».",
                    n=index + 1,
                    role=expected.label.lower(),
                    field=SIGNATURE_FIELDS[expected],
                    actual=field_name,
                )
            )
        self._certificate(sig, report)
        try:
            report.signing_time = sig.self_reported_timestamp
        except Exception:
            report.signing_time = None
        gap = policy.contents_problem(self.pdf, sig.byte_range)
        if gap is not None:
            problems.append(
                _("signaturfeltet (/Contents) inneholder mer enn selve signaturen; filen kan være manipulert.")
            )
        # One validation gives everything: integrity, the difference analysis, and the chain at the
        # signature's trusted time with the file's own validation data (for the level); trust in the
        # sense of "chains to an anchor" is checked again without revocation data only when that fails.
        ctx = self.doc.signer_context(sig)
        try:
            with levels.quiet():
                status = validate_pdf_signature(
                    sig,
                    signer_validation_context=ctx.signer,
                    ts_validation_context=ctx.timestamp,
                    diff_policy=diff_policy,
                    key_usage_settings=_KEY_USAGE,
                )
        except Exception as exc:  # a mangled file makes pyHanko raise instead of returning a status
            problems.append(_("signaturen kan ikke kontrolleres ({error}).", error=_short_error(exc)))
            return report
        report.intact = bool(status.intact)
        report.valid = bool(status.valid)
        report.trusted = bool(self.roots) and bool(status.trusted)
        if self.roots and not report.trusted and report.intact and report.valid and not status.revoked:
            report.trusted = self._chains_to_anchor(sig, ctx.moment)
        self._level(sig, status, report, ctx)
        if status.signer_reported_dt is not None:
            report.signing_time = status.signer_reported_dt
        report.coverage = _COVERAGE.get(status.coverage, "unknown") if status.coverage is not None else "unknown"
        level = status.modification_level
        report.modification_level = _LEVEL.get(level, "unknown") if level is not None else "unknown"
        if not report.intact:
            problems.append(_("det signerte innholdet er endret etter signering."))
        elif not report.valid:
            problems.append(_("signaturen er ikke kryptografisk gyldig."))
        if status.revoked:
            problems.append(_("sertifikatet er trukket tilbake."))
        if self.roots and not report.trusted and report.intact and report.valid:
            problems.append(
                _(
                    "sertifikatet er ikke utstedt av en betrodd utsteder (utstedt av {issuer}).",
                    issuer=report.certificate_issuer or "?",
                )
            )
        self._changes_after(sig, index, report, status.diff_result)
        if expected is Role.LEDER:
            self._certification(sig, report)
        self._identity(report)
        return report

    def _chains_to_anchor(self, sig: EmbeddedPdfSignature, moment: datetime) -> bool:
        """Whether the signer's certificate chains to a trust anchor (revocation data not required)."""
        context = ValidationContext(
            trust_roots=self.roots, allow_fetching=False, revocation_mode="soft-fail", moment=moment
        )
        try:
            with levels.quiet():
                status = validate_pdf_signature(
                    sig, signer_validation_context=context, skip_diff=True, key_usage_settings=_KEY_USAGE
                )
        except Exception:
            return False
        return bool(status.trusted)

    def _level(
        self,
        sig: EmbeddedPdfSignature,
        status: Any,
        report: SignatureReport,
        ctx: levels.Contexts,
    ) -> None:
        try:
            lv = levels.level_of(sig, status, self.doc, ctx)
        except Exception as exc:  # the level report must never break verification
            report.details.append(_short_error(exc))
            return
        report.level = lv.level
        report.timestamp_time = lv.timestamp_time
        report.document_timestamp_time = lv.document_timestamp_time
        report.revocation = lv.revocation
        report.revocation_text = lv.revocation_text
        # an invalid signature timestamp is a failure: it sits in the unsigned part of /Contents
        report.problems.extend(p for p in lv.problems if p not in report.problems)

    def _certificate(self, sig: EmbeddedPdfSignature, report: SignatureReport) -> None:
        try:
            cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
        except Exception:
            report.problems.append(_("sertifikatet i signaturen kan ikke leses."))
            return
        info = describe(cert)
        report.certificate_subject = info.subject
        report.certificate_issuer = info.issuer
        report.certificate_fingerprint = info.sha256
        report.certificate_name = info.common_name
        report.self_signed = info.self_signed
        report.public_key_sha256 = hashlib.sha256(
            cert.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        ).hexdigest()
        if not report.signer_name:
            report.signer_name = info.common_name

    def _changes_after(
        self, sig: EmbeddedPdfSignature, index: int, report: SignatureReport, diff: object
    ) -> None:
        """What the file's later revisions changed after this signature (see pdf/policy.py)."""
        last = index == len(self.embedded) - 1
        allowed_fields = self.later.timestamp_fields | (set() if last else {_DIRECTOR_FIELD})
        allowed_level = ModificationLevel.LTA_UPDATES if last else ModificationLevel.FORM_FILLING
        what: str | None = None
        if isinstance(diff, DiffResult):
            changed = set(diff.changed_form_fields) - allowed_fields
            if changed:
                what = _("signaturfelt som er lagt til eller endret: {fields}", fields=", ".join(sorted(changed)))
            elif diff.modification_level > allowed_level:
                what = _level_text(diff.modification_level)
        elif diff is not None:  # SuspiciousModification: a change the policy does not explain
            what = _("endringer i filen som ikke er tillatt etter en signatur")
            report.details.append(_short_error(diff))  # type: ignore[arg-type]
        elif report.coverage != "entire_file":
            what = _("endringer som ikke kunne analyseres")
        if what is not None:
            if last:
                report.problems.append(
                    _("filen er endret eller utvidet etter denne signaturen (signaturen dekker ikke hele filen): {what}.",
                      what=what)
                )
            else:
                report.problems.append(
                    _("dokumentet er endret etter denne signaturen ({what}); etter lederens signatur er bare "
                      "direktørens signatur i sitt felt tillatt.", what=what)
                )

    def _certification(self, sig: EmbeddedPdfSignature, report: SignatureReport) -> None:
        """The leader's signature certifies the document and leaves only the director's field open."""
        docmdp = sig.docmdp_level
        report.certified = docmdp is not None
        if self.legacy:
            return
        if docmdp is not MDPPerm.FILL_FORMS:
            report.problems.append(
                _("lederens signatur skal tillate bare utfylling og signering etterpå (DocMDP 2), ikke {level}.",
                  level=getattr(docmdp, "value", docmdp))
            )
        lock = sig.fieldmdp
        if (
            lock is None
            or lock.action is not FieldMDPAction.EXCLUDE
            or set(lock.fields or ()) != {_DIRECTOR_FIELD}
        ):
            report.problems.append(_("lederens signatur låser ikke alle felt unntatt direktørens."))

    def _fields_before_first(self, first: EmbeddedPdfSignature) -> None:
        """When the leader signed, the document had exactly the two signature fields, the director's empty."""
        try:
            before = policy.signature_fields(self.reader.get_historical_resolver(first.signed_revision))
        except Exception:
            before = {}
        if set(before) != {_LEADER_FIELD, _DIRECTOR_FIELD} or before[_DIRECTOR_FIELD].filled:
            self.reasons.append(
                _("Dokumentet hadde ikke nøyaktig de to signaturfeltene (leder og direktør) da lederen signerte.")
            )

    def _identity(self, report: SignatureReport) -> None:
        if report.role is None:
            return
        recorded = self.parties.get(report.role, "")
        report.name_in_agreement = recorded
        if not recorded:
            report.identity_matches = None
            if not self.legacy:
                report.problems.append(_("dokumentet sier ikke hvem som skal signere som {role}.", role=report.role.label.lower()))
            return
        report.identity_matches = same_name(report.certificate_name, recorded)
        if not report.identity_matches:
            report.problems.append(
                _(
                    "sertifikatet tilhører «{cert}», men avtalen sier at {role} er «{name}».",
                    cert=report.certificate_name or report.certificate_subject,
                    role=report.role.label.lower(),
                    name=recorded,
                )
            )

    def _one_person_one_role(self) -> None:
        leader = next((s for s in self.signatures if s.role is Role.LEDER), None)
        director = next((s for s in self.signatures if s.role is Role.DIREKTOR), None)
        if leader is None or director is None:
            return
        same_key = bool(leader.public_key_sha256) and leader.public_key_sha256 == director.public_key_sha256
        same_subject = bool(leader.certificate_subject) and normalise_name(leader.certificate_subject) == normalise_name(
            director.certificate_subject
        )
        if same_key or same_subject:
            director.problems.append(
                _("samme person (samme sertifikat eller nøkkel) har signert både som enhetsleder og som direktør.")
            )

    def _trust_notes(self) -> None:
        if self.roots:
            return
        for report in self.signatures:
            if report.intact and report.valid and not report.trusted:
                self.warnings.append(_untrusted_note(report))
        if self.signatures and not all(s.trusted for s in self.signatures):
            self.warnings.append(
                _(
                    "Ingen betrodd utsteder er satt opp: signaturene er ekte og dokumentet uendret, men at "
                    "sertifikatene tilhører personene de navngir, er ikke bekreftet."
                )
            )


def _level_text(level: ModificationLevel) -> str:
    if level is ModificationLevel.ANNOTATIONS:
        return _("nye kommentarer, merknader eller andre annoteringer")
    if level is ModificationLevel.FORM_FILLING:
        return _("utfylte skjemafelt")
    return _("endret innhold")


def _parties(reader: PdfFileReader, revision: int) -> dict[Role, str]:
    """The names the document recorded per role, as of the revision the first signature signs."""
    try:
        historical = reader.get_historical_resolver(revision)
        ref = historical.trailer_view.raw_get("/Info")
        # resolved as of that revision: a later update cannot change the names the leader signed
        info = historical(ref.reference) if isinstance(ref, generic.IndirectObject) else ref
    except Exception:
        return {}
    if not isinstance(info, generic.DictionaryObject):
        return {}
    out: dict[Role, str] = {}
    for role, key in INFO_PARTY_KEYS.items():
        value = info.get(key)
        if isinstance(value, generic.TextStringObject | generic.ByteStringObject | str) and str(value).strip():
            out[role] = str(value)
    return out


def _untrusted_note(report: SignatureReport) -> str:
    party = report.signer_name or report.field
    if report.role is not None:
        party += f" ({report.role.label.lower()})"
    if report.self_signed:
        return _(
            "Utstederen er ikke en kjent sertifikatutsteder: {party} har signert med et selvlaget sertifikat "
            "(svakere identitetsbevis).",
            party=party,
        )
    return _(
        "Utstederen er ikke en kjent sertifikatutsteder: sertifikatet til {party} er utstedt av {issuer}, "
        "som ikke er blant de betrodde utstederne.",
        party=party,
        issuer=report.certificate_issuer,
    )


def _who(report: SignatureReport) -> str:
    name = report.signer_name or report.field
    if report.role is None:
        return _("Signaturen til {name}", name=name)
    return _("Signaturen til {role} {name}", role=report.role.label.lower(), name=name)


def _short_error(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _content_dict(reader: PdfFileReader) -> dict[str, Any] | None:
    found = _embedded_file(reader)
    if found is None:
        return None
    try:
        parsed = json.loads(found.data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _check_content(reader: PdfFileReader, reasons: list[str]) -> tuple[str | None, str | None, str | None]:
    """Recorded fingerprint, recomputed fingerprint and SHA-256 of the stored canonical content;
    appends failures to reasons.

    The content is read by ``content.read_content``: from the XMP metadata (PDF/A-2), or from the
    ``avtale.json`` attachment of a legacy PDF/A-3b record. It must also be the same, byte for
    byte, in the revision each signature covers: the XMP metadata may be rewritten by a later
    update, so what a signatory signed is compared with what the file says now.
    """
    found = _embedded_file(reader)
    if found is None:
        reasons.append(_("PDF-en inneholder ikke avtaleinnholdet."))
        return None, None, None
    data = found.data
    recorded: str | None = found.fingerprint or None
    content_sha = hashlib.sha256(data).hexdigest()
    computed: str | None = None
    try:
        parsed = json.loads(data.decode("utf-8"))
        if not isinstance(parsed, dict):
            raise ValidationError(N_("Avtaleinnholdet har feil form."))
        computed = fingerprint(revision_from_canonical(parsed))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        reasons.append(_("Avtaleinnholdet kan ikke leses: {exc}", exc=exc))
    if recorded is None:
        reasons.append(_("Dokumentet mangler fingeravtrykket for avtaleinnholdet."))
    elif computed is not None and (
        computed != recorded or content_sha != recorded or found.info_fingerprint not in ("", recorded)
    ):
        reasons.append(_("Fingeravtrykket i dokumentet stemmer ikke med avtaleinnholdet: innholdet er endret."))
    whole = _whole_file(reader)
    for sig in reader.embedded_regular_signatures:
        try:
            end = int(sig.byte_range[2]) + int(sig.byte_range[3])
            signed = read_content(whole[:end])
        except Exception:  # a mangled signature is reported by the signature checks
            continue
        if signed is None or signed.data != data or signed.fingerprint != found.fingerprint:
            reasons.append(
                _("Avtaleinnholdet i filen er ikke det samme som det som ble signert ({value}): det er endret etter signeringen.", value=sig.field_name or _("en signatur"))
            )
            break
    return recorded, computed, content_sha


def _whole_file(reader: PdfFileReader) -> bytes:
    stream = reader.stream
    position = stream.tell()
    stream.seek(0)
    try:
        return bytes(stream.read())
    finally:
        stream.seek(position)


def _embedded_file(reader: PdfFileReader) -> StoredContent | None:
    """The agreement's canonical bytes and recorded fingerprint in the file the reader reads
    (``content.read_content``: XMP, or the legacy ``avtale.json`` attachment), or None."""
    try:
        return read_content(_whole_file(reader))
    except Exception:  # not readable by pikepdf: reported as missing content
        return None
