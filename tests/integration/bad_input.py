"""Shared by the bad-input tests: one demo database made once per session, copies of it per test,
a fingerprint of a database's bytes (and of its side files), and a one-line check of a refusal."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, run_cli


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``enhetsdialog ARGS`` in this process (a second faster than a new interpreter), with its
    stdout, stderr and exit code as ``run_cli`` gives them."""
    import contextlib
    import io

    from enhetsdialog.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as e:  # argparse: --help, usage errors
                code = e.code if isinstance(e.code, int) else 1
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return subprocess.CompletedProcess(["enhetsdialog", *args], code, out.getvalue(), err.getvalue())


def cli_limited(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``enhetsdialog ARGS`` in a new process with at most 2 GB of memory and a deadline: for input
    that an unfixed reader would read without end (/dev/zero), so that it fails the test instead of
    exhausting the machine."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "enhetsdialog", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        cwd=ROOT,
        preexec_fn=limit if os.name == "posix" else None,
    )


def fingerprint(db: Path) -> dict[str, str | None]:
    """SHA-256 of the database file and of its -wal (None: absent or empty, which SQLite treats alike)."""
    out: dict[str, str | None] = {}
    for suffix in ("", "-wal"):
        p = db.with_name(db.name + suffix)
        data = p.read_bytes() if p.exists() else b""
        out[suffix or "db"] = hashlib.sha256(data).hexdigest() if data else None
    return out


def refused(r: subprocess.CompletedProcess[str], *needles: str) -> None:
    """One line on stderr, exit 1, no traceback, no crash, and each needle in the line."""
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("enhetsdialog"), r.stderr
    assert "uventet feil" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    for needle in needles:
        assert needle in lines[0], (needle, r.stderr)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-master")
    db = folder / "demo.sqlite3"
    env = {"ENHETSDIALOG_DATA_DIR": str(folder / "data")}
    r = run_cli("demo", "--db", str(db), env=env, timeout=180)
    assert r.returncode == 0, r.stderr
    return db


@pytest.fixture
def demo_db(demo_master: Path, tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_master, db)
    os.chmod(db, 0o600)
    return db


def cli_in_mount_namespace(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a shell ``script`` in a private mount namespace (its mounts vanish with it), with ``$PY``
    the Python of this test run and ``$1``... the ``args``. Skips when namespaces are not allowed."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        pytest.skip("needs Linux and unshare(1)")
    flags = ["-m"] if os.geteuid() == 0 else ["-r", "-m"]
    probe = subprocess.run(["unshare", *flags, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"mount namespaces are not allowed here: {probe.stderr.decode(errors='replace').strip()}")
    env = {**os.environ, "PY": sys.executable, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        ["unshare", *flags, "--propagation", "private", "sh", "-eu", "-c", script, "sh", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )


def without_root_powers() -> list[str]:
    """A command prefix that makes file permissions apply (root ignores them otherwise)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv(1) to drop root's file permission powers")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
