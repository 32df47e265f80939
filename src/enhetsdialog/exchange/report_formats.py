"""The year report and the director's roll-up as CSV and JSON (formats: docs/arsrapport.md).

CSV, for Excel and other spreadsheets as Norwegian municipalities use them: UTF-8 with a byte order
mark (so Excel reads æ, ø, å right), ``;`` between fields (Excel's separator where the decimal mark
is a comma), numbers with a decimal comma and no thousands separator (``7,8``), CRLF line ends, and
a header row of fixed machine names. A text cell that begins with ``=``, ``+``, ``-``, ``@`` or a
tab/CR would be run as a formula by a spreadsheet; it gets a leading apostrophe (the OWASP advice
against CSV injection). Numbers are written as numbers, never guarded.

JSON: UTF-8, versioned by ``"format"`` (``enhetsdialog.arsrapport/1``, ``enhetsdialog.rollup/1``),
numbers as exact decimal strings with a dot (``"7.8"``), periods as stored (``"2026-T1"``), dates
ISO 8601.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from enhetsdialog.domain.model import Measurement
from enhetsdialog.domain.rollup import Contribution, Rollup
from enhetsdialog.domain.values import format_decimal, normalize_decimal
from enhetsdialog.domain.year_report import IndicatorResult, YearReport
from enhetsdialog.i18n import _

REPORT_FORMAT = "enhetsdialog.arsrapport/1"
ROLLUP_FORMAT = "enhetsdialog.rollup/1"
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

REPORT_COLUMNS = (
    "enhet", "tjenesteomraade", "aar", "revisjon", "maal_nr", "maal", "vurdering", "indikator_id", "indikator",
    "type", "maaleenhet", "retning", "utgangsverdi", "utgangsaar", "maalverdi", "status", "periode", "verdi",
    "maalt_dato", "kilde", "kommentar", "registrert_av", "i_fjor",
)
ROLLUP_COLUMNS = (
    "aar", "plan", "plantype", "planmaal_kode", "planmaal", "nivaa", "enhet", "tjenesteomraade", "avtalestatus",
    "maal_nr", "maal", "vurdering", "indikator", "status", "siste_verdi", "siste_periode", "maalverdi",
)


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _num(value: Decimal | None) -> str:
    return format_decimal(value)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(normalize_decimal(value), "f")


def _csv(columns: Sequence[str], rows: Iterable[Sequence[str]], numeric: frozenset[str]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    for row in rows:
        w.writerow([v if c in numeric else _guard(v) for c, v in zip(columns, row, strict=True)])
    return (BOM + out.getvalue()).encode("utf-8")


# --- the year report ----------------------------------------------------------------------------------------


def report_csv(report: YearReport) -> bytes:
    """One row per indicator and period measured (an indicator without values: one row, no period);
    last year's values are rows too, marked ``i_fjor`` = ``ja``."""
    rows: list[list[str]] = []
    for g, r in report.indicators():
        ind = r.indicator
        head = [
            report.unit, report.service_area, str(report.year), str(report.revision_number), str(g.number), g.goal.text,
            g.assessment.value if g.assessment else "", ind.id, ind.name, ind.kind.value, ind.unit_of_measure,
            ind.direction.value, _num(ind.baseline_value), str(ind.baseline_year or ""), _num(ind.target_value),
            r.status.value,
        ]
        series: list[tuple[Measurement, bool]] = [(m, True) for m in r.last_year] + [(m, False) for m in r.measurements]
        if not series:
            rows.append(head + ["", "", "", "", "", "", ""])
        for m, previous in series:
            rows.append(
                head
                + [m.period, _num(m.value), m.measured_on.isoformat() if m.measured_on else "", m.source, m.comment,
                   m.recorded_by, "ja" if previous else "nei"]
            )
    numeric = frozenset({"aar", "revisjon", "maal_nr", "utgangsverdi", "utgangsaar", "maalverdi", "verdi"})
    return _csv(REPORT_COLUMNS, rows, numeric)


def _measurement(m: Measurement) -> dict[str, Any]:
    return {
        "period": m.period,
        "value": _dec(m.value),
        "measured_on": m.measured_on.isoformat() if m.measured_on else None,
        "source": m.source,
        "comment": m.comment,
        "recorded_by": m.recorded_by,
    }


def _indicator(r: IndicatorResult) -> dict[str, Any]:
    ind = r.indicator
    return {
        "id": ind.id,
        "name": ind.name,
        "kind": ind.kind.value,
        "unit_of_measure": ind.unit_of_measure,
        "direction": ind.direction.value,
        "frequency": ind.frequency.value if ind.frequency else None,
        "baseline": {"value": _dec(ind.baseline_value), "year": ind.baseline_year},
        "target": _dec(ind.target_value),
        "status": r.status.value,
        "latest": _measurement(r.latest) if r.latest else None,
        "measurements": [_measurement(m) for m in r.measurements],
        "last_year": [_measurement(m) for m in r.last_year],
    }


def report_dict(report: YearReport) -> dict[str, Any]:
    lr = report.learning
    return {
        "format": REPORT_FORMAT,
        "made_on": report.made_on.isoformat(),
        "agreement": {
            "revision_id": report.revision_id,
            "agreement_id": report.agreement_id,
            "revision": report.revision_number,
            "status": report.agreement_status.value,
            "fingerprint": report.fingerprint,
            "signed": [{"role": s.role.value, "name": s.name, "signed_at": s.signed_at.isoformat()} for s in report.signed],
        },
        "year": report.year,
        "municipality": report.municipality,
        "service_area": report.service_area,
        "unit": {"name": report.unit, "kind": report.unit_kind, "leader": report.leader, "director": report.director},
        "summary": {s.value: n for s, n in sorted(report.status_counts().items())},
        "goals": [
            {
                "number": g.number,
                "id": g.goal.id,
                "text": g.goal.text,
                "plan_links": [
                    {"plan_goal_id": x.plan_goal_id, "plan": x.plan_name, "plan_kind": str(x.plan_kind), "code": x.code,
                     "text": x.text}
                    for x in g.plan_links
                ],
                "sdgs": list(g.sdgs),
                "indicators": [_indicator(r) for r in g.indicators],
                "activities": [
                    {"id": a.activity.id, "what": a.activity.what, "responsible": a.activity.responsible,
                     "deadline": a.activity.deadline.isoformat() if a.activity.deadline else None,
                     "progress": a.progress.value, "comment": a.comment}
                    for a in g.activities
                ],
                "assessment": g.assessment.value if g.assessment else None,
                "reflection": g.reflection,
            }
            for g in report.goals
        ],
        "learning": {"worked": lr.worked, "did_not_work": lr.did_not_work, "courage": lr.courage} if lr else None,
        "conclusions": [{"key": c.key, "title": str(c.title), "text": c.text} for c in report.conclusions],
    }


def report_json(report: YearReport) -> bytes:
    return (json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- the roll-up ----------------------------------------------------------------------------------------------


def _contribution(c: Contribution) -> dict[str, Any]:
    return {
        "revision_id": c.revision_id,
        "unit": c.unit_name,
        "service_area": c.service_area,
        "agreement_status": c.agreement_status.value,
        "goal_number": c.goal_number,
        "goal": c.goal_text,
        "assessment": c.assessment.value if c.assessment else None,
        "reflection": c.reflection,
        "indicators": [
            {"name": i.name, "kind": i.kind.value, "status": i.status.value, "baseline": _dec(i.baseline),
             "target": _dec(i.target), "latest": _dec(i.latest), "latest_period": i.latest_period or None}
            for i in c.indicators
        ],
    }


def rollup_dict(r: Rollup) -> dict[str, Any]:
    return {
        "format": ROLLUP_FORMAT,
        "year": r.year,
        "service_area": r.area,
        "agreements": r.agreements,
        "summary": {s.value: n for s, n in sorted(r.status_counts().items())},
        "plan_goals": [
            {
                "id": row.plan_goal.id,
                "plan": row.plan.name,
                "plan_kind": row.plan.kind.value,
                "code": row.plan_goal.code,
                "text": row.plan_goal.text,
                "depth": row.depth,
                "parent_id": row.plan_goal.parent_id,
                "no_unit_contributes": row.nobody,
                "units": row.units,
                "units_via_subgoals": row.units_via_subgoals,
                "contributions": [_contribution(c) for c in row.contributions],
            }
            for row in r.plan_goals
        ],
        "sdgs": [
            {"number": s.sdg.number, "name": s.sdg.name, "no_unit_contributes": s.nobody, "units": s.units,
             "contributions": [_contribution(c) for c in s.contributions]}
            for s in r.sdgs
        ],
        "unlinked_goals": [_contribution(c) for c in r.unlinked],
    }


def rollup_json(r: Rollup) -> bytes:
    return (json.dumps(rollup_dict(r), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def rollup_csv(r: Rollup) -> bytes:
    """One row per plan goal, unit goal and indicator; a plan goal no unit contributes to is one row
    with the unit columns empty (and ``enhet`` = «ingen enhet bidrar»)."""
    rows: list[list[str]] = []
    for row in r.plan_goals:
        head = [str(r.year), row.plan.name, row.plan.kind.value, row.plan_goal.code, row.plan_goal.text, str(row.depth)]
        if not row.contributions:
            rows.append(head + [_("ingen enhet bidrar") if row.nobody else "", "", "", "", "", "", "", "", "", "", ""])
        for c in row.contributions:
            unit = [c.unit_name, c.service_area, c.agreement_status.value, str(c.goal_number), c.goal_text,
                    c.assessment.value if c.assessment else ""]
            if not c.indicators:
                rows.append(head + unit + ["", "", "", "", ""])
            for i in c.indicators:
                rows.append(head + unit + [i.name, i.status.value, _num(i.latest), i.latest_period, _num(i.target)])
    numeric = frozenset({"aar", "nivaa", "maal_nr", "siste_verdi", "maalverdi"})
    return _csv(ROLLUP_COLUMNS, rows, numeric)
