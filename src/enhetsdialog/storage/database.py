"""The database file: checks at open, pragmas, transactions, migrations, backups and restore.

A file is inspected read-only before anything writes to it, so that a foreign, newer, damaged or
non-SQLite file is refused and left byte-for-byte unchanged. Write transactions take the write lock
up front (``BEGIN IMMEDIATE``); WAL with ``synchronous=FULL`` makes every commit durable. Two
processes can share one database safely: SQLite serialises writers, the busy timeout makes the
second one wait instead of failing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session

from enhetsdialog.fileio import check_write_target, os_error_text
from enhetsdialog.i18n import N_, _
from enhetsdialog.storage import triggers
from enhetsdialog.storage.environment import (
    check_own_wal,
    create_private_file,
    damaged,
    environment_problem,
    full_disk,
    remove_if_empty,
    translate_error,
    unknown_value,
    unknown_value_error,
)
from enhetsdialog.storage.errors import (
    DatabaseLockedError,
    DatabaseTamperedError,
    ForeignDatabaseError,
    NewerDatabaseError,
    NotSQLiteError,
    StorageError,
)
from enhetsdialog.storage.wal import new_identity, stamp_identity

APPLICATION_ID = int.from_bytes(b"EnhD", "big")  # 0x456E6844, written in the SQLite header
SQLITE_MAGIC = b"SQLite format 3\x00"
# Alembic revisions this version knows, oldest first: the shipped scripts' names (``0004_….py`` is
# revision 0004), read without loading Alembic, so that opening a current database never needs it.
# tests/unit/test_migrations.py checks that the names match the revisions Alembic reads.
KNOWN_SCHEMA_REVISIONS: tuple[str, ...] = tuple(
    sorted(p.name[:4] for p in (Path(__file__).parent / "migrations" / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
)
SCHEMA_HEAD = KNOWN_SCHEMA_REVISIONS[-1]
BUSY_TIMEOUT_MS = 10_000
KEEP_BACKUPS = 10
AUTO_BACKUP_INTERVAL_S = 24 * 3600

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileState:
    """What a read-only look at a file found."""

    exists: bool
    schema_revision: str | None  # None: empty file or no schema yet

    @property
    def needs_migration(self) -> bool:
        return self.schema_revision != SCHEMA_HEAD


def _decode_lenient(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def inspect_file(path: Path, *, check_integrity: bool = True) -> FileState:
    """Look at ``path`` without changing it; raise a StorageError if it is not ours or not sound."""
    if path.is_dir():
        raise NotSQLiteError(N_("«{path}» er en mappe, ikke en databasefil.", path=str(path)))
    if not path.exists():
        return FileState(exists=False, schema_revision=None)
    if not path.is_file():
        raise NotSQLiteError(N_("«{path}» er ikke en vanlig fil, og kan ikke være en database.", path=str(path)))
    check_own_wal(path)
    if path.stat().st_size == 0:
        return FileState(exists=True, schema_revision=None)
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as e:
        raise StorageError(N_("Kan ikke lese «{path}»: {reason}.", path=str(path), reason=os_error_text(e))) from e
    if not header.startswith(SQLITE_MAGIC):
        raise NotSQLiteError(
            N_("«{path}» er ikke en Enhetsdialog-database (filen er ikke en SQLite-database).", path=str(path))
        )
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as e:
        raise environment_problem(path) or damaged(path) from e
    con.text_factory = _decode_lenient  # a damaged schema text must not raise UnicodeDecodeError
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID:
            if app_id == 0 and not tables:
                return FileState(exists=True, schema_revision=None)
            raise ForeignDatabaseError(
                N_(
                    "«{path}» er en SQLite-database fra et annet program, ikke fra Enhetsdialog. Filen er ikke endret.",
                    path=str(path),
                )
            )
        version: str | None = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            version = row[0] if row else None
        if version is not None and version not in KNOWN_SCHEMA_REVISIONS:
            raise NewerDatabaseError(
                N_(
                    "«{path}» er laget av en nyere versjon av Enhetsdialog (skjema {version}). "
                    "Oppdater programmet. Filen er ikke endret.",
                    path=str(path),
                    version=str(version)[:40],
                )
            )
        if check_integrity:
            problems = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise damaged(path)
        return FileState(exists=True, schema_revision=version)
    except sqlite3.DatabaseError as e:
        if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
            raise DatabaseLockedError(
                N_("«{path}» er låst av et annet program. Prøv igjen om litt.", path=str(path))
            ) from e
        if isinstance(e, sqlite3.OperationalError):
            problem = environment_problem(path)
            if problem is not None:
                raise problem from e
        raise damaged(path) from e
    except UnicodeDecodeError as e:  # SQLite's own message quotes bytes of the damaged schema
        raise damaged(path) from e
    finally:
        con.close()


class Database:
    """One SQLite database file. Use :meth:`open`; pass it to services; never share sessions.

    Every write goes through :meth:`write` (``BEGIN IMMEDIATE``), which also stamps the database's
    identity into page 1, so that a ``-wal`` file can be told to belong to it (storage.wal)."""

    def __init__(self, path: Path, engine: Engine, backup_dir: Path | None) -> None:
        self.path = path
        self.engine = engine
        self.backup_dir = backup_dir
        # why this database must not be written to (its protective triggers are not as they must
        # be), or None; reads still work, so that `check` can say what is wrong
        self.write_refused: str | None = None

    # --- opening ------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        backup_dir: Path | None = None,
        auto_backup: bool = True,
        check_integrity: bool = True,
    ) -> Database:
        path = Path(path).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(
                N_("Kan ikke lage mappen «{path}»: {reason}.", path=str(path.parent), reason=os_error_text(e))
            ) from e
        state = inspect_file(path, check_integrity=check_integrity)
        created = not state.exists and create_private_file(path)
        if backup_dir is None:
            backup_dir = path.parent / "backups"
        db = cls(path, _make_engine(path), backup_dir)
        try:
            if state.needs_migration:
                if state.schema_revision is not None:
                    db.backup(reason="før-oppgradering")
                db._migrate()
            elif auto_backup:
                db.auto_backup()
            db.check_triggers()
        except BaseException:
            db.close()
            if created:
                remove_if_empty(path)
            raise
        return db

    def trigger_problems(self) -> list[str]:
        """How the protective triggers differ from what the schema needs (missing, changed, unknown)."""
        with self.engine.connect() as conn:
            actual = {
                str(name): str(sql)
                for name, sql in conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            }
        return triggers.problems(actual)

    def check_triggers(self) -> None:
        """Refuse writes (not reads) when the triggers that protect signed records are not intact."""
        found = self.trigger_problems()
        if found:
            self.write_refused = _(
                "Databasen «{path}» er endret utenom Enhetsdialog: beskyttelsen av signerte avtaler mangler "
                "({what}). Ingenting blir skrevet til den; kjør «enhetsdialog check» og gjenopprett fra en "
                "sikkerhetskopi.",
                path=self.path,
                what=", ".join(found[:3]) + (" …" if len(found) > 3 else ""),
            )

    def close(self) -> None:
        self.engine.dispose()

    def _migrate(self) -> None:
        # lazy: Alembic (~0.2 s) loads only when the schema must be created or upgraded
        from enhetsdialog.storage.migrate import upgrade_to_head

        try:
            with self.engine.connect() as conn:
                conn.info["immediate"] = True
                try:
                    with conn.begin():
                        # re-read inside the write lock: another process may have migrated already
                        current = conn.exec_driver_sql(
                            "SELECT version_num FROM alembic_version"
                        ).scalar() if _has_table(conn, "alembic_version") else None
                        if current != SCHEMA_HEAD:
                            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                            upgrade_to_head(conn)
                finally:
                    conn.info["immediate"] = False
        except exc.DBAPIError as e:
            raise translate_error(e, self.path) from e

    # --- transactions ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction (a consistent snapshot)."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
                session.rollback()
        except (exc.DBAPIError, UnicodeDecodeError) as e:
            raise translate_error(e, self.path) from e
        except ValueError as e:
            if unknown_value(e):
                raise unknown_value_error(e, self.path) from e
            raise

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction that takes the write lock first; committed on success, else rolled back."""
        if self.write_refused is not None:
            raise DatabaseTamperedError(self.write_refused)
        try:
            with self.engine.connect() as conn:
                conn.info["immediate"] = True
                try:
                    with Session(bind=conn, expire_on_commit=False) as session:
                        yield session
                        session.commit()
                finally:
                    conn.info["immediate"] = False
        except (exc.DBAPIError, UnicodeDecodeError) as e:
            raise translate_error(e, self.path) from e
        except ValueError as e:
            if unknown_value(e):
                raise unknown_value_error(e, self.path) from e
            raise

    # --- backups --------------------------------------------------------------------------------------

    def backup(self, dest: Path | None = None, *, reason: str = "auto") -> Path:
        """Copy the database with SQLite's backup API to a temporary file, then rename it into place."""
        if dest is None:
            assert self.backup_dir is not None
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
            dest = self.backup_dir / f"enhetsdialog-{stamp}-{reason}.sqlite3"
        dest = Path(dest)
        try:
            if dest.parent == self.backup_dir:
                dest.parent.mkdir(parents=True, exist_ok=True)
            check_write_target(dest)
            fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=dest.parent)
            os.close(fd)
            tmp = Path(tmp_name)
            try:
                src = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    dst = sqlite3.connect(tmp)
                    try:
                        src.backup(dst)
                        dst.execute("PRAGMA journal_mode=DELETE")
                    finally:
                        dst.close()
                finally:
                    src.close()
                with tmp.open("rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, dest)
                _fsync_dir(dest.parent)
            finally:
                tmp.unlink(missing_ok=True)
        except sqlite3.Error as e:
            raise translate_error(e, dest) from e
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                raise full_disk(dest) from e
            raise StorageError(
                N_("Sikkerhetskopien kunne ikke skrives til «{path}»: {reason}.", path=str(dest), reason=os_error_text(e, dest))
            ) from e
        if dest.parent == self.backup_dir:
            self._rotate()
        return dest

    def backups(self) -> list[Path]:
        if self.backup_dir is None or not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("enhetsdialog-*.sqlite3"), key=lambda p: p.name)

    def auto_backup(self, interval_s: float = AUTO_BACKUP_INTERVAL_S) -> Path | None:
        existing = self.backups()
        if existing and time.time() - existing[-1].stat().st_mtime < interval_s:
            return None
        return self.backup(reason="auto")

    def _rotate(self, keep: int = KEEP_BACKUPS) -> None:
        existing = self.backups()
        for old in existing[: max(0, len(existing) - keep)]:
            old.unlink(missing_ok=True)

    def restore(self, source: Path) -> Path:
        """Replace the contents with ``source`` (a backup). The current state is backed up first.

        Uses the backup API into the live database, so it is atomic and safe with WAL and with
        other connections. Returns the path of the safety backup.
        """
        source = Path(source)
        if not source.is_file():
            raise StorageError(N_("Finner ikke sikkerhetskopien «{path}».", path=str(source)))
        state = inspect_file(source)
        if state.schema_revision is None:
            raise ForeignDatabaseError(N_("«{path}» er ikke en sikkerhetskopi fra Enhetsdialog.", path=str(source)))
        safety = self.backup(reason="før-gjenoppretting")
        try:
            src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    identity = int(dst.execute("PRAGMA user_version").fetchone()[0]) or new_identity()
                    src.backup(dst)
                    # the restored content keeps this database's identity, not the backup's
                    dst.execute(f"PRAGMA user_version = {identity}")
                    dst.execute("PRAGMA journal_mode=WAL")
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.Error as e:
            raise translate_error(e, self.path) from e
        self.engine.dispose()
        if state.needs_migration:
            self._migrate()
        return safety

    # --- checks -----------------------------------------------------------------------------------------

    def integrity_problems(self, full: bool = False) -> list[str]:
        pragma = "integrity_check" if full else "quick_check"
        with self.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
        return [] if rows == ["ok"] else rows

    def foreign_key_problems(self) -> list[tuple[str, int, str, int]]:
        """``PRAGMA foreign_key_check``: (table, rowid, parent table, constraint index) per broken row."""
        with self.engine.connect() as conn:
            return [(str(t), int(r or 0), str(p), int(i)) for t, r, p, i in conn.exec_driver_sql("PRAGMA foreign_key_check")]

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not _has_table(conn, "alembic_version"):
                return None
            v = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            return str(v) if v is not None else None


def _has_table(conn: Any, name: str) -> bool:
    return (
        conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)
        ).scalar()
        is not None
    )


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA trusted_schema = OFF")
            # REPLACE deletes the old row: with recursive triggers the delete triggers fire for it too
            cur.execute("PRAGMA recursive_triggers = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.info.get("immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            stamp_identity(conn)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine
