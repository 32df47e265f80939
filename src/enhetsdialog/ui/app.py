"""Starting the GUI: QApplication, theme, database, context, main window.

``enhetsdialog`` (no subcommand) reaches :func:`start` through :func:`enhetsdialog.ui.launch.run`,
which first checks, without Qt, that a window can open at all (platform_check: the xcb plugin's
system libraries, a display) and otherwise says in one line which packages to install; only then is
this module, and Qt with it, imported. ``--smoke-test`` proves that a build starts: it opens a fresh
temporary database (which runs the shipped migrations), fills in the demo municipality, shows the main
window (offscreen unless ``QT_QPA_PLATFORM`` says otherwise), visits every step and the director's
views and exits 0; on a real X server (``QT_QPA_PLATFORM=xcb``) it also reads the window's pixels back
from the server and fails unless the window was really painted there.

Environment hooks for measurements (no effect unless set):
  ENHETSDIALOG_STARTUP_REPORT=1   print ``window-shown <unix time>`` when the window is first shown
  ENHETSDIALOG_EXIT_AFTER_SHOW=1  quit right after that (cold-start benchmark)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from enhetsdialog import APP_ID, APP_NAME, __version__, i18n, paths
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import _
from enhetsdialog.services import Services, open_services
from enhetsdialog.storage.errors import (
    CorruptDatabaseError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
)

from enhetsdialog.ui import qt_translations
from enhetsdialog.ui.context import AppContext
from enhetsdialog.ui.mainwindow import MainWindow
from enhetsdialog.ui.settings import make_settings
from enhetsdialog.ui.theme import apply_theme


def make_application(argv: list[str] | None = None) -> QApplication:
    # The worker thread runs Python (SQLAlchemy) while the user types; a short GIL switch interval
    # keeps the UI thread from waiting behind it (5 ms by default, 1 ms here).
    sys.setswitchinterval(0.001)
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    apply_theme(app)
    qt_translations.install(app)  # Qt's own buttons and dialogs in the interface language (bokmål has its own file)
    return app


def create_main_window(
    services: Services, *, excepthook: bool = False, first_start: bool = False
) -> tuple[AppContext, MainWindow]:
    """The context and the main window over open services (used by ``run``, tests and scripts).

    ``excepthook``: show bugs raised in slots in the error bar (``run`` does; tests keep pytest-qt's).
    ``first_start``: ask who is writing when nobody has said so yet (``run`` does, except in the smoke
    test; tests and screenshots do not, so no dialog stands in their way)."""
    ctx = AppContext(services, make_settings())
    window = MainWindow(ctx, first_start=first_start)
    if excepthook:
        _install_excepthook(ctx)
    return ctx, window


def use_interface_language(app: QApplication, services: Services) -> str:
    """Speak the interface language (``ENHETSDIALOG_LANG``, else the user's choice, else the
    municipality's written language, else the system's) from here on, Qt's own dialogs included.
    Called once the database is open, before the window is built: the window is made in it (a change
    in Fil → Språk applies at the next start)."""
    lang = i18n.set_language(services.settings.interface_language())
    qt_translations.install(app, lang)
    return lang


def open_database(db_path: Path) -> Services:
    return open_services(
        db_path,
        auto_backup=True,
        backup_dir=paths.backup_dir_for(db_path),
        certificates_dir=paths.certificates_dir(),  # "Lag personlig sertifikat…" keeps the file there
    )


def start(db_path: Path, smoke_test: bool = False) -> int:
    """Open the database and the main window and run the event loop (``launch.run`` has checked
    that a window can open)."""
    # lazy: the demo loads only for the smoke test
    from enhetsdialog.services.demo import fill_demo

    app = make_application()

    tmp: tempfile.TemporaryDirectory[str] | None = None
    if smoke_test:
        tmp = tempfile.TemporaryDirectory(prefix="enhetsdialog-smoke-")
        os.environ["ENHETSDIALOG_DATA_DIR"] = tmp.name  # settings too: never touch the user's
        db_path = Path(tmp.name) / "smoke.sqlite3"
    try:
        services = open_database(db_path)
    except EnhetsdialogError as e:
        show_open_error(e, db_path, interactive=not smoke_test)
        return 1
    use_interface_language(app, services)
    try:
        if smoke_test:
            fill_demo(services)
        ctx, window = create_main_window(services, excepthook=not smoke_test, first_start=not smoke_test)
        window.show()
        _startup_hooks(app, window)
        if smoke_test:
            return _smoke(app, ctx, window)
        rc = app.exec()
        ctx.shutdown()
        return rc
    finally:
        services.close()
        if tmp is not None:
            tmp.cleanup()


def open_error_advice(error: BaseException) -> str:
    """What to do about a database that could not be opened. Only a damaged file is a reason to
    restore a backup; a full disk, a read-only folder or a lock leave a good file that needs none."""
    if isinstance(error, CorruptDatabaseError):
        return _("Ingenting er endret. Du kan velge en annen fil med --db, "
                  "eller gjenopprette fra en sikkerhetskopi (enhetsdialog restore).")
    if isinstance(error, DatabaseFullError):
        return _("Databasen er i orden, og ingenting er endret. Frigjør plass på disken og start på nytt.")
    if isinstance(error, DatabaseReadOnlyError):
        return _("Databasen er i orden, og ingenting er endret. Gi deg selv skrivetilgang, "
                  "eller flytt databasen til en mappe du kan skrive i, og start på nytt.")
    if isinstance(error, DatabaseLockedError):
        return _("Databasen er i orden, og ingenting er endret. Lukk det andre programmet og start på nytt.")
    return _("Ingenting er endret. Du kan velge en annen fil med --db.")


def show_open_error(error: BaseException, db_path: Path, *, interactive: bool = True) -> None:
    """The database could not be opened (foreign, newer, damaged, locked, full disk, read-only):
    say so in the user's language, with advice that fits the cause."""
    message = str(error)
    text = _("Enhetsdialog kan ikke åpne databasen.")
    detail = _("{message}\n\nFilen: {path}\n\n{advice}", message=message, path=db_path,
                advice=open_error_advice(error))
    print(f"enhetsdialog: {message}", file=sys.stderr)
    if not interactive:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Kan ikke åpne databasen"), text)
    box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Close).setText(_("Lukk"))
    box.exec()


def _startup_hooks(app: QApplication, window: MainWindow) -> None:
    if not os.environ.get("ENHETSDIALOG_STARTUP_REPORT"):
        return

    def shown() -> None:
        print(f"window-shown {time.time():.6f}", flush=True)
        if os.environ.get("ENHETSDIALOG_EXIT_AFTER_SHOW"):
            window.close()
            app.quit()

    QTimer.singleShot(0, shown)


def _smoke(app: QApplication, ctx: AppContext, window: MainWindow) -> int:
    result = {"rc": 1}

    def check() -> None:
        try:
            summaries = ctx.services.agreements.list()
            assert summaries, "the demo has no agreements"
            assert window.open_revision(summaries[0].id), "could not open an agreement"
            for i in range(len(window.editor.pages)):
                window.editor.go_to(i)
                app.processEvents()
            director = window.director  # the director's views are built and shown once too
            director.show_portfolio()
            assert director.portfolio.model.rowCount(), "the portfolio is empty"
            assert director.open_review(summaries[0].id), "could not open the review"
            assert director.open_compare(summaries[0].id) and director.open_meeting(summaries[0].id)
            app.processEvents()
            assert window.isVisible()
            painted = ""
            if app.platformName() == "xcb":
                painted = ", " + _painted_on_screen(app, window)
            print(f"smoke test ok: {len(summaries)} agreements, {len(window.editor.pages)} steps, "
                  f"4 director views, platform {app.platformName()}{painted}", flush=True)
            result["rc"] = 0
        except Exception:
            traceback.print_exc()
        finally:
            window.close()
            app.quit()

    QTimer.singleShot(0, check)
    QTimer.singleShot(30_000, app.quit)  # never hang a build
    app.exec()
    ctx.shutdown()
    return result["rc"]


def _painted_on_screen(app: QApplication, window: MainWindow) -> str:
    """Read the window's pixels back from the X server (not from Qt's own buffer) and fail unless
    the window is really there: many colours, and mostly not the server's black background."""
    handle = window.windowHandle()
    deadline = QDeadlineTimer(10_000)
    while not (handle is not None and handle.isExposed()) and not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    assert handle is not None and handle.isExposed(), "the window was never exposed on the X server"
    window.raise_()
    window.repaint()
    app.processEvents()
    app.sync()
    geo = window.geometry()
    shot = window.screen().grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height()).toImage()
    assert not shot.isNull() and shot.width() > 100 and shot.height() > 100, "no pixels from the X server"
    colours: set[int] = set()
    dark = total = 0
    for y in range(0, shot.height(), 7):
        for x in range(0, shot.width(), 7):
            rgb = shot.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            total += 1
            dark += rgb == 0
    share = 1 - dark / total
    assert len(colours) >= 8 and share > 0.5, f"the window is not painted ({len(colours)} colours, {share:.0%} not black)"
    return f"window painted on the X server ({shot.width()}x{shot.height()}, {len(colours)} colours)"


def _install_excepthook(ctx: AppContext) -> None:
    """A bug in a slot is shown in the error bar and logged, instead of vanishing on stderr."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        traceback.print_exception(kind, value, tb)
        try:
            ctx.report(value)
        except Exception:  # pragma: no cover - never fail while reporting a failure
            previous(kind, value, tb)

    sys.excepthook = hook
