"""The key a signatory signs with: a PKCS#12 file, or a smart card / USB token reached through PKCS#11.

One interface, :class:`SigningKey`, whatever holds the key: a pyHanko ``Signer`` (what
``PdfSigner`` needs), the signing certificate as pyca/cryptography and asn1crypto objects, and the
chain of issuing certificates. Open one with :func:`open_pkcs12` (here) or
:func:`enhetsdialog.pdf.tokens.open_pkcs11`, and close it when done (it is a context manager): a token
key keeps its PKCS#11 session open until then.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from enhetsdialog.i18n import _
from enhetsdialog.pdf.certificates import CertInfo, LoadedKey, describe, load_pkcs12

__all__ = ["CertInfo", "LoadedKey", "SigningKey", "key_from_loaded", "load_pkcs12", "open_pkcs12"]


class SigningKey:
    """A key to sign with, whatever holds it. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        signer: signers.Signer,
        certificate: x509.Certificate,
        chain: tuple[x509.Certificate, ...],
        *,
        source: str,
        description: str,
        session: Any = None,
    ) -> None:
        self.signer = signer
        self.certificate = certificate
        self.chain = chain
        self.source = source  # "pkcs12" | "pkcs11"
        self.description = description  # for the user: which file or card, which key
        self._session = session

    @property
    def asn1_certificate(self) -> asn1_x509.Certificate:
        return translate_pyca_cryptography_cert_to_asn1(self.certificate)

    @property
    def asn1_chain(self) -> tuple[asn1_x509.Certificate, ...]:
        return tuple(translate_pyca_cryptography_cert_to_asn1(c) for c in self.chain)

    @property
    def info(self) -> CertInfo:
        return describe(self.certificate)

    @property
    def on_token(self) -> bool:
        return self.source == "pkcs11"

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                session.close()
            except Exception:  # the card may be gone already; nothing is left to release
                pass

    def __enter__(self) -> SigningKey:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# --- PKCS#12 -----------------------------------------------------------------------------------------


def open_pkcs12(data: bytes, password: bytes) -> SigningKey:
    """A key from a PKCS#12 file (.p12/.pfx); DomainError on a wrong password or a bad file."""
    loaded = load_pkcs12(data, password)
    return key_from_loaded(loaded)


def key_from_loaded(loaded: LoadedKey) -> SigningKey:
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple(translate_pyca_cryptography_cert_to_asn1(c) for c in loaded.chain)
    signer = _LoadedKeySigner(
        loaded.key,
        signing_cert=translate_pyca_cryptography_cert_to_asn1(loaded.certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(loaded.key),
        cert_registry=registry,
    )
    return SigningKey(
        signer,
        loaded.certificate,
        loaded.chain,
        source="pkcs12",
        description=_("Sertifikatfil ({name})", name=describe(loaded.certificate).common_name),
    )


class _LoadedKeySigner(signers.SimpleSigner):
    """SimpleSigner that signs with the key object already loaded from the PKCS#12 file.

    pyHanko's SimpleSigner re-parses the private key for every signature it makes (two per PDF: a
    size estimate and the real one), and cryptography validates an RSA key on every parse (~90 ms
    for RSA 3072). The key was validated once when the PKCS#12 file was opened.
    """

    def __init__(self, key: PrivateKeyTypes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, RSAPrivateKey):
            return self._key.sign(data, PKCS1v15(), hash_algo)
        if mechanism == "ecdsa" and isinstance(self._key, EllipticCurvePrivateKey):
            return self._key.sign(data, ECDSA(hash_algo))
        result: bytes = super().sign_raw(data, digest_algorithm)
        return result
