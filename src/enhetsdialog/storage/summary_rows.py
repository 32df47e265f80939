"""Lists of agreements: the summaries the portfolio, the navigator and ``enhetsdialog list`` show
(filtered by year, status and text), the years there are, and the nudge counts. Core SQL on the
hot path, so that a list of thousands of agreements stays within its budget. Functions take a
Session and never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import Direction, Status
from enhetsdialog.domain.model import TEXT_FIELDS, RevisionSummary
from enhetsdialog.domain.rules import MAX_GOALS_NUDGE, target_on_wrong_side
from enhetsdialog.storage import repo
from enhetsdialog.storage.tables import (
    AGREEMENT,
    GOAL,
    GOAL_PLAN,
    GOAL_SDG,
    INDICATOR,
    REMARK,
    REVISION,
    SERVICE_AREA,
    UNIT,
)


def summaries(
    s: Session,
    *,
    year: int | None = None,
    unit_id: str | None = None,
    service_area_id: str | None = None,
    statuses: Iterable[Status] | None = None,
    text: str | None = None,
    latest_only: bool = True,
) -> list[RevisionSummary]:
    latest = (
        select(REVISION.c.agreement_id, func.max(REVISION.c.number).label("maxnum"))
        .group_by(REVISION.c.agreement_id)
        .subquery()
    )
    goal_count = (
        select(GOAL.c.revision_id, func.count().label("n")).group_by(GOAL.c.revision_id).subquery()
    )
    open_remarks = (
        select(REMARK.c.agreement_id, func.count().label("n"))
        .where(REMARK.c.resolved.is_(False))
        .group_by(REMARK.c.agreement_id)
        .subquery()
    )
    q = (
        select(
            REVISION.c.id,
            REVISION.c.agreement_id,
            REVISION.c.number,
            REVISION.c.status,
            REVISION.c.updated_at,
            AGREEMENT.c.year,
            UNIT.c.id.label("unit_id"),
            UNIT.c.name.label("unit_name"),
            UNIT.c.kind.label("unit_kind"),
            SERVICE_AREA.c.name.label("area_name"),
            (REVISION.c.number == latest.c.maxnum).label("is_latest"),
            func.coalesce(goal_count.c.n, 0).label("goals"),
            func.coalesce(open_remarks.c.n, 0).label("open_remarks"),
        )
        .join(AGREEMENT, AGREEMENT.c.id == REVISION.c.agreement_id)
        .join(UNIT, UNIT.c.id == AGREEMENT.c.unit_id)
        .join(SERVICE_AREA, SERVICE_AREA.c.id == UNIT.c.service_area_id)
        .join(latest, latest.c.agreement_id == REVISION.c.agreement_id)
        .outerjoin(goal_count, goal_count.c.revision_id == REVISION.c.id)
        .outerjoin(open_remarks, open_remarks.c.agreement_id == REVISION.c.agreement_id)
        .order_by(AGREEMENT.c.year.desc(), UNIT.c.name, REVISION.c.number.desc())
    )
    if latest_only:
        q = q.where(REVISION.c.number == latest.c.maxnum)
    if year is not None:
        q = q.where(AGREEMENT.c.year == year)
    if unit_id is not None:
        q = q.where(AGREEMENT.c.unit_id == unit_id)
    if service_area_id is not None:
        q = q.where(UNIT.c.service_area_id == service_area_id)
    if statuses is not None:
        q = q.where(REVISION.c.status.in_([x.value for x in statuses]))
    if text:
        pattern = f"%{escape_like(text)}%"
        in_goals = select(GOAL.c.revision_id).where(GOAL.c.text.ilike(pattern, escape="\\"))
        q = q.where(
            or_(
                UNIT.c.name.ilike(pattern, escape="\\"),
                REVISION.c.challenges.ilike(pattern, escape="\\"),
                REVISION.c.id.in_(in_goals),
                *[REVISION.c[f].ilike(pattern, escape="\\") for f in TEXT_FIELDS if f != "challenges"],
            )
        )
    return [
        RevisionSummary(
            id=r.id,
            agreement_id=r.agreement_id,
            unit_id=r.unit_id,
            unit_name=r.unit_name,
            unit_kind=r.unit_kind,
            service_area=r.area_name,
            year=r.year,
            number=r.number,
            status=Status(r.status),
            updated_at=repo.to_dt(r.updated_at),
            goal_count=r.goals,
            open_remarks=r.open_remarks,
            is_latest=bool(r.is_latest),
        )
        for r in s.execute(q).all()
    ]


def escape_like(text: str) -> str:
    """``text`` inside a LIKE pattern (escape character: backslash): its own % and _ match only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def years(s: Session) -> list[int]:
    return [int(y) for y in s.execute(select(AGREEMENT.c.year).distinct().order_by(AGREEMENT.c.year.desc())).scalars()]


def nudge_counts(s: Session, revision_ids: Sequence[str]) -> dict[str, int]:
    """How many nudges (domain.rules.nudges) each revision has, computed in a few set queries
    instead of loading every agreement. Must agree with the domain rule; a test checks that."""
    ids = list(revision_ids)
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        goals = s.execute(
            select(GOAL.c.revision_id, func.count()).where(GOAL.c.revision_id.in_(chunk)).group_by(GOAL.c.revision_id)
        ).all()
        for rid, n in goals:
            counts[rid] += n > MAX_GOALS_NUDGE
        linked = select(GOAL_PLAN.c.goal_id).where(
            and_(GOAL_PLAN.c.revision_id == GOAL.c.revision_id, GOAL_PLAN.c.goal_id == GOAL.c.id)
        ).union_all(
            select(GOAL_SDG.c.goal_id).where(and_(GOAL_SDG.c.revision_id == GOAL.c.revision_id, GOAL_SDG.c.goal_id == GOAL.c.id))
        )
        unlinked = s.execute(
            select(GOAL.c.revision_id, func.count())
            .where(and_(GOAL.c.revision_id.in_(chunk), ~linked.exists()))
            .group_by(GOAL.c.revision_id)
        ).all()
        kinds = (
            select(INDICATOR.c.revision_id, INDICATOR.c.goal_id, func.count(INDICATOR.c.kind.distinct()).label("k"))
            .where(INDICATOR.c.revision_id.in_(chunk))
            .group_by(INDICATOR.c.revision_id, INDICATOR.c.goal_id)
            .subquery()
        )
        missing_kind = s.execute(
            select(GOAL.c.revision_id, func.count())
            .select_from(GOAL.outerjoin(kinds, and_(kinds.c.revision_id == GOAL.c.revision_id, kinds.c.goal_id == GOAL.c.id)))
            .where(and_(GOAL.c.revision_id.in_(chunk), func.coalesce(kinds.c.k, 0) < 2))
            .group_by(GOAL.c.revision_id)
        ).all()
        incomplete = s.execute(
            select(INDICATOR.c.revision_id, func.count())
            .where(
                and_(
                    INDICATOR.c.revision_id.in_(chunk),
                    or_(INDICATOR.c.baseline_value.is_(None), INDICATOR.c.target_value.is_(None)),
                )
            )
            .group_by(INDICATOR.c.revision_id)
        ).all()
        for rows in (unlinked, missing_kind, incomplete):
            for rid, n in rows:
                counts[rid] += n
        # a target on the wrong side of the baseline: the values are exact decimals kept as text, so
        # the comparison is the domain's own, on the few indicators that have both
        valued = s.execute(
            select(INDICATOR.c.revision_id, INDICATOR.c.direction, INDICATOR.c.baseline_value, INDICATOR.c.target_value)
            .where(and_(INDICATOR.c.revision_id.in_(chunk), INDICATOR.c.baseline_value.is_not(None),
                        INDICATOR.c.target_value.is_not(None)))
        ).all()
        for rid, direction, baseline, target in valued:
            counts[rid] += target_on_wrong_side(Direction(direction), Decimal(baseline), Decimal(target))
    return counts


