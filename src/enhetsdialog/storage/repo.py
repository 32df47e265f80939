"""Reading and writing domain objects. Functions take a Session and never commit: the caller's
transaction (one per service call) decides.

Core SQL (not ORM objects) is used on the hot paths - loading an agreement, listing agreements -
so that they stay within their time budgets with thousands of agreements.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import (
    AnchorKind,
    Direction,
    ItemKind,
    PlanKind,
    Role,
    Status,
)
from enhetsdialog.domain.errors import NotFoundError
from enhetsdialog.domain.items import items_of, spec
from enhetsdialog.domain.model import (
    TEXT_FIELDS,
    Content,
    FullAgreement,
    Goal,
    Municipality,
    Person,
    Plan,
    PlanGoal,
    Remark,
    Reply,
    Revision,
    RevisionSummary,
    ServiceArea,
    Signature,
    Unit,
)
from enhetsdialog.domain.rules import MAX_GOALS_NUDGE, target_on_wrong_side
from enhetsdialog.domain.values import normalize_decimal
from enhetsdialog.i18n import N_, SOURCE_LANGUAGE, normalise

# the tables by name (the modules that still write SQL use them from here)
from enhetsdialog.storage import followup_rows
from enhetsdialog.storage.tables import (
    ACTIVITY as ACTIVITY,
)
from enhetsdialog.storage.tables import (
    AGREEMENT as AGREEMENT,
)
from enhetsdialog.storage.tables import (
    ASSESSMENT as ASSESSMENT,
)
from enhetsdialog.storage.tables import (
    GOAL as GOAL,
)
from enhetsdialog.storage.tables import (
    GOAL_PLAN as GOAL_PLAN,
)
from enhetsdialog.storage.tables import (
    GOAL_SDG as GOAL_SDG,
)
from enhetsdialog.storage.tables import (
    INDICATOR as INDICATOR,
)
from enhetsdialog.storage.tables import (
    ITEM_TABLES as ITEM_TABLES,
)
from enhetsdialog.storage.tables import (
    MEASUREMENT as MEASUREMENT,
)
from enhetsdialog.storage.tables import (
    MUNICIPALITY as MUNICIPALITY,
)
from enhetsdialog.storage.tables import (
    PARTICIPANT as PARTICIPANT,
)
from enhetsdialog.storage.tables import (
    PERSON as PERSON,
)
from enhetsdialog.storage.tables import (
    PLAN as PLAN,
)
from enhetsdialog.storage.tables import (
    PLAN_GOAL as PLAN_GOAL,
)
from enhetsdialog.storage.tables import (
    PLAN_GOAL_SDG as PLAN_GOAL_SDG,
)
from enhetsdialog.storage.tables import (
    REMARK as REMARK,
)
from enhetsdialog.storage.tables import (
    REPLY as REPLY,
)
from enhetsdialog.storage.tables import (
    REVISION as REVISION,
)
from enhetsdialog.storage.tables import (
    SERVICE_AREA as SERVICE_AREA,
)
from enhetsdialog.storage.tables import (
    SETTING as SETTING,
)
from enhetsdialog.storage.tables import (
    SIGNATURE as SIGNATURE,
)
from enhetsdialog.storage.tables import (
    SIGNED_DOC as SIGNED_DOC,
)
from enhetsdialog.storage.tables import (
    SUPPORT as SUPPORT,
)
from enhetsdialog.storage.tables import (
    UNIT as UNIT,
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def to_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def dec_to_db(value: Decimal | None) -> str | None:
    return None if value is None else format(normalize_decimal(value), "f")


def dec_from_db(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- organisation -------------------------------------------------------------------------------------


def person(s: Session, person_id: str | None) -> Person | None:
    if person_id is None:
        return None
    r = s.execute(select(PERSON).where(PERSON.c.id == person_id)).first()
    return Person(id=r.id, name=r.name, title=r.title, role=r.role, email=r.email) if r else None


def unit(s: Session, unit_id: str) -> Unit:
    r = s.execute(select(UNIT).where(UNIT.c.id == unit_id)).first()
    if r is None:
        raise NotFoundError(N_("Fant ikke enheten {unit_id}.", unit_id=unit_id))
    return Unit(id=r.id, name=r.name, service_area_id=r.service_area_id, kind=r.kind, leader_id=r.leader_id)


def service_area(s: Session, area_id: str) -> ServiceArea:
    r = s.execute(select(SERVICE_AREA).where(SERVICE_AREA.c.id == area_id)).one()
    return ServiceArea(id=r.id, name=r.name, municipality_id=r.municipality_id, director_id=r.director_id)


def municipality(s: Session, municipality_id: str) -> Municipality:
    r = s.execute(select(MUNICIPALITY).where(MUNICIPALITY.c.id == municipality_id)).one()
    return Municipality(id=r.id, name=r.name, number=r.number)


def units(s: Session) -> list[Unit]:
    rows = s.execute(select(UNIT).order_by(UNIT.c.name)).all()
    return [
        Unit(id=r.id, name=r.name, service_area_id=r.service_area_id, kind=r.kind, leader_id=r.leader_id)
        for r in rows
    ]


def service_areas(s: Session) -> list[ServiceArea]:
    rows = s.execute(select(SERVICE_AREA).order_by(SERVICE_AREA.c.name)).all()
    return [ServiceArea(id=r.id, name=r.name, municipality_id=r.municipality_id, director_id=r.director_id) for r in rows]


def municipalities(s: Session) -> list[Municipality]:
    rows = s.execute(select(MUNICIPALITY).order_by(MUNICIPALITY.c.name)).all()
    return [Municipality(id=r.id, name=r.name, number=r.number) for r in rows]


def people(s: Session) -> list[Person]:
    rows = s.execute(select(PERSON).order_by(PERSON.c.name)).all()
    return [Person(id=r.id, name=r.name, title=r.title, role=r.role, email=r.email) for r in rows]


def upsert(s: Session, table: Table, values: dict[str, Any], key: Sequence[str] = ("id",)) -> None:
    cond = and_(*[table.c[k] == values[k] for k in key])
    exists = s.execute(select(func.count()).select_from(table).where(cond)).scalar_one()
    if exists:
        rest = {k: v for k, v in values.items() if k not in key}
        if rest:
            s.execute(update(table).where(cond).values(**rest))
    else:
        s.execute(insert(table).values(**values))


def save_person(s: Session, p: Person) -> None:
    upsert(s, PERSON, {"id": p.id, "name": p.name, "title": p.title, "role": p.role, "email": p.email})


def save_municipality(s: Session, m: Municipality) -> None:
    upsert(s, MUNICIPALITY, {"id": m.id, "name": m.name, "number": m.number})


def save_service_area(s: Session, a: ServiceArea) -> None:
    upsert(s, SERVICE_AREA, {"id": a.id, "name": a.name, "municipality_id": a.municipality_id, "director_id": a.director_id})


def save_unit(s: Session, u: Unit) -> None:
    upsert(
        s,
        UNIT,
        {"id": u.id, "name": u.name, "service_area_id": u.service_area_id, "kind": u.kind, "leader_id": u.leader_id},
    )


# --- plan catalogue ----------------------------------------------------------------------------------


def _plan(r: Any) -> Plan:
    return Plan(
        id=r.id,
        name=r.name,
        kind=PlanKind(r.kind),
        period_start=r.period_start,
        period_end=r.period_end,
        parent_plan_id=r.parent_plan_id,
    )


def plans(s: Session) -> list[Plan]:
    return [_plan(r) for r in s.execute(select(PLAN)).all()]


def plan_goals(s: Session, ids: Iterable[str] | None = None) -> list[PlanGoal]:
    q = select(PLAN_GOAL).order_by(PLAN_GOAL.c.plan_id, PLAN_GOAL.c.position, PLAN_GOAL.c.code)
    if ids is not None:
        q = q.where(PLAN_GOAL.c.id.in_(list(ids)))
    rows = s.execute(q).all()
    sdgs: dict[str, list[int]] = defaultdict(list)
    sq = select(PLAN_GOAL_SDG).order_by(PLAN_GOAL_SDG.c.sdg)
    if ids is not None:
        sq = sq.where(PLAN_GOAL_SDG.c.plan_goal_id.in_([r.id for r in rows]))
    for r in s.execute(sq).all():
        sdgs[r.plan_goal_id].append(r.sdg)
    return [
        PlanGoal(id=r.id, plan_id=r.plan_id, code=r.code, text=r.text, parent_id=r.parent_id, sdgs=sdgs[r.id])
        for r in rows
    ]


def plan_goal_positions(s: Session, ids: list[str]) -> dict[str, int]:
    rows = s.execute(select(PLAN_GOAL.c.id, PLAN_GOAL.c.position).where(PLAN_GOAL.c.id.in_(ids))).all()
    return {str(r.id): int(r.position) for r in rows}


def plan_goal_closure(s: Session, ids: Iterable[str]) -> dict[str, PlanGoal]:
    """The given plan goals and all their ancestors."""
    out: dict[str, PlanGoal] = {}
    todo = set(ids)
    while todo:
        found = plan_goals(s, todo)
        for g in found:
            out[g.id] = g
        todo = {g.parent_id for g in found if g.parent_id and g.parent_id not in out}
    return out


def save_plan(s: Session, p: Plan) -> None:
    upsert(
        s,
        PLAN,
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind.value,
            "period_start": p.period_start,
            "period_end": p.period_end,
            "parent_plan_id": p.parent_plan_id,
        },
    )


def save_plan_goal(s: Session, g: PlanGoal, position: int = 0) -> None:
    upsert(
        s,
        PLAN_GOAL,
        {"id": g.id, "plan_id": g.plan_id, "code": g.code, "text": g.text, "parent_id": g.parent_id, "position": position},
    )
    s.execute(delete(PLAN_GOAL_SDG).where(PLAN_GOAL_SDG.c.plan_goal_id == g.id))
    for n in sorted(set(g.sdgs)):
        s.execute(insert(PLAN_GOAL_SDG).values(plan_goal_id=g.id, sdg=n))


# --- revisions -------------------------------------------------------------------------------------------


def revision_header(s: Session, revision_id: str) -> Revision:
    """The revision without its lists (goals, needs, participants): cheap, for rule checks."""
    r = s.execute(
        select(REVISION, AGREEMENT.c.unit_id, AGREEMENT.c.year)
        .join(AGREEMENT, AGREEMENT.c.id == REVISION.c.agreement_id)
        .where(REVISION.c.id == revision_id)
    ).first()
    if r is None:
        raise NotFoundError(N_("Fant ikke avtalen {revision_id}.", revision_id=revision_id))
    return _revision(r, Content(**{name: getattr(r, name) for name in TEXT_FIELDS}))


def _revision(r: Any, content: Content) -> Revision:
    return Revision(
        id=r.id,
        agreement_id=r.agreement_id,
        unit_id=r.unit_id,
        year=r.year,
        number=r.number,
        status=Status(r.status),
        frozen=bool(r.frozen),
        content=content,
        created_at=to_dt(r.created_at),
        updated_at=to_dt(r.updated_at),
        based_on_id=r.based_on_id,
        meeting_notes=json.loads(r.meeting_notes or "{}"),
        status_changed_at=to_dt(r.status_changed_at),
        status_changed_by=r.status_changed_by or "",
    )


def _item_rows(s: Session, kind: ItemKind, revision_id: str) -> list[Any]:
    t = ITEM_TABLES[kind]
    return list(s.execute(select(t).where(t.c.revision_id == revision_id).order_by(t.c.position)).all())


def item_from_row(kind: ItemKind, r: Any) -> Any:
    """A domain item from its row (the declared fields, its id and its place)."""
    return spec(kind).from_plain(r._mapping, id=r.id, position=r.position)


def load_revision(s: Session, revision_id: str) -> Revision:
    rev = revision_header(s, revision_id)
    c = rev.content
    goals: dict[str, Goal] = {r.id: item_from_row(ItemKind.GOAL, r) for r in _item_rows(s, ItemKind.GOAL, revision_id)}
    for r in s.execute(select(GOAL_PLAN).where(GOAL_PLAN.c.revision_id == revision_id)).all():
        goals[r.goal_id].plan_goal_ids.append(r.plan_goal_id)
    for r in s.execute(select(GOAL_SDG).where(GOAL_SDG.c.revision_id == revision_id).order_by(GOAL_SDG.c.sdg)).all():
        goals[r.goal_id].sdgs.append(r.sdg)
    for r in _item_rows(s, ItemKind.ACTIVITY, revision_id):
        goals[r.goal_id].activities.append(item_from_row(ItemKind.ACTIVITY, r))
    for r in _item_rows(s, ItemKind.INDICATOR, revision_id):
        goals[r.goal_id].indicators.append(item_from_row(ItemKind.INDICATOR, r))
    c.goals = list(goals.values())
    c.support_needs = [item_from_row(ItemKind.SUPPORT_NEED, r) for r in _item_rows(s, ItemKind.SUPPORT_NEED, revision_id)]
    c.participants = [item_from_row(ItemKind.PARTICIPANT, r) for r in _item_rows(s, ItemKind.PARTICIPANT, revision_id)]
    return rev


def remarks(s: Session, agreement_id: str) -> list[Remark]:
    out: dict[str, Remark] = {}
    for r in s.execute(
        select(REMARK).where(REMARK.c.agreement_id == agreement_id).order_by(REMARK.c.created_at, REMARK.c.id)
    ).all():
        out[r.id] = remark_from_row(r)
    if out:
        for r in s.execute(
            select(REPLY).where(REPLY.c.remark_id.in_(list(out))).order_by(REPLY.c.created_at, REPLY.c.id)
        ).all():
            out[r.remark_id].replies.append(
                Reply(id=r.id, remark_id=r.remark_id, author=r.author, role=Role(r.role), text=r.text, created_at=_dt(r.created_at))
            )
    return list(out.values())


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def remark_from_row(r: Any) -> Remark:
    return Remark(
        id=r.id,
        agreement_id=r.agreement_id,
        revision_id=r.revision_id,
        anchor_kind=AnchorKind(r.anchor_kind),
        anchor_id=r.anchor_id,
        author=r.author,
        role=Role(r.role),
        text=r.text,
        created_at=_dt(r.created_at),
        resolved=bool(r.resolved),
        resolved_at=to_dt(r.resolved_at),
        resolved_by=r.resolved_by,
    )


def signatures(s: Session, revision_id: str) -> list[Signature]:
    rows = s.execute(
        select(SIGNATURE).where(SIGNATURE.c.revision_id == revision_id).order_by(SIGNATURE.c.signed_at)
    ).all()
    # signing order: the leader first (times from the signatures themselves may be equal to the second)
    rows = sorted(rows, key=lambda r: (r.role != Role.LEDER.value, r.signed_at))
    return [
        Signature(
            id=r.id,
            revision_id=r.revision_id,
            role=Role(r.role),
            name=r.name,
            title=r.title,
            signed_at=_dt(r.signed_at),
            fingerprint=r.fingerprint,
            certificate_subject=r.certificate_subject,
            certificate_fingerprint=r.certificate_fingerprint,
        )
        for r in rows
    ]


def load_full(s: Session, revision_id: str) -> FullAgreement:
    rev = load_revision(s, revision_id)
    u = unit(s, rev.unit_id)
    area = service_area(s, u.service_area_id)
    linked = {pid for g in rev.content.goals for pid in g.plan_goal_ids}
    pgoals = plan_goal_closure(s, linked) if linked else {}
    plan_ids = {g.plan_id for g in pgoals.values()}
    plan_map = {p.id: p for p in (_plan(r) for r in s.execute(select(PLAN).where(PLAN.c.id.in_(plan_ids))).all())} if plan_ids else {}
    return FullAgreement(
        revision=rev,
        unit=u,
        service_area=area,
        municipality=municipality(s, area.municipality_id),
        leader=person(s, u.leader_id),
        director=person(s, area.director_id),
        plans=plan_map,
        plan_goals=pgoals,
        remarks=remarks(s, rev.agreement_id),
        signatures=signatures(s, revision_id),
        measurements=followup_rows.measurements(s, revision_id),
        assessments=followup_rows.assessments(s, revision_id),
        progress=followup_rows.progress(s, revision_id),
        learning=followup_rows.learning(s, revision_id),
        value_names=value_names(s),
        language=municipality_language(s, area.municipality_id),
    )


VALUES_KEY = "catalogue.values"
"""The setting with the municipality's own values (services.values writes it)."""


def language_key(municipality_id: str) -> str:
    """The setting with a municipality's written language (``nb``, ``nn``, ``en``)."""
    return f"municipality.{municipality_id}.language"


def municipality_language(s: Session, municipality_id: str) -> str:
    """The municipality's written language: its agreements' PDFs and reports are in it (bokmål
    until set)."""
    return normalise(get_setting(s, language_key(municipality_id))) or SOURCE_LANGUAGE


def value_names(s: Session) -> tuple[str, ...]:
    """The names of the municipality's values, or () when the catalogue gave none."""
    raw = get_setting(s, VALUES_KEY)
    if not raw:
        return ()
    try:
        names = tuple(str(v["name"]).strip() for v in json.loads(raw)["values"][:3])
    except (ValueError, KeyError, TypeError):
        return ()
    return names if all(names) else ()


def insert_revision(s: Session, rev: Revision, created_at: str | None = None) -> None:
    """Insert a complete revision (header and content). The agreement row must exist."""
    ts = created_at or now_iso()
    c = rev.content
    s.execute(
        insert(REVISION).values(
            id=rev.id,
            agreement_id=rev.agreement_id,
            number=rev.number,
            status=rev.status.value,
            frozen=False,
            based_on_id=rev.based_on_id,
            created_at=ts,
            updated_at=ts,
            status_changed_at=ts,
            status_changed_by=rev.status_changed_by,
            meeting_notes=json.dumps(rev.meeting_notes, ensure_ascii=False, sort_keys=True),
            **{name: getattr(c, name) for name in TEXT_FIELDS},
        )
    )
    insert_content_lists(s, rev.id, c)


def item_values(revision_id: str, kind: ItemKind, item: Any, goal_id: str | None = None) -> dict[str, Any]:
    """The row of one item: its key, its goal (activities, indicators), its place, its fields."""
    row: dict[str, Any] = {"revision_id": revision_id, "id": item.id, "position": item.position}
    if spec(kind).parent is not None:
        row["goal_id"] = goal_id
    row.update(spec(kind).plain(item))
    return row


def insert_content_lists(s: Session, revision_id: str, c: Content) -> None:
    rows: dict[ItemKind, list[dict[str, Any]]] = {kind: [] for kind in ItemKind}
    plan_links, sdg_links = [], []
    for kind in ItemKind:
        rows[kind] = [item_values(revision_id, kind, x, goal_id) for x, goal_id in items_of(c, kind)]
    for g in c.goals:
        plan_links += [{"revision_id": revision_id, "goal_id": g.id, "plan_goal_id": p} for p in sorted(set(g.plan_goal_ids))]
        sdg_links += [{"revision_id": revision_id, "goal_id": g.id, "sdg": n} for n in sorted(set(g.sdgs))]
    for table, values in (
        (GOAL, rows[ItemKind.GOAL]),
        (GOAL_PLAN, plan_links),
        (GOAL_SDG, sdg_links),
        *((ITEM_TABLES[kind], rows[kind]) for kind in ItemKind if kind is not ItemKind.GOAL),
    ):
        if values:
            s.execute(insert(table), values)


def delete_content_lists(s: Session, revision_id: str) -> None:
    for table in (GOAL_PLAN, GOAL_SDG, ACTIVITY, INDICATOR, GOAL, SUPPORT, PARTICIPANT):
        s.execute(delete(table).where(table.c.revision_id == revision_id))


# --- lists ---------------------------------------------------------------------------------------------


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
            updated_at=to_dt(r.updated_at),
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


# --- settings --------------------------------------------------------------------------------------------


def get_setting(s: Session, key: str) -> str | None:
    v = s.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
    return None if v is None else str(v)


def set_setting(s: Session, key: str, value: str) -> None:
    upsert(s, SETTING, {"key": key, "value": value}, key=("key",))
