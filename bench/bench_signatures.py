"""Signed records (issue «Signert must mean signed»): verification with the strict change analysis,
import of a package that carries a signed PDF (verified before anything is written), and
``enhetsdialog check`` of the demo database.

    python bench/bench_signatures.py [--runs 9]

Prints a table: the median of several runs for each operation, with the target. The first run of
each operation is a warm-up and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    if setup:
        setup()
    fn()  # warm-up
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    from tests.integration.test_exchange_support import certificate_for, draft
    from tests.pdf_fixtures import large_agreement

    from enhetsdialog.cli import quiet_library_logging
    from enhetsdialog.domain.enums import Role, Status
    from enhetsdialog.pdf import render_agreement, sign_pdf, verify_pdf
    from enhetsdialog.services import open_services
    from enhetsdialog.services.certificates import demo_sign_both
    from enhetsdialog.services.demo import fill_demo

    quiet_library_logging()
    rows: list[tuple[str, float, float]] = []

    # 1. verify a doubly signed full agreement (10 goals, 40 indicators, 30 activities)
    full = large_agreement(status=Status.ENIGHET)
    assert full.leader and full.director
    pdf = render_agreement(full)
    for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director)):
        p12, pw = certificate_for(person.name)
        pdf = sign_pdf(pdf, pkcs12=p12, password=pw, role=role, name=person.name, title="")
    assert verify_pdf(pdf).complete
    rows.append(("verify, doubly signed, strict change analysis", median_ms(lambda: verify_pdf(pdf), args.runs), 100))

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # 2. import of a package with a signed PDF, into a database that has the agreement unsigned
        from tests.integration.test_exchange_support import open_machine

        leader = open_machine(root / "leader.sqlite3")
        leader.catalogue.import_data(__import__("tests.integration.test_exchange_support", fromlist=["catalogue"]).catalogue())
        mid = leader.org.create_municipality("Fjordby kommune", "9999").created
        dp = leader.org.create_person("Kari Nordahl", "Kommunaldirektør").created
        area = leader.org.create_service_area(mid, "Oppvekst", dp).created
        lp = leader.org.create_person("Ingrid Solberg", "Rektor").created
        unit = leader.org.create_unit(area, "Fjordby skole", "skole", lp).created
        rid = draft(leader, unit or "")
        for s in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
            leader.agreements.set_status(rid, s)
        unsigned_package = leader.exchange.export(rid)
        p12, pw = certificate_for("Ingrid Solberg")
        leader.signing.sign(rid, Role.LEDER, p12, pw)
        signed_package = leader.exchange.export(rid)
        base = root / "director-base.sqlite3"
        director = open_machine(base)
        director.exchange.import_bytes(unsigned_package)
        director.close()
        work = root / "director.sqlite3"
        state: dict[str, object] = {}

        def fresh() -> None:
            if "s" in state:
                state["s"].close()  # type: ignore[attr-defined]
            for suffix in ("", "-wal", "-shm"):
                Path(str(work) + suffix).unlink(missing_ok=True)
            work.write_bytes(base.read_bytes())
            state["s"] = open_machine(work)

        def imported() -> None:
            report = state["s"].exchange.import_bytes(signed_package)  # type: ignore[attr-defined]
            assert report.signatures_added == 1

        rows.append(("import of a package with a signed PDF (verified)", median_ms(imported, args.runs, fresh), 150))
        state["s"].close()  # type: ignore[attr-defined]
        leader.close()

        # 3. check of the demo database
        demo = root / "demo.sqlite3"
        services = open_services(demo, auto_backup=False)
        fill_demo(services, sign_both=demo_sign_both)
        rows.append(("check of the demo database (service call)", median_ms(lambda: services.integrity.check(), args.runs), 2000))
        services.close()
        cmd = [sys.executable, "-m", "enhetsdialog", "--db", str(demo), "check"]
        rows.append(
            (
                "enhetsdialog check of the demo database (whole command)",
                median_ms(lambda: subprocess.run(cmd, check=True, capture_output=True), args.runs),
                2000,
            )
        )

    print(f"{'operation':58} {'median':>10} {'target':>9}  ok")
    for name, ms, target in rows:
        print(f"{name:58} {ms:8.1f} ms {target:6.0f} ms  {'yes' if ms <= target else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
