"""Checking the rows of a CSV file of measured values against the database, all of them before any
is written: the agreement (the ``avtale`` column or the one chosen), the indicator (an id, a unique
id prefix or a unique name prefix), the period by the indicator's frequency, the value, the date.
One bad row refuses the whole file with its row number and reason.

Also the resolution of an item reference (indicator, goal, activity) that the CLI shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from enhetsdialog.domain.enums import Frequency, ItemKind
from enhetsdialog.domain.errors import EnhetsdialogError, NotFoundError
from enhetsdialog.domain.followup import Period, parse_period
from enhetsdialog.domain.measurement_csv import CsvRow, parse_measurements_csv, row_error
from enhetsdialog.domain.values import check_text, parse_date, parse_decimal
from enhetsdialog.i18n import N_, LazyText
from enhetsdialog.storage.uow import UnitOfWork

__all__ = ["CsvPreview", "CsvRow", "PreviewRow", "check_rows", "parse_measurements_csv", "resolve_ref"]

MAX_SOURCE = 500

_KIND_NAMES: dict[ItemKind, tuple[LazyText, LazyText]] = {
    ItemKind.INDICATOR: (N_("Fant ingen indikator «{ref}» i avtalen."), N_("«{ref}» passer med flere indikatorer: {names}.")),
    ItemKind.GOAL: (N_("Fant ikke noe mål «{ref}» i avtalen."), N_("«{ref}» passer med flere mål: {names}.")),
    ItemKind.ACTIVITY: (N_("Fant ikke noe tiltak «{ref}» i avtalen."), N_("«{ref}» passer med flere tiltak: {names}.")),
}


def resolve_ref(ref: str, items: Iterable[tuple[str, str]], kind: ItemKind) -> str:
    """The id of the item ``ref`` names among ``items`` (id, name): the id itself, a unique id
    prefix (four characters or more), or a unique case-insensitive prefix of the name."""
    wanted = " ".join(ref.split()).casefold()
    pairs = list(items)
    shown = ref.strip()[:60]
    missing, ambiguous = _KIND_NAMES[kind]
    if not wanted:
        raise NotFoundError(missing.with_params(ref=shown))
    for iid, _name in pairs:
        if iid.casefold() == wanted:
            return iid
    hits = [(i, n) for i, n in pairs if len(wanted) >= 4 and i.casefold().startswith(wanted)]
    if not hits:
        exact = [(i, n) for i, n in pairs if " ".join(n.split()).casefold() == wanted]
        hits = exact or [(i, n) for i, n in pairs if " ".join(n.split()).casefold().startswith(wanted)]
    if len(hits) == 1:
        return hits[0][0]
    if not hits:
        raise NotFoundError(missing.with_params(ref=shown))
    names = ", ".join(f"«{n[:40]}»" for _i, n in hits[:4]) + (" …" if len(hits) > 4 else "")
    raise NotFoundError(ambiguous.with_params(ref=shown, names=names))


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """A row as it will be recorded."""

    row: int
    revision_id: str
    indicator_id: str
    indicator_name: str
    period: Period
    value: Decimal
    comment: str
    source: str
    measured_on: date | None
    replaces: Decimal | None  # the value recorded today for that indicator and period, if any


@dataclass(frozen=True, slots=True)
class CsvPreview:
    rows: tuple[PreviewRow, ...]

    @property
    def revisions(self) -> frozenset[str]:
        return frozenset(r.revision_id for r in self.rows)

    @property
    def replaced(self) -> int:
        return sum(1 for r in self.rows if r.replaces is not None)

    def by_revision(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self.rows:
            out[r.revision_id].append({
                "indicator_id": r.indicator_id, "period": str(r.period), "value": r.value, "comment": r.comment,
                "source": r.source, "measured_on": r.measured_on,
            })
        return dict(out)


class _Agreement:
    """What the check needs of one revision, read once."""

    def __init__(self, uow: UnitOfWork, revision_id: str) -> None:
        self.revision_id = revision_id
        self.frequencies: dict[str, Frequency | None] = uow.followup.indicator_frequencies(revision_id)
        content = uow.agreements.revision(revision_id).content
        self.names = {i.id: i.name for g in content.goals for i in g.indicators}
        self.existing = {(m.indicator_id, m.period): m.value for m in uow.followup.measurements(revision_id)}
        self._resolved: dict[str, str] = {}

    def indicator(self, ref: str) -> str:
        if ref not in self._resolved:
            self._resolved[ref] = resolve_ref(ref, self.names.items(), ItemKind.INDICATOR)
        return self._resolved[ref]


def check_rows(uow: UnitOfWork, rows: list[CsvRow], revision_id: str | None) -> CsvPreview:
    """Every row checked; a ValidationError naming the first bad row, or the preview of them all."""
    from_ref: dict[str, str] = {}
    agreements: dict[str, _Agreement] = {}
    seen: dict[tuple[str, str, str], int] = {}
    out: list[PreviewRow] = []
    periods: dict[tuple[str, Frequency | None], Period] = {}  # the same texts repeat down a file
    days: dict[str, date | None] = {}
    for r in rows:
        try:
            if r.agreement:
                if r.agreement not in from_ref:
                    from_ref[r.agreement] = _resolve_agreement(uow, r.agreement)
                rid = from_ref[r.agreement]
            elif revision_id is not None:
                rid = revision_id
            else:
                raise row_error(r.row, N_("oppgi avtalen (kolonnen «avtale», eller velg avtalen før importen)."))
            if rid not in agreements:
                agreements[rid] = _Agreement(uow, rid)
            a = agreements[rid]
            iid = a.indicator(r.indicator)
            pkey = (r.period, a.frequencies[iid])
            period = periods[pkey] if pkey in periods else periods.setdefault(pkey, parse_period(*pkey))
            if not r.value:
                raise row_error(r.row, N_("verdien mangler."))
            value = parse_decimal(r.value)
            assert value is not None
            day = days[r.date] if r.date in days else days.setdefault(r.date, parse_date(r.date))
            check_text(r.comment, "Kommentaren")
            if len(r.source) > MAX_SOURCE:
                raise row_error(r.row, N_("kilden er for lang (høyst {n} tegn).", n=MAX_SOURCE))
        except EnhetsdialogError as exc:
            if exc.message_id.startswith("Rad {row}"):
                raise
            raise row_error(r.row, exc._message) from None
        key = (rid, iid, str(period))
        if key in seen:
            raise row_error(r.row, N_("samme indikator og periode som rad {other}.", other=seen[key]))
        seen[key] = r.row
        out.append(PreviewRow(
            row=r.row, revision_id=rid, indicator_id=iid, indicator_name=a.names[iid], period=period, value=value,
            comment=r.comment, source=r.source, measured_on=day, replaces=a.existing.get((iid, str(period))),
        ))
    return CsvPreview(tuple(out))


def _resolve_agreement(uow: UnitOfWork, ref: str) -> str:
    key = ref.strip().lower()
    if len(key) < 4:
        raise NotFoundError(N_("oppgi minst fire tegn av avtalens id."))
    hits = uow.agreements.revisions_starting_with(key)
    if not hits:
        raise NotFoundError(N_("fant ingen avtale med id «{ref}».", ref=key[:40]))
    if len(hits) > 1:
        raise NotFoundError(N_("«{ref}» passer med flere avtaler; oppgi flere tegn.", ref=key[:40]))
    return hits.pop()
