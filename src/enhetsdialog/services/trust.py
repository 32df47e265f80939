"""The municipality's trust anchors: the issuing CA certificates its signatures must chain to.

With no anchor, a signature from an unknown issuer (a self-made certificate, say) is valid but its
signer's identity is unconfirmed, and the app says so. With at least one anchor, every signature
must chain to one of them: verification fails and the archive export refuses it otherwise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.identity import MAX_CERTIFICATE_FILE
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.pdf.certificates import describe
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage import signatures as store
from enhetsdialog.storage.database import Database


@dataclass(frozen=True, slots=True)
class Anchor:
    sha256: str
    subject: str
    issuer: str
    not_after: str
    is_ca: bool


def parse_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in PEM (one or more) or DER bytes; ValidationError in Norwegian otherwise."""
    if len(data) > MAX_CERTIFICATE_FILE:
        raise ValidationError(_("Filen er for stor til å være et sertifikat."))
    try:
        if b"-----BEGIN" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise ValidationError(_("Filen er ikke et sertifikat (PEM eller DER).")) from exc
    if not certs:
        raise ValidationError(_("Filen inneholder ikke noe sertifikat."))
    return certs


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


class TrustStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def anchors(self) -> list[Anchor]:
        with self.db.read() as s:
            rows = store.trust_anchors(s)
        out = []
        for r in rows:
            cert = x509.load_der_x509_certificate(r.der)
            out.append(Anchor(r.sha256, r.subject, r.issuer, r.not_after, _is_ca(cert)))
        return out

    def anchors_der(self) -> list[bytes]:
        with self.db.read() as s:
            return [r.der for r in store.trust_anchors(s)]

    def add(self, data: bytes) -> Changes:
        """Add the certificate(s) in ``data``; ``details['added']`` counts the new ones."""
        certs = parse_certificates(data)
        now = repo.now_iso()
        added = 0
        with self.db.write() as s:
            for cert in certs:
                info = describe(cert)
                der = cert.public_bytes(Encoding.DER)
                added += store.add_trust_anchor(
                    s,
                    store.TrustAnchor(
                        sha256=hashlib.sha256(der).hexdigest(),
                        subject=info.subject,
                        issuer=info.issuer,
                        not_after=info.not_after.isoformat(),
                        der=der,
                        added_at=now,
                    ),
                )
        return Changes(settings=True, details={"added": added, "given": len(certs)})

    def remove(self, sha256_prefix: str) -> Changes:
        prefix = sha256_prefix.strip().lower().replace(":", "").replace(" ", "")
        if len(prefix) < 8:
            raise ValidationError(_("Oppgi minst 8 tegn av sertifikatets SHA-256-fingeravtrykk."))
        with self.db.read() as s:
            matches = [a for a in store.trust_anchors(s) if a.sha256.startswith(prefix)]
        if not matches:
            raise NotFoundError(_("Ingen betrodd utsteder har fingeravtrykket «{fp}».", fp=prefix))
        if len(matches) > 1:
            raise ValidationError(
                ngettext("«{fp}» passer med {n} utsteder; oppgi flere tegn.", "«{fp}» passer med {n} utstedere; oppgi flere tegn.", len(matches), fp=prefix)
            )
        with self.db.write() as s:
            store.remove_trust_anchor(s, matches[0].sha256)
        return Changes(settings=True, details={"removed": 1})
