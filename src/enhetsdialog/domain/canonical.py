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
from typing import Any

from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.fields import FieldType
from enhetsdialog.domain.items import spec
from enhetsdialog.domain.model import TEXT_FIELDS, Content, Goal, Revision
from enhetsdialog.i18n import N_

FORMAT = "enhetsdialog.revision/1"


def _order(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda x: (x.position, x.id))


def _item(kind: ItemKind, item: Any, index: int) -> dict[str, Any]:
    """An item's canonical entry: its id, its place, and every declared field (a field added after
    format 1 only when it is not at its default, so that earlier fingerprints do not change)."""
    out: dict[str, Any] = {"id": item.id, "position": index}
    for f in spec(kind).fields:
        value = getattr(item, f.name)
        if f.added and value == f.default:
            continue
        out[f.name] = f.to_plain(value)
    return out


def canonical_dict(revision: Revision) -> dict[str, Any]:
    c = revision.content
    goals = []
    for index, g in enumerate(_order(c.goals)):
        entry = _item(ItemKind.GOAL, g, index)
        entry["plan_goal_ids"] = sorted(set(g.plan_goal_ids))
        entry["sdgs"] = sorted(set(g.sdgs))
        entry["activities"] = [_item(ItemKind.ACTIVITY, a, i) for i, a in enumerate(_order(g.activities))]
        entry["indicators"] = [_item(ItemKind.INDICATOR, x, i) for i, x in enumerate(_order(g.indicators))]
        goals.append(entry)
    content: dict[str, Any] = {name: getattr(c, name) for name in TEXT_FIELDS}
    content["goals"] = goals
    content["support_needs"] = [_item(ItemKind.SUPPORT_NEED, s, i) for i, s in enumerate(_order(c.support_needs))]
    content["participants"] = [_item(ItemKind.PARTICIPANT, p, i) for i, p in enumerate(_order(c.participants))]
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
        raise ValidationError(N_("Feltet «{key}» skal være tekst.", key=key))
    return v


def _read_item(kind: ItemKind, d: dict[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for f in spec(kind).fields:
        if f.name in d:
            values[f.name] = f.from_plain(d[f.name])
        elif f.added or f.type in (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.REF):
            values[f.name] = f.default
        else:
            raise KeyError(f.name)
    return spec(kind).cls(id=str(d["id"]), position=int(d["position"]), **values)


def revision_from_canonical(data: dict[str, Any]) -> Revision:
    """Build a Revision (content and identity; status utkast) from its canonical dict."""
    if data.get("format") != FORMAT:
        raise ValidationError(N_("Ukjent format for avtaleinnhold: {format}.", format=repr(data.get("format"))))
    try:
        c = data["content"]
        content = Content()
        for name in TEXT_FIELDS:
            setattr(content, name, _s(c, name))
        for gd in c["goals"]:
            goal: Goal = _read_item(ItemKind.GOAL, gd)
            goal.plan_goal_ids = [str(x) for x in gd["plan_goal_ids"]]
            goal.sdgs = [int(x) for x in gd["sdgs"]]
            goal.activities = [_read_item(ItemKind.ACTIVITY, ad) for ad in gd["activities"]]
            goal.indicators = [_read_item(ItemKind.INDICATOR, xd) for xd in gd["indicators"]]
            content.goals.append(goal)
        content.support_needs = [_read_item(ItemKind.SUPPORT_NEED, sd) for sd in c["support_needs"]]
        content.participants = [_read_item(ItemKind.PARTICIPANT, pd) for pd in c["participants"]]
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
        raise ValidationError(
            N_("Avtaleinnholdet har feil form ({error}).", error=type(exc).__name__ + ": " + str(exc))
        ) from exc
