"""The checks each signed PDF passes before it is archived; run in worker processes (CPU-heavy).

:func:`check` verifies the PDF as ``SigningService.verify`` does (``verify_pdf`` with the database's
trust anchors plus the run's; the parent passes them in): both signatures intact and valid, the
leader's certifying, nothing changed after them, the content's fingerprint that of the stored
revision. Then the PDF/A-2 checks of :func:`enhetsdialog.pdf.archive_checks.inspect`. It returns
what the arkivmelding records about the signatures and the file, or the reasons it may not be
archived. Messages are in the language the parent asked for.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from enhetsdialog.domain.enums import Role
from enhetsdialog.exchange import noark_codes as codes
from enhetsdialog.exchange.arkivmelding import SignatureRecord
from enhetsdialog.i18n import _, using
from enhetsdialog.pdf.archive_checks import inspect
from enhetsdialog.pdf.pdfa import embedded_bytes
from enhetsdialog.pdf.verify import verify_pdf


@dataclass(frozen=True, slots=True)
class Job:
    revision_id: str
    pdf: bytes
    fingerprint: str  # of the stored revision: the PDF must hold exactly this content
    trust: tuple[bytes, ...] = ()
    language: str = "nb"


@dataclass(frozen=True, slots=True)
class Checked:
    revision_id: str
    problems: tuple[str, ...]  # empty: may be archived
    warnings: tuple[str, ...]
    signatures: tuple[SignatureRecord, ...] = ()
    pdfa: str = ""  # the file's claim in words («PDF/A-2a, PDF/UA-1»)
    format: codes.Code | None = None
    data: bytes = b""  # the canonical content the PDF holds (avtale.json)
    pdf_sha256: str = ""


def check(job: Job) -> Checked:
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with using(job.language):
        return _check(job)


def _check(job: Job) -> Checked:
    problems: list[str] = []
    report = verify_pdf(job.pdf, trust=list(job.trust))
    problems += report.reasons
    if report.ok and not report.complete:
        problems.append(_("Avtalen er ikke signert av både enhetslederen og direktøren."))
    if report.ok and (report.embedded_fingerprint != job.fingerprint or report.revision_id != job.revision_id):
        problems.append(_("PDF-en hører ikke til den lagrede revisjonen (fingeravtrykket er et annet)."))
    facts = inspect(job.pdf)
    problems += [_("PDF/A-kontrollen: {finding}", finding=f) for f in facts.findings]
    fmt = codes.pdfa_format(facts.part, facts.conformance)
    warnings = list(report.warnings)
    if fmt is None and not facts.findings:
        problems.append(_("PDF-en er {claim}, som arkivet ikke tar imot.", claim=facts.claim))
    elif fmt is codes.PDF_A_3B:
        warnings.append(
            _("PDF-en er PDF/A-3b (signert med en eldre versjon); Arkivverket tar imot PDF/A-3 bare etter søknad.")
        )
    data = b""
    try:
        data = embedded_bytes(job.pdf) or b""
    except Exception:  # unreadable content is reported by the verification already
        data = b""
    if report.ok and hashlib.sha256(data).hexdigest() != job.fingerprint:
        problems.append(_("Avtaleinnholdet i PDF-en (avtale.json) stemmer ikke med fingeravtrykket."))
    signatures = tuple(
        SignatureRecord(
            role=s.role,
            name=s.name_in_agreement or s.certificate_name or s.signer_name,
            signed_at=s.signing_time,
            certificate_subject=s.certificate_subject,
            certificate_issuer=s.certificate_issuer,
            certificate_sha256=s.certificate_fingerprint,
            trusted=s.trusted,
            self_signed=s.self_signed,
            qualified=facts.qualified.get(s.certificate_fingerprint, False),
            level=s.level,
        )
        for s in report.signatures
        if s.role in (Role.LEDER, Role.DIREKTOR)
    )
    return Checked(
        job.revision_id,
        tuple(dict.fromkeys(problems)),
        tuple(dict.fromkeys(warnings)),
        signatures,
        facts.claim,
        fmt,
        data,
        hashlib.sha256(job.pdf).hexdigest(),
    )
