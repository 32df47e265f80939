"""GUI benchmarks with the demo database, offscreen:

  cold start      process start -> main window shown (a new ``enhetsdialog`` process per run, the
                  app prints ``window-shown <time>`` under ENHETSDIALOG_STARTUP_REPORT=1)
  step switch     one move between steps, including layout and paint (every step, several rounds)
  UI stall        the longest stall of the UI thread while a user types with autosave running,
                  measured with a 2 ms QTimer heartbeat (several runs of typing for a few seconds)

    .venv/bin/python bench/bench_gui.py [--runs 7]
    .venv/bin/python bench/bench_gui.py --big [--runs 7]

``--big``: a database of 3,000 agreements (300 units x 10 years, bench_storage.generate) instead of the
demo; measures cold start, main window construction + first paint, and the navigator alone.

Prints a table: the median of the runs for each measure, the worst run, and the budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_COLD_S = 1.0
BUDGET_SWITCH_MS = 50.0
BUDGET_STALL_MS = 10.0


def make_demo(data: Path) -> None:
    env = {**os.environ, "ENHETSDIALOG_DATA_DIR": str(data)}
    subprocess.run([sys.executable, "-m", "enhetsdialog", "demo"], env=env, check=True, capture_output=True)


def cold_start(data: Path, runs: int) -> list[float]:
    env = {
        **os.environ,
        "ENHETSDIALOG_DATA_DIR": str(data),
        "QT_QPA_PLATFORM": "offscreen",
        "ENHETSDIALOG_STARTUP_REPORT": "1",
        "ENHETSDIALOG_EXIT_AFTER_SHOW": "1",
    }
    exe = Path(sys.executable).with_name("enhetsdialog")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "enhetsdialog"]
    times = []
    for i in range(runs + 1):
        start = time.time()
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
        shown = next(float(x.split()[1]) for x in out.splitlines() if x.startswith("window-shown "))
        if i:  # the first run fills the OS file cache; it is not counted
            times.append(shown - start)
    return times


def in_process(data: Path, runs: int) -> tuple[list[float], list[float]]:
    os.environ["ENHETSDIALOG_DATA_DIR"] = str(data)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(ROOT / "src"))
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtTest import QTest

    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window, make_application

    app = make_application()  # noqa: F841  (keep the QApplication alive)
    services = open_services(data / "enhetsdialog.sqlite3", auto_backup=False)
    ctx, window = create_main_window(services)
    window.resize(1366, 768)
    window.show()
    rid = next(r.id for r in services.agreements.list() if r.unit_name.startswith("Byåsen") and r.year == 2027)
    window.open_revision(rid)
    editor = window.editor
    for _ in range(5):
        QCoreApplication.processEvents()

    # --- step switching --------------------------------------------------------------------------------
    switches: list[float] = []
    order = list(range(len(editor.pages)))
    for _round in range(runs):
        for i in order[1:] + order[:1]:
            start = time.perf_counter()
            editor.go_to(i)
            window.repaint()  # layout and paint of the new step, now
            QCoreApplication.processEvents()
            switches.append((time.perf_counter() - start) * 1000)

    # --- UI stalls while typing with autosave running -------------------------------------------------
    editor.go_to(0)
    field = editor.pages[0].challenges
    field.setFocus()
    stalls: list[float] = []
    for _run in range(runs):
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def beat(gaps: list[float] = gaps, clock: QElapsedTimer = clock, last: list[int] = last) -> None:
            now = clock.nsecsElapsed()
            gaps.append((now - last[0]) / 1e6)
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(2)
        heartbeat.timeout.connect(beat)
        typist = QTimer()
        typist.setInterval(30)
        typist.timeout.connect(lambda: QTest.keyClicks(field, "x"))
        commits = [0]
        editor.session.autosaver.committed.connect(lambda _k, c=commits: c.__setitem__(0, c[0] + 1))
        heartbeat.start()
        typist.start()
        loop = QEventLoop()
        QTimer.singleShot(3000, loop.quit)
        loop.exec()  # the real event loop, as in the app
        typist.stop()
        heartbeat.stop()
        ctx.wait_idle()
        assert commits[0] >= 3, "autosave did not run"
        # the heartbeat is late by the stall: the longest gap minus its own interval (the first
        # 100 ms are a warm-up)
        stalls.append(max(gaps[50:]) - 2.0)
    window.close()
    ctx.shutdown()
    services.close()
    return switches, stalls


def make_big(data: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_storage import generate

    data.mkdir(parents=True, exist_ok=True)
    generate(data / "enhetsdialog.sqlite3")


def window_build(data: Path, runs: int) -> tuple[list[float], list[float]]:
    """Main window construction + first paint, and the navigator panel alone (ms; first run not counted)."""
    import importlib.util

    os.environ["ENHETSDIALOG_DATA_DIR"] = str(data)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if importlib.util.find_spec("enhetsdialog") is None:
        sys.path.insert(0, str(ROOT / "src"))
    from PySide6.QtCore import QCoreApplication

    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window, make_application
    from enhetsdialog.ui.widgets.navigator import NavigatorPanel

    app = make_application()  # noqa: F841  (keep the QApplication alive)
    services = open_services(data / "enhetsdialog.sqlite3", auto_backup=False)
    windows: list[float] = []
    navigators: list[float] = []
    for i in range(runs + 1):
        start = time.perf_counter()
        ctx, window = create_main_window(services)
        window.resize(1366, 768)
        window.show()
        window.repaint()
        QCoreApplication.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        nav = NavigatorPanel(ctx)
        nav.resize(220, 700)
        nav.show()
        nav.repaint()
        QCoreApplication.processEvents()
        nav_elapsed = (time.perf_counter() - start) * 1000
        if i:  # the first run imports the UI modules
            windows.append(elapsed)
            navigators.append(nav_elapsed)
        nav.close()
        nav.deleteLater()
        window.close()
        window.deleteLater()
        ctx.shutdown()
        QCoreApplication.processEvents()
    services.close()
    return windows, navigators


def main_big(runs: int) -> int:
    with tempfile.TemporaryDirectory(prefix="enhetsdialog-bench-big-") as tmp:
        data = Path(tmp)
        make_big(data)
        cold = cold_start(data, runs)
        windows, navigators = window_build(data, runs)
    rows = [
        ("cold start to main window shown (3,000)", f"{statistics.median(cold):.2f} s", f"{max(cold):.2f} s",
         f"≤ {BUDGET_COLD_S:.1f} s", statistics.median(cold) <= BUDGET_COLD_S, len(cold)),
        ("main window built + first paint (3,000)", f"{statistics.median(windows):.0f} ms",
         f"{max(windows):.0f} ms", "-", True, len(windows)),
        ("navigator built + first paint (3,000)", f"{statistics.median(navigators):.0f} ms",
         f"{max(navigators):.0f} ms", "-", True, len(navigators)),
    ]
    print(f"{'measure':46}  {'median':>9}  {'worst':>9}  {'budget':>9}  {'runs':>4}  ok")
    for name, median, worst, budget, ok, n in rows:
        print(f"{name:46}  {median:>9}  {worst:>9}  {budget:>9}  {n:>4}  {'yes' if ok else 'NO'}")
    return 0 if all(r[4] for r in rows) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", action="store_true", help="3,000 agreements instead of the demo database")
    args = parser.parse_args()
    if args.big:
        return main_big(args.runs)
    with tempfile.TemporaryDirectory(prefix="enhetsdialog-bench-") as tmp:
        data = Path(tmp)
        make_demo(data)
        cold = cold_start(data, args.runs)
        switches, stalls = in_process(data, args.runs)
    rows = [
        ("cold start to main window shown", f"{statistics.median(cold):.2f} s", f"{max(cold):.2f} s",
         f"≤ {BUDGET_COLD_S:.1f} s", statistics.median(cold) <= BUDGET_COLD_S, len(cold)),
        ("switch step (layout + paint)", f"{statistics.median(switches):.1f} ms", f"{max(switches):.1f} ms",
         f"≤ {BUDGET_SWITCH_MS:.0f} ms", statistics.median(switches) <= BUDGET_SWITCH_MS, len(switches)),
        ("longest UI stall while typing with autosave", f"{statistics.median(stalls):.1f} ms",
         f"{max(stalls):.1f} ms", f"≤ {BUDGET_STALL_MS:.0f} ms", statistics.median(stalls) <= BUDGET_STALL_MS,
         len(stalls)),
    ]
    print(f"{'measure':46}  {'median':>9}  {'worst':>9}  {'budget':>9}  {'runs':>4}  ok")
    for name, median, worst, budget, ok, n in rows:
        print(f"{name:46}  {median:>9}  {worst:>9}  {budget:>9}  {n:>4}  {'yes' if ok else 'NO'}")
    return 0 if all(r[4] for r in rows) else 1


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    os._exit(rc)  # skip interpreter teardown of Qt objects (nothing is left to save)
