"""Turning ReportLab's output into PDF/A-3b, and reading back what it embeds.

PDF/A-3 (not 2) because the file carries the revision's canonical JSON (``avtale.json``) as an
associated file; PDF/A-2 only allows embedded files that are themselves PDF/A. What is added here:

* the document information dictionary and XMP metadata (title, authors, subject, keywords, language,
  creator tool, dates; ``dc:identifier`` = ``sha256:<fingerprint>``; ``xmpMM:DocumentID`` = the
  revision's UUID), plus ``/EnhetsdialogFingerprint`` in the info dictionary;
* ``avtale.json`` as an embedded, associated file (``/AFRelationship /Source``, ``application/json``);
* the empty signature fields (AcroForm ``/FT /Sig`` widgets with an appearance stream);
* the sRGB output intent, the PDF/A identification and the canonical XMP packet, by
  ``pikepdf.pdfa.prepare``; the file is saved with the settings ``pikepdf.pdfa`` resolves for 3b.

Validating the written bytes costs ~70 ms, so it is optional (``check=True``); the tests always do it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pikepdf
import pikepdf.pdfa
from pikepdf import Array, Dictionary, Name, String
from pikepdf.models.metadata import encode_pdf_date

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.pdf.names import (
    ATTACHMENT_NAME,
    INFO_FINGERPRINT_KEY,
    INFO_PARTY_KEYS,
    LANGUAGE,
    SIGNATURE_FIELDS,
    XMP_IDENTIFIER_PREFIX,
)
from enhetsdialog.pdf.render import Layout

FLAVOUR = "3b"


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    title: str
    authors: tuple[str, ...]
    subject: str
    keywords: str
    creator: str
    created: datetime
    fingerprint: str
    document_id: str  # the revision's UUID
    version: str  # the revision number
    # the people who sign for each role (the names verification holds the certificates to)
    parties: dict[Role, str] = field(default_factory=dict)


def finish(
    raw: bytes, layout: Layout, meta: DocumentMeta, content_json: bytes, *, check: bool = False
) -> bytes:
    """Make PDF/A-3b from ReportLab's bytes: metadata, embedded content, signature fields, output intent."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for page in pdf.pages:
            # ReportLab writes an empty /Trans (page transition) that PDF/A validators do not expect.
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        _metadata(pdf, meta)
        _attach(pdf, content_json, meta.created)
        _signature_fields(pdf, layout)
        pdf.Root.Lang = String(LANGUAGE)
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        pikepdf.pdfa.prepare(pdf, FLAVOUR)
        kwargs = pikepdf.pdfa.resolve_save_kwargs(
            FLAVOUR, object_stream_mode=pikepdf.ObjectStreamMode.disable, deterministic_id=True
        )
        out = io.BytesIO()
        pdf.save(out, **kwargs)
    data = out.getvalue()
    if check:
        findings = validate(data)
        if findings:
            raise PdfaValidationError(findings)
    return data


class PdfaValidationError(Exception):
    """The written file did not pass PDF/A-3b validation (a bug in rendering, not a user error)."""

    def __init__(self, findings: list[str]) -> None:
        super().__init__("PDF/A-3b validation failed:\n" + "\n".join(findings))
        self.findings = findings


def _metadata(pdf: pikepdf.Pdf, meta: DocumentMeta) -> None:
    date = encode_pdf_date(meta.created)
    info = pdf.docinfo
    info[Name.Title] = String(meta.title)
    info[Name.Author] = String("; ".join(meta.authors))
    info[Name.Subject] = String(meta.subject)
    info[Name.Keywords] = String(meta.keywords)
    info[Name.Creator] = String(meta.creator)
    info[Name.CreationDate] = String(date)
    info[Name.ModDate] = String(date)
    info[Name(INFO_FINGERPRINT_KEY)] = String(meta.fingerprint)
    for role, key in INFO_PARTY_KEYS.items():
        if meta.parties.get(role):
            info[Name(key)] = String(meta.parties[role])
    for key in ("/Producer", "/Trapped"):
        if key in info:
            del info[key]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = meta.title
        xmp["dc:creator"] = list(meta.authors)
        xmp["dc:description"] = meta.subject
        xmp["dc:identifier"] = XMP_IDENTIFIER_PREFIX + meta.fingerprint
        xmp["dc:language"] = [LANGUAGE]
        xmp["pdf:Keywords"] = meta.keywords
        xmp["xmp:CreatorTool"] = meta.creator
        xmp["xmpMM:DocumentID"] = f"urn:uuid:{meta.document_id}"
        xmp["xmpMM:VersionID"] = meta.version


def _attach(pdf: pikepdf.Pdf, content_json: bytes, created: datetime) -> None:
    date = encode_pdf_date(created)
    spec = pikepdf.AttachedFileSpec(
        pdf,
        content_json,
        description="Avtaleinnholdet i kanonisk form (JSON); fingeravtrykket er SHA-256 av disse bytene.",
        filename=ATTACHMENT_NAME,
        mime_type="application/json",
        creation_date=date,
        mod_date=date,
        relationship=Name.Source,
    )
    pdf.attachments[ATTACHMENT_NAME] = spec
    pdf.Root.AF = Array([spec.obj])


def _signature_fields(pdf: pikepdf.Pdf, layout: Layout) -> None:
    if not layout.fields:
        return
    fields = Array()
    for placement in layout.fields:
        page = pdf.pages[placement.page]
        x0, y0, x1, y1 = placement.rect
        appearance = pdf.make_stream(
            b"",
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=Array([0, 0, round(x1 - x0, 3), round(y1 - y0, 3)]),
            Resources=Dictionary(),
        )
        widget = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Sig,
                T=String(placement.name),
                TU=String(placement.tooltip),
                Rect=Array([round(v, 3) for v in placement.rect]),
                F=4,  # Print: PDF/A wants every annotation printable
                P=page.obj,
                AP=Dictionary(N=appearance),
            )
        )
        lock = field_lock(placement.name)
        if lock is not None:
            widget.Lock = lock
        if "/Annots" not in page.obj:
            page.obj.Annots = Array()
        page.obj.Annots.append(widget)
        fields.append(widget)
    pdf.Root.AcroForm = Dictionary(Fields=fields)


def field_lock(field_name: str) -> Dictionary | None:
    """The FieldMDP lock of a signature field: signing the leader's field locks every field but the
    director's, so the only change the document allows after the leader's certification signature is
    the director's signature in that pre-declared field (see pdf/verify.py)."""
    if field_name != SIGNATURE_FIELDS[Role.LEDER]:
        return None
    return Dictionary(
        Type=Name.SigFieldLock,
        Action=Name.Exclude,
        Fields=Array([String(SIGNATURE_FIELDS[Role.DIREKTOR])]),
    )


def validate(pdf: bytes, *, strict: bool = False) -> list[str]:
    """PDF/A-3b findings for the final revision of ``pdf``; an empty list means it passes.

    pikepdf's validator approves only what it knows, and it does not know interactive forms
    (``/AcroForm``), the ETSI developer extension (``/Extensions /ESIC``) that pyHanko declares for
    PAdES signatures, or the document security store (``/DSS``: certificates, CRLs and OCSP responses
    for long-term validation); it reports them as "unsupported", not as violations. Unless ``strict``,
    a copy is validated in which the widget annotations (the signature fields) are flattened into the
    page content – so their appearance, fonts and all, is still checked –, invisible widgets without
    an appearance (a document timestamp's field) are dropped, and those catalog entries are removed. Everything else in the file is validated as it is.
    """
    data = pdf
    if not strict:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            relaxed = False
            if "/AcroForm" in doc.Root:
                doc.flatten_annotations("all")  # qpdf drops /AcroForm once its fields are flattened
                _drop_invisible_widgets(doc)
                if "/AcroForm" in doc.Root:
                    del doc.Root["/AcroForm"]
                relaxed = True
            perms = doc.Root.get("/Perms")
            # PDF/A-2 allows a permissions dictionary with DocMDP (the leader's certification)
            if isinstance(perms, Dictionary) and set(perms.keys()) <= {"/DocMDP", "/UR3"}:
                del doc.Root["/Perms"]
                relaxed = True
            if "/DSS" in doc.Root:  # PAdES validation data (certificates, CRLs, OCSP), not content
                del doc.Root["/DSS"]
                relaxed = True
            extensions = doc.Root.get("/Extensions")
            if isinstance(extensions, Dictionary) and "/ESIC" in extensions:
                del extensions["/ESIC"]
                if not extensions.keys():
                    del doc.Root["/Extensions"]
                relaxed = True
            if relaxed:
                out = io.BytesIO()
                doc.save(out, **pikepdf.pdfa.resolve_save_kwargs(FLAVOUR))
                data = out.getvalue()
    report = pikepdf.pdfa.validate_written(io.BytesIO(data), FLAVOUR)
    return [] if report.passed else [str(f) for f in report.findings]


def _drop_invisible_widgets(doc: pikepdf.Pdf) -> None:
    """Remove the widgets that flattening leaves: zero-size ones without an appearance (a document
    timestamp's field), which PDF/A permits without /AP and which have nothing to flatten."""
    for page in doc.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        keep = []
        for annot in annots:
            rect = [float(v) for v in annot.get("/Rect", [])]
            invisible = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
            if annot.get("/Subtype") == Name.Widget and invisible and "/AP" not in annot:
                continue
            keep.append(annot)
        if len(keep) != len(annots):
            page.obj.Annots = Array(keep)


def read_embedded(pdf: bytes) -> tuple[dict[str, Any], str]:
    """The embedded canonical content (as a dict) and the fingerprint recorded in the document."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            spec = doc.attachments.get(ATTACHMENT_NAME)
            if spec is None:
                raise DomainError(
                    "PDF-en inneholder ikke avtaleinnholdet (avtale.json). Er den laget av Enhetsdialog?"
                )
            data = spec.get_file().read_bytes()
            recorded = doc.docinfo.get(INFO_FINGERPRINT_KEY)
            fp = str(recorded) if recorded is not None else ""
            if not fp:
                with doc.open_metadata() as xmp:
                    ident = str(xmp.get("dc:identifier", ""))
                fp = (
                    ident.removeprefix(XMP_IDENTIFIER_PREFIX)
                    if ident.startswith(XMP_IDENTIFIER_PREFIX)
                    else ""
                )
    except pikepdf.PdfError as exc:
        raise DomainError(f"Filen kan ikke leses som PDF ({exc}).") from exc
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError("Avtaleinnholdet i PDF-en (avtale.json) er ikke gyldig JSON.") from exc
    if not isinstance(content, dict):
        raise DomainError("Avtaleinnholdet i PDF-en (avtale.json) har feil form.")
    if not fp:
        raise DomainError("PDF-en mangler fingeravtrykket for avtaleinnholdet.")
    return content, fp


def embedded_bytes(pdf: bytes) -> bytes | None:
    """The raw bytes of ``avtale.json`` in ``pdf``, or None."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        spec = doc.attachments.get(ATTACHMENT_NAME)
        return None if spec is None else bytes(spec.get_file().read_bytes())
