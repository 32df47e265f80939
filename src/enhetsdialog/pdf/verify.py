"""Checking a signed agreement PDF: signatures (pyHanko), what changed after them, embedded content.

``ok`` is True only when:

* the file has at least one signature, and every signature is intact (the signed bytes are
  unchanged) and cryptographically valid;
* the last signature covers the entire file (nothing at all was appended after it);
* every earlier signature is followed only by signature-related updates (pyHanko's difference
  analysis: modification level at most "form filling", which is what a counter-signature is);
* the fingerprint recorded in the document equals the fingerprint of the stored content (XMP, or
  ``avtale.json`` in a legacy PDF/A-3b record), recomputed with the domain's canonical form, and that
  content is the same in every signed revision.

A certificate that no trusted issuer vouches for (e.g. a self-signed personal certificate) is not a
failure: it is reported in ``warnings`` as "Utstederen er ikke en kjent sertifikatutsteder".
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
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.canonical import fingerprint, revision_from_canonical
from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import DomainError, ValidationError
from enhetsdialog.pdf.certificates import describe
from enhetsdialog.pdf.content import StoredContent, read_content
from enhetsdialog.pdf.names import role_of_field

UNKNOWN_ISSUER = "Utstederen er ikke en kjent sertifikatutsteder"


class _SelfSignedNoise(logging.Filter):
    """pyHanko logs a warning with a traceback for every self-signed signer certificate. That is the
    normal case for personal certificates, and the report says so in plain Norwegian; drop only
    those records (other trust problems are still logged)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "is self-signed" not in record.getMessage()


_pyhanko_cms_log = logging.getLogger("pyhanko.sign.validation.generic_cms")
if not any(isinstance(f, _SelfSignedNoise) for f in _pyhanko_cms_log.filters):
    _pyhanko_cms_log.addFilter(_SelfSignedNoise())

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
_LEVEL_TEXT = {
    "lta_updates": "arkiveringsdata",
    "form_filling": "utfylte skjemafelt",
    "annotations": "nye kommentarer eller merknader",
    "other": "endret innhold",
    "unknown": "endringer som ikke kunne analyseres",
}


@dataclass(slots=True)
class SignatureReport:
    field: str
    role: Role | None
    signer_name: str
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
    problems: list[str] = dc_field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["role"] = self.role.value if self.role else None
        d["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        return d


@dataclass(slots=True)
class VerificationReport:
    ok: bool
    reasons: list[str]  # why ok is False (Norwegian); empty when ok
    warnings: list[str]  # worth telling, not a failure (e.g. unknown issuer)
    signatures: list[SignatureReport]
    embedded_fingerprint: str | None  # recorded in the document (info dictionary)
    computed_fingerprint: str | None  # recomputed from avtale.json via the domain's canonical form
    content_sha256: str | None = None  # SHA-256 of the avtale.json bytes as stored

    @property
    def complete(self) -> bool:
        """Both parties have signed (and the report is ok)."""
        roles = {s.role for s in self.signatures}
        return self.ok and Role.LEDER in roles and Role.DIREKTOR in roles

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
        }


def _load_trust(trust: list[bytes]) -> list[asn1_x509.Certificate]:
    roots: list[asn1_x509.Certificate] = []
    for item in trust:
        try:
            roots.extend(load_certs_from_pemder_data(item))
        except Exception as exc:
            raise DomainError("Et av de betrodde sertifikatene kan ikke leses (PEM eller DER).") from exc
    return roots


def verify_pdf(pdf: bytes, *, trust: list[bytes] | None = None) -> VerificationReport:
    """Verify the signatures and the embedded content of an agreement PDF. Never raises for a bad PDF."""
    roots = _load_trust(trust or [])
    reasons: list[str] = []
    warnings: list[str] = []
    signatures: list[SignatureReport] = []
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:
        return VerificationReport(False, [f"Filen kan ikke leses som PDF ({exc})."], [], [], None, None)

    if not embedded:
        reasons.append("Dokumentet har ingen signaturer.")
    for index, sig in enumerate(embedded):
        last = index == len(embedded) - 1
        report = _check_signature(sig, roots, last=last)
        signatures.append(report)
        who = _who(report)
        for problem in report.problems:
            reasons.append(f"{who}: {problem}")
        if report.intact and report.valid and not report.trusted:
            warnings.append(_untrusted_note(report))

    recorded, computed, content_sha = _check_content(reader, reasons)
    return VerificationReport(
        ok=not reasons,
        reasons=reasons,
        warnings=warnings,
        signatures=signatures,
        embedded_fingerprint=recorded,
        computed_fingerprint=computed,
        content_sha256=content_sha,
    )


def _untrusted_note(report: SignatureReport) -> str:
    party = report.signer_name or report.field
    if report.role is not None:
        party += f" ({report.role.label.lower()})"
    if report.self_signed:
        return f"{UNKNOWN_ISSUER}: {party} har signert med et selvsignert sertifikat."
    return (
        f"{UNKNOWN_ISSUER}: sertifikatet til {party} er utstedt av {report.certificate_issuer}, "
        "som ikke er blant de betrodde utstederne."
    )


def _who(report: SignatureReport) -> str:
    role = f"{report.role.label.lower()} " if report.role else ""
    name = report.signer_name or report.field
    return f"Signaturen til {role}{name}".replace("  ", " ")


def _check_signature(
    sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], *, last: bool
) -> SignatureReport:
    field_name = str(sig.field_name or "")
    sig_obj = sig.sig_object
    name_entry = sig_obj.get("/Name")
    signer_name = str(name_entry) if isinstance(name_entry, generic.TextStringObject | str) else ""
    report = SignatureReport(
        field=field_name,
        role=role_of_field(field_name),
        signer_name=signer_name,
        signing_time=sig.self_reported_timestamp,
        certificate_subject="",
        certificate_issuer="",
        certificate_fingerprint="",
        trusted=False,
        self_signed=False,
        intact=False,
        valid=False,
        coverage="unknown",
        modification_level="unknown",
    )
    try:
        cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
        info = describe(cert)
        report.certificate_subject = info.subject
        report.certificate_issuer = info.issuer
        report.certificate_fingerprint = info.sha256
        report.self_signed = info.self_signed
        if not report.signer_name:
            report.signer_name = info.common_name
    except Exception:
        report.problems.append("sertifikatet i signaturen kan ikke leses.")

    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(
            sig,
            signer_validation_context=context,
            key_usage_settings=KeyUsageConstraints(
                key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
            ),
        )
    except Exception as exc:  # a mangled file makes pyHanko raise instead of returning a status
        report.problems.append(f"signaturen kan ikke kontrolleres ({_short_error(exc)}).")
        return report

    report.intact = bool(status.intact)
    report.valid = bool(status.valid)
    report.trusted = bool(status.trusted)
    if status.signer_reported_dt is not None:
        report.signing_time = status.signer_reported_dt
    report.coverage = _COVERAGE.get(status.coverage, "unknown") if status.coverage is not None else "unknown"
    level = status.modification_level
    report.modification_level = _LEVEL.get(level, "unknown") if level is not None else "unknown"

    if not report.intact:
        report.problems.append("det signerte innholdet er endret etter signering.")
    elif not report.valid:
        report.problems.append("signaturen er ikke kryptografisk gyldig.")
    if status.revoked:
        report.problems.append("sertifikatet er trukket tilbake.")
    if last:
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            report.problems.append(
                "filen er endret eller utvidet etter denne signaturen (signaturen dekker ikke hele filen)."
            )
    elif level is None or level > ModificationLevel.FORM_FILLING:
        what = _LEVEL_TEXT.get(report.modification_level, "endringer")
        report.problems.append(
            f"dokumentet er endret etter denne signaturen ({what}); etter en signatur er bare nye signaturer tillatt."
        )
    if status.docmdp_ok is False and not report.problems:
        report.problems.append("endringene etter signaturen bryter med dokumentets tillatelser.")
    return report


def _short_error(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


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
        reasons.append("PDF-en inneholder ikke avtaleinnholdet.")
        return None, None, None
    data = found.data
    recorded: str | None = found.fingerprint or None
    content_sha = hashlib.sha256(data).hexdigest()
    computed: str | None = None
    try:
        parsed = json.loads(data.decode("utf-8"))
        if not isinstance(parsed, dict):
            raise ValidationError("Avtaleinnholdet har feil form.")
        computed = fingerprint(revision_from_canonical(parsed))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        reasons.append(f"Avtaleinnholdet kan ikke leses: {exc}")
    if recorded is None:
        reasons.append("Dokumentet mangler fingeravtrykket for avtaleinnholdet.")
    elif computed is not None and (
        computed != recorded or content_sha != recorded or found.info_fingerprint not in ("", recorded)
    ):
        reasons.append("Fingeravtrykket i dokumentet stemmer ikke med avtaleinnholdet: innholdet er endret.")
    whole = _whole_file(reader)
    for sig in reader.embedded_regular_signatures:
        try:
            end = int(sig.byte_range[2]) + int(sig.byte_range[3])
            signed = read_content(whole[:end])
        except Exception:  # a mangled signature is reported by the signature checks
            continue
        if signed is None or signed.data != data or signed.fingerprint != found.fingerprint:
            reasons.append(
                "Avtaleinnholdet i filen er ikke det samme som det som ble signert "
                f"({sig.field_name or 'en signatur'}): det er endret etter signeringen."
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
