"""Starting the GUI: QApplication, theme, database, context, main window.

``run`` is what ``enhetsdialog`` (no subcommand) calls. ``--smoke-test`` proves that a build starts:
it opens a fresh temporary database (which runs the shipped migrations), fills in the demo
municipality, shows the main window offscreen, visits every step and the director's views and exits 0.

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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.mainwindow import MainWindow


def make_application(argv: list[str] | None = None) -> QApplication:
    from PySide6.QtWidgets import QApplication

    from enhetsdialog import APP_ID, APP_NAME, __version__

    from enhetsdialog.ui.theme import apply_theme

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
    from enhetsdialog.ui.qt_translations import install

    install(app)  # Qt's own buttons and dialogs in the interface language (bokmål has its own file)
    return app


def create_main_window(
    services: Services, *, excepthook: bool = False, first_start: bool = False
) -> tuple[AppContext, MainWindow]:
    """The context and the main window over open services (used by ``run``, tests and scripts).

    ``excepthook``: show bugs raised in slots in the error bar (``run`` does; tests keep pytest-qt's).
    ``first_start``: ask who is writing when nobody has said so yet (``run`` does, except in the smoke
    test; tests and screenshots do not, so no dialog stands in their way)."""
    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.mainwindow import MainWindow
    from enhetsdialog.ui.settings import make_settings

    ctx = AppContext(services, make_settings())
    window = MainWindow(ctx, first_start=first_start)
    if excepthook:
        _install_excepthook(ctx)
    return ctx, window


def open_database(db_path: Path) -> Services:
    from enhetsdialog import paths
    from enhetsdialog.services import open_services

    return open_services(
        db_path,
        auto_backup=True,
        backup_dir=paths.backup_dir_for(db_path),
        certificates_dir=paths.certificates_dir(),  # "Lag personlig sertifikat…" keeps the file there
    )


def run(db_path: Path, smoke_test: bool = False) -> int:
    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application()
    from enhetsdialog.domain.errors import EnhetsdialogError

    tmp: tempfile.TemporaryDirectory[str] | None = None
    if smoke_test:
        tmp = tempfile.TemporaryDirectory(prefix="enhetsdialog-smoke-")
        os.environ["ENHETSDIALOG_DATA_DIR"] = tmp.name  # settings too: never touch the user's
        db_path = Path(tmp.name) / "smoke.sqlite3"
    try:
        services = open_database(db_path)
    except EnhetsdialogError as e:
        show_open_error(str(e), db_path, interactive=not smoke_test)
        return 1
    try:
        if smoke_test:
            from enhetsdialog.services.demo import fill_demo

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


def show_open_error(message: str, db_path: Path, *, interactive: bool = True) -> None:
    """The database could not be opened (foreign, newer, damaged, locked): say so in Norwegian."""
    from PySide6.QtWidgets import QMessageBox

    from enhetsdialog.ui.i18n import tr

    text = tr("Enhetsdialog kan ikke åpne databasen.")
    detail = tr("{message}\n\nFilen: {path}\n\nIngenting er endret. Du kan velge en annen fil med --db, "
                "eller gjenopprette fra en sikkerhetskopi (enhetsdialog restore).", message=message, path=db_path)
    print(f"enhetsdialog: {message}", file=sys.stderr)
    if not interactive:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Kan ikke åpne databasen"), text)
    box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Close).setText(tr("Lukk"))
    box.exec()


def _startup_hooks(app: QApplication, window: MainWindow) -> None:
    if not os.environ.get("ENHETSDIALOG_STARTUP_REPORT"):
        return
    from PySide6.QtCore import QTimer

    def shown() -> None:
        print(f"window-shown {time.time():.6f}", flush=True)
        if os.environ.get("ENHETSDIALOG_EXIT_AFTER_SHOW"):
            window.close()
            app.quit()

    QTimer.singleShot(0, shown)


def _smoke(app: QApplication, ctx: AppContext, window: MainWindow) -> int:
    from PySide6.QtCore import QTimer

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
            print(f"smoke test ok: {len(summaries)} agreements, {len(window.editor.pages)} steps, "
                  f"4 director views, platform {app.platformName()}", flush=True)
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
