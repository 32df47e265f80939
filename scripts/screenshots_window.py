"""Screenshots of issue 11's «In the window» (docs/screenshots/window-*.png), 1366x768 offscreen:

    .venv/bin/python scripts/screenshots_window.py

A PDF and a printout in the Fil menu, «Del for dialog» and the dialog that says where the package is,
the focus ring on a primary button, a combo cell edited by keyboard, the notice with «Angre» after
«Fjern», the municipality's own values in step 2 and suggested SDGs. Everything happens in a temporary
data folder.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="enhetsdialog-shots-")
    os.environ["ENHETSDIALOG_DATA_DIR"] = tmp.name
    os.environ["HOME"] = tmp.name
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "src"))

    from PySide6.QtCore import QCoreApplication, QPoint, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from enhetsdialog.domain.enums import Status
    from enhetsdialog.services import demo_data, open_services
    from enhetsdialog.services.demo import fill_demo

    from enhetsdialog.ui import sharing
    from enhetsdialog.ui.app import create_main_window, make_application

    make_application()
    services = open_services(Path(tmp.name) / "db.sqlite3", auto_backup=False)
    demo = fill_demo(services)
    ctx, window = create_main_window(services)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    OUT.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(4):
            ctx.wait_idle(5000)
            QCoreApplication.processEvents()

    def shot(name: str, overlay: QWidget | None = None) -> None:
        settle()
        image = window.grab()
        if overlay is not None:  # a dialog, drawn where it would be: centred on the window
            top = overlay.grab()
            painter = QPainter(image)
            painter.drawPixmap(QPoint((image.width() - top.width()) // 2, (image.height() - top.height()) // 3), top)
            painter.end()
        image.save(str(OUT / f"{name}.png"))
        print("wrote", OUT / f"{name}.png")

    # the Fil menu with «Lagre som PDF …» and «Skriv ut …»
    rid = demo.agreements["tjenestekontoret:2027"]
    window.open_revision(rid)
    window.editor.go_to(5)
    settle()
    menu = window.file_menu
    menu.popup(window.mapToGlobal(QPoint(8, window.menuBar().height())))
    settle()
    image = window.grab()
    painter = QPainter(image)
    painter.drawPixmap(QPoint(4, window.menuBar().height()), menu.grab())
    painter.end()
    image.save(str(OUT / "window-fil-meny.png"))
    menu.hide()

    # Oppsummering: the focus ring on «Del for dialog …»
    summary = window.editor.pages[5]
    button = summary.status_buttons[Status.TIL_DIALOG]
    button.setFocus(Qt.FocusReason.TabFocusReason)
    summary.ensureWidgetVisible(button, 40, 80)
    shot("window-fokus-del-for-dialog")

    # «Del for dialog»: the status, the package, and where it is
    dialogs: list[QWidget] = []
    sharing.share_for_dialog(ctx, rid, window, on_done=dialogs.append)
    settle()
    shot("window-delt-for-dialog", dialogs[0])
    dialogs[0].close()

    # a combo cell changed with the arrow keys: the editor stays open, Tab goes on
    window.open_revision(demo.agreements["byasen:2027"])
    window.editor.go_to(3)
    settle()
    page = window.editor.pages[3]
    section = next(iter(page.sections.values()))
    table = section.table
    table.select_item(section.model.item(0).id, "frequency", edit=True)
    page.ensureWidgetVisible(table, 40, 160)
    settle()
    editor = QApplication.focusWidget()
    if editor is not None:
        from PySide6.QtTest import QTest

        QTest.keyClick(editor, Qt.Key.Key_Down)
    shot("window-tabell-hvor-ofte")
    table.setFocus()

    # «Fjern» with «Angre»
    table.setCurrentIndex(section.model.index(0, 1))
    section.remove_current()
    shot("window-fjernet-angre")
    window.editor.notice.undo_button.click()
    settle()

    # the municipality's own values in step 2
    own = {
        "format": "enhetsdialog.plankatalog/1",
        "municipality": demo_data.MUNICIPALITY["name"],
        "values": {"intro": "Hva betyr tillit, respekt og mot hos oss – i hverdagen?",
                   "items": [{"name": "Tillit", "question": "Hvordan viser vi at vi stoler på hverandre?",
                              "example": "For eksempel: Teamene bestemmer selv hvordan de organiserer uka …"},
                             {"name": "Respekt", "question": "Hvordan møter vi dem vi er til for?"},
                             {"name": "Mot", "question": "Hva tør vi å prøve – og å slutte med?"}]},
        "plans": [{"id": str(uuid.uuid4()), "kind": "temaplan", "name": "Temaplan for verdier", "period": None,
                   "parent": None, "goals": []}],
    }
    path = Path(tmp.name) / "katalog.json"
    path.write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    services.catalogue.import_file(path)
    window.editor.go_to(1)
    window.editor.pages[1].show_values(window.editor.session.full)
    shot("window-egne-verdier")

    # SDGs suggested from the linked plan goals
    window.editor.go_to(0)
    where = window.editor.pages[0]
    goal = where._current_goal()
    if goal is not None:
        where.session.set_goal_links(goal.id, plan_goal_ids=[demo_data.did("HØP-2")], sdgs=[4])
    settle()
    where.ensureWidgetVisible(where.add_suggested, 40, 60)
    shot("window-foreslatte-baerekraftsmal")

    window.close()
    ctx.shutdown()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
