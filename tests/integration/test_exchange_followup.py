"""Follow-up records travel in agreement packages and merge exactly, across two databases: added on
both sides → both kept; the same record edited on both sides → a conflict kept for the user; importing
twice changes nothing; a package without follow-up still imports; the signed record never changes."""

from __future__ import annotations

import pytest

from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.followup import periods_in_year
from enhetsdialog.exchange.package import AGREEMENT_NAME, read_package, write_package

from .test_exchange_support import YEAR, Machines, draft, dump, machines, send

__all__ = ["machines"]

SIGNED = ("revision", "goal", "activity", "indicator", "signature", "signed_document")


def _ids(services: object, rid: str) -> tuple[str, str, str, str]:
    goal = services.agreements.revision(rid).content.goals[0]  # type: ignore[attr-defined]
    ind = goal.indicators[0]
    return goal.id, ind.id, str(periods_in_year(ind.frequency, YEAR)[0]), goal.activities[0].id


def _values(services: object, rid: str) -> dict[str, str]:
    full = services.agreements.get(rid)  # type: ignore[attr-defined]
    return {f"{m.indicator_id}:{m.period}": str(m.value) for m in full.measurements}


def test_followup_merges_exactly_across_two_databases(machines: Machines) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    send(m.leader, m.director, rid)
    gid, iid, p1, aid = _ids(m.leader, rid)
    ind2 = m.leader.agreements.revision(rid).content.goals[0].indicators[1]
    p2 = str(periods_in_year(ind2.frequency, YEAR)[0])

    # added on both sides: both kept
    m.leader.followup.record_measurement(rid, iid, p1, "10")
    m.director.followup.record_measurement(rid, ind2.id, p2, "20")
    m.leader.followup.set_progress(rid, aid, "i_gang", "startet")
    report = send(m.leader, m.director, rid)
    assert report.followup_added == 2 and report.conflicts == ()
    send(m.director, m.leader, rid)
    assert _values(m.leader, rid) == _values(m.director, rid) == {f"{iid}:{p1}": "10", f"{ind2.id}:{p2}": "20"}

    # importing twice changes nothing
    before = dump(m.director.db.path)
    again = send(m.leader, m.director, rid)
    assert not again.changed and dump(m.director.db.path) == before

    # edited on one side: the newer is taken
    m.director.followup.record_measurement(rid, iid, p1, "11")
    assert send(m.director, m.leader, rid).followup_updated == 1
    assert _values(m.leader, rid)[f"{iid}:{p1}"] == "11"
    # an older version does not overwrite a newer one
    old_pkg = m.leader.exchange.export(rid)
    m.leader.followup.record_measurement(rid, iid, p1, "12")
    send(m.leader, m.director, rid)
    assert m.director.exchange.import_bytes(old_pkg).followup_updated == 0
    assert _values(m.director, rid)[f"{iid}:{p1}"] == "12"

    # edited differently on both sides: a conflict, ours kept until the user chooses
    m.leader.followup.record_measurement(rid, iid, p1, "13")
    m.director.followup.record_measurement(rid, iid, p1, "14")
    m.leader.followup.assess_goal(rid, gid, "nådd", "fra leder")
    m.director.followup.assess_goal(rid, gid, "ikke_nådd", "fra direktør")
    report = send(m.director, m.leader, rid)
    assert report.conflicts == (rid,)
    assert _values(m.leader, rid)[f"{iid}:{p1}"] == "13"
    conflicts = m.leader.exchange.followup_conflicts()
    assert {c.key for c in conflicts} == {f"m:{iid}:{p1}", f"a:{gid}"}
    c = next(c for c in conflicts if c.key.startswith("m:"))
    assert (c.local["value"], c.incoming["value"]) == ("13", "14")
    before = dump(m.leader.db.path)
    assert send(m.director, m.leader, rid).conflicts == ()  # the same conflict again: nothing new
    assert dump(m.leader.db.path) == before
    m.leader.exchange.resolve_followup_conflict(rid, c.key, "incoming")
    m.leader.exchange.resolve_followup_conflict(rid, f"a:{gid}", "local")
    assert m.leader.exchange.followup_conflicts() == []
    assert _values(m.leader, rid)[f"{iid}:{p1}"] == "14"
    # after the choice the two sides agree again without a new conflict
    assert send(m.leader, m.director, rid).conflicts == ()
    assert m.director.agreements.get(rid).assessments[0].reflection == "fra leder"
    assert send(m.director, m.leader, rid).conflicts == ()


def test_followup_on_a_signed_agreement_travels_without_touching_the_signed_record(machines: Machines) -> None:
    from .helpers import freeze_as_signed

    m = machines
    rid = draft(m.leader, m.unit_id)
    freeze_as_signed(m.leader, rid)
    send(m.leader, m.director, rid)
    assert m.director.agreements.revision(rid).status is Status.SIGNERT
    signed_before = {t: dump(m.director.db.path)[t] for t in SIGNED}
    gid, iid, p1, aid = _ids(m.leader, rid)
    m.leader.followup.record_measurement(rid, iid, p1, "7,5", comment="første", source="HR")
    m.leader.followup.set_learning(rid, "samarbeid", "skjema", "mot")
    report = send(m.leader, m.director, rid)
    assert report.followup_added == 2
    assert {t: dump(m.director.db.path)[t] for t in SIGNED} == signed_before
    full = m.director.agreements.get(rid)
    assert full.measurements[0].source == "HR" and full.learning is not None and full.learning.courage == "mot"


def test_a_package_without_followup_still_imports_and_bad_followup_is_refused(machines: Machines) -> None:
    import io
    import json
    import zipfile

    from enhetsdialog.exchange import PackageError

    m = machines
    rid = draft(m.leader, m.unit_id)
    data = m.leader.exchange.export(rid)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "followup" not in json.loads(zf.read(AGREEMENT_NAME))  # as packages were before follow-up
    assert send(m.leader, m.director, rid).agreement_created
    _gid, iid, p1, _aid = _ids(m.leader, rid)
    m.leader.followup.record_measurement(rid, iid, p1, "5")
    pkg = read_package(m.leader.exchange.export(rid))
    assert len(pkg.followup) == 1
    pkg.followup[0].data["value"] = "fem"
    before = dump(m.director.db.path)
    with pytest.raises(PackageError):
        read_package(write_package(pkg))
    assert dump(m.director.db.path) == before
