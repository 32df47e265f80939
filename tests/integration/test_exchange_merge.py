"""Merge rules of import: newer text is taken, older is ignored, concurrent edits become a conflict
kept for the user; signed revisions never change; status only moves forward; remark resolution
follows the later change; what exists here is never overwritten; refusals change nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.compare import DiffKind
from enhetsdialog.domain.enums import AnchorKind, Role, Status
from enhetsdialog.domain.errors import DomainError, NotFoundError, ValidationError
from enhetsdialog.domain.followup import periods_in_year
from enhetsdialog.domain.items import ItemKind, ItemRef, Patch
from enhetsdialog.exchange import PackageError
from enhetsdialog.exchange.package import AGREEMENT_NAME, read_package, write_package
from enhetsdialog.storage import repo, tables
from enhetsdialog.storage.exchange_state import ExchangeStateRepo

from .test_exchange_support import (
    DIRECTOR,
    LEADER,
    YEAR,
    Machines,
    draft,
    dump,
    machines,
    send,
    set_raw,
    sign,
)

__all__ = ["machines"]


def shared(m: Machines, *statuses: Status) -> str:
    """An agreement drafted by the leader and sent to the director."""
    rid = draft(m.leader, m.unit_id)
    for s in statuses:
        m.leader.agreements.set_status(rid, s)
    send(m.leader, m.director, rid)
    return rid


def challenges(services: object, rid: str) -> str:
    from enhetsdialog.services import Services

    assert isinstance(services, Services)
    return services.agreements.revision(rid).content.challenges


# --- text: newer, older, conflict --------------------------------------------------------------------------------


def test_newer_text_is_taken_older_is_ignored(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    m.leader.agreements.set_text(rid, "challenges", "Versjon B")
    package_b = m.leader.exchange.export(rid)
    m.leader.agreements.set_text(rid, "challenges", "Versjon C")
    package_c = m.leader.exchange.export(rid)

    report = m.director.exchange.import_bytes(package_c)
    assert report.revisions_updated == 1 and challenges(m.director, rid) == "Versjon C"
    before = dump(m.director_path)
    late = m.director.exchange.import_bytes(package_b)  # arrives after the newer one
    assert not late.changed and challenges(m.director, rid) == "Versjon C"
    assert any("eldre versjon" in line for line in late.skipped)
    assert dump(m.director_path) == before


def test_package_sent_back_unchanged_keeps_local_edits(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    from_director = m.director.exchange.export(rid)  # the director changed nothing in the text
    m.leader.agreements.set_text(rid, "challenges", "Lederens nye tekst, ikke sendt ennå")
    report = m.leader.exchange.import_bytes(from_director)
    assert challenges(m.leader, rid) == "Lederens nye tekst, ikke sendt ennå"
    assert not report.conflicts and not m.leader.exchange.conflicts()


def test_edits_on_both_sides_become_a_conflict_with_both_versions(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    m.leader.agreements.set_text(rid, "challenges", "Lederens versjon")
    m.director.agreements.set_text(rid, "challenges", "Direktørens versjon")
    goal = m.director.agreements.revision(rid).content.goals[0]
    m.director.agreements.update_item(ItemRef(rid, ItemKind.INDICATOR, goal.indicators[0].id), Patch.of(ItemKind.INDICATOR, target_value='99'))
    package = m.director.exchange.export(rid)

    report = m.leader.exchange.import_bytes(package)
    assert report.conflicts == (rid,) and report.revisions_updated == 0
    # the conflict is exchange state of that revision, not a settings change (the profile stays cached)
    assert rid in report.changes.exchange and not report.changes.settings
    assert challenges(m.leader, rid) == "Lederens versjon"  # never overwritten
    (conflict,) = m.leader.exchange.conflicts()
    assert conflict.revision_id == rid and conflict.unit_name == "Fjordby skole" and conflict.year == YEAR
    assert conflict.local.content.challenges == "Lederens versjon"
    assert conflict.incoming.content.challenges == "Direktørens versjon"
    assert not conflict.incoming_signed
    kinds = {(d.item_kind, d.kind) for d in conflict.differences}
    assert (None, DiffKind.CHANGED) in kinds and (ItemKind.INDICATOR, DiffKind.CHANGED) in kinds
    assert any("målverdi endret fra" in d.description and "til 99" in d.description for d in conflict.differences)

    before = dump(m.leader_path)
    again = m.leader.exchange.import_bytes(package)
    assert not again.changed and dump(m.leader_path) == before


def test_resolve_conflict_keep_local_then_the_other_side_follows(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    m.leader.agreements.set_text(rid, "challenges", "Lederens versjon")
    m.director.agreements.set_text(rid, "challenges", "Direktørens versjon")
    m.leader.exchange.import_bytes(m.director.exchange.export(rid))
    changes = m.leader.exchange.resolve_conflict(rid, "local")
    assert rid in changes.revisions and rid in changes.exchange and not changes.settings
    assert not m.leader.exchange.conflicts()
    assert challenges(m.leader, rid) == "Lederens versjon"
    # the director gets the leader's choice as a newer version, without a conflict
    report = send(m.leader, m.director, rid)
    assert report.revisions_updated == 1 and not report.conflicts
    assert challenges(m.director, rid) == "Lederens versjon"
    # and the director's old package no longer conflicts on the leader's side
    report = send(m.director, m.leader, rid)
    assert not report.conflicts and not report.changed


def test_resolve_conflict_keep_incoming(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    m.leader.agreements.set_text(rid, "challenges", "Lederens versjon")
    m.director.agreements.set_text(rid, "challenges", "Direktørens versjon")
    m.leader.exchange.import_bytes(m.director.exchange.export(rid))
    m.leader.exchange.resolve_conflict(rid, "incoming")
    assert challenges(m.leader, rid) == "Direktørens versjon"
    assert fingerprint(m.leader.agreements.revision(rid)) == fingerprint(m.director.agreements.revision(rid))
    assert not m.leader.exchange.conflicts()
    with pytest.raises(NotFoundError):
        m.leader.exchange.resolve_conflict(rid, "incoming")
    with pytest.raises(ValidationError):
        m.leader.exchange.resolve_conflict(rid, "begge")
    report = send(m.leader, m.director, rid)
    assert not report.conflicts and report.revisions_updated == 0
    assert fingerprint(m.leader.agreements.revision(rid)) == fingerprint(m.director.agreements.revision(rid))


def test_a_newer_package_settles_a_pending_conflict(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    m.leader.agreements.set_text(rid, "challenges", "Lederens versjon")
    m.director.agreements.set_text(rid, "challenges", "Direktørens versjon")
    m.leader.exchange.import_bytes(m.director.exchange.export(rid))
    assert m.leader.exchange.conflicts()
    # the director meanwhile took the leader's version and sends that: the conflict is gone
    m.director.exchange.import_bytes(m.leader.exchange.export(rid))
    m.director.exchange.resolve_conflict(rid, "incoming")
    m.leader.exchange.import_bytes(m.director.exchange.export(rid))
    assert not m.leader.exchange.conflicts()
    assert challenges(m.leader, rid) == challenges(m.director, rid) == "Lederens versjon"


def test_unsent_export_is_not_mistaken_for_shared(machines: Machines) -> None:
    """The leader exports B but never sends it; the director's C (made from A) must not erase B."""
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    m.leader.agreements.set_text(rid, "challenges", "B, eksportert men aldri sendt")
    m.leader.exchange.export(rid)
    m.director.agreements.set_text(rid, "challenges", "C fra direktøren")
    report = send(m.director, m.leader, rid)
    assert report.conflicts == (rid,)
    assert challenges(m.leader, rid) == "B, eksportert men aldri sendt"


def test_followup_on_removed_indicator_makes_a_conflict_not_a_crash(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    goal = m.leader.agreements.revision(rid).content.goals[0]
    indicator = goal.indicators[0].id
    period = str(periods_in_year(goal.indicators[0].frequency, 2027)[0])
    m.leader.followup.record_measurement(rid, indicator, period, "55")
    m.director.agreements.remove_item(ItemRef(rid, ItemKind.INDICATOR, indicator))
    report = send(m.director, m.leader, rid)
    assert report.conflicts == (rid,)
    with pytest.raises(DomainError, match="resultater"):
        m.leader.exchange.resolve_conflict(rid, "incoming")
    m.leader.exchange.resolve_conflict(rid, "local")


# --- signed revisions ----------------------------------------------------------------------------------------------


def agreed(m: Machines) -> str:
    rid = shared(m, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET)
    return rid


def test_signed_revision_with_other_text_is_refused_and_nothing_changes(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    m.director.agreements.set_text(rid, "challenges", "Endret av direktøren før lederen signerte")
    package = m.director.exchange.export(rid)
    sign(m.leader, rid, Role.LEDER)
    before = dump(m.leader_path)
    with pytest.raises(PackageError, match="signert her"):
        m.leader.exchange.import_bytes(package)
    assert dump(m.leader_path) == before


def test_signed_elsewhere_while_edited_here_is_a_conflict_only_incoming_can_win(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    m.director.agreements.set_text(rid, "challenges", "Direktørens endring, ikke sendt")
    sign(m.leader, rid, Role.LEDER)
    report = send(m.leader, m.director, rid)
    assert report.conflicts == (rid,) and report.signatures_added == 0
    (conflict,) = m.director.exchange.conflicts()
    assert conflict.incoming_signed
    with pytest.raises(DomainError, match="signert"):
        m.director.exchange.resolve_conflict(rid, "local")
    m.director.exchange.resolve_conflict(rid, "incoming")
    full = m.director.agreements.get(rid)
    assert full.revision.frozen and [s.role for s in full.signatures] == [Role.LEDER]
    assert fingerprint(full.revision) == fingerprint(m.leader.agreements.revision(rid))
    with m.director.db.read() as s:
        pdf = s.execute(select(tables.SIGNED_DOC.c.pdf).where(tables.SIGNED_DOC.c.revision_id == rid)).scalar()
    assert pdf is not None


def test_signed_pdf_may_grow_but_never_differ(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    leader_only = m.leader.exchange.export(rid)
    send(m.leader, m.director, rid)
    sign(m.director, rid, Role.DIREKTOR)
    # the leader's older package (shorter PDF, one signature) changes nothing on the director's side
    before = dump(m.director_path)
    report = m.director.exchange.import_bytes(leader_only)
    assert not report.changed and dump(m.director_path) == before

    # a package whose PDF is not an extension of ours is refused
    pkg = read_package(m.director.exchange.export(rid))
    pr = pkg.revisions[0]
    assert pr.signed_document is not None
    pr.signed_document = type(pr.signed_document)(
        pdf=b"%PDF-1.7\n% forfalsket\n", updated_at=pr.signed_document.updated_at
    )
    before = dump(m.leader_path)
    with pytest.raises(PackageError, match="signerte PDF-en"):
        m.leader.exchange.import_bytes(write_package(pkg))
    assert dump(m.leader_path) == before


def test_other_signature_for_the_same_role_is_refused(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    sign(m.director, rid, Role.LEDER)  # someone signed as leader on the director's machine too
    before = dump(m.director_path)
    with pytest.raises(PackageError, match="en annen enn den som er lagret her"):
        send(m.leader, m.director, rid)
    assert dump(m.director_path) == before


def test_changed_signature_row_is_refused(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    send(m.leader, m.director, rid)
    pkg = read_package(m.leader.exchange.export(rid))
    pkg.revisions[0].signatures[0].name = "Noen andre"
    before = dump(m.director_path)
    with pytest.raises(PackageError, match="signatur"):
        m.director.exchange.import_bytes(write_package(pkg))
    assert dump(m.director_path) == before


# --- status --------------------------------------------------------------------------------------------------------


def test_status_moves_forward_several_steps(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    for status in (Status.I_DIALOG, Status.ENIGHET):
        m.director.agreements.set_status(rid, status)
    report = send(m.director, m.leader, rid)
    assert report.status_changes == 1 and m.leader.agreements.revision(rid).status is Status.ENIGHET


def test_a_newer_legal_step_back_travels_an_older_status_does_not(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG, Status.I_DIALOG)
    stale = m.director.exchange.export(rid)  # the director's package while the status is «I dialog»
    m.director.agreements.set_status(rid, Status.TIL_DIALOG)  # "send tilbake til leder": newer
    report = send(m.director, m.leader, rid)
    assert m.leader.agreements.revision(rid).status is Status.TIL_DIALOG
    assert report.status_changes == 1
    # the older package, replayed, changes nothing and says why
    again = m.leader.exchange.import_bytes(stale)
    assert m.leader.agreements.revision(rid).status is Status.TIL_DIALOG
    assert again.status_changes == 0 and any("eldre" in line for line in again.skipped)


def test_no_agreement_past_an_open_remark_here(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG, Status.I_DIALOG)
    m.leader.remarks.add(rid, AnchorKind.SECTION, "hele", "Et spørsmål fra meg", author=LEADER, role=Role.LEDER)
    m.director.agreements.set_status(rid, Status.ENIGHET)
    report = send(m.director, m.leader, rid)
    assert m.leader.agreements.revision(rid).status is Status.I_DIALOG
    assert any("åpen merknad" in line or "åpne merknader" in line for line in report.skipped)


def test_not_signed_without_signatures(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    pkg = read_package(m.director.exchange.export(rid))
    pr = pkg.revisions[0]
    pr.revision.frozen = True
    pr.revision.status = Status.SIGNERT  # claims signed, carries no signature
    before = dump(m.leader_path)
    with pytest.raises(PackageError, match="ingen signatur"):
        m.leader.exchange.import_bytes(write_package(pkg))
    assert dump(m.leader_path) == before


# --- remarks ---------------------------------------------------------------------------------------------------------


def test_remark_resolution_later_change_wins(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG, Status.I_DIALOG)
    remark = m.leader.remarks.add(rid, AnchorKind.SECTION, "hele", "Spørsmål", author=LEADER, role=Role.LEDER).created
    assert remark
    send(m.leader, m.director, rid)
    m.director.remarks.resolve(remark, by=DIRECTOR)
    report = send(m.director, m.leader, rid)
    assert report.remarks_updated == 1
    (r,) = m.leader.remarks.list(m.leader.agreements.revision(rid).agreement_id)
    assert r.resolved and r.resolved_by == DIRECTOR

    # resolved on both sides at different times: both end with the later one
    later = datetime.now(UTC).isoformat(timespec="microseconds")  # after the director's, before the package
    set_raw(m.leader, "UPDATE remark SET resolved_at = :t, resolved_by = :b WHERE id = :id", t=later, b=LEADER, id=remark)
    send(m.leader, m.director, rid)
    (r,) = m.director.remarks.list(r.agreement_id)
    assert r.resolved_by == LEADER and r.resolved_at is not None and r.resolved_at.isoformat(timespec="microseconds") == later
    send(m.director, m.leader, rid)
    (r2,) = m.leader.remarks.list(r.agreement_id)
    assert (r2.resolved_by, r2.resolved_at) == (r.resolved_by, r.resolved_at)


def test_reopened_without_a_date_does_not_undo_a_resolution(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG, Status.I_DIALOG)
    remark = m.leader.remarks.add(rid, AnchorKind.SECTION, "hele", "Spørsmål", author=LEADER, role=Role.LEDER).created
    assert remark
    send(m.leader, m.director, rid)
    m.leader.remarks.resolve(remark, by=LEADER)
    stale = m.director.exchange.export(rid)  # the director still has it open
    m.leader.exchange.import_bytes(stale)
    (r,) = m.leader.remarks.list(m.leader.agreements.revision(rid).agreement_id)
    assert r.resolved


def test_remark_text_is_never_overwritten(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    remark = m.leader.remarks.add(rid, AnchorKind.SECTION, "hele", "Original", author=LEADER, role=Role.LEDER).created
    send(m.leader, m.director, rid)
    set_raw(m.director, "UPDATE remark SET text = 'Endret' WHERE id = :id", id=remark)
    send(m.director, m.leader, rid)
    (r,) = m.leader.remarks.list(m.leader.agreements.revision(rid).agreement_id)
    assert r.text == "Original"


# --- what exists here ------------------------------------------------------------------------------------------------


def test_local_names_are_kept(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    set_raw(m.director, "UPDATE unit SET name = 'Fjordby skole (direktørens navn)' WHERE id = :id", id=m.unit_id)
    set_raw(m.director, "UPDATE plan_goal SET text = 'Lokal tekst'")
    send(m.leader, m.director, rid)
    assert m.director.agreements.get(rid).unit.name == "Fjordby skole (direktørens navn)"
    assert {g.text for g in m.director.catalogue.goals()} == {"Lokal tekst"}


def test_another_agreement_for_the_same_unit_and_year_is_refused(machines: Machines) -> None:
    m = machines
    rid = shared(m)
    other = m.leader.agreements.create(m.unit_id, YEAR + 1).created
    assert other
    pkg = read_package(m.leader.exchange.export(other))
    # the director creates an agreement of its own for that unit and year
    m.director.agreements.create(m.unit_id, YEAR + 1)
    before = dump(m.director_path)
    with pytest.raises(PackageError, match="allerede en annen avtale"):
        m.director.exchange.import_bytes(write_package(pkg))
    assert dump(m.director_path) == before
    assert rid


def test_revision_made_on_both_sides_is_refused(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    for services, role in ((m.leader, Role.LEDER), (m.leader, Role.DIREKTOR)):
        sign(services, rid, role)
    send(m.leader, m.director, rid)
    m.leader.agreements.new_revision(rid)
    m.director.agreements.new_revision(rid)
    before = dump(m.director_path)
    with pytest.raises(PackageError, match="laget hver for seg"):
        send(m.leader, m.director, rid)
    assert dump(m.director_path) == before


def test_meeting_notes_are_added_never_overwritten(machines: Machines) -> None:
    m = machines
    rid = shared(m, Status.TIL_DIALOG)
    m.leader.agreements.set_meeting_note(rid, "hvor", "Lederens referat")
    m.director.agreements.set_meeting_note(rid, "hvor", "Direktørens referat")
    m.director.agreements.set_meeting_note(rid, "lykkes", "Indikatorene er gode")
    send(m.director, m.leader, rid)
    notes = m.leader.agreements.revision(rid).meeting_notes
    assert notes == {"hvor": "Lederens referat", "lykkes": "Indikatorene er gode"}


def test_sync_state_is_recorded_per_revision(machines: Machines) -> None:
    m = machines
    rid = shared(m)
    fp = fingerprint(m.leader.agreements.revision(rid))
    for services in (m.leader, m.director):
        with services.db.read() as s:
            assert fp in ExchangeStateRepo(s).known(rid)
            assert repo.get_setting(s, f"sync:{rid}") is None  # not in the settings any more


def test_package_for_a_database_without_the_catalogue_brings_plan_goals(machines: Machines) -> None:
    m = machines
    rid = shared(m)
    linked = {p for g in m.director.agreements.revision(rid).content.goals for p in g.plan_goal_ids}
    assert linked and linked <= {g.id for g in m.director.catalogue.goals()}


def test_package_members_are_what_the_docs_say(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    with zipfile.ZipFile(io.BytesIO(m.leader.exchange.export(rid))) as zf:
        assert zf.namelist() == ["manifest.json", AGREEMENT_NAME, f"pdf/{rid}.pdf"]
