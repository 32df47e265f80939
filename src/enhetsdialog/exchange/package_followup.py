"""Follow-up records in agreement packages: measured values, activity progress, year-end
assessments and «Hva lærte vi?» of each revision (member ``followup`` of agreement.json; optional,
so that a package from before follow-up still reads, and absent when there is nothing to carry).

A record travels by its natural key (an indicator and period, an activity, a goal, the revision)
with the hash of its content and the hashes of every version the sender has had of it
(``shared``): the same rule as a revision's text decides on import whether the incoming version is
newer, older, or a conflict. Pure: no storage. Anything malformed raises PackageError.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from enhetsdialog.domain.enums import Assessment, ProgressStatus
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.followup import period_of
from enhetsdialog.domain.followup_keys import (
    LEARNING_KEY,
    Removal,
    assessment_key,
    measurement_key,
    progress_key,
    split_key,
)
from enhetsdialog.domain.model import ActivityProgress, GoalAssessment, Measurement, YearLearning
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.i18n import N_, Text

MAX_TEXT = 200_000
MAX_SHORT = 5_000
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_HASH = re.compile(r"^[0-9a-f]{64}$")


class Kind(StrEnum):
    MEASUREMENT = "measurement"
    PROGRESS = "progress"
    ASSESSMENT = "assessment"
    LEARNING = "learning"
    REMOVAL = "removal"  # a record removed (a tombstone): its key and when


# the fields of a record's data that are its content (hashed); the rest say who and when
CONTENT: dict[Kind, tuple[str, ...]] = {
    Kind.MEASUREMENT: ("indicator_id", "period", "value", "comment", "source", "measured_on"),
    Kind.PROGRESS: ("activity_id", "status", "comment"),
    Kind.ASSESSMENT: ("goal_id", "assessment", "reflection"),
    Kind.LEARNING: ("worked", "did_not_work", "courage"),
    Kind.REMOVAL: ("key", "removed_at"),
}
META: dict[Kind, tuple[str, ...]] = {
    Kind.MEASUREMENT: ("id", "recorded_at", "updated_at", "recorded_by"),
    Kind.PROGRESS: ("id", "recorded_at", "recorded_by"),
    Kind.ASSESSMENT: ("id", "assessed_at", "recorded_by"),
    Kind.LEARNING: ("updated_at", "updated_by"),
    Kind.REMOVAL: ("removed_by",),
}


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    revision_id: str
    kind: Kind
    data: dict[str, str | None]  # content and meta fields, as text
    shared: frozenset[str] = field(default=frozenset())

    @property
    def key(self) -> str:
        return record_key(self.kind, self.data)

    @property
    def digest(self) -> str:
        return content_hash(self.kind, self.data)


def record_key(kind: Kind, data: dict[str, str | None]) -> str:
    """The record's natural key (domain/followup_keys.py); a removal has the key of what it removed."""
    if kind is Kind.MEASUREMENT:
        return measurement_key(str(data["indicator_id"]), str(data["period"]))
    if kind is Kind.PROGRESS:
        return progress_key(str(data["activity_id"]))
    if kind is Kind.ASSESSMENT:
        return assessment_key(str(data["goal_id"]))
    if kind is Kind.REMOVAL:
        return str(data["key"])
    return LEARNING_KEY


def content_hash(kind: Kind, data: dict[str, str | None]) -> str:
    content = {k: data.get(k) for k in CONTENT[kind]}
    raw = json.dumps([kind.value, content], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _ts(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value is not None else None


# --- domain objects <-> records -------------------------------------------------------------------


def measurement_data(m: Measurement) -> dict[str, str | None]:
    return {
        "id": m.id, "indicator_id": m.indicator_id, "period": m.period, "value": format(m.value, "f"),
        "comment": m.comment, "source": m.source, "measured_on": m.measured_on.isoformat() if m.measured_on else None,
        "recorded_at": _ts(m.recorded_at), "updated_at": _ts(m.updated_at or m.recorded_at), "recorded_by": m.recorded_by,
    }


def progress_data(p: ActivityProgress) -> dict[str, str | None]:
    return {"id": p.id, "activity_id": p.activity_id, "status": p.status.value, "comment": p.comment,
            "recorded_at": _ts(p.recorded_at), "recorded_by": p.recorded_by}


def assessment_data(a: GoalAssessment) -> dict[str, str | None]:
    return {"id": a.id, "goal_id": a.goal_id, "assessment": a.assessment.value, "reflection": a.reflection,
            "assessed_at": _ts(a.assessed_at), "recorded_by": a.recorded_by}


def learning_data(le: YearLearning) -> dict[str, str | None]:
    return {"worked": le.worked, "did_not_work": le.did_not_work, "courage": le.courage,
            "updated_at": _ts(le.updated_at), "updated_by": le.updated_by}


def removal_data(r: Removal) -> dict[str, str | None]:
    return {"key": r.key, "removed_at": _ts(r.removed_at), "removed_by": r.removed_by}


def to_removal(d: dict[str, str | None]) -> Removal:
    return Removal(key=str(d["key"]), removed_at=datetime.fromisoformat(str(d["removed_at"])),
                   removed_by=d["removed_by"] or "")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def to_measurement(d: dict[str, str | None]) -> Measurement:
    return Measurement(
        id=str(d["id"]), indicator_id=str(d["indicator_id"]), period=str(d["period"]), value=Decimal(str(d["value"])),
        comment=d["comment"] or "", source=d["source"] or "",
        measured_on=date.fromisoformat(d["measured_on"]) if d["measured_on"] else None,
        recorded_at=_dt(d["recorded_at"]), updated_at=_dt(d["updated_at"]), recorded_by=d["recorded_by"] or "",
    )


def to_progress(d: dict[str, str | None]) -> ActivityProgress:
    return ActivityProgress(id=str(d["id"]), activity_id=str(d["activity_id"]), status=ProgressStatus(str(d["status"])),
                            comment=d["comment"] or "", recorded_at=_dt(d["recorded_at"]), recorded_by=d["recorded_by"] or "")


def to_assessment(d: dict[str, str | None]) -> GoalAssessment:
    return GoalAssessment(id=str(d["id"]), goal_id=str(d["goal_id"]), assessment=Assessment(str(d["assessment"])),
                          reflection=d["reflection"] or "", assessed_at=_dt(d["assessed_at"]),
                          recorded_by=d["recorded_by"] or "")


def to_learning(d: dict[str, str | None]) -> YearLearning:
    return YearLearning(worked=d["worked"] or "", did_not_work=d["did_not_work"] or "", courage=d["courage"] or "",
                        updated_at=_dt(d["updated_at"]), updated_by=d["updated_by"] or "")


# --- the JSON form ----------------------------------------------------------------------------------


def records_to_list(records: list[FollowUpRecord]) -> list[dict[str, Any]]:
    return [
        {"revision_id": r.revision_id, "kind": r.kind.value, "data": dict(sorted(r.data.items())),
         "shared": sorted(r.shared | {r.digest})}
        for r in sorted(records, key=lambda r: (r.revision_id, r.kind.value, r.key))
    ]


def _refuse(reason: Text) -> PackageError:
    return PackageError(N_("Avtalepakken kan ikke leses: {reason}. Ingenting er importert.", reason=reason))


def _check_data(kind: Kind, data: Any) -> dict[str, str | None]:
    if not isinstance(data, dict) or set(data) != set(CONTENT[kind]) | set(META[kind]):
        raise _refuse(N_("en oppfølgingspost har feil felter"))
    for k, v in data.items():
        if v is not None and not isinstance(v, str):
            raise _refuse(N_("en oppfølgingspost har feil form"))
        limit = MAX_TEXT if k in ("comment", "reflection", "worked", "did_not_work", "courage") else MAX_SHORT
        if v is not None and (len(v) > limit or "\x00" in v):
            raise _refuse(N_("en oppfølgingspost har for lang eller ugyldig tekst"))
    for k in ("id", "indicator_id", "activity_id", "goal_id"):
        if k in data and not (isinstance(data[k], str) and _UUID.match(data[k])):
            raise _refuse(N_("en oppfølgingspost har en ugyldig id"))
    if kind is Kind.REMOVAL:
        parts = split_key(str(data["key"]))
        try:
            if data["removed_at"] is None or parts is None or (parts[0] == "m" and str(period_of(parts[2])) != parts[2]):
                raise ValueError
        except (ValueError, ValidationError):
            raise _refuse(N_("en fjernet oppfølgingspost har en ugyldig nøkkel")) from None
    for k in ("recorded_at", "updated_at", "assessed_at", "removed_at"):
        if k in data and data[k] is not None:
            try:
                if datetime.fromisoformat(data[k]).tzinfo is None:
                    raise ValueError
            except ValueError:
                raise _refuse(N_("en oppfølgingspost har et ugyldig tidspunkt")) from None
    try:
        if kind is Kind.MEASUREMENT:
            if not (isinstance(data["value"], str) and _DECIMAL.match(data["value"])):
                raise _refuse(N_("en måling har en ugyldig verdi"))
            if str(period_of(data["period"] or "")) != data["period"]:
                raise _refuse(N_("en måling har en ugyldig periode"))
            if data["measured_on"] is not None:
                date.fromisoformat(data["measured_on"])
        elif kind is Kind.PROGRESS:
            ProgressStatus(data["status"])
        elif kind is Kind.ASSESSMENT:
            Assessment(data["assessment"])
    except (ValueError, ValidationError):
        raise _refuse(N_("en oppfølgingspost har en ugyldig verdi")) from None
    return dict(data)


def records_from_list(doc: Any, revision_ids: set[str], max_records: int = 500_000) -> list[FollowUpRecord]:
    """The follow-up records of a package document (``[]`` when the member is absent)."""
    if doc is None:
        return []
    if not isinstance(doc, list) or len(doc) > max_records:
        raise _refuse(N_("oppfølgingen har feil form"))
    out: list[FollowUpRecord] = []
    keys: set[tuple[str, str]] = set()
    for item in doc:
        if not isinstance(item, dict) or set(item) != {"revision_id", "kind", "data", "shared"}:
            raise _refuse(N_("en oppfølgingspost har feil form"))
        if item["revision_id"] not in revision_ids:
            raise _refuse(N_("en oppfølgingspost hører til en revisjon som ikke er med"))
        try:
            kind = Kind(item["kind"])
        except ValueError:
            raise _refuse(N_("en oppfølgingspost er av ukjent type")) from None
        shared = item["shared"]
        if not isinstance(shared, list) or len(shared) > 1000 or not all(isinstance(h, str) and _HASH.match(h) for h in shared):
            raise _refuse(N_("en oppfølgingspost har feil form"))
        r = FollowUpRecord(item["revision_id"], kind, _check_data(kind, item["data"]), frozenset(shared))
        if (r.revision_id, r.key) in keys:
            raise _refuse(N_("en oppfølgingspost finnes flere ganger"))
        keys.add((r.revision_id, r.key))
        out.append(r)
    return out


SCHEMA: dict[str, Any] = {
    "description": "Follow-up records (docs/oppfolging.md): measurements, activity progress, assessments, learning, removals",
    "type": "array",
    "maxItems": 500000,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["revision_id", "kind", "data", "shared"],
        "properties": {
            "revision_id": {"$ref": "#/$defs/uuid"},
            "kind": {"enum": [k.value for k in Kind]},
            "data": {
                "type": "object",
                "maxProperties": 12,
                "additionalProperties": {"anyOf": [{"type": "string", "maxLength": MAX_TEXT}, {"type": "null"}]},
            },
            "shared": {"type": "array", "maxItems": 1000, "items": {"$ref": "#/$defs/sha256"}},
        },
    },
}
