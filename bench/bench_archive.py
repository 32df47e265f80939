"""Archive export of 300 signed agreements (target: <= 30 s on 2 cores).

    python bench/bench_archive.py [--runs 3] [--db PATH] [--workers N]

The first run builds the database: 300 units, each with a full agreement (5 goals, 2 activities and
3 indicators each) signed by leader and director. Building takes a few minutes (600 signatures);
pass --db to keep it between runs. Each timed run works on a fresh copy of that database and exports
into a fresh folder, so every document is checked, written and marked arkivert again; then the
finished export is run once more (nothing may change).
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from enhetsdialog.domain.enums import IndicatorKind, Role, Status
from enhetsdialog.domain.model import Activity, Content, Goal, Indicator, Revision, Unit, new_id
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.services import Services
from enhetsdialog.storage import org_rows, repo, tables
from enhetsdialog.storage.database import Database

UNITS = 300
LEADERS = 10
YEAR = 2027


def build(path: Path) -> None:
    db = Database.open(path, auto_backup=False)
    s = Services(db)
    mid = s.org.create_municipality("Benchmark kommune").created or ""
    director = s.org.create_person("Kari Nordahl", "Kommunaldirektør").created
    area = s.org.create_service_area(mid, "Oppvekst", director).created or ""
    password = secrets.token_hex(8).encode()
    # a few leaders, each leading some of the units (one person, one role: never the director)
    leaders = [f"Enhetsleder {n:02d}" for n in range(LEADERS)]
    leader_ids = [s.org.create_person(name, "Rektor").created for name in leaders]
    leader_certs = {name: create_personal_certificate(name, None, password) for name in leaders}
    director_cert = create_personal_certificate("Kari Nordahl", None, password)
    ids = []
    with db.write() as session:
        for n in range(UNITS):
            unit = Unit(name=f"Enhet {n:03d}", service_area_id=area, kind="skole", leader_id=leader_ids[n % LEADERS])
            org_rows.save_unit(session, unit)
            goals = []
            for gp in range(5):
                g = Goal(text=f"Mål {gp} for {unit.name}", position=gp, sdgs=[4])
                g.activities = [Activity(what=f"Tiltak {i}", responsible="Rektor", position=i) for i in range(2)]
                g.indicators = [
                    Indicator(
                        kind=IndicatorKind.PROSESS if i == 0 else IndicatorKind.RESULTAT,
                        name=f"Indikator {i}",
                        baseline_value=Decimal(10 + i),
                        target_value=Decimal(20 + i),
                        position=i,
                    )
                    for i in range(3)
                ]
                goals.append(g)
            agreement_id = new_id()
            session.execute(tables.AGREEMENT.insert().values(id=agreement_id, unit_id=unit.id, year=YEAR))
            rev = Revision(
                agreement_id=agreement_id,
                unit_id=unit.id,
                year=YEAR,
                number=1,
                status=Status.ENIGHET,
                content=Content(challenges="Utfordringer " * 50, goals=goals),
            )
            repo.insert_revision(session, rev)
            ids.append((rev.id, leaders[n % LEADERS]))
    t = time.perf_counter()
    for i, (rid, leader) in enumerate(ids):
        s.signing.sign(rid, Role.LEDER, leader_certs[leader], password)
        s.signing.sign(rid, Role.DIREKTOR, director_cert, password)
        if i % 50 == 49:
            print(f"  signed {i + 1}/{UNITS} ({time.perf_counter() - t:.0f} s)", flush=True)
    db.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", type=Path, help="the built database (kept between runs; each run works on a copy)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (the target is for 2 cores)")
    args = ap.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="bench-archive-")) / "archive.sqlite3"
    if not path.exists():
        print(f"building {UNITS} signed agreements in {path} …", flush=True)
        build(path)
    rows: dict[str, list[float]] = {"check (verify + PDF/A, workers)": [], "write (XML, files, mark)": [], "total": [],
                                    "re-run of the finished export": []}  # fmt: skip
    for run in range(args.runs):
        work = Path(tempfile.mkdtemp(prefix="bench-archive-run-"))
        copy = work / "archive.sqlite3"
        shutil.copyfile(path, copy)  # every run starts from signed agreements, none arkivert
        db = Database.open(copy, auto_backup=False)
        s = Services(db)
        out = work / "arkiv"
        t0 = time.perf_counter()
        plan = s.archive.check(YEAR, out, workers=args.workers)
        t1 = time.perf_counter()
        report = s.archive.write(plan)
        t2 = time.perf_counter()
        again = s.archive.export(YEAR, out, workers=args.workers)
        t3 = time.perf_counter()
        db.close()
        assert len(report.documents) == UNITS and report.newly_archived == UNITS, report.skipped[:3]
        assert again.written == 0 and again.newly_archived == 0
        for key, value in zip(rows, (t1 - t0, t2 - t1, t2 - t0, t3 - t2), strict=True):
            rows[key].append(value)
        shutil.rmtree(work, ignore_errors=True)
        print(f"  run {run + 1}: {t2 - t0:.1f} s ({t1 - t0:.1f} s check, {t2 - t1:.1f} s write), re-run {t3 - t2:.1f} s", flush=True)
    parts = per_agreement(path)
    print(f"\n{UNITS} signed agreements, {args.workers} workers, median of {args.runs} runs\n")
    print(f"{'operation':38} | {'median s':>8} | {'target s':>8}")
    print(f"{'-' * 38}-|-{'-' * 8}-|-{'-' * 8}")
    for key, values in rows.items():
        target = "30" if key == "total" else "–"
        print(f"{key:38} | {statistics.median(values):8.1f} | {target:>8}")
    print(f"\nper agreement, one core, median of {SAMPLE} (where the check's time goes)\n")
    print(f"{'step':38} | {'median ms':>9}")
    print(f"{'-' * 38}-|-{'-' * 9}")
    for key, value in parts.items():
        print(f"{key:38} | {value:9.0f}")


SAMPLE = 10


def per_agreement(path: Path) -> dict[str, float]:
    """The steps of one agreement's check and record, timed in this process."""
    from enhetsdialog.pdf import archive_checks, pdfa
    from enhetsdialog.pdf.verify import verify_pdf

    db = Database.open(path, auto_backup=False)
    s = Services(db)
    pdfs = [s.signing.signed_pdf(r.id) or b"" for r in s.agreements.list(year=YEAR, latest_only=False)[:SAMPLE]]
    db.close()
    steps: dict[str, Callable[[bytes], object]] = {
        "verify_pdf (signatures, pyHanko)": verify_pdf,
        "validate_pdfa (pikepdf + pdfa_checks)": pdfa.validate,
        "inspect (validate_pdfa + the rest)": archive_checks.inspect,
    }
    out: dict[str, float] = {}
    for name, fn in steps.items():
        fn(pdfs[0])  # warm up
        times = []
        for pdf in pdfs:
            t = time.perf_counter()
            fn(pdf)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = statistics.median(times)
    return out


if __name__ == "__main__":
    main()
