"""A follow-up record in conflict, in words: which agreement, what kind of record and what it is about
(the indicator, activity or goal by its title in the revision), and the two versions, short. The
command line (``enhetsdialog conflicts``) and the conflict list in the window say the same."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from enhetsdialog.domain.enums import Assessment, ItemKind, ProgressStatus
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.followup import period_of
from enhetsdialog.domain.followup_keys import split_key
from enhetsdialog.domain.items import find_item, spec
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.values import format_decimal
from enhetsdialog.exchange.package_followup import Kind
from enhetsdialog.i18n import _, text
from enhetsdialog.services.exchange_followup import FollowUpConflict

MAX_SHOWN = 40  # characters of a version shown; the rest is «…»
_ITEM_OF_LETTER = {"m": ItemKind.INDICATOR, "p": ItemKind.ACTIVITY, "a": ItemKind.GOAL}
# the field of a record's data that says what it is (the value, the status, the assessment, ...)
_SHOWN_FIELD = {Kind.MEASUREMENT: "value", Kind.PROGRESS: "status", Kind.ASSESSMENT: "assessment"}


@dataclass(frozen=True, slots=True)
class FollowUpConflictText:
    head: str  # «Lade skole 2027, revisjon 1»
    what: str  # «måling for 1. tertial 2027», «fremdrift for et tiltak», ...
    subject: str  # the title of the indicator, activity or goal it is about ("" for «Hva lærte vi?»)
    local: str  # our version, short and quoted, or «(slettet)»
    incoming: str  # the package's


def describe(full: FullAgreement, conflict: FollowUpConflict) -> FollowUpConflictText:
    rev = full.revision
    return FollowUpConflictText(
        head=_("{unit} {year}, revisjon {number}", unit=full.unit.name, year=rev.year, number=rev.number),
        what=_what(conflict),
        subject=_subject(full, conflict.key),
        local=version(conflict, local=True),
        incoming=version(conflict, local=False),
    )


def _what(f: FollowUpConflict) -> str:
    if f.kind is Kind.MEASUREMENT:
        period = f.key.rsplit(":", 1)[-1]
        try:
            period = text(period_of(period).label)
        except ValidationError:
            pass  # shown as it was stored
        return _("måling for {period}", period=period)
    if f.kind is Kind.PROGRESS:
        return _("fremdrift for et tiltak")
    if f.kind is Kind.ASSESSMENT:
        return _("vurdering av et mål")
    return _("«Hva lærte vi?»")


def _subject(full: FullAgreement, key: str) -> str:
    parts = split_key(key)
    if parts is None or parts[0] not in _ITEM_OF_LETTER:
        return ""
    kind = _ITEM_OF_LETTER[parts[0]]
    found = find_item(full.revision.content, kind, parts[1])
    if found is None:
        return ""
    return " ".join(str(getattr(found[0], spec(kind).title_field, "")).split())


def version(f: FollowUpConflict, *, local: bool) -> str:
    """One side of the conflict, short: «12», «Pågår», «Vi fikk til …», or «(slettet)»."""
    if f.local_removed if local else f.incoming_removed:
        return _("(slettet)")
    data = f.local if local else f.incoming
    shown = str(data.get(_SHOWN_FIELD.get(f.kind, "worked")) or "")
    if f.kind is Kind.MEASUREMENT and shown:
        try:
            shown = format_decimal(Decimal(shown))
        except InvalidOperation:
            pass
    elif f.kind is Kind.PROGRESS and shown in ProgressStatus._value2member_map_:
        shown = str(ProgressStatus(shown).label)
    elif f.kind is Kind.ASSESSMENT and shown in Assessment._value2member_map_:
        shown = str(Assessment(shown).label)
    return "«" + (shown[:MAX_SHOWN] + "…" if len(shown) > MAX_SHOWN else shown) + "»"
