"""One background thread that runs service calls in the order they were submitted.

A job is a plain callable ``fn(services) -> result``. It runs on the worker thread, returns data and
never touches a widget (Picard's rule); the result or the exception travels back to the UI thread
through a queued signal. One serial thread keeps writes in the order the user made them, so an
edit and its undo can never overtake each other.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from enhetsdialog.services import Services

Job = Callable[["Services"], Any]


class ServiceWorker(QThread):
    """Runs jobs serially. ``finished_job``/``failed_job`` are emitted from the worker thread and
    delivered (queued) to receivers living in the UI thread."""

    finished_job = Signal(int, object)
    failed_job = Signal(int, object)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.setObjectName("ServiceWorker")
        self._services = services
        self._queue: queue.SimpleQueue[tuple[int, Job] | None] = queue.SimpleQueue()
        self._lock = threading.Condition()
        self._outstanding = 0

    def submit(self, job_id: int, fn: Job) -> None:
        with self._lock:
            self._outstanding += 1
        self._queue.put((job_id, fn))

    def wait_idle(self, timeout_s: float) -> bool:
        """Block until every submitted job has run (not until its result is delivered)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._outstanding == 0, timeout=timeout_s)

    @property
    def idle(self) -> bool:
        with self._lock:
            return self._outstanding == 0

    def stop(self, timeout_ms: int = 10_000) -> None:
        self._queue.put(None)
        self.wait(timeout_ms)

    def run(self) -> None:  # the worker thread
        while True:
            item = self._queue.get()
            if item is None:
                return
            job_id, fn = item
            try:
                result = fn(self._services)
            except BaseException as e:  # handed to the UI thread, which decides how to show it
                self._done()
                self.failed_job.emit(job_id, e)
            else:
                self._done()
                self.finished_job.emit(job_id, result)

    def _done(self) -> None:
        with self._lock:
            self._outstanding -= 1
            self._lock.notify_all()
