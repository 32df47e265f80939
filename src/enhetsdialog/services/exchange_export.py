"""Export: an agreement here, with all its revisions, remarks, organisation and plan goals, as a
:class:`~enhetsdialog.exchange.package.Package`. Building a package records every revision's
version as shared (``sync:<revision_id>``, :mod:`enhetsdialog.services.exchange_state`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.errors import NotFoundError
from enhetsdialog.domain.model import Person, Plan
from enhetsdialog.exchange.errors import ExchangeError
from enhetsdialog.exchange.package import Package, PackageRevision, SignedDocument, parse_timestamp
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import N_
from enhetsdialog.services.exchange_state import known_fingerprints, set_known_fingerprints
from enhetsdialog.services.files import write_atomic
from enhetsdialog.storage import repo


def agreement_of(s: Session, ref: str) -> str:
    aid = s.execute(select(repo.REVISION.c.agreement_id).where(repo.REVISION.c.id == ref)).scalar()
    if aid is None:
        aid = s.execute(select(repo.AGREEMENT.c.id).where(repo.AGREEMENT.c.id == ref)).scalar()
    if aid is None:
        raise NotFoundError(f"Fant ingen avtale med id «{ref}».")
    return str(aid)


def build_package(s: Session, ref: str) -> Package:
    aid = agreement_of(s, ref)
    agreement = s.execute(select(repo.AGREEMENT).where(repo.AGREEMENT.c.id == aid)).one()
    unit = repo.unit(s, agreement.unit_id)
    area = repo.service_area(s, unit.service_area_id)
    municipality = repo.municipality(s, area.municipality_id)
    people: list[Person] = []
    for pid in {unit.leader_id, area.director_id}:
        p = repo.person(s, pid)
        if p is not None:
            people.append(p)
    revisions: list[PackageRevision] = []
    links: set[str] = set()
    ids = s.execute(
        select(repo.REVISION.c.id).where(repo.REVISION.c.agreement_id == aid).order_by(repo.REVISION.c.number)
    ).scalars()
    for rid in list(ids):
        rev = repo.load_revision(s, rid)
        fp = fingerprint(rev)
        known = known_fingerprints(s, rid) | {fp}
        set_known_fingerprints(s, rid, known)  # it is shared now
        links |= {p for g in rev.content.goals for p in g.plan_goal_ids}
        doc = s.execute(select(repo.SIGNED_DOC).where(repo.SIGNED_DOC.c.revision_id == rid)).first()
        revisions.append(
            PackageRevision(
                revision=rev,
                fingerprint=fp,
                shared_fingerprints=known,
                signatures=repo.signatures(s, rid),
                signed_document=SignedDocument(pdf=bytes(doc.pdf), updated_at=parse_timestamp(doc.updated_at))
                if doc is not None
                else None,
            )
        )
    plan_goals = repo.plan_goal_closure(s, links) if links else {}
    all_plans = {p.id: p for p in repo.plans(s)}
    plans: dict[str, Plan] = {}
    todo = [g.plan_id for g in plan_goals.values()]
    while todo:
        pid = todo.pop()
        if pid in plans or pid not in all_plans:
            continue
        plans[pid] = all_plans[pid]
        if all_plans[pid].parent_plan_id:
            todo.append(all_plans[pid].parent_plan_id or "")
    positions: dict[str, int] = {}
    if plan_goals:
        for row in s.execute(
            select(repo.PLAN_GOAL.c.id, repo.PLAN_GOAL.c.position).where(repo.PLAN_GOAL.c.id.in_(list(plan_goals)))
        ).all():
            positions[row.id] = row.position
    return Package(
        agreement_id=aid,
        unit_id=unit.id,
        year=agreement.year,
        municipality=municipality,
        service_area=area,
        unit=unit,
        people=people,
        plans=list(plans.values()),
        plan_goals=list(plan_goals.values()),
        plan_goal_positions=positions,
        revisions=revisions,
        remarks=repo.remarks(s, aid),
    )


def write_atomically(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as e:
        raise ExchangeError(
            N_("Avtalepakken kunne ikke skrives til «{path}»: {reason}.", path=str(path), reason=os_error_text(e, path))
        ) from e
