"""The plan catalogue: plans (KPS, kommunedelplaner/temaplaner, HØP) and their goals, imported from a
JSON file the municipality distributes (format: docs/plankatalog.md)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from enhetsdialog.domain.enums import PlanKind
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.model import Plan, PlanGoal, Sdg
from enhetsdialog.domain.sdg import SDG_BY_NUMBER, SDGS
from enhetsdialog.fileio import read_user_file
from enhetsdialog.i18n import N_, _
from enhetsdialog.services.base import Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.values import MUNICIPALITY_KEY, MunicipalValues, parse_values, same_municipality
from enhetsdialog.services.values import load as load_values
from enhetsdialog.services.values import store as store_values
from enhetsdialog.storage.uow import UnitOfWork

CATALOGUE_FORMAT = "enhetsdialog.plankatalog/1"
MAX_CATALOGUE_BYTES = 20 * 1024 * 1024


def _uuid(value: Any, where: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise ValidationError(N_("{where}: «{value}» er ikke en gyldig UUID.", where=where, value=value)) from None


def _text(d: dict[str, Any], key: str, where: str, *, required: bool = True, limit: int = 5000) -> str:
    v = d.get(key, "")
    if not isinstance(v, str) or (required and not v.strip()):
        raise ValidationError(N_("{where}: «{key}» mangler eller er ikke tekst.", where=where, key=key))
    if len(v) > limit:
        raise ValidationError(N_("{where}: «{key}» er for lang (høyst {limit} tegn).", where=where, key=key, limit=limit))
    return v


def parse_catalogue(data: Any) -> tuple[list[Plan], list[tuple[PlanGoal, int]]]:
    """Check a catalogue document completely before anything is written."""
    if not isinstance(data, dict) or data.get("format") != CATALOGUE_FORMAT:
        raise ValidationError(N_("Filen er ikke en plankatalog (forventet \"format\": \"{format}\").", format=CATALOGUE_FORMAT))
    raw_plans = data.get("plans")
    if not isinstance(raw_plans, list) or not raw_plans:
        raise ValidationError(N_("Plankatalogen har ingen planer («plans»)."))
    plans: list[Plan] = []
    goals: list[tuple[PlanGoal, int]] = []
    for n, p in enumerate(raw_plans, start=1):
        where = _("Plan {n}", n=n)
        if not isinstance(p, dict):
            raise ValidationError(N_("{where} har feil form.", where=where))
        try:
            kind = PlanKind(str(p.get("kind")))
        except ValueError:
            raise ValidationError(
                N_("{where}: ukjent plantype «{value}» (gyldige: {kinds}).", where=where, value=p.get("kind"), kinds=', '.join(k.value for k in PlanKind))
            ) from None
        period = p.get("period") or [None, None]
        if not (isinstance(period, list) and len(period) == 2 and all(x is None or isinstance(x, int) for x in period)):
            raise ValidationError(N_("{where}: «period» skal være [fra-år, til-år].", where=where))
        plan = Plan(
            id=_uuid(p.get("id"), where),
            name=_text(p, "name", where, limit=500),
            kind=kind,
            period_start=period[0],
            period_end=period[1],
            parent_plan_id=_uuid(p["parent"], where) if p.get("parent") else None,
        )
        plans.append(plan)
        raw_goals = p.get("goals", [])
        if not isinstance(raw_goals, list):
            raise ValidationError(N_("{where}: «goals» skal være en liste.", where=where))
        for m, g in enumerate(raw_goals, start=1):
            gwhere = _("{where}, mål {m}", where=where, m=m)
            if not isinstance(g, dict):
                raise ValidationError(N_("{gwhere} har feil form.", gwhere=gwhere))
            sdgs = g.get("sdgs", [])
            if not isinstance(sdgs, list) or any(not isinstance(x, int) or x not in SDG_BY_NUMBER for x in sdgs):
                raise ValidationError(N_("{gwhere}: «sdgs» skal være en liste med tall fra 1 til 17.", gwhere=gwhere))
            goals.append(
                (
                    PlanGoal(
                        id=_uuid(g.get("id"), gwhere),
                        plan_id=plan.id,
                        code=_text(g, "code", gwhere, required=False, limit=50),
                        text=_text(g, "text", gwhere),
                        parent_id=_uuid(g["parent"], gwhere) if g.get("parent") else None,
                        sdgs=sorted(set(sdgs)),
                    ),
                    m - 1,
                )
            )
    ids = [p.id for p in plans] + [g.id for g, _n in goals]
    if len(ids) != len(set(ids)):
        raise ValidationError(N_("Plankatalogen bruker samme id flere ganger."))
    return plans, goals


def read_catalogue_file(path: Path | str) -> bytes:
    """A regular file of sane size only, checked before reading (not /dev/zero, not a FIFO)."""
    return read_user_file(path, max_bytes=MAX_CATALOGUE_BYTES, what=N_("en plankatalog"), error=ValidationError)


class CatalogueService(Service):
    def import_file(self, path: Path | str, *, allow_foreign: bool = False) -> Changes:
        return self.import_bytes(read_catalogue_file(path), Path(path).name, allow_foreign=allow_foreign)

    def import_bytes(self, raw: bytes, name: str, *, allow_foreign: bool = False) -> Changes:
        """A catalogue file's bytes (``name`` for messages): decoded, checked and imported."""
        path = Path(name)
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as e:
            raise ValidationError(N_("«{name}» er ikke en tekstfil i UTF-8 (feil ved byte {start}).", name=path.name, start=e.start)) from e
        except json.JSONDecodeError as e:
            raise ValidationError(
                N_("«{name}» er ikke gyldig JSON (feil på linje {lineno}, kolonne {colno}).", name=path.name, lineno=e.lineno, colno=e.colno)
            ) from e
        try:  # "\ud800" is valid JSON but no text: it could never be stored
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError(
                N_("«{name}» inneholder et ugyldig tegn (en enkeltstående surrogat, \\ud800–\\udfff).", name=path.name)
            ) from None
        return self.import_data(data, allow_foreign=allow_foreign)

    @writes
    def import_data(self, uow: UnitOfWork, data: Any, *, allow_foreign: bool = False) -> Changes:
        """Import a catalogue document. One from another municipality than this database's (or than
        the catalogue imported before) raises ForeignCatalogueError unless ``allow_foreign``: the
        user is asked before plans of two municipalities are mixed."""
        plans, goals = parse_catalogue(data)
        own_values = parse_values(data)
        theirs = data.get("municipality") if isinstance(data.get("municipality"), str) else ""
        if theirs and not allow_foreign:
            here = [m.name for m in uow.org.municipalities()] or [x for x in [uow.settings.get(MUNICIPALITY_KEY)] if x]
            if here and not any(same_municipality(theirs, h) for h in here):
                raise ForeignCatalogueError(theirs, here[0])
        known_plans = {p.id for p in uow.catalogue.plans()} | {p.id for p in plans}
        known_goals = {g.id for g in uow.catalogue.goals()} | {g.id for g, _n in goals}
        for p in plans:
            if p.parent_plan_id and p.parent_plan_id not in known_plans:
                raise ValidationError(N_("Planen «{name}» viser til en overordnet plan som ikke finnes.", name=p.name))
        parents = {g.id: g.parent_id for g, _n in goals}
        for g, _n in goals:
            if g.parent_id and g.parent_id not in known_goals:
                raise ValidationError(N_("Planmålet «{value}» viser til et overordnet mål som ikke finnes.", value=g.code or g.text[:40]))
            seen, cur = {g.id}, g.parent_id
            while cur in parents:
                if cur in seen:
                    raise ValidationError(N_("Planmålet «{value}» er sitt eget overordnede mål.", value=g.code or g.text[:40]))
                seen.add(cur)
                cur = parents[cur]
        # parents first, so foreign keys hold at every insert
        for p in sorted(plans, key=lambda x: x.parent_plan_id is not None):
            uow.catalogue.save_plan(p)
        depth = {g.id: _depth(g.id, parents) for g, _n in goals}
        for g, pos in sorted(goals, key=lambda x: depth[x[0].id]):
            uow.catalogue.save_goal(g, pos)
        if own_values is not None:
            store_values(uow, own_values)
        if theirs and not uow.settings.get(MUNICIPALITY_KEY):
            uow.settings.set(MUNICIPALITY_KEY, theirs)
        details = {"plans": len(plans), "goals": len(goals), "values": len(own_values.values) if own_values else 0}
        return Changes(catalogue=True, details=details)

    @reads
    def values(self, uow: UnitOfWork) -> MunicipalValues:
        """The municipality's values and their guiding text (Trondheim's until a catalogue brings its own)."""
        return load_values(uow)

    @reads
    def plans(self, uow: UnitOfWork) -> list[Plan]:
        return sorted(uow.catalogue.plans(), key=lambda p: (p.kind.level, p.name))

    @reads
    def goals(self, uow: UnitOfWork) -> list[PlanGoal]:
        return uow.catalogue.goals()

    def search(self, text: str) -> list[PlanGoal]:
        needle = text.casefold().strip()
        return [g for g in self.goals() if needle in g.text.casefold() or needle in g.code.casefold()]

    @staticmethod
    def sdgs() -> tuple[Sdg, ...]:
        return SDGS


class ForeignCatalogueError(ValidationError):
    """The catalogue names another municipality than the one here; nothing was imported."""

    def __init__(self, theirs: str, here: str) -> None:
        super().__init__(N_("Plankatalogen er fra {theirs}, men denne databasen hører til {here}.",
                            theirs=theirs, here=here))
        self.theirs, self.here = theirs, here


def _depth(goal_id: str, parents: dict[str, str | None]) -> int:
    d, cur = 0, parents.get(goal_id)
    while cur in parents and d < 1000:
        d, cur = d + 1, parents[cur]
    return d
