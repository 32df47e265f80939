"""The KS Fiks Arkiv V1 arkivmelding (exchange/arkivmelding.py): valid against the official XSD, the
structure an archive reads, electronic signatures with Noark 5 names and codes, the settings."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from enhetsdialog.domain.canonical import canonical_bytes, fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.exchange import arkiv_schema
from enhetsdialog.exchange import noark_codes as codes
from enhetsdialog.exchange.arkiv_schema import NS_ED, NS_FAS, NS_MDK, NS_OPPRETT, ArchiveXmlError
from enhetsdialog.exchange.arkiv_settings import DEFAULTS, ArchiveSettings
from enhetsdialog.exchange.arkivmelding import ArchivedFile, ArchiveRecord, SignatureRecord, arkivmelding
from tests.pdf_fixtures import MARKUP_TEXT, build_agreement

NS = {"a": NS_OPPRETT, "m": NS_MDK, "ed": NS_ED, "fas": NS_FAS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
ARCHIVED = datetime(2027, 1, 15, 10, 30, tzinfo=UTC)
# the Fiks Arkiv files as published (ks-no/fiks-arkiv-specification, Schema/V1, commit df8afce)
PUBLISHED = {
    "fiks-arkiv-v1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd": "8ee82ed82d83c5c657cb6019e8a4b325a7f0647016a19f583fc6a5f9c3710841",
    "fiks-arkiv-v1/metadatakatalog.xsd": "2cbf035f92da01294491b063a3178d590f6bcdc2fd9ffe151759dd94effc5afa",
    "fiks-arkiv-v1/arkivstruktur.xsd": "c5dcafc391e598aad35eb353ba34c8baf717f397daaf9bd8ebb6cbf1e0b7f77c",
}


def _signature(role: Role, *, trusted: bool = False, qualified: bool = False) -> SignatureRecord:
    name = "Kari Ødegård Lie" if role is Role.LEDER else "Ola Åsheim Nordby"
    return SignatureRecord(
        role, name, datetime(2027, 1, 10 + (role is Role.DIREKTOR), 9, tzinfo=UTC), f"CN={name}",
        "CN=Kommunens CA" if trusted else f"CN={name}", ("ab" if role is Role.LEDER else "cd") * 32,
        trusted, not trusted, qualified,
    )  # fmt: skip


def record(*, name: str | None = None, settings: ArchiveSettings = DEFAULTS, **sig: bool) -> ArchiveRecord:
    full = build_agreement(status=Status.SIGNERT)
    if name is not None:
        full.unit.name = name
    data = canonical_bytes(full.revision)
    fp = fingerprint(full.revision)
    pdf = ArchivedFile("enhetsavtale-2027-x.pdf", "Enhetsavtale 2027.pdf", codes.PDF_A_2A, "PDF/A-2a", "application/pdf", "ef" * 32, 123456)
    js = ArchivedFile("avtale.json", "avtale.json", codes.JSON, "JSON", "application/json", fp, len(data))
    sigs = (_signature(Role.LEDER, **sig), _signature(Role.DIREKTOR, **sig))
    return ArchiveRecord(full, fp, ARCHIVED, pdf, js, sigs, "PDF/A-2a, PDF/UA-1", settings)


def official() -> etree.XMLSchema:
    """The published schema, compiled here independently of the module under test."""
    return etree.XMLSchema(etree.parse(str(arkiv_schema.schema_dir() / arkiv_schema.FIKS_OPPRETT)))


def test_the_vendored_schemas_are_the_published_files() -> None:
    for name, digest in PUBLISHED.items():
        assert hashlib.sha256((arkiv_schema.schema_dir() / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (arkiv_schema.schema_dir() / "fiks-arkiv-v1" / "LICENSE").read_text()


def test_message_validates_against_the_official_xsd_and_is_deterministic() -> None:
    xml = arkivmelding(record())
    doc = etree.fromstring(xml)
    schema = official()
    assert schema.validate(doc), schema.error_log
    assert arkivmelding(record()) == xml
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_structure_an_archive_reads() -> None:
    r = record(settings=DEFAULTS.changed(arkivdel="SAK", arkivdel_beskrivelse="Sakarkiv", klasse="026", journalenhet="SENTRAL"))
    doc = etree.fromstring(arkivmelding(r))
    assert doc.findtext("a:antallFiler", namespaces=NS) == "2"
    mappe = doc.find("a:mappe", NS)
    assert mappe.get(f"{{{NS['xsi']}}}type") == "saksmappe"
    reg = doc.find("a:registrering", NS)
    assert reg.get(f"{{{NS['xsi']}}}type") == "journalpost"
    assert reg.findtext("a:referanseForelderMappe/m:systemID", namespaces=NS) == mappe.findtext("a:systemID", namespaces=NS)
    assert mappe.findtext("a:arkivdel/m:kode", namespaces=NS) == "SAK"
    assert mappe.findtext("a:klassifikasjon/a:klasseID", namespaces=NS) == "026"
    assert mappe.findtext("a:klassifikasjon/a:klassifikasjonssystemID", namespaces=NS) == "ENHETSDIALOG"
    assert mappe.findtext("a:journalenhet", namespaces=NS) == "SENTRAL"
    assert mappe.findtext("a:saksdato", namespaces=NS)
    assert mappe.findtext("a:virksomhetsspesifikkeMetadata/ed:enhetsavtale/ed:aar", namespaces=NS) == "2027"
    assert reg.findtext("a:journalposttype/m:kode", namespaces=NS) == "X"
    assert reg.findtext("a:journaldato", namespaces=NS) == "2027-01-15"
    assert reg.findtext("a:dokumentetsDato", namespaces=NS) == "2027-01-11"
    parts = reg.findall("a:korrespondansepart", NS)
    assert [(p.findtext("a:korrespondanseparttype/m:kode", namespaces=NS), p.findtext("a:korrespondansepartNavn", namespaces=NS)) for p in parts] == [
        ("IA", "Kari Ødegård Lie"),
        ("IM", "Ola Åsheim Nordby"),
    ]
    docs = reg.findall("a:dokumentbeskrivelse", NS)
    assert [d.findtext("a:tilknyttetRegistreringSom/m:kode", namespaces=NS) for d in docs] == ["H", "V"]
    pdf, js = (d.find("a:dokumentobjekt", NS) for d in docs)
    assert pdf.findtext("a:format/m:kode", namespaces=NS) == "fmt/95"
    assert pdf.findtext("a:referanseDokumentfil", namespaces=NS) == "enhetsavtale-2027-x.pdf"
    assert pdf.findtext("a:sjekksum", namespaces=NS) == "ef" * 32
    assert pdf.findtext("a:sjekksumAlgoritme", namespaces=NS) == "SHA-256"
    assert pdf.findtext("a:filstoerrelse", namespaces=NS) == "123456"
    assert pdf.findtext("a:systemID", namespaces=NS)
    assert js.findtext("a:referanseDokumentfil", namespaces=NS) == "avtale.json"
    assert js.findtext("a:sjekksum", namespaces=NS) == r.fingerprint
    assert js.findtext("a:format/m:kode", namespaces=NS) == "fmt/817"


def test_electronic_signatures_have_noark_names_and_codes() -> None:
    doc = etree.fromstring(arkivmelding(record()))
    signed = doc.find("a:registrering/a:virksomhetsspesifikkeMetadata/ed:signertAvtale", NS)
    assert signed.findtext("ed:fingeravtrykk", namespaces=NS) == record().fingerprint
    whole = signed.find("ed:elektroniskSignatur", NS)
    assert [child.tag.split("}")[1] for child in whole] == [
        "elektroniskSignaturSikkerhetsnivaa", "elektroniskSignaturVerifisert", "verifisertDato", "verifisertAv",
    ]  # fmt: skip
    assert whole.findtext("fas:elektroniskSignaturSikkerhetsnivaa/m:kode", namespaces=NS) == "PS"
    assert whole.findtext("fas:elektroniskSignaturVerifisert/m:kode", namespaces=NS) == "V"
    assert whole.findtext("fas:verifisertDato", namespaces=NS) == "2027-01-15"
    assert whole.findtext("fas:verifisertAv", namespaces=NS).startswith("Enhetsdialog ")
    each = signed.findall("ed:signatur", NS)
    assert [s.findtext("ed:rolle", namespaces=NS) for s in each] == ["enhetsleder", "direktoer"]
    assert each[0].findtext("ed:selvlagetSertifikat", namespaces=NS) == "true"


def test_security_level_from_trust_and_qualified_certificates() -> None:
    assert _signature(Role.LEDER).security_level == codes.SIKKERHETSNIVAA_PERSON_STANDARD
    assert _signature(Role.LEDER, qualified=True).security_level == codes.SIKKERHETSNIVAA_PERSON_STANDARD  # untrusted
    assert _signature(Role.LEDER, trusted=True, qualified=True).security_level == codes.SIKKERHETSNIVAA_PERSON_HOEY
    doc = etree.fromstring(arkivmelding(record(trusted=True, qualified=True)))
    assert doc.findtext(".//ed:signertAvtale/ed:elektroniskSignatur/fas:elektroniskSignaturSikkerhetsnivaa/m:kode", namespaces=NS) == "PH"
    assert codes.weakest([codes.SIKKERHETSNIVAA_PERSON_HOEY, codes.SIKKERHETSNIVAA_PERSON_STANDARD]) == codes.SIKKERHETSNIVAA_PERSON_STANDARD


def test_our_metadata_is_validated_too() -> None:
    """The message's wildcard is lax: the official schema alone skips our elements; the combined one
    checks them against enhetsdialog-arkiv-1.xsd (and Fiks Arkiv's elektroniskSignatur type)."""
    xml = arkivmelding(record())
    for bad in (
        xml.replace(f"<ed:fingeravtrykk>{record().fingerprint}".encode(), b"<ed:fingeravtrykk>not-hex"),
        xml.replace(b"<fas:verifisertDato>2027-01-15", b"<fas:verifisertDato>15.01.2027", 1),
        xml.replace(b"<ed:rolle>direktoer", b"<ed:rolle>sjef"),
    ):
        assert bad != xml
        assert official().validate(etree.fromstring(bad))
        assert arkiv_schema.findings(bad, "combined")
        with pytest.raises(ArchiveXmlError, match="ikke gyldig"):
            arkiv_schema.validate_arkivmelding(bad)
    assert arkiv_schema.findings(xml, "combined") == []


def test_invalid_output_stops_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from enhetsdialog.exchange import arkivmelding as module

    real = module._build
    monkeypatch.setattr(module, "_build", lambda r: real(r).replace(b"<antallFiler>2", b"<antallFiler>to"))
    with pytest.raises(ArchiveXmlError, match="Fiks Arkiv V1") as caught:
        module.arkivmelding(record())
    assert "antallFiler" in str(caught.value)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_unit_name_gives_a_valid_message(name: str) -> None:
    xml = arkivmelding(record(name=name))  # raises if invalid
    assert official().validate(etree.fromstring(xml))


def test_markup_and_control_characters_are_escaped() -> None:
    xml = arkivmelding(record(name=f"Skole {MARKUP_TEXT} \x01\x1f"))
    titles = [el.text for el in etree.fromstring(xml).iter(f"{{{NS_OPPRETT}}}tittel")]
    assert any(t and MARKUP_TEXT in t for t in titles)
    assert b"\x01" not in xml


def test_pronom_codes() -> None:
    assert codes.pdfa_format("2", "A") == codes.Code("fmt/95", "PDF/A-2a")
    assert codes.pdfa_format("2", "U").kode == "fmt/476"  # type: ignore[union-attr]
    assert codes.pdfa_format("2", "B").kode == "fmt/354"  # type: ignore[union-attr]
    assert codes.pdfa_format("3", "B").kode == "fmt/480"  # type: ignore[union-attr]
    assert codes.pdfa_format("1", "B") is None and codes.pdfa_format("", "") is None


def test_settings_defaults_validation_and_storage_form() -> None:
    assert DEFAULTS.is_default
    changed = DEFAULTS.changed(arkivdel="  SAK  ", klasse=None)
    assert changed.arkivdel == "SAK" and changed.klasse == DEFAULTS.klasse and not changed.is_default
    assert ArchiveSettings.from_json(changed.to_json()) == changed
    assert ArchiveSettings.from_json("{not json") == DEFAULTS
    assert ArchiveSettings.from_json('{"arkivdel": 5, "unknown": "x"}') == DEFAULTS
    for bad in ({"arkivdel": ""}, {"klasse": "x" * 201}, {"klasse_tittel": "a\x07b"}, {"nope": "x"}):
        with pytest.raises(ValidationError):
            DEFAULTS.changed(**bad)
    assert DEFAULTS.changed(journalenhet="").journalenhet == ""
    assert replace(DEFAULTS, journalenhet="X").changed(journalenhet="").journalenhet == ""
