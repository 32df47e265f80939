"""Benchmark of the «Oppfølging» view, offscreen, with the app's theme.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src .venv/bin/python bench/bench_followup_view.py [--runs 9]

A full agreement (6 goals, each with 4 activities and 4 indicators measured by tertial, every
tertial measured, progress on every activity, an assessment per goal and «Hva lærte vi?"), its
follow-up read through the service and the view built and painted:

* open (cold): the first time in the process, the view's own modules imported (target <= 100 ms;
  what the main window loads at start-up, the guided agreement's steps, is loaded before, as in the app)
* open: building the view for the agreement, the read included, to the first paint (target <= 100 ms;
  the first goal is laid out at once, the others one per turn of the event loop)
* open, every goal laid out: the same until the last goal is built (no target)
* read: ``FollowUpService.followup`` alone (no target)
* refresh: the view updated in place after a change (no target)

Prints the median of several runs per operation as a table, with the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_director import guard_pyside_refcounts

from PySide6.QtWidgets import QApplication

from enhetsdialog.domain.enums import Direction, Frequency, IndicatorKind, ItemKind, ProgressStatus
from enhetsdialog.domain.items import Patch
from enhetsdialog.services import Services, open_services


def full_agreement(services: Services) -> str:
    mid = services.org.create_municipality("Benchkommune", "9999").created
    assert mid
    leader = services.org.create_person("Leder Lederson", "Rektor").created
    area = services.org.create_service_area(mid, "Oppvekst", leader).created
    assert area
    unit = services.org.create_unit(area, "Benchskolen", "skole", leader).created
    assert unit
    rid = services.agreements.create(unit, 2027).created
    assert rid
    a = services.agreements
    for g in range(6):
        gid = a.add_item(rid, Patch.of(ItemKind.GOAL, text=f"Mål {g + 1}: alle skal oppleve et trygt og godt miljø")).created
        assert gid
        for n in range(4):
            a.add_item(rid, Patch.of(ItemKind.ACTIVITY, what=f"Tiltak {n + 1} for mål {g + 1}", responsible="Rektor"),
                       goal_id=gid)
        for i in range(4):
            a.add_item(rid, Patch.of(
                ItemKind.INDICATOR, kind=IndicatorKind.RESULTAT, name=f"Indikator {i + 1} mål {g + 1}",
                unit_of_measure="%", baseline_value=Decimal(40 + i), baseline_year=2026, target_value=Decimal(60 + i),
                direction=Direction.HIGHER if i % 2 == 0 else Direction.LOWER, data_source="Elevundersøkelsen",
                frequency=Frequency.TERTIAL, responsible="Rektor"), goal_id=gid)
    full = a.get(rid)
    f = services.followup
    for n, goal in enumerate(full.revision.content.goals):
        for ind in goal.indicators:
            for t in (1, 2, 3):
                f.record_measurement(rid, ind.id, f"2027-T{t}", Decimal(40 + 5 * t), comment="Målt")
        for act in goal.activities:
            f.set_progress(rid, act.id, list(ProgressStatus)[n % 5], "Underveis")
        f.assess_goal(rid, goal.id, ["nådd", "delvis_nådd", "ikke_nådd"][n % 3], "Vi kom et godt stykke på vei.")
    f.set_learning(rid, "Korte møter hver uke.", "For mange tiltak samtidig.", "Vi lot elevene lede et møte.")
    return rid


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    guard_pyside_refcounts()
    app = QApplication.instance() or QApplication(sys.argv)
    from enhetsdialog.ui.theme import apply_theme

    apply_theme(app)  # type: ignore[arg-type]
    tmp = Path(tempfile.mkdtemp(prefix="bench-followup-"))
    services = open_services(tmp / "bench.sqlite3", auto_backup=False, backup_dir=tmp / "backups")
    rid = full_agreement(services)

    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.session import AgreementSession
    from enhetsdialog.ui.settings import make_settings
    from enhetsdialog.ui.views.editor import AgreementEditor  # noqa: F401  (loaded at start-up, as in the app)

    ctx = AppContext(services, make_settings())
    session = AgreementSession(ctx)
    assert session.open(rid)
    views: list[object] = []

    def open_view() -> None:
        from enhetsdialog.ui.followup.view import FollowUpView

        view = FollowUpView(session, ctx)
        view.resize(1146, 700)
        view.show()
        view.reload()
        view.repaint()  # the first paint: the first goal (the others are laid out one per event loop turn)
        views.append(view)

    def built() -> None:
        open_view()
        view = views[-1]
        view.finish_building()  # type: ignore[attr-defined]
        view.repaint()  # type: ignore[attr-defined]

    t = time.perf_counter()
    open_view()
    cold = (time.perf_counter() - t) * 1000
    for v in views:
        v.close()  # type: ignore[attr-defined]
    views.clear()

    def opened() -> None:
        open_view()

    rows = [("open (cold, modules imported)", cold, 100.0)]
    warm = median_ms(opened, args.runs)
    rows.append(("open (read, build, first paint)", warm, 100.0))
    rows.append(("open, every goal laid out", median_ms(built, args.runs), None))
    rows.append(("read FollowUpService.followup", median_ms(lambda: services.followup.followup(rid), args.runs), None))
    view = views[-1]
    rows.append(("refresh in place", median_ms(lambda: (view.reload(), view.repaint()), args.runs), None))  # type: ignore[attr-defined]
    indicators = sum(len(c.panels) for c in view.cards.values())  # type: ignore[attr-defined]
    print(f"follow-up view: 6 goals, {indicators} indicators, 3 values each; median of {args.runs} runs")
    print(f"{'operation':36} {'median ms':>10} {'target':>8}")
    for name, ms, target in rows:
        limit = f"<= {target:.0f}" if target else ""
        print(f"{name:36} {ms:10.1f} {limit:>8}")
    ctx.shutdown()
    services.close()


if __name__ == "__main__":
    main()
