"""Use cases on agreements: create, edit (texts and items), status, revisions, copy forward, list.

Every public method is one transaction and returns :class:`Changes`. Edits are refused on a frozen
(signed) revision here with a friendly message; the database triggers refuse them too.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, select, update
from sqlmodel import Session

from enhetsdialog.domain.enums import (
    ActivityStatus,
    Direction,
    Frequency,
    IndicatorKind,
    Status,
    SupportArea,
)
from enhetsdialog.domain.errors import DomainError, NotFoundError, ValidationError
from enhetsdialog.domain.model import (
    TEXT_FIELDS,
    FullAgreement,
    Goal,
    Revision,
    RevisionSummary,
    new_id,
)
from enhetsdialog.domain.rules import (
    check_text,
    check_transition,
    check_year,
    ensure_editable,
    normalize_decimal,
    parse_decimal,
)
from enhetsdialog.domain.sdg import SDG_BY_NUMBER
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database

# --- item kinds: which table, which fields a user may set, and how values are checked ------------------


@dataclass(frozen=True, slots=True)
class ItemKind:
    table: Table
    fields: dict[str, str]  # field -> type tag
    in_goal: bool  # ordered within a goal (activities, indicators) or within the revision


ITEM_KINDS: dict[str, ItemKind] = {
    "goal": ItemKind(repo.GOAL, {"text": "text", "description": "text"}, in_goal=False),
    "activity": ItemKind(
        repo.ACTIVITY,
        {"what": "text", "responsible": "text", "deadline": "date", "status": "activity_status", "goal_id": "goal"},
        in_goal=True,
    ),
    "indicator": ItemKind(
        repo.INDICATOR,
        {
            "kind": "indicator_kind",
            "name": "text",
            "description": "text",
            "unit_of_measure": "text",
            "baseline_value": "decimal",
            "baseline_year": "year",
            "target_value": "decimal",
            "direction": "direction",
            "data_source": "text",
            "frequency": "frequency",
            "responsible": "text",
            "goal_id": "goal",
        },
        in_goal=True,
    ),
    "support_need": ItemKind(repo.SUPPORT, {"area": "support_area", "need": "text"}, in_goal=False),
    "participant": ItemKind(
        repo.PARTICIPANT, {"role": "text", "name": "text", "how": "text", "when": "text"}, in_goal=False
    ),
}

FIELD_LABELS: dict[str, str] = {
    "text": "Målet",
    "description": "Beskrivelsen",
    "what": "Tiltaket",
    "responsible": "Ansvarlig",
    "deadline": "Frist",
    "name": "Navnet",
    "unit_of_measure": "Enheten",
    "baseline_value": "Utgangsverdien",
    "baseline_year": "Året for utgangsverdien",
    "target_value": "Målverdien",
    "data_source": "Datakilden",
    "need": "Behovet",
    "role": "Rollen",
    "how": "Hvordan",
    "when": "Når",
}


def _enum(enum: Any, value: Any, label: str) -> str:
    try:
        return str(enum(value.value if hasattr(value, "value") else value).value)
    except ValueError as exc:
        allowed = ", ".join(str(e.value) for e in enum)
        raise ValidationError(f"«{value}» er ikke en gyldig verdi for {label} (gyldige: {allowed}).") from exc


def coerce(tag: str, field_name: str, value: Any) -> Any:
    """Turn what a caller gives (domain values or text typed by a user) into a database value."""
    label = FIELD_LABELS.get(field_name, field_name)
    if tag == "text":
        if not isinstance(value, str):
            raise ValidationError(f"{label} må være tekst.")
        return check_text(value, label)
    if tag == "decimal":
        if value is None or isinstance(value, str):
            dec = parse_decimal(value)
        elif isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            dec = normalize_decimal(Decimal(value))
        else:
            raise ValidationError(f"{label} må være et tall.")
        return repo.dec_to_db(dec)
    if tag == "year":
        if value in (None, ""):
            return None
        try:
            year = int(str(value).strip())
        except ValueError as exc:
            raise ValidationError(f"{label} må være et årstall, for eksempel 2026.") from exc
        return check_year(year)
    if tag == "date":
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            pass
        try:
            d, m, y = (int(x) for x in str(value).strip().split("."))
            return date(y, m, d).isoformat()
        except (ValueError, TypeError) as exc:
            raise ValidationError(f"«{value}» er ikke en dato. Skriv for eksempel 15.03.2027.") from exc
    if tag == "activity_status":
        return _enum(ActivityStatus, value, "status")
    if tag == "indicator_kind":
        return _enum(IndicatorKind, value, "indikatortype")
    if tag == "direction":
        return _enum(Direction, value, "retning")
    if tag == "support_area":
        return _enum(SupportArea, value, "støtteområde")
    if tag == "frequency":
        if value in (None, ""):
            return None
        return _enum(Frequency, value, "frekvens")
    if tag == "goal":
        if not isinstance(value, str):
            raise ValidationError("Ugyldig mål.")
        return value
    raise AssertionError(tag)  # pragma: no cover


class AgreementService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- reading -----------------------------------------------------------------------------------

    def list(
        self,
        *,
        year: int | None = None,
        unit_id: str | None = None,
        service_area_id: str | None = None,
        statuses: Iterable[Status] | None = None,
        text: str | None = None,
        latest_only: bool = True,
    ) -> builtins.list[RevisionSummary]:
        with self.db.read() as s:
            return repo.summaries(
                s,
                year=year,
                unit_id=unit_id,
                service_area_id=service_area_id,
                statuses=statuses,
                text=text,
                latest_only=latest_only,
            )

    def years(self) -> builtins.list[int]:
        """The years that have agreements, newest first."""
        with self.db.read() as s:
            return repo.years(s)

    def nudge_counts(self, revision_ids: Iterable[str]) -> dict[str, int]:
        """The number of nudges per revision, for lists of many agreements (the portfolio)."""
        with self.db.read() as s:
            return repo.nudge_counts(s, builtins.list(revision_ids))

    def search(self, text: str) -> builtins.list[RevisionSummary]:
        return self.list(text=text, latest_only=False)

    def get(self, revision_id: str) -> FullAgreement:
        with self.db.read() as s:
            return repo.load_full(s, revision_id)

    def revision(self, revision_id: str) -> Revision:
        with self.db.read() as s:
            return repo.load_revision(s, revision_id)

    def revisions_of(self, agreement_id: str) -> builtins.list[RevisionSummary]:
        with self.db.read() as s:
            aid = s.execute(select(repo.AGREEMENT.c.unit_id).where(repo.AGREEMENT.c.id == agreement_id)).scalar()
            if aid is None:
                raise NotFoundError(f"Fant ikke avtalen {agreement_id}.")
            rows = repo.summaries(s, unit_id=aid, latest_only=False)
            return [row for row in rows if row.agreement_id == agreement_id]

    def resolve_id(self, ref: str) -> str:
        """A revision id from a revision id, an agreement id (its latest revision) or a unique prefix."""
        ref = ref.strip().lower()
        if len(ref) < 4:
            raise NotFoundError("Oppgi minst fire tegn av avtalens id.")
        with self.db.read() as s:
            rev = repo.REVISION
            hits = set(s.execute(select(rev.c.id).where(rev.c.id.like(f"{repo._escape_like(ref)}%", escape="\\"))).scalars())
            agreements = s.execute(
                select(rev.c.id)
                .where(rev.c.agreement_id.like(f"{repo._escape_like(ref)}%", escape="\\"))
                .order_by(rev.c.number.desc())
            ).scalars().all()
            if agreements:
                hits.add(str(agreements[0]))
        if not hits:
            raise NotFoundError(f"Fant ingen avtale med id «{ref}».")
        if len(hits) > 1:
            raise NotFoundError(f"«{ref}» passer med flere avtaler; oppgi flere tegn.")
        return str(hits.pop())

    # --- creating ------------------------------------------------------------------------------------

    def create(self, unit_id: str, year: int) -> Changes:
        check_year(year)
        with self.db.write() as s:
            repo.unit(s, unit_id)
            self._ensure_no_agreement(s, unit_id, year)
            agreement_id = new_id()
            s.execute(insert(repo.AGREEMENT).values(id=agreement_id, unit_id=unit_id, year=year))
            rev = Revision(agreement_id=agreement_id, unit_id=unit_id, year=year, number=1)
            repo.insert_revision(s, rev)
        return Changes(revisions=frozenset({rev.id}), agreements=frozenset({agreement_id}), created=rev.id)

    def _ensure_no_agreement(self, s: Session, unit_id: str, year: int) -> None:
        existing = s.execute(
            select(repo.AGREEMENT.c.id).where(
                and_(repo.AGREEMENT.c.unit_id == unit_id, repo.AGREEMENT.c.year == year)
            )
        ).scalar()
        if existing is not None:
            name = repo.unit(s, unit_id).name
            raise DomainError(f"{name} har allerede en avtale for {year}.")

    def new_revision(self, revision_id: str) -> Changes:
        """A new editable revision (n+1) with the same content; the given one stays as it was."""
        with self.db.write() as s:
            source = repo.load_revision(s, revision_id)
            latest = s.execute(
                select(func.max(repo.REVISION.c.number)).where(repo.REVISION.c.agreement_id == source.agreement_id)
            ).scalar_one()
            if latest != source.number:
                raise DomainError(f"Det finnes allerede en nyere revisjon ({latest}) av denne avtalen.")
            if not source.frozen:
                raise DomainError("Revisjonen er ikke signert; den kan endres direkte.")
            rev = Revision(
                agreement_id=source.agreement_id,
                unit_id=source.unit_id,
                year=source.year,
                number=source.number + 1,
                content=source.content,
                based_on_id=source.id,
            )
            repo.insert_revision(s, rev)
        return Changes(revisions=frozenset({rev.id}), agreements=frozenset({rev.agreement_id}), created=rev.id)

    def copy_forward(self, revision_id: str, year: int | None = None) -> Changes:
        """Next year's agreement from this one: goals, activities and indicators are carried over,
        with last year's latest measured value as the new baseline. Co-creation starts afresh."""
        with self.db.write() as s:
            source = repo.load_revision(s, revision_id)
            target_year = check_year(year if year is not None else source.year + 1)
            if target_year <= source.year:
                raise DomainError("En avtale kan bare kopieres fram til et senere år.")
            self._ensure_no_agreement(s, source.unit_id, target_year)
            latest: dict[str, tuple[str, Decimal]] = {}
            for m in repo.measurements(s, revision_id):
                if m.indicator_id not in latest or m.period >= latest[m.indicator_id][0]:
                    latest[m.indicator_id] = (m.period, m.value)
            agreement_id = new_id()
            s.execute(insert(repo.AGREEMENT).values(id=agreement_id, unit_id=source.unit_id, year=target_year))
            c = source.content
            shift = target_year - source.year
            for g in c.goals:
                g.origin_id, g.id = g.id, new_id()
                for a in g.activities:
                    a.id = new_id()
                    a.status = ActivityStatus.PLANNED
                    if a.deadline is not None:
                        try:
                            a.deadline = a.deadline.replace(year=a.deadline.year + shift)
                        except ValueError:  # 29 February
                            a.deadline = a.deadline.replace(year=a.deadline.year + shift, day=28)
                for i in g.indicators:
                    if i.id in latest:
                        i.baseline_value = latest[i.id][1]
                        i.baseline_year = source.year
                    i.id = new_id()
            for n in c.support_needs:
                n.id = new_id()
            c.participants = []
            c.users_voice = ""
            rev = Revision(
                agreement_id=agreement_id,
                unit_id=source.unit_id,
                year=target_year,
                number=1,
                content=c,
                based_on_id=source.id,
            )
            repo.insert_revision(s, rev)
        return Changes(revisions=frozenset({rev.id}), agreements=frozenset({agreement_id}), created=rev.id)

    def delete_draft(self, revision_id: str) -> Changes:
        """Remove a revision that was never shared (status utkast, no signatures)."""
        with self.db.write() as s:
            rev = repo.revision_header(s, revision_id)
            if rev.status is not Status.UTKAST or rev.frozen:
                raise DomainError("Bare et utkast som ikke er delt, kan slettes.")
            repo.delete_content_lists(s, revision_id)
            remark_ids = select(repo.REMARK.c.id).where(repo.REMARK.c.revision_id == revision_id)
            s.execute(delete(repo.REPLY).where(repo.REPLY.c.remark_id.in_(remark_ids)))
            s.execute(delete(repo.REMARK).where(repo.REMARK.c.revision_id == revision_id))
            s.execute(delete(repo.REVISION).where(repo.REVISION.c.id == revision_id))
            left = s.execute(
                select(func.count()).select_from(repo.REVISION).where(repo.REVISION.c.agreement_id == rev.agreement_id)
            ).scalar_one()
            if left == 0:
                s.execute(delete(repo.AGREEMENT).where(repo.AGREEMENT.c.id == rev.agreement_id))
        return Changes(revisions=frozenset({revision_id}), agreements=frozenset({rev.agreement_id}))

    # --- editing -------------------------------------------------------------------------------------

    def _editable(self, s: Session, revision_id: str) -> Revision:
        rev = repo.revision_header(s, revision_id)
        ensure_editable(rev)
        return rev

    def _touch(self, s: Session, revision_id: str) -> None:
        s.execute(update(repo.REVISION).where(repo.REVISION.c.id == revision_id).values(updated_at=repo.now_iso()))

    def set_text(self, revision_id: str, field_name: str, value: str) -> Changes:
        """Set one of the free-text answers (challenges, values, structures, follow-up, users' voice...)."""
        if field_name not in TEXT_FIELDS:
            raise ValidationError(f"Ukjent felt: {field_name}.")
        check_text(value)
        with self.db.write() as s:
            self._editable(s, revision_id)
            s.execute(
                update(repo.REVISION)
                .where(repo.REVISION.c.id == revision_id)
                .values({field_name: value, "updated_at": repo.now_iso()})
            )
        return Changes(revisions=frozenset({revision_id}))

    def set_meeting_note(self, revision_id: str, step: str, text: str) -> Changes:
        """Notes of the dialogue meeting: what was decided per step. Not part of the signed content."""
        check_text(text)
        with self.db.write() as s:
            rev = repo.revision_header(s, revision_id)
            notes = dict(rev.meeting_notes)
            if text:
                notes[step] = text
            else:
                notes.pop(step, None)
            s.execute(
                update(repo.REVISION)
                .where(repo.REVISION.c.id == revision_id)
                .values(meeting_notes=json.dumps(notes, ensure_ascii=False, sort_keys=True))
            )
        return Changes(revisions=frozenset({revision_id}))

    def add_item(
        self,
        revision_id: str,
        kind: str,
        /,
        *,
        goal_id: str | None = None,
        index: int | None = None,
        item_id: str | None = None,
        **fields: Any,
    ) -> Changes:
        """Add a goal, activity, indicator, support need or participant; ``created`` is its id."""
        spec = self._spec(kind)
        values = self._values(spec, fields)
        new = item_id or new_id()
        with self.db.write() as s:
            self._editable(s, revision_id)
            scope: dict[str, Any] = {"revision_id": revision_id}
            if spec.in_goal:
                if goal_id is None:
                    raise ValidationError("Velg hvilket mål dette hører til.")
                self._check_goal(s, revision_id, goal_id)
                scope["goal_id"] = goal_id
            ids = self._ordered_ids(s, spec.table, scope)
            s.execute(insert(spec.table).values(id=new, position=len(ids), **scope, **values))
            if index is not None and 0 <= index < len(ids):
                ids.insert(index, new)
                self._renumber(s, spec.table, revision_id, ids)
            self._touch(s, revision_id)
        return Changes(revisions=frozenset({revision_id}), created=new)

    def update_item(self, revision_id: str, kind: str, item_id: str, /, **fields: Any) -> Changes:
        spec = self._spec(kind)
        values = self._values(spec, fields)
        if not values:
            return Changes()
        with self.db.write() as s:
            self._editable(s, revision_id)
            if "goal_id" in values:
                self._check_goal(s, revision_id, values["goal_id"])
                values["position"] = len(self._ordered_ids(s, spec.table, {"revision_id": revision_id, "goal_id": values["goal_id"]}))
            result = s.execute(
                update(spec.table)
                .where(and_(spec.table.c.revision_id == revision_id, spec.table.c.id == item_id))
                .values(**values)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError("Fant ikke elementet som skulle endres; det kan være slettet.")
            self._touch(s, revision_id)
        return Changes(revisions=frozenset({revision_id}))

    def remove_item(self, revision_id: str, kind: str, item_id: str) -> Changes:
        spec = self._spec(kind)
        with self.db.write() as s:
            self._editable(s, revision_id)
            t = spec.table
            row = s.execute(select(t).where(and_(t.c.revision_id == revision_id, t.c.id == item_id))).first()
            if row is None:
                raise NotFoundError("Fant ikke elementet som skulle slettes.")
            if kind == "goal":
                for child in (repo.ACTIVITY, repo.INDICATOR, repo.GOAL_PLAN, repo.GOAL_SDG):
                    s.execute(delete(child).where(and_(child.c.revision_id == revision_id, child.c.goal_id == item_id)))
            s.execute(delete(t).where(and_(t.c.revision_id == revision_id, t.c.id == item_id)))
            scope = {"revision_id": revision_id, **({"goal_id": row.goal_id} if spec.in_goal else {})}
            self._renumber(s, t, revision_id, self._ordered_ids(s, t, scope))
            self._touch(s, revision_id)
        return Changes(revisions=frozenset({revision_id}))

    def move_item(self, revision_id: str, kind: str, item_id: str, new_index: int) -> Changes:
        """Reorder: put the item at ``new_index`` among its siblings."""
        spec = self._spec(kind)
        with self.db.write() as s:
            self._editable(s, revision_id)
            t = spec.table
            row = s.execute(select(t).where(and_(t.c.revision_id == revision_id, t.c.id == item_id))).first()
            if row is None:
                raise NotFoundError("Fant ikke elementet som skulle flyttes.")
            scope = {"revision_id": revision_id, **({"goal_id": row.goal_id} if spec.in_goal else {})}
            ids = self._ordered_ids(s, t, scope)
            ids.remove(item_id)
            ids.insert(max(0, min(new_index, len(ids))), item_id)
            self._renumber(s, t, revision_id, ids)
            self._touch(s, revision_id)
        return Changes(revisions=frozenset({revision_id}))

    def set_goal_links(
        self,
        revision_id: str,
        goal_id: str,
        *,
        plan_goal_ids: Iterable[str] | None = None,
        sdgs: Iterable[int] | None = None,
    ) -> Changes:
        """Replace a goal's upward links (to plan goals and/or SDGs)."""
        with self.db.write() as s:
            self._editable(s, revision_id)
            self._check_goal(s, revision_id, goal_id)
            where = and_(repo.GOAL_PLAN.c.revision_id == revision_id, repo.GOAL_PLAN.c.goal_id == goal_id)
            if plan_goal_ids is not None:
                wanted = sorted(set(plan_goal_ids))
                known = set(s.execute(select(repo.PLAN_GOAL.c.id).where(repo.PLAN_GOAL.c.id.in_(wanted))).scalars())
                if unknown := [p for p in wanted if p not in known]:
                    raise NotFoundError(f"Fant ikke planmålet {unknown[0]} i plankatalogen.")
                s.execute(delete(repo.GOAL_PLAN).where(where))
                if wanted:
                    s.execute(
                        insert(repo.GOAL_PLAN),
                        [{"revision_id": revision_id, "goal_id": goal_id, "plan_goal_id": p} for p in wanted],
                    )
            if sdgs is not None:
                numbers = sorted(set(sdgs))
                if bad := [n for n in numbers if n not in SDG_BY_NUMBER]:
                    raise ValidationError(f"Bærekraftsmål {bad[0]} finnes ikke (1–17).")
                s.execute(
                    delete(repo.GOAL_SDG).where(
                        and_(repo.GOAL_SDG.c.revision_id == revision_id, repo.GOAL_SDG.c.goal_id == goal_id)
                    )
                )
                if numbers:
                    s.execute(
                        insert(repo.GOAL_SDG),
                        [{"revision_id": revision_id, "goal_id": goal_id, "sdg": n} for n in numbers],
                    )
            self._touch(s, revision_id)
        return Changes(revisions=frozenset({revision_id}))

    def replace_goal(self, revision_id: str, goal: Goal) -> Changes:
        """Write a whole goal (with its activities, indicators and links) at once: used by undo."""
        with self.db.write() as s:
            self._editable(s, revision_id)
            for child in (repo.ACTIVITY, repo.INDICATOR, repo.GOAL_PLAN, repo.GOAL_SDG):
                s.execute(delete(child).where(and_(child.c.revision_id == revision_id, child.c.goal_id == goal.id)))
            s.execute(delete(repo.GOAL).where(and_(repo.GOAL.c.revision_id == revision_id, repo.GOAL.c.id == goal.id)))
            from enhetsdialog.domain.model import Content

            repo.insert_content_lists(s, revision_id, Content(goals=[goal]))
            ids = self._ordered_ids(s, repo.GOAL, {"revision_id": revision_id})
            ids.remove(goal.id)
            ids.insert(max(0, min(goal.position, len(ids))), goal.id)
            self._renumber(s, repo.GOAL, revision_id, ids)
            self._touch(s, revision_id)
        return Changes(revisions=frozenset({revision_id}))

    # --- status ---------------------------------------------------------------------------------------

    def set_status(self, revision_id: str, status: Status | str, *, by: str = "") -> Changes:
        """A status change a user asks for (``by``: who, as shown); recorded with its time, so that a
        package carrying an older status does not undo it."""
        target = Status(status)
        with self.db.write() as s:
            rev = repo.revision_header(s, revision_id)
            open_remarks = s.execute(
                select(func.count())
                .select_from(repo.REMARK)
                .where(and_(repo.REMARK.c.agreement_id == rev.agreement_id, repo.REMARK.c.resolved.is_(False)))
            ).scalar_one()
            check_transition(rev.status, target, open_remarks=open_remarks, frozen=rev.frozen)
            now = repo.now_iso()
            s.execute(
                update(repo.REVISION)
                .where(repo.REVISION.c.id == revision_id)
                .values(status=target.value, updated_at=now, status_changed_at=now, status_changed_by=by)
            )
        return Changes(revisions=frozenset({revision_id}), status=True)

    def mark_archived(self, revision_id: str, at: datetime | None = None) -> Changes:
        """signert -> arkivert: done by the archive export, never typed by a user. ``at`` (the
        archive date written into the metadata) becomes the revision's last change."""
        with self.db.write() as s:
            rev = repo.revision_header(s, revision_id)
            if rev.status is Status.ARKIVERT:
                return Changes()
            check_transition(rev.status, Status.ARKIVERT, frozen=rev.frozen, by_system=True)
            when = at.isoformat(timespec="microseconds") if at else repo.now_iso()
            s.execute(
                update(repo.REVISION)
                .where(repo.REVISION.c.id == revision_id)
                .values(status=Status.ARKIVERT.value, updated_at=when, status_changed_at=when)
            )
        return Changes(revisions=frozenset({revision_id}), status=True)

    # --- helpers ----------------------------------------------------------------------------------------

    @staticmethod
    def _spec(kind: str) -> ItemKind:
        try:
            return ITEM_KINDS[kind]
        except KeyError:
            raise ValidationError(f"Ukjent type element: {kind}.") from None

    @staticmethod
    def _values(spec: ItemKind, fields: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in fields.items():
            if name not in spec.fields:
                raise ValidationError(f"Feltet «{name}» finnes ikke her.")
            out[name] = coerce(spec.fields[name], name, value)
        return out

    @staticmethod
    def _check_goal(s: Session, revision_id: str, goal_id: str) -> None:
        found = s.execute(
            select(repo.GOAL.c.id).where(and_(repo.GOAL.c.revision_id == revision_id, repo.GOAL.c.id == goal_id))
        ).scalar()
        if found is None:
            raise NotFoundError("Fant ikke målet i denne avtalen.")

    @staticmethod
    def _ordered_ids(s: Session, t: Table, scope: dict[str, Any]) -> builtins.list[str]:
        cond = and_(*[t.c[k] == v for k, v in scope.items()])
        return [str(x) for x in s.execute(select(t.c.id).where(cond).order_by(t.c.position, t.c.id)).scalars()]

    @staticmethod
    def _renumber(s: Session, t: Table, revision_id: str, ids: builtins.list[str]) -> None:
        for pos, item in enumerate(ids):
            s.execute(update(t).where(and_(t.c.revision_id == revision_id, t.c.id == item)).values(position=pos))
