"""Helpers shared by integration tests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

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
    """Sign a revision in «Enighet» for real, as leader and director, with throw-away self-made
    certificates in the recorded names (status signert, frozen, signed PDF stored). Since the database
    refuses a signature without its PDF, there is no shortcut."""
    from enhetsdialog.domain.enums import Status
    from enhetsdialog.services.certificates import demo_sign_both

    order = [Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET]
    current = services.agreements.revision(revision_id).status
    for status in order[order.index(current) + 1 :] if current in order else []:
        services.agreements.set_status(revision_id, status)
    demo_sign_both(services, revision_id)


def dump(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: to prove that a refused operation changed nothing."""
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()
