"""Start-up costs, against a baseline checkout in the same run (issue 12: must not regress).

    .venv/bin/python bench/bench_startup.py [--runs 15] [--baseline /path/to/other/checkout]

For this checkout's src/ (and the baseline's, when given), each in a fresh process:

  import services   ``import enhetsdialog.services`` (no Qt), timed inside the process (budget 300 ms)
  CLI --help        ``python -m enhetsdialog --help``, wall time of the process
  GUI cold start    process start -> main window shown, on a demo database, offscreen (budget 0.8 s;
                    ENHETSDIALOG_STARTUP_REPORT/EXIT_AFTER_SHOW, as bench_gui.py)

The trees are run alternately, so a busy machine slows both alike; the table gives the median of
each and the ratio this/baseline. Make a baseline with ``git worktree add /tmp/base <commit>``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORT = "import time; t=time.perf_counter(); import enhetsdialog.services; print((time.perf_counter()-t)*1000)"


def env_for(src: Path, data: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(src),
        "ENHETSDIALOG_DATA_DIR": str(data),
        "ENHETSDIALOG_CONFIG_DIR": str(data / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": os.environ.get("HOME", str(data)),
    }


def import_ms(src: Path, data: Path) -> float:
    out = subprocess.run([sys.executable, "-c", IMPORT], env=env_for(src, data), capture_output=True, text=True,
                         check=True).stdout
    return float(out.strip())


def help_ms(src: Path, data: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "enhetsdialog", "--help"], env=env_for(src, data), capture_output=True,
                   check=True)
    return (time.perf_counter() - start) * 1000


def cold_ms(src: Path, data: Path) -> float:
    env = {**env_for(src, data), "ENHETSDIALOG_STARTUP_REPORT": "1", "ENHETSDIALOG_EXIT_AFTER_SHOW": "1"}
    start = time.time()
    out = subprocess.run([sys.executable, "-m", "enhetsdialog"], env=env, capture_output=True, text=True,
                         check=True).stdout
    shown = next(float(x.split()[1]) for x in out.splitlines() if x.startswith("window-shown "))
    return (shown - start) * 1000


MEASURES: tuple[tuple[str, Callable[[Path, Path], float], float | None], ...] = (
    ("import enhetsdialog.services", import_ms, 300.0),
    ("enhetsdialog --help", help_ms, None),
    ("GUI cold start (demo, offscreen)", cold_ms, 800.0),
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--baseline", type=Path, help="another checkout (its src/ is measured alongside)")
    args = ap.parse_args()
    trees = {"this": ROOT / "src"}
    if args.baseline is not None:
        trees["baseline"] = args.baseline.resolve() / "src"
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data = Path(tmp)
        subprocess.run([sys.executable, "-m", "enhetsdialog", "demo"], env=env_for(trees["this"], data),
                       capture_output=True, check=True)
        results: dict[tuple[str, str], list[float]] = {}
        for name, fn, _budget in MEASURES:
            for _ in range(args.runs + 1):  # the first round warms the file cache; not counted
                for tree, src in trees.items():
                    results.setdefault((name, tree), []).append(fn(src, data))
        print(f"{'measure':<34} | {'this ms':>8} | {'baseline ms':>11} | {'ratio':>5} | {'budget':>6} | ok")
        print(f"{'-' * 34}-|-{'-' * 8}-|-{'-' * 11}-|-{'-' * 5}-|-{'-' * 6}-|---")
        for name, _fn, budget in MEASURES:
            this = statistics.median(results[(name, "this")][1:])
            base = statistics.median(results[(name, "baseline")][1:]) if "baseline" in trees else float("nan")
            ratio = this / base if base == base else float("nan")
            ok = "-" if budget is None else ("yes" if this <= budget else "NO")
            shown_budget = f"{budget:6.0f}" if budget is not None else "     -"
            print(f"{name:<34} | {this:8.1f} | {base:11.1f} | {ratio:5.2f} | {shown_budget} | {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
