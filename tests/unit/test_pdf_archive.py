"""The archive delivery's names and manifest (exchange/archive.py); the XML is test_arkivmelding.py."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from enhetsdialog.exchange.archive import (
    archive_filename,
    ascii_fold,
    display_filename,
    manifest,
    parse_manifest,
)
from tests.pdf_fixtures import build_agreement


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


def test_manifest_reads_back() -> None:
    files = {"a/arkivmelding.xml": b"<x/>", "a/avtale.json": b"{}", "odd\\name\n": b"y"}
    assert parse_manifest(manifest(files)) == {n: hashlib.sha256(d).hexdigest() for n, d in files.items()}
    assert parse_manifest("not a manifest\n" + manifest({"b": b"z"})) == {"b": hashlib.sha256(b"z").hexdigest()}


def test_display_filename_keeps_letters_and_drops_what_no_file_system_takes() -> None:
    full = build_agreement()
    assert display_filename(full, ".pdf") == "Enhetsavtale 2027 – Bjørndal skole (revisjon 2).pdf"
    full.unit.name = 'A/B\\C:D*E?"<>|\x01'
    name = display_filename(full, ".json")
    assert not set('/\\:*?"<>|\x01') & set(name) and name.endswith("(revisjon 2).json")
