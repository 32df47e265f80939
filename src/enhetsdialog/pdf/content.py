"""The agreement's data inside its PDF: written into XMP at render time, read back from any PDF we made.

PDF/A-2 allows embedded files only when they are PDF/A themselves, so the revision's canonical data
(the bytes of ``domain.canonical.canonical_bytes``, which the fingerprint is the SHA-256 of) is kept
in the document's XMP metadata under our own namespace, declared as a PDF/A extension schema
(ISO 19005-2, 6.6.2.3.2: ``pdfaExtension:schemas`` → ``pdfaSchema`` with ``pdfaProperty`` entries):

=================  ========  ================================================================
``ed:Fingerprint``  Text      SHA-256 of the canonical bytes, lower-case hex
``ed:Format``       Text      the canonical form's name, ``enhetsdialog.revision/1``
``ed:Content``      Text      the canonical bytes, base64 (RFC 4648) — XML cannot carry every
                              character a user may type, base64 carries every byte exactly
=================  ========  ================================================================

``pdfuaid:part`` is declared in the same way when the file claims PDF/UA-1.

Reading (:func:`read_content`) also understands the records signed before this format: PDF/A-3b
files that carry the same bytes as the embedded file ``avtale.json`` and the fingerprint in the
info dictionary (``/EnhetsdialogFingerprint``) or in ``dc:identifier``.
"""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass

import pikepdf
from lxml import etree

from enhetsdialog.domain.canonical import FORMAT
from enhetsdialog.pdf.names import ATTACHMENT_NAME, INFO_FINGERPRINT_KEY, XMP_IDENTIFIER_PREFIX

NS = "https://enhetsdialog.no/ns/avtale/1.0/"
PREFIX = "ed"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
X = "adobe:ns:meta/"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXT = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"

# (name, value type, description) of our properties, in the order they are declared
PROPERTIES: tuple[tuple[str, str, str], ...] = (
    ("Fingerprint", "Text", "SHA-256 of the agreement's canonical content (Content), lower-case hex"),
    ("Format", "Text", "Name and version of the canonical form of the content"),
    ("Content", "Text", "The agreement revision's canonical UTF-8 JSON, base64-encoded"),
)
PDFUA_PROPERTIES: tuple[tuple[str, str, str], ...] = (
    ("part", "Integer", "Part of ISO 14289 (PDF/UA) the file conforms to"),
)


# pyHanko rewrites the XMP packet when it signs, serialising with lxml: with the prefix registered,
# our properties keep the prefix the extension schema declares instead of a generated "ns0".
etree.register_namespace(PREFIX, NS)


@dataclass(frozen=True, slots=True)
class StoredContent:
    data: bytes  # the canonical bytes as stored
    fingerprint: str  # as recorded in the document ("" when missing)
    source: str  # "xmp" or "attachment" (a legacy PDF/A-3b record)
    info_fingerprint: str = ""  # /EnhetsdialogFingerprint in the info dictionary, if any


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _schema(parent: etree._Element, name: str, uri: str, prefix: str, props: tuple[tuple[str, str, str], ...]) -> None:
    li = etree.SubElement(parent, _q(RDF, "li"), {_q(RDF, "parseType"): "Resource"})
    etree.SubElement(li, _q(SCHEMA, "schema")).text = name
    etree.SubElement(li, _q(SCHEMA, "namespaceURI")).text = uri
    etree.SubElement(li, _q(SCHEMA, "prefix")).text = prefix
    seq = etree.SubElement(etree.SubElement(li, _q(SCHEMA, "property")), _q(RDF, "Seq"))
    for prop, kind, description in props:
        item = etree.SubElement(seq, _q(RDF, "li"), {_q(RDF, "parseType"): "Resource"})
        etree.SubElement(item, _q(PROPERTY, "name")).text = prop
        etree.SubElement(item, _q(PROPERTY, "valueType")).text = kind
        etree.SubElement(item, _q(PROPERTY, "category")).text = "internal" if prefix == "pdfuaid" else "external"
        etree.SubElement(item, _q(PROPERTY, "description")).text = description


def write_xmp(pdf: pikepdf.Pdf, content: bytes, fingerprint: str, *, conformance: str, ua: bool) -> None:
    """Rewrite the XMP packet ``pikepdf.pdfa.prepare`` left: PDF/A-2 ``conformance`` ("U" or "A"),
    ``pdfuaid:part`` 1 when ``ua``, our extension schema and properties. Call after ``prepare``."""
    raw = bytes(pdf.Root.Metadata.read_bytes())
    start, end = raw.index(b"<x:xmpmeta"), raw.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    parser = etree.XMLParser(resolve_entities=False, remove_blank_text=True)
    meta = etree.fromstring(raw[start:end], parser)
    rdf = meta.find(_q(RDF, "RDF"))
    assert rdf is not None, "prepare() writes an rdf:RDF"
    for desc in rdf.findall(_q(RDF, "Description")):
        for node in desc.iter(_q(PDFAID, "conformance")):
            node.text = conformance
        if desc.get(_q(PDFAID, "conformance")) is not None:
            desc.set(_q(PDFAID, "conformance"), conformance)
    nsmap = {"pdfaExtension": EXT, "pdfaSchema": SCHEMA, "pdfaProperty": PROPERTY, PREFIX: NS, "pdfuaid": PDFUAID}
    ext = etree.SubElement(rdf, _q(RDF, "Description"), {_q(RDF, "about"): ""}, nsmap=nsmap)
    bag = etree.SubElement(etree.SubElement(ext, _q(EXT, "schemas")), _q(RDF, "Bag"))
    _schema(bag, "Enhetsdialog: the agreement's canonical content", NS, PREFIX, PROPERTIES)
    if ua:
        _schema(bag, "PDF/UA identification schema", PDFUAID, "pdfuaid", PDFUA_PROPERTIES)
        ua_desc = etree.SubElement(rdf, _q(RDF, "Description"), {_q(RDF, "about"): ""}, nsmap={"pdfuaid": PDFUAID})
        etree.SubElement(ua_desc, _q(PDFUAID, "part")).text = "1"
    # the properties in Descriptions of their own, after the one that declares their schemas
    # (PDFBox's xmpbox reads a schema only from a Description that does not use it)
    ours = etree.SubElement(rdf, _q(RDF, "Description"), {_q(RDF, "about"): ""}, nsmap={PREFIX: NS})
    etree.SubElement(ours, _q(NS, "Fingerprint")).text = fingerprint
    etree.SubElement(ours, _q(NS, "Format")).text = FORMAT
    etree.SubElement(ours, _q(NS, "Content")).text = base64.b64encode(content).decode("ascii")
    body = etree.tostring(meta, encoding="utf-8")
    packet = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body
    packet += b'\n<?xpacket end="w"?>'
    pdf.Root.Metadata = pdf.make_stream(packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)


def _descriptions(doc: pikepdf.Pdf) -> list[etree._Element]:
    stream = doc.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return []
    raw = bytes(stream.read_bytes())
    try:
        start, end = raw.index(b"<x:xmpmeta"), raw.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
        root = etree.fromstring(raw[start:end], etree.XMLParser(resolve_entities=False, no_network=True))
    except (ValueError, etree.XMLSyntaxError):
        return []
    return list(root.iter(_q(RDF, "Description")))


def _prop(descriptions: list[etree._Element], ns: str, name: str) -> str | None:
    for desc in descriptions:
        value = desc.get(_q(ns, name))
        if value is not None:
            return str(value)
        node = desc.find(_q(ns, name))
        if node is not None:
            return "".join(node.itertext())
    return None


def read_content(pdf: bytes) -> StoredContent | None:
    """The canonical bytes and recorded fingerprint in ``pdf`` (XMP first, then a legacy
    ``avtale.json`` attachment), or None when the file holds neither. Raises pikepdf.PdfError for
    a file that is not a PDF."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return read_open(doc)


def read_open(doc: pikepdf.Pdf) -> StoredContent | None:
    descriptions = _descriptions(doc)
    encoded = _prop(descriptions, NS, "Content")
    if encoded is not None:
        try:
            data = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            data = b""
        recorded = doc.docinfo.get(INFO_FINGERPRINT_KEY)
        return StoredContent(
            data,
            (_prop(descriptions, NS, "Fingerprint") or "").strip(),
            "xmp",
            str(recorded) if recorded is not None else "",
        )
    spec = doc.attachments.get(ATTACHMENT_NAME)
    if spec is None:
        return None
    data = bytes(spec.get_file().read_bytes())
    recorded = doc.docinfo.get(INFO_FINGERPRINT_KEY)
    fp = str(recorded) if recorded is not None else ""
    if not fp:
        ident = ""
        for desc in descriptions:
            for node in desc.iter("{http://purl.org/dc/elements/1.1/}identifier"):
                ident = "".join(node.itertext()).strip()
        fp = ident.removeprefix(XMP_IDENTIFIER_PREFIX) if ident.startswith(XMP_IDENTIFIER_PREFIX) else ""
    return StoredContent(data, fp, "attachment", fp)


def declared_properties(doc: pikepdf.Pdf) -> dict[str, set[str]]:
    """Namespace URI → property names declared in the XMP's pdfaExtension:schemas (for the checks)."""
    out: dict[str, set[str]] = {}
    for desc in _descriptions(doc):
        for schema in desc.iter(_q(SCHEMA, "namespaceURI")):
            # a URI value may be serialised as text or as rdf:resource (pyHanko writes the latter)
            uri = (schema.text or schema.get(_q(RDF, "resource")) or "").strip()
            owner = schema.getparent()
            names: set[str] = set()
            if owner is not None:
                names |= {(n.text or "").strip() for n in owner.iter(_q(PROPERTY, "name"))}
                for item in owner.iter(_q(RDF, "Description"), _q(RDF, "li")):
                    value = item.get(_q(PROPERTY, "name"))
                    if value:
                        names.add(value.strip())
            out.setdefault(uri, set()).update(names)
    return out


def strip_extension(doc: pikepdf.Pdf) -> None:
    """Remove our extension schema and properties and claim plain 2B, for pikepdf's validator
    (an allowlist that knows no extension schemas and only level B). Used on a copy only."""
    stream = doc.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return
    raw = bytes(stream.read_bytes())
    start, end = raw.index(b"<x:xmpmeta"), raw.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    meta = etree.fromstring(raw[start:end], etree.XMLParser(resolve_entities=False))
    for desc in list(meta.iter(_q(RDF, "Description"))):
        for child in list(desc):
            ours = (_q(EXT, "schemas"), _q(NS, "Fingerprint"), _q(NS, "Format"), _q(NS, "Content"))
            if child.tag in (*ours, _q(PDFUAID, "part")):
                desc.remove(child)
            elif child.tag == _q(PDFAID, "conformance"):
                child.text = "B"
        if desc.get(_q(PDFAID, "conformance")) is not None:
            desc.set(_q(PDFAID, "conformance"), "B")
        for key in list(desc.attrib):
            if key.startswith(f"{{{NS}}}") or key == _q(PDFUAID, "part"):
                del desc.attrib[key]
        if len(desc) == 0 and not [k for k in desc.attrib if k != _q(RDF, "about")]:
            parent = desc.getparent()
            if parent is not None:
                parent.remove(desc)
    etree.cleanup_namespaces(meta)
    packet = raw[:start] + etree.tostring(meta, encoding="utf-8") + raw[end:]
    doc.Root.Metadata = doc.make_stream(packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
