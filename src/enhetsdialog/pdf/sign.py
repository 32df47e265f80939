"""PAdES signatures into the agreement's signature fields, as incremental updates (pyHanko), with the
key of a PKCS#12 file or a smart card (:class:`~enhetsdialog.pdf.keys.SigningKey`), and trusted time
and validation data when :func:`~enhetsdialog.pdf.ltv.signing_options` provides them (B-T, B-LT).

The visible appearance is drawn with ReportLab (DejaVu Sans, embedded) as a one-page PDF that
pyHanko imports as a form XObject. That keeps the signed file PDF/A (pyHanko's own text stamps
use a non-embedded base-14 font, or need uharfbuzz for TrueType) and sidesteps pyHanko's
mis-scaling of TrueType fonts whose units-per-em is not 1000.

Every signature is an incremental update, so the leader's signature stays valid when the director
counter-signs; each is written without a metadata refresh (:mod:`enhetsdialog.pdf.writer`).
"""

from __future__ import annotations

import io
import uuid
from binascii import hexlify
from datetime import datetime
from typing import Any

from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp import StaticStampStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.keys import SigningKey, open_pkcs12
from enhetsdialog.pdf.ltv import SigningOptions, add_validation_data
from enhetsdialog.pdf.names import SIGNATURE_FIELDS
from enhetsdialog.pdf.pkcs11_support import translate_pkcs11_error
from enhetsdialog.pdf.render import ACCENT, BLACK, MUTED, PRIMARY, format_datetime
from enhetsdialog.pdf.timestamps import tsa_error
from enhetsdialog.pdf.writer import SignatureOnlyWriter, open_writer


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
    key: SigningKey | None = None,
    *,
    pkcs12: bytes | None = None,
    password: bytes | None = None,
    role: Role,
    name: str,
    title: str,
    reason: str | None = None,
    location: str | None = None,
    options: SigningOptions | None = None,
) -> bytes:
    """Sign ``pdf`` with ``key`` in the signature field of ``role`` (PAdES, SHA-256), as an
    incremental update.

    ``options`` (from :func:`enhetsdialog.pdf.ltv.signing_options`): with a timestamper the signature
    carries a signature timestamp (B-T); with validation data, a DSS update for this signature follows
    (B-LT). When that DSS update cannot be written, the signature stays B-T and ``options`` says so
    (``expected_level`` and ``notes`` are updated). Without options: B-B.

    ``pkcs12``/``password`` instead of ``key``: the key of a PKCS#12 file (the older form of the call).

    Raises DomainError (Norwegian message) for a PDF without that signature field (e.g. a draft), a
    field that is already signed, or a key or token that fails to sign.
    """
    if key is None:
        if pkcs12 is None:
            raise TypeError("sign_pdf needs a key (or pkcs12= and password=)")
        with open_pkcs12(pkcs12, password or b"") as opened:
            return sign_pdf(pdf, opened, role=role, name=name, title=title, reason=reason, location=location,
                            options=options)  # fmt: skip
    field_name = SIGNATURE_FIELDS[role]
    writer = open_writer(pdf)
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

    info = key.info
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
    timestamper = options.timestamper if options is not None else None
    out = io.BytesIO()
    try:
        signers.PdfSigner(meta, signer=key.signer, stamp_style=style, timestamper=timestamper).sign_pdf(
            writer, existing_fields_only=True, output=out
        )
    except DomainError:
        raise
    except Exception as exc:
        raise _signing_error(exc, key, timestamper) from exc
    signed = out.getvalue()
    if options is not None and options.embed_validation_info and options.validation_context is not None:
        try:
            signed = add_validation_data(signed, context=options.validation_context, last_only=True)
        except DomainError as exc:
            options.expected_level = "B-T"
            options.notes.append(
                _("Valideringsdata kunne ikke legges i dokumentet ({reason}); signaturen er B-T.", reason=exc.message)
            )
    return signed


def sign_pkcs12(pdf: bytes, pkcs12: bytes, password: bytes, **kwargs: Any) -> bytes:
    """:func:`sign_pdf` with the key of a PKCS#12 file (a convenience for callers that hold one)."""
    with open_pkcs12(pkcs12, password) as key:
        return sign_pdf(pdf, key, **kwargs)


def _signing_error(exc: Exception, key: SigningKey, timestamper: object) -> DomainError:
    """One line for a failure while signing: the token's words when a token failed, the TSA's when
    the timestamp failed, else pyHanko's."""
    if key.on_token:
        cause = exc
        while cause.__cause__ is not None and type(cause).__module__.startswith("pyhanko"):
            cause = cause.__cause__  # type: ignore[assignment]
        if type(cause).__module__.startswith("pkcs11"):
            return translate_pkcs11_error(cause)
    if timestamper is not None:
        if isinstance(exc, TimestampRequestError) or isinstance(exc.__cause__, TimestampRequestError):
            return tsa_error(timestamper, exc)  # type: ignore[arg-type]
    return DomainError(_("Signeringen mislyktes: {error}", error=" ".join(str(exc).split())[:200] or type(exc).__name__))


# the leader's name for the writer that adds a signature and nothing else (now shared: pdf/writer.py)
_SignatureOnlyWriter = SignatureOnlyWriter


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
