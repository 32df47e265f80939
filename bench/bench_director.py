"""Benchmarks of the director's views, offscreen, with the app's theme.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_director.py [--runs 9]

* portfolio: 300 units (and ten years of history, 3,000 agreements in the database): from creating
  the view to its first paint, with the years, the list and the nudge counts read and the table
  filled; the read alone and the nudge counts alone are timed too (no target).
* review and meeting: opening the full agreement (reads included), for reference (no target).
* compare: two full agreements (6 goals, each with 4 activities and 4 indicators, every text field
  written, support needs and participants) side by side with their differences: building the view
  from the two loaded agreements, and the same including the two reads.

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

from bench_storage import UNITS, YEARS, generate

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from enhetsdialog.domain.enums import ActivityStatus, Frequency, IndicatorKind, SupportArea
from enhetsdialog.domain.model import (
    Activity,
    Content,
    Goal,
    Indicator,
    Participant,
    Revision,
    SupportNeed,
    new_id,
)
from enhetsdialog.services import Services, open_services
from enhetsdialog.storage import repo, tables


def guard_pyside_refcounts() -> None:
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None (True/False) on every call of a
    method returning void (bool), as if they were immortal as in 3.12; a long run aborts with
    "deallocating None". Give the three singletons plenty of references so a benchmark or screenshot
    run is not cut short. (The app itself needs PySide6-Essentials < 6.12 or Python >= 3.12.)"""
    import ctypes

    if sys.version_info < (3, 12):
        for obj in (None, True, False):
            ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


def full_content(variant: int) -> Content:
    text = "Vi vil bruke året på få ting og gjøre dem godt, sammen med de ansatte og tillitsvalgte. " * 4
    goals = []
    for g in range(6):
        goal = Goal(
            text=f"Mål {g + 1}: alle skal oppleve et trygt og godt miljø, variant {variant if g % 2 else 0}",
            description=text, position=g, sdgs=[4, 10, 16],
        )
        goal.activities = [
            Activity(what=f"Tiltak {a + 1} for mål {g + 1}" + (" (endret)" if variant and a == 1 else ""),
                     responsible="Rektor", status=ActivityStatus.PLANNED, position=a)
            for a in range(4)
        ]
        goal.indicators = [
            Indicator(kind=IndicatorKind.PROSESS if i % 2 else IndicatorKind.RESULTAT, name=f"Indikator {i + 1} mål {g + 1}",
                      description="Målt i elevundersøkelsen.", unit_of_measure="%",
                      baseline_value=Decimal(40 + i + variant), baseline_year=2026, target_value=Decimal(60 + i),
                      data_source="Elevundersøkelsen", frequency=Frequency.YEARLY, responsible="Rektor", position=i)
            for i in range(4)
        ]
        goals.append(goal)
    return Content(
        challenges=text, goals=goals, value_open=text, value_competent=text, value_brave=text,
        courage_trials=text, courage_learning=text, culture_leadership=text, structures=text,
        follow_up_plan=text + (" Ny plan." if variant else ""), users_voice=text,
        support_needs=[SupportNeed(area=a, need=f"Behov fra {a.value}", position=n) for n, a in enumerate(SupportArea)],
        participants=[Participant(role=f"Rolle {p}", name=f"Navn {p}", how="Workshop", when="Uke 38", position=p)
                      for p in range(8 - variant)],
    )


def add_full_pair(services: Services) -> tuple[str, str]:
    """Two full agreements of one unit (2015 and 2016, before the generated years), the second a
    changed copy of the first."""
    unit = services.org.units()[0].unit
    existing = {r.year: r.id for r in services.agreements.list(unit_id=unit.id) if r.year in (2015, 2016)}
    if len(existing) == 2:  # a database from an earlier run
        return existing[2015], existing[2016]
    ids = []
    with services.db.write() as s:
        for year, variant in ((2015, 0), (2016, 1)):
            agreement_id = new_id()
            s.execute(tables.AGREEMENT.insert().values(id=agreement_id, unit_id=unit.id, year=year))
            rev = Revision(agreement_id=agreement_id, unit_id=unit.id, year=year, number=1, content=full_content(variant))
            repo.insert_revision(s, rev)
            ids.append(rev.id)
    return ids[0], ids[1]


def settle(widget: QWidget) -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm up (imports, caches, fonts)
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--db", type=Path, help="an existing benchmark database (made by bench_storage.py)")
    args = ap.parse_args()
    guard_pyside_refcounts()
    tmp = Path(tempfile.mkdtemp(prefix="bench-director-"))
    os.environ["ENHETSDIALOG_DATA_DIR"] = str(tmp)
    path = args.db or tmp / "bench.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        generate(path)
        print(f"generated {len(YEARS) * UNITS} agreements ({UNITS} units x {len(YEARS)} years) in "
              f"{time.perf_counter() - t:.1f} s")

    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.director.compare import CompareView
    from enhetsdialog.ui.director.portfolio import PortfolioView
    from enhetsdialog.ui.settings import make_settings
    from enhetsdialog.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    services = open_services(path, auto_backup=False)
    a_id, b_id = add_full_pair(services)
    ctx = AppContext(services, make_settings())
    year = max(YEARS)

    # --- portfolio ---------------------------------------------------------------------------------
    views: list[QWidget] = []

    def open_portfolio() -> None:
        view = PortfolioView(ctx)
        view.resize(1366, 768)
        view.load(year)
        view.show()
        view.grab()  # first paint
        assert view.proxy.rowCount() == UNITS
        views.append(view)

    def drop_views() -> None:
        ctx.wait_idle(60_000)
        for v in views:
            v.close()
            v.deleteLater()
        views.clear()
        settle(app.activeWindow() or QWidget())

    open_portfolio()  # warm up (imports, fonts, style)
    drop_views()
    portfolio: list[float] = []
    for _ in range(args.runs):
        t = time.perf_counter()
        open_portfolio()
        portfolio.append((time.perf_counter() - t) * 1000)
        drop_views()  # not timed: the next run starts from a settled app

    from enhetsdialog.ui.director.portfolio import read_portfolio

    ids = [r.id for r in services.agreements.list(year=year)]
    nudge_fill = timed(lambda: services.agreements.nudge_counts(ids), args.runs)
    portfolio_read = timed(lambda: read_portfolio(services, year), args.runs)

    # --- compare -------------------------------------------------------------------------------------
    compare_view = CompareView(ctx)
    compare_view.resize(1366, 768)
    compare_view.show()
    settle(compare_view)
    a, b = services.agreements.get(a_id), services.agreements.get(b_id)

    def build() -> None:
        compare_view.set_agreements(a, b)
        compare_view.grab()  # laid out and painted
        assert compare_view.differences

    def build_with_reads() -> None:
        assert compare_view.compare_revisions(a_id, b_id)
        compare_view.grab()

    from enhetsdialog.ui.director.meeting import MeetingView
    from enhetsdialog.ui.director.review import ReviewView

    review = ReviewView(ctx)
    review.resize(1366, 768)
    review.show()
    meeting = MeetingView(ctx)
    meeting.resize(1366, 768)
    meeting.show()
    settle(review)

    def open_review() -> None:
        assert review.open(b_id)
        review.grab()

    def open_meeting() -> None:
        assert meeting.open(b_id)
        meeting.grab()

    review_open = timed(open_review, args.runs)
    meeting_open = timed(open_meeting, args.runs)
    for w in (review, meeting):
        w.close()
        w.deleteLater()
    settle(review)

    compare_build = timed(build, args.runs)
    settle(compare_view)
    compare_reads = timed(build_with_reads, args.runs)
    blocks = len(compare_view.blocks_a) + len(compare_view.blocks_b)
    diffs = len(compare_view.differences)

    rows = [
        (f"portfolio: {UNITS} units open + first paint", statistics.median(portfolio), 150),
        (f"portfolio: nudge counts of {UNITS} (set queries)", statistics.median(nudge_fill), None),
        ("portfolio: read alone (years, list, nudges)", statistics.median(portfolio_read), None),
        (f"compare: build {blocks} blocks, {diffs} diffs", statistics.median(compare_build), 100),
        ("compare: the same incl. reading both", statistics.median(compare_reads), 100),
        ("review: open a full agreement + first paint", statistics.median(review_open), None),
        ("meeting: open a full agreement + first paint", statistics.median(meeting_open), None),
    ]
    print(f"\n{'operation':44} | {'median ms':>9} | {'target ms':>9} | ok")
    print(f"{'-' * 44}-|-{'-' * 9}-|-{'-' * 9}-|---")
    for name, ms, target in rows:
        ok = "–" if target is None else ("yes" if ms <= target else "NO")
        print(f"{name:44} | {ms:9.1f} | {target if target is not None else '–':>9} | {ok}")
    compare_view.deleteLater()
    settle(compare_view)
    ctx.shutdown()
    services.close()


if __name__ == "__main__":
    main()
