"""A test-local signing helper over pyHanko: the flow of ``pdf.sign._sign_loaded`` (same appearance,
same metadata handling), but taking a :class:`~enhetsdialog.pdf.keys.SigningKey` and the trusted-time
and validation-data options of :func:`~enhetsdialog.pdf.ltv.signing_options`.

``pdf/sign.py`` will take key objects itself once the signing rework lands; until then the tests of
the new primitives sign through this.
"""

from __future__ import annotations

import io
from datetime import datetime

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle

from enhetsdialog.domain.enums import Role
from enhetsdialog.pdf.keys import SigningKey
from enhetsdialog.pdf.ltv import SigningOptions
from enhetsdialog.pdf.names import SIGNATURE_FIELDS
from enhetsdialog.pdf.sign import _PdfBytesPage, stamp_pdf


def sign_with_key(
    pdf: bytes,
    key: SigningKey,
    *,
    role: Role,
    name: str,
    title: str = "",
    options: SigningOptions | None = None,
    certify: bool = False,
) -> bytes:
    field_name = SIGNATURE_FIELDS[role]
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    found = list(fields.enumerate_sig_fields(writer.prev, with_name=field_name))
    assert found, f"no field {field_name}"
    _, value, field_ref = found[0]
    assert value is None, "already signed"
    x0, y0, x1, y1 = (float(v) for v in field_ref.get_object()["/Rect"])
    info = key.info
    appearance = stamp_pdf(
        abs(x1 - x0),
        abs(y1 - y0),
        name=name,
        title=title,
        role=role,
        signed_at=datetime.now().astimezone(),
        cert_cn=info.common_name,
        cert_fingerprint=info.short_fingerprint,
    )
    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if isinstance(info_ref, generic.IndirectObject):
        info_ref.get_object()["/Producer"] = generic.TextStringObject(VENDOR)
        writer.mark_update(info_ref)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=name,
        reason=f"Enhetsavtalen signert av {role.label.lower()}",
        certify=certify,
        validation_context=options.validation_context if options else None,
        embed_validation_info=options.embed_validation_info if options else False,
        signer_key_usage=options.signer_key_usage if options else {"non_repudiation"},
    )
    style = StaticStampStyle(
        background=_PdfBytesPage(appearance),
        background_opacity=1.0,
        border_width=0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(0)
        ),
    )
    out = io.BytesIO()
    signers.PdfSigner(
        meta, signer=key.signer, stamp_style=style, timestamper=options.timestamper if options else None
    ).sign_pdf(writer, existing_fields_only=True, output=out)
    return out.getvalue()
