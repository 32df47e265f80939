"""The one incremental writer every update of a signed agreement PDF goes through.

pyHanko refreshes the document metadata (info dictionary and XMP: producer, modification date) in
every update it writes. After the leader's signature nothing may change but the director's signature
field, validation data (DSS) and document timestamps, so that a verifier can accept exactly that and
refuse everything else (see :mod:`enhetsdialog.pdf.policy`). Signatures, DSS updates and document
timestamps are therefore all written with :class:`SignatureOnlyWriter`, which leaves the metadata as
the leader signed it (info dictionary and XMP stay consistent, as PDF/A requires).
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError

from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _


class SignatureOnlyWriter(IncrementalPdfFileWriter):
    """An incremental writer that adds what it is given and nothing else (no metadata refresh)."""

    def _update_meta(self) -> None:
        return


def open_writer(pdf: bytes) -> SignatureOnlyWriter:
    """A writer appending to ``pdf``; DomainError (one Norwegian line) when it is not a readable PDF."""
    try:
        return SignatureOnlyWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        text = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise DomainError(_("Filen kan ikke leses som PDF ({error}).", error=text)) from exc


def write(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
