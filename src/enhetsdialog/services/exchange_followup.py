"""Follow-up records in the exchange: what an export carries, how an import merges it, and the
conflicts it can leave.

The rule is the one for a revision's text, per record (a record is known by its natural key: an
indicator and period, an activity, a goal, the revision's «Hva lærte vi?»):

* the same content on both sides: nothing to do;
* only one side has it: it is added (added on both sides → both kept);
* our version is among those the sender has had (``shared``): theirs is newer and is taken;
* theirs is among those we have had: ours is newer and is kept;
* otherwise both were edited: a conflict is stored (setting ``conflict-followup:<revision_id>``)
  with the incoming version, ours is kept until the user chooses.

What has been exchanged is remembered per revision in setting ``followup-sync:<revision_id>``.
Follow-up rows are not part of the signed content: writing them never touches the revision, its
items, signatures or stored PDF (and the triggers would refuse it if it did).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.errors import NotFoundError
from enhetsdialog.exchange.package_followup import (
    FollowUpRecord,
    Kind,
    assessment_data,
    content_hash,
    learning_data,
    measurement_data,
    progress_data,
    record_key,
    to_assessment,
    to_learning,
    to_measurement,
    to_progress,
)
from enhetsdialog.i18n import N_
from enhetsdialog.storage import repo
from enhetsdialog.storage.followup import FollowUpRepo

SYNC_PREFIX = "followup-sync:"
CONFLICT_PREFIX = "conflict-followup:"


@dataclass(frozen=True, slots=True)
class FollowUpConflict:
    revision_id: str
    kind: Kind
    key: str
    local: dict[str, str | None]
    incoming: dict[str, str | None]


@dataclass(slots=True)
class FollowUpMerge:
    added: int = 0
    updated: int = 0
    conflicts: tuple[str, ...] = ()  # revisions with a new or changed follow-up conflict
    skipped: tuple[str, ...] = ()


def _load(s: Session, key: str) -> dict[str, Any]:
    raw = repo.get_setting(s, key)
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def _save(s: Session, key: str, value: dict[str, Any]) -> bool:
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if repo.get_setting(s, key) == raw:
        return False
    repo.set_setting(s, key, raw)
    return True


def local_records(s: Session, revision_id: str) -> dict[str, FollowUpRecord]:
    f = FollowUpRepo(s)
    out: list[FollowUpRecord] = [FollowUpRecord(revision_id, Kind.MEASUREMENT, measurement_data(m)) for m in f.measurements(revision_id)]
    out += [FollowUpRecord(revision_id, Kind.PROGRESS, progress_data(p)) for p in f.progress(revision_id)]
    out += [FollowUpRecord(revision_id, Kind.ASSESSMENT, assessment_data(a)) for a in f.assessments(revision_id)]
    le = f.learning(revision_id)
    if le is not None:
        out.append(FollowUpRecord(revision_id, Kind.LEARNING, learning_data(le)))
    return {r.key: r for r in out}


def export_records(s: Session, revision_id: str) -> list[FollowUpRecord]:
    """The revision's follow-up as it travels; every version sent counts as shared from now on."""
    known = _load(s, SYNC_PREFIX + revision_id)
    out: list[FollowUpRecord] = []
    for key, r in local_records(s, revision_id).items():
        hashes = set(known.get(key, [])) | {r.digest}
        known[key] = sorted(hashes)
        out.append(FollowUpRecord(r.revision_id, r.kind, r.data, frozenset(hashes)))
    if out:
        _save(s, SYNC_PREFIX + revision_id, known)
    return out


def _write(s: Session, r: FollowUpRecord) -> None:
    f = FollowUpRepo(s)
    if r.kind is Kind.MEASUREMENT:
        f.put_measurement(r.revision_id, to_measurement(r.data))
    elif r.kind is Kind.PROGRESS:
        p = to_progress(r.data)
        f.set_progress(r.revision_id, p.activity_id, p.status, p.comment, p.recorded_by, at=p.recorded_at, progress_id=p.id)
    elif r.kind is Kind.ASSESSMENT:
        a = to_assessment(r.data)
        f.set_assessment(r.revision_id, a.goal_id, a.assessment, a.reflection, a.recorded_by, at=a.assessed_at,
                         assessment_id=a.id)
    else:
        le = to_learning(r.data)
        f.set_learning(r.revision_id, le.worked, le.did_not_work, le.courage, le.updated_by, at=le.updated_at)


def _item_exists(s: Session, r: FollowUpRecord) -> bool:
    f = FollowUpRepo(s)
    ref = {Kind.MEASUREMENT: (ItemKind.INDICATOR, "indicator_id"), Kind.PROGRESS: (ItemKind.ACTIVITY, "activity_id"),
           Kind.ASSESSMENT: (ItemKind.GOAL, "goal_id")}.get(r.kind)
    if ref is None:  # «Hva lærte vi?» belongs to the revision, which is here
        return True
    return f.has_item(r.revision_id, ref[0], str(r.data[ref[1]]))


def merge_records(s: Session, records: list[FollowUpRecord], revisions_here: set[str]) -> FollowUpMerge:
    """Merge a package's follow-up into the database (inside the import's transaction)."""
    result = FollowUpMerge()
    conflicts: list[str] = []
    skipped: list[str] = []
    by_revision: dict[str, list[FollowUpRecord]] = {}
    for r in records:
        by_revision.setdefault(r.revision_id, []).append(r)
    for rid, incoming in by_revision.items():
        if rid not in revisions_here:
            continue
        local = local_records(s, rid)
        known = _load(s, SYNC_PREFIX + rid)
        stored = _load(s, CONFLICT_PREFIX + rid)
        changed_conflict = False
        for r in incoming:
            key = r.key
            digest = r.digest
            hashes = set(known.get(key, []))
            mine = local.get(key)
            if mine is None:
                if not _item_exists(s, r):
                    skipped.append(str(N_("En oppfølgingspost gjelder et mål, tiltak eller en indikator som ikke finnes "
                                          "her; den er ikke tatt inn.")))
                    continue
                _write(s, r)
                result.added += 1
            elif mine.digest == digest:
                pass
            elif mine.digest in r.shared:
                _write(s, r)  # theirs is newer
                result.updated += 1
            elif digest in hashes:
                pass  # ours is newer
            else:
                entry = {"kind": r.kind.value, "local": mine.data, "incoming": r.data, "incoming_shared": sorted(r.shared)}
                if stored.get(key) != entry:
                    stored[key] = entry
                    changed_conflict = True
                continue
            if key in stored:
                del stored[key]
                changed_conflict = True
            known[key] = sorted(hashes | r.shared | {digest})
        _save(s, SYNC_PREFIX + rid, known)
        if changed_conflict:
            _save(s, CONFLICT_PREFIX + rid, stored)
            if stored:
                conflicts.append(rid)
    result.conflicts = tuple(conflicts)
    result.skipped = tuple(dict.fromkeys(skipped))
    return result


def stored_conflicts(s: Session, revision_ids: list[str]) -> list[FollowUpConflict]:
    out: list[FollowUpConflict] = []
    for rid in revision_ids:
        for key, entry in sorted(_load(s, CONFLICT_PREFIX + rid).items()):
            out.append(FollowUpConflict(rid, Kind(entry["kind"]), key, entry["local"], entry["incoming"]))
    return out


def resolve(s: Session, revision_id: str, key: str, keep_incoming: bool) -> None:
    """Choose ours or theirs for one follow-up record in conflict; the other counts as seen."""
    stored = _load(s, CONFLICT_PREFIX + revision_id)
    entry = stored.pop(key, None)
    if entry is None:
        raise NotFoundError(N_("Det er ingen konflikt for denne oppfølgingsposten."))
    kind = Kind(entry["kind"])
    incoming = FollowUpRecord(revision_id, kind, entry["incoming"], frozenset(entry["incoming_shared"]))
    if keep_incoming:
        _write(s, incoming)
    known = _load(s, SYNC_PREFIX + revision_id)
    local_digest = content_hash(kind, entry["local"])
    known[key] = sorted(set(known.get(key, [])) | set(entry["incoming_shared"]) | {incoming.digest, local_digest})
    _save(s, SYNC_PREFIX + revision_id, known)
    _save(s, CONFLICT_PREFIX + revision_id, stored)


__all__ = ["FollowUpConflict", "FollowUpMerge", "export_records", "merge_records", "record_key", "resolve",
           "stored_conflicts"]
