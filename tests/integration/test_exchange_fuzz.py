"""Property-based tests of import into a real database, with generated and mutated packages.

Properties, for every example:
* the only exception that escapes is PackageError (one line);
* a refused import leaves every table exactly as it was (no partial writes);
* an accepted package, imported again, changes nothing.

Each example runs against a fresh copy of a prepared director database, so examples are independent
(and hypothesis can shrink). Three base packages exercise freezing/signatures, a conflict and a new
agreement. Moderate counts by default; ``ENHETSDIALOG_FUZZ_EXAMPLES`` replaces them for a thorough run.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import AnchorKind, Role, Status
from enhetsdialog.exchange import PackageError
from enhetsdialog.exchange.package import Package, SignedDocument, read_package, write_package
from enhetsdialog.services import Services
from enhetsdialog.services.demo_data import catalogue
from enhetsdialog.storage.database import Database
from tests.unit.test_package_format import members_of, repack
from tests.unit.test_package_fuzz import _mutate

from .test_exchange_support import DIRECTOR, LEADER, draft, dump, open_machine, send, sign


def examples(default: int) -> int:
    override = os.environ.get("ENHETSDIALOG_FUZZ_EXAMPLES")
    return max(1, int(override) // 4) if override else default


def fuzz_settings(default: int) -> Any:
    return settings(
        max_examples=examples(default),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
        derandomize=os.environ.get("ENHETSDIALOG_FUZZ_RANDOM") is None,
    )


@dataclass(frozen=True)
class World:
    base_db: Path  # the director's database, closed and checkpointed
    packages: tuple[bytes, ...]  # from the leader: X signed, Y edited on both sides, Z new, W signed on both machines
    work: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("exchange-fuzz")
    leader, director = open_machine(root / "leader.sqlite3"), open_machine(root / "director.sqlite3")
    try:
        leader.catalogue.import_data(catalogue())
        mid = leader.org.create_municipality("Fjordby kommune", "9999").created
        assert mid
        dp = leader.org.create_person(DIRECTOR, "Kommunaldirektør").created
        area = leader.org.create_service_area(mid, "Oppvekst", dp).created
        assert area
        lp = leader.org.create_person(LEADER, "Rektor").created  # signing needs the recorded leader
        units = [leader.org.create_unit(area, f"Enhet {n}", "skole", lp).created for n in range(4)]
        x, y, z, w = (draft(leader, u or "") for u in units)
        for rid in (x, y, w):
            leader.agreements.set_status(rid, Status.TIL_DIALOG)
            send(leader, director, rid)
            director.agreements.set_status(rid, Status.I_DIALOG)
            remark = director.remarks.add(rid, AnchorKind.SECTION, "hele", "Merknad", author=DIRECTOR, role=Role.DIREKTOR).created
            assert remark
            send(director, leader, rid)
            leader.remarks.reply(remark, "Svar", author=LEADER, role=Role.LEDER)
        for rid in (x, w):
            director.remarks.resolve(director.remarks.list(director.agreements.revision(rid).agreement_id)[0].id, by=DIRECTOR)
            director.agreements.set_status(rid, Status.ENIGHET)
            send(director, leader, rid)
            sign(leader, rid, Role.LEDER)
        send(leader, director, w)  # the director already has W signed by the leader
        leader.agreements.set_text(y, "challenges", "Lederens nye tekst")
        director.agreements.set_text(y, "challenges", "Direktørens nye tekst")
        packages = tuple(leader.exchange.export(rid) for rid in (x, y, z, w))
    finally:
        leader.close()
        director.close()
    return World(root / "director.sqlite3", packages, root)


def fresh(world: World) -> tuple[Services, Path]:
    path = world.work / f"try-{uuid.uuid4().hex}.sqlite3"
    shutil.copyfile(world.base_db, path)
    return Services(Database.open(path, auto_backup=False, check_integrity=False)), path


def attempt(world: World, data: bytes) -> bool:
    """Import ``data`` into a fresh director database and check the properties. True if accepted."""
    services, path = fresh(world)
    try:
        before = dump(path)
        try:
            report = services.exchange.import_bytes(data)
        except PackageError as e:
            assert "\n" not in e.message and e.message
            assert dump(path) == before, "a refused import changed the database"
            _event(f"refused: {e.message.split(':')[0][:40]}")
            return False
        after = dump(path)
        again = services.exchange.import_bytes(data)
        assert not again.changed, again
        assert dump(path) == after, "importing the same package twice changed something"
        _event("accepted" + (" with a conflict" if report.conflicts else "") + (" (no change)" if not report.changed else ""))
        return True
    finally:
        services.close()
        for p in path.parent.glob(path.name + "*"):
            p.unlink(missing_ok=True)


def _event(text: str) -> None:
    """Outcome statistics (pytest --hypothesis-show-statistics); nothing outside a hypothesis test."""
    try:
        event(text)
    except InvalidArgument:
        pass


def test_base_packages_are_accepted(world: World) -> None:
    for data in world.packages:
        assert attempt(world, data)


# --- semantic mutations: valid packages that the merge must judge ---------------------------------------------------


def _rehash(pkg: Package) -> None:
    """Keep fingerprints consistent after changing content (as a forger would)."""
    for pr in pkg.revisions:
        pr.fingerprint = fingerprint(pr.revision)
        pr.shared_fingerprints = frozenset({pr.fingerprint})
        for s in pr.signatures:
            s.fingerprint = pr.fingerprint


def _content_text(pkg: Package, d: st.DataObject) -> None:
    pkg.revisions[0].revision.content.challenges = d.draw(st.text(max_size=30))
    _rehash(pkg)


def _new_goal_text(pkg: Package, d: st.DataObject) -> None:
    goals = pkg.revisions[0].revision.content.goals
    if goals:
        goals[d.draw(st.integers(0, len(goals) - 1))].text = d.draw(st.text(max_size=20))
    _rehash(pkg)


def _status(pkg: Package, d: st.DataObject) -> None:
    rev = pkg.revisions[0].revision
    allowed = [Status.ENIGHET, Status.SIGNERT] if rev.frozen else [Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET]
    rev.status = d.draw(st.sampled_from(allowed))


def _year(pkg: Package, d: st.DataObject) -> None:
    pkg.year = d.draw(st.integers(2000, 2100))
    for pr in pkg.revisions:
        pr.revision.year = pkg.year
    _rehash(pkg)


def _revision_number(pkg: Package, d: st.DataObject) -> None:
    pkg.revisions[0].revision.number = d.draw(st.integers(1, 4))
    _rehash(pkg)


def _unit(pkg: Package, d: st.DataObject) -> None:
    new = str(d.draw(st.uuids()))
    pkg.unit.id = pkg.unit_id = new
    for pr in pkg.revisions:
        pr.revision.unit_id = new
    _rehash(pkg)


def _signature(pkg: Package, d: st.DataObject) -> None:
    pr = pkg.revisions[0]
    if pr.signatures:
        s = pr.signatures[0]
        choice = d.draw(st.sampled_from(["id", "name", "role", "time"]))
        if choice == "id":
            s.id = str(d.draw(st.uuids()))
        elif choice == "name":
            s.name = d.draw(st.text(min_size=1, max_size=10))
        elif choice == "role":
            s.role = Role.DIREKTOR if s.role is Role.LEDER else Role.LEDER
        else:
            s.signed_at += timedelta(seconds=d.draw(st.integers(-100, 100)))


def _document(pkg: Package, d: st.DataObject) -> None:
    pr = pkg.revisions[0]
    if pr.signed_document is not None:
        pdf = pr.signed_document.pdf
        choice = d.draw(st.sampled_from(["extend", "shorten", "replace"]))
        if choice == "extend":
            pdf = pdf + d.draw(st.binary(min_size=1, max_size=20))
        elif choice == "shorten":
            pdf = pdf[: max(5, len(pdf) - d.draw(st.integers(1, 20)))]
        else:
            pdf = b"%PDF-" + d.draw(st.binary(max_size=40))
        pr.signed_document = SignedDocument(pdf=pdf, updated_at=pr.signed_document.updated_at)


def _remark(pkg: Package, d: st.DataObject) -> None:
    if not pkg.remarks:
        return
    r = pkg.remarks[d.draw(st.integers(0, len(pkg.remarks) - 1))]
    choice = d.draw(st.sampled_from(["text", "resolved", "time", "id", "reply"]))
    if choice == "text":
        r.text = d.draw(st.text(max_size=20))
    elif choice == "resolved":
        r.resolved = not r.resolved
        r.resolved_at = r.created_at + timedelta(days=d.draw(st.integers(-2, 2))) if d.draw(st.booleans()) else None
    elif choice == "time":
        r.created_at += timedelta(hours=d.draw(st.integers(-50, 50)))
    elif choice == "id":
        r.id = str(d.draw(st.uuids()))
        for x in r.replies:
            x.remark_id = r.id
    elif r.replies:
        r.replies[0].text = d.draw(st.text(max_size=10))


def _history(pkg: Package, d: st.DataObject) -> None:
    pr = pkg.revisions[0]
    extra = frozenset(d.draw(st.lists(st.sampled_from(["0" * 64, "f" * 64, pr.fingerprint]), max_size=3)))
    pr.shared_fingerprints = extra | {pr.fingerprint} if d.draw(st.booleans()) else frozenset({pr.fingerprint})


def _organisation(pkg: Package, d: st.DataObject) -> None:
    pkg.unit.name = d.draw(st.text(min_size=1, max_size=20))
    pkg.municipality.name = d.draw(st.text(min_size=1, max_size=20))


MUTATIONS: list[Callable[[Package, st.DataObject], None]] = [
    _content_text,
    _new_goal_text,
    _status,
    _year,
    _revision_number,
    _unit,
    _signature,
    _document,
    _remark,
    _history,
    _organisation,
]


@fuzz_settings(100)
@given(base=st.integers(0, 3), data=st.data())
def test_semantic_mutations(world: World, base: int, data: st.DataObject) -> None:
    pkg = read_package(world.packages[base])
    for mutation in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        mutation(pkg, data)
    try:
        mutated = write_package(pkg)
        read_package(mutated)
    except PackageError:
        return  # the reader refuses it; test_package_fuzz covers that side
    attempt(world, mutated)


# --- raw mutations: bytes, members, JSON (the reader must refuse; the database must not change) ------------------------


@fuzz_settings(80)
@given(base=st.integers(0, 3), cut=st.floats(0, 1, allow_nan=False), flips=st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.integers(1, 255)), max_size=3))
def test_damaged_bytes(world: World, base: int, cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(world.packages[base])
    for where, mask in flips:
        data[min(int(where * len(data)), len(data) - 1)] ^= mask
    if not flips or cut < 0.5:
        del data[int(cut * len(data)) :]
    attempt(world, bytes(data))


@fuzz_settings(80)
@given(base=st.integers(0, 3), data=st.data())
def test_mutated_json_into_the_database(world: World, base: int, data: st.DataObject) -> None:
    members = members_of(world.packages[base])
    doc = json.loads(members["agreement.json"])
    doc = _mutate(doc, data)
    members["agreement.json"] = json.dumps(doc, ensure_ascii=False).encode()
    attempt(world, repack(members))
