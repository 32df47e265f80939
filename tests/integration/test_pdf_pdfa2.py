"""PDF/A-2 and tagging: every PDF claims part 2 (A when tagged, U when not) and passes every check we
can run here, before and after one and two signatures; the structure tree covers every text run;
the text of the agreement comes out of pdftotext, right-to-left text in logical order."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pikepdf
import pytest

from enhetsdialog.domain import outline
from enhetsdialog.domain.canonical import canonical_bytes, fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.model import FullAgreement, Participant
from enhetsdialog.pdf import (
    content,
    fonts,
    pdfa_checks,
    read_embedded,
    render_agreement,
    sign_pdf,
    validate_pdfa,
)
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.pdf.verify import verify_pdf
from tests.pdf_fixtures import build_agreement, hostile_agreement

ARABIC = "مرحبا بكم في المدرسة"
HEBREW = "שלום לכולם"
GREEK = "Καλημέρα κόσμε"
CYRILLIC = "Добрый день"
SAMI = "Sámegiella: čđŋšŧž áÁ"
EMOJI = "Vi gleder oss 😀👍"
PARTICIPANT_ID = "0b6c1f5e-8f1e-4a55-9d0c-5a0e6c2b9a11"
PREFLIGHT_JARS = ("preflight", "pdfbox2", "xmpbox", "fontbox2", "commons-logging", "javax.activation", "jaxb-api")


def scripts_agreement() -> FullAgreement:
    full = build_agreement(status=Status.ENIGHET, goals=2)
    c = full.revision.content
    c.users_voice = ARABIC
    c.goals[0].description = f"{GREEK} og {CYRILLIC}. {EMOJI}"
    c.goals[1].text = f"Mål på flere språk: {SAMI}"
    c.participants.append(Participant(role=HEBREW, name="Miriam", how="Møte", when="Mai", position=9, id=PARTICIPANT_ID))
    return full


@cache
def tagged_pdf() -> bytes:
    return render_agreement(scripts_agreement())


@cache
def untagged_pdf() -> bytes:
    return render_agreement(build_agreement(status=Status.ENIGHET), tagged=False)


@cache
def certificates() -> tuple[bytes, bytes]:
    return (
        create_personal_certificate("Kari Ødegård Lie", None, b"a"),
        create_personal_certificate("Ola Åsheim Nordby", None, b"b"),
    )


@cache
def signed_once() -> bytes:
    leader, _ = certificates()
    return sign_pdf(tagged_pdf(), pkcs12=leader, password=b"a", role=Role.LEDER, name="Kari Ødegård Lie", title="Rektor")


@cache
def signed_twice() -> bytes:
    _, director = certificates()
    return sign_pdf(signed_once(), pkcs12=director, password=b"b", role=Role.DIREKTOR, name="Ola Åsheim Nordby", title="Direktør")


def all_pdfs() -> dict[str, bytes]:
    return {
        "tagged": tagged_pdf(),
        "untagged": untagged_pdf(),
        "draft": render_agreement(build_agreement(status=Status.I_DIALOG)),
        "hostile": render_agreement(hostile_agreement()),
        "nynorsk": render_agreement(build_agreement(status=Status.ENIGHET), language="nn"),
        "signed once": signed_once(),
        "signed twice": signed_twice(),
    }


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    """Without whitespace and bidi marks, NFKC: what must survive line breaks and reordering marks."""
    text = re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", text)
    return unicodedata.normalize("NFKC", text)


# --- identification and validators ----------------------------------------------------------------------


def test_every_pdf_claims_part_2_and_passes_validation() -> None:
    for label, pdf in all_pdfs().items():
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            part, level = pdfa_checks.claimed(doc)
            tagged = "/StructTreeRoot" in doc.Root
        assert part == "2", label
        assert level == ("A" if tagged else "U"), label
        assert tagged == (label != "untagged"), label
        assert validate_pdfa(pdf) == [], label


def test_untagged_pdf_passes_strictly_and_claims_no_pdfua() -> None:
    pdf = render_agreement(build_agreement(status=Status.ENIGHET), tagged=False, signature_fields=False)
    assert validate_pdfa(pdf, strict=True) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc, doc.open_metadata() as xmp:
        assert "pdfuaid:part" not in xmp


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_check(tmp_path: Path) -> None:
    for label, pdf in all_pdfs().items():
        path = tmp_path / "check.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
        assert done.returncode == 0, (label, done.stdout, done.stderr)
        assert b"No syntax or stream encoding errors" in done.stdout, label


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts is not installed")
def test_pdffonts_every_font_embedded_with_tounicode() -> None:
    for label, pdf in all_pdfs().items():
        out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        rows = out.splitlines()[2:]
        assert rows, label
        for row in rows:
            assert re.search(r"\byes\s+yes\s+yes\b", row), (label, row)  # emb sub uni
    out = subprocess.run(["pdffonts", "-"], input=tagged_pdf(), capture_output=True, check=True).stdout.decode()
    assert "NotoEmoji" in out  # the emoji fallback font is used, and embedded


def test_pdfua_checker_finds_nothing(tmp_path: Path) -> None:
    pdfua = pytest.importorskip("pdfua")
    for label in ("tagged", "draft", "nynorsk", "signed twice"):
        path = tmp_path / f"pdfua-{label.replace(' ', '-')}.pdf"
        path.write_bytes(all_pdfs()[label])
        report = pdfua.validate(str(path))
        errors = [f for f in report.findings if str(getattr(f, "severity", "")).endswith("ERROR")]
        assert not errors, (label, errors)


def _preflight() -> list[str] | None:
    java = shutil.which("java")
    jars = [Path("/usr/share/java") / f"{name}.jar" for name in PREFLIGHT_JARS]
    if java is None or not all(j.exists() for j in jars):
        return None
    return [java, "-cp", ":".join(str(j) for j in jars), "org.apache.pdfbox.preflight.Validator_A1b"]


def test_pdfbox_preflight_reports_only_part_1_clauses(tmp_path: Path) -> None:
    """Preflight checks PDF/A-1b. Three of its rules differ for part 2: 7.11.2 (pdfaid:part must be
    1), 7.11.1 (level A or B: level U exists only in part 2) and 7.2 (one dc:creator entry for
    /Author: PDF/A-1 ties the info dictionary to XMP, part 2 does not). Anything else is a finding."""
    command = _preflight()
    if command is None:
        pytest.skip("Apache PDFBox Preflight (Debian libpdfbox2-java) is not installed")
    for label in ("tagged", "untagged", "draft", "signed twice"):  # signing leaves the XMP as it was
        path = tmp_path / f"{label.replace(' ', '-')}.pdf"
        path.write_bytes(all_pdfs()[label])
        out = subprocess.run([*command, str(path)], capture_output=True, timeout=300).stdout.decode()
        codes = set(re.findall(r"^(\d+(?:\.\d+)*) :", out, re.MULTILINE))
        assert codes <= {"7.11.1", "7.11.2", "7.2"}, (label, out)


# --- content in XMP ---------------------------------------------------------------------------------------


def test_content_and_fingerprint_are_in_declared_xmp_properties() -> None:
    full = scripts_agreement()
    for label in ("tagged", "signed twice"):
        pdf = all_pdfs()[label]
        found = content.read_content(pdf)
        assert found is not None and found.source == "xmp", label
        assert found.data == canonical_bytes(full.revision), label
        assert found.fingerprint == fingerprint(full.revision), label
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            declared = content.declared_properties(doc)
            assert not doc.attachments
        assert {"Fingerprint", "Format", "Content"} <= declared[content.NS], label


def test_legacy_pdfa3b_record_with_attachment_still_reads_and_verifies() -> None:
    full = build_agreement(status=Status.ENIGHET)
    data = canonical_bytes(full.revision)
    with pikepdf.open(io.BytesIO(untagged_pdf())) as doc:
        del doc.Root.Metadata
        doc.attachments["avtale.json"] = pikepdf.AttachedFileSpec(doc, data, mime_type="application/json")
        doc.docinfo["/EnhetsdialogFingerprint"] = fingerprint(full.revision)
        out = io.BytesIO()
        doc.save(out)
    legacy = out.getvalue()
    found = content.read_content(legacy)
    assert found is not None and found.source == "attachment" and found.data == data
    assert read_embedded(legacy)[1] == fingerprint(full.revision)
    report = verify_pdf(legacy)
    assert report.computed_fingerprint == report.embedded_fingerprint == fingerprint(full.revision)
    assert report.reasons == ["Dokumentet har ingen signaturer."]


def test_signatures_verify_and_content_change_after_signing_is_caught() -> None:
    assert verify_pdf(signed_twice()).ok
    assert verify_pdf(signed_twice()).complete


# --- tags ---------------------------------------------------------------------------------------------------


def test_structure_tree_covers_every_text_run() -> None:
    for label, pdf in all_pdfs().items():
        if label == "untagged":
            continue
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            assert pdfa_checks.untagged_content(doc) == [], label
            assert pdfa_checks.tagging_findings(doc, require_title=True, title="x") == [], label
            # every MCID drawn is in the page's parent tree array
            nums = list(doc.Root.StructTreeRoot.ParentTree.Nums)
            parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for index, page in enumerate(doc.pages):
                mcids = [
                    int(ops[1].MCID)
                    for ops, op in pikepdf.parse_content_stream(page)
                    if str(op) == "BDC" and len(ops) > 1 and isinstance(ops[1], pikepdf.Dictionary) and "/MCID" in ops[1]
                ]
                assert mcids == list(range(len(mcids))), (label, index)
                assert len(parents[int(page.obj.StructParents)]) == len(mcids), (label, index)


def _roles(doc: pikepdf.Pdf) -> dict[str, list[pikepdf.Dictionary]]:
    out: dict[str, list[pikepdf.Dictionary]] = {}
    for elem in pdfa_checks._elements(doc.Root.StructTreeRoot):
        out.setdefault(str(elem.S), []).append(elem)
    return out


def test_headings_tables_lists_figures_and_form_fields_are_tagged() -> None:
    with pikepdf.open(io.BytesIO(tagged_pdf())) as doc:
        roles = _roles(doc)
        assert str(doc.Root.Lang) == "nb-NO"
        for role in ("/Document", "/Sect", "/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/Caption"):
            assert role in roles, role
        for role in ("/L", "/LI", "/LBody", "/Lbl", "/Figure", "/Form"):
            assert role in roles, role
        scopes = {str(th.A.Scope) for th in roles["/TH"]}
        assert scopes == {"/Column", "/Row"}
        assert all(str(fig.Alt).startswith("FNs bærekraftsmål nummer") for fig in roles["/Figure"])
        forms = roles["/Form"]
        assert len(forms) == 2 and all(f.K.Type == pikepdf.Name.OBJR for f in forms)
        fields = {str(f.T): f for f in doc.Root.AcroForm.Fields}
        for form in forms:
            assert str(form.K.Obj.T) in fields and "/StructParent" in form.K.Obj
        assert doc.pages[-1].obj.Tabs == pikepdf.Name.S


# --- text ---------------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdftotext_returns_every_text_of_the_outline() -> None:
    full = scripts_agreement()
    text = squeeze(pdftotext(tagged_pdf()))
    for value in outline.texts(outline.build_outline(full)):
        for line in value.split("\n"):
            shown = squeeze(line.replace("-\n", ""))
            if not shown or line.endswith("…"):
                continue
            assert shown in text, line


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_right_to_left_and_other_scripts_come_out_in_logical_order() -> None:
    text = squeeze(pdftotext(tagged_pdf()))
    for value in (ARABIC, HEBREW, GREEK, CYRILLIC, SAMI, EMOJI):
        assert squeeze(value) in text, value
    assert "æøåÆØÅ" in squeeze(pdftotext(all_pdfs()["hostile"]))


def test_characters_without_a_font_are_reported_and_shown_as_placeholder() -> None:
    assert fonts.missing_characters([ARABIC, HEBREW, GREEK, CYRILLIC, SAMI, EMOJI]) == []
    assert fonts.missing_characters(["Tekst med 漢字"]) == ["漢", "字"]
    full = build_agreement(status=Status.ENIGHET, goals=1)
    full.revision.content.users_voice = "Tekst med 漢字"
    pdf = render_agreement(full, validate=True)
    assert "\ufffd" in pdftotext(pdf)


def test_language_sets_lang_and_dc_language() -> None:
    for code, tag in (("nb", "nb-NO"), ("nn", "nn-NO"), ("en", "en-GB")):
        pdf = render_agreement(build_agreement(status=Status.ENIGHET, goals=1), language=code)
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            assert str(doc.Root.Lang) == tag
            with doc.open_metadata() as xmp:
                assert list(xmp["dc:language"]) == [tag]
