"""Screenshots of the director's views from the demo municipality, rendered offscreen at 1366x768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_director.py [--out docs/screenshots]

Writes director-review.png, director-compare.png, director-portfolio.png, director-meeting.png,
director-meeting-summary.png, director-archive.png, signing-dialog.png, verify-dialog.png and
verify-dialog-tampered.png (QWidget.grab(), no display); and the views hosted in the main window:
director-window-portfolio.png (portfolio mode with the Direktør menu open) and
director-window-review.png (the review, the navigator with open remarks).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1366, 768)


def guard_pyside_refcounts() -> None:
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None (True/False) on every call of a
    method returning void (bool), as if they were immortal as in 3.12; a long run aborts with
    "deallocating None". Give the three singletons plenty of references so a benchmark or screenshot
    run is not cut short. (The app itself needs PySide6-Essentials < 6.12 or Python >= 3.12.)"""
    import ctypes

    if sys.version_info < (3, 12):
        for obj in (None, True, False):
            ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", default=None, help="names to render (review, compare, ...)")
    args = parser.parse_args(argv)
    guard_pyside_refcounts()
    args.out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp(prefix="enhetsdialog-shots-"))
    os.environ["ENHETSDIALOG_DATA_DIR"] = str(tmp)
    os.environ["ENHETSDIALOG_DB"] = str(tmp / "enhetsdialog.sqlite3")

    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from enhetsdialog.domain.enums import Role, Status
    from enhetsdialog.pdf.certificates import create_personal_certificate
    from enhetsdialog.services import open_services
    from enhetsdialog.services.certificates import demo_sign_both
    from enhetsdialog.services.demo import fill_demo

    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.settings import make_settings
    from enhetsdialog.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    services = open_services(tmp / "enhetsdialog.sqlite3", auto_backup=False, certificates_dir=tmp / "certificates")
    fill_demo(services, sign_both=demo_sign_both)
    services.settings.set_profile("Kari Nordahl", Role.DIREKTOR, "Kommunaldirektør oppvekst og utdanning")
    ctx = AppContext(services, make_settings())

    rows = services.agreements.list(latest_only=False)

    def rid(unit: str, year: int) -> str:
        return next(r.id for r in rows if r.unit_name.startswith(unit) and r.year == year)

    def settle(widget: QWidget) -> None:
        for _ in range(6):
            ctx.wait_idle()
            QCoreApplication.processEvents()
            QTimer.singleShot(0, lambda: None)
            QCoreApplication.processEvents()

    def save(widget: QWidget, name: str, size: tuple[int, int] = SIZE) -> None:
        widget.resize(*size)
        widget.show()
        settle(widget)
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    def dispose(widget: QWidget) -> None:
        """Delete now: a widget left for the interpreter's exit can take Qt down with it."""
        widget.close()
        widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()

    shots: dict[str, Callable[[], None]] = {}

    def shot(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
        def deco(fn: Callable[[], None]) -> Callable[[], None]:
            shots[name] = fn
            return fn
        return deco

    @shot("review")
    def _review() -> None:
        from enhetsdialog.ui.director.review import ReviewView

        view = ReviewView(ctx)
        view.open(rid("Solsiden", 2027))
        save(view, "director-review")
        dispose(view)

    @shot("compare")
    def _compare() -> None:
        from enhetsdialog.ui.director.compare import CompareView

        view = CompareView(ctx)
        view.compare_revisions(rid("Lade", 2026), rid("Lade", 2027))
        view.resize(*SIZE)
        view.show()
        settle(view)
        view.diff_list.setCurrentIndex(view.diff_model.index(0))
        view.show_difference(view.differences[0])
        save(view, "director-compare")
        dispose(view)

    @shot("portfolio")
    def _portfolio() -> None:
        from enhetsdialog.ui.director.portfolio import PortfolioView

        view = PortfolioView(ctx)
        view.load()
        save(view, "director-portfolio")
        dispose(view)

    @shot("meeting")
    def _meeting() -> None:
        from enhetsdialog.ui.director.meeting import MeetingView

        view = MeetingView(ctx)
        view.open(rid("Solsiden", 2027))
        view.go_to(0)
        view.notes["hvor"].setPlainText(
            "Målene står. Lederen legger til hvordan foreldre med annet morsmål nås (tolk og oversatt infobrev) "
            "før signering."
        )
        view.notes["hvordan"].setPlainText("Erfaringene fra språkgruppene deles i styrernettverket i mars.")
        view.flush_notes()
        save(view, "director-meeting")
        view.go_to(len(view.pages) - 1)
        save(view, "director-meeting-summary")
        dispose(view)

    @shot("signing")
    def _signing() -> None:
        from enhetsdialog.ui.signing_dialog import SigningDialog

        lade = rid("Lade", 2027)
        leader = services.agreements.get(lade).leader
        assert leader is not None
        p12 = tmp / "ingrid.p12"
        p12.write_bytes(create_personal_certificate(leader.name, "ingrid.solberg@fjordby.kommune.no", b"hemmelig-passord"))
        assert services.agreements.get(lade).revision.status is Status.ENIGHET
        dialog = SigningDialog(ctx, lade, Role.LEDER)
        dialog.set_certificate(p12)
        dialog.password.setText("hemmelig-passord")
        dialog.request_preview()
        settle(dialog)
        save(dialog, "signing-dialog", (680, dialog.sizeHint().height()))
        dispose(dialog)

    @shot("verify")
    def _verify() -> None:
        from enhetsdialog.ui.verify_dialog import VerifyDialog

        pdf = services.signing.signed_pdf(rid("Lade", 2026))
        assert pdf is not None
        path = tmp / "Lade-skole-2026.pdf"
        path.write_bytes(pdf)
        dialog = VerifyDialog(ctx)
        dialog.verify_file(path)
        settle(dialog)
        save(dialog, "verify-dialog", (900, 640))
        tampered = bytearray(pdf)
        at = tampered.find(b"/Producer")
        tampered[at + 1] = ord("p")  # one byte inside the signed range
        bad = tmp / "Lade-skole-2026-endret.pdf"
        bad.write_bytes(bytes(tampered))
        dialog.verify_file(bad)
        settle(dialog)
        save(dialog, "verify-dialog-tampered", (900, 640))
        dispose(dialog)

    @shot("archive")
    def _archive() -> None:
        from enhetsdialog.ui.archive_dialog import ArchiveDialog

        dialog = ArchiveDialog(ctx, year=2026, directory=tmp / "Arkiv")
        dialog.resize(640, 520)
        dialog.show()
        dialog.export()
        settle(dialog)
        save(dialog, "director-archive", (640, 520))
        dispose(dialog)

    @shot("window")
    def _window() -> None:
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QPainter

        from enhetsdialog.ui.mainwindow import MainWindow

        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        settle(window)
        window.director.show_portfolio()
        portfolio = window.director.portfolio
        portfolio.table.selectRow(0)
        settle(window)
        # a popup menu is a window of its own: grab both and paint the menu where it opened
        menu = window.director.menu
        bar = window.menuBar()
        menu.popup(bar.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft()))
        settle(window)
        image = window.grab()
        painter = QPainter(image)
        painter.drawPixmap(menu.pos() - window.mapToGlobal(QPoint(0, 0)), menu.grab())
        painter.end()
        menu.hide()
        path = args.out / "director-window-portfolio.png"
        image.save(str(path))
        print(path)
        window.director.open_review(rid("Solsiden", 2027))
        save(window, "director-window-review")
        dispose(window)

    for name, fn in shots.items():
        if args.only is None or name in args.only:
            fn()
    ctx.shutdown()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
