"""Regenerate the screenshots in docs/screenshots/ from the demo municipality.

    .venv/bin/python scripts/screenshots.py            # offscreen, 1366x768
    .venv/bin/python scripts/screenshots.py --scale 2 --only 01,04,06   # high-DPI (device pixel ratio 2)
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py --platform xcb

Everything happens in a temporary data folder; nothing touches a real user's data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--platform", default="offscreen", help="Qt platform (offscreen, or xcb under Xvfb)")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR (2 = high-DPI)")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    parser.add_argument("--only", default="", help="comma-separated name prefixes to write, e.g. 01,04,06")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="enhetsdialog-shots-")
    os.environ["ENHETSDIALOG_DATA_DIR"] = tmp.name
    os.environ["QT_QPA_PLATFORM"] = args.platform
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    sys.path.insert(0, str(ROOT / "src"))

    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QDialog, QWidget

    from enhetsdialog.domain.enums import Status
    from enhetsdialog.services import open_services
    from enhetsdialog.services.certificates import demo_sign_both
    from enhetsdialog.services.demo import fill_demo

    from enhetsdialog.ui.app import create_main_window, make_application

    app = make_application()
    db = Path(tmp.name) / "enhetsdialog.sqlite3"
    services = open_services(db, auto_backup=False)
    demo = fill_demo(services, sign_both=demo_sign_both)  # the same demo as `enhetsdialog demo`
    ctx, window = create_main_window(services)
    window.resize(args.width, args.height)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1.0 else f"@{args.scale:g}x"
    written: list[Path] = []

    def settle() -> None:
        for _ in range(3):
            ctx.wait_idle(5000)
            QCoreApplication.processEvents()
        QTimer.singleShot(0, lambda: None)
        QCoreApplication.processEvents()

    wanted = [p for p in args.only.split(",") if p]

    def shot(name: str, widget: QWidget | None = None) -> None:
        if wanted and not any(name.startswith(p) for p in wanted):
            return
        settle()
        target = widget or window
        path = args.out / f"{name}{suffix}.png"
        target.grab().save(str(path))
        written.append(path)

    # start page (nothing open)
    window.new_agreement("")
    shot("00-start")

    # the guided steps, on a draft with content (Byåsen ungdomsskole 2027)
    window.open_revision(demo.agreements["byasen:2027"])
    names = ["01-hvor-vil-vi", "02-hvordan-kommer-vi-dit", "03-hva-gjor-det-enklere",
             "04-hvordan-vet-vi-om-vi-lykkes", "05-samskaping", "06-oppsummering"]
    for i, name in enumerate(names):
        window.editor.go_to(i)
        shot(name)

    # nudges: the draft with gaps (Helse- og velferdskontoret)
    window.open_revision(demo.agreements["tjenestekontoret:2027"])
    window.editor.go_to(0)
    shot("07-nudges-hvor-vil-vi")
    window.editor.go_to(3)
    shot("08-nudges-indikatorer")
    window.editor.go_to(5)
    shot("09-nudges-oppsummering")

    # the pickers
    window.open_revision(demo.agreements["byasen:2027"])
    window.editor.go_to(0)
    settle()
    where = window.editor.pages[0]
    for picker, name in ((where.choose_plan_goals, "10-planmal-velger"), (where.choose_sdgs, "11-baerekraftsmal-velger")):
        dialog = picker()
        assert isinstance(dialog, QDialog)
        if name.startswith("10"):
            dialog.search.setText("mobbing")  # type: ignore[attr-defined]
        shot(name, dialog)
        dialog.reject()

    # a number that is not a number: the cell keeps the editor open and explains
    window.editor.go_to(3)
    settle()
    success = window.editor.pages[3]
    section = next(iter(success.sections.values()))
    table = section.table
    table.select_item(section.model.item(0).id, "target_value")
    success.ensureWidgetVisible(table, 40, 200)
    window.activateWindow()  # the pickers above took the activation with them
    table.edit(table.currentIndex())
    settle()
    from PySide6.QtWidgets import QLineEdit

    cell = next(iter(table.viewport().findChildren(QLineEdit)), None)
    if isinstance(cell, QLineEdit):
        cell.setText("ca. 95 prosent")
        cell.textEdited.emit(cell.text())
    shot("13-tall-med-hint")
    table.closePersistentEditor(table.currentIndex())
    if isinstance(cell, QLineEdit):
        cell.setText("95")
    table.setFocus()
    settle()

    # the disk is full: a calm error bar, and the text stays where it was typed
    from enhetsdialog.storage.errors import DatabaseFullError

    real = services.agreements.set_text

    def full_disk(*_a: object, **_k: object) -> object:
        raise DatabaseFullError(
            "Disken er full. Endringen ble ikke lagret; det som var lagret fra før, er uendret. "
            "Frigjør plass og prøv igjen."
        )

    services.agreements.set_text = full_disk  # type: ignore[method-assign]
    window.editor.go_to(1)
    how = window.editor.pages[1]
    how.value_open.setFocus()
    how.value_open.moveCursor(how.value_open.textCursor().MoveOperation.End)
    how.value_open.insertPlainText(" Vi inviterer foreldrene med i planleggingen.")
    window.editor.session.flush()
    settle()
    shot("14-feilmelding-full-disk")
    services.agreements.set_text = real  # type: ignore[method-assign]
    window.editor.session.flush()
    settle()

    # in dialogue: the header says how many remarks are open (the button opens the review)
    window.open_revision(demo.agreements["solsiden:2027"])
    window.editor.go_to(0)
    shot("18-merknader-i-avtalen")

    # agreed: the summary offers "Signer …" (Lade skole 2027 is in "enighet" in the demo)
    window.open_revision(demo.agreements["lade:2027"])
    window.editor.go_to(5)
    shot("17-oppsummering-signer")

    # a signed revision opens read-only with a banner (Byåsen 2026 is signed by both in the demo)
    signed = demo.agreements["byasen:2026"]
    assert services.agreements.revision(signed).status is Status.SIGNERT
    window.open_revision(signed)
    window.editor.go_to(0)
    shot("12-signert-skrivebeskyttet")

    ctx.shutdown()
    window.close()
    services.close()
    app.processEvents()

    # first start over an empty database: the start page, and "Sett opp enheten din" filled in
    if not wanted or any(p.startswith(("15", "16")) for p in wanted):
        written += empty_database_shots(args, Path(tmp.name) / "tom.sqlite3", suffix, wanted)
    for p in written:
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    tmp.cleanup()
    return 0


def empty_database_shots(args: argparse.Namespace, db: Path, suffix: str, wanted: list[str]) -> list[Path]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window

    services = open_services(db, auto_backup=False)
    ctx, window = create_main_window(services)
    window.resize(args.width, args.height)
    window.show()
    written: list[Path] = []

    def shot(name: str, widget: QWidget) -> None:
        if wanted and not any(name.startswith(p) for p in wanted):
            return
        for _ in range(3):
            ctx.wait_idle(5000)
            QCoreApplication.processEvents()
        path = args.out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    shot("15-start-tom-database", window)
    dialog = window.start.set_up_unit()
    from enhetsdialog.ui.setup_dialog import SetupDialog

    assert isinstance(dialog, SetupDialog)
    dialog.municipality.setEditText("Fjordby kommune")
    dialog.number.setText("5001")
    dialog.area.setEditText("Oppvekst og utdanning")
    dialog.director.setText("Kari Nordahl")
    dialog.unit.setText("Lade skole")
    dialog.kind.setEditText("Skole")
    dialog.leader.setText("Ingrid Solberg")
    dialog.leader_title.setText("Rektor")
    dialog.unit.setFocus()
    shot("16-sett-opp-enheten", dialog)
    dialog.reject()
    ctx.shutdown()
    window.close()
    services.close()
    return written


if __name__ == "__main__":
    sys.exit(main())
