"""The application context: one QObject that every view receives in its constructor.

It owns nothing visual. It holds the services, the user's profile and settings, runs service calls
(writes on the background worker, reads directly) and re-broadcasts what changed, like Anki's
``OpChanges``: a view connects to :attr:`AppContext.changed` and refreshes only what concerns it.
Errors become one Norwegian sentence on :attr:`AppContext.error`; the main window shows it in a
non-modal bar.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload, runtime_checkable

import shiboken6

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QSettings, Signal

from enhetsdialog import paths
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.fileio import append_private
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.worker import Job, ServiceWorker

if TYPE_CHECKING:
    from enhetsdialog.services import Profile, Services

log = logging.getLogger(__name__)
T = TypeVar("T")
D = TypeVar("D")

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


def error_text(e: BaseException) -> str:
    """What a user reads for an exception: our errors carry bokmål; anything else is a bug."""
    if isinstance(e, EnhetsdialogError):
        return str(e)
    return _("Noe gikk galt ({name}: {detail}). Det du har skrevet, er fortsatt på skjermen.",
              name=type(e).__name__, detail=str(e)[:200])


def _alive(fn: Callable[..., Any] | None) -> bool:
    """False for a bound method of a Qt object that is gone (a dialog closed while its job ran)."""
    owner = getattr(fn, "__self__", None)
    return fn is not None and (not isinstance(owner, QObject) or shiboken6.isValid(owner))


@runtime_checkable
class CarriesChanges(Protocol):
    """A write's result that is more than Changes: an Outcome, an ImportReport, an ArchiveReport."""

    @property
    def changes(self) -> Changes: ...


# What a write (``op``) returns: what it changed, a value that carries it, or nothing (e.g. an undo
# step that found nothing to put back).
WriteResult = Changes | CarriesChanges | None
W = TypeVar("W", bound=WriteResult)


def _changes(result: WriteResult) -> Changes | None:
    if isinstance(result, Changes):
        return result
    return None if result is None else result.changes


class AppContext(QObject):
    """Services, profile, settings, the worker and the application-wide signals.

    Signals:
      changed(Changes)      after every successful write, from whichever view made it (also the
                            ``changes`` a report carries, e.g. ImportReport, ArchiveReport)
      error(str)            a failure a user should read (storage, validation, bugs)
      recovered()           a write succeeded after an error was shown
      open_requested(str)   any view asks for a revision to be opened (the main window decides how)
      review_requested(str) any view asks for a revision's remarks (the main window shows the review)
      busy_changed(bool)    background writes started / all delivered
    """

    changed = Signal(object)
    error = Signal(str)
    recovered = Signal()
    open_requested = Signal(str)
    review_requested = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, services: Services, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[OnDone | None, OnError | None, bool, bool]] = {}
        self._failing = False
        self._profile: Profile | None = None
        self._profile_loaded = False
        self._worker = ServiceWorker(services)
        self._worker.finished_job.connect(self._on_finished)
        self._worker.failed_job.connect(self._on_failed)
        self._worker.start()
        # connected first, so that every view's slot already reads the new profile
        self.changed.connect(self._forget_profile)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # --- profile ------------------------------------------------------------------------------------

    @property
    def profile(self) -> Profile | None:
        """Who is writing (read once, read again after a write that changed the settings)."""
        if not self._profile_loaded:
            self._profile = self.read(lambda s: s.settings.profile())
            self._profile_loaded = True
        return self._profile

    def _forget_profile(self, changes: Changes) -> None:
        if changes.settings:
            self._profile_loaded = False

    # --- running service calls ------------------------------------------------------------------------

    def op(
        self,
        fn: Callable[[Services], W],
        *,
        on_done: Callable[[W], None] | None = None,
        on_error: OnError | None = None,
        report: bool = True,
    ) -> int:
        """A write on the worker (Anki's ``CollectionOp``). When it returns, :attr:`changed` is
        emitted with its :class:`Changes` (the result, or the ``changes`` it carries), then
        ``on_done(result)`` runs in the UI thread. Failures go to ``on_error`` and, if ``report``,
        to :attr:`error` (pass ``report=False`` when ``on_error`` tells the user itself)."""
        return self._submit(fn, on_done, on_error, write=True, report=report)

    def query(
        self,
        fn: Callable[[Services], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        report: bool = True,
    ) -> int:
        """A read (or a slow computation, e.g. verifying a PDF) on the worker (Anki's ``QueryOp``):
        nothing is broadcast; ``on_done(result)`` runs in the UI thread."""
        return self._submit(fn, on_done, on_error, write=False, report=report)

    def _submit(self, fn: Job, on_done: OnDone | None, on_error: OnError | None, *, write: bool, report: bool) -> int:
        job_id = next(self._ids)
        was_idle = not self._callbacks
        self._callbacks[job_id] = (on_done, on_error, write, report)
        self._worker.submit(job_id, fn)
        if was_idle:
            self.busy_changed.emit(True)
        return job_id

    @overload
    def read(self, fn: Callable[[Services], T]) -> T | None: ...

    @overload
    def read(self, fn: Callable[[Services], T], default: D) -> T | D: ...

    def read(self, fn: Callable[[Services], T], default: Any = None) -> Any:
        """A quick read in the UI thread (SQLite reads do not wait for the writer). Errors are
        reported on :attr:`error` and ``default`` is returned."""
        try:
            return fn(self.services)
        except Exception as e:
            self._report(e)
            return default

    @property
    def busy(self) -> bool:
        """True while a submitted job has not had its result delivered."""
        return bool(self._callbacks)

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Block until every submitted job ran and its result was delivered (close, tests)."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._callbacks:
            if deadline.hasExpired():
                return False
            self._worker.wait_idle(min(0.05, max(0.0, deadline.remainingTime() / 1000)))
            QCoreApplication.sendPostedEvents(self)
            QCoreApplication.processEvents()
        return True

    def shutdown(self) -> None:
        """Deliver what is running, then stop the worker (safe to call twice)."""
        if self._worker.isRunning():
            self.wait_idle()
            self._worker.stop()

    # --- results (UI thread) ----------------------------------------------------------------------------

    def _on_finished(self, job_id: int, result: Any) -> None:
        on_done, _on_error, write, _report = self._callbacks.pop(job_id, (None, None, False, True))
        changes = _changes(result) if write else None
        try:
            if changes is not None and not changes.empty:
                if self._failing:
                    self._failing = False
                    self.recovered.emit()
                self.changed.emit(changes)
            if on_done is not None and _alive(on_done):
                on_done(result)
        finally:
            self._maybe_idle()

    def _on_failed(self, job_id: int, e: BaseException) -> None:
        _on_done, on_error, _broadcast, report = self._callbacks.pop(job_id, (None, None, False, True))
        try:
            if on_error is not None and _alive(on_error):
                on_error(e)
            if report or not isinstance(e, EnhetsdialogError):  # a bug is always shown
                self._report(e)
        finally:
            self._maybe_idle()

    def _maybe_idle(self) -> None:
        if not self._callbacks:
            self.busy_changed.emit(False)

    def report(self, e: BaseException) -> None:
        """Show an exception to the user (used by views for errors they catch themselves)."""
        self._report(e)

    def _report(self, e: BaseException) -> None:
        if not isinstance(e, EnhetsdialogError):
            log.error("unexpected error in a service call:\n%s", "".join(traceback.format_exception(e)))
            _write_crash_log(e)
        self._failing = True
        self.error.emit(error_text(e))


def _write_crash_log(e: BaseException) -> None:
    try:
        append_private(paths.crash_log_path(), "".join(traceback.format_exception(e)) + "\n")  # 0600
    except OSError:
        pass
