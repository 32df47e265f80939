"""The follow-up chart: last year's values and this year's periods as slots, the baseline and the
target, the direction, and the same numbers in words for a screen reader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from enhetsdialog.domain.enums import Direction, Frequency, IndicatorStatus
from enhetsdialog.domain.followup import IndicatorTrack, Period
from enhetsdialog.domain.model import Indicator, Measurement

from enhetsdialog.ui.followup.chart import ChartData, IndicatorChart, Slot
from enhetsdialog.ui.followup.series import chart_data, due_text, rows


def _track(**kw: Any) -> IndicatorTrack:
    ind = Indicator(name="Elever som trives", unit_of_measure="%", baseline_value=Decimal(75), baseline_year=2026,
                    target_value=Decimal(85), direction=Direction.HIGHER, frequency=Frequency.TERTIAL)
    ms = [Measurement(ind.id, "2027-T1", Decimal(78)), Measurement(ind.id, "2027-T2", Decimal("80.5"))]
    last = [Measurement("old", f"2026-T{i}", Decimal(70 + i)) for i in (1, 2, 3)]
    values = {"goal_id": "g", "indicator": ind, "measurements": ms, "latest": ms[-1],
              "status": IndicatorStatus.ON_TRACK, "next_due": Period(2027, Frequency.TERTIAL, 3), "last_year": last}
    values.update(kw)
    return IndicatorTrack(**values)


def test_the_slots_are_last_years_values_then_every_period_of_this_year() -> None:
    data = chart_data(_track(), 2027)
    assert [s.label for s in data.slots] == ["T1 26", "T2 26", "T3 26", "T1", "T2", "T3"]
    assert [s.value for s in data.slots] == [71, 72, 73, 78, Decimal("80.5"), None]
    assert [s.last_year for s in data.slots] == [True, True, True, False, False, False]
    assert (data.baseline, data.target, data.baseline_label) == (75, 85, "2026")


def test_the_chart_counts_this_years_points_and_describes_them(qtbot: Any) -> None:
    chart = IndicatorChart(chart_data(_track(), 2027))
    qtbot.addWidget(chart)
    chart.resize(420, chart.HEIGHT)
    assert chart.point_count() == 2
    text = chart.accessibleDescription()
    assert "Utgangspunkt 75 % (2026)" in text and "mål 85 %" in text and "høyere er bedre" in text
    assert "2. tertial 2027 80,5 %" in text and "i fjor" in text
    assert chart.accessibleName() == "Diagram: Elever som trives"
    assert not chart.grab().isNull()  # paints


def test_an_unmeasured_lower_is_better_indicator(qtbot: Any) -> None:
    chart = IndicatorChart(ChartData("Fravær", Direction.LOWER, (Slot("2027", None),), Decimal("8.2"), "", Decimal(7)))
    qtbot.addWidget(chart)
    chart.resize(300, chart.HEIGHT)
    assert chart.point_count() == 0
    assert "ikke målt ennå" in chart.accessibleDescription()
    assert "lavere er bedre" in chart.accessibleDescription()
    assert not chart.grab().isNull()


def test_rows_and_what_is_due() -> None:
    track = _track(overdue=True)
    assert [r.period_label for r in rows(track)] == ["1. tertial 2027", "2. tertial 2027"]
    assert due_text(track) == "Neste måling: 3. tertial 2027 (forfalt)"
    assert due_text(_track(next_due=None)) == "Alt er målt for året."
    assert date(2027, 12, 31) == Period(2027, Frequency.TERTIAL, 3).end_date
