"""Follow-up through the services: recording on a signed agreement leaves the signed record byte for
byte as it was (and the triggers still guard it), who recorded it, the CSV import all or nothing,
last year's follow-up, copy forward."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from enhetsdialog.domain.enums import (
    Assessment,
    Frequency,
    IndicatorStatus,
    ItemKind,
    ProgressStatus,
    Role,
    Status,
)
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.followup import Period
from enhetsdialog.domain.items import ItemRef, Patch
from enhetsdialog.i18n import using
from enhetsdialog.services import Services

from .helpers import dump, freeze_as_signed

SIGNED_TABLES = (
    "revision", "goal", "goal_plan_link", "goal_sdg_link", "activity", "indicator", "support_need", "participant",
    "signature", "signed_document", "agreement",
)
FOLLOWUP_TABLES = ("measurement", "goal_assessment", "activity_progress", "year_learning")


def _agreement(services: Services, year: int = 2026) -> tuple[str, dict[str, str]]:
    o = services.org
    mid = o.create_municipality("Fjordby kommune", "5099").created or ""
    director = o.create_person("Kari Nordahl", "Kommunaldirektør").created
    area = o.create_service_area(mid, "Oppvekst", director).created or ""
    leader = o.create_person("Ingrid Solberg", "Rektor").created
    unit = o.create_unit(area, "Lade skole", "skole", leader).created or ""
    a = services.agreements
    rid = a.create(unit, year).created or ""
    gid = a.add_item(rid, Patch.of(ItemKind.GOAL, text="Mindre fravær")).created or ""
    ids = {
        "goal": gid,
        "tertial": a.add_item(rid, Patch.of(ItemKind.INDICATOR, name="Sykefravær", baseline_value="9,4",
                                            target_value="7,5", direction="lower", frequency="tertialvis"),
                              goal_id=gid).created or "",
        "yearly": a.add_item(rid, Patch.of(ItemKind.INDICATOR, name="Trivsel", baseline_value="4",
                                           target_value="4,5"), goal_id=gid).created or "",
        "activity": a.add_item(rid, Patch.of(ItemKind.ACTIVITY, what="Nærværssamtaler"), goal_id=gid).created or "",
    }
    return rid, ids


@pytest.fixture
def signed(services: Services) -> tuple[Services, str, dict[str, str]]:
    rid, ids = _agreement(services)
    freeze_as_signed(services, rid)
    assert services.agreements.revision(rid).status is Status.SIGNERT
    return services, rid, ids


def _signed_record(path: Path) -> dict[str, list[tuple[object, ...]]]:
    rows = dump(path)
    return {t: rows[t] for t in SIGNED_TABLES}


def test_recording_on_a_signed_agreement_leaves_the_signed_record_byte_identical(
    signed: tuple[Services, str, dict[str, str]],
) -> None:
    services, rid, ids = signed
    before = _signed_record(services.db.path)
    fingerprint = services.agreements.get(rid).signatures[0].fingerprint
    f = services.followup
    assert f.record_measurement(rid, ids["tertial"], "2026-t1", "9,0", comment="første", source="HR",
                                measured_on="15.05.2026").followup == {rid}
    f.record_measurement(rid, ids["tertial"], "2026-T2", Decimal("8.2"))
    f.record_measurement(rid, ids["tertial"], "2026-T1", "8,9")  # the same period again replaces
    f.record_measurement(rid, ids["yearly"], "2026", "4,6")
    f.set_progress(rid, ids["activity"], "i_gang", "halvveis")
    f.assess_goal(rid, ids["goal"], "delvis_nådd", "godt på vei")
    f.set_learning(rid, "samtalene", "skjemaene", "vi prøvde nytt")
    after = _signed_record(services.db.path)
    assert after == before  # every row of the signed record, byte for byte (the PDF blob included)
    assert services.agreements.get(rid).signatures[0].fingerprint == fingerprint

    full = services.agreements.get(rid)
    ms = {m.period: m for m in full.measurements}
    assert set(ms) == {"2026-T1", "2026-T2", "2026"}
    assert ms["2026-T1"].value == Decimal("8.9") and ms["2026-T1"].source == "" and ms["2026-T1"].measured_on is None
    assert full.progress[0].status is ProgressStatus.IN_PROGRESS and full.progress[0].comment == "halvveis"
    assert full.assessments[0].assessment is Assessment.DELVIS
    assert full.learning is not None and full.learning.courage == "vi prøvde nytt"

    # the triggers still refuse any change to what was signed, after follow-up was written
    con = sqlite3.connect(services.db.path)
    try:
        for sql in (
            "UPDATE indicator SET target_value = '1' WHERE revision_id = ?",
            "UPDATE revision SET challenges = 'x' WHERE id = ?",
            "DELETE FROM activity WHERE revision_id = ?",
            "UPDATE signed_document SET pdf = x'00' WHERE revision_id = ?",
            "DELETE FROM signature WHERE revision_id = ?",
        ):
            with pytest.raises(sqlite3.IntegrityError):
                con.execute(sql, (rid,))
    finally:
        con.close()
    assert _signed_record(services.db.path) == before

    # and the follow-up view
    fu = f.followup(rid, today=date(2026, 9, 1))
    track = fu.track(ids["tertial"])
    assert [str(m.value) for m in track.measurements] == ["8.9", "8.2"]
    assert track.status is IndicatorStatus.ON_TRACK and track.next_due == Period(2026, Frequency.TERTIAL, 3)
    assert fu.track(ids["yearly"]).status is IndicatorStatus.REACHED


def test_who_recorded_is_the_profile_name(signed: tuple[Services, str, dict[str, str]]) -> None:
    services, rid, ids = signed
    services.settings.set_profile("Ingrid Solberg", Role.LEDER)
    services.followup.record_measurement(rid, ids["yearly"], "2026", "4")
    services.followup.set_progress(rid, ids["activity"], ProgressStatus.DONE)
    services.followup.assess_goal(rid, ids["goal"], Assessment.NADD, by="Kari Nordahl")
    services.followup.set_learning(rid, "a", "b", "c")
    full = services.agreements.get(rid)
    assert full.measurements[0].recorded_by == "Ingrid Solberg"
    assert full.progress[0].recorded_by == "Ingrid Solberg"
    assert full.assessments[0].recorded_by == "Kari Nordahl"
    assert full.learning is not None and full.learning.updated_by == "Ingrid Solberg"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda f, rid, ids: f.record_measurement(rid, ids["yearly"], "2026-T1", "4"), ValidationError),
        (lambda f, rid, ids: f.record_measurement(rid, ids["tertial"], "2026", "4"), ValidationError),
        (lambda f, rid, ids: f.record_measurement(rid, ids["tertial"], "2026-T1", "fire"), ValidationError),
        (lambda f, rid, ids: f.record_measurement(rid, ids["tertial"], "2026-T1", ""), ValidationError),
        (lambda f, rid, ids: f.record_measurement(rid, ids["tertial"], "2026-T1", "4", measured_on="32.13.2026"),
         ValidationError),
        (lambda f, rid, ids: f.record_measurement(rid, ids["tertial"], "2026-T1", "4", source="x" * 600), ValidationError),
        (lambda f, rid, ids: f.record_measurement(rid, ids["goal"], "2026", "4"), NotFoundError),
        (lambda f, rid, ids: f.set_progress(rid, ids["activity"], "ferdig"), ValidationError),
        (lambda f, rid, ids: f.set_progress(rid, ids["goal"], "i_gang"), NotFoundError),
        (lambda f, rid, ids: f.assess_goal(rid, ids["goal"], "kanskje"), ValidationError),
        (lambda f, rid, ids: f.assess_goal(rid, ids["activity"], "nådd"), NotFoundError),
        (lambda f, rid, ids: f.set_learning(rid, "a\x00", "", ""), ValidationError),
        (lambda f, rid, ids: f.set_learning("finnes-ikke", "", "", ""), NotFoundError),
        (lambda f, rid, ids: f.remove_measurement("finnes-ikke"), NotFoundError),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(signed: tuple[Services, str, dict[str, str]], call, error) -> None:  # type: ignore[no-untyped-def]
    services, rid, ids = signed
    services.followup.record_measurement(rid, ids["tertial"], "2026-T1", "9")
    before = dump(services.db.path)
    with using("nb"), pytest.raises(error) as exc:
        call(services.followup, rid, ids)
    assert "\n" not in exc.value.message and exc.value.message
    assert dump(services.db.path) == before


def test_clear_assessment_and_remove_measurement(signed: tuple[Services, str, dict[str, str]]) -> None:
    services, rid, ids = signed
    f = services.followup
    mid = f.record_measurement(rid, ids["yearly"], "2026", "4").created or ""
    f.assess_goal(rid, ids["goal"], "nådd")
    assert f.clear_assessment(rid, ids["goal"]).followup == {rid}
    assert f.clear_assessment(rid, ids["goal"]).empty
    assert f.remove_measurement(mid).followup == {rid}
    full = services.agreements.get(rid)
    assert full.assessments == [] and full.measurements == []


def test_a_draft_with_follow_up_can_still_be_deleted_or_lose_an_item(services: Services) -> None:
    rid, ids = _agreement(services)
    f = services.followup
    f.record_measurement(rid, ids["yearly"], "2026", "4")
    f.set_progress(rid, ids["activity"], "utsatt")
    f.assess_goal(rid, ids["goal"], "nådd")
    f.set_learning(rid, "a", "b", "c")
    a = services.agreements
    a.remove_item(ItemRef(rid, ItemKind.INDICATOR, ids["yearly"]))
    a.remove_item(ItemRef(rid, ItemKind.ACTIVITY, ids["activity"]))
    full = a.get(rid)
    assert full.measurements == [] and full.progress == [] and len(full.assessments) == 1
    f.record_measurement(rid, ids["tertial"], "2026-T1", "4")
    a.remove_item(ItemRef(rid, ItemKind.GOAL, ids["goal"]))
    assert a.get(rid).assessments == [] and a.get(rid).measurements == []
    f.assess_goal(rid, a.add_item(rid, Patch.of(ItemKind.GOAL, text="Nytt")).created or "", "nådd")
    a.delete_draft(rid)
    rows = dump(services.db.path)
    assert all(rows[t] == [] for t in FOLLOWUP_TABLES)


def test_last_year_and_copy_forward(signed: tuple[Services, str, dict[str, str]]) -> None:
    services, rid, ids = signed
    f = services.followup
    f.record_measurement(rid, ids["tertial"], "2026-T3", "8,1")
    f.record_measurement(rid, ids["tertial"], "2026-T1", "9,0")
    f.record_measurement(rid, ids["tertial"], "2026-T2", "8,6")
    f.assess_goal(rid, ids["goal"], "delvis_nådd", "nesten")
    f.set_learning(rid, "samtaler", "skjema", "mot")
    new = services.agreements.copy_forward(rid).created or ""
    goal = services.agreements.revision(new).content.goals[0]
    by_name = {i.name: i for i in goal.indicators}
    assert by_name["Sykefravær"].baseline_value == Decimal("8.1") and by_name["Sykefravær"].baseline_year == 2026
    assert by_name["Trivsel"].baseline_value == Decimal("4")
    last = f.last_year(new)
    assert last is not None and last.revision_id == rid and last.year == 2026
    assert last.goals[0].assessment is not None and last.goals[0].assessment.reflection == "nesten"
    assert last.learning is not None and last.learning.worked == "samtaler"
    assert f.last_year(rid) is None
    fu = f.followup(new, today=date(2027, 3, 1))
    track = fu.goals[0].tracks[0]
    assert [str(m.value) for m in track.last_year] == ["9", "8.6", "8.1"]
    assert track.status is IndicatorStatus.NOT_MEASURED


def test_resolve_item_by_id_prefix_or_name(signed: tuple[Services, str, dict[str, str]]) -> None:
    services, rid, ids = signed
    r = services.followup.resolve_item
    assert r(rid, ItemKind.INDICATOR, ids["tertial"]) == ids["tertial"]
    assert r(rid, ItemKind.INDICATOR, ids["tertial"][:6]) == ids["tertial"]
    assert r(rid, ItemKind.INDICATOR, "syke") == ids["tertial"]
    assert r(rid, ItemKind.INDICATOR, "TRIVSEL") == ids["yearly"]
    assert r(rid, ItemKind.GOAL, "mindre") == ids["goal"]
    assert r(rid, ItemKind.ACTIVITY, "nærvær") == ids["activity"]
    with pytest.raises(NotFoundError):
        r(rid, ItemKind.INDICATOR, "finnes ikke")
    with pytest.raises(NotFoundError):
        r(rid, ItemKind.GOAL, "nærvær")
