"""Screenshots of the year report and the roll-up from the demo municipality.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_report.py [--out docs/screenshots]

Writes arsrapport-1.png … (each page of Lade skole's 2026 year report, ``pdftoppm -png -r 60``),
rollup-window.png (the main window in the roll-up mode, 1366x768) and rollup-view.png (the view with
a unit selected under a plan goal), with QWidget.grab() (no display).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots_director import guard_pyside_refcounts

SIZE = (1366, 768)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    args = parser.parse_args(argv)
    guard_pyside_refcounts()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="enhetsdialog-shots-"))
    os.environ["ENHETSDIALOG_DATA_DIR"] = str(tmp)
    os.environ["ENHETSDIALOG_DB"] = str(tmp / "enhetsdialog.sqlite3")

    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from enhetsdialog.domain.enums import Role
    from enhetsdialog.services import open_services
    from enhetsdialog.services.certificates import demo_sign_both
    from enhetsdialog.services.demo import fill_demo

    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.director.rollup_model import RevisionIdRole
    from enhetsdialog.ui.mainwindow import MainWindow
    from enhetsdialog.ui.settings import make_settings
    from enhetsdialog.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    services = open_services(tmp / "enhetsdialog.sqlite3", auto_backup=False, certificates_dir=tmp / "certificates")
    fill_demo(services, sign_both=demo_sign_both)
    services.settings.set_profile("Kari Nordahl", Role.DIREKTOR, "Kommunaldirektør oppvekst og utdanning")
    lade = next(r.id for r in services.agreements.list(year=2026) if r.unit_name.startswith("Lade"))

    pdf = tmp / "arsrapport.pdf"
    pdf.write_bytes(services.reports.year_report_bytes(lade, "pdf"))
    for old in args.out.glob("arsrapport-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(args.out / "arsrapport")], check=True)
    for page in sorted(args.out.glob("arsrapport-*.png")):
        fixed = page.with_name("arsrapport-" + page.stem.split("-")[-1].lstrip("0") + ".png")
        page.rename(fixed)
        print(fixed)

    ctx = AppContext(services, make_settings())

    def settle() -> None:
        for _ in range(6):
            ctx.wait_idle()
            QCoreApplication.processEvents()
            QTimer.singleShot(0, lambda: None)
            QCoreApplication.processEvents()

    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    settle()
    window.director.show_rollup()
    view = window.director.rollup
    view.load(2026)
    model = view.model
    # select Lade skole under the first plan goal it contributes to
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    target = None
    while stack and target is None:
        index = stack.pop(0)
        if index.data(RevisionIdRole) == lade:
            target = index
        stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    if target is not None:
        view.tree.setCurrentIndex(target)
        view.tree.scrollTo(target)
    settle()
    for name, widget in (("rollup-window", window), ("rollup-view", view)):
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)
    window.close()
    ctx.shutdown()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
