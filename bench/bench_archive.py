"""Archive export of 300 signed agreements (target: <= 30 s on 2 cores).

    python bench/bench_archive.py [--runs 3] [--db PATH] [--workers N]

The first run builds the database: 300 units, each with a full agreement (5 goals, 2 activities and
3 indicators each) signed by leader and director. Building takes a few minutes (600 signatures);
pass --db to keep it between runs. Each timed run exports into a fresh folder, so every document
is verified and written again.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from enhetsdialog.domain.enums import IndicatorKind, Role, Status
from enhetsdialog.domain.model import Activity, Content, Goal, Indicator, Revision, Unit, new_id
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.services import Services
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database

UNITS = 300
YEAR = 2027


def build(path: Path) -> None:
    db = Database.open(path, auto_backup=False)
    s = Services(db)
    mid = s.org.create_municipality("Benchmark kommune").created or ""
    director = s.org.create_person("Kari Nordahl", "Kommunaldirektør").created
    area = s.org.create_service_area(mid, "Oppvekst", director).created or ""
    password = secrets.token_hex(8).encode()
    certs = {
        Role.LEDER: create_personal_certificate("Enhetsleder", None, password),
        Role.DIREKTOR: create_personal_certificate("Kari Nordahl", None, password),
    }
    ids = []
    with db.write() as session:
        for n in range(UNITS):
            unit = Unit(name=f"Enhet {n:03d}", service_area_id=area, kind="skole")
            repo.save_unit(session, unit)
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
            session.execute(repo.AGREEMENT.insert().values(id=agreement_id, unit_id=unit.id, year=YEAR))
            rev = Revision(
                agreement_id=agreement_id,
                unit_id=unit.id,
                year=YEAR,
                number=1,
                status=Status.ENIGHET,
                content=Content(challenges="Utfordringer " * 50, goals=goals),
            )
            repo.insert_revision(session, rev)
            ids.append(rev.id)
    t = time.perf_counter()
    for i, rid in enumerate(ids):
        s.signing.sign(rid, Role.LEDER, certs[Role.LEDER], password)
        s.signing.sign(rid, Role.DIREKTOR, certs[Role.DIREKTOR], password)
        if i % 50 == 49:
            print(f"  signed {i + 1}/{UNITS} ({time.perf_counter() - t:.0f} s)", flush=True)
    db.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--workers", type=int)
    args = ap.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="bench-archive-")) / "archive.sqlite3"
    if not path.exists():
        print(f"building {UNITS} signed agreements in {path} …", flush=True)
        build(path)
    samples = []
    for run in range(args.runs):
        db = Database.open(path, auto_backup=False)
        s = Services(db)
        out = Path(tempfile.mkdtemp(prefix="bench-archive-out-"))
        t = time.perf_counter()
        report = s.archive.export(YEAR, out, workers=args.workers)
        samples.append(time.perf_counter() - t)
        db.close()
        assert len(report.documents) == UNITS, report.skipped[:3]
        print(f"  run {run + 1}: {samples[-1]:.1f} s, {len(report.documents)} documents", flush=True)
    print(f"\n{'operation':45} | {'median s':>8} | {'target s':>8} | ok")
    print(f"{'-' * 45}-|-{'-' * 8}-|-{'-' * 8}-|---")
    med = statistics.median(samples)
    print(f"{'archive export, 300 signed agreements':45} | {med:8.1f} | {30:8} | {'yes' if med <= 30 else 'NO'}")


if __name__ == "__main__":
    main()
