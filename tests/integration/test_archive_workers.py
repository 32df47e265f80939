"""The archive export's worker processes end when their parent is killed (they used to live on)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie nobody has reaped yet has ended too
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return True


def _wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


@pytest.mark.slow
def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "integration" / "archive_worker_helper.py"), str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])},
    )
    pids: list[int] = []
    try:
        assert _wait_for(lambda: len(list(tmp_path.glob("worker-*"))) == 2, 120), "the workers did not start"
        pids = [int(p.read_text()) for p in tmp_path.glob("worker-*")]
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        # a deadline for the kernel to deliver the signal, not a measurement
        assert _wait_for(lambda: not any(_alive(p) for p in pids), 30), "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in pids:  # only the processes this test started
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
