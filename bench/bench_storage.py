"""Storage benchmarks with 3,000 generated agreements (10 years x 300 units).

    python bench/bench_storage.py [--runs 9] [--db PATH]

Prints a table: median of several runs for each operation, with the target from the issue.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from enhetsdialog.domain.enums import IndicatorKind
from enhetsdialog.domain.model import (
    Activity,
    Content,
    Goal,
    Indicator,
    Participant,
    Revision,
    SupportNeed,
    Unit,
    new_id,
)
from enhetsdialog.services import Services
from enhetsdialog.storage import org_rows, repo, tables
from enhetsdialog.storage.database import Database

YEARS = range(2017, 2027)
UNITS = 300


def generate(path: Path) -> None:
    db = Database.open(path, auto_backup=False)
    services = Services(db)
    rnd = random.Random(7)
    mid = services.org.create_municipality("Benchmark kommune").created or ""
    area = services.org.create_service_area(mid, "Oppvekst").created or ""
    with db.write() as s:
        units = [Unit(name=f"Enhet {n:03d}", service_area_id=area, kind=rnd.choice(["skole", "barnehage"])) for n in range(UNITS)]
        for u in units:
            org_rows.save_unit(s, u)
    for year in YEARS:
        with db.write() as s:
            for u in units:
                goals = []
                for gp in range(4):
                    g = Goal(text=f"Mål {gp} for {u.name} {year} " + "tekst " * 10, position=gp, sdgs=[4, 16])
                    g.activities = [Activity(what=f"Tiltak {i}", responsible="Leder", position=i) for i in range(2)]
                    g.indicators = [
                        Indicator(
                            kind=IndicatorKind.PROSESS if i == 0 else IndicatorKind.RESULTAT,
                            name=f"Indikator {i}",
                            baseline_value=Decimal(rnd.randint(1, 100)),
                            target_value=Decimal(rnd.randint(1, 100)),
                            position=i,
                        )
                        for i in range(3)
                    ]
                    goals.append(g)
                agreement_id = new_id()
                s.execute(tables.AGREEMENT.insert().values(id=agreement_id, unit_id=u.id, year=year))
                content = Content(
                    challenges="Utfordringer " * 40,
                    value_open="Åpen " * 20,
                    goals=goals,
                    support_needs=[SupportNeed(need="Støtte", position=0)],
                    participants=[Participant(role="Tillitsvalgt", position=0)],
                )
                repo.insert_revision(s, Revision(agreement_id=agreement_id, unit_id=u.id, year=year, number=1, content=content))
    db.close()


def timed(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def import_time(runs: int) -> float:
    code = "import time; t=time.perf_counter(); import enhetsdialog.services; print((time.perf_counter()-t)*1000)"
    samples = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(runs)]
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    path = args.db or tmp / "bench.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        generate(path)
        print(f"generated {len(YEARS) * UNITS} agreements in {time.perf_counter() - t:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")

    def open_and_list() -> None:
        db = Database.open(path, auto_backup=False)
        rows = Services(db).agreements.list()
        assert len(rows) == len(YEARS) * UNITS
        db.close()

    db = Database.open(path, auto_backup=False)
    services = Services(db)
    ids = [r.id for r in services.agreements.list()]
    rnd = random.Random(1)
    load = timed(lambda: services.agreements.get(rnd.choice(ids)), args.runs * 3)
    target_id = ids[0]
    counter = iter(range(10**9))
    edit = timed(lambda: services.agreements.set_text(target_id, "challenges", f"Autosave {next(counter)} " * 30), args.runs * 3)
    db.close()
    rows = [
        ("open database + list all 3,000", timed(open_and_list, args.runs), 100),
        ("load one full agreement", load, 20),
        ("one autosave-sized edit, committed", edit, 10),
        ("import enhetsdialog.services (no Qt)", import_time(args.runs), 300),
    ]
    print(f"\n{'operation':40} | {'median ms':>9} | {'target ms':>9} | ok")
    print(f"{'-' * 40}-|-{'-' * 9}-|-{'-' * 9}-|---")
    for name, ms, target in rows:
        print(f"{name:40} | {ms:9.1f} | {target:9} | {'yes' if ms <= target else 'NO'}")


if __name__ == "__main__":
    main()
