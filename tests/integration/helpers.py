"""Helpers shared by integration tests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from enhetsdialog.services import Services

ROOT = Path(__file__).resolve().parents[2]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "enhetsdialog", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )


def freeze_as_signed(services: Services, revision_id: str) -> None:
    """Freeze a revision the way a completed signing does (status signert, frozen). Tests of storage
    use this to check immutability without needing certificates."""
    with services.db.write() as s:
        s.execute(
            text("UPDATE revision SET frozen = 1, status = 'signert' WHERE id = :id"), {"id": revision_id}
        )


def dump(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: to prove that a refused operation changed nothing."""
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()
