"""Follow-up during the year: measured values per indicator and period, activity progress, the
year-end assessment per goal and «Hva lærte vi?» for the whole agreement.

Allowed on every revision, signed and archived ones included: these records say what happened,
they do not change what was agreed (the revision row, its items, fingerprint, signatures and stored
PDF are never touched here). Who recorded something is the user's profile name unless the caller
says otherwise (``by``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

from enhetsdialog.domain.enums import Assessment, ItemKind, ProgressStatus
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.followup import FollowUp, build_followup, parse_period
from enhetsdialog.domain.model import Revision
from enhetsdialog.domain.values import check_text, normalize_decimal, parse_date, parse_decimal
from enhetsdialog.i18n import N_, LazyText
from enhetsdialog.services.base import Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.measurement_csv import (
    CsvPreview,
    CsvRow,
    check_rows,
    parse_measurements_csv,
    resolve_ref,
)
from enhetsdialog.services.settings import SettingsService
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.uow import UnitOfWork

MAX_SOURCE_LENGTH = 500
E = TypeVar("E", Assessment, ProgressStatus)


class FollowUpService(Service):
    def __init__(self, db: Database, settings: SettingsService | None = None) -> None:
        super().__init__(db)
        self.settings = settings

    def _who(self, by: str | None) -> str:
        if by is not None:
            return by
        profile = self.settings.profile() if self.settings is not None else None
        return profile.name if profile is not None else ""

    # --- reading -----------------------------------------------------------------------------------

    @reads
    def followup(self, uow: UnitOfWork, revision_id: str, today: date | None = None) -> FollowUp:
        """The follow-up of a revision as the views and reports show it, with last year's values
        through the copy-forward link."""
        full = uow.agreements.full(revision_id)  # loaded once; of last year only the values the goals link to
        last_rid = _last_year_id(uow, full.revision)
        origins = {g.origin_id for g in full.revision.content.goals if g.origin_id}
        last = uow.followup.measurements_of_goals(last_rid, origins) if last_rid else None
        return build_followup(full, last, today or date.today())

    @reads
    def last_year(self, uow: UnitOfWork, revision_id: str, today: date | None = None) -> FollowUp | None:
        """Last year's follow-up (assessments, «Hva lærte vi?», results) of the agreement this one
        continues, or None when there is none."""
        last_rid = _last_year_id(uow, uow.agreements.header(revision_id))
        return None if last_rid is None else build_followup(uow.agreements.full(last_rid), None, today or date.today())

    # --- measurements -------------------------------------------------------------------------------

    @writes
    def record_measurement(
        self, uow: UnitOfWork, revision_id: str, indicator_id: str, period: str, value: Decimal | str, *,
        measured_on: date | str | None = None, source: str = "", comment: str = "", by: str | None = None,
    ) -> Changes:
        """Set the value measured for one period; the same period again replaces the value."""
        frequencies = uow.followup.indicator_frequencies(revision_id)
        if indicator_id not in frequencies:
            raise NotFoundError(N_("Fant ikke indikatoren."))
        p = parse_period(period, frequencies[indicator_id])
        dec = parse_decimal(value) if isinstance(value, str) else normalize_decimal(value)
        if dec is None:
            raise ValidationError(N_("Skriv inn en målt verdi."))
        day = parse_date(measured_on)
        check_text(comment, N_("Kommentaren"))
        _check_source(source)
        mid = uow.followup.record_measurement(
            revision_id, indicator_id, str(p), dec, comment, measured_on=day, source=source.strip(),
            recorded_by=self._who(by),
        )
        return Changes(followup=frozenset({revision_id}), created=mid)

    @writes
    def remove_measurement(self, uow: UnitOfWork, measurement_id: str) -> Changes:
        rid = uow.followup.remove_measurement(measurement_id, self._who(None))
        if rid is None:
            raise NotFoundError(N_("Fant ikke målingen."))
        return Changes(followup=frozenset({rid}))

    def preview_measurements_csv(self, data: bytes, revision_id: str | None = None) -> CsvPreview:
        """Every row of a CSV file checked against the agreements it names (nothing written): the
        rows as they would be recorded, or a ValidationError naming the first bad row."""
        rows = parse_measurements_csv(data)
        return self._check_csv(rows, revision_id)

    @reads
    def _check_csv(self, uow: UnitOfWork, rows: list[CsvRow], revision_id: str | None) -> CsvPreview:
        return check_rows(uow, rows, revision_id)

    @reads
    def resolve_item(self, uow: UnitOfWork, revision_id: str, kind: ItemKind, ref: str) -> str:
        """The id of a goal, activity or indicator of the revision from its id, a unique id prefix or
        a unique case-insensitive name prefix."""
        content = uow.agreements.revision(revision_id).content
        if kind is ItemKind.GOAL:
            items = [(g.id, g.text) for g in content.goals]
        elif kind is ItemKind.ACTIVITY:
            items = [(a.id, a.what) for g in content.goals for a in g.activities]
        else:
            items = [(i.id, i.name) for g in content.goals for i in g.indicators]
        return resolve_ref(ref, items, kind)

    @writes
    def import_measurements_csv(
        self, uow: UnitOfWork, data: bytes, revision_id: str | None = None, *, by: str | None = None
    ) -> Changes:
        """Record every row of a CSV file, or none: one bad row refuses the whole file."""
        preview = check_rows(uow, parse_measurements_csv(data), revision_id)
        who = self._who(by)
        for rid, rows in preview.by_revision().items():
            uow.followup.record_measurements(rid, rows, who)
        return Changes(
            followup=frozenset(preview.revisions), details={"rows": len(preview.rows), "replaced": preview.replaced}
        )

    # --- progress, assessments, learning ---------------------------------------------------------

    @writes
    def set_progress(
        self, uow: UnitOfWork, revision_id: str, activity_id: str, status: ProgressStatus | str, comment: str = "",
        *, by: str | None = None,
    ) -> Changes:
        st = _enum(ProgressStatus, status, N_("Ukjent status for tiltaket: «{value}»."))
        check_text(comment, N_("Kommentaren"))
        if not uow.followup.has_item(revision_id, ItemKind.ACTIVITY, activity_id):
            raise NotFoundError(N_("Fant ikke tiltaket."))
        pid = uow.followup.set_progress(revision_id, activity_id, st, comment, self._who(by))
        return Changes(followup=frozenset({revision_id}), created=pid)

    @writes
    def assess_goal(
        self, uow: UnitOfWork, revision_id: str, goal_id: str, assessment: Assessment | str, reflection: str = "",
        *, by: str | None = None,
    ) -> Changes:
        a = _enum(Assessment, assessment, N_("Ukjent vurdering: «{value}»."))
        check_text(reflection, N_("Refleksjonen"))
        if not uow.followup.has_item(revision_id, ItemKind.GOAL, goal_id):
            raise NotFoundError(N_("Fant ikke målet."))
        aid = uow.followup.set_assessment(revision_id, goal_id, a, reflection, self._who(by))
        return Changes(followup=frozenset({revision_id}), created=aid)

    @writes
    def clear_assessment(self, uow: UnitOfWork, revision_id: str, goal_id: str) -> Changes:
        if not uow.followup.has_item(revision_id, ItemKind.GOAL, goal_id):
            raise NotFoundError(N_("Fant ikke målet."))
        if not uow.followup.clear_assessment(revision_id, goal_id, self._who(None)):
            return Changes()
        return Changes(followup=frozenset({revision_id}))

    @writes
    def set_learning(
        self, uow: UnitOfWork, revision_id: str, worked: str, did_not_work: str, courage: str, *,
        by: str | None = None,
    ) -> Changes:
        """«Hva lærte vi?»: what worked, what did not, the signs of courage seen in practice."""
        for text, label in ((worked, N_("Hva som virket")), (did_not_work, N_("Hva som ikke virket")), (courage, N_("Tegn på mot"))):
            check_text(text, label)
        uow.agreements.revision(revision_id)  # NotFoundError if there is none
        uow.followup.set_learning(revision_id, worked, did_not_work, courage, self._who(by))
        return Changes(followup=frozenset({revision_id}))


def _enum(cls: type[E], value: E | str, message: LazyText) -> E:
    try:
        return cls(value)
    except ValueError:
        raise ValidationError(message.with_params(value=str(value)[:40])) from None


def _check_source(source: str) -> None:
    if len(source) > MAX_SOURCE_LENGTH:
        raise ValidationError(N_("Kilden er for lang (høyst {n} tegn).", n=MAX_SOURCE_LENGTH))
    check_text(source, N_("Kilden"))


def _last_year_id(uow: UnitOfWork, rev: Revision) -> str | None:
    """Last year's agreement (its revision) this revision continues: along ``based_on_id`` to the
    first revision of an earlier year; without that link, the unit's latest revision of the year
    before. Only revision headers are read."""
    seen = {rev.id}
    cur = rev
    while cur.based_on_id and cur.based_on_id not in seen:
        seen.add(cur.based_on_id)
        try:
            cur = uow.agreements.header(cur.based_on_id)
        except NotFoundError:
            break
        if cur.year < rev.year:
            return cur.id
    before = [s for s in uow.agreements.summaries(unit_id=rev.unit_id, year=rev.year - 1) if s.is_latest]
    return before[0].id if before else None
