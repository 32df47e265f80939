"""The agreement PDF as users and archives see it: text (poppler), fonts, PDF/A, metadata, content."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache

import pikepdf
import pytest

from enhetsdialog.domain.canonical import (
    canonical_bytes,
    fingerprint,
    revision_from_canonical,
    short_fingerprint,
)
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.pdf import read_embedded, render_agreement, validate_pdfa
from enhetsdialog.pdf.content import read_content
from enhetsdialog.pdf.names import INFO_FINGERPRINT_KEY, SIGNATURE_FIELDS
from tests.pdf_fixtures import (
    MARKUP_TEXT,
    NORWEGIAN_LETTERS,
    build_agreement,
    hostile_agreement,
    large_agreement,
    long_text_agreement,
    many_indicators_agreement,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

QUESTIONS = (
    "1 Hvor vil vi?",
    "2 Hvordan kommer vi dit?",
    "3 Hva gjør det enklere?",
    "4 Hvordan vet vi om vi lykkes?",
)


def pdftotext(pdf: bytes, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    done = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text with every run of whitespace (line ends included) as one space."""
    return re.sub(r"\s+", " ", text)


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


@cache
def draft_pdf() -> bytes:
    return render_agreement(build_agreement(status=Status.I_DIALOG))


@cache
def agreed_pdf() -> bytes:
    return render_agreement(build_agreement(status=Status.ENIGHET))


@cache
def hostile_pdf() -> bytes:
    return render_agreement(hostile_agreement())


def test_sections_questions_and_indicator_groups_in_order() -> None:
    text = flat(pdftotext(agreed_pdf()))
    positions = [text.index(q) for q in QUESTIONS]
    assert positions == sorted(positions)
    assert text.index("Samskaping", positions[-1]) > positions[-1]
    assert text.index("Den røde tråden") < positions[0]
    for label in (
        "Prosessindikatorer",
        "Resultatindikatorer",
        "Tegn på modighet",
        "Behov fra støttesystemet",
    ):
        assert label in text
    for value in ("Åpen", "Kompetent", "Modig", "Brukernes stemme", "Hvem har deltatt"):
        assert value in text


def test_cover_parties_and_red_thread() -> None:
    full = build_agreement(status=Status.ENIGHET)
    text = flat(pdftotext(agreed_pdf()))
    for expected in (
        "Enhetsavtale 2027",
        "Bjørndal skole",
        "Oppvekst og utdanning",
        "Trondheim kommune",
        "Kari Ødegård Lie",
        "Ola Åsheim Nordby",
        "Kommunaldirektør for oppvekst og utdanning",
        "Enighet",
        "OPP 1.2",
        "Barn og unge opplever mestring, trygghet og tilhørighet",
        "Oppvekstplan – Sammen for barn og unge",
        "Bærekraftsmål 4: God utdanning",
        "Bærekraftsmål 16: Fred, rettferdighet og velfungerende institusjoner",
    ):
        assert expected in text, expected
    # footer on every page: page X of Y and the short fingerprint
    pages = page_count(agreed_pdf())
    short_fp = short_fingerprint(fingerprint(full.revision))
    for n in range(1, pages + 1):
        page = flat(pdftotext(agreed_pdf(), n, n))
        assert f"Side {n} av {pages}" in page
        assert short_fp in page


def test_numbers_use_decimal_comma_with_baseline_year() -> None:
    text = flat(pdftotext(agreed_pdf()))
    assert "12,5 (2025)" in text  # baseline value 12.5 measured in 2025
    assert "11,25" in text  # result indicator: target 13.5 - 2.25
    assert "Lavere er bedre" in text and "Høyere er bedre" in text
    assert "01.01.2027" in text  # activity deadline


def test_norwegian_letters_and_markup_like_user_text_verbatim() -> None:
    text = flat(pdftotext(hostile_pdf()))
    assert NORWEGIAN_LETTERS in text
    assert "čđŋšŧž áÁ" in text
    assert MARKUP_TEXT in text
    assert f"Mål med markup {MARKUP_TEXT}" in text
    assert "Brukerstemme: ]]> og <![CDATA[ og &#x41; og &nbsp; slutt" in text
    # the newline typed in «challenges» is a line break, not lost and not a literal tag
    raw = pdftotext(hostile_pdf())
    assert re.search(r"etter\s*\n\s*Ny linje med", raw)


def test_very_long_words_are_kept_whole() -> None:
    squeezed = re.sub(r"\s+", "", pdftotext(hostile_pdf()))
    assert "Kjempelangtordutenmellomrom" * 20 in squeezed
    # in a table cell the word wraps inside its column; read that column alone (x 50-300 pt)
    column = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-x", "50", "-y", "0", "-W", "250", "-H", "842", "-", "-"],
        input=hostile_pdf(),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "Tiltak" + "Langtord" * 40 in re.sub(r"\s+", "", column)


def test_long_text_breaks_across_pages() -> None:
    pdf = render_agreement(long_text_agreement(50_000))
    assert page_count(pdf) > page_count(agreed_pdf()) + 10
    text = flat(pdftotext(pdf))
    assert text.count("SLUTTMERKE") == 3  # the 50,000-char field, the field with line breaks, the table cell
    assert validate_pdfa(pdf) == []


def test_table_of_40_indicators_spans_pages_with_repeated_headers() -> None:
    pdf = render_agreement(many_indicators_agreement(40))
    pages_with_rows = []
    for n in range(1, page_count(pdf) + 1):
        page = pdftotext(pdf, n, n)
        if "Indikator nummer" in page:
            pages_with_rows.append(n)
            # every page that holds rows of the table also holds its header and its group caption
            assert "Målverdi" in page and "Datakilde og" in page
            assert "indikatorer – mål 1" in page
    assert len(pages_with_rows) > 1
    text = pdftotext(pdf)
    assert all(f"Indikator nummer {n:02d}" in text for n in range(1, 41))
    assert text.count("Prosessindikatorer – mål 1") >= 2


def test_pdfa_valid_and_all_fonts_embedded() -> None:
    for pdf in (draft_pdf(), agreed_pdf(), hostile_pdf()):
        assert validate_pdfa(pdf) == []
    without_fields = render_agreement(build_agreement(status=Status.ENIGHET), signature_fields=False)
    assert validate_pdfa(without_fields, strict=True) == []


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts is not installed")
def test_pdffonts_all_embedded_no_base14() -> None:
    for pdf in (agreed_pdf(), hostile_pdf()):
        out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        rows = out.splitlines()[2:]
        assert rows, out
        for row in rows:
            assert "DejaVuSans" in row, row
            assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb sub uni


def test_metadata_language_and_identification() -> None:
    full = build_agreement(status=Status.ENIGHET)
    fp = fingerprint(full.revision)
    with pikepdf.open(io.BytesIO(agreed_pdf())) as doc:
        info = doc.docinfo
        assert str(info["/Title"]) == "Enhetsavtale 2027 – Bjørndal skole (revisjon 2)"
        assert str(info["/Author"]) == "Kari Ødegård Lie; Ola Åsheim Nordby"
        assert "Bjørndal skole" in str(info["/Subject"])
        assert str(info[INFO_FINGERPRINT_KEY]) == fp
        assert str(info["/Creator"]).startswith("Enhetsdialog ")
        assert str(doc.Root.Lang) == "nb-NO"
        with doc.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "2"
            assert xmp["pdfaid:conformance"] == "A"
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:identifier"] == f"sha256:{fp}"
            assert "nb-NO" in xmp["dc:language"]
            assert xmp["pdf:Producer"] == str(info["/Producer"])
            assert xmp["dc:title"] == str(info["/Title"])
        assert len(doc.open_outline().root) >= 6
        # PDF/A-2: no embedded files; the content is in the XMP metadata
        assert not doc.attachments and "/AF" not in doc.Root
        assert "/StructTreeRoot" in doc.Root and doc.Root.MarkInfo.Marked


def test_embedded_content_round_trips() -> None:
    full = build_agreement(status=Status.ENIGHET)
    content, fp = read_embedded(agreed_pdf())
    assert fp == fingerprint(full.revision)
    assert fingerprint(revision_from_canonical(content)) == fp
    found = read_content(agreed_pdf())
    assert found is not None and found.source == "xmp"
    assert found.data == canonical_bytes(full.revision)
    with pytest.raises(DomainError):
        read_embedded(b"%PDF-1.7 nonsense")


def test_draft_is_marked_utkast_and_has_no_signature_fields() -> None:
    draft_text = pdftotext(draft_pdf())
    assert "UTKAST" in draft_text
    assert "UTKAST" not in pdftotext(agreed_pdf())
    with pikepdf.open(io.BytesIO(draft_pdf())) as doc:
        assert "/AcroForm" not in doc.Root
    for status in (Status.UTKAST, Status.TIL_DIALOG):
        assert "UTKAST" in pdftotext(render_agreement(build_agreement(status=status, goals=1)), 1, 1)
    for status in (Status.SIGNERT, Status.ARKIVERT):
        assert "UTKAST" not in pdftotext(render_agreement(build_agreement(status=status, goals=1)))


def test_signature_fields_are_unsigned_widgets_with_appearance() -> None:
    with pikepdf.open(io.BytesIO(agreed_pdf())) as doc:
        fields = {str(f.T): f for f in doc.Root.AcroForm.Fields}
        assert set(fields) == set(SIGNATURE_FIELDS.values())
        last_page = doc.pages[-1].obj
        for field in fields.values():
            assert field.FT == pikepdf.Name.Sig
            assert "/V" not in field
            assert field.F == 4
            assert "/N" in field.AP
            assert field.P.objgen == last_page.objgen
        assert "/NeedAppearances" not in doc.Root.AcroForm
    last = flat(pdftotext(agreed_pdf(), page_count(agreed_pdf())))
    assert "Signaturer" in last and "Enhetsleder" in last and "Direktør" in last
    assert fingerprint(build_agreement(status=Status.ENIGHET).revision)[:8] in last


def test_remarks_appendix_is_optional() -> None:
    with_remarks = flat(pdftotext(agreed_pdf()))
    assert "Vedlegg: Merknader og svar" in with_remarks
    assert "Hvordan vil dere måle tryggheten i friminuttene" in with_remarks
    assert "Svar fra Kari Ødegård Lie (Enhetsleder)" in with_remarks
    without = flat(pdftotext(render_agreement(build_agreement(status=Status.ENIGHET), include_remarks=False)))
    assert "Merknader og svar" not in without


def test_empty_agreement_and_missing_people_render() -> None:
    full = build_agreement(goals=0, remarks=False)
    full.leader = None
    full.director = None
    full.revision.content.support_needs = []
    full.revision.content.participants = []
    full.revision.content.challenges = ""
    pdf = render_agreement(full, validate=True)
    text = flat(pdftotext(pdf))
    assert "Avtalen har ingen mål ennå." in text
    assert "(ikke oppgitt)" in text


def test_large_agreement_renders_with_validation() -> None:
    pdf = render_agreement(large_agreement(), validate=True)
    assert page_count(pdf) >= 10
