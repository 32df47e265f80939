"""The natural key of a follow-up record, as the exchange and the removals (tombstones) know it:
``m:<indicator_id>:<period>`` (a measurement), ``p:<activity_id>`` (an activity's progress),
``a:<goal_id>`` (a goal's assessment), ``l`` (the revision's «Hva lærte vi?»). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

LEARNING_KEY = "l"
_KEY = re.compile(
    r"^(?:m:(?P<m>[0-9a-f-]{36}):(?P<period>[0-9A-Za-z-]{4,8})|p:(?P<p>[0-9a-f-]{36})|a:(?P<a>[0-9a-f-]{36})|l)$"
)


def measurement_key(indicator_id: str, period: str) -> str:
    return f"m:{indicator_id}:{period}"


def progress_key(activity_id: str) -> str:
    return f"p:{activity_id}"


def assessment_key(goal_id: str) -> str:
    return f"a:{goal_id}"


def split_key(key: str) -> tuple[str, str, str] | None:
    """``(letter, item_id, period)`` of a well-formed key (item id and period empty where they do
    not apply), or None."""
    hit = _KEY.match(key)
    if hit is None:
        return None
    if hit["m"]:
        return "m", hit["m"], hit["period"]
    if hit["p"]:
        return "p", hit["p"], ""
    if hit["a"]:
        return "a", hit["a"], ""
    return "l", "", ""


@dataclass(frozen=True, slots=True)
class Removal:
    """A follow-up record removed (a tombstone): it travels in packages like an edit."""

    key: str
    removed_at: datetime
    removed_by: str = ""
