"""What an import adds by id and never overwrites: the organisation and the plan goals the
agreement refers to (created if missing; a unit known here must be of the package's municipality),
and the remarks and replies (added; the resolution state of a remark known on both sides follows
the later change, its text never changes). Used by services/exchange_merge.py inside the import's
write transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from enhetsdialog.domain.model import Plan, PlanGoal, Remark
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import Package, timestamp
from enhetsdialog.i18n import N_, _
from enhetsdialog.services.exchange_merge_rules import remark_resolution
from enhetsdialog.storage.exchange_merge_rows import StoredRemark
from enhetsdialog.storage.uow import UnitOfWork

# --- the organisation and the catalogue -------------------------------------------------------------------


def check_municipality(uow: UnitOfWork, pkg: Package) -> None:
    """A package about a unit or service area known here must come from the same municipality."""
    area_id = uow.merge.unit_area(pkg.unit.id)
    if area_id is None:
        area_id = pkg.service_area.id
    municipality = uow.merge.area_municipality(area_id)
    if municipality is not None and municipality != pkg.municipality.id:
        here = uow.org.municipality(str(municipality)).name
        raise PackageError(
            _(
                "Pakken kommer fra {theirs}, men enheten hører til {ours} her. Pakken er ikke importert.",
                theirs=pkg.municipality.name,
                ours=here,
            )
        )


def write_organisation(uow: UnitOfWork, pkg: Package) -> bool:
    """The package's unit with its service area, municipality and people, where the unit is not
    here; True if anything was written."""
    rows, org = uow.merge, uow.org
    if rows.unit_exists(pkg.unit.id):
        return False
    people = {p.id: p for p in pkg.people}
    if not rows.service_area_exists(pkg.service_area.id):
        if not rows.municipality_exists(pkg.municipality.id):
            org.save_municipality(pkg.municipality)
        director = pkg.service_area.director_id
        if director is not None and not rows.person_exists(director):
            org.save_person(people[director])
        org.save_service_area(pkg.service_area)
    leader = pkg.unit.leader_id
    if leader is not None and not rows.person_exists(leader):
        org.save_person(people[leader])
    org.save_unit(pkg.unit)
    return True


def write_catalogue(uow: UnitOfWork, pkg: Package) -> bool:
    """The package's plans and plan goals that are not here, parents first; True if any was written."""
    catalogue = uow.catalogue
    written = False
    have_plans = uow.merge.plan_ids()
    have_goals = uow.merge.plan_goal_ids()
    todo = [p for p in pkg.plans if p.id not in have_plans]
    new_plans = {p.id for p in todo}
    while todo:  # parents first; a parent that is nowhere is dropped
        ready = [p for p in todo if not p.parent_plan_id or p.parent_plan_id in have_plans or p.parent_plan_id not in new_plans]
        for p in ready:
            if p.parent_plan_id and p.parent_plan_id not in have_plans:
                p = Plan(p.name, p.kind, p.period_start, p.period_end, None, p.id)
            catalogue.save_plan(p)
            have_plans.add(p.id)
            written = True
        todo = [p for p in todo if p.id not in have_plans]
        if not ready:  # a cycle (read_package refuses those; be safe)
            break
    goals = [g for g in pkg.plan_goals if g.id not in have_goals]
    pending = {g.id for g in goals}
    while goals:
        ready_goals = [g for g in goals if not g.parent_id or g.parent_id not in pending]
        if not ready_goals:
            break
        for g in ready_goals:
            if g.parent_id and g.parent_id not in have_goals and g.parent_id not in pending:
                g = PlanGoal(g.plan_id, g.code, g.text, None, list(g.sdgs), g.id)
            catalogue.save_goal(g, pkg.plan_goal_positions.get(g.id, 0))
            have_goals.add(g.id)
            pending.discard(g.id)
            written = True
        goals = [g for g in goals if g.id in pending]
    return written


# --- remarks and replies -----------------------------------------------------------------------------------


class RemarkMerge:
    """The package's remarks and replies against those here: first :meth:`check` (no writes), then
    :meth:`merge`."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.local_remarks: dict[str, StoredRemark] = {}
        self.local_replies: dict[str, str] = {}  # reply id -> its remark here

    def check(self, agreement_id: str, remarks: list[Remark]) -> None:
        """Refuse a remark or reply whose id is taken here by another one."""
        self.local_remarks = self.uow.merge.remarks([r.id for r in remarks])
        self.local_replies = self.uow.merge.reply_remarks([x.id for r in remarks for x in r.replies])
        for r in remarks:
            row = self.local_remarks.get(r.id)
            if row is not None and (row.agreement_id != agreement_id or row.revision_id != r.revision_id):
                raise PackageError(N_("En merknad i pakken har samme id som en annen merknad her. Pakken er ikke importert."))
            for x in r.replies:
                remark_here = self.local_replies.get(x.id)
                if remark_here is not None and remark_here != r.id:
                    raise PackageError(N_("Et svar i pakken har samme id som et annet svar her. Pakken er ikke importert."))

    def merge(self, remarks: list[Remark], capped: Callable[[datetime | None], datetime], cap: datetime) -> dict[str, int]:
        """Add what is new, take the later resolution state; the counts by the import report's names."""
        rows = self.uow.merge
        counts = {"remarks_added": 0, "remarks_updated": 0, "replies_added": 0}
        for r in remarks:
            row = self.local_remarks.get(r.id)
            if row is None:
                rows.insert_remark(
                    r,
                    created_at=timestamp(capped(r.created_at)),
                    resolved_at=timestamp(capped(r.resolved_at)) if r.resolved_at else None,
                )
                counts["remarks_added"] += 1
            else:
                values = remark_resolution(row, r, cap)
                if values is not None:
                    rows.set_remark_resolution(r.id, values)
                    counts["remarks_updated"] += 1
            for x in r.replies:
                if x.id in self.local_replies:
                    continue
                rows.insert_reply(x, r.id, created_at=timestamp(capped(x.created_at)))
                counts["replies_added"] += 1
        return counts
