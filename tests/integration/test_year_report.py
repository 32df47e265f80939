"""The unit's year report (issue 10): PDF/A with charts, CSV and JSON, from what was recorded during
the year; and what awkward text (markup, huge, right-to-left, emoji) does to it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from enhetsdialog.domain.enums import Assessment, Frequency, ProgressStatus
from enhetsdialog.domain.followup import period_of, periods_in_year
from enhetsdialog.pdf import pdfa
from enhetsdialog.storage.uow import writing
from tests.integration.helpers import run_cli

TODAY = date(2026, 12, 20)


def pdf_text(data: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def lade_2026(services: Any) -> str:
    rows = [r for r in services.agreements.list(year=2026) if r.unit_name.startswith("Lade")]
    return str(rows[0].id)


def record(services: Any, rid: str, *, reflection: str = "Vi nådde langt, men ikke helt fram.",
           learning: tuple[str, str, str] = ("Felles lesestrategier", "Møter uten agenda", "Vi prøvde elevstyrte møter")) -> Any:
    """Measurements (two tertials on the first indicator), progress, an assessment and «Hva lærte vi?»
    written straight through the follow-up repository."""
    full = services.agreements.get(rid)
    goal = sorted(full.revision.content.goals, key=lambda g: g.position)[0]
    ind = sorted(goal.indicators, key=lambda i: i.position)[0]
    assert ind.frequency not in (None, Frequency.YEARLY)  # the demo's first indicator: two periods or more
    first, second = (str(p) for p in periods_in_year(ind.frequency, 2026)[:2])
    with writing(services.db) as uow:
        for m in full.measurements:
            uow.followup.remove_measurement(m.id)
        uow.followup.record_measurement(rid, ind.id, first, Decimal("70.5"), "Første måling",
                                        source="Kursoversikt", recorded_by="Ingrid")
        uow.followup.record_measurement(rid, ind.id, second, Decimal("81.25"), "Godt oppmøte", recorded_by="Ingrid")
        if goal.activities:
            uow.followup.set_progress(rid, goal.activities[0].id, ProgressStatus.DONE, "Gjennomført i oktober")
        uow.followup.set_assessment(rid, goal.id, Assessment.DELVIS, reflection)
        uow.followup.set_learning(rid, *learning)
    return first, second


@pytest.fixture
def lade(demo_services: Any) -> tuple[Any, str, str, str]:
    rid = lade_2026(demo_services)
    first, second = record(demo_services, rid)
    return demo_services, rid, first, second


def test_the_pdf_holds_values_assessments_reflections_and_passes_the_pdfa_checks(lade: tuple[Any, str, str, str]) -> None:
    services, rid, first, second = lade
    data = services.reports.year_report_bytes(rid, "pdf", today=TODAY, validate=True)
    assert pdfa.validate(data) == []
    text = pdf_text(data)
    for expected in ("Årsrapport 2026", "Lade skole", "70,5", "81,25", "Første måling", "Godt oppmøte",
                     "Delvis nådd", "Vi nådde langt, men ikke helt fram.", "Hva lærte vi?", "Felles lesestrategier",
                     "Møter uten agenda", "Vi prøvde elevstyrte møter", "Gjennomført i oktober", "Fullført",
                     "Dialogens konklusjoner", period_of(first).label, period_of(second).label, "Målverdi"):
        assert expected in text, expected
    with pikepdf.open(io.BytesIO(data)) as pdf:
        figures = [n for n in _struct(pdf.Root.StructTreeRoot) if n.get("/S") == pikepdf.Name.Figure]
        alts = [str(n.get("/Alt", "")) for n in figures]
        assert any(a.startswith("Diagram for ") and f"{first} 70,5" in a and f"{second} 81,25" in a for a in alts), alts
        assert str(pdf.docinfo["/Title"]).startswith("Årsrapport 2026 – Lade skole")


def _struct(node: Any) -> list[Any]:
    out = []
    kids = node.get("/K")
    items = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            out.append(kid)
            out.extend(_struct(kid))
    return out


def test_the_pdf_passes_pdfua_and_embeds_every_font(lade: tuple[Any, str, str, str], tmp_path: Path) -> None:
    services, rid, first, second = lade
    data = services.reports.year_report_bytes(rid, "pdf", today=TODAY)
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Helvetica" not in fonts and "Type 1" not in fonts
    pdfua = pytest.importorskip("pdfua")
    path = tmp_path / "arsrapport.pdf"
    path.write_bytes(data)
    report = pdfua.validate(str(path))
    errors = [f for f in report.findings if str(getattr(f, "severity", "")).endswith("ERROR")]
    assert not errors, errors


def test_csv_has_one_row_per_indicator_and_period_for_excel(lade: tuple[Any, str, str, str]) -> None:
    services, rid, first, second = lade
    raw = services.reports.year_report_bytes(rid, "csv", today=TODAY)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    full = services.agreements.get(rid)
    indicators = [i for g in full.revision.content.goals for i in g.indicators]
    measured = [r for r in rows if r["periode"] in (first, second)]
    assert [(r["periode"], r["verdi"]) for r in measured] == [(first, "70,5"), (second, "81,25")]
    assert measured[0]["kilde"] == "Kursoversikt" and measured[0]["vurdering"] == "delvis_nådd"
    assert {r["indikator_id"] for r in rows} == {i.id for i in indicators}  # an unmeasured one has its row too
    assert all(r["i_fjor"] in ("ja", "nei", "") for r in rows)


def test_json_is_versioned_and_exact(lade: tuple[Any, str, str, str]) -> None:
    services, rid, first, second = lade
    doc = json.loads(services.reports.year_report_bytes(rid, "json", today=TODAY))
    assert doc["format"] == "enhetsdialog.arsrapport/1" and doc["year"] == 2026 and doc["made_on"] == "2026-12-20"
    goal = doc["goals"][0]
    assert goal["assessment"] == "delvis_nådd" and goal["reflection"].startswith("Vi nådde langt")
    ind = goal["indicators"][0]
    assert [m["value"] for m in ind["measurements"]] == ["70.5", "81.25"]
    assert ind["latest"]["period"] == second and ind["status"] in ("på_vei", "nådd", "bak")
    assert doc["learning"]["courage"] == "Vi prøvde elevstyrte møter"
    assert doc["agreement"]["fingerprint"] and sum(doc["summary"].values()) == sum(len(g["indicators"]) for g in doc["goals"])


@pytest.mark.parametrize(
    "text",
    [
        "<b>fet</b> & <script>alert(1)</script> &amp; <para>",
        "مرحبا بالعالم – שלום עולם 🎉👩🏽‍🏫 ✅",
        "=HYPERLINK(\"http://x\") +1 -2 @SUM(A1)",
        ("Et veldig langt avsnitt om hva vi lærte. " * 2000).strip(),
    ],
    ids=["markup", "rtl-emoji", "formula", "huge"],
)
def test_awkward_text_survives_every_format(demo_services: Any, text: str) -> None:
    rid = lade_2026(demo_services)
    record(demo_services, rid, reflection=text, learning=(text, text[:100], "🎉"))
    data = demo_services.reports.year_report_bytes(rid, "pdf", today=TODAY)
    assert pdfa.validate(data) == []
    shown = pdf_text(data)
    assert text[:30].split()[0] in shown
    if text.startswith("<b>"):
        assert "<script>alert(1)</script>" in shown  # shown as typed, never read as markup
    rows = list(csv.DictReader(io.StringIO(demo_services.reports.year_report_bytes(rid, "csv").decode("utf-8-sig")),
                               delimiter=";"))
    assert rows
    doc = json.loads(demo_services.reports.year_report_bytes(rid, "json"))
    assert doc["goals"][0]["reflection"] == text and doc["learning"]["worked"] == text


def test_a_formula_in_a_text_cell_is_defused_in_csv(demo_services: Any) -> None:
    rid = lade_2026(demo_services)
    full = demo_services.agreements.get(rid)
    ind = full.revision.content.goals[0].indicators[0]
    with writing(demo_services.db) as uow:
        uow.followup.record_measurement(rid, ind.id, "2026-Q4", Decimal("-3"), "=cmd|' /C calc'!A0")
    rows = list(csv.DictReader(io.StringIO(demo_services.reports.year_report_bytes(rid, "csv").decode("utf-8-sig")),
                               delimiter=";"))
    row = next(r for r in rows if r["periode"] == "2026-Q4")
    assert row["kommentar"] == "'=cmd|' /C calc'!A0" and row["verdi"] == "-3"


def test_cli_report_by_extension_and_one_line_for_an_unknown_one(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    env = {"ENHETSDIALOG_DB": str(db)}
    assert run_cli("demo", env=env).returncode == 0
    listing = run_cli("list", "--year", "2026", "--json", env=env)
    rid = next(r["id"] for r in json.loads(listing.stdout) if r["unit"].startswith("Lade"))
    for suffix in ("pdf", "csv", "json"):
        out = tmp_path / f"rapport.{suffix}"
        result = run_cli("report", rid[:8], "-o", str(out), env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 100 and "Skrev årsrapporten" in result.stdout
    assert json.loads((tmp_path / "rapport.json").read_text("utf-8"))["format"] == "enhetsdialog.arsrapport/1"
    bad = run_cli("report", rid[:8], "-o", str(tmp_path / "rapport.xlsx"), env=env)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert "«.xlsx»" in bad.stderr and not (tmp_path / "rapport.xlsx").exists()


# --- in the municipality's written language (issue 12, step 9) -----------------------------------------


def _pdf_lang(data: bytes) -> tuple[str, list[str]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        lang = str(pdf.Root.Lang)
        with pdf.open_metadata() as meta:
            return lang, list(meta.get("dc:language") or [])


@pytest.mark.parametrize(
    ("language", "tag", "headings", "title", "plan_kinds"),
    [
        ("nn", "nn-NO", ("Kva lærte vi?", "Konklusjonane frå dialogen"), "Årsrapport 2026 – Lade skole",
         ("Kommunedelplan", "Handlings- og økonomiplan")),
        ("en", "en-GB", ("What did we learn?", "Conclusions from the dialogue"), "Annual report 2026 – Lade skole",
         ("Municipal sub-plan", "Action and economy plan")),
    ],
)
def test_the_report_is_in_the_municipality_language_whatever_the_interface_speaks(
    lade: tuple[Any, str, str, str], language: str, tag: str, headings: tuple[str, ...], title: str,
    plan_kinds: tuple[str, ...],
) -> None:
    from enhetsdialog.i18n import current_language, using

    services, rid, first, second = lade
    services.settings.set_municipality_language(services.org.municipalities()[0].id, language)
    with using("nb" if language == "en" else "en"):  # the user reads another language ...
        data = services.reports.year_report_bytes(rid, "pdf", today=TODAY)
        doc = json.loads(services.reports.year_report_bytes(rid, "json", today=TODAY))
        assert current_language() != language  # ... and still does afterwards
    assert _pdf_lang(data) == (tag, [tag])
    text = pdf_text(data)
    for heading in headings:
        assert heading in text, heading
    for bokmaal in ("Hva lærte vi?", "Dialogens konklusjoner"):
        assert bokmaal not in text, bokmaal
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith(title)
    kinds = {x["plan_kind"] for g in doc["goals"] for x in g["plan_links"]}
    assert kinds == set(plan_kinds), kinds
