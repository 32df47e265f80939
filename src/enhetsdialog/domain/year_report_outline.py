"""The year report as an outline (``domain.outline``'s blocks), for the PDF adapter.

Parts: the cover (facts, who signed, the year in numbers), an overview table of every indicator,
one part per goal (plan links and SDGs; per indicator a results table – baseline, each period's value,
target – its status and a :class:`~enhetsdialog.domain.outline_blocks.Chart`; the activities' outcomes;
the year-end assessment and reflection), «Hva lærte vi?» and the dialogue's conclusions.
"""

from __future__ import annotations

from enhetsdialog.domain.canonical import short_fingerprint
from enhetsdialog.domain.enums import IndicatorStatus
from enhetsdialog.domain.followup import period_of
from enhetsdialog.domain.model import Measurement
from enhetsdialog.domain.outline_blocks import (
    DASH,
    NO_GOALS,
    Block,
    Cell,
    Chart,
    ChartSeries,
    Column,
    Facts,
    Group,
    Heading,
    Labelled,
    Outline,
    Paragraph,
    Part,
    PartKind,
    SdgTiles,
    Table,
    Tone,
    format_date,
    format_datetime,
    goal_title,
    label,
)
from enhetsdialog.domain.outline_front import FrontParts
from enhetsdialog.domain.rules import format_grouped
from enhetsdialog.domain.year_report import GoalReport, IndicatorResult, YearReport, chart_periods
from enhetsdialog.i18n import N_, LazyText, Text, lazy_ngettext

STATUS_ORDER = (
    IndicatorStatus.REACHED,
    IndicatorStatus.ON_TRACK,
    IndicatorStatus.BEHIND,
    IndicatorStatus.NOT_MEASURED,
    IndicatorStatus.NO_TARGET,
)


def period_label(text: str) -> Text:
    """«1. tertial 2026» for a period that parses, else the text as it was stored."""
    try:
        return period_of(text).label
    except ValueError:
        return text


def status_line(report: YearReport) -> LazyText:
    """«3 mål · 6 indikatorer: Nådd 2 · På vei 2 · Bak 1 · Ikke målt ennå 1»."""
    counts = report.status_counts()
    n = sum(counts.values())
    statuses = " · ".join(str(N_("{status} {n}", status=label(s.label), n=counts[s])) for s in STATUS_ORDER if counts[s])
    return N_(
        "{goals} · {indicators}: {statuses}",
        goals=lazy_ngettext("{n} mål", "{n} mål", len(report.goals)),
        indicators=lazy_ngettext("{n} indikator", "{n} indikatorer", n),
        statuses=statuses or N_("ingen indikatorer"),
    )


def _value(m: Measurement | None, unit: str) -> str:
    if m is None:
        return DASH
    return format_grouped(m.value) + (f" {unit}" if unit.strip() and len(unit) <= 12 else "")


def results_table(r: IndicatorResult) -> Table:
    ind = r.indicator
    columns = (Column(N_("Periode"), 30), Column(N_("Verdi"), 20), Column(N_("Kommentar"), 70), Column(N_("Kilde"), 30))
    baseline_period: Text = N_("Utgangsverdi ({year})", year=ind.baseline_year) if ind.baseline_year else N_("Utgangsverdi")
    rows: list[tuple[Cell, ...]] = [
        (Cell(baseline_period, row_header=True), Cell(format_grouped(ind.baseline_value) or DASH), Cell(""), Cell(ind.data_source))
    ]
    for m in r.measurements:
        rows.append(
            (
                Cell(period_label(m.period), row_header=True, note=format_date(m.measured_on) if m.measured_on else ""),
                Cell(format_grouped(m.value), strong=True),
                Cell(m.comment, note=N_("registrert av {name}", name=m.recorded_by) if m.recorded_by else ""),
                Cell(m.source),
            )
        )
    if not r.measurements:
        rows.append((Cell(N_("Ingen målinger"), row_header=True), Cell(DASH), Cell(""), Cell("")))
    rows.append((Cell(N_("Målverdi"), row_header=True), Cell(format_grouped(ind.target_value) or DASH, strong=True), Cell(""), Cell("")))
    return Table("results", columns, tuple(rows), anchors=tuple(("indicator", ind.id) for _ in rows))


def chart(r: IndicatorResult, year: int) -> Chart:
    ind = r.indicator
    periods = chart_periods(r, year)
    this = {m.period: m.value for m in r.measurements}
    last = {m.period: m.value for m in r.last_year}
    series = []
    if r.last_year:
        series.append(ChartSeries(N_("I fjor ({year})", year=year - 1), tuple(last.get(p) for p in periods), True))
    series.append(ChartSeries(str(year), tuple(this.get(p) for p in periods)))
    measured = "; ".join(f"{p} {format_grouped(v)}" for p, v in ((m.period, m.value) for m in r.measurements))
    before = "; ".join(f"{m.period} {format_grouped(m.value)}" for m in r.last_year)
    alt = N_(
        "Diagram for {name}: utgangsverdi {baseline}, målverdi {target} ({direction}). Målt i {year}: {measured}."
        " I fjor: {before}. Status: {status}.",
        name=ind.name or N_("(uten navn)"),
        baseline=format_grouped(ind.baseline_value) or DASH,
        target=format_grouped(ind.target_value) or DASH,
        direction=label(ind.direction.label),
        year=year,
        measured=measured or N_("ingen verdier"),
        before=before or DASH,
        status=label(r.status.label),
    )
    return Chart(tuple(periods), tuple(series), ind.target_value, ind.baseline_value, alt)


def indicator_blocks(r: IndicatorResult, year: int, first: bool = False) -> Group:
    ind = r.indicator
    head: Text = N_("{kind}: {name}", kind=label(ind.kind.label), name=ind.name or N_("(uten navn)"))
    facts = N_(
        "Status: {status} · {direction}{unit}",
        status=label(r.status.label),
        direction=label(ind.direction.label),
        unit=N_(" · måleenhet {unit}", unit=ind.unit_of_measure) if ind.unit_of_measure.strip() else "",
    )
    blocks: list[Block] = [Heading(N_("Resultater"), 2, bookmark=False)] if first else []
    blocks += [Heading(head, 3, style="minor", bookmark=False), Paragraph(facts, Tone.MUTED), results_table(r)]
    blocks.append(chart(r, year))
    return Group(tuple(blocks), anchor=("indicator", ind.id))


def goal_part(g: GoalReport, year: int) -> Part:
    blocks: list[Block] = []
    if g.goal.description.strip():
        blocks.append(Paragraph(g.goal.description, Tone.LEAD))
    if g.plan_links:
        columns = (Column(N_("Plannivå"), 52), Column(N_("Kode"), 20), Column(N_("Planmål"), 98))
        rows = tuple(
            (Cell(x.plan_kind, note=x.plan_name, strong=True), Cell(x.code or DASH), Cell(x.text or N_("Planmålet finnes ikke i katalogen.")))
            for x in g.plan_links
        )
        blocks.append(Table("plan_links", columns, rows))
    else:
        blocks.append(Paragraph(N_("Ikke knyttet til et plannivå."), Tone.MUTED))
    if g.sdgs:
        blocks.append(SdgTiles(tuple(FrontParts.sdg_tile(n) for n in g.sdgs)))
    if not g.indicators:
        blocks.append(Heading(N_("Resultater"), 2, bookmark=False))
        blocks.append(Paragraph(N_("Målet har ingen indikatorer."), Tone.MUTED))
    blocks += [indicator_blocks(r, year, first=i == 0) for i, r in enumerate(g.indicators)]
    blocks.append(Heading(N_("Tiltak og fremdrift"), 2, bookmark=False))
    if g.activities:
        outcome_columns = (
            Column(N_("Tiltak"), 62), Column(N_("Ansvarlig"), 28), Column(N_("Frist"), 18), Column(N_("Fremdrift"), 18),
            Column(N_("Kommentar"), 44),
        )
        outcome_rows = tuple(
            (
                Cell(a.activity.what or N_("(uten tekst)")),
                Cell(a.activity.responsible or DASH),
                Cell(format_date(a.activity.deadline) or DASH),
                Cell(label(a.progress.label), strong=True),
                Cell(a.comment),
            )
            for a in g.activities
        )
        blocks.append(Table("outcomes", outcome_columns, outcome_rows, anchors=tuple(("activity", a.activity.id) for a in g.activities)))
    else:
        blocks.append(Paragraph(N_("Målet har ingen tiltak."), Tone.MUTED))
    blocks.append(Heading(N_("Vurdering ved årets slutt"), 2, bookmark=False))
    verdict: Text = label(g.assessment.label) if g.assessment else N_("Ikke vurdert ennå")
    blocks.append(Labelled(N_("Vurdering: {verdict}", verdict=verdict), g.reflection, empty=N_("Ingen refleksjon er skrevet.")))
    return Part(PartKind.RESULTS, goal_title(g.number, g.goal), tuple(blocks))


def overview(report: YearReport) -> Part:
    columns = (
        Column(N_("Mål"), 12), Column(N_("Indikator"), 60), Column(N_("Utgangsverdi"), 22),
        Column(N_("Siste måling"), 30), Column(N_("Målverdi"), 20), Column(N_("Status"), 26),
    )
    rows = []
    for g, r in report.indicators():
        ind = r.indicator
        latest = r.latest
        rows.append(
            (
                Cell(str(g.number)),
                Cell(ind.name or N_("(uten navn)"), note=label(ind.kind.label)),
                Cell(format_grouped(ind.baseline_value) or DASH),
                Cell(_value(latest, ""), note=period_label(latest.period) if latest else ""),
                Cell(format_grouped(ind.target_value) or DASH),
                Cell(label(r.status.label), strong=True),
            )
        )
    blocks: list[Block] = [Paragraph(status_line(report), Tone.LEAD)]
    if rows:
        blocks.append(Table("overview", columns, tuple(rows)))
    assessed = [
        (Cell(str(g.number)), Cell(g.goal.text or N_("(uten tekst)")), Cell(label(g.assessment.label) if g.assessment else N_("Ikke vurdert ennå"), strong=True))
        for g in report.goals
    ]
    if assessed:
        blocks.append(Heading(N_("Vurderingene ved årets slutt"), 2, bookmark=False))
        blocks.append(Table("assessments", (Column(N_("Mål"), 12), Column(N_("Målet"), 120), Column(N_("Vurdering"), 38)), tuple(assessed)))
    return Part(PartKind.OVERVIEW, N_("Året i tall"), tuple(blocks))


def cover(report: YearReport) -> Part:
    signed = "; ".join(
        f"{s.name} ({label(s.role.label)}, {format_datetime(s.signed_at)})" for s in report.signed
    )
    facts: tuple[tuple[Text, Text], ...] = (
        (N_("Kommune"), report.municipality),
        (N_("Tjenesteområde"), report.service_area),
        (N_("Enhet"), report.unit + (f" ({report.unit_kind})" if report.unit_kind else "")),
        (N_("År"), str(report.year)),
        (N_("Avtalen"), N_("revisjon {n}, {status}", n=report.revision_number, status=label(report.agreement_status.label))),
        (N_("Signert av"), signed or N_("ikke signert")),
        (N_("Fingeravtrykk"), short_fingerprint(report.fingerprint)),
        (N_("Rapporten er laget"), format_date(report.made_on)),
    )
    blocks: list[Block] = [
        Heading(N_("Årsrapport {year}", year=report.year), 1, style="title"),
        Paragraph(report.unit, Tone.SUBTITLE),
        Paragraph(f"{report.service_area} · {report.municipality}", Tone.LEAD),
        Facts(facts),
        Paragraph(
            N_("Hva ble resultatet for det siste året? Rapporten følger opp enhetsavtalen: målene, resultatene mot "
               "utgangsverdi og mål, tiltakene, vurderingene og det vi lærte."),
            Tone.MUTED,
        ),
    ]
    return Part(PartKind.COVER, N_("Forside"), tuple(blocks))


def learning(report: YearReport) -> Part:
    lr = report.learning
    empty = N_("Ikke fylt ut.")
    blocks: tuple[Block, ...] = (
        Labelled(N_("Dette virket"), lr.worked if lr else "", empty=empty),
        Labelled(N_("Dette virket ikke"), lr.did_not_work if lr else "", empty=empty),
        Labelled(N_("Tegn på modighet vi så i praksis"), lr.courage if lr else "", empty=empty),
    )
    return Part(PartKind.LEARNING, N_("Hva lærte vi?"), blocks)


def conclusions(report: YearReport) -> Part:
    blocks: list[Block] = [Labelled(c.title, c.text) for c in report.conclusions]
    if not blocks:
        blocks.append(Paragraph(N_("Ingen konklusjoner er notert fra dialogmøtet."), Tone.MUTED))
    return Part(PartKind.CONCLUSIONS, N_("Dialogens konklusjoner"), tuple(blocks))


def report_outline(report: YearReport) -> Outline:
    parts = [cover(report), overview(report)]
    parts += [goal_part(g, report.year) for g in report.goals]
    if not report.goals:
        parts.append(Part(PartKind.RESULTS, N_("Mål"), (Paragraph(NO_GOALS, Tone.MUTED),)))
    parts += [learning(report), conclusions(report)]
    authors = tuple(x for x in (report.leader, report.director) if x.strip())
    return Outline(
        title=N_("Årsrapport {year} – {unit}", year=report.year, unit=report.unit),
        subject=N_("Årsrapport for {year} fra {unit}, {area}, {municipality}", year=report.year, unit=report.unit,
                   area=report.service_area, municipality=report.municipality),
        running_header=N_("Årsrapport {year} · {unit}", year=report.year, unit=report.unit[:60]),
        status=N_("Årsrapport"),
        draft=False,
        fingerprint=report.fingerprint,
        year=report.year,
        revision=report.revision_number,
        unit=report.unit,
        municipality=report.municipality,
        document_id=report.revision_id,
        authors=authors or (report.unit,),
        parts=tuple(parts),
    )
