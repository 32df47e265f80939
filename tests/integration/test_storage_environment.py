"""The database file in a hostile environment: damaged, on a full disk, in a read-only folder or on a
read-only mount, with a foreign -wal beside it. Each is one clear line that says what it is, and the
files are left exactly as they were."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from .bad_input import (
    cli,
    cli_in_mount_namespace,
    demo_db,
    demo_master,
    fingerprint,
    refused,
    without_root_powers,
)
from .helpers import run_cli

__all__ = ["demo_db", "demo_master"]


def wal_path(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


def _damage(src: Path, dst: Path, old: bytes, new: bytes) -> Path:
    data = src.read_bytes()
    i = data.find(old)
    assert i > 0, old
    dst.write_bytes(data[:i] + new + data[i + len(new) :])
    return dst


def test_a_damaged_database_is_always_one_clean_line(demo_db: Path, tmp_path: Path) -> None:
    data = demo_db.read_bytes()
    cases = {
        # raw bytes in a table's name in the schema: SQLite's own message quotes them (was: exit 70)
        "name": _damage(demo_db, tmp_path / "name.sqlite3", b"tablesettingsetting", b"table\xffetting\xfeetting"),
        # escape sequences and invalid UTF-8 in the schema's SQL text
        "sql": _damage(demo_db, tmp_path / "sql.sqlite3", b"CREATE TABLE setting", b"CREATE TABLE \x1b[31m\xff\x07n"),
        "pages": tmp_path / "pages.sqlite3",
        "short": tmp_path / "short.sqlite3",
        "header": tmp_path / "header.sqlite3",
    }
    cases["pages"].write_bytes(data[: 4096 * 50] + os.urandom(8192) + data[4096 * 52 :])
    cases["short"].write_bytes(data[: len(data) // 2])
    cases["header"].write_bytes(data[:16] + b"\xff" * 84 + data[100:])
    for name, path in cases.items():
        before = fingerprint(path)
        for command in (("list",), ("show", "abc"), ("check",)):
            r = cli(*command, "--db", str(path))
            refused(r, "skadet")
            assert "\\x" not in r.stderr and "\x1b" not in r.stderr and "\ufffd" not in r.stderr, (name, r.stderr)
            assert "malformed" not in r.stderr and "Page " not in r.stderr, (name, r.stderr)
        assert fingerprint(path) == before, name


def test_the_database_file_and_the_crash_log_are_private(tmp_path: Path) -> None:
    db = tmp_path / "privat.sqlite3"
    old = os.umask(0o022)
    try:
        r = cli("import-plans", str(Path(__file__).parents[2] / "docs" / "plankatalog-eksempel.json"), "--db", str(db))
        assert r.returncode == 0, r.stderr
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        from enhetsdialog.cli_support import write_crash_log

        log = write_crash_log("test")
        assert log is not None and stat.S_IMODE(log.stat().st_mode) == 0o600
    finally:
        os.umask(old)


# --- a -wal from another database --------------------------------------------------------------------


def _open_with_live_wal(path: Path) -> object:
    """Services over ``path`` after one write, with the connection still open (the -wal in place)."""
    from enhetsdialog.services import open_services
    from enhetsdialog.services.demo_data import catalogue

    services = open_services(path, auto_backup=False)
    services.catalogue.import_data(catalogue())
    assert wal_path(path).stat().st_size > 0
    return services


def test_a_foreign_wal_beside_the_database_is_refused(demo_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "annen.sqlite3"
    services = _open_with_live_wal(other)
    try:
        shutil.copyfile(wal_path(other), wal_path(demo_db))  # as if copied beside it by mistake
    finally:
        services.close()  # type: ignore[attr-defined]
    before = fingerprint(demo_db)
    assert before["-wal"] is not None
    for command in (("list",), ("check",), ("demo",)):
        r = cli(*command, "--db", str(demo_db))
        refused(r, "hører til en annen database", "-wal")
        assert fingerprint(demo_db) == before, command  # both files exactly as they were


def test_the_own_wal_after_a_crash_is_taken(tmp_path: Path) -> None:
    """A crash leaves the database with its own -wal: that one is not refused, and its rows count."""
    live = tmp_path / "live.sqlite3"
    services = _open_with_live_wal(live)
    try:
        crashed = tmp_path / "krasj.sqlite3"
        shutil.copyfile(live, crashed)  # the files as a killed process leaves them
        shutil.copyfile(wal_path(live), wal_path(crashed))
    finally:
        services.close()  # type: ignore[attr-defined]
    r = cli("check", "--db", str(crashed))
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(crashed)
    try:
        assert con.execute("SELECT count(*) FROM plan").fetchone()[0] == 4
    finally:
        con.close()


# --- full disk, read-only folder, read-only mount -------------------------------------------------------

ENVIRONMENT_SCRIPT = r"""
db="$1"; mnt="$2"; mode="$3"; shift 3
mount -t tmpfs -o size=2m tmpfs "$mnt"
cp "$db" "$mnt/db.sqlite3"
case "$mode" in
  full) head -c 100000000 /dev/zero > "$mnt/fill" 2>/dev/null || true ;;
  almost) free=$(df -k --output=avail "$mnt" | tail -1); head -c $(( (free - 20) * 1024 )) /dev/zero > "$mnt/fill" 2>/dev/null || true ;;
  ro) mount -o remount,ro "$mnt" ;;
esac
sha256sum "$mnt/db.sqlite3" | cut -c1-64
set +e
"$PY" -m enhetsdialog "$@" --db "$mnt/db.sqlite3" 2>&1
echo "rc=$?"
sha256sum "$mnt/db.sqlite3" | cut -c1-64
"""


@pytest.mark.parametrize(
    ("mode", "needle"),
    [("full", "Disken er full"), ("almost", "Disken er full"), ("ro", "skrivebeskyttet filsystem")],
    ids=["full-disk", "less-than-32-kB-free", "read-only-mount"],
)
@pytest.mark.parametrize("command", [("list",), ("import-plans", "docs/plankatalog-eksempel.json")], ids=["read", "write"])
def test_a_full_disk_or_a_read_only_mount_is_said_as_such(
    demo_db: Path, tmp_path: Path, mode: str, needle: str, command: tuple[str, ...]
) -> None:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = cli_in_mount_namespace(ENVIRONMENT_SCRIPT, str(demo_db), str(mnt), mode, *command)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    before, output, rc, after = lines[0], lines[1:-2], lines[-2], lines[-1]
    assert before == after  # the database is untouched
    if mode == "almost" and rc == "rc=0":
        return  # enough room after all for a read (page sizes differ between file systems)
    assert rc == "rc=1" and len(output) == 1, r.stdout
    assert needle in output[0] and "skadet" not in output[0], output[0]


def test_a_read_only_folder_is_said_as_such(demo_db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "lesbar"
    folder.mkdir()
    db = folder / "db.sqlite3"
    shutil.copyfile(demo_db, db)
    before = fingerprint(db)
    folder.chmod(0o555)
    try:
        for command in (("list",), ("demo",)):
            r = subprocess.run(
                [*without_root_powers(), sys.executable, "-m", "enhetsdialog", *command, "--db", str(db)],
                capture_output=True, text=True, timeout=60, env={**os.environ},
            )
            refused(r, "skrivetilgang")
            assert "skadet" not in r.stderr
        assert fingerprint(db) == before
        r = subprocess.run(
            [*without_root_powers(), sys.executable, "-m", "enhetsdialog", "demo", "--db", str(folder / "ny.sqlite3")],
            capture_output=True, text=True, timeout=60,
        )
        refused(r, "skrivetilgang")
    finally:
        folder.chmod(0o755)
    assert not (folder / "ny.sqlite3").exists()


ARCHIVE_SCRIPT = r"""
db="$1"; mnt="$2"; cert="$3"
mount -t tmpfs -o size=1m tmpfs "$mnt"
head -c 100000000 /dev/zero > "$mnt/fill" 2>/dev/null || true
set +e
"$PY" -m enhetsdialog archive --year 2026 -o "$mnt/arkiv" --db "$db" 2>&1
echo "rc=$?"
ENHETSDIALOG_DATA_DIR="$mnt/data" "$PY" -m enhetsdialog certificate --name "Kari Nordmann" --password-env PW 2>&1
echo "rc=$?"
ls -la "$mnt/data/certificates" 2>/dev/null | grep -c p12 || true
"""


def test_archive_and_certificate_on_a_full_disk(demo_db: Path, tmp_path: Path) -> None:
    import json

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    statuses = json.loads(run_cli("list", "--json", "--all-revisions", "--db", str(demo_db)).stdout)
    os.environ["PW"] = "hemmelig-passord"
    try:
        r = cli_in_mount_namespace(ARCHIVE_SCRIPT, str(demo_db), str(mnt), "")
    finally:
        del os.environ["PW"]
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    archive, rc1, certificate, rc2, p12s = lines
    assert rc1 == "rc=1" and "disken er full" in archive and "uventet" not in archive, r.stdout
    assert rc2 == "rc=1" and "disken er full" in certificate and "uventet" not in certificate, r.stdout
    assert p12s == "0"  # no empty .p12 left behind
    after = json.loads(run_cli("list", "--json", "--all-revisions", "--db", str(demo_db)).stdout)
    assert [(x["id"], x["status"]) for x in after] == [(x["id"], x["status"]) for x in statuses]


def test_the_gui_suggests_a_backup_only_for_a_damaged_file(tmp_path: Path) -> None:
    """At open the GUI used to suggest restoring a backup whatever the cause; a full disk or a
    read-only folder leaves a good file that needs none."""
    from enhetsdialog.storage.environment import damaged, full_disk
    from enhetsdialog.storage.errors import DatabaseLockedError, DatabaseReadOnlyError

    from enhetsdialog.ui.app import open_error_advice

    db = tmp_path / "db.sqlite3"
    assert "sikkerhetskopi" in open_error_advice(damaged(db))
    for error in (full_disk(db, 0), DatabaseReadOnlyError("skrivebeskyttet"), DatabaseLockedError("låst")):
        advice = open_error_advice(error)
        assert "sikkerhetskopi" not in advice and "restore" not in advice and "i orden" in advice
