"""Archive metadata for signed agreements: a Noark 5-shaped ``arkivmelding`` XML per document,
a SHA-256 manifest, and safe file names. Pure: imports only the domain and the standard library.

The XML follows the element names and order of Arkivverket's *arkivmelding* (Noark 5) — ``mappe``
→ ``registrering`` (a journal post of type «Organinternt dokument uten oppfølging») →
``dokumentbeskrivelse`` → ``dokumentobjekt`` with ``referanseDokumentfil``, ``sjekksum`` and
``sjekksumAlgoritme`` — and adds what Noark has no field for (unit, year, revision, fingerprint)
under ``virksomhetsspesifikkeMetadata`` in our own namespace. It is built with ElementTree, so every
value is escaped by the serializer; nothing is concatenated into XML by hand. It is not validated
against the XSD (not shipped); an archive that needs strict conformance should check it on import.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from enhetsdialog import __version__
from enhetsdialog.domain.model import FullAgreement

NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ED_NS = "urn:enhetsdialog:arkiv:1"
SYSTEM = "Enhetsdialog"
PDF_FORMAT = "fmt/480"  # PRONOM id of PDF/A-3b
_MESSAGE_NS = uuid.UUID("0d5c3f1e-8a52-4f6e-9b1a-6e2f4f1f8c21")


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def _sub(parent: ET.Element, tag: str, text: str | None = None, ns: str = NS) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        el.text = text
    return el


def _xml_text(text: str) -> str:
    """Text XML 1.0 can carry: characters it forbids (C0 controls but tab/newline) are dropped."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def arkivmelding_xml(
    full: FullAgreement,
    *,
    fingerprint: str,
    pdf_filename: str,
    pdf_sha256: str,
    archived_at: datetime,
    pdf_size: int | None = None,
) -> bytes:
    """The arkivmelding for one signed agreement PDF (UTF-8 XML bytes with declaration).

    Deterministic: the same arguments give the same bytes (``meldingId`` is derived from the
    revision, the fingerprint and the PDF's checksum), so re-running an export rewrites identical files.
    """
    rev = full.revision
    unit = _xml_text(full.unit.name)
    title = _xml_text(f"Enhetsavtale {rev.year} – {full.unit.name}, revisjon {rev.number}")
    created = _iso(rev.created_at or archived_at)
    archived = _iso(archived_at)
    leader = _xml_text(full.leader.name) if full.leader else ""
    director = _xml_text(full.director.name) if full.director else ""

    ET.register_namespace("xsi", XSI)
    ET.register_namespace("ed", ED_NS)
    root = ET.Element(f"{{{NS}}}arkivmelding")
    _sub(root, "system", f"{SYSTEM} {__version__}")
    _sub(root, "meldingId", str(uuid.uuid5(_MESSAGE_NS, f"{rev.id}:{fingerprint}:{pdf_sha256}")))
    _sub(root, "tidspunkt", archived)
    _sub(root, "antallFiler", "1")

    mappe = _sub(root, "mappe")
    mappe.set(f"{{{XSI}}}type", "saksmappe")
    _sub(mappe, "systemID", rev.agreement_id)
    _sub(mappe, "tittel", _xml_text(f"Enhetsavtaler – {full.unit.name}"))
    _sub(mappe, "opprettetDato", created)
    _sub(mappe, "opprettetAv", leader or unit)

    meta = _sub(mappe, "virksomhetsspesifikkeMetadata")
    avtale = _sub(meta, "enhetsavtale", ns=ED_NS)
    _sub(avtale, "kommune", _xml_text(full.municipality.name), ns=ED_NS)
    if full.municipality.number:
        _sub(avtale, "kommunenummer", _xml_text(full.municipality.number), ns=ED_NS)
    _sub(avtale, "tjenesteomraade", _xml_text(full.service_area.name), ns=ED_NS)
    _sub(avtale, "enhet", unit, ns=ED_NS)
    _sub(avtale, "enhetId", rev.unit_id, ns=ED_NS)
    _sub(avtale, "aar", str(rev.year), ns=ED_NS)
    _sub(avtale, "revisjon", str(rev.number), ns=ED_NS)
    _sub(avtale, "leder", leader, ns=ED_NS)
    _sub(avtale, "direktoer", director, ns=ED_NS)
    _sub(avtale, "fingeravtrykk", fingerprint.lower(), ns=ED_NS)
    _sub(
        avtale, "fingeravtrykkAlgoritme", "SHA-256 av avtaleinnholdet i kanonisk form (avtale.json)", ns=ED_NS
    )

    reg = _sub(mappe, "registrering")
    reg.set(f"{{{XSI}}}type", "journalpost")
    _sub(reg, "systemID", rev.id)
    _sub(reg, "opprettetDato", created)
    _sub(reg, "opprettetAv", leader or unit)
    _sub(reg, "arkivertDato", archived)
    _sub(reg, "arkivertAv", SYSTEM)

    doc = _sub(reg, "dokumentbeskrivelse")
    _sub(doc, "systemID", str(uuid.uuid5(_MESSAGE_NS, f"dokument:{rev.id}")))
    _sub(doc, "dokumenttype", "Avtale")
    _sub(doc, "dokumentstatus", "Dokumentet er ferdigstilt")
    _sub(doc, "tittel", title)
    _sub(doc, "opprettetDato", created)
    _sub(doc, "opprettetAv", leader or unit)
    _sub(doc, "tilknyttetRegistreringSom", "Hoveddokument")
    _sub(doc, "dokumentnummer", "1")
    _sub(doc, "tilknyttetDato", archived)
    _sub(doc, "tilknyttetAv", SYSTEM)

    obj = _sub(doc, "dokumentobjekt")
    _sub(obj, "versjonsnummer", "1")
    _sub(obj, "variantformat", "Arkivformat")
    _sub(obj, "format", PDF_FORMAT)
    _sub(obj, "formatDetaljer", "PDF/A-3b med digitale signaturer (PAdES) og vedlagt avtale.json")
    _sub(obj, "opprettetDato", archived)
    _sub(obj, "opprettetAv", SYSTEM)
    _sub(obj, "referanseDokumentfil", _xml_text(pdf_filename))
    _sub(obj, "sjekksum", pdf_sha256.lower())
    _sub(obj, "sjekksumAlgoritme", "SHA-256")
    if pdf_size is not None:
        _sub(obj, "filstoerrelse", str(pdf_size))

    _sub(reg, "tittel", title)
    for kind, person, org in (
        ("Intern avsender", full.leader, full.unit.name),
        ("Intern mottaker", full.director, full.service_area.name),
    ):
        part = _sub(reg, "korrespondansepart")
        _sub(part, "korrespondanseparttype", kind)
        _sub(part, "korrespondansepartNavn", _xml_text(person.name) if person else _xml_text(org))
        _sub(part, "administrativEnhet", _xml_text(org))
        if person is not None and person.name:
            _sub(part, "saksbehandler", _xml_text(person.name))
    _sub(reg, "journalposttype", "Organinternt dokument uten oppfølging")
    _sub(reg, "journalstatus", "Arkivert")
    _sub(reg, "journaldato", archived_at.date().isoformat())

    _sub(mappe, "administrativEnhet", unit)
    _sub(mappe, "saksansvarlig", director or leader or unit)
    _sub(mappe, "saksstatus", "Avsluttet")

    ET.indent(root, space="  ")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=NS)
    return data + b"\n"


# --- manifest -------------------------------------------------------------------------------------


def _sha256sum_line(name: str, digest: str) -> str:
    # GNU sha256sum escapes a name holding a backslash or newline and marks the line with "\".
    if "\\" in name or "\n" in name or "\r" in name:
        escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}\n"
    return f"{digest}  {name}\n"


def manifest(files: dict[str, bytes]) -> str:
    """``sha256sum``-compatible lines (``<hex>  <name>``), sorted by name; check with ``sha256sum -c``."""
    return "".join(
        _sha256sum_line(name, hashlib.sha256(data).hexdigest()) for name, data in sorted(files.items())
    )


# --- file names -----------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "æ": "ae", "Æ": "Ae", "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa",
        "ß": "ss", "đ": "d", "Đ": "D", "ŋ": "n", "Ŋ": "N", "ŧ": "t", "Ŧ": "T",
        "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "Oe",
    }
)  # fmt: skip


def ascii_fold(text: str) -> str:
    """Norwegian-aware ASCII folding: æ→ae, ø→oe, å→aa, Sami letters to their base letter, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def archive_filename(full: FullAgreement) -> str:
    """A safe file name stem: ``enhetsavtale-<year>-<unit>-rev<n>-<unit id prefix>``.

    Only ``[a-z0-9-]``; the unit name is ASCII-folded and cut at 60 characters; the first 8
    characters of the unit's id keep two units whose names fold alike apart.
    """
    rev = full.revision
    slug = (
        re.sub(r"[^a-z0-9]+", "-", ascii_fold(full.unit.name).lower()).strip("-")[:60].strip("-") or "enhet"
    )
    unit_key = re.sub(r"[^a-z0-9]", "", rev.unit_id.lower())[:8] or "0"
    return f"enhetsavtale-{rev.year}-{slug}-rev{rev.number}-{unit_key}"
