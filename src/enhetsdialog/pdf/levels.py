"""Which PAdES level each signature of a PDF has reached, its times, and how revocation was checked.

See :mod:`enhetsdialog.pdf.ltv` for what the levels mean. Everything is read with pyHanko: the
signatures and document timestamps (``embedded_signatures``), the DSS (``DocumentSecurityStore``), and
the cryptographic checks (``validate_pdf_signature``/``validate_pdf_timestamp`` with a validation
context built from the DSS, fetching off). Only when ``allow_fetching`` is set and the file lacks the
data is the CA asked (revocation "fetched").

The signer's certificate is validated at the time of the signature's trusted time (the signature
timestamp, else the first document timestamp after it), with revocation data allowed to be younger
than that moment — which is how validation data gathered at signing is meant to be used years later.
"""

from __future__ import annotations

import io
import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from datetime import UTC, datetime
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureStatus
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.i18n import N_, LazyText, _

EMBEDDED = "embedded"
FETCHED = "fetched"
OFFLINE = "offline"
NOT_NEEDED = "not_needed"
REVOKED = "revoked"
UNKNOWN_ISSUER = "unknown_issuer"
NOT_CHECKED = "not_checked"

_REVOCATION_TEXT: dict[str, LazyText] = {
    EMBEDDED: N_("kontrollert med valideringsdata i dokumentet"),
    FETCHED: N_("kontrollert nå mot utstederens sperretjeneste"),
    OFFLINE: N_("kunne ikke kontrolleres uten nett (dokumentet har ikke valideringsdataene)"),
    NOT_NEEDED: N_("ikke aktuelt (sertifikatet er selv rotsertifikatet)"),
    REVOKED: N_("sertifikatet er trukket tilbake"),
    UNKNOWN_ISSUER: N_("ikke kontrollert: ingen kjede til en kjent utsteder"),
    NOT_CHECKED: N_("ikke kontrollert (signaturen er ugyldig)"),
}


@dataclass(slots=True)
class SignatureLevel:
    field: str
    level: str  # "B-B" | "B-T" | "B-LT" | "B-LTA", or "" when the signature is not valid at all
    claimed_time: datetime | None  # the signer's own claim (signingTime)
    timestamp_time: datetime | None  # the signature timestamp token's genTime, when it validates
    document_timestamp_time: datetime | None  # the first valid document timestamp after the signature
    revocation: str  # embedded | fetched | offline | not_needed | revoked | unknown_issuer | not_checked
    has_dss: bool
    problems: list[str] = dc_field(default_factory=list)

    @property
    def revocation_text(self) -> str:
        return str(_REVOCATION_TEXT.get(self.revocation, self.revocation))

    @property
    def trusted_time(self) -> datetime | None:
        return self.timestamp_time or self.document_timestamp_time

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("claimed_time", "timestamp_time", "document_timestamp_time"):
            value = getattr(self, key)
            d[key] = value.isoformat() if value else None
        d["revocation_text"] = self.revocation_text
        return d


def _self_signed(certs: list[asn1_x509.Certificate]) -> list[asn1_x509.Certificate]:
    return [c for c in certs if c.self_signed in ("maybe", "yes")]


def _tst_time(signed_data: Any) -> datetime | None:
    try:
        value: datetime = signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    except Exception:
        return None
    return value


def _context(
    dss: DocumentSecurityStore | None, roots: list[asn1_x509.Certificate], moment: datetime, *, fetch: bool
) -> ValidationContext:
    kwargs: dict[str, Any] = {
        "trust_roots": roots,
        "allow_fetching": fetch,
        "revocation_mode": "hard-fail",
        "moment": moment,
        "retroactive_revinfo": True,
        "crls": [],
        "ocsps": [],
    }
    if dss is not None and not fetch:
        certs, ocsps, crls = _dss_data(dss)
        return ValidationContext(other_certs=list(certs), ocsps=list(ocsps), crls=list(crls), **{
            k: v for k, v in kwargs.items() if k not in ("ocsps", "crls")
        })  # fmt: skip
    return ValidationContext(**kwargs)


_parsed: weakref.WeakKeyDictionary[DocumentSecurityStore, tuple[list[Any], list[Any], list[Any]]] = (
    weakref.WeakKeyDictionary()
)


def _dss_data(dss: DocumentSecurityStore) -> tuple[list[Any], list[Any], list[Any]]:
    """The DSS's certificates, OCSP responses and CRLs, parsed once per DSS (a verification builds
    several validation contexts from the same DSS: per signature, for its signer and its timestamp)."""
    found = _parsed.get(dss)
    if found is None:
        ocsps = [
            asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE)) for ref in dss.ocsps
        ]
        crls = [asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL)) for ref in dss.crls]
        found = (list(dss.load_certs()), ocsps, crls)
        _parsed[dss] = found
    return found


@dataclass(frozen=True, slots=True)
class _Stamp:
    revision: int
    field: str
    genuine: bool  # intact and cryptographically valid (whoever the TSA is)
    time: datetime | None  # genTime when the document timestamp is valid
    offline: bool  # valid, and its TSA validates from the file alone
    over_dss: bool  # valid, and it covers a revision that holds the DSS


@dataclass(slots=True)
class Document:
    """What the level of every signature of one file depends on: its DSS and document timestamps."""

    dss: DocumentSecurityStore | None
    dss_certs: list[asn1_x509.Certificate]
    stamps: list[_Stamp]
    trust_roots: list[asn1_x509.Certificate]
    allow_fetching: bool
    now: datetime

    @property
    def invalid_stamps(self) -> list[str]:
        """The fields of document timestamps that are not intact and genuine."""
        return [t.field for t in self.stamps if not t.genuine]

    def signer_context(self, sig: EmbeddedPdfSignature) -> Contexts:
        """The contexts to validate ``sig`` in: at its trusted time, from the DSS, fetching off.

        The signer's chain must end at a trust anchor (or, with none given, at a root in the file);
        a timestamp authority's chain may also end at a root the file carries, since the anchors are
        the municipality's issuers of *signers* and say nothing about TSAs.
        """
        tokens = list(extract_tst_data_iter(sig.signer_info, signed=False))
        token_time = _tst_time(tokens[0]) if tokens else None
        later = next((t.time for t in self.stamps if t.revision > sig.signed_revision and t.time), None)
        moment = token_time or later or self.now
        certs = [sig.signer_cert, *sig.other_embedded_certs, *self.dss_certs]
        roots = self.trust_roots or _self_signed(certs)
        tsa_roots = [*self.trust_roots, *_self_signed([*self.dss_certs, *_token_certs(tokens)])]
        return Contexts(
            _context(self.dss, roots, moment, fetch=False),
            _context(self.dss, tsa_roots, token_time or moment, fetch=False),
            roots,
            moment,
        )


@dataclass(frozen=True, slots=True)
class Contexts:
    signer: ValidationContext
    timestamp: ValidationContext
    roots: list[asn1_x509.Certificate]
    moment: datetime


def _token_certs(tokens: list[Any]) -> list[asn1_x509.Certificate]:
    out = []
    for token in tokens:
        for choice in token["certificates"] or []:
            if isinstance(choice.chosen, asn1_x509.Certificate):
                out.append(choice.chosen)
    return out


def read_document(
    reader: PdfFileReader,
    *,
    trust_roots: list[asn1_x509.Certificate] | tuple[asn1_x509.Certificate, ...] = (),
    allow_fetching: bool = False,
) -> Document:
    """The DSS and the document timestamps (each validated) of a file."""
    try:
        dss: DocumentSecurityStore | None = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        dss = None
    dss_certs = list(dss.load_certs()) if dss is not None else []
    now = datetime.now(UTC)
    stamps: list[_Stamp] = []
    for stamp in reader.embedded_signatures:
        if stamp.sig_object_type != "/DocTimeStamp":
            continue
        gen_time = _tst_time(stamp.signed_data)
        certs = [stamp.signer_cert, *stamp.other_embedded_certs, *dss_certs]
        roots = [*trust_roots, *_self_signed(certs)]  # a TSA: see Document.signer_context
        try:
            with _quiet():
                context = _context(dss, roots, gen_time or now, fetch=False)
                status = validate_pdf_timestamp(stamp, context, skip_diff=True)
            ok, offline = bool(status.intact and status.valid), bool(status.trusted)
        except Exception:
            ok = offline = False
        covers_dss = ok and "/DSS" in reader.get_historical_root(stamp.signed_revision)
        stamps.append(
            _Stamp(stamp.signed_revision, str(stamp.field_name or ""), ok, gen_time if ok else None,
                   ok and offline, covers_dss)  # fmt: skip
        )
    stamps.sort(key=lambda t: t.revision)
    return Document(dss, dss_certs, stamps, list(trust_roots), allow_fetching, now)


def signature_levels(
    pdf: bytes,
    *,
    trust_roots: list[asn1_x509.Certificate] | tuple[asn1_x509.Certificate, ...] = (),
    allow_fetching: bool = False,
    reader: PdfFileReader | None = None,
) -> list[SignatureLevel]:
    """For each regular signature of ``pdf``, in order: its level, times and revocation check.
    ``reader``: the same bytes already opened (saves parsing them again)."""
    if reader is None:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    doc = read_document(reader, trust_roots=trust_roots, allow_fetching=allow_fetching)
    levels = []
    for sig in reader.embedded_signatures:
        if sig.sig_object_type == "/DocTimeStamp":
            continue
        ctx = doc.signer_context(sig)
        try:
            with _quiet():
                status = validate_pdf_signature(
                    sig, signer_validation_context=ctx.signer, ts_validation_context=ctx.timestamp, skip_diff=True
                )
        except Exception as exc:
            broken = level_of(sig, None, doc, ctx)
            broken.problems.append(_("signaturen kan ikke kontrolleres ({error}).", error=str(exc)[:160]))
            levels.append(broken)
            continue
        levels.append(level_of(sig, status, doc, ctx))
    return levels


_probing: ContextVar[bool] = ContextVar("enhetsdialog_levels_probing", default=False)


class _ExpectedFailures(logging.Filter):
    """pyHanko logs a warning with a traceback for every chain it cannot validate; here that is an
    expected answer ("not B-LT"), reported in the result, so those records are dropped while probing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_probing.get() and record.levelno <= logging.WARNING)


_cms_log = logging.getLogger("pyhanko.sign.validation.generic_cms")
if not any(isinstance(f, _ExpectedFailures) for f in _cms_log.filters):
    _cms_log.addFilter(_ExpectedFailures())


@contextmanager
def quiet() -> Iterator[None]:
    """Drop pyHanko's warnings about chains it cannot validate while the block runs."""
    token = _probing.set(True)
    try:
        yield
    finally:
        _probing.reset(token)


_quiet = quiet


def level_of(
    sig: EmbeddedPdfSignature,
    status: SignatureStatus | None,
    doc: Document,
    ctx: Contexts,
) -> SignatureLevel:
    """The level of ``sig`` from its validation ``status`` in :meth:`Document.signer_context`."""
    later_stamps = [t for t in doc.stamps if t.revision > sig.signed_revision]
    result = SignatureLevel(
        field=str(sig.field_name or ""),
        level="",
        claimed_time=sig.self_reported_timestamp,
        timestamp_time=None,
        document_timestamp_time=next((t.time for t in later_stamps if t.time is not None), None),
        revocation=NOT_CHECKED,
        has_dss=doc.dss is not None,
    )
    if status is None:
        return result
    if not (status.intact and status.valid):
        result.problems.append(_("signaturen er ikke gyldig."))
        return result
    result.level = "B-B"
    ts_status = getattr(status, "timestamp_validity", None)
    ts_offline = False
    if ts_status is not None:
        if ts_status.intact and ts_status.valid:
            result.timestamp_time = ts_status.timestamp
            ts_offline = bool(ts_status.trusted)
        else:
            result.problems.append(_("signaturens tidsstempel er ikke gyldig."))
    result.revocation = _revocation(sig, status, doc.dss, ctx.roots, ctx.moment, doc.allow_fetching)
    if result.revocation == REVOKED:
        result.problems.append(_("sertifikatet er trukket tilbake."))
    if result.trusted_time is None:
        return result
    result.level = "B-T"
    first_stamp = next((t for t in later_stamps if t.time is not None), None)
    time_offline = (
        ts_offline if result.timestamp_time is not None else bool(first_stamp and first_stamp.offline)
    )
    if doc.dss is None or result.revocation not in (EMBEDDED, NOT_NEEDED) or not time_offline:
        return result
    result.level = "B-LT"
    if any(t.over_dss for t in later_stamps):
        result.level = "B-LTA"
    return result


def _revocation(
    sig: EmbeddedPdfSignature,
    status: SignatureStatus,
    dss: DocumentSecurityStore | None,
    roots: list[asn1_x509.Certificate],
    moment: datetime,
    allow_fetching: bool,
) -> str:
    path = status.validation_path
    if status.trusted:
        if path is not None and path.pkix_len <= 1 and sig.signer_cert.self_signed in ("maybe", "yes"):
            return NOT_NEEDED
        return EMBEDDED
    if getattr(status, "revoked", False):
        return REVOKED
    indic = str(status.trust_problem_indic or "")
    if "NO_CERTIFICATE_CHAIN_FOUND" in indic or "CHAIN_CONSTRAINTS" in indic:
        return UNKNOWN_ISSUER
    if not allow_fetching:
        return OFFLINE
    try:
        fetched = validate_pdf_signature(
            sig, signer_validation_context=_context(dss, roots, datetime.now(UTC), fetch=True), skip_diff=True
        )
    except Exception:
        return OFFLINE
    if fetched.trusted:
        return FETCHED
    return REVOKED if getattr(fetched, "revoked", False) else OFFLINE
