"""Export: an agreement here, with all its revisions, remarks, organisation and plan goals, as a
:class:`~enhetsdialog.exchange.package.Package`. Building a package records every revision's
version as shared (table ``exchange_sync``, :mod:`enhetsdialog.storage.exchange_state`)."""

from __future__ import annotations

from pathlib import Path

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.errors import NotFoundError
from enhetsdialog.domain.model import Person, Plan
from enhetsdialog.exchange.errors import ExchangeError
from enhetsdialog.exchange.package import Package, PackageRevision, SignedDocument, parse_timestamp
from enhetsdialog.exchange.package_followup import FollowUpRecord
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import N_
from enhetsdialog.services.exchange_followup import export_records
from enhetsdialog.services.files import write_atomic
from enhetsdialog.storage.uow import UnitOfWork


def agreement_of(uow: UnitOfWork, ref: str) -> str:
    aid = uow.packages.agreement_of(ref)
    if aid is None:
        raise NotFoundError(N_("Fant ingen avtale med id «{ref}».", ref=ref))
    return aid


def build_package(uow: UnitOfWork, ref: str) -> Package:
    aid = agreement_of(uow, ref)
    unit_id, year = uow.packages.agreement(aid)
    unit = uow.org.unit(unit_id)
    area = uow.org.service_area(unit.service_area_id)
    municipality = uow.org.municipality(area.municipality_id)
    people: list[Person] = []
    for pid in {unit.leader_id, area.director_id}:
        p = uow.org.person(pid)
        if p is not None:
            people.append(p)
    revisions: list[PackageRevision] = []
    followup: list[FollowUpRecord] = []
    links: set[str] = set()
    for rid in uow.packages.revision_ids(aid):
        followup += export_records(uow.session, rid)
        rev = uow.agreements.revision(rid)
        fp = fingerprint(rev)
        known = uow.exchange.known(rid) | {fp}
        uow.exchange.set_known(rid, known)  # it is shared now
        links |= {p for g in rev.content.goals for p in g.plan_goal_ids}
        doc = uow.packages.signed_document(rid)
        revisions.append(
            PackageRevision(
                revision=rev,
                fingerprint=fp,
                shared_fingerprints=known,
                signatures=uow.packages.signatures(rid),
                signed_document=SignedDocument(pdf=doc[0], updated_at=parse_timestamp(doc[1])) if doc else None,
            )
        )
    plan_goals = uow.catalogue.goals_with_ancestors(links)
    all_plans = {p.id: p for p in uow.catalogue.plans()}
    plans: dict[str, Plan] = {}
    todo = [g.plan_id for g in plan_goals.values()]
    while todo:
        pid = todo.pop()
        if pid in plans or pid not in all_plans:
            continue
        plans[pid] = all_plans[pid]
        if all_plans[pid].parent_plan_id:
            todo.append(all_plans[pid].parent_plan_id or "")
    positions = uow.catalogue.positions(list(plan_goals)) if plan_goals else {}
    return Package(
        agreement_id=aid,
        unit_id=unit.id,
        year=year,
        municipality=municipality,
        service_area=area,
        unit=unit,
        people=people,
        plans=list(plans.values()),
        plan_goals=list(plan_goals.values()),
        plan_goal_positions=positions,
        revisions=revisions,
        followup=followup,
        remarks=uow.remarks.of_agreement(aid),
    )


def write_atomically(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as e:
        raise ExchangeError(
            N_("Avtalepakken kunne ikke skrives til «{path}»: {reason}.", path=str(path), reason=os_error_text(e, path))
        ) from e
