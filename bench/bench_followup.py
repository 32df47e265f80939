"""Follow-up: the CSV import of 10,000 measurements (target <= 1 s) and building the FollowUp read
model for a full agreement (target for opening the view: <= 100 ms).

    python bench/bench_followup.py [--runs 5]

A fresh database with one agreement of 5 goals × 2 activities × 4 monthly indicators (20 indicators,
240 periods a year): the CSV holds 10,000 rows over 42 years of months (a realistic row each: period,
decimal comma, comment, source, date); each timed import starts from an empty measurement table.
The read model is built with 12 months measured for every indicator, last year linked.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import text

from enhetsdialog.domain.items import ItemKind, Patch
from enhetsdialog.services import open_services

YEAR = 2026


def build(services: object, year: int) -> tuple[str, list[str]]:
    s = services  # type: ignore[assignment]
    mid = s.org.create_municipality(f"Benchmark {year}").created or ""  # type: ignore[attr-defined]
    area = s.org.create_service_area(mid, "Oppvekst").created or ""  # type: ignore[attr-defined]
    unit = s.org.create_unit(area, "Lade skole", "skole").created or ""  # type: ignore[attr-defined]
    a = s.agreements  # type: ignore[attr-defined]
    rid = a.create(unit, year).created or ""
    indicators: list[str] = []
    for g in range(5):
        gid = a.add_item(rid, Patch.of(ItemKind.GOAL, text=f"Mål {g + 1}")).created or ""
        for n in range(2):
            a.add_item(rid, Patch.of(ItemKind.ACTIVITY, what=f"Tiltak {g + 1}.{n + 1}"), goal_id=gid)
        for n in range(4):
            indicators.append(a.add_item(rid, Patch.of(
                ItemKind.INDICATOR, name=f"Indikator {g + 1}.{n + 1}", baseline_value="50", target_value="80",
                frequency="månedlig"), goal_id=gid).created or "")
    return rid, indicators


def csv_rows(indicators: list[str], n: int) -> bytes:
    lines = ["indikator;periode;verdi;kommentar;kilde;dato"]
    i = 0
    for year in range(2000, 2100):
        for month in range(1, 13):
            for ind in indicators:
                if i == n:
                    return ("\n".join(lines) + "\n").encode("utf-8")
                lines.append(f"{ind};{year}-{month:02d};{50 + i % 30},{i % 10};måling {i};Fagsystemet;15.{month:02d}.{year}")
                i += 1
    raise AssertionError("not enough periods")


def timed(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> list[float]:
    out = []
    for _ in range(runs):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(Path(tmp) / "bench.sqlite3", auto_backup=False, backup_dir=Path(tmp) / "b")
        rid, indicators = build(services, YEAR)
        data = csv_rows(indicators, 10_000)

        def clear() -> None:
            with services.db.write() as s:
                s.execute(text("DELETE FROM measurement"))

        imports = timed(lambda: services.followup.import_measurements_csv(data, rid), args.runs, clear)
        previews = timed(lambda: services.followup.preview_measurements_csv(data, rid), args.runs)
        clear()
        year_csv = "indikator;periode;verdi\n" + "".join(
            f"{ind};{YEAR}-{m:02d};{50 + m}\n" for ind in indicators for m in range(1, 13))
        services.followup.import_measurements_csv(year_csv.encode(), rid)
        new = services.agreements.copy_forward(rid).created or ""
        services.followup.import_measurements_csv(
            "".join(["indikator;periode;verdi\n"] + [f"Indikator {g}.{n};{YEAR + 1}-{m:02d};{60 + m}\n"
                     for g in range(1, 6) for n in range(1, 5) for m in range(1, 7)]).encode(), new)
        views = timed(lambda: services.followup.followup(new, today=date(YEAR + 1, 7, 1)), args.runs * 4)
        services.close()
    print(f"{'what':52} {'median':>10} {'min':>10}  target")
    for name, xs, target in (
        ("CSV import, 10,000 rows (check + write)", imports, "<= 1 s"),
        ("CSV preview, 10,000 rows (check only)", previews, ""),
        ("FollowUp read model, 20 indicators, last year linked", views, "<= 100 ms"),
    ):
        print(f"{name:52} {statistics.median(xs) * 1000:8.1f} ms {min(xs) * 1000:8.1f} ms  {target}")


if __name__ == "__main__":
    main()
