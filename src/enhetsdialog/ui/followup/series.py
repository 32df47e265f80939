"""From the domain's read model (an :class:`IndicatorTrack`) to what the chart draws and the
measurement table lists. No Qt here beyond nothing: plain data, so it is easy to test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from enhetsdialog.domain.enums import Frequency, IndicatorStatus
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.followup import IndicatorTrack, Period, period_of, periods_in_year
from enhetsdialog.domain.model import Measurement
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.followup.chart import ChartData, Slot

STATUS_CHIPS: dict[IndicatorStatus, theme.Chip] = {
    IndicatorStatus.REACHED: theme.RESULTAT,
    IndicatorStatus.ON_TRACK: theme.SIGNED,
    IndicatorStatus.BEHIND: theme.NUDGE,
    IndicatorStatus.NOT_MEASURED: theme.NEUTRAL,
    IndicatorStatus.NO_TARGET: theme.NEUTRAL,
}


@dataclass(slots=True)
class MeasurementRow:
    """One row of an indicator's measurement table (a view of :class:`Measurement`)."""

    id: str
    period: str
    period_label: str
    value: Decimal
    measured_on: date | None
    source: str
    comment: str
    recorded_by: str


def short_label(p: Period, *, with_year: bool) -> str:
    """«T1», «H2», «Q3», «mar», or the year; ``with_year`` adds the year's last two digits."""
    if p.frequency is Frequency.YEARLY:
        return str(p.year)
    text = str(p).split("-", 1)[1]
    if p.frequency is Frequency.MONTHLY:
        text = p.label.split(" ")[0][:3]
    return f"{text} {p.year % 100:02d}" if with_year else text


def _period(m: Measurement) -> Period | None:
    try:
        return period_of(m.period)
    except ValidationError:
        return None


def label_of(m: Measurement) -> str:
    p = _period(m)
    return p.label if p is not None else m.period


def rows(track: IndicatorTrack) -> list[MeasurementRow]:
    return [MeasurementRow(m.id, m.period, label_of(m), m.value, m.measured_on, m.source, m.comment, m.recorded_by)
            for m in track.measurements]


def chart_data(track: IndicatorTrack, year: int) -> ChartData:
    """Last year's measured periods (faded), then every period of this year (empty until measured)."""
    ind = track.indicator
    slots: list[Slot] = []
    for m in track.last_year:
        p = _period(m)
        if p is not None:
            slots.append(Slot(short_label(p, with_year=True), m.value, p.label, last_year=True))
    by_period = {str(p): p for p in periods_in_year(ind.frequency, year)}
    values: dict[str, Decimal] = {}
    extra: list[Slot] = []
    for m in track.measurements:
        p = _period(m)
        if p is not None and str(p) in by_period:
            values[str(p)] = m.value
        elif p is not None:  # measured with another frequency, or another year: shown in its place
            extra.append(Slot(short_label(p, with_year=True), m.value, p.label))
    for key, p in by_period.items():
        slots.append(Slot(short_label(p, with_year=False), values.get(key), p.label))
    slots.extend(extra)
    baseline_label = str(ind.baseline_year) if ind.baseline_year else ""
    return ChartData(ind.name, ind.direction, tuple(slots), ind.baseline_value, baseline_label,
                     ind.target_value, ind.unit_of_measure)


def due_text(track: IndicatorTrack) -> str:
    if track.next_due is None:
        return _("Alt er målt for året.") if track.measurements else ""
    if track.overdue:
        return _("Neste måling: {period} (forfalt)", period=track.next_due.label)
    return _("Neste måling: {period}", period=track.next_due.label)
