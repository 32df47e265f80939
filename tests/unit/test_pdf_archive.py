"""Archive metadata (exchange/archive.py): Noark 5-shaped XML, manifest, file names."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Status
from enhetsdialog.exchange.archive import NS, archive_filename, arkivmelding_xml, ascii_fold, manifest
from tests.pdf_fixtures import MARKUP_TEXT, build_agreement

N = f"{{{NS}}}"
ARCHIVED = datetime(2027, 1, 15, 10, 30, tzinfo=UTC)


def _xml(name: str = "Bjørndal skole") -> tuple[bytes, str]:
    full = build_agreement(status=Status.SIGNERT)
    full.unit.name = name
    fp = fingerprint(full.revision)
    xml = arkivmelding_xml(
        full,
        fingerprint=fp,
        pdf_filename="enhetsavtale-2027-x.pdf",
        pdf_sha256="ab" * 32,
        archived_at=ARCHIVED,
        pdf_size=12345,
    )
    return xml, fp


def test_arkivmelding_has_the_noark_structure() -> None:
    xml, fp = _xml()
    root = ET.fromstring(xml)
    assert root.tag == f"{N}arkivmelding"
    mappe = root.find(f"{N}mappe")
    assert mappe is not None
    reg = mappe.find(f"{N}registrering")
    assert reg is not None
    doc = reg.find(f"{N}dokumentbeskrivelse")
    assert doc is not None
    obj = doc.find(f"{N}dokumentobjekt")
    assert obj is not None
    assert obj.findtext(f"{N}referanseDokumentfil") == "enhetsavtale-2027-x.pdf"
    assert obj.findtext(f"{N}sjekksum") == "ab" * 32
    assert obj.findtext(f"{N}sjekksumAlgoritme") == "SHA-256"
    assert obj.findtext(f"{N}filstoerrelse") == "12345"
    assert doc.findtext(f"{N}tittel") == "Enhetsavtale 2027 – Bjørndal skole, revisjon 2"
    assert doc.findtext(f"{N}opprettetDato")
    parts = reg.findall(f"{N}korrespondansepart")
    assert [p.findtext(f"{N}korrespondansepartNavn") for p in parts] == [
        "Kari Ødegård Lie",
        "Ola Åsheim Nordby",
    ]
    assert root.findtext(f"{N}antallFiler") == "1"
    text = xml.decode("utf-8")
    assert "<ed:aar>2027</ed:aar>" in text
    assert "<ed:enhet>Bjørndal skole</ed:enhet>" in text
    assert f"<ed:fingeravtrykk>{fp}</ed:fingeravtrykk>" in text
    # element order inside mappe: metadata before the registration, saksstatus last
    tags = [child.tag.split("}")[1] for child in mappe]
    assert tags.index("virksomhetsspesifikkeMetadata") < tags.index("registrering") < tags.index("saksstatus")


def test_arkivmelding_escapes_everything_and_is_deterministic() -> None:
    name = f"Skole {MARKUP_TEXT} \x01"
    xml, _ = _xml(name)
    again, _ = _xml(name)
    assert xml == again
    root = ET.fromstring(xml)  # well-formed whatever the name holds
    titles = [el.text for el in root.iter(f"{N}tittel")]
    assert any(t and MARKUP_TEXT in t for t in titles)
    assert "\x01" not in xml.decode("utf-8")


def test_manifest_is_sha256sum_format() -> None:
    files = {"b.pdf": b"pdf", "a.xml": b"<xml/>"}
    text = manifest(files)
    lines = text.splitlines()
    assert lines == [
        f"{hashlib.sha256(b'<xml/>').hexdigest()}  a.xml",
        f"{hashlib.sha256(b'pdf').hexdigest()}  b.pdf",
    ]
    assert text.endswith("\n")
    odd = manifest({"a\\b\nc": b"x"})
    assert odd == f"\\{hashlib.sha256(b'x').hexdigest()}  a\\\\b\\nc\n"


def test_archive_filename_is_safe_and_distinct() -> None:
    full = build_agreement()
    full.unit.name = "Åsveien skole / Æøå <&> Čđŋšŧž"
    stem = archive_filename(full)
    assert re.fullmatch(r"[a-z0-9-]+", stem)
    assert stem.startswith("enhetsavtale-2027-aasveien-skole-aeoeaa-cdnstz-rev2-")
    other = build_agreement()
    other.unit.name = full.unit.name
    other.revision.unit_id = "ffffffff-0000-0000-0000-000000000000"
    assert archive_filename(other) != stem
    empty = build_agreement()
    empty.unit.name = "<<>>"
    assert "-enhet-rev2-" in archive_filename(empty)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_archive_filename_for_any_name(name: str) -> None:
    full = build_agreement(remarks=False, goals=0)
    full.unit.name = name
    stem = archive_filename(full)
    assert re.fullmatch(r"enhetsavtale-2027-[a-z0-9-]+-rev2-[a-z0-9]{1,8}", stem)
    assert len(stem) <= 100


def test_ascii_fold() -> None:
    assert ascii_fold("Bjørndal Åsen Ærlig") == "Bjoerndal Aasen Aerlig"
    assert ascii_fold("Čáhcegáddi") == "Cahcegaddi"
