from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from enhetsdialog.storage.database import KNOWN_SCHEMA_REVISIONS, SCHEMA_HEAD, Database
from enhetsdialog.storage.migrate import script_revisions
from enhetsdialog.storage.tables import metadata


def test_known_revisions_match_the_shipped_scripts() -> None:
    assert list(KNOWN_SCHEMA_REVISIONS) == script_revisions()
    assert SCHEMA_HEAD == script_revisions()[-1]


def test_migrating_an_empty_database_gives_exactly_the_model(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "x.sqlite3", auto_backup=False)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
        assert db.schema_revision() == SCHEMA_HEAD
        with db.engine.connect() as conn:
            triggers = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type='trigger'").scalar()
            sdgs = conn.exec_driver_sql("SELECT count(*) FROM sdg").scalar()
            pragmas = {
                p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "application_id")
            }
        from enhetsdialog.storage.triggers import expected

        assert triggers == len(expected()) == 33
        assert db.trigger_problems() == []
        assert sdgs == 17
        assert pragmas["journal_mode"] == "wal"
        assert pragmas["synchronous"] == 2  # FULL
        assert pragmas["foreign_keys"] == 1
        assert pragmas["busy_timeout"] >= 1000
        assert pragmas["application_id"] == int.from_bytes(b"EnhD", "big")
    finally:
        db.close()
