"""Screenshots of the follow-up (docs/screenshots/followup-*.png), 1366x768 offscreen:

    PYTHONPATH=src .venv/bin/python scripts/screenshots_followup.py

The «Oppfølging» page on the demo's signed agreement with its measured values, a value being entered,
and the CSV import's preview (a good file, and one refused by its bad row). Everything happens in a
temporary data folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="enhetsdialog-shots-")
    os.environ["ENHETSDIALOG_DATA_DIR"] = tmp.name
    os.environ["HOME"] = tmp.name
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))

    from bench_director import guard_pyside_refcounts

    from PySide6.QtCore import QCoreApplication, QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QWidget

    from enhetsdialog.domain.enums import Status
    from enhetsdialog.domain.followup import periods_in_year
    from enhetsdialog.services import open_services
    from enhetsdialog.services.certificates import demo_sign_both
    from enhetsdialog.services.demo import fill_demo

    from enhetsdialog.ui.app import create_main_window, make_application
    from enhetsdialog.ui.followup.import_dialog import open_preview

    guard_pyside_refcounts()
    make_application()
    services = open_services(Path(tmp.name) / "db.sqlite3", auto_backup=False)
    fill_demo(services, sign_both=demo_sign_both)
    signed = [r for r in services.agreements.list() if r.status in (Status.SIGNERT, Status.ARKIVERT)]
    measured = [r for r in signed if services.agreements.get(r.id).measurements]
    rid = max(measured or signed, key=lambda r: r.year).id
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

    window.open_followup(rid)
    view = window.editor.followup_page.view
    assert view is not None
    shot("followup-view")

    panel = next(p for c in view.cards.values() for p in c.panels.values())
    view.ensureWidgetVisible(panel.entry, 40, 200)
    panel.entry.period.setText(str(periods_in_year(panel.track.indicator.frequency, view.followup.year)[0]))
    panel.entry.value.setFocus()
    panel.entry.value.setText("12,5")
    panel.entry.date.setText("20.06.2026")
    panel.entry.comment.setText("Foreløpig tall fra rektor")
    shot("followup-entry")
    panel.entry.cancel()

    iid = panel.indicator_id
    year = view.followup.year if view.followup else 2027
    periods = periods_in_year(panel.track.indicator.frequency, year)
    good = Path(tmp.name) / "målinger.csv"
    lines = [f"{iid};{p};{60 + 4 * n},5;Fra fagsystemet" for n, p in enumerate(periods)]
    good.write_text("indikator;periode;verdi;kommentar\n" + "\n".join(lines) + "\n", encoding="utf-8")
    shown: list[QWidget] = []
    open_preview(ctx, window, good, rid, on_shown=shown.append)
    settle()
    if shown:
        shot("followup-import", shown[-1])
        shown[-1].close()
    bad = Path(tmp.name) / "feil.csv"
    bad.write_text(f"indikator;periode;verdi\n{iid};{periods[0]};12,5\n{iid};{periods[-1]};tolv\n", encoding="utf-8")
    open_preview(ctx, window, bad, rid, on_shown=shown.append)
    settle()
    if shown:
        shot("followup-import-refused", shown[-1])
        shown[-1].close()
    # the lower part: the activities' progress, the assessment, «Hva lærte vi?»
    view.finish_building()
    settle()
    last_card = list(view.cards.values())[-1]
    view.ensureWidgetVisible(last_card.reflection, 40, 40)
    shot("followup-assessment")

    # next year's agreement (copied forward): last year's assessments and learning in step 1, opened
    nxt = [r for r in services.agreements.list() if r.unit_name == services.agreements.get(rid).unit.name
           and r.year == services.agreements.get(rid).revision.year + 1]
    if nxt:
        window.open_revision(nxt[0].id)
        window.editor.go_to(0)
        panel_ly = window.editor.pages[0].last_year_panel
        if panel_ly is not None:
            panel_ly.toggle.setChecked(True)
        shot("followup-last-year")
    window.close()
    ctx.shutdown()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
