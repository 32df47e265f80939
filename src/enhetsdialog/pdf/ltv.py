"""Long-term validation: revocation data at signing, the DSS (PAdES B-LT), archival timestamps (B-LTA),
and which PAdES level each signature of a PDF has reached.

The levels, as this module reports them (ETSI EN 319 142-1):

``B-B``   a valid PAdES signature; its time is only the signer's own claim.
``B-T``   plus trusted time: a valid signature timestamp, or a document timestamp after it.
``B-LT``  plus the validation data (certificates, CRLs/OCSP responses) in the document's DSS, enough to
          validate the signer's certificate at that time with fetching switched off.
``B-LTA`` plus a document timestamp over that DSS, which keeps the validation data itself datable.

Which issuer a municipality trusts is the verifier's question (the trust store). To judge whether the
*validation data* is complete, this module builds chains to the given anchors and, when none are
given, to the self-signed roots found in the signature and the DSS — so a level says "the file holds
what is needed", not "the issuer is trusted".

Signing: :func:`signing_options` checks the signer's certificate before anything is signed (expired,
not yet valid, revoked → refused with the reason), fetches revocation data when the CA publishes it and
the network allows, and returns what pyHanko's ``PdfSignatureMetadata``/``PdfSigner`` take to make a
B-T (with a TSA) and B-LT (with revocation data) signature in one go.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore, collect_validation_info
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)

from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import N_, LazyText, _
from enhetsdialog.pdf.certificates import describe
from enhetsdialog.pdf.levels import SignatureLevel, signature_levels
from enhetsdialog.pdf.timestamps import add_document_timestamp, check_tsa, run, tsa_certificates
from enhetsdialog.pdf.writer import open_writer, write

__all__ = [
    "SignatureLevel",
    "SigningOptions",
    "add_validation_data",
    "make_archival",
    "signature_levels",
    "signing_options",
]

# How revocation was checked (SigningOptions.revocation, SignatureLevel.revocation)
FETCHED = "fetched"  # fetched from the CA's CRL/OCSP service now
EMBEDDED = "embedded"  # validated from the data in the file (DSS), fetching off
OFFLINE = "offline"  # the CA publishes revocation data, but it could not be had (no network)
NOT_PUBLISHED = "not_published"  # the certificate names no CRL/OCSP service
NOT_NEEDED = "not_needed"  # the certificate is itself the root (self-signed): nothing to revoke it
UNKNOWN_ISSUER = "unknown_issuer"  # no chain to a root could be built, so revocation was not checked


def _asn1(cert: x509.Certificate | asn1_x509.Certificate) -> asn1_x509.Certificate:
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def provisional_roots(
    trust_roots: Iterable[asn1_x509.Certificate], certs: Iterable[asn1_x509.Certificate]
) -> list[asn1_x509.Certificate]:
    """The anchors given plus the self-signed certificates among ``certs`` (see the module docstring:
    these roots answer "does the file hold the validation data", not "is the issuer trusted")."""
    roots = list(trust_roots)
    return roots + [c for c in certs if c.self_signed in ("maybe", "yes") and c not in roots]


def _publishes_revocation(cert: asn1_x509.Certificate) -> bool:
    return bool(cert.crl_distribution_points_value or cert.ocsp_urls)


@dataclass(slots=True)
class SigningOptions:
    """What pyHanko needs for a B-T/B-LT signature, and what the user should be told."""

    timestamper: TimeStamper | None  # PdfSigner(timestamper=...): a signature timestamp (B-T)
    validation_context: ValidationContext | None  # PdfSignatureMetadata(validation_context=...)
    embed_validation_info: bool  # PdfSignatureMetadata(embed_validation_info=...): DSS (B-LT)
    signer_key_usage: set[str]  # PdfSignatureMetadata(signer_key_usage=...)
    revocation: str  # fetched | offline | not_published | not_needed | unknown_issuer
    expected_level: str  # B-B | B-T | B-LT
    notes: list[str] = field(default_factory=list)  # Norwegian lines for the user (why not higher)


def signing_options(
    certificate: x509.Certificate,
    chain: Sequence[x509.Certificate] = (),
    *,
    tsa: TimeStamper | None = None,
    trust_roots: Iterable[asn1_x509.Certificate] = (),
    allow_fetching: bool = True,
    now: datetime | None = None,
) -> SigningOptions:
    """Check the signer's certificate and prepare trusted time and validation data for one signature.

    Raises DomainError when the certificate has expired, is not yet valid or is revoked. A TSA that
    cannot be reached, or revocation data that cannot be fetched, lowers the level (with a note); it
    does not stop the signature.
    """
    moment = now or datetime.now(UTC)
    info = describe(certificate)
    check_dates(info.common_name, info.not_before, info.not_after, moment)
    leaf = _asn1(certificate)
    others = [_asn1(c) for c in chain]
    notes: list[str] = []

    timestamper = tsa
    tsa_certs: list[asn1_x509.Certificate] = []
    if tsa is not None:
        try:
            check_tsa(tsa)
            tsa_certs = [c for c in tsa_certificates(tsa) if isinstance(c, asn1_x509.Certificate)]
        except DomainError as exc:
            timestamper = None
            notes.append(_("Uten tidsstempel: {reason} Signaturen får bare signererens egen tid (B-B); "
                           "tidsstempel kan legges til senere.", reason=exc.message))  # fmt: skip

    roots = provisional_roots(trust_roots, [leaf, *others, *tsa_certs])
    context = ValidationContext(
        trust_roots=roots,
        other_certs=[*others, *tsa_certs],
        allow_fetching=allow_fetching,
        revocation_mode="hard-fail" if allow_fetching else "soft-fail",
        moment=moment,
    )
    revocation = _check_revocation(leaf, others, context, info.common_name)
    if revocation == OFFLINE:
        notes.append(_("Sperrelisten til sertifikatutstederen kunne ikke hentes (er maskinen på nettet?). "
                       "Signaturen får ikke valideringsdata (B-LT)."))  # fmt: skip
    embed = revocation == FETCHED and timestamper is not None
    if embed:
        try:
            run(_validate_tsa(timestamper, context), context)
        except (PathValidationError, PathBuildingError, DomainError, ValueError) as exc:
            embed = False
            notes.append(_("Sertifikatet til tidsstempeltjenesten kan ikke kontrolleres ({reason}); signaturen "
                           "får ikke valideringsdata (B-LT).", reason=str(exc)[:160]))  # fmt: skip
    if not embed and revocation == FETCHED and timestamper is None:
        notes.append(_("Uten tidsstempel lagres ikke valideringsdata i signaturen (B-LT krever B-T)."))
    level = "B-LT" if embed else ("B-T" if timestamper is not None else "B-B")
    usage = {"non_repudiation"} if _has_non_repudiation(certificate) else {"digital_signature"}
    return SigningOptions(
        timestamper=timestamper,
        validation_context=context if embed else None,
        embed_validation_info=embed,
        signer_key_usage=usage,
        revocation=revocation,
        expected_level=level,
        notes=notes,
    )


def chains_to_anchor(
    certificate: x509.Certificate,
    chain: Sequence[x509.Certificate],
    anchors: Iterable[asn1_x509.Certificate],
    *,
    now: datetime | None = None,
) -> bool:
    """Whether ``certificate`` chains (through ``chain``) to one of ``anchors`` now; revocation data is
    not required (that is checked when signing)."""
    roots = list(anchors)
    if not roots:
        return False
    if _asn1(certificate).dump() in {r.dump() for r in roots}:
        return True  # the certificate is itself an anchor (a municipality may trust one certificate)
    context = ValidationContext(
        trust_roots=roots,
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=now or datetime.now(UTC),
    )
    validator = CertificateValidator(
        _asn1(certificate), intermediate_certs=[_asn1(c) for c in chain], validation_context=context
    )
    try:
        run(validator.async_validate_usage(set()), context)  # type: ignore[no-untyped-call]
    except Exception:  # no path, a self-signed leaf, a broken chain: it does not chain to an anchor
        return False
    return True


async def _validate_tsa(ts: TimeStamper | None, context: ValidationContext) -> None:
    if ts is None:
        return
    async for _path in ts.validation_paths(context):  # type: ignore[no-untyped-call]
        pass


def _has_non_repudiation(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.KeyUsage).value.content_commitment)
    except x509.ExtensionNotFound:
        return False


def check_dates(name: str, not_before: datetime, not_after: datetime, moment: datetime) -> None:
    if moment > not_after:
        raise DomainError(_("Sertifikatet til {name} gikk ut {date}; det kan ikke brukes til å signere.",
                            name=name, date=not_after.date().isoformat()))  # fmt: skip
    if moment < not_before:
        raise DomainError(_("Sertifikatet til {name} gjelder først fra {date}; det kan ikke brukes ennå.",
                            name=name, date=not_before.date().isoformat()))  # fmt: skip


def _check_revocation(
    leaf: asn1_x509.Certificate, others: list[asn1_x509.Certificate], context: ValidationContext, name: str
) -> str:
    if leaf.self_signed in ("maybe", "yes"):
        return NOT_NEEDED
    validator = CertificateValidator(leaf, intermediate_certs=others, validation_context=context)
    try:
        run(validator.async_validate_usage(set()), context)  # type: ignore[no-untyped-call]
    except RevokedError as exc:
        raise DomainError(revoked_message(name, exc)) from exc
    except ExpiredError as exc:
        raise DomainError(_("Et sertifikat i kjeden til {name} er utløpt ({reason}); det kan ikke brukes til å "
                            "signere.", name=name, reason=str(exc)[:160])) from exc  # fmt: skip
    except NotYetValidError as exc:
        raise DomainError(_("Et sertifikat i kjeden til {name} gjelder ikke ennå; det kan ikke brukes.",
                            name=name)) from exc  # fmt: skip
    except InsufficientRevinfoError:
        return OFFLINE if _publishes_revocation(leaf) else NOT_PUBLISHED
    except (PathBuildingError, PathValidationError):
        # no chain to a known root: whether that is acceptable is the trust policy's decision
        return UNKNOWN_ISSUER
    if context.ocsps or context.crls:
        return FETCHED
    return OFFLINE if _publishes_revocation(leaf) else NOT_PUBLISHED


_REASONS: dict[str, LazyText] = {
    "key_compromise": N_("nøkkelen er kompromittert"),
    "ca_compromise": N_("utstederen er kompromittert"),
    "affiliation_changed": N_("tilknytningen er endret"),
    "superseded": N_("sertifikatet er erstattet"),
    "cessation_of_operation": N_("sertifikatet er ikke lenger i bruk"),
    "certificate_hold": N_("sertifikatet er midlertidig sperret"),
    "privilege_withdrawn": N_("retten er trukket tilbake"),
}


def revoked_message(name: str, exc: RevokedError) -> str:
    reason_code = str(getattr(exc.reason, "native", "") or "")
    known = _REASONS.get(reason_code)
    reason = str(known) if known is not None else (reason_code or _("ingen grunn oppgitt"))
    when = exc.revocation_dt.date().isoformat() if exc.revocation_dt else "?"
    return _("Sertifikatet til {name} er trukket tilbake ({date}, {reason}); det kan ikke brukes til å signere.",
             name=name, date=when, reason=reason)  # fmt: skip


# --- DSS and archival timestamps ---------------------------------------------------------------------


def add_validation_data(
    pdf: bytes,
    *,
    trust_roots: Iterable[asn1_x509.Certificate] = (),
    allow_fetching: bool = True,
    context: ValidationContext | None = None,
    last_only: bool = False,
) -> bytes:
    """``pdf`` with a DSS update holding the certificates, CRLs and OCSP responses for every signature
    and timestamp in it (B-LT), or only for the last one (``last_only``). Earlier signatures stay valid
    (a DSS update is an archival update, written without a metadata refresh: :mod:`.writer`).

    ``context``: a validation context that already holds the revocation data (the one
    :func:`signing_options` made); otherwise one is made from ``trust_roots`` and ``allow_fetching``.
    Raises DomainError when revocation data is needed but cannot be had, or when a signer's
    certificate turns out to be revoked.
    """
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = list(reader.embedded_signatures)
    if not signatures:
        raise DomainError(_("Dokumentet har ingen signaturer å legge til valideringsdata for."))
    if last_only:
        signatures = signatures[-1:]
    if context is None:
        certs: list[asn1_x509.Certificate] = []
        for sig in signatures:
            certs.append(sig.signer_cert)
            certs.extend(sig.other_embedded_certs)
        context = ValidationContext(
            trust_roots=provisional_roots(trust_roots, certs),
            other_certs=certs,
            allow_fetching=allow_fetching,
            revocation_mode="hard-fail",
        )
    paths = []
    for sig in signatures:
        name = sig.signer_cert.subject.native.get("common_name", "")
        try:
            paths.extend(_collect(sig, context))
        except RevokedError as exc:
            raise DomainError(revoked_message(str(name), exc)) from exc
        except InsufficientRevinfoError as exc:
            raise DomainError(_("Valideringsdata for signaturen til {name} kunne ikke hentes (er maskinen på "
                                "nettet?).", name=str(name))) from exc  # fmt: skip
        except (PathBuildingError, PathValidationError) as exc:
            raise DomainError(_("Sertifikatkjeden til {name} kan ikke bygges ({reason}).",
                                name=str(name), reason=str(exc)[:160])) from exc  # fmt: skip
    writer = open_writer(pdf)
    DocumentSecurityStore.supply_dss_in_writer(writer, None, paths=paths, validation_context=context)
    return write(writer)


def _collect(sig: EmbeddedPdfSignature, context: ValidationContext) -> list[Any]:
    """The validation paths of a signature and its timestamp tokens. A timestamp authority whose chain
    cannot be built from what is known (its root is in no trust store here) does not stop the signers'
    data: a document timestamp's own data is then left out, as is a signature timestamp's."""
    is_stamp = sig.sig_object_type == "/DocTimeStamp"
    try:
        return list(run(collect_validation_info(sig, context), context))
    except (PathBuildingError, PathValidationError, InsufficientRevinfoError):
        if is_stamp:
            return []
    return list(run(collect_validation_info(sig, context, skip_timestamp=True), context))


def make_archival(
    pdf: bytes, tsa: TimeStamper, *, trust_roots: Iterable[asn1_x509.Certificate] = ()
) -> bytes:
    """B-LTA: validation data for everything signed so far, then a document timestamp over it, then the
    timestamp's own validation data (so that the chain can be renewed later). Three incremental
    updates; every signature stays valid."""
    with_dss = add_validation_data(pdf, trust_roots=trust_roots)
    stamped = add_document_timestamp(with_dss, tsa)
    try:
        return add_validation_data(stamped, trust_roots=trust_roots, last_only=True)
    except DomainError:
        # the TSA's chain or revocation data could not be had now: the file is B-LTA all the same
        # (the timestamp covers the signatures' validation data); renewing it later needs them
        return stamped
