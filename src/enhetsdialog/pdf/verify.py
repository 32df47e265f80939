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
import logging
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _
from enhetsdialog.pdf import levels, policy, updates
from enhetsdialog.pdf.certificates import describe
from enhetsdialog.pdf.names import SIGNATURE_FIELDS, role_of_field
from enhetsdialog.pdf.verify_content import check_content, content_dict, parties
from enhetsdialog.pdf.verify_report import (
    UNKNOWN_ISSUER,
    SignatureReport,
    VerificationReport,
    check_identity,
    one_person_one_role,
    short_error,
    trust_warnings,
    whose_signature,
)

# the reports live in verify_report (no pyHanko); importable from here as before
__all__ = ["UNKNOWN_ISSUER", "SignatureReport", "VerificationReport", "load_trust", "verify_pdf"]


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
            False, [_("Filen kan ikke leses som PDF ({error}).", error=short_error(exc))], [], [], None, None
        )
    check = _Check(pdf, reader, embedded, roots, stamps, allow_fetching=allow_fetching)
    check.run()
    recorded, computed, content_sha = check_content(reader, check.reasons)
    return VerificationReport(
        ok=not check.reasons,
        reasons=check.reasons,
        warnings=check.warnings,
        signatures=check.signatures,
        embedded_fingerprint=recorded,
        computed_fingerprint=computed,
        content_sha256=content_sha,
        content=content_dict(reader),
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
        self.parties = parties(self.reader, first.signed_revision)
        self.later = updates.check(self.pdf, self.reader, self.embedded, self.stamps)
        self.doc = levels.read_document(self.reader, trust_roots=self.roots, allow_fetching=self.allow_fetching)
        for index, sig in enumerate(self.embedded):
            # version 0.1's counter-signature refreshed the metadata in its own revision: allowed after
            # the leader's signature of such a file, never after the last signature
            legacy_first = self.legacy and index == 0 and len(self.embedded) > 1
            diff_policy = policy.LEGACY_POLICY if legacy_first else policy.STRICT_POLICY
            report = self._signature(sig, index, diff_policy)
            self.signatures.append(report)
        if not policy.two_fields_when_leader_signed(self.reader, first):
            self.reasons.append(
                _("Dokumentet hadde ikke nøyaktig de to signaturfeltene (leder og direktør) da lederen signerte.")
            )
        self.reasons.extend(self.later.reasons)
        for field_name in self.doc.invalid_stamps:
            self.reasons.append(
                _("Dokumenttidsstempelet «{name}» er ikke gyldig (innholdet er endret, eller tidsstempelet er "
                  "ikke ekte).", name=field_name)  # fmt: skip
            )
        one_person_one_role(self.signatures)
        if policy.trailing_bytes(self.pdf):
            self.reasons.append(
                _("Filen har data etter slutten av dokumentet; den siste signaturen dekker ikke hele filen.")
            )
        for report in self.signatures:
            who = whose_signature(report)
            self.reasons.extend(f"{who}: {problem}" for problem in report.problems)
        if self.legacy and self.signatures:
            self.warnings.append(
                _(
                    "Dokumentet er signert med en eldre versjon av Enhetsdialog: lederens signatur er ikke en "
                    "sertifiseringssignatur. Endringer etter signaturene er likevel kontrollert."
                )
            )
        if not self.roots:
            self.warnings.extend(trust_warnings(self.signatures))

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
            problems.append(_("signaturen kan ikke kontrolleres ({error}).", error=short_error(exc)))
            return report
        report.intact = bool(status.intact)
        report.valid = bool(status.valid)
        report.trusted = bool(self.roots) and bool(status.trusted)
        if self.roots and not report.trusted and report.intact and report.valid and not status.revoked:
            report.trusted = self._chains_to_anchor(sig, ctx.moment)
        self._level(sig, status, report, ctx)
        if status.signer_reported_dt is not None:
            report.signing_time = status.signer_reported_dt
        report.coverage = policy.COVERAGE_NAMES.get(status.coverage, "unknown") if status.coverage is not None else "unknown"
        level = status.modification_level
        report.modification_level = policy.LEVEL_NAMES.get(level, "unknown") if level is not None else "unknown"
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
            report.certified = sig.docmdp_level is not None
            if not self.legacy:
                report.problems.extend(policy.certification_problems(sig))
        check_identity(report, self.parties, legacy=self.legacy)
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
            report.details.append(short_error(exc))
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
                what = policy.change_text(diff.modification_level)
        elif diff is not None:  # SuspiciousModification: a change the policy does not explain
            what = _("endringer i filen som ikke er tillatt etter en signatur")
            report.details.append(short_error(diff))  # type: ignore[arg-type]
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
