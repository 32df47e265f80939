"""Autosave survives a killed process: the GUI runs in a subprocess (offscreen) and types into an
answer field with QTest; the test kills it with SIGKILL while it is still typing, reopens the
database and finds everything that was typed more than a second before the kill.

Run directly, this file is the driver: ``python test_gui_autosave_kill.py DB REVISION_ID``.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

PREFIX = "Elevrådet sa: "
ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå "
KEY_INTERVAL_MS = 20  # about 50 characters a second: a fast typist


def typed_text(n: int) -> str:
    return "".join(ALPHABET[i % len(ALPHABET)] for i in range(n))


# --- the driver (runs in the subprocess) ---------------------------------------------------------------


def driver(db: str, revision_id: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window, make_application

    app = make_application()
    services = open_services(db, auto_backup=False)
    ctx, window = create_main_window(services)
    window.show()
    assert window.open_revision(revision_id)
    window.editor.go_to(4)
    field = window.editor.pages[4].users_voice
    field.set_text(PREFIX)
    window.editor.session.edit_text(("text", "users_voice"), PREFIX)
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    count = 0

    def committed(key: object) -> None:
        if key == ("text", "users_voice"):
            print(f"SAVED {time.time():.3f}", flush=True)

    def type_one() -> None:
        nonlocal count
        QTest.keyClicks(field, ALPHABET[count % len(ALPHABET)])
        count += 1
        print(f"TYPED {count} {time.time():.3f}", flush=True)

    window.editor.session.autosaver.committed.connect(committed)
    timer = QTimer()
    timer.timeout.connect(type_one)
    timer.start(KEY_INTERVAL_MS)
    print("STARTED", flush=True)
    return app.exec()  # runs until it is killed


# --- the test --------------------------------------------------------------------------------------------


def _reader(proc: subprocess.Popen[str], out: queue.Queue[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        out.put(line.strip())


@pytest.mark.slow
def test_autosave_survives_sigkill_while_typing(tmp_path: Path, demo_services: object) -> None:
    from enhetsdialog.services import Services, open_services

    assert isinstance(demo_services, Services)
    rid = next(r.id for r in demo_services.agreements.list() if r.unit_name.startswith("Byåsen") and r.year == 2027)
    db = demo_services.db.path
    demo_services.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, __file__, str(db), rid], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_reader, args=(proc, lines), daemon=True).start()
    typed: list[tuple[int, float]] = []
    saved = 0
    deadline = time.time() + 30
    first_save: float | None = None
    try:
        while time.time() < deadline:
            try:
                line = lines.get(timeout=0.05)
            except queue.Empty:
                line = ""
            if line.startswith("TYPED"):
                _tag, n, t = line.split()
                typed.append((int(n), float(t)))
            elif line.startswith("SAVED"):
                saved += 1
                first_save = first_save or time.time()
            if first_save is not None and time.time() - first_save > 1.2:
                break
            if proc.poll() is not None:
                break
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert first_save is not None, "the GUI never saved"
        os.kill(proc.pid, signal.SIGKILL)
        killed_at = time.time()
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    while not lines.empty():  # what was printed before the kill
        line = lines.get()
        if line.startswith("TYPED"):
            _tag, n, t = line.split()
            typed.append((int(n), float(t)))
    assert proc.returncode == -signal.SIGKILL
    assert typed and saved >= 1

    services = open_services(db, auto_backup=False)
    try:
        stored = services.agreements.get(rid).revision.content.users_voice
        assert services.db.integrity_problems() == []
    finally:
        services.close()
    everything = PREFIX + typed_text(typed[-1][0])
    print(f"typed {typed[-1][0]} characters, {len(stored) - len(PREFIX)} stored, {saved} saves")
    assert everything.startswith(stored), "the stored text is not what was typed"
    older = [n for n, t in typed if t <= killed_at - 1.0]
    must_have = PREFIX + typed_text(max(older, default=0))
    assert stored.startswith(must_have), (
        f"lost more than the last second: {len(must_have) - len(PREFIX)} characters were typed a second "
        f"before the kill, {len(stored) - len(PREFIX)} were stored"
    )


if __name__ == "__main__":
    sys.exit(driver(sys.argv[1], sys.argv[2]))
