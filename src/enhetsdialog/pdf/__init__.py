"""Agreement → PDF/A-3b bytes; digital signing (PAdES) and verification. No Qt, no storage.

Public API (see docs/pdf.md)::

    render_agreement(full, *, include_remarks=True, signature_fields=None, created_at=None,
                     validate=False) -> bytes
    read_embedded(pdf) -> tuple[dict, str]                  # (canonical dict, recorded fingerprint)
    sign_pdf(pdf, key, *, role, name, title, reason=None, location=None, options=None) -> bytes
    sign_pkcs12(pdf, pkcs12, password, **same) -> bytes      # sign_pdf with a PKCS#12 file's key
    open_pkcs12(data, password) -> SigningKey               # pdf.tokens.open_pkcs11 for a smart card
    certificate_info(pkcs12, password) -> CertInfo
    create_personal_certificate(name, email, password, *, valid_years=5) -> bytes
    verify_pdf(pdf, *, trust=[], allow_fetching=False) -> VerificationReport  # with PAdES levels
    validate_pdfa(pdf) -> list[str]                         # PDF/A-3b findings, [] when it passes

The names are imported lazily: ``import enhetsdialog.pdf`` costs nothing, and ReportLab, pikepdf
and pyHanko (~0.5 s together) load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from enhetsdialog.pdf.agreement import render_agreement
    from enhetsdialog.pdf.certificates import CertInfo, certificate_info, create_personal_certificate
    from enhetsdialog.pdf.keys import SigningKey, open_pkcs12
    from enhetsdialog.pdf.names import ATTACHMENT_NAME, SIGNATURE_FIELDS
    from enhetsdialog.pdf.pdfa import read_embedded
    from enhetsdialog.pdf.pdfa import validate as validate_pdfa
    from enhetsdialog.pdf.sign import sign_pdf, sign_pkcs12
    from enhetsdialog.pdf.verify import SignatureReport, VerificationReport, verify_pdf

_LAZY: dict[str, tuple[str, str]] = {
    "render_agreement": ("enhetsdialog.pdf.agreement", "render_agreement"),
    "read_embedded": ("enhetsdialog.pdf.pdfa", "read_embedded"),
    "validate_pdfa": ("enhetsdialog.pdf.pdfa", "validate"),
    "sign_pdf": ("enhetsdialog.pdf.sign", "sign_pdf"),
    "sign_pkcs12": ("enhetsdialog.pdf.sign", "sign_pkcs12"),
    "open_pkcs12": ("enhetsdialog.pdf.keys", "open_pkcs12"),
    "SigningKey": ("enhetsdialog.pdf.keys", "SigningKey"),
    "certificate_info": ("enhetsdialog.pdf.certificates", "certificate_info"),
    "create_personal_certificate": ("enhetsdialog.pdf.certificates", "create_personal_certificate"),
    "CertInfo": ("enhetsdialog.pdf.certificates", "CertInfo"),
    "verify_pdf": ("enhetsdialog.pdf.verify", "verify_pdf"),
    "VerificationReport": ("enhetsdialog.pdf.verify", "VerificationReport"),
    "SignatureReport": ("enhetsdialog.pdf.verify", "SignatureReport"),
    "ATTACHMENT_NAME": ("enhetsdialog.pdf.names", "ATTACHMENT_NAME"),
    "SIGNATURE_FIELDS": ("enhetsdialog.pdf.names", "SIGNATURE_FIELDS"),
}

__all__ = [
    "ATTACHMENT_NAME",
    "SIGNATURE_FIELDS",
    "CertInfo",
    "SignatureReport",
    "SigningKey",
    "VerificationReport",
    "certificate_info",
    "create_personal_certificate",
    "open_pkcs12",
    "read_embedded",
    "render_agreement",
    "sign_pdf",
    "sign_pkcs12",
    "validate_pdfa",
    "verify_pdf",
]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
