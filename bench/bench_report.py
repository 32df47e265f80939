"""Year report and roll-up benchmarks (issue 10).

    python bench/bench_report.py [--runs 9] [--db PATH]

* the year report of a full agreement (10 goals, 40 indicators with 3 tertial values each and last
  year's values, 30 activities with progress, an assessment per goal, «Hva lærte vi?»): the report
  model (pure), the PDF/A (tagged, 40 charts), CSV, JSON (target for the PDF: <= 150 ms);
* the roll-up over a database of 300 units x 3 years (5 goals each, 2 plan links, 3 indicators with
  3 measurements, an assessment): one year read in bulk and built (target: <= 200 ms).

Prints a table: the median of several runs (the first run of each is a warm-up, not counted). The
agreement's own PDF of the same agreement is measured beside it, and the ratio holds on a loaded
machine where absolute times do not (the agreement's target is 100 ms: bench/bench_pdf.py).
The roll-up database is built once (a few seconds; pass --db to keep it between runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNITS = 300
YEARS = (2025, 2026, 2027)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def full_report() -> tuple[object, object]:
    sys.path.insert(0, str(ROOT))  # tests.pdf_fixtures when run as a script
    from tests.pdf_fixtures import large_agreement

    from enhetsdialog.domain.enums import Assessment, Frequency, ProgressStatus, Role, Status
    from enhetsdialog.domain.followup import build_followup
    from enhetsdialog.domain.model import (
        ActivityProgress,
        GoalAssessment,
        Measurement,
        Signature,
        YearLearning,
    )
    from enhetsdialog.domain.year_report import build_year_report

    full = large_agreement(Status.SIGNERT)
    last = large_agreement(Status.ARKIVERT)
    year = full.revision.year
    for g, old in zip(full.revision.content.goals, last.revision.content.goals, strict=True):
        g.origin_id = old.id
        for ind, old_ind in zip(g.indicators, old.indicators, strict=True):
            ind.frequency = old_ind.frequency = Frequency.TERTIAL
            old_ind.name = ind.name
            for t in range(1, 4):
                full.measurements.append(Measurement(ind.id, f"{year}-T{t}", Decimal(10 + t), "Målt", source="Kilde"))
                last.measurements.append(Measurement(old_ind.id, f"{year - 1}-T{t}", Decimal(8 + t)))
        for a in g.activities:
            full.progress.append(ActivityProgress(a.id, ProgressStatus.DONE, "Gjennomført"))
        full.assessments.append(GoalAssessment(g.id, Assessment.DELVIS, "Vi kom et godt stykke på vei. " * 6))
    full.learning = YearLearning("Det som virket. " * 20, "Det som ikke virket. " * 20, "Modighet. " * 20)
    full.signatures = [Signature(full.revision.id, Role.LEDER, "Kari", "Rektor", datetime(2026, 1, 10, tzinfo=UTC), "0" * 64)]
    report = build_year_report(full, build_followup(full, last, date(year, 12, 20)), date(year, 12, 20))
    return report, (full, last)


def build_rollup_db(path: Path) -> None:
    from enhetsdialog.domain.enums import Assessment, IndicatorKind, PlanKind, Status
    from enhetsdialog.domain.model import Content, Goal, Indicator, Plan, PlanGoal, Revision, Unit, new_id
    from enhetsdialog.services import Services
    from enhetsdialog.storage import org_rows, repo, tables
    from enhetsdialog.storage.database import Database
    from enhetsdialog.storage.tables import ASSESSMENT, MEASUREMENT

    db = Database.open(path, auto_backup=False)
    s = Services(db)
    mid = s.org.create_municipality("Benchmark kommune").created or ""
    areas = [s.org.create_service_area(mid, name, None).created or "" for name in ("Oppvekst", "Helse", "Kultur")]
    with db.write() as session:
        plans = [Plan("KPS", PlanKind.KPS), Plan("Kommunedelplan", PlanKind.KOMMUNEDELPLAN), Plan("HØP", PlanKind.HOP)]
        goals: list[PlanGoal] = []
        for level, plan in enumerate(plans):
            org_rows.save_plan(session, plan)
            for n in range(12):
                parent = goals[(level - 1) * 12 + n % 12].id if level else None
                g = PlanGoal(plan.id, f"{plan.name}-{n + 1}", f"Planmål {n + 1} i {plan.name}", parent, [n % 17 + 1])
                org_rows.save_plan_goal(session, g, n)
                goals.append(g)
        linkable = goals[12:]  # units link to kommunedelplan and HØP goals
        measurements, assessments = [], []
        for n in range(UNITS):
            unit = Unit(name=f"Enhet {n:03d}", service_area_id=areas[n % 3], kind="skole")
            org_rows.save_unit(session, unit)
            for year in YEARS:
                content_goals = []
                for gp in range(5):
                    g = Goal(text=f"Mål {gp} for {unit.name}", position=gp, sdgs=[4, 1 + (n + gp) % 17],
                             plan_goal_ids=[linkable[(n + gp) % 24].id, linkable[(n * 7 + gp) % 24].id])
                    g.indicators = [
                        Indicator(kind=IndicatorKind.RESULTAT, name=f"Indikator {i}", baseline_value=Decimal(10 + i),
                                  target_value=Decimal(20 + i), position=i)
                        for i in range(3)
                    ]
                    content_goals.append(g)
                agreement_id = new_id()
                session.execute(tables.AGREEMENT.insert().values(id=agreement_id, unit_id=unit.id, year=year))
                rev = Revision(agreement_id=agreement_id, unit_id=unit.id, year=year, number=1, status=Status.ENIGHET,
                               content=Content(goals=content_goals))
                repo.insert_revision(session, rev)
                for g in content_goals:
                    assessments.append({"id": new_id(), "revision_id": rev.id, "goal_id": g.id,
                                        "assessment": Assessment.DELVIS.value, "reflection": "Refleksjon",
                                        "assessed_at": "2026-12-01T00:00:00+00:00"})
                    for ind in g.indicators:
                        for t in range(1, 4):
                            measurements.append({"id": new_id(), "revision_id": rev.id, "indicator_id": ind.id,
                                                 "period": f"{year}-T{t}", "value": str(12 + t), "comment": "",
                                                 "recorded_at": "2026-12-01T00:00:00+00:00"})
        session.execute(MEASUREMENT.insert(), measurements)
        session.execute(ASSESSMENT.insert(), assessments)
    db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--db", type=Path, help="the roll-up database (built when missing)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    from enhetsdialog.domain.followup import build_followup
    from enhetsdialog.domain.year_report import build_year_report
    from enhetsdialog.exchange import report_formats
    from enhetsdialog.pdf.year_report import render_year_report
    from enhetsdialog.services import Services
    from enhetsdialog.storage.database import Database

    report, (full, last) = full_report()
    created = datetime(2026, 12, 20, tzinfo=UTC)
    pdf = render_year_report(report, full, created_at=created, validate=True)  # type: ignore[arg-type]
    print(f"Year report: {len(report.goals)} goals, {len(report.indicators())} indicators (charts), "  # type: ignore[attr-defined]
          f"{len(pdf) // 1024} kB PDF/A, passes validation")

    path = args.db or Path(tempfile.mkdtemp(prefix="bench-report-")) / "rollup.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        build_rollup_db(path)
        print(f"Built {UNITS} units x {len(YEARS)} years in {time.perf_counter() - t:.1f} s ({path})")
    s = Services(Database.open(path, auto_backup=False))
    one = s.rollup.rollup(2026)
    print(f"Roll-up 2026: {one.agreements} agreements, {len(one.plan_goals)} plan goals, "
          f"{sum(len(r.contributions) for r in one.plan_goals)} contributions")

    from enhetsdialog.pdf import render_agreement

    agreement_ms = median_ms(lambda: render_agreement(full), args.runs)  # type: ignore[arg-type]
    report_ms = median_ms(lambda: render_year_report(report, full, created_at=created), args.runs)  # type: ignore[arg-type]
    rows = [
        ("reference: render_agreement, the same agreement (target 100)", agreement_ms, float("nan")),
        ("year report model (build_followup + build_year_report)",
         median_ms(lambda: build_year_report(full, build_followup(full, last, date(2026, 12, 20)), date(2026, 12, 20)),  # type: ignore[arg-type]
                   args.runs), float("nan")),
        ("year report → PDF/A-2a + PDF/UA-1, 40 charts", report_ms, 150.0),
        ("ratio year report / agreement (target 150/100)", report_ms / agreement_ms, 1.5),
        ("year report → CSV", median_ms(lambda: report_formats.report_csv(report), args.runs), float("nan")),  # type: ignore[arg-type]
        ("year report → JSON", median_ms(lambda: report_formats.report_json(report), args.runs), float("nan")),  # type: ignore[arg-type]
        ("roll-up 2026 (300 units; db of 300 x 3 years)", median_ms(lambda: s.rollup.rollup(2026), args.runs), 200.0),
        ("roll-up 2026, one service area (100 units)", median_ms(lambda: s.rollup.rollup(2026, "Oppvekst"), args.runs),
         200.0),
        ("roll-up 2026 → JSON", median_ms(lambda: s.rollup.export_bytes(2026, None, "json"), args.runs), float("nan")),
    ]
    s.close()
    width = max(len(name) for name, _, _ in rows)
    print(f"{'name':<{width}} | {'median ms':>9} | {'target':>7} | ok")
    print(f"{'-' * width}-|-{'-' * 9}-|-{'-' * 7}-|---")
    for name, value, target in rows:
        ok = "" if target != target else ("yes" if value <= target else "NO")
        if name.startswith("ratio"):
            print(f"{name:<{width}} | {value:9.2f} | {target:7.2f} | {ok}")
            continue
        shown = "–" if target != target else f"{target:.0f}"
        print(f"{name:<{width}} | {value:9.1f} | {shown:>7} | {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
