"""What the archive export checks in a signed PDF besides its signatures (no veraPDF here).

:func:`inspect` runs :func:`enhetsdialog.pdf.pdfa.validate` (pikepdf's PDF/A-2b validator on a
relaxed copy plus ``pdfa_checks``: part and level claimed, the extension schema, fonts embedded with
ToUnicode for every code drawn, tagging) and adds the clauses of ISO 19005-2 a file can still break
after signing, read from the file as it is:

* qpdf's structure check (``check_pdf_syntax``); no encryption (6.1.2); a file identifier in the
  trailer (6.1.3); PDF version at most 1.7;
* an output intent ``GTS_PDFA1`` with an embedded ICC profile (6.2.3);
* annotations (6.3): no forbidden types; the F key with Print set and Hidden, Invisible, NoView and
  ToggleNoView clear; an appearance stream (``/AP`` with only ``/N``) for every annotation with an
  area (signature widgets included), none for a zero-size one required;
* actions (6.5, 6.6): no JavaScript, no additional actions (``/AA``) on the catalog, pages or widgets,
  no forbidden action types;
* embedded files: none in part 2 (``pdfa_checks``); a legacy PDF/A-3b record carries ``avtale.json``.

It also reads facts the arkivmelding records: part and conformance claimed (the PRONOM format
follows from them), whether PDF/UA is claimed, and which signer certificates say they are qualified
(ETSI QcCompliance in the certificate's QCStatements).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from asn1crypto import cms, core
from pikepdf import Dictionary, Name

from enhetsdialog.pdf import pdfa, pdfa_checks

_QC_COMPLIANCE = "0.4.0.1862.1.1"  # id-etsi-qcs-QcCompliance (ETSI EN 319 412-5)
_QC_STATEMENTS = "1.3.6.1.5.5.7.1.3"  # id-pe-qcStatements (RFC 3739)
_FORBIDDEN_ANNOTS = frozenset({"/3D", "/Sound", "/Screen", "/Movie", "/RichMedia"})
_FORBIDDEN_ACTIONS = frozenset(
    {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide", "/SetOCGState",
     "/Rendition", "/Trans", "/GoTo3DView"}
)  # fmt: skip
_HIDDEN_FLAGS = 1 | 2 | 32 | 256  # Invisible, Hidden, NoView, ToggleNoView
_PRINT = 4


@dataclass(slots=True)
class PdfFacts:
    part: str = ""
    conformance: str = ""
    ua: bool = False
    findings: list[str] = field(default_factory=list)  # empty: every check passed
    qualified: dict[str, bool] = field(default_factory=dict)  # certificate SHA-256 -> QcCompliance

    @property
    def claim(self) -> str:
        """What the file claims, in words: «PDF/A-2a, PDF/UA-1»."""
        text = f"PDF/A-{self.part}{self.conformance.lower()}" if self.part else "PDF/A?"
        return text + (", PDF/UA-1" if self.ua else "")


def inspect(pdf: bytes) -> PdfFacts:
    """Every check above on ``pdf`` (never raises for a bad file: that is a finding)."""
    facts = PdfFacts()
    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            facts.part, facts.conformance = pdfa_checks.claimed(doc)
            with doc.open_metadata() as xmp:
                facts.ua = str(xmp.get("pdfuaid:part", "")) == "1"
            facts.findings += _document(doc)
            facts.findings += _annotations(doc)
            facts.qualified = _qualified_certificates(doc)
    except pikepdf.PdfError as exc:
        return PdfFacts(findings=[f"the file cannot be read as PDF ({exc})"])
    if facts.part not in ("2", "3"):
        facts.findings.append(f"claims PDF/A part {facts.part or 'none'}, not part 2")
    try:
        facts.findings += pdfa.validate(pdf)
    except Exception as exc:  # a file pikepdf's validator cannot walk is not archivable either
        facts.findings.append(f"PDF/A validation could not run ({type(exc).__name__}: {exc})")
    return facts


def _document(doc: pikepdf.Pdf) -> list[str]:
    out = [f"structure (qpdf): {problem}" for problem in doc.check_pdf_syntax()]
    if doc.is_encrypted or "/Encrypt" in doc.trailer:
        out.append("the file is encrypted (6.1.2)")
    ids = doc.trailer.get("/ID")
    if not isinstance(ids, pikepdf.Array) or len(ids) != 2:
        out.append("the trailer has no file identifier /ID (6.1.3)")
    if doc.pdf_version > "1.7":
        out.append(f"PDF version {doc.pdf_version}; PDF/A-2 is based on PDF 1.7")
    intents = doc.Root.get("/OutputIntents")
    good = [
        oi
        for oi in (intents if isinstance(intents, pikepdf.Array) else [])
        if isinstance(oi, Dictionary)
        and oi.get("/S") == Name("/GTS_PDFA1")
        and isinstance(oi.get("/DestOutputProfile"), pikepdf.Stream)
    ]
    if not good:
        out.append("no PDF/A output intent (GTS_PDFA1) with an embedded ICC profile (6.2.3)")
    root: Any = doc.Root
    if "/AA" in root:
        out.append("the catalog has additional actions /AA (6.5.2)")
    names = root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        out.append("the document has JavaScript (6.6.1)")
    out += _action("the open action", root.get("/OpenAction"))
    for number, page in enumerate(doc.pages, start=1):
        if "/AA" in page.obj:
            out.append(f"page {number} has additional actions /AA (6.5.2)")
    return out


def _action(where: str, action: object) -> list[str]:
    if isinstance(action, Dictionary) and str(action.get("/S", "")) in _FORBIDDEN_ACTIONS:
        return [f"{where} is a {str(action.get('/S'))[1:]} action, which PDF/A forbids (6.5.1)"]
    return []


def _annotations(doc: pikepdf.Pdf) -> list[str]:
    out: list[str] = []
    for number, page in enumerate(doc.pages, start=1):
        for annot in page.obj.get("/Annots", []):
            if not isinstance(annot, Dictionary):
                continue
            kind = str(annot.get("/Subtype", ""))
            what = f"page {number}: annotation {kind[1:] or '?'} {str(annot.get('/T', ''))}".rstrip()
            if kind in _FORBIDDEN_ANNOTS:
                out.append(f"{what} is of a type PDF/A forbids (6.3.1)")
            if kind == "/Popup":
                continue
            flags = int(annot.get("/F", 0))
            if not flags & _PRINT or flags & _HIDDEN_FLAGS:
                out.append(f"{what}: flags {flags}; Print must be set and Hidden/Invisible/NoView clear (6.3.2)")
            out += _action(what, annot.get("/A"))
            if kind == "/Widget" and "/AA" in annot:
                out.append(f"{what} has additional actions /AA (6.5.2)")
            ap = annot.get("/AP")
            if ap is None:
                if _has_area(annot) and kind != "/Link":
                    out.append(f"{what} has no appearance stream (6.3.3)")
                continue
            if not isinstance(ap, Dictionary) or set(ap.keys()) != {"/N"}:
                out.append(f"{what}: the appearance dictionary must hold only /N (6.3.3)")
                continue
            normal = ap.get("/N")
            button = kind == "/Widget" and annot.get("/FT") == Name.Btn
            if not (isinstance(normal, Dictionary) if button else isinstance(normal, pikepdf.Stream)):
                out.append(f"{what}: /AP /N is not an appearance stream (6.3.3)")
    return out


def _has_area(annot: Dictionary) -> bool:
    rect = [float(v) for v in annot.get("/Rect", [])]
    return len(rect) == 4 and rect[0] != rect[2] and rect[1] != rect[3]


def _qualified_certificates(doc: pikepdf.Pdf) -> dict[str, bool]:
    """SHA-256 of every certificate in the file's signatures → whether it claims QcCompliance."""
    out: dict[str, bool] = {}
    form = doc.Root.get("/AcroForm")
    for fld in form.get("/Fields", []) if isinstance(form, Dictionary) else []:
        value = fld.get("/V") if isinstance(fld, Dictionary) else None
        contents = value.get("/Contents") if isinstance(value, Dictionary) else None
        if not isinstance(contents, pikepdf.String):
            continue
        try:
            signed = cms.ContentInfo.load(bytes(contents).rstrip(b"\x00"))["content"]
            certificates = signed["certificates"] if isinstance(signed, cms.SignedData) else []
            for choice in certificates:
                if choice.name != "certificate":
                    continue
                cert = choice.chosen
                out[hashlib.sha256(cert.dump()).hexdigest()] = _claims_qualified(cert)
        except (ValueError, TypeError, KeyError):
            continue
    return out


def _claims_qualified(cert: Any) -> bool:
    """The certificate's QCStatements (SEQUENCE OF SEQUENCE {statementId, info}) hold QcCompliance."""
    for ext in cert["tbs_certificate"]["extensions"] or []:
        if ext["extn_id"].dotted != _QC_STATEMENTS:
            continue
        try:
            statements = core.load(ext["extn_value"].contents)
        except ValueError:
            return False
        count = len(statements) if isinstance(statements, core.Sequence) else 0
        for statement in (statements[i] for i in range(count)):  # a generic Sequence is indexed, not iterated
            first = statement[0] if isinstance(statement, core.Sequence) and len(statement) else None
            if isinstance(first, core.ObjectIdentifier) and first.dotted == _QC_COMPLIANCE:
                return True
    return False
