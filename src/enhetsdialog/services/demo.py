"""``enhetsdialog demo``: a realistic demo municipality, written through the same services users use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from enhetsdialog.domain.enums import AnchorKind, ItemKind, Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.domain.followup import periods_in_year
from enhetsdialog.domain.items import Patch
from enhetsdialog.domain.model import TEXT_FIELDS
from enhetsdialog.i18n import N_
from enhetsdialog.services import demo_data as d
from enhetsdialog.services.changes import Changes

if TYPE_CHECKING:
    from enhetsdialog.services import Services

DEMO_MARKER = "demo.complete"
CURRENT_YEAR = 2027
LAST_YEAR = 2026
EARLY_YEARS = (2024, 2025)  # Lade skole's archived agreements before last year's


@dataclass(frozen=True, slots=True)
class DemoResult:
    created: bool
    agreements: dict[str, str]  # "unit-key:year" -> revision id


# A hook that signs a revision in `enighet` as both parties (installed by the signing service).
SignBoth = Callable[["Services", str], None]


def fill_demo(services: Services, *, sign_both: SignBoth | None = None) -> DemoResult:
    """Fill the database with the demo municipality. Does nothing if it is already there.

    The demo is written through the services, one transaction per step, like a user's work; a
    marker written last tells a complete demo from one that was interrupted."""
    if any(m.name == d.MUNICIPALITY["name"] for m in services.org.municipalities()):
        if services.settings.get(DEMO_MARKER) is None:
            raise DomainError(
                N_(
                    "Demokommunen i denne databasen ble ikke ferdig sist. Bruk en ny database (--db FIL) "
                    "for å prøve demoen på nytt."
                )
            )
        return DemoResult(created=False, agreements={})
    services.catalogue.import_data(d.catalogue())
    mid = services.org.create_municipality(d.MUNICIPALITY["name"], d.MUNICIPALITY["number"]).created
    assert mid
    area_ids: dict[str, str] = {}
    for area in d.AREAS:
        name, title = area["director"]
        director = services.org.create_person(name, title, role="Direktør").created
        area_ids[area["key"]] = _id(services.org.create_service_area(mid, area["name"], director))
    unit_ids: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for u in d.UNITS:
        name, title = u["leader"]
        leader = services.org.create_person(name, title, role="Enhetsleder").created
        unit_ids[u["key"]] = _id(services.org.create_unit(area_ids[u["area"]], u["name"], u["kind"], leader))
        kinds[u["key"]] = u["kind"]

    director_of = {u["key"]: next(a for a in d.AREAS if a["key"] == u["area"])["director"][0] for u in d.UNITS}
    leader_of = {u["key"]: u["leader"][0] for u in d.UNITS}
    out: dict[str, str] = {}

    def write(unit_key: str, year: int) -> str:
        rid = _id(services.agreements.create(unit_ids[unit_key], year))
        _write_content(services, rid, d.CONTENT[kinds[unit_key]])
        out[f"{unit_key}:{year}"] = rid
        return rid

    def advance(rid: str, *targets: Status) -> None:
        for t in targets:
            services.agreements.set_status(rid, t)

    # Lade skole: with signing, 2024 and 2025 signed, followed up and archived, each copied forward
    # to the next year (goals linked by origin_id, so every year shows last year's values); last
    # year signed and archived with its results; this year copied forward
    if sign_both is not None:
        prev = write("lade", EARLY_YEARS[0])
        for year in EARLY_YEARS:
            if year != EARLY_YEARS[0]:
                prev = _id(services.agreements.copy_forward(prev, year))
                out[f"lade:{year}"] = prev
            advance(prev, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET)
            sign_both(services, prev)
            _record_results(services, prev, year)
            services.agreements.mark_archived(prev)
        lade_last = _id(services.agreements.copy_forward(prev, LAST_YEAR))
        out[f"lade:{LAST_YEAR}"] = lade_last
    else:
        lade_last = write("lade", LAST_YEAR)
    advance(lade_last, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET)
    if sign_both is not None:
        sign_both(services, lade_last)
        _record_results(services, lade_last, LAST_YEAR)
        services.agreements.mark_archived(lade_last)
    lade = _id(services.agreements.copy_forward(lade_last, CURRENT_YEAR))
    out[f"lade:{CURRENT_YEAR}"] = lade
    advance(lade, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET)  # agreed, ready to be signed

    # Byåsen: last year signed; this year a fresh draft
    byasen_last = write("byasen", LAST_YEAR)
    advance(byasen_last, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET)
    if sign_both is not None:
        sign_both(services, byasen_last)
    write("byasen", CURRENT_YEAR)

    # Solsiden barnehage: in dialogue, with remarks and replies
    sol = write("solsiden", CURRENT_YEAR)
    advance(sol, Status.TIL_DIALOG, Status.I_DIALOG)
    _remarks(services, sol, director=director_of["solsiden"], leader=leader_of["solsiden"])

    # Hjemmetjenesten: shared for dialogue; Tjenestekontoret: a draft with gaps the nudges point at
    ost = write("ostbyen", CURRENT_YEAR)
    advance(ost, Status.TIL_DIALOG)
    write("tjenestekontoret", CURRENT_YEAR)
    services.settings.set(DEMO_MARKER, "1")
    return DemoResult(created=True, agreements=out)


def _id(changes: Changes) -> str:
    assert changes.created is not None
    return changes.created


def _write_content(services: Services, rid: str, c: dict[str, Any]) -> None:
    a = services.agreements
    for name in TEXT_FIELDS:
        if c[name]:
            a.set_text(rid, name, c[name])
    for g in c["goals"]:
        gid = _id(a.add_item(rid, Patch.of(ItemKind.GOAL, text=g["text"], description=g["description"])))
        a.set_goal_links(rid, gid, plan_goal_ids=[d.did(code) for code in g["links"]], sdgs=g["sdgs"])
        for what, responsible, deadline in g["activities"]:
            patch = Patch.of(ItemKind.ACTIVITY, what=what, responsible=responsible, deadline=deadline)
            a.add_item(rid, patch, goal_id=gid)
        for kind, name, unit, base, base_year, target, direction, source, freq, resp in g["indicators"]:
            patch = Patch.of(
                ItemKind.INDICATOR,
                kind=kind,
                name=name,
                unit_of_measure=unit,
                baseline_value=base,
                baseline_year=base_year,
                target_value=target,
                direction=direction,
                data_source=source,
                frequency=freq,
                responsible=resp,
            )
            a.add_item(rid, patch, goal_id=gid)
    for area, need in c["support"]:
        a.add_item(rid, Patch.of(ItemKind.SUPPORT_NEED, area=area, need=need))
    for role, name, how, when in c["participants"]:
        a.add_item(rid, Patch.of(ItemKind.PARTICIPANT, role=role, name=name, how=how, when=when))


def _remarks(services: Services, rid: str, *, director: str, leader: str) -> None:
    content = services.agreements.revision(rid).content
    goals = sorted(content.goals, key=lambda g: g.position)
    for anchor, text, reply, resolved in d.REMARKS:
        kind, _, rest = anchor.partition(":")
        if kind == "section":
            anchor_kind, anchor_id = AnchorKind.SECTION, rest
        elif kind == "goal":
            anchor_kind, anchor_id = AnchorKind.GOAL, goals[int(rest)].id
        else:
            g, i = (int(x) for x in rest.split(":"))
            anchor_kind, anchor_id = AnchorKind.INDICATOR, goals[g].indicators[i].id
        remark_id = _id(services.remarks.add(rid, anchor_kind, anchor_id, text, author=director, role=Role.DIREKTOR))
        if reply:
            services.remarks.reply(remark_id, reply, author=leader, role=Role.LEDER)
        if resolved:
            services.remarks.resolve(remark_id, by=director)


def _record_results(services: Services, rid: str, year: int) -> None:
    """A year's measured values per period, activity progress, assessments and «Hva lærte vi?»
    (the latest values become next year's baselines, so the years make a trend)."""
    content = services.agreements.revision(rid).content
    services.followup.set_learning(
        rid, "Faste nærværssamtaler og elevrådets miljøvandringer.", "Kurs uten oppfølging i teamene.",
        "Vi lot elevene lede to personalmøter.", by="",
    )
    for n, goal in enumerate(sorted(content.goals, key=lambda g: g.position)):
        for ind in goal.indicators:
            if ind.baseline_value is None or ind.target_value is None:
                continue
            # halfway from baseline to target, a realistic year
            value = ind.baseline_value + (ind.target_value - ind.baseline_value) / 2
            periods = periods_in_year(ind.frequency, year)
            for k, period in enumerate(periods, 1):  # a trend through the year towards the result
                step = ind.baseline_value + (value - ind.baseline_value) * k / len(periods)
                services.followup.record_measurement(rid, ind.id, str(period), step.quantize(Decimal("0.1")),
                                                     comment="Årsresultat" if k == len(periods) else "", by="")
        for k, act in enumerate(goal.activities):
            status = ["fullført", "i_gang", "utsatt"][(n + k) % 3]
            services.followup.set_progress(rid, act.id, status, "Status ved årsslutt.", by="")
        services.followup.assess_goal(
            rid,
            goal.id,
            ["delvis_nådd", "nådd", "ikke_nådd"][n % 3],
            "Vi kom et godt stykke på vei; tiltakene videreføres neste år.",
        )
