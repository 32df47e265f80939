"""The organisation: municipality, service areas with their director, units with their leader."""

from __future__ import annotations

from dataclasses import dataclass

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.model import Municipality, Person, ServiceArea, Unit
from enhetsdialog.domain.rules import check_text
from enhetsdialog.i18n import N_, _
from enhetsdialog.services.base import Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.settings import check_language
from enhetsdialog.storage.repo import language_key
from enhetsdialog.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class UnitInfo:
    unit: Unit
    service_area: ServiceArea
    leader: Person | None
    director: Person | None


class OrgService(Service):
    @writes
    def create_municipality(self, uow: UnitOfWork, name: str, number: str = "") -> Changes:
        m = Municipality(name=_name(name), number=number.strip())
        uow.org.save_municipality(m)
        return Changes(organisation=True, created=m.id)

    @writes
    def create_person(self, uow: UnitOfWork, name: str, title: str = "", role: str = "", email: str = "") -> Changes:
        p = Person(name=_name(name), title=check_text(title), role=check_text(role), email=email.strip())
        uow.org.save_person(p)
        return Changes(organisation=True, created=p.id)

    @writes
    def create_service_area(self, uow: UnitOfWork, municipality_id: str, name: str, director_id: str | None = None) -> Changes:
        a = ServiceArea(name=_name(name), municipality_id=municipality_id, director_id=director_id)
        uow.org.save_service_area(a)
        return Changes(organisation=True, created=a.id)

    @writes
    def create_unit(self, uow: UnitOfWork, service_area_id: str, name: str, kind: str = "", leader_id: str | None = None) -> Changes:
        u = Unit(name=_name(name), service_area_id=service_area_id, kind=kind.strip(), leader_id=leader_id)
        uow.org.save_unit(u)
        return Changes(organisation=True, created=u.id)

    @writes
    def set_up_unit(
        self,
        uow: UnitOfWork,
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
        language: str | None = None,
    ) -> Changes:
        """First-time setup in one transaction: find (by name, ignoring case and spacing) or create the
        municipality, the service area with its director and the unit with its leader. Running it
        again with the same names creates nothing new. ``created`` is the unit's id. ``language``
        (``nb``, ``nn``, ``en``): the municipality's written language, set in the same transaction
        when given (None leaves it as it is)."""
        code = check_language(language) if language is not None else None
        m_name, a_name, u_name = _name(municipality), _name(service_area), _name(unit)
        m = next((x for x in uow.org.municipalities() if same_name(x.name, m_name)), None)
        if m is None:
            m = Municipality(name=m_name, number=municipality_number.strip())
            uow.org.save_municipality(m)
        if code is not None:
            uow.settings.set(language_key(m.id), code)
        area = next(
            (x for x in uow.org.service_areas() if x.municipality_id == m.id and same_name(x.name, a_name)), None
        )
        if area is None:
            director_id = self._person(uow, director, director_title, _("Direktør"))
            area = ServiceArea(name=a_name, municipality_id=m.id, director_id=director_id)
            uow.org.save_service_area(area)
        found = next((x for x in uow.org.units() if x.service_area_id == area.id and same_name(x.name, u_name)), None)
        if found is None:
            leader_id = self._person(uow, leader, leader_title, _("Enhetsleder"))
            found = Unit(name=u_name, service_area_id=area.id, kind=kind.strip().lower(), leader_id=leader_id)
            uow.org.save_unit(found)
        return Changes(organisation=True, settings=code is not None, created=found.id)

    @staticmethod
    def _person(uow: UnitOfWork, name: str, title: str, role: str) -> str | None:
        if not name.strip():
            return None
        p = Person(name=_name(name), title=check_text(title.strip()), role=role)
        uow.org.save_person(p)
        return p.id

    @reads
    def units(self, uow: UnitOfWork) -> list[UnitInfo]:
        areas = {a.id: a for a in uow.org.service_areas()}
        persons = {p.id: p for p in uow.org.people()}
        out = []
        for u in uow.org.units():
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

    @reads
    def municipalities(self, uow: UnitOfWork) -> list[Municipality]:
        return uow.org.municipalities()

    @reads
    def service_areas(self, uow: UnitOfWork) -> list[ServiceArea]:
        return uow.org.service_areas()


def same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(N_("Navnet kan ikke være tomt."))
    return check_text(name)[:300]
