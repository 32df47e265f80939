"""Autosave: no save button; what a user types is committed within a second.

Edits are keyed (one key per field). A new edit for a key replaces the pending one, and a short
debounce (``delay_ms``) waits for a pause in typing; ``max_delay_ms`` caps the wait so that even
continuous typing is committed at least that often. Writes run on the worker thread, so typing never
waits for the disk. A write that fails because of the environment (disk full, database locked) is
kept and retried; the text stays on screen the whole time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from enhetsdialog.services.changes import Changes
from enhetsdialog.storage.errors import StorageError

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext

Write = Callable[["Services"], Changes]

DELAY_MS = 400
MAX_DELAY_MS = 600
RETRY_MS = 4000


class Autosaver(QObject):
    """Debounced, keyed writes through the app context.

    Signals: ``state_changed(str)`` with "pending", "saving", "saved" or "failed";
    ``committed(object)`` with the key of a write that reached the database.
    """

    state_changed = Signal(str)
    committed = Signal(object)

    def __init__(self, ctx: AppContext, *, delay_ms: int = DELAY_MS, max_delay_ms: int = MAX_DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._delay = delay_ms
        self._max_delay = max_delay_ms
        self._pending: dict[Hashable, Write] = {}
        self._inflight: dict[Hashable, int] = {}  # key -> number of writes submitted, not delivered
        self._first_pending_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.flush)
        self._state = "saved"

    # --- public -------------------------------------------------------------------------------------

    def schedule(self, key: Hashable, write: Write) -> None:
        self._pending[key] = write
        now = time.monotonic()
        if self._first_pending_at is None:
            self._first_pending_at = now
        waited_ms = (now - self._first_pending_at) * 1000
        self._timer.start(int(max(0, min(self._delay, self._max_delay - waited_ms))))
        self._set_state("pending")

    def flush(self) -> None:
        """Submit every pending write now (step switch, structural edits, close)."""
        self._timer.stop()
        self._first_pending_at = None
        pending, self._pending = self._pending, {}
        for key, write in pending.items():
            self._submit(key, write)

    def is_dirty(self, key: Hashable) -> bool:
        """True while an edit for ``key`` is waiting or on its way to the database."""
        return key in self._pending or key in self._inflight

    @property
    def has_pending(self) -> bool:
        return bool(self._pending or self._inflight)

    def discard(self, keep: Callable[[Hashable], bool] | None = None) -> None:
        """Forget pending writes (the revision they belong to is gone or read-only), except those
        whose key ``keep`` accepts (the follow-up is written on a signed revision too)."""
        if keep is not None and any(keep(k) for k in self._pending):
            self._pending = {k: w for k, w in self._pending.items() if keep(k)}
            return
        self._timer.stop()
        self._retry.stop()
        self._pending.clear()
        self._first_pending_at = None

    @property
    def state(self) -> str:
        return self._state

    # --- internals ------------------------------------------------------------------------------------

    def _submit(self, key: Hashable, write: Write) -> None:
        self._inflight[key] = self._inflight.get(key, 0) + 1
        self._set_state("saving")
        def done(_result: object) -> None:
            self._delivered(key, None, write)

        def failed(e: BaseException) -> None:
            self._delivered(key, e, write)

        self._ctx.op(write, on_done=done, on_error=failed)

    def _delivered(self, key: Hashable, error: BaseException | None, write: Write) -> None:
        left = self._inflight.get(key, 1) - 1
        if left:
            self._inflight[key] = left
        else:
            self._inflight.pop(key, None)
        if error is None:
            self.committed.emit(key)
        elif isinstance(error, StorageError) and key not in self._pending:
            # the environment failed (disk full, locked): keep the edit and try again shortly
            self._pending[key] = write
            self._retry.start(RETRY_MS)
        if self._pending:
            self._set_state("failed" if error is not None or self._retry.isActive() else "pending")
        elif not self._inflight:
            self._set_state("failed" if error is not None else "saved")

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
