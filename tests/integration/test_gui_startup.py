"""The GUI starts from the command line: ``--smoke-test`` opens the main window offscreen and exits
0, and the start-up report used by the benchmark works with a real database."""

from __future__ import annotations

import time
from pathlib import Path

from tests.integration.helpers import run_cli


def test_smoke_test_opens_the_main_window_and_exits_0(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "ENHETSDIALOG_DATA_DIR": str(tmp_path / "data")}
    result = run_cli("--smoke-test", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "smoke test ok" in result.stdout
    assert not (tmp_path / "data" / "enhetsdialog.sqlite3").exists()  # it used a temporary database


def test_the_gui_reports_when_its_window_is_shown(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"ENHETSDIALOG_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    assert run_cli("demo", env=env).returncode == 0
    started = time.time()
    result = run_cli(
        env={**env, "ENHETSDIALOG_STARTUP_REPORT": "1", "ENHETSDIALOG_EXIT_AFTER_SHOW": "1"}, timeout=60
    )
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if x.startswith("window-shown ")]
    assert started < float(line.split()[1]) < time.time()
    assert (data / "ui-settings.ini").exists()  # the window saved its geometry on the way out
