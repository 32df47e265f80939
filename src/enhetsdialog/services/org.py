"""The organisation: municipality, service areas with their director, units with their leader."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.model import Municipality, Person, ServiceArea, Unit
from enhetsdialog.domain.rules import check_text
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database


@dataclass(frozen=True, slots=True)
class UnitInfo:
    unit: Unit
    service_area: ServiceArea
    leader: Person | None
    director: Person | None


class OrgService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create_municipality(self, name: str, number: str = "") -> Changes:
        m = Municipality(name=_name(name), number=number.strip())
        with self.db.write() as s:
            repo.save_municipality(s, m)
        return Changes(organisation=True, created=m.id)

    def create_person(self, name: str, title: str = "", role: str = "", email: str = "") -> Changes:
        p = Person(name=_name(name), title=check_text(title), role=check_text(role), email=email.strip())
        with self.db.write() as s:
            repo.save_person(s, p)
        return Changes(organisation=True, created=p.id)

    def create_service_area(self, municipality_id: str, name: str, director_id: str | None = None) -> Changes:
        a = ServiceArea(name=_name(name), municipality_id=municipality_id, director_id=director_id)
        with self.db.write() as s:
            repo.save_service_area(s, a)
        return Changes(organisation=True, created=a.id)

    def create_unit(self, service_area_id: str, name: str, kind: str = "", leader_id: str | None = None) -> Changes:
        u = Unit(name=_name(name), service_area_id=service_area_id, kind=kind.strip(), leader_id=leader_id)
        with self.db.write() as s:
            repo.save_unit(s, u)
        return Changes(organisation=True, created=u.id)

    def set_up_unit(
        self,
        *,
        municipality: str,
        municipality_number: str = "",
        service_area: str,
        director: str = "",
        director_title: str = "",
        unit: str,
        kind: str = "",
        leader: str = "",
        leader_title: str = "",
    ) -> Changes:
        """First-time setup in one transaction: find (by name, ignoring case and spacing) or create the
        municipality, the service area with its director and the unit with its leader. Running it
        again with the same names creates nothing new. ``created`` is the unit's id."""
        m_name, a_name, u_name = _name(municipality), _name(service_area), _name(unit)
        with self.db.write() as s:
            m = next((x for x in repo.municipalities(s) if same_name(x.name, m_name)), None)
            if m is None:
                m = Municipality(name=m_name, number=municipality_number.strip())
                repo.save_municipality(s, m)
            area = next(
                (x for x in repo.service_areas(s) if x.municipality_id == m.id and same_name(x.name, a_name)), None
            )
            if area is None:
                director_id = self._person(s, director, director_title, "Direktør")
                area = ServiceArea(name=a_name, municipality_id=m.id, director_id=director_id)
                repo.save_service_area(s, area)
            found = next((x for x in repo.units(s) if x.service_area_id == area.id and same_name(x.name, u_name)), None)
            if found is None:
                leader_id = self._person(s, leader, leader_title, "Enhetsleder")
                found = Unit(name=u_name, service_area_id=area.id, kind=kind.strip().lower(), leader_id=leader_id)
                repo.save_unit(s, found)
        return Changes(organisation=True, created=found.id)

    @staticmethod
    def _person(s: Session, name: str, title: str, role: str) -> str | None:
        if not name.strip():
            return None
        p = Person(name=_name(name), title=check_text(title.strip()), role=role)
        repo.save_person(s, p)
        return p.id

    def units(self) -> list[UnitInfo]:
        with self.db.read() as s:
            areas = {a.id: a for a in repo.service_areas(s)}
            persons = {p.id: p for p in repo.people(s)}
            out = []
            for u in repo.units(s):
                area = areas[u.service_area_id]
                out.append(
                    UnitInfo(
                        unit=u,
                        service_area=area,
                        leader=persons.get(u.leader_id or ""),
                        director=persons.get(area.director_id or ""),
                    )
                )
            return out

    def municipalities(self) -> list[Municipality]:
        with self.db.read() as s:
            return repo.municipalities(s)

    def service_areas(self) -> list[ServiceArea]:
        with self.db.read() as s:
            return repo.service_areas(s)


def same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Navnet kan ikke være tomt.")
    return check_text(name)[:300]
