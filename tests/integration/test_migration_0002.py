"""The upgrade from schema 0001 (version 0.1) to 0002, on a database full of demo data with really
signed records: every row kept, the status history filled, the new triggers in place, the signed
records still verifying; and a database of this version refuses to open in version 0.1's place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from enhetsdialog.services import open_services
from enhetsdialog.services.certificates import demo_sign_both
from enhetsdialog.services.demo import fill_demo
from enhetsdialog.storage import database, triggers
from enhetsdialog.storage.database import APPLICATION_ID, Database
from enhetsdialog.storage.errors import NewerDatabaseError
from enhetsdialog.storage.migrate import alembic_config

# the tables of 0001 and the order their rows go in (parents first); the columns are read from 0001
ORDER = (
    "municipality", "person", "service_area", "unit", "plan", "plan_goal", "plan_goal_sdg", "agreement",
    "revision", "goal", "goal_plan_link", "goal_sdg_link", "activity", "indicator", "support_need",
    "participant", "remark", "reply", "signed_document", "signature", "measurement", "goal_assessment", "setting",
)  # fmt: skip


def _schema_0001(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()


def _copy_into_0001(source: Path, target: Path) -> None:
    """Write the source's rows into a 0001 database as version 0.1 would have them: revisions unfrozen
    while their content goes in, then frozen (0.1's triggers allow exactly that)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    dst.execute("PRAGMA foreign_keys = OFF")
    frozen = [r[0] for r in src.execute("SELECT id FROM revision WHERE frozen = 1")]
    for table in ORDER:
        columns = [r[1] for r in dst.execute(f'PRAGMA table_info("{table}")')]
        if table == "sdg" or not columns:
            continue
        names = ", ".join(f'"{c}"' for c in columns)
        rows = src.execute(f'SELECT {names} FROM "{table}"').fetchall()
        if table == "revision":
            at = columns.index("frozen")
            rows = [(*r[:at], 0, *r[at + 1 :]) for r in rows]
        dst.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
    dst.executemany("UPDATE revision SET frozen = 1 WHERE id = ?", [(rid,) for rid in frozen])
    dst.commit()
    dst.close()
    src.close()


@pytest.fixture(scope="module")
def demo_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("head") / "demo.sqlite3"
    services = open_services(path, auto_backup=False)
    try:
        fill_demo(services, sign_both=demo_sign_both)
    finally:
        services.close()
    return path


def test_a_0001_database_with_demo_data_upgrades_and_keeps_every_row(demo_head: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    _schema_0001(old)
    _copy_into_0001(demo_head, old)
    con = sqlite3.connect(old)
    before = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ORDER}
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 27
    con.close()
    assert before["signed_document"] >= 2 and before["signature"] >= 4

    db = Database.open(old, auto_backup=False)
    try:
        assert db.schema_revision() == database.SCHEMA_HEAD  # 0002 and every migration after it
        assert db.trigger_problems() == [] and db.write_refused is None
        assert db.backups(), "a backup was taken before the upgrade"
    finally:
        db.close()
    con = sqlite3.connect(old)
    after = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ORDER}
    assert after == before
    assert con.execute("SELECT count(*) FROM revision WHERE status_changed_at IS NULL").fetchone()[0] == 0
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert names == set(triggers.expected())
    con.close()

    services = open_services(old, auto_backup=False)
    try:
        report = services.integrity.check(workers=1)
        assert report.ok, report.findings
        assert report.documents == before["signed_document"]
    finally:
        services.close()


def test_this_versions_database_refuses_to_open_in_the_old_versions_place(
    demo_head: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "new.sqlite3"
    copy.write_bytes(demo_head.read_bytes())
    before = copy.read_bytes()
    monkeypatch.setattr(database, "KNOWN_SCHEMA_REVISIONS", ("0001",))  # what version 0.1 knows
    monkeypatch.setattr(database, "SCHEMA_HEAD", "0001")
    with pytest.raises(NewerDatabaseError, match="nyere versjon"):
        Database.open(copy, auto_backup=False)
    assert copy.read_bytes() == before
