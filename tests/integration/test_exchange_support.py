"""Helpers for the exchange tests: two machines (two databases), sending packages between them,
signing simulated through the database, and dumps that prove a refused import changed nothing.

No tests here; the other test_exchange_* modules import from it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from enhetsdialog.domain.enums import Role
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.services import Services
from enhetsdialog.services.demo import _write_content
from enhetsdialog.services.demo_data import CONTENT, catalogue
from enhetsdialog.services.exchange import ImportReport
from enhetsdialog.storage.database import Database

from .helpers import dump

LEADER = "Ingrid Solberg"
DIRECTOR = "Kari Nordahl"
YEAR = 2027


@dataclass
class Machines:
    leader: Services
    director: Services
    leader_path: Path
    director_path: Path
    unit_id: str


def open_machine(path: Path) -> Services:
    return Services(Database.open(path, auto_backup=False))


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[Machines]:
    """The leader's machine has the catalogue and the organisation; the director's is empty."""
    lp, dp = tmp_path / "leder.sqlite3", tmp_path / "direktor.sqlite3"
    leader, director = open_machine(lp), open_machine(dp)
    leader.catalogue.import_data(catalogue())
    mid = leader.org.create_municipality("Fjordby kommune", "9999").created
    assert mid
    director_person = leader.org.create_person(DIRECTOR, "Kommunaldirektør", role="Direktør").created
    area = leader.org.create_service_area(mid, "Oppvekst og utdanning", director_person).created
    assert area
    leader_person = leader.org.create_person(LEADER, "Rektor", role="Enhetsleder").created
    unit = leader.org.create_unit(area, "Fjordby skole", "skole", leader_person).created
    assert unit
    yield Machines(leader, director, lp, dp, unit)
    leader.close()
    director.close()


def draft(services: Services, unit_id: str, year: int = YEAR) -> str:
    """A realistic agreement written through the services (the demo's school content)."""
    rid = services.agreements.create(unit_id, year).created
    assert rid
    _write_content(services, rid, CONTENT["skole"])
    return rid


def send(src: Services, dst: Services, ref: str) -> ImportReport:
    return dst.exchange.import_bytes(src.exchange.export(ref))


def sign(services: Services, revision_id: str, role: Role) -> None:
    """A real signature (PAdES, self-made certificate in the name the agreement records for the role)
    through the signing service: the only way a signature gets into a database."""
    full = services.agreements.get(revision_id)
    person = full.leader if role is Role.LEDER else full.director
    assert person is not None
    p12, password = certificate_for(person.name)
    services.signing.sign(revision_id, role, p12, password)


@functools.cache
def certificate_for(name: str) -> tuple[bytes, bytes]:
    password = b"passord-for-test"
    return create_personal_certificate(name, None, password), password
SHARED_TABLES = (
    "agreement",
    "revision",
    "goal",
    "goal_plan_link",
    "goal_sdg_link",
    "activity",
    "indicator",
    "support_need",
    "participant",
    "remark",
    "reply",
    "signature",
    "signed_document",
)


def shared_state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """What both machines must agree on after a round trip: the agreement's rows, exactly."""
    full = dump(path)
    return {t: full[t] for t in SHARED_TABLES}


def set_raw(services: Services, sql: str, **params: object) -> None:
    with services.db.write() as s:
        s.execute(text(sql), params)


__all__ = [
    "DIRECTOR",
    "LEADER",
    "YEAR",
    "Machines",
    "draft",
    "dump",
    "machines",
    "open_machine",
    "send",
    "set_raw",
    "shared_state",
    "sign",
]
