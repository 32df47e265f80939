"""Repositories of the organisation (municipality, service areas, units, people) and of the plan
catalogue. They work inside the caller's transaction and never commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from enhetsdialog.domain.model import Municipality, Person, Plan, PlanGoal, ServiceArea, Unit
from enhetsdialog.storage import org_rows, repo


class OrgRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def municipalities(self) -> list[Municipality]:
        return org_rows.municipalities(self.s)

    def service_areas(self) -> list[ServiceArea]:
        return org_rows.service_areas(self.s)

    def units(self) -> list[Unit]:
        return org_rows.units(self.s)

    def people(self) -> list[Person]:
        return org_rows.people(self.s)

    def unit(self, unit_id: str) -> Unit:
        return repo.unit(self.s, unit_id)

    def service_area(self, area_id: str) -> ServiceArea:
        return repo.service_area(self.s, area_id)

    def municipality(self, municipality_id: str) -> Municipality:
        return repo.municipality(self.s, municipality_id)

    def person(self, person_id: str | None) -> Person | None:
        return repo.person(self.s, person_id)

    def save_municipality(self, m: Municipality) -> None:
        org_rows.save_municipality(self.s, m)

    def save_service_area(self, a: ServiceArea) -> None:
        org_rows.save_service_area(self.s, a)

    def save_unit(self, u: Unit) -> None:
        org_rows.save_unit(self.s, u)

    def save_person(self, p: Person) -> None:
        org_rows.save_person(self.s, p)


class CatalogueRepo:
    def __init__(self, s: Session) -> None:
        self.s = s

    def plans(self) -> list[Plan]:
        return org_rows.plans(self.s)

    def goals(self) -> list[PlanGoal]:
        return repo.plan_goals(self.s)

    def goals_with_ancestors(self, ids: set[str]) -> dict[str, PlanGoal]:
        return repo.plan_goal_closure(self.s, ids) if ids else {}

    def positions(self, ids: list[str]) -> dict[str, int]:
        return org_rows.plan_goal_positions(self.s, ids)

    def save_plan(self, p: Plan) -> None:
        org_rows.save_plan(self.s, p)

    def save_goal(self, g: PlanGoal, position: int) -> None:
        org_rows.save_plan_goal(self.s, g, position)
