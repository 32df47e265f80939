"""PAdES signatures into the agreement's signature fields, as incremental updates (pyHanko).

The visible appearance is drawn with ReportLab (DejaVu Sans, embedded) as a one-page PDF that
pyHanko imports as a form XObject. That keeps the signed file PDF/A (pyHanko's own text stamps
use a non-embedded base-14 font, or need uharfbuzz for TrueType) and sidesteps pyHanko's
mis-scaling of TrueType fonts whose units-per-em is not 1000.

Every signature is an incremental update, so the leader's signature stays valid when the director
counter-signs. pyHanko rewrites the XMP packet with ``pdf:Producer`` = its own name; the info
dictionary's ``/Producer`` is set to the same value in the update so the two stay consistent.
"""

from __future__ import annotations

import io
import uuid
from binascii import hexlify
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.certificates import LoadedKey, describe, load_pkcs12
from enhetsdialog.pdf.names import SIGNATURE_FIELDS
from enhetsdialog.pdf.render import ACCENT, BLACK, MUTED, PRIMARY, format_datetime


def stamp_pdf(
    width: float,
    height: float,
    *,
    name: str,
    title: str,
    role: Role,
    signed_at: datetime,
    cert_cn: str,
    cert_fingerprint: str = "",
    self_signed: bool = False,
) -> bytes:
    """The visible appearance of a signature: a one-page PDF of exactly ``width`` × ``height`` points."""
    fonts.register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height), initialFontName=fonts.REGULAR, invariant=1, pageCompression=1)
    c.setFillColor(ACCENT)
    c.rect(0, 0, 3, height, stroke=0, fill=1)
    x = 9
    y = height - 13
    c.setFillColor(MUTED)
    c.setFont(fonts.REGULAR, 7)
    c.drawString(x, y, _("Signert digitalt som {role}", role=role.label.lower()))
    y -= 14
    c.setFillColor(PRIMARY)
    c.setFont(fonts.BOLD, 11)
    c.drawString(x, y, _fit(name, fonts.BOLD, 11, width - x - 4))
    y -= 11
    c.setFillColor(BLACK)
    c.setFont(fonts.REGULAR, 8)
    if title.strip():
        c.drawString(x, y, _fit(title, fonts.REGULAR, 8, width - x - 4))
        y -= 10.5
    c.drawString(
        x,
        y,
        _fit(
            _("Tidspunkt: {time} {offset}", time=format_datetime(signed_at), offset=_utc_offset(signed_at)),
            fonts.REGULAR,
            8,
            width - x - 4,
        ),
    )
    y -= 10.5
    c.setFillColor(MUTED)
    c.setFont(fonts.REGULAR, 6.5)
    label = (
        _("Selvlaget sertifikat (svakere identitetsbevis): {cn}", cn=cert_cn)
        if self_signed
        else _("Sertifikat: {cn}", cn=cert_cn)
    )
    c.drawString(x, y, _fit(label, fonts.REGULAR, 6.5, width - x - 4))
    if cert_fingerprint:
        y -= 8.5
        c.drawString(
            x, y, _fit(_("Sertifikatets SHA-256: {fp} …", fp=cert_fingerprint), fonts.REGULAR, 6.5, width - x - 4)
        )
    c.showPage()
    c.save()
    return buf.getvalue()


def _utc_offset(moment: datetime) -> str:
    local = moment.astimezone()
    offset = local.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"(UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"


def _fit(text: str, font: str, size: float, width: float) -> str:
    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def sign_pdf(
    pdf: bytes,
    *,
    pkcs12: bytes,
    password: bytes,
    role: Role,
    name: str,
    title: str,
    reason: str | None = None,
    location: str | None = None,
) -> bytes:
    """Sign ``pdf`` in the signature field of ``role`` (PAdES B-B, SHA-256), as an incremental update.

    Raises DomainError (Norwegian message) for a wrong password, a file that is not PKCS#12, a PDF
    without that signature field (e.g. a draft) or a field that is already signed.
    """
    loaded = load_pkcs12(pkcs12, password)
    return _sign_loaded(pdf, loaded, role=role, name=name, title=title, reason=reason, location=location)


def _sign_loaded(
    pdf: bytes,
    loaded: LoadedKey,
    *,
    role: Role,
    name: str,
    title: str,
    reason: str | None,
    location: str | None,
) -> bytes:
    field_name = SIGNATURE_FIELDS[role]
    try:
        writer = _SignatureOnlyWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError) as exc:
        raise DomainError(_("Filen kan ikke leses som PDF ({error}).", error=exc)) from exc
    found = list(fields.enumerate_sig_fields(writer.prev, with_name=field_name))
    if not found:
        raise DomainError(
            _(
                "PDF-en har ikke et signaturfelt for {role}. Bare en avtale med status «Enighet» kan signeres.",
                role=role.label.lower(),
            )
        )
    _name, value, field_ref = found[0]
    if value is not None:
        raise DomainError(_("Feltet for {role} er allerede signert.", role=role.label.lower()))
    rect = field_ref.get_object().get("/Rect")
    if rect is None:
        raise DomainError(_("Signaturfeltet mangler plassering i dokumentet."))
    x0, y0, x1, y1 = (float(v) for v in rect)
    width, height = abs(x1 - x0), abs(y1 - y0)

    info = describe(loaded.certificate)
    signed_at = datetime.now().astimezone()
    appearance = stamp_pdf(
        width,
        height,
        name=name,
        title=title,
        role=role,
        signed_at=signed_at,
        cert_cn=info.common_name,
        cert_fingerprint=info.short_fingerprint,
        self_signed=info.self_signed,
    )

    cert_registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    cert_registry.register_multiple(translate_pyca_cryptography_cert_to_asn1(c) for c in loaded.chain)
    signer = _LoadedKeySigner(
        loaded.key,
        signing_cert=translate_pyca_cryptography_cert_to_asn1(loaded.certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(loaded.key),
        cert_registry=cert_registry,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=name,
        reason=reason if reason is not None else _("Enhetsavtalen signert av {role}", role=role.label.lower()),
        location=location,
        # The leader certifies the document: after it, only form filling and signing are allowed
        # (DocMDP P=2), and the leader's field lock (set when the PDF was made) leaves only the
        # director's pre-declared field open. The director's is an approval signature.
        certify=role is Role.LEDER,
        docmdp_permissions=MDPPerm.FILL_FORMS,
    )
    style = StaticStampStyle(
        background=_PdfBytesPage(appearance),
        background_opacity=1.0,
        border_width=0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins.uniform(0),  # type: ignore[no-untyped-call]
        ),
    )
    out = io.BytesIO()
    try:
        signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(
            writer, existing_fields_only=True, output=out
        )
    except Exception as exc:
        raise DomainError(_("Signeringen mislyktes: {error}", error=exc)) from exc
    return out.getvalue()


class _SignatureOnlyWriter(IncrementalPdfFileWriter):
    """An incremental writer that adds the signature and nothing else.

    pyHanko refreshes the document metadata (info dictionary and XMP: producer, modification date)
    in every update it writes. A counter-signature must change nothing but its own field, so that a
    verifier can accept exactly that and refuse everything else; the metadata stays as the leader
    signed it (info dictionary and XMP remain consistent, as PDF/A requires).
    """

    def _update_meta(self) -> None:
        return


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


class _PdfBytesPage(PdfContent):
    """The first page of an in-memory PDF as a form XObject (pyHanko's ImportedPdfPage reads a file)."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self.pdf = pdf

    def render(self) -> bytes:
        writer = self._ensure_writer
        reader = PdfFileReader(io.BytesIO(self.pdf))
        xobj = writer.import_page_as_xobject(reader, page_ix=0)
        resource = b"/Stamp" + hexlify(uuid.uuid4().bytes)
        self.resources.xobject[resource.decode("ascii")] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return resource + b" Do"
