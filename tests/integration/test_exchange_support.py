"""Helpers for the exchange tests: two machines (two databases), sending packages between them,
signing simulated through the database, and dumps that prove a refused import changed nothing.

No tests here; the other test_exchange_* modules import from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.model import new_id
from enhetsdialog.services import Services
from enhetsdialog.services.demo import _write_content
from enhetsdialog.services.demo_data import CONTENT, catalogue
from enhetsdialog.services.exchange import ImportReport
from enhetsdialog.storage import repo
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
    """Stand-in for the signing service: what a signature leaves in the database (signature row,
    a signed PDF that grows by appending, frozen, signert after both)."""
    with services.db.write() as s:
        rev = repo.load_revision(s, revision_id)
        assert rev.status is Status.ENIGHET
        fp = fingerprint(rev)
        now = repo.now_iso()
        s.execute(
            insert(repo.SIGNATURE).values(
                id=new_id(),
                revision_id=revision_id,
                role=role.value,
                name=LEADER if role is Role.LEDER else DIRECTOR,
                title="Rektor" if role is Role.LEDER else "Kommunaldirektør",
                signed_at=now,
                fingerprint=fp,
                certificate_subject=f"CN={LEADER if role is Role.LEDER else DIRECTOR}",
                certificate_fingerprint=hashlib.sha256(role.value.encode()).hexdigest(),
            )
        )
        current = s.execute(select(repo.SIGNED_DOC.c.pdf).where(repo.SIGNED_DOC.c.revision_id == revision_id)).scalar()
        addition = f"% signature {role.value} {fp}\n".encode()
        if current is None:
            pdf = b"%PDF-1.7\n% " + fp.encode() + b"\n" + addition
            s.execute(
                insert(repo.SIGNED_DOC).values(
                    revision_id=revision_id, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), updated_at=now
                )
            )
            s.execute(update(repo.REVISION).where(repo.REVISION.c.id == revision_id).values(frozen=True, updated_at=now))
        else:
            pdf = bytes(current) + addition
            s.execute(
                update(repo.SIGNED_DOC)
                .where(repo.SIGNED_DOC.c.revision_id == revision_id)
                .values(pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), updated_at=now)
            )
        roles = {r.role for r in repo.signatures(s, revision_id)}
        if roles >= {Role.LEDER, Role.DIREKTOR}:
            s.execute(update(repo.REVISION).where(repo.REVISION.c.id == revision_id).values(status=Status.SIGNERT.value))


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
