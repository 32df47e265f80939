"""The archive export killed (SIGKILL, the whole process group) at random points, many times, then
again over the state it left: never an agreement arkivert without its files; a last run completes
the job, and running it again changes nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from enhetsdialog.domain.enums import Status
from enhetsdialog.services import open_services

from .archive_support import YEAR, assert_no_arkivert_without_files, signed_database, statuses
from .helpers import ROOT

TRIALS = 8
SEED = 20270115


def _start(db: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "enhetsdialog", "archive", "--year", str(YEAR), "-o", str(out), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the worker processes too
    )


def _kill_after(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL the export's process group after ``delay`` s; True when it was still running."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return True


def _arkivert(db: Path, out: Path) -> int:
    s = open_services(db, auto_backup=False)
    try:
        return assert_no_arkivert_without_files(s, out)
    finally:
        s.close()


@pytest.mark.slow
def test_killed_exports_never_leave_arkivert_without_files(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = tmp_path_factory.mktemp("archive-kill-db")
    units = 4
    # how long one export takes here, so that the kills fall anywhere in it
    db = signed_database(tmp_path / "timing.sqlite3", units, cache)
    started = time.monotonic()
    assert _start(db, tmp_path / "timing").wait(timeout=300) == 0
    duration = time.monotonic() - started
    rng = random.Random(SEED)
    killed = 0
    for trial in range(TRIALS):
        db = signed_database(tmp_path / f"trial{trial}.sqlite3", units, cache)
        out = tmp_path / f"arkiv{trial}"
        for attempt in range(2):  # a first export, then one over whatever the first left
            delay = rng.uniform(0.3, duration * 0.95) if trial % 2 == 0 else rng.uniform(duration * 0.6, duration * 0.95)
            started = time.monotonic()
            was_killed = _kill_after(_start(db, out), delay)
            killed += was_killed
            if not was_killed and attempt == 0:  # the machine got faster: aim the next kills earlier
                duration = min(duration, time.monotonic() - started)
            done = _arkivert(db, out)  # raises when an arkivert agreement lacks a file
            assert done in (0, units), f"trial {trial}.{attempt} (seed {SEED}): {done} of {units} arkivert"
        if trial < TRIALS - 1:
            shutil.rmtree(out, ignore_errors=True)
    # many runs were really interrupted (how many depends on the machine's load between runs)
    assert killed >= TRIALS // 2
    # the last trial's state: a normal run completes the job, and another one changes nothing
    assert _start(db, out).wait(timeout=300) == 0
    assert _arkivert(db, out) == units
    files = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert _start(db, out).wait(timeout=300) == 0
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == files
    s = open_services(db, auto_backup=False)
    try:
        assert set(statuses(s).values()) == {Status.ARKIVERT}
    finally:
        s.close()
