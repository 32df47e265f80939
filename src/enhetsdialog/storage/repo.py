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

from sqlalchemy import Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import (
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
    Revision,
    ServiceArea,
    Signature,
    Unit,
)
from enhetsdialog.domain.values import normalize_decimal
from enhetsdialog.i18n import N_, SOURCE_LANGUAGE, normalise
from enhetsdialog.storage import followup_rows
from enhetsdialog.storage.remark_rows import remarks
from enhetsdialog.storage.tables import (
    ACTIVITY,
    AGREEMENT,
    GOAL,
    GOAL_PLAN,
    GOAL_SDG,
    INDICATOR,
    ITEM_TABLES,
    MUNICIPALITY,
    PARTICIPANT,
    PERSON,
    PLAN,
    PLAN_GOAL,
    PLAN_GOAL_SDG,
    REVISION,
    SERVICE_AREA,
    SETTING,
    SIGNATURE,
    SUPPORT,
    UNIT,
)


def upsert(s: Session, table: Table, values: dict[str, Any], key: Sequence[str] = ("id",)) -> None:
    cond = and_(*[table.c[k] == values[k] for k in key])
    exists = s.execute(select(func.count()).select_from(table).where(cond)).scalar_one()
    if exists:
        rest = {k: v for k, v in values.items() if k not in key}
        if rest:
            s.execute(update(table).where(cond).values(**rest))
    else:
        s.execute(insert(table).values(**values))


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def to_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def dec_to_db(value: Decimal | None) -> str | None:
    return None if value is None else format(normalize_decimal(value), "f")


def dec_from_db(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- organisation and plan goals (as an agreement shows them) ----------------------------------


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


def plan_from_row(r: Any) -> Plan:
    return Plan(
        id=r.id,
        name=r.name,
        kind=PlanKind(r.kind),
        period_start=r.period_start,
        period_end=r.period_end,
        parent_plan_id=r.parent_plan_id,
    )


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
            signed_at=datetime.fromisoformat(r.signed_at),
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
    plan_map = {p.id: p for p in (plan_from_row(r) for r in s.execute(select(PLAN).where(PLAN.c.id.in_(plan_ids))).all())} if plan_ids else {}
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


# --- settings --------------------------------------------------------------------------------------------


def get_setting(s: Session, key: str) -> str | None:
    v = s.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
    return None if v is None else str(v)


def set_setting(s: Session, key: str, value: str) -> None:
    upsert(s, SETTING, {"key": key, "value": value}, key=("key",))
