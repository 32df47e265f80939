from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text

from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.errors import FrozenRevisionError
from enhetsdialog.domain.followup import periods_in_year
from enhetsdialog.domain.items import ItemKind, ItemRef, Patch
from enhetsdialog.services import Services, open_services
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.errors import (
    CorruptDatabaseError,
    DatabaseFullError,
    ForeignDatabaseError,
    NewerDatabaseError,
    NotSQLiteError,
)

from .helpers import dump, file_digest, freeze_as_signed, run_cli


def _our_db(path: Path) -> None:
    s = open_services(path, auto_backup=False)
    from enhetsdialog.services.demo import fill_demo

    fill_demo(s)
    s.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _make_foreign(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('handleliste')")
    con.commit()
    con.close()


def _make_newer(path: Path) -> None:
    _our_db(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _make_not_sqlite(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(5000))


def _make_corrupt(path: Path) -> None:
    _our_db(path)
    data = bytearray(path.read_bytes())
    page = 4096
    for p in range(2, len(data) // page):  # scribble over every page but the header page
        data[p * page + 8 : p * page + 200] = os.urandom(192)
    path.write_bytes(bytes(data))


CASES = [
    (_make_foreign, ForeignDatabaseError, "annet program"),
    (_make_newer, NewerDatabaseError, "nyere versjon"),
    (_make_not_sqlite, NotSQLiteError, "ikke en SQLite-database"),
    (_make_corrupt, CorruptDatabaseError, "skadet"),
]


@pytest.mark.parametrize(("make", "error", "words"), CASES, ids=["foreign", "newer", "not-sqlite", "corrupt"])
def test_unusable_files_are_refused_and_left_unchanged(tmp_path: Path, make, error, words) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "file.sqlite3"
    make(path)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    before = file_digest(path)
    with pytest.raises(error, match=words):
        Database.open(path)
    assert file_digest(path) == before
    # and the CLI says so in one line, with a non-zero exit and no traceback
    for args in (["--db", str(path), "list"], ["list", "--db", str(path)], ["show", "abcd", "--db", str(path)]):
        result = run_cli(*args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1 and words in result.stderr
        assert "Traceback" not in result.stderr
    assert file_digest(path) == before
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    db = Database.open(path, auto_backup=False)
    assert db.schema_revision() is not None
    db.close()


def test_missing_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "db.sqlite3"
    Database.open(path, auto_backup=False).close()
    assert path.is_file()


# --- a signed revision is frozen -------------------------------------------------------------------


@pytest.fixture
def signed(demo_services: Services) -> tuple[Services, str]:
    rid = next(r.id for r in demo_services.agreements.list() if r.status is Status.ENIGHET)
    freeze_as_signed(demo_services, rid)
    return demo_services, rid


def test_services_refuse_every_change_to_a_signed_revision(signed: tuple[Services, str]) -> None:
    services, rid = signed
    before = dump(services.db.path)
    rev = services.agreements.revision(rid)
    goal = rev.content.goals[0]
    attempts = [
        lambda: services.agreements.set_text(rid, "challenges", "endret"),
        lambda: services.agreements.add_item(rid, Patch.of(ItemKind.GOAL, text='nytt')),
        lambda: services.agreements.update_item(ItemRef(rid, ItemKind.GOAL, goal.id), Patch.of(ItemKind.GOAL, text='endret')),
        lambda: services.agreements.remove_item(ItemRef(rid, ItemKind.GOAL, goal.id)),
        lambda: services.agreements.move_item(ItemRef(rid, ItemKind.GOAL, goal.id), 2),
        lambda: services.agreements.update_item(ItemRef(rid, ItemKind.INDICATOR, goal.indicators[0].id), Patch.of(ItemKind.INDICATOR, target_value='1')),
        lambda: services.agreements.add_item(rid, Patch.of(ItemKind.ACTIVITY, what='x'), goal_id=goal.id),
        lambda: services.agreements.set_goal_links(rid, goal.id, sdgs=[1]),
        lambda: services.agreements.set_status(rid, Status.I_DIALOG),
        lambda: services.agreements.delete_draft(rid),
    ]
    for attempt in attempts:
        with pytest.raises(Exception) as info:
            attempt()
        assert "signert" in str(info.value) or "utkast" in str(info.value) or "Statusen" in str(info.value)
    assert dump(services.db.path) == before


RAW_SQL = [
    "UPDATE revision SET challenges = 'endret' WHERE id = :rid",
    "UPDATE revision SET frozen = 0 WHERE id = :rid",
    "DELETE FROM revision WHERE id = :rid",
    "UPDATE goal SET text = 'endret' WHERE revision_id = :rid",
    "DELETE FROM goal WHERE revision_id = :rid",
    "INSERT INTO goal (revision_id, id, position, text, description) VALUES (:rid, 'x', 9, 'ny', '')",
    "UPDATE indicator SET target_value = '1' WHERE revision_id = :rid",
    "DELETE FROM activity WHERE revision_id = :rid",
    "DELETE FROM goal_sdg_link WHERE revision_id = :rid",
    "UPDATE support_need SET need = 'x' WHERE revision_id = :rid",
    "INSERT INTO participant (revision_id, id, position, role, name, how, \"when\") VALUES (:rid, 'p', 0, 'r', '', '', '')",
]


@pytest.mark.parametrize("sql", RAW_SQL)
def test_the_database_itself_refuses_changes_to_a_signed_revision(signed: tuple[Services, str], sql: str) -> None:
    services, rid = signed
    before = dump(services.db.path)
    with pytest.raises(FrozenRevisionError):
        with services.db.write() as s:
            s.execute(text(sql), {"rid": rid})
    # and with the plain sqlite3 module, outside our code entirely
    con = sqlite3.connect(services.db.path)
    with pytest.raises(sqlite3.IntegrityError, match="frozen revision"):
        con.execute(sql.replace(":rid", "?"), (rid,))
    con.close()
    assert dump(services.db.path) == before


def test_status_may_still_move_to_archived_and_follow_up_is_allowed(signed: tuple[Services, str]) -> None:
    services, rid = signed
    rev = services.agreements.revision(rid)
    ind = rev.content.goals[0].indicators[0]
    services.followup.record_measurement(rid, ind.id, str(periods_in_year(ind.frequency, 2027)[0]), "5,5", comment="første")
    services.followup.assess_goal(rid, rev.content.goals[0].id, "nådd", "bra")
    services.agreements.mark_archived(rid)
    full = services.agreements.get(rid)
    assert full.revision.status is Status.ARKIVERT
    assert str(full.measurements[0].value) == "5.5"


def test_a_change_to_a_signed_revision_makes_a_new_revision(signed: tuple[Services, str]) -> None:
    services, rid = signed
    new = services.agreements.new_revision(rid).created
    assert new
    services.agreements.set_text(new, "challenges", "ny tekst")
    old, cur = services.agreements.revision(rid), services.agreements.revision(new)
    assert cur.number == old.number + 1 and cur.status is Status.UTKAST
    assert old.content.challenges != "ny tekst" and cur.content.challenges == "ny tekst"
    assert [g.id for g in cur.content.goals] == [g.id for g in old.content.goals]  # identities carry over


# --- full disk -------------------------------------------------------------------------------------------


def test_a_full_disk_gives_a_clear_error_and_no_damage(demo_services: Services) -> None:
    services = demo_services
    rid = services.agreements.list()[0].id
    before = dump(services.db.path)
    with services.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(services.db.engine, "connect")
    def _limit(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    services.db.engine.dispose()
    with pytest.raises(DatabaseFullError, match="Disken er full"):
        services.agreements.set_text(rid, "challenges", "x" * 190_000)
    with pytest.raises(DatabaseFullError):
        for _ in range(200):
            services.agreements.add_item(rid, Patch.of(ItemKind.PARTICIPANT, role='r' * 20000))
    event.remove(services.db.engine, "connect", _limit)
    services.db.engine.dispose()
    assert services.db.integrity_problems(full=True) == []
    after = dump(services.db.path)
    # whatever was committed before the disk filled is intact; the failed writes left nothing behind
    assert after["revision"] != [] and after["goal"] == before["goal"]
    assert [r for r in after["revision"] if "x" * 1000 in repr(r)] == []


# --- backup and restore -----------------------------------------------------------------------------------


def test_backup_and_restore_round_trip(demo_services: Services, tmp_path: Path) -> None:
    services = demo_services
    rid = services.agreements.list()[0].id
    snapshot = dump(services.db.path)
    backup = services.db.backup(tmp_path / "kopi.sqlite3")
    assert dump(backup) == snapshot
    services.agreements.set_text(rid, "challenges", "endret etter kopien")
    services.agreements.add_item(rid, Patch.of(ItemKind.GOAL, text='nytt mål'))
    safety = services.db.restore(backup)
    assert dump(services.db.path) == snapshot
    assert services.agreements.revision(rid).content.challenges != "endret etter kopien"
    # the state before the restore was kept
    assert "endret etter kopien" in repr(dump(safety)["revision"])


def test_restore_refuses_a_foreign_file(demo_services: Services, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite3"
    _make_foreign(foreign)
    before = dump(demo_services.db.path)
    with pytest.raises(ForeignDatabaseError):
        demo_services.db.restore(foreign)
    assert dump(demo_services.db.path) == before


def test_automatic_backups_rotate(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "db.sqlite3", auto_backup=False)
    for _ in range(13):
        db.backup()
    assert len(db.backups()) == 10
    assert db.auto_backup() is None  # a recent one exists
    assert db.auto_backup(interval_s=0) is not None
    db.close()


def test_backup_cli_and_restore_cli(tmp_path: Path) -> None:
    path = tmp_path / "cli.sqlite3"
    assert run_cli("--db", str(path), "demo").returncode == 0
    out = tmp_path / "ut" / "kopi.sqlite3"
    r = run_cli("backup", "--db", str(path), "-o", str(out))
    assert r.returncode == 1 and "mappen" in r.stderr and "finnes ikke" in r.stderr  # no folders made
    out.parent.mkdir()
    r = run_cli("backup", "--db", str(path), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert dump(out) == dump(path)
    r = run_cli("restore", str(out), "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert "gjenopprettet" in r.stdout


def test_an_older_database_is_backed_up_then_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate the next release: a second migration adds a column. Opening a database of this
    release must take a backup first, then migrate, keeping every row."""
    import shutil

    from enhetsdialog.storage import database, migrate

    path = tmp_path / "old.sqlite3"
    _our_db(path)
    rows_before = dump(path)
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts)
    head = database.SCHEMA_HEAD
    nxt = f"{int(head) + 1:04d}"  # the release after this one, whatever this one's head is
    (scripts / "versions" / f"{nxt}_next.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = '{nxt}'\ndown_revision = '{head}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n    with op.batch_alter_table('unit') as b:\n"
        "        b.add_column(sa.Column('email', sa.String(), nullable=False, server_default=''))\n"
        "def downgrade():\n    pass\n"
    )
    real_config = migrate.alembic_config

    def config(connection=None):  # type: ignore[no-untyped-def]
        cfg = real_config(connection)
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(migrate, "alembic_config", config)
    monkeypatch.setattr(database, "KNOWN_SCHEMA_REVISIONS", (*database.KNOWN_SCHEMA_REVISIONS, nxt))
    monkeypatch.setattr(database, "SCHEMA_HEAD", nxt)
    db = Database.open(path, auto_backup=False)
    try:
        assert db.schema_revision() == nxt
        backups = db.backups()
        assert len(backups) == 1 and "oppgradering" in backups[0].name
        assert dump(backups[0]) == rows_before
        after = dump(path)
        assert after["revision"] == rows_before["revision"]
        assert len(after["unit"]) == len(rows_before["unit"])
    finally:
        db.close()
