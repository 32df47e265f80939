"""The organisation (municipality, service areas, units, people) and the plan catalogue as lists, and
saving them. Functions take a Session and never commit (see :mod:`storage.repo`, which reads the
single objects an agreement shows)."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from enhetsdialog.domain.model import Municipality, Person, Plan, PlanGoal, ServiceArea, Unit
from enhetsdialog.storage import repo
from enhetsdialog.storage.tables import (
    MUNICIPALITY,
    PERSON,
    PLAN,
    PLAN_GOAL,
    PLAN_GOAL_SDG,
    SERVICE_AREA,
    UNIT,
)


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


def save_person(s: Session, p: Person) -> None:
    repo.upsert(s, PERSON, {"id": p.id, "name": p.name, "title": p.title, "role": p.role, "email": p.email})


def save_municipality(s: Session, m: Municipality) -> None:
    repo.upsert(s, MUNICIPALITY, {"id": m.id, "name": m.name, "number": m.number})


def save_service_area(s: Session, a: ServiceArea) -> None:
    repo.upsert(s, SERVICE_AREA, {"id": a.id, "name": a.name, "municipality_id": a.municipality_id, "director_id": a.director_id})


def save_unit(s: Session, u: Unit) -> None:
    repo.upsert(
        s,
        UNIT,
        {"id": u.id, "name": u.name, "service_area_id": u.service_area_id, "kind": u.kind, "leader_id": u.leader_id},
    )


def plans(s: Session) -> list[Plan]:
    return [repo.plan_from_row(r) for r in s.execute(select(PLAN)).all()]


def plan_goal_positions(s: Session, ids: list[str]) -> dict[str, int]:
    rows = s.execute(select(PLAN_GOAL.c.id, PLAN_GOAL.c.position).where(PLAN_GOAL.c.id.in_(ids))).all()
    return {str(r.id): int(r.position) for r in rows}


def save_plan(s: Session, p: Plan) -> None:
    repo.upsert(
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
    repo.upsert(
        s,
        PLAN_GOAL,
        {"id": g.id, "plan_id": g.plan_id, "code": g.code, "text": g.text, "parent_id": g.parent_id, "position": position},
    )
    s.execute(delete(PLAN_GOAL_SDG).where(PLAN_GOAL_SDG.c.plan_goal_id == g.id))
    for n in sorted(set(g.sdgs)):
        s.execute(insert(PLAN_GOAL_SDG).values(plan_goal_id=g.id, sdg=n))
