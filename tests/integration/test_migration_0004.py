"""The upgrade to schema 0004 (exchange state out of the setting table), on a database of an earlier
schema full of demo data with really signed records and the ``sync:``/``conflict:`` settings that
version kept: every row kept, the state moved into exchange_sync/exchange_conflict (PDF and all),
orphans and unreadable rows dropped with a count in the log, a moved conflict still resolvable; and
a database of this version refuses to open in the previous version's place."""

from __future__ import annotations

import base64
import copy
import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.exchange.package import PackageRevision, read_package, revision_to_dict
from enhetsdialog.services import open_services
from enhetsdialog.services.certificates import demo_sign_both
from enhetsdialog.services.demo import fill_demo
from enhetsdialog.storage import database
from enhetsdialog.storage.database import APPLICATION_ID, Database
from enhetsdialog.storage.errors import NewerDatabaseError
from enhetsdialog.storage.exchange_state import ExchangeStateRepo
from enhetsdialog.storage.migrate import alembic_config

OTHER_FP = "0" * 64  # a version the other machine had, never seen here


def _schema_at(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


def _copy_into(source: Path, target: Path) -> None:
    """The source's rows in the target's (older) tables and columns, as that version kept them: its
    own triggers set aside while the rows go in, then put back exactly as they were."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    dst.execute("PRAGMA foreign_keys = OFF")
    saved = dst.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in saved:
        dst.execute(f'DROP TRIGGER "{name}"')
    tables = [
        r[0]
        for r in dst.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('alembic_version', 'sdg')"
        )
    ]
    for table in tables:
        columns = [r[1] for r in dst.execute(f'PRAGMA table_info("{table}")')]
        names = ", ".join(f'"{c}"' for c in columns)
        rows = src.execute(f'SELECT {names} FROM "{table}"').fetchall()
        dst.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
    for _, sql in saved:
        dst.execute(sql)
    dst.commit()
    dst.close()
    src.close()


def _legacy_conflict(pr: PackageRevision, local_fp: str) -> str:
    """A stored conflict as versions before 0004 wrote it."""
    doc = pr.signed_document
    return json.dumps(
        {
            "local_fingerprint": local_fp,
            "incoming": revision_to_dict(pr),
            "signed_document": base64.b64encode(doc.pdf).decode("ascii") if doc else None,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


@dataclass
class Demo:
    path: Path
    fingerprints: dict[str, str]  # revision id -> fingerprint
    settings: list[tuple[str, str]]  # the sync:/conflict: rows to put into the legacy database
    signed: PackageRevision  # its conflict carries a signed PDF
    edited: PackageRevision  # an unsigned revision, edited on the other side: its conflict


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    path = tmp_path_factory.mktemp("head") / "demo.sqlite3"
    services = open_services(path, auto_backup=False)
    try:
        fill_demo(services, sign_both=demo_sign_both)
        con = sqlite3.connect(path)
        agreements = [r[0] for r in con.execute("SELECT id FROM agreement ORDER BY id")]
        con.close()
        revisions = [pr for aid in agreements for pr in read_package(services.exchange.export(aid)).revisions]
    finally:
        services.close()
    fps = {pr.revision.id: pr.fingerprint for pr in revisions}
    signed = next(pr for pr in revisions if pr.signed_document is not None)
    local = next(pr for pr in revisions if not pr.revision.frozen)
    edited = copy.deepcopy(local)
    edited.revision.content.challenges += " Endret hos den andre parten."
    edited.fingerprint = fingerprint(edited.revision)
    edited.shared_fingerprints = frozenset({local.fingerprint, edited.fingerprint})
    settings = [(f"sync:{rid}", json.dumps({"known": sorted({fp, OTHER_FP})})) for rid, fp in fps.items()]
    settings += [
        (f"conflict:{signed.revision.id}", _legacy_conflict(signed, signed.fingerprint)),
        (f"conflict:{edited.revision.id}", _legacy_conflict(edited, local.fingerprint)),
        ("sync:slettet-revisjon", json.dumps({"known": [OTHER_FP]})),  # a deleted draft's leftovers
        ("conflict:slettet-revisjon", _legacy_conflict(edited, local.fingerprint)),
        ("sync:" + local.revision.id + "x", "{ikke json"),  # cannot be read (and no such revision)
    ]
    # unreadable rows of existing revisions
    unreadable_rid = next(rid for rid in fps if rid not in (signed.revision.id, edited.revision.id))
    settings += [(f"conflict:{unreadable_rid}", '{"incoming": "ikke et objekt"}')]
    return Demo(path, fps, settings, signed, edited)


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.mark.parametrize("start", ["0002", "0003"])
def test_an_older_database_with_exchange_settings_upgrades_and_keeps_every_row(
    demo: Demo, start: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old = tmp_path / "old.sqlite3"
    _schema_at(old, start)
    _copy_into(demo.path, old)
    con = sqlite3.connect(old)
    other_settings = sorted(con.execute("SELECT key, value FROM setting").fetchall())
    con.executemany("INSERT INTO setting (key, value) VALUES (?, ?)", demo.settings)
    con.commit()
    con.close()
    before = _counts(old)
    assert before["signed_document"] >= 2 and "exchange_sync" not in before

    caplog.set_level(logging.INFO, logger="enhetsdialog.storage.migrations")
    db = Database.open(old, auto_backup=False)
    try:
        assert db.schema_revision() == database.SCHEMA_HEAD  # 0004 and every migration after it
        assert db.trigger_problems() == [] and db.write_refused is None
        assert db.foreign_key_problems() == []
        assert db.backups(), "a backup was taken before the upgrade"
        with db.read() as s:
            state = ExchangeStateRepo(s)
            for rid, fp in demo.fingerprints.items():
                assert state.known(rid) == {fp, OTHER_FP}
            stored = {c.revision_id: c for c in state.conflicts()}
    finally:
        db.close()

    assert set(stored) == {demo.signed.revision.id, demo.edited.revision.id}
    signed_doc = demo.signed.signed_document
    assert signed_doc is not None and stored[demo.signed.revision.id].signed_pdf == signed_doc.pdf
    assert stored[demo.edited.revision.id].signed_pdf is None
    assert stored[demo.edited.revision.id].incoming_fingerprint == demo.edited.fingerprint
    (message,) = [r.getMessage() for r in caplog.records
                  if r.name == "enhetsdialog.storage.migrations" and r.getMessage().startswith("exchange state")]
    assert f"{len(demo.fingerprints) * 2} fingerprints, 2 conflicts" in message
    assert "no longer exist: 2 sync records, 1 conflicts" in message
    assert "unreadable: 0 sync records, 1 conflicts" in message

    after = _counts(old)
    assert {t: n for t, n in after.items() if t in before and t != "setting"} == {
        t: n for t, n in before.items() if t != "setting"
    }
    assert after["exchange_sync"] == len(demo.fingerprints) * 2 and after["exchange_conflict"] == 2
    con = sqlite3.connect(old)
    assert sorted(con.execute("SELECT key, value FROM setting").fetchall()) == other_settings
    con.close()

    services = open_services(old, auto_backup=False)
    try:
        report = services.integrity.check(workers=1)
        assert report.ok, report.findings
        conflicts = {c.revision_id: c for c in services.exchange.conflicts()}
        assert conflicts[demo.signed.revision.id].incoming_signed
        edited = conflicts[demo.edited.revision.id]
        assert edited.incoming.content.challenges.endswith("Endret hos den andre parten.")
        services.exchange.resolve_conflict(demo.edited.revision.id, "incoming")
        assert fingerprint(services.agreements.revision(demo.edited.revision.id)) == demo.edited.fingerprint
        assert [c.revision_id for c in services.exchange.conflicts()] == [demo.signed.revision.id]
    finally:
        services.close()


def test_the_follow_up_exchange_settings_move_into_their_tables_and_a_moved_conflict_resolves(
    demo: Demo, tmp_path: Path
) -> None:
    """``followup-sync:<rid>`` and ``conflict-followup:<rid>`` (as 0003 kept them) end up in
    exchange_followup_sync/_conflict; those of revisions that are gone, and unreadable ones, are
    dropped; the setting table keeps nothing of them; the rows go with their revision."""
    old = tmp_path / "old.sqlite3"
    _schema_at(old, "0003")
    _copy_into(demo.path, old)
    con = sqlite3.connect(old)
    rid, mid, iid, period, value = con.execute(
        "SELECT revision_id, id, indicator_id, period, value FROM measurement ORDER BY id LIMIT 1").fetchone()
    key = f"m:{iid}:{period}"
    local = {"id": mid, "indicator_id": iid, "period": period, "value": value, "comment": "", "source": "",
             "measured_on": None, "recorded_at": "2026-05-01T10:00:00.000000+00:00",
             "updated_at": "2026-05-01T10:00:00.000000+00:00", "recorded_by": ""}
    incoming = {**local, "value": "99", "recorded_by": "Den andre"}
    other = "1" * 64
    con.executemany("INSERT INTO setting (key, value) VALUES (?, ?)", [
        (f"followup-sync:{rid}", json.dumps({key: [OTHER_FP], "l": [other, OTHER_FP]})),
        (f"conflict-followup:{rid}", json.dumps({key: {"kind": "measurement", "local": local, "incoming": incoming,
                                                         "incoming_shared": [other]}})),
        ("followup-sync:slettet-revisjon", json.dumps({key: [OTHER_FP]})),
        (f"conflict-followup:{demo.edited.revision.id}", "[ikke et objekt"),
    ])
    con.commit()
    con.close()

    services = open_services(old, auto_backup=False)
    try:
        with services.db.read() as s:
            state = ExchangeStateRepo(s)
            assert state.followup_known(rid) == {key: {OTHER_FP}, "l": {other, OTHER_FP}}
            assert [c.record_key for c in state.followup_conflicts()] == [key]
        (c,) = services.exchange.followup_conflicts()
        assert (c.revision_id, c.key, c.local["value"], c.incoming["value"]) == (rid, key, value, "99")
        services.exchange.resolve_followup_conflict(rid, key, "incoming")
        assert services.exchange.followup_conflicts() == []
        got = {(m.indicator_id, m.period): str(m.value) for m in services.agreements.get(rid).measurements}
        assert got[(iid, period)] == "99"
    finally:
        services.close()
    con = sqlite3.connect(old)
    try:
        assert con.execute("SELECT count(*) FROM setting WHERE key LIKE '%followup%'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM exchange_followup_sync").fetchone()[0] >= 3
        fks = {(r[2], r[6]) for t in ("exchange_followup_sync", "exchange_followup_conflict", "followup_removal")
               for r in con.execute(f"PRAGMA foreign_key_list({t})")}
        assert fks == {("revision", "CASCADE")}
    finally:
        con.close()


def test_this_versions_database_refuses_to_open_in_the_previous_versions_place(
    demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_ = tmp_path / "new.sqlite3"
    copy_.write_bytes(demo.path.read_bytes())
    before = copy_.read_bytes()
    monkeypatch.setattr(database, "KNOWN_SCHEMA_REVISIONS", ("0001", "0002", "0003"))  # what 0003 knows
    monkeypatch.setattr(database, "SCHEMA_HEAD", "0003")
    with pytest.raises(NewerDatabaseError, match="nyere versjon"):
        Database.open(copy_, auto_backup=False)
    assert copy_.read_bytes() == before
