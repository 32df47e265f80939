"""Turning ReportLab's output into PDF/A-2 (level A when tagged, else U), and reading back what it holds.

What is added here:

* the document information dictionary and XMP metadata (title, authors, subject, keywords, language,
  creator tool, dates; ``dc:identifier`` = ``sha256:<fingerprint>``; ``xmpMM:DocumentID`` = the
  revision's UUID), plus ``/EnhetsdialogFingerprint`` in the info dictionary;
* the agreement's canonical data and fingerprint in XMP under a declared PDF/A extension schema
  (``content.write_xmp``; no embedded file: PDF/A-2 embeds only PDF/A);
* the empty signature fields (AcroForm ``/FT /Sig`` widgets with an appearance stream);
* for a tagged file: the structure tree (``render_structtree``), ``/MarkInfo``, ``pdfuaid:part`` 1;
* ToUnicode maps that give the logical text of every glyph (UTF-16 for characters beyond the BMP,
  base letters for Arabic presentation forms, the source characters for shaped glyphs);
* the sRGB output intent, the PDF/A identification and the canonical XMP packet, by
  ``pikepdf.pdfa.prepare``; the file is saved with the settings ``pikepdf.pdfa`` resolves for 2b.

Validating the written bytes costs ~70 ms, so it is optional (``check=True``); the tests always do it.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pikepdf
import pikepdf.pdfa
from pikepdf import Array, Dictionary, Name, String
from pikepdf.models.metadata import encode_pdf_date

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import N_
from enhetsdialog.pdf import content as stored
from enhetsdialog.pdf import pdfa_checks
from enhetsdialog.pdf.names import (
    INFO_FINGERPRINT_KEY,
    INFO_PARTY_KEYS,
    SIGNATURE_FIELDS,
    XMP_IDENTIFIER_PREFIX,
)
from enhetsdialog.pdf.render import Layout
from enhetsdialog.pdf.render_script import PRIVATE_TEXT
from enhetsdialog.pdf.render_structtree import write_structure

FLAVOUR = "2b"  # what pikepdf's tools prepare, save and validate (it knows only level B)
LEGACY_FLAVOUR = "3b"  # records signed before PDF/A-2 (avtale.json attached)


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
    language: str = "nb-NO"  # BCP 47, for /Lang and dc:language
    # the people who sign for each role (the names verification holds the certificates to)
    parties: dict[Role, str] = field(default_factory=dict)


def finish(
    raw: bytes, layout: Layout, meta: DocumentMeta, content_json: bytes, *, check: bool = False
) -> bytes:
    """Make PDF/A-2 from ReportLab's bytes: metadata, content in XMP, signature fields, tags, output intent."""
    tagged = layout.tagger is not None
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for page in pdf.pages:
            # ReportLab writes an empty /Trans (page transition) that PDF/A validators do not expect.
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        _metadata(pdf, meta)
        _signature_fields(pdf, layout)
        pdf.Root.Lang = String(meta.language)
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        fix_to_unicode(pdf)
        pikepdf.pdfa.prepare(pdf, FLAVOUR)
        # after prepare(), which walks every object: the structure tree needs none of its repairs
        if layout.tagger is not None:
            fields: Any = pdf.Root.AcroForm.Fields if "/AcroForm" in pdf.Root else []
            widgets: dict[str, Any] = {str(f.T): f for f in fields}
            write_structure(pdf, layout.tagger, widgets)
        stored.write_xmp(pdf, content_json, meta.fingerprint, conformance="A" if tagged else "U", ua=tagged)
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
    """The written file did not pass PDF/A-2 validation (a bug in rendering, not a user error)."""

    def __init__(self, findings: list[str]) -> None:
        super().__init__("PDF/A-2 validation failed:\n" + "\n".join(findings))
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
        xmp["dc:language"] = [meta.language]
        xmp["pdf:Keywords"] = meta.keywords
        xmp["xmp:CreatorTool"] = meta.creator
        xmp["xmpMM:DocumentID"] = f"urn:uuid:{meta.document_id}"
        xmp["xmpMM:VersionID"] = meta.version


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


# --- ToUnicode -----------------------------------------------------------------------------------------

_BFCHAR_BLOCK = re.compile(rb"\d+ beginbfchar\n(.*?)\nendbfchar", re.DOTALL)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]+)>")


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _logical(face: str, cp: int) -> str:
    found = PRIVATE_TEXT.get((face, cp))
    if found:
        return found
    ch = chr(cp)
    if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:  # Arabic presentation forms: the base letters
        return unicodedata.normalize("NFKC", ch)
    return ch


def fix_to_unicode(pdf: pikepdf.Pdf) -> int:
    """Rewrite ReportLab's ToUnicode maps so they give the logical text; returns how many.

    ReportLab writes the code point of each glyph as four hex digits, which is wrong beyond the BMP
    (emoji), gives private-use or presentation-form code points for shaped glyphs, and maps the
    codes its first subset reserves but never uses to U+0000. Those codes are left out.
    """
    seen: set[tuple[int, int]] = set()
    fixed = 0
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
        for font in fonts.values() if isinstance(fonts, Dictionary) else []:
            cmap = font.get("/ToUnicode")
            if not isinstance(cmap, pikepdf.Stream) or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = bytes(cmap.read_bytes())
            block = _BFCHAR_BLOCK.search(data)
            if block is None:
                continue
            face = str(font.get("/BaseFont", "/")).lstrip("/").split("+")[-1]
            entries = []
            for code, dest in _BFCHAR.findall(block.group(1)):
                cp = int(dest, 16)
                if cp:
                    entries.append(b"<" + code + b"> <" + _utf16(_logical(face, cp)).encode() + b">")
            new = b"%d beginbfchar\n" % len(entries) + b"\n".join(entries) + b"\nendbfchar"
            cmap.write(data[: block.start()] + new + data[block.end() :])
            fixed += 1
    return fixed


# --- validation ------------------------------------------------------------------------------------------


claimed = pdfa_checks.claimed


def validate(pdf: bytes, *, strict: bool = False) -> list[str]:
    """PDF/A findings for the final revision of ``pdf``; an empty list means it passes.

    A file that claims part 2 is checked by pikepdf's validator *as PDF/A-2b* (it knows only level
    B and no extension schemas) plus :func:`part2_findings` (the level U/A and PDF/UA clauses our
    output touches); a legacy record that claims part 3 as PDF/A-3b.

    pikepdf's validator approves only what it knows, and it does not know interactive forms
    (``/AcroForm``) or the ETSI developer extension (``/Extensions /ESIC``) that pyHanko declares for
    PAdES signatures; it reports them as "unsupported", not as violations. Unless ``strict``, a copy is
    validated in which the widget annotations (the signature fields) are flattened into the page
    content – so their appearance, fonts and all, is still checked – the DocMDP permissions, the DSS
    (certificates, CRLs, OCSP for long-term validation) and invisible widgets without an appearance
    (a document timestamp's field) are removed. Our extension schema and properties are removed from that copy too (they are
    checked by :func:`part2_findings`). Everything else in the file is validated as it is.
    """
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        part, _level = claimed(doc)
        flavour = LEGACY_FLAVOUR if part == "3" else FLAVOUR
        own = part2_findings(doc) if part != "3" else []
        relaxed = False
        if part != "3":
            stored.strip_extension(doc)
            relaxed = True
        if not strict:
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
        data = pdf
        if relaxed:
            out = io.BytesIO()
            doc.save(out, **pikepdf.pdfa.resolve_save_kwargs(flavour))
            data = out.getvalue()
    report = pikepdf.pdfa.validate_written(io.BytesIO(data), flavour)
    return own + ([] if report.passed else [str(f) for f in report.findings])


def part2_findings(doc: pikepdf.Pdf) -> list[str]:
    """Our own checks of the PDF/A-2 level U/A and PDF/UA-1 clauses this output touches."""
    return pdfa_checks.findings(doc)


# --- reading back ----------------------------------------------------------------------------------------


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
    """The canonical content (as a dict) and the fingerprint recorded in the document.

    Reads the XMP of a PDF/A-2 file, or the ``avtale.json`` attachment of a legacy PDF/A-3b record.
    """
    try:
        found = stored.read_content(pdf)
    except pikepdf.PdfError as exc:
        raise DomainError(N_("Filen kan ikke leses som PDF ({exc}).", exc=exc)) from exc
    if found is None:
        raise DomainError(N_("PDF-en inneholder ikke avtaleinnholdet. Er den laget av Enhetsdialog?"))
    try:
        content = json.loads(found.data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(N_("Avtaleinnholdet i PDF-en er ikke gyldig JSON.")) from exc
    if not isinstance(content, dict):
        raise DomainError(N_("Avtaleinnholdet i PDF-en har feil form."))
    if not found.fingerprint:
        raise DomainError(N_("PDF-en mangler fingeravtrykket for avtaleinnholdet."))
    return content, found.fingerprint


def embedded_bytes(pdf: bytes) -> bytes | None:
    """The canonical bytes stored in ``pdf`` (XMP, or a legacy ``avtale.json``), or None."""
    found = stored.read_content(pdf)
    return None if found is None else found.data
