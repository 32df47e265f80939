"""Two machines, one agreement: the leader drafts and shares it, the director annotates it, the
leader replies, they agree, and they sign in turn - every step travelling as a package file."""

from __future__ import annotations

from pathlib import Path

import pytest

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import AnchorKind, Role, Section, Status

from .test_exchange_support import (
    DIRECTOR,
    LEADER,
    Machines,
    draft,
    dump,
    machines,
    send,
    shared_state,
    sign,
)

__all__ = ["machines"]  # the fixture, imported for pytest


def test_full_round_trip_to_signed_on_both_machines(machines: Machines, tmp_path: Path) -> None:
    m = machines
    leader, director = m.leader, m.director

    # the leader drafts and shares it (as a file, as users do)
    rid = draft(leader, m.unit_id)
    leader.agreements.set_status(rid, Status.TIL_DIALOG)
    file = tmp_path / "til-direktor.enhetsavtale"
    result = leader.exchange.export_to(rid, file)
    assert result.path == file and result.revisions == 1 and file.stat().st_size == result.size
    report = director.exchange.import_file(file)
    assert report.agreement_created and report.revisions_added == 1 and report.revision_id == rid
    assert report.changes.created == rid and report.changes.organisation and report.changes.catalogue
    got = director.agreements.get(rid)
    assert got.revision.status is Status.TIL_DIALOG
    assert fingerprint(got.revision) == fingerprint(leader.agreements.revision(rid))
    assert got.unit.name == "Fjordby skole" and got.leader is not None and got.leader.name == LEADER
    assert got.plan_goals, "the linked plan goals came along"

    # the director starts the dialogue and writes remarks
    director.agreements.set_status(rid, Status.I_DIALOG)
    goals = sorted(got.revision.content.goals, key=lambda g: g.position)
    r1 = director.remarks.add(rid, AnchorKind.GOAL, goals[0].id, "Hvordan måler dere trivsel?", author=DIRECTOR, role=Role.DIREKTOR).created
    r2 = director.remarks.add(rid, AnchorKind.SECTION, Section.HVORDAN.value, "Fint med tegn på modighet.", author=DIRECTOR, role=Role.DIREKTOR).created
    assert r1 and r2
    report = send(director, leader, rid)
    assert (report.remarks_added, report.status_changes, report.revisions_updated) == (2, 1, 0)
    assert leader.agreements.revision(rid).status is Status.I_DIALOG

    # the leader replies and sharpens the text; the director gets both
    leader.remarks.reply(r1, "Med elevundersøkelsen, to ganger i året.", author=LEADER, role=Role.LEDER)
    leader.agreements.set_text(rid, "challenges", "Uro i friminuttene; flere elever melder om utenforskap.")
    report = send(leader, director, rid)
    assert (report.replies_added, report.revisions_updated, report.conflicts) == (1, 1, ())
    assert director.agreements.revision(rid).content.challenges.startswith("Uro i friminuttene")

    # the director resolves the remarks and marks agreement; the leader follows
    director.remarks.resolve(r1, by=DIRECTOR)
    director.remarks.resolve(r2, by=DIRECTOR)
    director.agreements.set_status(rid, Status.ENIGHET)
    report = send(director, leader, rid)
    assert (report.remarks_updated, report.status_changes) == (2, 1)
    assert leader.agreements.revision(rid).status is Status.ENIGHET
    assert all(r.resolved for r in leader.remarks.list(got.revision.agreement_id))

    # signing in turn: the leader signs and sends; the director sees it, counter-signs, sends back
    sign(leader, rid, Role.LEDER)
    report = send(leader, director, rid)
    assert (report.signatures_added, report.documents_updated) == (1, 1)
    full = director.agreements.get(rid)
    assert full.revision.frozen and full.revision.status is Status.ENIGHET
    assert [s.role for s in full.signatures] == [Role.LEDER]
    sign(director, rid, Role.DIREKTOR)
    report = send(director, leader, rid)
    assert (report.signatures_added, report.documents_updated, report.status_changes) == (1, 1, 1)
    full = leader.agreements.get(rid)
    assert full.revision.status is Status.SIGNERT and full.revision.frozen
    assert [s.role for s in full.signatures] == [Role.LEDER, Role.DIREKTOR]

    # both machines now hold exactly the same agreement
    assert shared_state(m.leader_path) == shared_state(m.director_path)

    # and sending again, either way, changes nothing at all
    for src, dst, path in ((leader, director, m.director_path), (director, leader, m.leader_path)):
        before = dump(path)
        report = send(src, dst, rid)
        assert not report.changed and report.summary()[0].endswith("Ingenting er endret.")
        assert dump(path) == before


def test_import_twice_changes_nothing(machines: Machines) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    m.leader.agreements.set_status(rid, Status.TIL_DIALOG)
    m.leader.remarks.add(rid, AnchorKind.SECTION, "hele", "Notat til meg selv", author=LEADER, role=Role.LEDER)
    data = m.leader.exchange.export(rid)
    first = m.director.exchange.import_bytes(data)
    assert first.changed
    before = dump(m.director_path)
    second = m.director.exchange.import_bytes(data)
    assert not second.changed and second.changes.empty and not second.skipped
    assert dump(m.director_path) == before
    # exporting again records nothing new either
    before = dump(m.leader_path)
    m.leader.exchange.export(rid)
    assert dump(m.leader_path) == before


def test_new_revision_after_signing_travels(machines: Machines) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    for status in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
        m.leader.agreements.set_status(rid, status)
    sign(m.leader, rid, Role.LEDER)
    send(m.leader, m.director, rid)
    sign(m.director, rid, Role.DIREKTOR)
    send(m.director, m.leader, rid)
    rev2 = m.leader.agreements.new_revision(rid).created
    assert rev2
    m.leader.agreements.set_text(rev2, "structures", "Nytt: felles planleggingsverktøy.")
    report = send(m.leader, m.director, rev2)
    assert report.revisions_added == 1 and report.revision_id == rev2
    assert m.director.agreements.revision(rev2).content.structures == "Nytt: felles planleggingsverktøy."
    assert m.director.agreements.revision(rid).status is Status.SIGNERT


def test_real_signing_in_turn_across_machines(machines: Machines, tmp_path: Path) -> None:
    """With the real signing service: PAdES signatures in a PDF/A that verifies after the trip."""
    pytest.importorskip("pyhanko")
    from enhetsdialog.pdf.certificates import create_personal_certificate
    from enhetsdialog.pdf.verify import verify_pdf

    m = machines
    password = b"passord-for-test"
    rid = draft(m.leader, m.unit_id)
    for status in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
        m.leader.agreements.set_status(rid, status)
    send(m.leader, m.director, rid)  # the director has it at enighet too

    m.leader.signing.sign(rid, Role.LEDER, create_personal_certificate(LEADER, None, password), password)
    report = send(m.leader, m.director, rid)
    assert report.signatures_added == 1 and report.documents_updated == 1
    m.director.signing.sign(rid, Role.DIREKTOR, create_personal_certificate(DIRECTOR, None, password), password)
    report = send(m.director, m.leader, rid)
    assert report.signatures_added == 1 and report.documents_updated == 1 and report.status_changes == 1

    record = m.leader.signing.signed_pdf(rid)
    assert record is not None and record == m.director.signing.signed_pdf(rid)
    verdict = verify_pdf(record)
    assert verdict.ok and verdict.complete, verdict.reasons
    assert verdict.embedded_fingerprint == fingerprint(m.leader.agreements.revision(rid))
    assert m.leader.agreements.revision(rid).status is Status.SIGNERT
    assert shared_state(m.leader_path) == shared_state(m.director_path)

    # the director sends the year to the archive; the leader learns of it with the next package
    year = m.director.agreements.revision(rid).year
    archived = m.director.archive.export(year, tmp_path / "arkiv", workers=1)
    assert archived.documents and not archived.skipped
    assert m.director.agreements.revision(rid).status is Status.ARKIVERT
    report = send(m.director, m.leader, rid)
    assert report.status_changes == 1
    assert m.leader.agreements.revision(rid).status is Status.ARKIVERT
    assert m.leader.signing.signed_pdf(rid) == record  # archiving never touches the signed record
