from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Role, Status
from enhetsdialog.domain.errors import DomainError, ValidationError
from enhetsdialog.domain.items import ItemKind, ItemRef, Patch
from enhetsdialog.services import Services

from .helpers import dump, freeze_as_signed


def _unit(services: Services) -> str:
    mid = services.org.create_municipality("Fjordby kommune", "5099").created
    director = services.org.create_person("Kari Nordahl", "Kommunaldirektør").created
    area = services.org.create_service_area(mid or "", "Oppvekst", director).created
    leader = services.org.create_person("Ingrid Solberg", "Rektor").created
    unit = services.org.create_unit(area or "", "Lade skole", "skole", leader).created
    assert unit
    return unit


def test_edit_everything_and_read_it_back(services: Services) -> None:
    unit = _unit(services)
    rid = services.agreements.create(unit, 2027).created
    assert rid
    a = services.agreements
    weird = "<b>fet</b> & <font size=40> ]]> «sitat» \\ æøå\nlinje to\ttab"
    a.set_text(rid, "challenges", weird)
    g1 = a.add_item(rid, Patch.of(ItemKind.GOAL, text='Trygt skolemiljø')).created
    g2 = a.add_item(rid, Patch.of(ItemKind.GOAL, text='Lesing')).created
    g0 = a.add_item(rid, Patch.of(ItemKind.GOAL, text='Først'), index=0).created
    assert g1 and g2 and g0
    a.add_item(rid, Patch.of(ItemKind.ACTIVITY, what='Miljøvandring', responsible='Inspektør', deadline='31.03.2027'), goal_id=g1)
    ind = a.add_item(rid, Patch.of(ItemKind.INDICATOR, kind='prosess', name='Andel kurs', baseline_value='62,5', baseline_year='2026', target_value='1 000', direction='higher', frequency='halvårlig'), goal_id=g1).created
    a.add_item(rid, Patch.of(ItemKind.INDICATOR, kind=IndicatorKind.RESULTAT, name='Mobbing', target_value=Decimal('4')), goal_id=g1)
    a.add_item(rid, Patch.of(ItemKind.SUPPORT_NEED, area='ikt', need='Nye PC-er'))
    a.add_item(rid, Patch.of(ItemKind.PARTICIPANT, role='Verneombud', how='Møte', when='Uke 38'))
    a.move_item(ItemRef(rid, ItemKind.GOAL, g0), 2)
    full = a.get(rid)
    c = full.revision.content
    assert c.challenges == weird
    assert [g.text for g in c.goals] == ["Trygt skolemiljø", "Lesing", "Først"]
    goal = c.goal(g1)
    assert goal.activities[0].deadline is not None and goal.activities[0].deadline.isoformat() == "2027-03-31"
    i = goal.indicators[0]
    assert (i.id, i.baseline_value, i.target_value, i.baseline_year) == (ind, Decimal("62.5"), Decimal("1000"), 2026)
    assert c.support_needs[0].need == "Nye PC-er" and c.participants[0].role == "Verneombud"
    assert full.leader and full.leader.name == "Ingrid Solberg"
    assert full.director and full.director.name == "Kari Nordahl"
    # removing a goal takes its activities and indicators with it; positions stay dense
    a.remove_item(ItemRef(rid, ItemKind.GOAL, g1))
    c = a.revision(rid).content
    assert [g.position for g in c.goals] == [0, 1]
    assert all(not g.indicators for g in c.goals)


@pytest.mark.parametrize(
    ("kind", "fields", "words"),
    [
        ("indicator", {"baseline_value": "tolv"}, "ikke et tall"),
        ("indicator", {"kind": "annen"}, "gyldig verdi"),
        ("indicator", {"baseline_year": "i fjor"}, "årstall"),
        ("activity", {"deadline": "snart"}, "ikke en dato"),
        ("goal", {"text": "x" * 300_000}, "for lang"),
        ("goal", {"text": "a\x00b"}, "ugyldig tegn"),
        ("goal", {"colour": "rød"}, "finnes ikke"),
    ],
)
def test_bad_values_are_refused_with_a_hint_and_change_nothing(
    services: Services, kind: str, fields: dict[str, str], words: str
) -> None:
    unit = _unit(services)
    rid = services.agreements.create(unit, 2027).created or ""
    gid = services.agreements.add_item(rid, Patch.of(ItemKind.GOAL, text='Mål')).created or ""
    item = gid
    if kind != "goal":
        item = services.agreements.add_item(rid, Patch.of(kind), goal_id=gid).created or ""
    before = dump(services.db.path)
    with pytest.raises(ValidationError, match=words):
        services.agreements.update_item(ItemRef(rid, kind, item), Patch.of(kind, **fields))
    assert dump(services.db.path) == before


def test_status_flow_with_remarks(services: Services) -> None:
    unit = _unit(services)
    rid = services.agreements.create(unit, 2027).created or ""
    gid = services.agreements.add_item(rid, Patch.of(ItemKind.GOAL, text='Mål')).created or ""
    a, r = services.agreements, services.remarks
    a.set_status(rid, Status.TIL_DIALOG)
    a.set_status(rid, Status.I_DIALOG)
    rem = r.add(rid, AnchorKind.GOAL, gid, "Kan dette bli tydeligere?", author="Kari", role=Role.DIREKTOR).created or ""
    r.reply(rem, "Ja, vi skriver det om.", author="Ingrid", role=Role.LEDER)
    with pytest.raises(DomainError, match="åpen merknad|åpne merknader"):
        a.set_status(rid, Status.ENIGHET)
    r.resolve(rem, by="Kari")
    a.set_status(rid, Status.ENIGHET)
    with pytest.raises(DomainError):
        a.set_status(rid, Status.SIGNERT)  # only signatures sign
    r.reopen(rem)
    remarks = r.list(a.revision(rid).agreement_id)
    assert remarks[0].replies[0].text == "Ja, vi skriver det om." and not remarks[0].resolved
    with pytest.raises(Exception, match="Fant ikke"):
        r.add(rid, AnchorKind.GOAL, "finnes-ikke", "x", author="Kari", role=Role.DIREKTOR)
    with pytest.raises(ValidationError):
        r.add(rid, AnchorKind.SECTION, "kapittel-9", "x", author="Kari", role=Role.DIREKTOR)
    # remarks never change the agreement's text
    assert a.revision(rid).content.goals[0].text == "Mål"


def test_copy_forward_uses_last_years_result_as_baseline(services: Services) -> None:
    unit = _unit(services)
    a = services.agreements
    rid = a.create(unit, 2026).created or ""
    gid = a.add_item(rid, Patch.of(ItemKind.GOAL, text='Nærvær')).created or ""
    ind = a.add_item(rid, Patch.of(ItemKind.INDICATOR, name='Sykefravær', baseline_value='9,4', baseline_year=2025, target_value='7,5', frequency='tertialvis'), goal_id=gid).created or ""
    other = a.add_item(rid, Patch.of(ItemKind.INDICATOR, name='Uten måling', baseline_value='3', baseline_year=2025), goal_id=gid).created or ""
    a.add_item(rid, Patch.of(ItemKind.ACTIVITY, what='Samtaler', deadline='2026-02-28'), goal_id=gid)
    a.add_item(rid, Patch.of(ItemKind.PARTICIPANT, role='Tillitsvalgt'))
    a.set_text(rid, "users_voice", "elevrådet")
    freeze_as_signed(services, rid)
    services.followup.record_measurement(rid, ind, "2026-T1", "9,0")
    services.followup.record_measurement(rid, ind, "2026-T3", "8,1")
    services.followup.record_measurement(rid, ind, "2026-T2", "8,6")
    new = a.copy_forward(rid).created or ""
    rev = a.revision(new)
    assert rev.year == 2027 and rev.number == 1 and rev.status is Status.UTKAST and rev.based_on_id == rid
    goal = rev.content.goals[0]
    assert goal.origin_id == gid and goal.id != gid
    by_name = {i.name: i for i in goal.indicators}
    assert by_name["Sykefravær"].baseline_value == Decimal("8.1") and by_name["Sykefravær"].baseline_year == 2026
    assert by_name["Uten måling"].baseline_value == Decimal("3") and by_name["Uten måling"].baseline_year == 2025
    assert {i.id for i in goal.indicators}.isdisjoint({ind, other})
    assert goal.activities[0].deadline is not None and goal.activities[0].deadline.year == 2027
    assert rev.content.participants == [] and rev.content.users_voice == ""
    with pytest.raises(DomainError, match="allerede en avtale"):
        a.copy_forward(rid)


def test_list_search_and_resolve(demo_services: Services) -> None:
    a = demo_services.agreements
    everything = a.list(latest_only=False)
    assert len(everything) >= len(a.list())
    assert {r.status for r in everything} >= {Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET}
    hits = a.search("språkutvikling")
    assert hits and all(h.unit_name == "Solsiden barnehage" for h in hits)
    assert a.search("100%_") == []  # LIKE wildcards are taken literally
    assert a.list(year=2026) and all(r.year == 2026 for r in a.list(year=2026))
    first = everything[0]
    assert a.resolve_id(first.id[:10]) == first.id
    latest_for_agreement = a.resolve_id(first.agreement_id)
    assert latest_for_agreement in {r.id for r in everything}


def test_meeting_notes_and_profile(services: Services) -> None:
    unit = _unit(services)
    rid = services.agreements.create(unit, 2027).created or ""
    services.agreements.set_meeting_note(rid, "hvor", "Vi ble enige om å slå sammen mål 2 og 3.")
    assert services.agreements.revision(rid).meeting_notes == {"hvor": "Vi ble enige om å slå sammen mål 2 og 3."}
    assert services.settings.profile() is None
    services.settings.set_profile("Kari Nordahl", Role.DIREKTOR, "Kommunaldirektør")
    p = services.settings.profile()
    assert p is not None and p.role is Role.DIREKTOR


def test_delete_draft_only_for_unshared_drafts(services: Services) -> None:
    unit = _unit(services)
    rid = services.agreements.create(unit, 2027).created or ""
    services.agreements.set_status(rid, Status.TIL_DIALOG)
    with pytest.raises(DomainError):
        services.agreements.delete_draft(rid)
    services.agreements.set_status(rid, Status.UTKAST)
    services.agreements.delete_draft(rid)
    assert services.agreements.list() == []


def test_nudge_counts_agree_with_the_domain_rule(demo_services: Services) -> None:
    from enhetsdialog.domain.rules import nudges

    a = demo_services.agreements
    rows = a.list(latest_only=False)
    # make one agreement hit every rule: many goals, no links, one kind only, missing values
    rid = next(r.id for r in rows if r.status is Status.UTKAST)
    for n in range(4):
        gid = a.add_item(rid, Patch.of(ItemKind.GOAL, text=f'Ekstra {n}')).created or ""
        a.add_item(rid, Patch.of(ItemKind.INDICATOR, kind='prosess', name='uten verdier'), goal_id=gid)
    counts = a.nudge_counts([r.id for r in rows])
    assert counts == {r.id: len(nudges(a.revision(r.id).content)) for r in rows}
    assert counts[rid] >= 9
    assert a.years() == sorted({r.year for r in rows}, reverse=True)


def test_set_up_unit_is_one_transaction_and_safe_to_repeat(services: Services) -> None:
    from enhetsdialog.storage.errors import DatabaseFullError

    args = dict(
        municipality="Fjordby kommune", municipality_number="5099", service_area="Oppvekst",
        director="Kari Nordahl", director_title="Kommunaldirektør", unit="Lade skole", kind="Skole",
        leader="Ingrid Solberg", leader_title="Rektor",
    )
    first = services.org.set_up_unit(**args)
    before = dump(services.db.path)
    again = services.org.set_up_unit(**{**args, "unit": "  lade  SKOLE ", "municipality": "fjordby kommune"})
    assert again.created == first.created
    assert dump(services.db.path) == before  # nothing new, no second leader
    info = next(u for u in services.org.units() if u.unit.id == first.created)
    assert info.leader and info.leader.name == "Ingrid Solberg" and info.director and info.director.name == "Kari Nordahl"
    # a failure halfway leaves nothing behind
    from sqlalchemy import event

    with services.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(services.db.engine, "connect")
    def _limit(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    services.db.engine.dispose()
    with pytest.raises(DatabaseFullError):
        services.org.set_up_unit(**{**args, "service_area": "Helse " + "x" * 250, "unit": "Ny " + "y" * 250,
                                    "leader": "L" * 290, "director": "D" * 290, "director_title": "t" * 150_000})
    event.remove(services.db.engine, "connect", _limit)
    services.db.engine.dispose()
    assert dump(services.db.path) == before


def test_an_interrupted_demo_is_reported_not_taken_as_done(services: Services) -> None:
    from enhetsdialog.services.demo import fill_demo

    def broken_signer(_services: object, _rid: str) -> None:
        raise RuntimeError("strømmen gikk")

    with pytest.raises(RuntimeError):
        fill_demo(services, sign_both=broken_signer)
    with pytest.raises(DomainError, match="ble ikke ferdig"):
        fill_demo(services)


def test_the_profile_lives_in_the_users_file_and_an_old_database_profile_moves_there_once(
    services: Services, tmp_path: Path
) -> None:
    from enhetsdialog.services.settings import SettingsService

    old = SettingsService(services.db, profile_path=None)  # as an earlier version kept it
    old.set_profile("Kari Nordahl", Role.DIREKTOR, "Kommunaldirektør")
    path = tmp_path / "config" / "me.json"
    mine = SettingsService(services.db, profile_path=path)
    p = mine.profile()
    assert p is not None and (p.name, p.role, p.title) == ("Kari Nordahl", Role.DIREKTOR, "Kommunaldirektør")
    assert path.is_file()  # moved into the user's file
    mine.set_profile("Ingrid Solberg", Role.LEDER)
    assert mine.profile() == type(p)("Ingrid Solberg", Role.LEDER, "")
    assert old.profile() is not None and old.profile().name == "Kari Nordahl"  # the database is not written
    path.write_text("{ikke json", encoding="utf-8")
    assert mine.profile() is not None  # an unreadable file falls back to the database
    assert services.settings.profile_path is not None and services.settings.profile_path.name == "profile.json"


def test_service_calls_inside_one_unit_of_work_are_one_transaction(services: Services) -> None:
    from enhetsdialog.services.base import Service, writes
    from enhetsdialog.storage.uow import UnitOfWork

    unit = _unit(services)
    rid = services.agreements.create(unit, 2027).created or ""
    before = dump(services.db.path)

    class Both(Service):
        @writes
        def run(self, uow: UnitOfWork) -> None:
            services.agreements.add_item(rid, Patch.of(ItemKind.GOAL, text="Først"))
            services.agreements.set_text(rid, "challenges", "x")
            raise ValidationError("stopp")

    with pytest.raises(ValidationError):
        Both(services.db).run()
    assert dump(services.db.path) == before  # the joined calls were rolled back with it
