"""The demo's follow-up: Lade skole's agreements of 2024 and 2025 archived with measurements per
period, each year copied forward, so that the signed 2026 agreement shows last year's values; and a
plan goal in the catalogue that no unit's goal links to (the roll-up's «ingen enhet bidrar»)."""

from __future__ import annotations

from datetime import date

from enhetsdialog.domain.enums import Status
from enhetsdialog.services import Services
from enhetsdialog.services.certificates import demo_sign_both
from enhetsdialog.services.demo import fill_demo


def test_the_demo_has_three_years_of_results_and_a_plan_goal_nobody_contributes_to(services: Services) -> None:
    result = fill_demo(services, sign_both=demo_sign_both)
    lade = {year: result.agreements[f"lade:{year}"] for year in (2024, 2025, 2026)}
    for year in (2024, 2025):
        full = services.agreements.get(lade[year])
        assert full.revision.status is Status.ARKIVERT
        assert full.measurements and all(m.period.startswith(str(year)) for m in full.measurements)
    view = services.followup.followup(lade[2026], today=date(2026, 12, 31))
    tracks = [t for g in view.goals for t in g.tracks]
    assert tracks and all(t.measurements for t in tracks)
    assert all(t.last_year and t.last_year[0].period.startswith("2025") for t in tracks)
    linked = {p for rid in result.agreements.values()
              for g in services.agreements.revision(rid).content.goals for p in g.plan_goal_ids}
    assert any(g.id not in linked and g.parent_id is not None for g in services.catalogue.goals())
