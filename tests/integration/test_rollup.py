"""The director's roll-up over a real database (storage query, service, CLI): contributing units,
plan goals no unit contributes to, the agreement in force, a service area, the formats."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from enhetsdialog.domain.enums import Assessment
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.pdf import pdfa
from enhetsdialog.storage.uow import writing
from tests.integration.helpers import run_cli


def test_contributing_and_missing_units_per_plan_goal_and_sdg(demo_services: Any) -> None:
    s = demo_services
    r = s.rollup.rollup(2026)
    rows = {row.plan_goal.code: row for row in r.plan_goals}
    assert r.agreements == len(s.agreements.list(year=2026))
    kinds = [row.plan.kind.level for row in r.plan_goals]
    assert kinds == sorted(kinds)  # KPS → kommunedelplan/temaplan → HØP
    contributed = {c.unit_name for row in r.plan_goals for c in row.contributions}
    assert {"Lade skole", "Byåsen ungdomsskole"} <= contributed
    missing = [code for code, row in rows.items() if row.nobody]
    assert missing  # the demo's catalogue has plan goals no unit contributes to
    for code in missing:
        assert not rows[code].contributions and rows[code].units_via_subgoals == 0
    # every contribution names a goal that really links to that plan goal
    for row in r.plan_goals:
        for c in row.contributions:
            goal = s.agreements.get(c.revision_id).revision.content.goal(c.goal_id)
            assert row.plan_goal.id in goal.plan_goal_ids
    sdg4 = next(x for x in r.sdgs if x.sdg.number == 4)
    assert sdg4.units >= 1 and any(x.nobody for x in r.sdgs)


def test_status_and_assessment_come_from_what_was_recorded(demo_services: Any) -> None:
    s = demo_services
    lade = next(x for x in s.agreements.list(year=2026) if x.unit_name.startswith("Lade"))
    full = s.agreements.get(lade.id)
    goal = full.revision.content.goals[0]
    ind = goal.indicators[0]
    with writing(s.db) as uow:
        for m in full.measurements:
            uow.followup.remove_measurement(m.id)
        uow.followup.record_measurement(lade.id, ind.id, "2026", ind.target_value or Decimal(1), "på målet")
        uow.followup.set_assessment(lade.id, goal.id, Assessment.NADD, "Vi kom dit")
    r = s.rollup.rollup(2026)
    c = next(c for row in r.plan_goals for c in row.contributions if c.goal_id == goal.id and c.revision_id == lade.id)
    assert c.assessment is Assessment.NADD and c.reflection == "Vi kom dit"
    assert next(i for i in c.indicators if i.indicator_id == ind.id).status.value == "nådd"


def test_a_service_area_narrows_it_and_an_unknown_one_is_one_line(demo_services: Any) -> None:
    s = demo_services
    r = s.rollup.rollup(2027, "helse og velferd")  # case does not matter
    assert r.area == "Helse og velferd"
    units = {c.unit_name for row in r.plan_goals for c in row.contributions} | {c.unit_name for c in r.unlinked}
    assert units and all(u not in units for u in ("Lade skole", "Byåsen ungdomsskole"))
    with pytest.raises(ValidationError, match="Fant ikke tjenesteområdet «Ingen slik»"):
        s.rollup.rollup(2027, "Ingen slik")


def test_formats_json_csv_and_a_pdfa_pdf(demo_services: Any) -> None:
    s = demo_services
    doc = json.loads(s.rollup.export_bytes(2026, None, "json"))
    assert doc["format"] == "enhetsdialog.rollup/1" and any(p["no_unit_contributes"] for p in doc["plan_goals"])
    rows = list(csv.DictReader(io.StringIO(s.rollup.export_bytes(2026, None, "csv").decode("utf-8-sig")), delimiter=";"))
    assert any(r["enhet"] == "ingen enhet bidrar" for r in rows) and any(r["enhet"] == "Lade skole" for r in rows)
    pdf = s.rollup.export_bytes(2026, None, "pdf")
    assert pdfa.validate(pdf) == []


def test_cli_prints_a_table_and_writes_files(tmp_path: Path) -> None:
    env = {"ENHETSDIALOG_DB": str(tmp_path / "d.sqlite3")}
    assert run_cli("demo", env=env).returncode == 0
    table = run_cli("rollup", "--year", "2026", env=env)
    assert table.returncode == 0, table.stderr
    assert "ingen enhet bidrar" in table.stdout and "Lade skole" in table.stdout and "Bærekraftsmål" in table.stdout
    out = tmp_path / "rod-trad.json"
    written = run_cli("rollup", "--year", "2026", "--area", "Oppvekst og utdanning", "-o", str(out), env=env)
    assert written.returncode == 0 and json.loads(out.read_text("utf-8"))["service_area"] == "Oppvekst og utdanning"
    bad = run_cli("rollup", "--year", "2026", "-o", str(tmp_path / "x.docx"), env=env)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.docx").exists()
    area = run_cli("rollup", "--year", "2026", "--area", "Finnes ikke", env=env)
    assert area.returncode == 1 and "Fant ikke tjenesteområdet" in area.stderr


@pytest.mark.parametrize(("language", "tag", "nobody"), [("nn", "nn-NO", "inga eining bidreg"), ("en", "en-GB", "no unit contributes")])
def test_the_exports_are_in_the_municipality_language(demo_services: Any, language: str, tag: str, nobody: str) -> None:
    import pikepdf

    from enhetsdialog.i18n import current_language, using

    s = demo_services
    s.settings.set_municipality_language(s.org.municipalities()[0].id, language)
    with using("nb"):  # the director reads bokmål
        rows = list(csv.DictReader(io.StringIO(s.rollup.export_bytes(2026, None, "csv").decode("utf-8-sig")),
                                   delimiter=";"))
        pdf = s.rollup.export_bytes(2026, None, "pdf")
        assert current_language() == "nb"
    assert any(r["enhet"] == nobody for r in rows) and not any(r["enhet"] == "ingen enhet bidrar" for r in rows)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == tag
