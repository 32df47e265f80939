"""Agreement package benchmarks: export, import and compare of a full agreement
(10 goals, 40 indicators, 30 activities, 20 remarks with replies, signed by the leader for real on the rendered PDF).

    python bench/bench_exchange.py [--runs 15]

Prints a table: median (and min/max) of several runs per operation, with the target from the issue.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, update

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.compare import compare
from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Role, Status
from enhetsdialog.domain.model import (
    Activity,
    Content,
    Goal,
    Indicator,
    Participant,
    SupportNeed,
    new_id,
)
from enhetsdialog.exchange.package import read_package, write_package
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.services import Services
from enhetsdialog.services.demo_data import catalogue
from enhetsdialog.storage import repo, tables
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.exchange_state import ExchangeStateRepo


def full_content(plan_goal_ids: list[str]) -> Content:
    goals = []
    for g in range(10):
        goals.append(
            Goal(
                text=f"Mål {g + 1}: alle elever opplever mestring og tilhørighet i skolehverdagen",
                description="Beskrivelse av målet. " * 20,
                position=g,
                plan_goal_ids=plan_goal_ids[g % len(plan_goal_ids) : g % len(plan_goal_ids) + 1],
                sdgs=[4, 10],
                activities=[
                    Activity(what=f"Tiltak {g}.{a}", responsible="Rektor", deadline=date(2027, 3 + a, 1), position=a)
                    for a in range(3)
                ],
                indicators=[
                    Indicator(
                        kind=IndicatorKind.PROSESS if i % 2 else IndicatorKind.RESULTAT,
                        name=f"Indikator {g}.{i}",
                        description="Hvordan den måles. " * 5,
                        unit_of_measure="%",
                        baseline_value=Decimal("71.5"),
                        baseline_year=2026,
                        target_value=Decimal("80"),
                        data_source="Elevundersøkelsen",
                        responsible="Rektor",
                        position=i,
                    )
                    for i in range(4)
                ],
            )
        )
    return Content(
        challenges="Utfordringer. " * 100,
        goals=goals,
        value_open="Åpen. " * 50,
        value_competent="Kompetent. " * 50,
        value_brave="Modig. " * 50,
        support_needs=[SupportNeed(need=f"Behov {n}", position=n) for n in range(5)],
        participants=[Participant(role="Tillitsvalgt", name=f"Person {n}", how="Workshop", position=n) for n in range(5)],
    )


def leader_database(path: Path) -> tuple[Services, str]:
    services = Services(Database.open(path, auto_backup=False))
    services.catalogue.import_data(catalogue())
    mid = services.org.create_municipality("Benchmark kommune").created or ""
    area = services.org.create_service_area(mid, "Oppvekst").created or ""
    leader = services.org.create_person("Leder", "Rektor").created
    unit = services.org.create_unit(area, "Benchmark skole", "skole", leader).created or ""
    plan_goal_ids = [g.id for g in services.catalogue.goals()][:10]
    rid = services.agreements.create(unit, 2027).created or ""
    rev = services.agreements.revision(rid)
    with services.db.write() as s:
        repo.insert_content_lists(s, rid, full_content(plan_goal_ids))
        s.execute(update(tables.REVISION).where(tables.REVISION.c.id == rid).values(challenges="Utfordringer. " * 100))
        t0 = datetime(2026, 10, 1, tzinfo=UTC)
        for n in range(20):
            remark_id = new_id()
            s.execute(
                insert(tables.REMARK).values(
                    id=remark_id, agreement_id=rev.agreement_id, revision_id=rid, anchor_kind=AnchorKind.SECTION.value,
                    anchor_id="hele", author="Direktør", role=Role.DIREKTOR.value, text=f"Merknad {n}. " * 10,
                    created_at=(t0 + timedelta(minutes=n)).isoformat(), resolved=n % 2 == 0,
                    resolved_at=(t0 + timedelta(hours=n)).isoformat() if n % 2 == 0 else None, resolved_by="",
                )
            )
            s.execute(
                insert(tables.REPLY).values(
                    id=new_id(), remark_id=remark_id, author="Leder", role=Role.LEDER.value, text="Svar. " * 10,
                    created_at=(t0 + timedelta(minutes=n, seconds=30)).isoformat(),
                )
            )
        s.execute(update(tables.REVISION).where(tables.REVISION.c.id == rid).values(status=Status.ENIGHET.value))
    # the leader's signature for real (a throw-away certificate in the leader's name): the database
    # records a signature only beside the signed PDF that holds it, and an import verifies that PDF
    password = b"bench"
    services.signing.sign(rid, Role.LEDER, create_personal_certificate("Leder", None, password), password, title="Rektor")
    return services, rid


def timed(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> list[float]:
    out = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    runs: int = args.runs
    work = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    try:
        leader, rid = leader_database(work / "leader.sqlite3")
        data = leader.exchange.export(rid)
        pkg = read_package(data)
        rows: list[tuple[str, list[float], str]] = []

        rows.append(("export (whole agreement → bytes)", timed(lambda: leader.exchange.export(rid), runs), "≤ 100 ms"))
        target = work / "out.enhetsavtale"
        rows.append(("export_to (temp file + rename, fsync)", timed(lambda: leader.exchange.export_to(rid, target), runs), ""))
        rows.append(("read_package (all checks, no database)", timed(lambda: read_package(data), runs), ""))

        # import into an empty database (everything is new): a fresh, migrated copy per run
        empty = work / "empty.sqlite3"
        Database.open(empty, auto_backup=False).close()
        state: dict[str, Services] = {}

        def fresh_empty() -> None:
            if "s" in state:
                state["s"].close()
            path = work / f"d-{new_id()}.sqlite3"
            shutil.copyfile(empty, path)
            state["s"] = Services(Database.open(path, auto_backup=False, check_integrity=False))

        rows.append(("import, new agreement (insert everything)", timed(lambda: state["s"].exchange.import_bytes(data), runs, fresh_empty), "≤ 100 ms"))
        rows.append(("import again (nothing new; idempotent)", timed(lambda: state["s"].exchange.import_bytes(data), runs), "≤ 100 ms"))

        # import of a newer text over an older shared one (content replaced, 20 new remarks)
        older = work / "older.sqlite3"
        shutil.copyfile(empty, older)
        director = Services(Database.open(older, auto_backup=False))
        base_pkg = copy.deepcopy(pkg)
        base_pkg.remarks = []
        pr = base_pkg.revisions[0]
        pr.revision.frozen, pr.revision.status, pr.signatures, pr.signed_document = False, Status.I_DIALOG, [], None
        director.exchange.import_bytes(write_package(base_pkg))
        director.close()
        with leader.db.write() as s:  # the leader's package now descends from that older version
            ExchangeStateRepo(s).set_known(rid, frozenset({fingerprint(pr.revision)}))
        unsigned = copy.deepcopy(pkg)
        upr = unsigned.revisions[0]
        upr.revision.frozen, upr.signatures, upr.signed_document = False, [], None
        upr.revision.content.challenges += " Oppdatert."
        upr.fingerprint = fingerprint(upr.revision)
        upr.shared_fingerprints = frozenset({fingerprint(pr.revision), upr.fingerprint})
        newer = write_package(unsigned)

        def fresh_older() -> None:
            if "s" in state:
                state["s"].close()
            path = work / f"o-{new_id()}.sqlite3"
            shutil.copyfile(older, path)
            state["s"] = Services(Database.open(path, auto_backup=False, check_integrity=False))

        rows.append(("import, newer text + 20 remarks (merge)", timed(lambda: state["s"].exchange.import_bytes(newer), runs, fresh_older), "≤ 100 ms"))
        state["s"].close()

        a = pkg.revisions[0].revision
        b = copy.deepcopy(a)
        for g in b.content.goals:
            g.text += " (revidert)"
            g.indicators[0].target_value = Decimal("90")
            g.activities.reverse()
            for n, x in enumerate(g.activities):
                x.position = n
        b.content.goals.reverse()
        for n, g in enumerate(b.content.goals):
            g.position = n
        n_diffs = len(compare(a, b))
        rows.append((f"compare two full agreements ({n_diffs} differences)", timed(lambda: compare(a, b), runs), "report"))
        unrelated = copy.deepcopy(b)
        for g in unrelated.content.goals:
            g.id, g.origin_id = new_id(), None
        rows.append(("compare, two units (goals by position)", timed(lambda: compare(a, unrelated), runs), "report"))
        leader.close()

        print(f"Package: {len(data) / 1024:.0f} kB; 10 goals, 40 indicators, 30 activities, 20 remarks, 1 signature, "
              f"{len(pkg.revisions[0].signed_document.pdf) // 1024 if pkg.revisions[0].signed_document else 0} kB PDF. "
              f"Median of {runs} runs.\n")
        width = max(len(r[0]) for r in rows)
        print(f"| {'operation':{width}} | median ms | min ms | max ms | target   |")
        print(f"| {'-' * width} | --------: | -----: | -----: | -------- |")
        for name, times, goal in rows:
            print(f"| {name:{width}} | {statistics.median(times):9.1f} | {min(times):6.1f} | {max(times):6.1f} | {goal:8} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
