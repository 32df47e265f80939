"""Committed data survives a writer killed with SIGKILL mid-transaction; two processes share one
database safely."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from enhetsdialog.services import open_services

from .helpers import ROOT

WRITER = r"""
import sys
from enhetsdialog.domain.items import ItemKind, Patch
from enhetsdialog.services import open_services
services = open_services(sys.argv[1], auto_backup=False)
rid, tag = sys.argv[2], sys.argv[3]
print("ready", flush=True)
i = 0
while True:
    # a bigger text in the same transaction makes the kill land inside a write more often
    services.agreements.add_item(rid, Patch.of(ItemKind.PARTICIPANT, role=f"{tag}-{i}", how="x" * 20000))
    print(i, flush=True)
    i += 1
"""

TRIALS = int(os.environ.get("ENHETSDIALOG_KILL_TRIALS", "12"))


def _setup(path: Path) -> str:
    s = open_services(path, auto_backup=False)
    s.catalogue.import_data  # noqa: B018 - services are importable
    mid = s.org.create_municipality("K").created
    area = s.org.create_service_area(mid or "", "O").created
    unit = s.org.create_unit(area or "", "Enhet").created
    rid = s.agreements.create(unit or "", 2027).created
    s.close()
    assert rid
    return rid


def _start(path: Path, rid: str, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), rid, tag],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ},
    )


def _read_committed(proc: subprocess.Popen[str], seconds: float) -> list[int]:
    """Let the writer run for ``seconds``, kill it with SIGKILL, return the ids it reported committed."""
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(5)
    return [int(x) for x in lines if x.strip()]


def test_sigkill_mid_transaction_loses_no_committed_data(tmp_path: Path) -> None:
    path = tmp_path / "kill.sqlite3"
    rid = _setup(path)
    rng = random.Random(1234)
    total = 0
    for trial in range(TRIALS):
        proc = _start(path, rid, f"t{trial}")
        committed = _read_committed(proc, rng.uniform(0.05, 0.6))
        s = open_services(path, auto_backup=False)
        try:
            assert s.db.integrity_problems(full=True) == []
            roles = {p.role for p in s.agreements.revision(rid).content.participants}
            missing = [i for i in committed if f"t{trial}-{i}" not in roles]
            assert missing == [], f"trial {trial}: committed rows lost: {missing[:5]}"
            total += len(committed)
        finally:
            s.close()
    assert total > 0


def test_two_processes_write_to_one_database_safely(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    rid = _setup(path)
    script = r"""
import sys
from enhetsdialog.domain.items import ItemKind, Patch
from enhetsdialog.services import open_services
s = open_services(sys.argv[1], auto_backup=False)
for i in range(60):
    s.agreements.add_item(sys.argv[2], Patch.of(ItemKind.PARTICIPANT, role=f"{sys.argv[3]}-{i}"))
    s.agreements.set_text(sys.argv[2], "challenges", f"{sys.argv[3]} {i}")
print("done", flush=True)
"""
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(path), rid, tag], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for tag in ("a", "b")
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == "done"
    s = open_services(path, auto_backup=False)
    try:
        roles = [p.role for p in s.agreements.revision(rid).content.participants]
        assert sorted(roles) == sorted([f"{t}-{i}" for t in "ab" for i in range(60)])
        positions = sorted(p.position for p in s.agreements.revision(rid).content.participants)
        assert positions == list(range(120))  # ordering stayed consistent under contention
        assert s.db.integrity_problems(full=True) == []
    finally:
        s.close()


@pytest.mark.parametrize("n", [1])
def test_reader_sees_a_consistent_snapshot_while_another_process_writes(tmp_path: Path, n: int) -> None:
    path = tmp_path / "snap.sqlite3"
    rid = _setup(path)
    proc = _start(path, rid, "w")
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        s = open_services(path, auto_backup=False)
        try:
            for _ in range(20):
                rev = s.agreements.revision(rid)
                positions = sorted(p.position for p in rev.content.participants)
                assert positions == list(range(len(positions)))
        finally:
            s.close()
    finally:
        proc.kill()
        proc.wait()
