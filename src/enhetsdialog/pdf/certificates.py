"""Personal signing certificates (PKCS#12): create one, read one, say who it belongs to.

A municipality may hand out certificates from a real CA; when it does not, a user can create a
self-signed one here. Verification then reports the signature as valid but the issuer as unknown
("Utstederen er ikke en kjent sertifikatutsteder"), which is the honest answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import N_

DOCUMENT_SIGNING_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # id-kp-documentSigning (RFC 9336)
_NAME_OVERRIDES = {NameOID.EMAIL_ADDRESS: "E"}


@dataclass(frozen=True, slots=True)
class CertInfo:
    """Who a certificate says its holder is, for showing before signing."""

    common_name: str
    subject: str
    issuer: str
    sha256: str  # SHA-256 of the DER certificate, lower-case hex
    not_before: datetime
    not_after: datetime
    self_signed: bool
    email: str = ""
    serial_number: str = ""
    public_key_sha256: str = ""  # SHA-256 of the SubjectPublicKeyInfo, hex: the same key in two certificates

    def valid_at(self, moment: datetime) -> bool:
        return self.not_before <= moment <= self.not_after

    @property
    def short_fingerprint(self) -> str:
        return " ".join(self.sha256[i : i + 4] for i in range(0, 16, 4)).upper()


@dataclass(frozen=True, slots=True)
class LoadedKey:
    key: PrivateKeyTypes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def load_pkcs12(data: bytes, password: bytes) -> LoadedKey:
    """Open a PKCS#12 file; DomainError with a Norwegian message on a wrong password or a bad file."""
    if not data:
        raise DomainError(N_("Sertifikatfilen er tom."))
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password or None)
    except ValueError as exc:
        if _looks_like_pkcs12(data):
            raise DomainError(N_("Feil passord for sertifikatfilen.")) from exc
        raise DomainError(N_("Filen er ikke en gyldig sertifikatfil (PKCS#12, .p12/.pfx).")) from exc
    except Exception as exc:  # cryptography raises a few types for odd files
        raise DomainError(N_("Filen er ikke en gyldig sertifikatfil (PKCS#12, .p12/.pfx).")) from exc
    if cert is None:
        raise DomainError(N_("Sertifikatfilen inneholder ikke noe sertifikat."))
    if key is None:
        raise DomainError(N_("Sertifikatfilen inneholder ikke den private nøkkelen som trengs for å signere."))
    return LoadedKey(key=key, certificate=cert, chain=tuple(extra))


def _looks_like_pkcs12(data: bytes) -> bool:
    """True when ``data`` parses as a PKCS#12 structure (so a load failure means a wrong password)."""
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return bool(pfx["auth_safe"]["content_type"].native == "data")
    except Exception:
        return False


def describe(cert: x509.Certificate) -> CertInfo:
    der = cert.public_bytes(serialization.Encoding.DER)
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    email = ""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        emails = san.get_values_for_type(x509.RFC822Name)
        email = emails[0] if emails else ""
    except x509.ExtensionNotFound:
        pass
    return CertInfo(
        common_name=str(cn[0].value) if cn else cert.subject.rfc4514_string(),
        subject=cert.subject.rfc4514_string(_NAME_OVERRIDES),
        issuer=cert.issuer.rfc4514_string(_NAME_OVERRIDES),
        sha256=hashlib.sha256(der).hexdigest(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=is_self_signed(cert),
        email=email,
        serial_number=format(cert.serial_number, "x"),
        public_key_sha256=hashlib.sha256(
            cert.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        ).hexdigest(),
    )


def is_self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def certificate_info(pkcs12_data: bytes, password: bytes) -> CertInfo:
    """Who you sign as with this PKCS#12 file (raises DomainError on a wrong password or bad file)."""
    return describe(load_pkcs12(pkcs12_data, password).certificate)


def create_personal_certificate(
    name: str,
    email: str | None,
    password: bytes,
    *,
    valid_years: int = 5,
) -> bytes:
    """A self-signed personal signing certificate with its key, as PKCS#12 bytes protected by ``password``.

    RSA 3072 (not EC: pyHanko marks an ECDSA P-256 signature with the ISO 32002 extension, which
    raises the file to PDF 2.0 and breaks PDF/A-3). Key usage is digitalSignature +
    nonRepudiation; extended key usage documentSigning and emailProtection. The caller stores the
    file (0600) in the user's data folder.
    """
    name = " ".join(name.split())
    if not name:
        raise DomainError(N_("Navnet i sertifikatet kan ikke være tomt."))
    if not password:
        raise DomainError(N_("Sertifikatfilen må beskyttes med et passord."))
    if not 1 <= valid_years <= 30:
        raise DomainError(N_("Gyldighetstiden må være mellom 1 og 30 år."))
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    subject = x509.Name(attrs)
    now = datetime.now(UTC).replace(microsecond=0)
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * valid_years + valid_years // 4))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING_OID, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    return pkcs12.serialize_key_and_certificates(
        name=name.encode("utf-8"),
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(password),
    )
