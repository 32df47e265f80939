"""The frozen one-folder build starts: PyInstaller builds ``build.spec`` into a temporary folder and
the binary runs ``--smoke-test`` (main window offscreen, every step visited, exit 0).

Slow (a build takes about a minute), so it runs only with ENHETSDIALOG_TEST_FROZEN=1:

    ENHETSDIALOG_TEST_FROZEN=1 .venv/bin/pytest tests/integration/test_frozen_build.py -s
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from enhetsdialog import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("ENHETSDIALOG_TEST_FROZEN") != "1", reason="set ENHETSDIALOG_TEST_FROZEN=1"),
]


def test_frozen_build_starts_the_gui(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "work"
    started = time.monotonic()
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "build.spec"), "--noconfirm",
         "--distpath", str(dist), "--workpath", str(work)],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    build_s = time.monotonic() - started
    assert build.returncode == 0, build.stderr[-4000:]
    folder = dist / f"{APP_NAME}-{__version__}"
    binary = folder / (f"{APP_ID}.exe" if sys.platform == "win32" else APP_ID)
    assert binary.is_file()
    assert (folder / "_internal" / "enhetsdialog" / "storage" / "migrations" / "versions").is_dir()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ENHETSDIALOG_DATA_DIR": str(tmp_path / "data")}
    env.pop("ENHETSDIALOG_DB", None)
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert version.returncode == 0 and __version__ in version.stdout

    started = time.monotonic()
    smoke = subprocess.run([str(binary), "--smoke-test"], capture_output=True, text=True, env=env, timeout=120)
    smoke_s = time.monotonic() - started
    assert smoke.returncode == 0, smoke.stderr[-4000:]
    assert "smoke test ok" in smoke.stdout

    # the same binary is the CLI: a fresh database is migrated from the shipped scripts
    demo = subprocess.run([str(binary), "demo"], capture_output=True, text=True, env=env, timeout=120)
    assert demo.returncode == 0, demo.stderr
    started = time.time()
    shown = subprocess.run(
        [str(binary)], capture_output=True, text=True, timeout=120,
        env={**env, "ENHETSDIALOG_STARTUP_REPORT": "1", "ENHETSDIALOG_EXIT_AFTER_SHOW": "1"},
    )
    assert shown.returncode == 0, shown.stderr
    cold_s = float(next(x for x in shown.stdout.split("\n") if x.startswith("window-shown ")).split()[1]) - started
    print(f"\nfrozen build: built in {build_s:.0f} s; smoke test {smoke_s:.1f} s; "
          f"cold start to window shown {cold_s:.2f} s")
