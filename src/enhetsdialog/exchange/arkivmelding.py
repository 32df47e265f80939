"""The KS Fiks Arkiv V1 arkivmelding (``no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett``) for
one signed agreement, validated against the official schema before it is returned.

One message per signed revision, as the schema allows it (a ``mappe`` and a ``registrering`` side
by side, the registrering pointing to the mappe):

* ``saksmappe``: the agreement (one unit, one year; the same ``systemID`` and external key for every
  revision of it), with arkivdel and klassifikasjon from the municipality's settings, the unit as
  administrativ enhet, the leader as saksansvarlig, and ``ed:enhetsavtale`` (which agreement) under
  ``virksomhetsspesifikkeMetadata``;
* ``journalpost`` «Organinternt dokument uten oppfølging»: the signed revision, the leader (intern
  avsender) and the director (intern mottaker) as korrespondanseparter, and ``ed:signertAvtale``
  under ``virksomhetsspesifikkeMetadata``: the fingerprint and each signature as verified at export,
  in Fiks Arkiv's ``elektroniskSignatur`` form (M507, M508, M622, M623) – the opprett message has no
  element of its own for it;
* ``dokumentbeskrivelse`` 1, Hoveddokument: the signed PDF/A; 2, Vedlegg: ``avtale.json``, the
  canonical bytes the fingerprint is the SHA-256 of. Each has one ``dokumentobjekt`` (Arkivformat,
  PRONOM format, SHA-256 sjekksum, filstørrelse, file name).

Deterministic: the same record gives the same bytes (ids are the agreement's and revision's UUIDs or
derived from them), so a re-run writes identical files. Pure: domain, lxml, the standard library.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from enhetsdialog import __version__
from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.exchange import noark_codes as codes
from enhetsdialog.exchange.arkiv_schema import NS_ED, NS_FAS, NS_MDK, NS_OPPRETT, validate_arkivmelding
from enhetsdialog.exchange.arkiv_settings import ArchiveSettings
from enhetsdialog.i18n import _, using

SYSTEM = "Enhetsdialog"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_IDS = uuid.UUID("0d5c3f1e-8a52-4f6e-9b1a-6e2f4f1f8c21")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_NSMAP = {None: NS_OPPRETT, "n5mdk": NS_MDK, "ed": NS_ED, "fas": NS_FAS, "xsi": XSI}


@dataclass(frozen=True, slots=True)
class ArchivedFile:
    """One file of the message (a dokumentobjekt)."""

    name: str  # referanseDokumentfil: the file's name beside arkivmelding.xml
    display_name: str  # filnavn: the name to show and to save it under
    format: codes.Code
    format_details: str
    mime_type: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class SignatureRecord:
    """A signature as the verification at export found it."""

    role: Role
    name: str
    signed_at: datetime | None
    certificate_subject: str
    certificate_issuer: str
    certificate_sha256: str
    trusted: bool  # the certificate chains to one of the municipality's trust anchors
    self_signed: bool
    qualified: bool  # the certificate says it is a qualified one (ETSI QcCompliance)
    level: str = ""  # PAdES level (B-B … B-LTA), when verification reports it

    @property
    def security_level(self) -> codes.Code:
        """M507: 'person høy' for a qualified certificate from a trusted issuer, else 'person standard'."""
        if self.trusted and self.qualified:
            return codes.SIKKERHETSNIVAA_PERSON_HOEY
        return codes.SIKKERHETSNIVAA_PERSON_STANDARD


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """Everything one arkivmelding says."""

    full: FullAgreement
    fingerprint: str
    archived_at: datetime  # when the revision became (or becomes) arkivert; also the verification date
    pdf: ArchivedFile
    data: ArchivedFile  # avtale.json
    signatures: tuple[SignatureRecord, ...]
    pdfa: str  # what the PDF claims, e.g. "PDF/A-2a, PDF/UA-1"
    settings: ArchiveSettings
    verified_by: str = f"{SYSTEM} {__version__}"


def system_id(value: str, kind: str = "") -> str:
    """``value`` when it is a UUID (the schema's systemID pattern), else a UUID derived from it."""
    if not kind and _UUID.match(value):
        return value.lower()
    return str(uuid.uuid5(_IDS, f"{kind}:{value}"))


def _clean(text: str | None) -> str:
    """Text XML 1.0 can carry, whitespace runs kept, ends stripped ('' when nothing is left)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", "", text or "").strip()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    """A point in time (xs:dateTime), in UTC."""
    return _aware(moment).astimezone(UTC).isoformat(timespec="seconds")


def _day(moment: datetime) -> str:
    """A date (xs:date): the day it was where the export runs."""
    return _aware(moment).astimezone().date().isoformat()


class _Builder:
    def __init__(self) -> None:
        self.root = etree.Element(f"{{{NS_OPPRETT}}}arkivmelding", nsmap=_NSMAP)

    @staticmethod
    def sub(parent: etree._Element, tag: str, text: str | None = None, ns: str = NS_OPPRETT) -> etree._Element:
        el = etree.SubElement(parent, f"{{{ns}}}{tag}")
        if text is not None:
            el.text = text
        return el

    def opt(self, parent: etree._Element, tag: str, text: str | None, ns: str = NS_OPPRETT) -> None:
        """An optional element: left out when its text is empty (the schema's strings need a character)."""
        value = _clean(text)
        if value:
            self.sub(parent, tag, value, ns)

    def code(self, parent: etree._Element, tag: str, code: codes.Code, ns: str = NS_OPPRETT) -> None:
        el = self.sub(parent, tag, ns=ns)
        self.sub(el, "kode", code.kode, NS_MDK)
        self.sub(el, "beskrivelse", code.beskrivelse, NS_MDK)

    def names(self, parent: etree._Element, tag: str, name: str) -> None:
        """An ``identifikatorer`` element (administrativEnhet, saksansvarlig, saksbehandler) by name."""
        if _clean(name):
            self.sub(self.sub(parent, tag), "navn", _clean(name), NS_MDK)

    def external_key(self, parent: etree._Element, tag: str, key: str, ns: str = NS_OPPRETT) -> None:
        el = self.sub(parent, tag, ns=ns)
        self.sub(el, "fagsystem", SYSTEM, NS_MDK)
        self.sub(el, "noekkel", key, NS_MDK)


def arkivmelding(record: ArchiveRecord) -> bytes:
    """The message for ``record`` (UTF-8 XML with declaration), validated: ArchiveXmlError otherwise."""
    data = _build(record)
    validate_arkivmelding(data)
    return data


def _build(r: ArchiveRecord) -> bytes:
    with using(r.full.language):  # the titles in the municipality's written language, like the PDF
        return _build_in_language(r)


def _build_in_language(r: ArchiveRecord) -> bytes:
    full, rev, s = r.full, r.full.revision, r.settings
    b = _Builder()
    unit = _clean(full.unit.name) or rev.unit_id
    leader = _clean(full.leader.name) if full.leader else ""
    director = _clean(full.director.name) if full.director else ""
    case_title = _("Enhetsavtale {year} – {unit}", year=rev.year, unit=unit)
    title = _("{case_title}, revisjon {number}", case_title=case_title, number=rev.number)
    created = _iso(rev.created_at or r.archived_at)
    archived = _iso(r.archived_at)
    day = _day(r.archived_at)
    folder_id = system_id(rev.agreement_id)

    b.sub(b.root, "system", r.verified_by)
    b.sub(b.root, "antallFiler", "2")

    mappe = b.sub(b.root, "mappe")
    mappe.set(f"{{{XSI}}}type", "saksmappe")
    b.sub(mappe, "systemID", folder_id)
    b.sub(mappe, "tittel", case_title)
    b.sub(mappe, "offentligTittel", case_title)  # a signed agreement is a public document
    b.opt(mappe, "beskrivelse", f"Enhetsavtale for {unit} ({_clean(full.service_area.name)}, {_clean(full.municipality.name)})")
    for word in ("enhetsavtale", str(rev.year), unit):
        b.opt(mappe, "noekkelord", word)
    b.code(mappe, "dokumentmedium", codes.ELEKTRONISK)
    b.sub(mappe, "opprettetDato", created)
    b.sub(mappe, "opprettetAv", leader or unit)
    b.code(mappe, "arkivdel", codes.Code(s.arkivdel, s.arkivdel_beskrivelse))
    meta = b.sub(mappe, "virksomhetsspesifikkeMetadata")
    avtale = b.sub(meta, "enhetsavtale", ns=NS_ED)
    b.sub(avtale, "avtaleId", rev.agreement_id, NS_ED)
    b.sub(avtale, "kommune", _clean(full.municipality.name) or "?", NS_ED)
    if re.fullmatch(r"[0-9]{4}", full.municipality.number or ""):
        b.sub(avtale, "kommunenummer", full.municipality.number, NS_ED)
    b.sub(avtale, "tjenesteomraade", _clean(full.service_area.name) or "?", NS_ED)
    b.sub(avtale, "enhet", unit, NS_ED)
    b.sub(avtale, "enhetId", rev.unit_id, NS_ED)
    b.sub(avtale, "aar", f"{rev.year:04d}", NS_ED)
    klass = b.sub(mappe, "klassifikasjon")
    b.sub(klass, "klassifikasjonssystemID", s.klassifikasjonssystem)
    b.sub(klass, "klasseID", s.klasse)
    b.opt(klass, "tittel", s.klasse_tittel)
    b.external_key(mappe, "referanseEksternNoekkel", rev.agreement_id)
    b.sub(mappe, "saksdato", _day(rev.created_at or r.archived_at))
    b.names(mappe, "administrativEnhet", unit)
    b.names(mappe, "saksansvarlig", leader)
    b.opt(mappe, "journalenhet", s.journalenhet)
    b.code(mappe, "saksstatus", codes.FERDIG_FRA_SAKSBEHANDLER)

    reg = b.sub(b.root, "registrering")
    reg.set(f"{{{XSI}}}type", "journalpost")
    b.sub(reg, "systemID", system_id(rev.id))
    b.sub(reg, "opprettetDato", created)
    b.sub(reg, "opprettetAv", leader or unit)
    b.sub(reg, "arkivertDato", archived)
    b.sub(reg, "arkivertAv", SYSTEM)
    parent = b.sub(reg, "referanseForelderMappe")
    b.sub(parent, "systemID", folder_id, NS_MDK)
    b.external_key(parent, "referanseEksternNoekkel", rev.agreement_id, NS_MDK)  # inside a catalogue type
    _document(b, reg, r, 1, r.pdf, title, codes.HOVEDDOKUMENT)
    _document(b, reg, r, 2, r.data, _("{title} – avtaleinnholdet som data (avtale.json)", title=title), codes.VEDLEGG)
    b.sub(reg, "tittel", title)
    b.sub(reg, "offentligTittel", title)
    for name in (leader, director):
        b.opt(reg, "forfatter", name)
    b.code(reg, "dokumentmedium", codes.ELEKTRONISK)
    _signed(b, b.sub(reg, "virksomhetsspesifikkeMetadata"), r, day)
    for kind, name, org in (
        (codes.INTERN_AVSENDER, leader, unit),
        (codes.INTERN_MOTTAKER, director, _clean(full.service_area.name)),
    ):
        part = b.sub(reg, "korrespondansepart")
        b.code(part, "korrespondanseparttype", kind)
        b.sub(part, "korrespondansepartNavn", name or org or unit)
        b.names(part, "administrativEnhet", org)
        b.names(part, "saksbehandler", name)
    b.external_key(reg, "referanseEksternNoekkel", rev.id)
    b.code(reg, "journalposttype", codes.ORGANINTERNT_UTEN_OPPFOELGING)
    b.code(reg, "journalstatus", codes.FERDIGSTILT_FRA_SAKSBEHANDLER)
    b.sub(reg, "journaldato", day)
    signed = [sig.signed_at for sig in r.signatures if sig.signed_at is not None]
    if signed:
        b.sub(reg, "dokumentetsDato", _day(max(_aware(m) for m in signed)))
    b.sub(reg, "antallVedlegg", "1")
    b.opt(reg, "journalenhet", s.journalenhet)
    out: bytes = etree.tostring(b.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out


def _document(
    b: _Builder, reg: etree._Element, r: ArchiveRecord, number: int, f: ArchivedFile, title: str, role: codes.Code
) -> None:
    rev = r.full.revision
    archived = _iso(r.archived_at)
    doc = b.sub(reg, "dokumentbeskrivelse")
    b.sub(doc, "systemID", system_id(rev.id, f"dokumentbeskrivelse:{number}"))
    if role is codes.HOVEDDOKUMENT:
        b.code(doc, "dokumenttype", codes.AVTALE)
    b.code(doc, "dokumentstatus", codes.DOKUMENTET_ER_FERDIGSTILT)
    b.sub(doc, "tittel", title)
    b.sub(doc, "opprettetDato", _iso(rev.created_at or r.archived_at))
    b.sub(doc, "opprettetAv", SYSTEM)
    b.code(doc, "dokumentmedium", codes.ELEKTRONISK)
    b.code(doc, "tilknyttetRegistreringSom", role)
    b.sub(doc, "dokumentnummer", str(number))
    b.sub(doc, "tilknyttetDato", archived)
    b.sub(doc, "tilknyttetAv", SYSTEM)
    obj = b.sub(doc, "dokumentobjekt")
    b.sub(obj, "systemID", system_id(rev.id, f"dokumentobjekt:{number}"))
    b.sub(obj, "versjonsnummer", "1")
    b.code(obj, "variantformat", codes.ARKIVFORMAT)
    b.code(obj, "format", f.format)
    b.sub(obj, "formatDetaljer", f.format_details)
    b.sub(obj, "mimeType", f.mime_type)
    b.sub(obj, "opprettetDato", archived)
    b.sub(obj, "opprettetAv", SYSTEM)
    b.sub(obj, "filnavn", _clean(f.display_name) or f.name)
    b.sub(obj, "referanseDokumentfil", f.name)
    b.sub(obj, "sjekksum", f.sha256.lower())
    b.sub(obj, "sjekksumAlgoritme", "SHA-256")
    b.sub(obj, "filstoerrelse", str(f.size))


def _signature_block(b: _Builder, parent: etree._Element, level: codes.Code, day: str, by: str) -> None:
    el = b.sub(parent, "elektroniskSignatur", ns=NS_ED)
    b.code(el, "elektroniskSignaturSikkerhetsnivaa", level, NS_FAS)
    b.code(el, "elektroniskSignaturVerifisert", codes.SIGNATUR_VERIFISERT, NS_FAS)
    b.sub(el, "verifisertDato", day, NS_FAS)
    b.sub(el, "verifisertAv", by, NS_FAS)


def _signed(b: _Builder, meta: etree._Element, r: ArchiveRecord, day: str) -> None:
    rev = r.full.revision
    el = b.sub(meta, "signertAvtale", ns=NS_ED)
    b.sub(el, "revisjon", str(rev.number), NS_ED)
    b.sub(el, "revisjonId", rev.id, NS_ED)
    b.sub(el, "fingeravtrykk", r.fingerprint.lower(), NS_ED)
    b.sub(el, "innholdsformat", "enhetsdialog.revision/1", NS_ED)
    b.sub(el, "pdfa", r.pdfa, NS_ED)
    _signature_block(b, el, codes.weakest([s.security_level for s in r.signatures]), day, r.verified_by)
    for sig in sorted(r.signatures, key=lambda s: s.role is not Role.LEDER):
        one = b.sub(el, "signatur", ns=NS_ED)
        b.sub(one, "rolle", "enhetsleder" if sig.role is Role.LEDER else "direktoer", NS_ED)
        b.sub(one, "navn", _clean(sig.name) or sig.role.label, NS_ED)
        if sig.signed_at is not None:
            b.sub(one, "signeringstidspunkt", _iso(sig.signed_at), NS_ED)
        b.sub(one, "sertifikatEmne", _clean(sig.certificate_subject) or "?", NS_ED)
        b.sub(one, "sertifikatUtsteder", _clean(sig.certificate_issuer) or "?", NS_ED)
        b.sub(one, "sertifikatSha256", sig.certificate_sha256.lower(), NS_ED)
        b.sub(one, "utstederBetrodd", "true" if sig.trusted else "false", NS_ED)
        b.sub(one, "selvlagetSertifikat", "true" if sig.self_signed else "false", NS_ED)
        b.sub(one, "kvalifisertSertifikat", "true" if sig.qualified else "false", NS_ED)
        b.opt(one, "padesNivaa", sig.level, NS_ED)
        _signature_block(b, one, sig.security_level, day, r.verified_by)
