"""The package commands as users run them: export, import, conflicts, resolve-conflict."""

from __future__ import annotations

import json
from pathlib import Path

from enhetsdialog.domain.enums import Status

from .helpers import run_cli
from .test_exchange_support import Machines, draft, dump, machines, send

__all__ = ["machines"]


def test_export_import_and_refusal_on_the_command_line(machines: Machines, tmp_path: Path) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    m.leader.agreements.set_status(rid, Status.TIL_DIALOG)
    m.leader.close()
    m.director.close()
    leader_db, director_db = str(m.leader_path), str(m.director_path)

    out = tmp_path / "pakke.enhetsavtale"
    r = run_cli("export", rid[:8], "-o", str(out), "--db", leader_db)
    assert r.returncode == 0, r.stderr
    assert "Fjordby skole 2027" in r.stdout and str(out) in r.stdout and out.is_file()

    r = run_cli("import", str(out), "--db", director_db)
    assert r.returncode == 0, r.stderr
    assert "avtalen er lagt inn" in r.stdout and "1 ny revisjon" in r.stdout

    r = run_cli("import", str(out), "--json", "--db", director_db)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["changed"] is False and report["revision_id"] == rid

    before = dump(m.director_path)
    bad = tmp_path / "skadet.enhetsavtale"
    bad.write_bytes(out.read_bytes()[:-40])
    r = run_cli("import", str(bad), "--db", director_db)
    assert r.returncode == 1 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("enhetsdialog: Filen er ikke en gyldig avtalepakke"), r.stderr
    assert dump(m.director_path) == before

    r = run_cli("import", str(tmp_path / "finnes-ikke.enhetsavtale"), "--db", director_db)
    assert r.returncode == 1 and "Kan ikke lese" in r.stderr

    # without -o: a file name with unit, year and revision (in the current folder)
    from enhetsdialog.services import open_services

    services = open_services(leader_db, auto_backup=False)
    try:
        assert services.exchange.suggested_filename(rid) == "Fjordby-skole-2027-rev1.enhetsavtale"
    finally:
        services.close()


def test_conflicts_listed_and_resolved_on_the_command_line(machines: Machines, tmp_path: Path) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    m.leader.agreements.set_status(rid, Status.TIL_DIALOG)
    send(m.leader, m.director, rid)
    m.leader.agreements.set_text(rid, "challenges", "Lederens versjon")
    m.director.agreements.set_text(rid, "challenges", "Direktørens versjon")
    package = tmp_path / "fra-direktor.enhetsavtale"
    package.write_bytes(m.director.exchange.export(rid))
    m.leader.close()
    m.director.close()
    db = str(m.leader_path)

    r = run_cli("import", str(package), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "1 konflikt" in r.stdout and "resolve-conflict" in r.stdout
    r = run_cli("conflicts", "--db", db)
    assert r.returncode == 0 and rid[:8] in r.stdout and "Utfordringer: teksten er endret." in r.stdout
    listed = json.loads(run_cli("conflicts", "--json", "--db", db).stdout)
    assert [c["revision_id"] for c in listed] == [rid]
    r = run_cli("resolve-conflict", rid[:8], "--keep", "incoming", "--db", db)
    assert r.returncode == 0 and "innkomne versjonen gjelder" in r.stdout
    r = run_cli("conflicts", "--db", db)
    assert "Ingen konflikter." in r.stdout
    shown = json.loads(run_cli("show", rid, "--json", "--db", db).stdout)
    assert shown["content"]["challenges"] == "Direktørens versjon"
    r = run_cli("resolve-conflict", rid[:8], "--keep", "local", "--db", db)
    assert r.returncode == 1 and "ingen konflikt" in r.stderr


def test_follow_up_conflicts_listed_and_resolved_on_the_command_line(machines: Machines) -> None:
    from enhetsdialog.domain.followup import periods_in_year

    m = machines
    rid = draft(m.leader, m.unit_id)
    send(m.leader, m.director, rid)
    ind = m.leader.agreements.revision(rid).content.goals[0].indicators[0]
    period = str(periods_in_year(ind.frequency, 2027)[0])
    m.leader.followup.record_measurement(rid, ind.id, period, "10,5")
    m.director.followup.record_measurement(rid, ind.id, period, "12")
    assert send(m.director, m.leader, rid).conflicts == (rid,)
    m.leader.close()
    m.director.close()
    db = str(m.leader_path)

    r = run_cli("conflicts", "--db", db)
    assert r.returncode == 0, r.stderr
    from enhetsdialog.domain.followup import period_of

    shown = period_of(period).label  # «1. tertial 2027», as a reader says it
    assert f"måling for {shown}: din versjon «10,5» → den innkomne «12»" in r.stdout
    assert ind.name in r.stdout  # which indicator it is
    key = f"m:{ind.id}:{period}"
    assert f"nøkkel: {key}" in r.stdout and "--post NØKKEL" in r.stdout
    r = run_cli("conflicts", "--json", "--db", db)
    (entry,) = json.loads(r.stdout)
    assert entry["followup_key"] == key and entry["incoming"]["value"] == "12" and not entry["local_removed"]

    before = dump(m.leader_path)
    r = run_cli("resolve-conflict", rid[:8], "--post", "m:ukjent", "--keep", "incoming", "--db", db)
    assert r.returncode == 1 and "Fant ingen oppfølgingspost i konflikt" in r.stderr
    assert dump(m.leader_path) == before
    r = run_cli("resolve-conflict", rid[:8], "--post", key[:12], "--keep", "incoming", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "Den innkomne versjonen gjelder nå." in r.stdout
    r = run_cli("conflicts", "--db", db)
    assert r.stdout.strip() == "Ingen konflikter."
    r = run_cli("resolve-conflict", "--help")
    assert "--post" in r.stdout and "oppfølgingspost" in r.stdout
