"""Canonical form of a revision and its SHA-256 fingerprint.

The canonical form is a JSON document that depends only on what a revision *says*: its identity
(agreement, unit, year, revision number) and its content. It does not depend on row order, database
ids, timestamps or status (a signed revision keeps its fingerprint when it is archived). Ordered
things (goals, activities, indicators, support needs, participants) are ordered by their position,
then by id; sets (links to plan goals and SDGs) are sorted. Text is kept exactly as typed. Numbers
are decimal strings without exponent. The bytes are UTF-8 JSON with sorted keys and no whitespace,
so every machine computes the same fingerprint.

``revision_from_canonical`` reads the form back (used by the PDF's embedded content and by packages).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import Any

from enhetsdialog.domain.enums import ActivityStatus, Direction, Frequency, IndicatorKind, SupportArea
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.model import (
    TEXT_FIELDS,
    Activity,
    Content,
    Goal,
    Indicator,
    Participant,
    Revision,
    SupportNeed,
)
from enhetsdialog.domain.rules import normalize_decimal

FORMAT = "enhetsdialog.revision/1"


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(normalize_decimal(value), "f")


def _order(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda x: (x.position, x.id))


def canonical_dict(revision: Revision) -> dict[str, Any]:
    c = revision.content
    goals = []
    for index, g in enumerate(_order(c.goals)):
        goals.append(
            {
                "id": g.id,
                "position": index,
                "text": g.text,
                "description": g.description,
                "origin_id": g.origin_id,
                "plan_goal_ids": sorted(set(g.plan_goal_ids)),
                "sdgs": sorted(set(g.sdgs)),
                "activities": [
                    {
                        "id": a.id,
                        "position": i,
                        "what": a.what,
                        "responsible": a.responsible,
                        "deadline": a.deadline.isoformat() if a.deadline else None,
                        "status": a.status.value,
                    }
                    for i, a in enumerate(_order(g.activities))
                ],
                "indicators": [
                    {
                        "id": x.id,
                        "position": i,
                        "kind": x.kind.value,
                        "name": x.name,
                        "description": x.description,
                        "unit_of_measure": x.unit_of_measure,
                        "baseline_value": _dec(x.baseline_value),
                        "baseline_year": x.baseline_year,
                        "target_value": _dec(x.target_value),
                        "direction": x.direction.value,
                        "data_source": x.data_source,
                        "frequency": x.frequency.value if x.frequency else None,
                        "responsible": x.responsible,
                    }
                    for i, x in enumerate(_order(g.indicators))
                ],
            }
        )
    content: dict[str, Any] = {name: getattr(c, name) for name in TEXT_FIELDS}
    content["goals"] = goals
    content["support_needs"] = [
        {"id": s.id, "position": i, "area": s.area.value, "need": s.need}
        for i, s in enumerate(_order(c.support_needs))
    ]
    content["participants"] = [
        {"id": p.id, "position": i, "role": p.role, "name": p.name, "how": p.how, "when": p.when}
        for i, p in enumerate(_order(c.participants))
    ]
    return {
        "format": FORMAT,
        "agreement_id": revision.agreement_id,
        "revision_id": revision.id,
        "unit_id": revision.unit_id,
        "year": revision.year,
        "revision": revision.number,
        "content": content,
    }


def canonical_bytes(revision: Revision) -> bytes:
    return json.dumps(
        canonical_dict(revision), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def fingerprint(revision: Revision) -> str:
    """SHA-256 of the canonical form, lower-case hex."""
    return hashlib.sha256(canonical_bytes(revision)).hexdigest()


def short_fingerprint(fp: str) -> str:
    """The form printed in footers: 4 groups of 4 hex digits."""
    return " ".join(fp[i : i + 4] for i in range(0, 16, 4)).upper()


# --- reading back --------------------------------------------------------------------------------


def _s(d: dict[str, Any], key: str) -> str:
    v = d.get(key, "")
    if not isinstance(v, str):
        raise ValidationError(f"Feltet «{key}» skal være tekst.")
    return v


def _opt_dec(v: Any) -> Decimal | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise ValidationError("Et tall i avtalen har feil form.")
    try:
        return normalize_decimal(Decimal(v))
    except Exception as exc:
        raise ValidationError(f"«{v}» er ikke et gyldig tall.") from exc


def _opt_int(v: Any) -> int | None:
    if v is None:
        return None
    if not isinstance(v, int) or isinstance(v, bool):
        raise ValidationError("Et heltall i avtalen har feil form.")
    return v


def revision_from_canonical(data: dict[str, Any]) -> Revision:
    """Build a Revision (content and identity; status utkast) from its canonical dict."""
    if data.get("format") != FORMAT:
        raise ValidationError(f"Ukjent format for avtaleinnhold: {data.get('format')!r}.")
    try:
        c = data["content"]
        content = Content()
        for name in TEXT_FIELDS:
            setattr(content, name, _s(c, name))
        for gd in c["goals"]:
            goal = Goal(
                id=str(gd["id"]),
                position=int(gd["position"]),
                text=_s(gd, "text"),
                description=_s(gd, "description"),
                origin_id=gd.get("origin_id"),
                plan_goal_ids=[str(x) for x in gd["plan_goal_ids"]],
                sdgs=[int(x) for x in gd["sdgs"]],
            )
            for ad in gd["activities"]:
                goal.activities.append(
                    Activity(
                        id=str(ad["id"]),
                        position=int(ad["position"]),
                        what=_s(ad, "what"),
                        responsible=_s(ad, "responsible"),
                        deadline=date.fromisoformat(ad["deadline"]) if ad["deadline"] else None,
                        status=ActivityStatus(ad["status"]),
                    )
                )
            for xd in gd["indicators"]:
                goal.indicators.append(
                    Indicator(
                        id=str(xd["id"]),
                        position=int(xd["position"]),
                        kind=IndicatorKind(xd["kind"]),
                        name=_s(xd, "name"),
                        description=_s(xd, "description"),
                        unit_of_measure=_s(xd, "unit_of_measure"),
                        baseline_value=_opt_dec(xd["baseline_value"]),
                        baseline_year=_opt_int(xd["baseline_year"]),
                        target_value=_opt_dec(xd["target_value"]),
                        direction=Direction(xd["direction"]),
                        data_source=_s(xd, "data_source"),
                        frequency=Frequency(xd["frequency"]) if xd["frequency"] else None,
                        responsible=_s(xd, "responsible"),
                    )
                )
            content.goals.append(goal)
        for sd in c["support_needs"]:
            content.support_needs.append(
                SupportNeed(
                    id=str(sd["id"]), position=int(sd["position"]), area=SupportArea(sd["area"]), need=_s(sd, "need")
                )
            )
        for pd in c["participants"]:
            content.participants.append(
                Participant(
                    id=str(pd["id"]),
                    position=int(pd["position"]),
                    role=_s(pd, "role"),
                    name=_s(pd, "name"),
                    how=_s(pd, "how"),
                    when=_s(pd, "when"),
                )
            )
        return Revision(
            id=str(data["revision_id"]),
            agreement_id=str(data["agreement_id"]),
            unit_id=str(data["unit_id"]),
            year=int(data["year"]),
            number=int(data["revision"]),
            content=content,
        )
    except ValidationError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(f"Avtaleinnholdet har feil form ({type(exc).__name__}: {exc}).") from exc
