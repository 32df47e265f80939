"""Follow-up records in the exchange: what an export carries, how an import merges it, and the
conflicts it can leave.

The rule is the one for a revision's text, per record (a record is known by its natural key,
domain/followup_keys.py: an indicator and period, an activity, a goal, the revision's «Hva lærte
vi?»). A removal (a measurement deleted, an assessment cleared) is a version of its record too:
a tombstone with its time, exported and merged like an edit.

* the same version on both sides: nothing to do;
* only one side has the record: it is added (added on both sides → both kept); a removal of a
  record we never had is kept as such;
* our version is among those the sender has had (``shared``): theirs is newer and is taken (a
  removal removes ours);
* theirs is among those we have had: ours is newer and is kept;
* removed on both sides: removed, no conflict;
* otherwise both were changed (edited on both sides, or removed on one and edited on the other):
  a conflict is stored (table ``exchange_followup_conflict``), ours is kept until the user chooses.

What has been exchanged is remembered per record (table ``exchange_followup_sync``). Follow-up
rows are not part of the signed content: writing them never touches the revision, its items,
signatures or stored PDF (and the triggers would refuse it if it did). SQL: storage/followup.py and
storage/exchange_state.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.errors import NotFoundError
from enhetsdialog.exchange.package_followup import (
    FollowUpRecord,
    Kind,
    assessment_data,
    learning_data,
    measurement_data,
    progress_data,
    record_key,
    removal_data,
    to_assessment,
    to_learning,
    to_measurement,
    to_progress,
    to_removal,
)
from enhetsdialog.i18n import N_
from enhetsdialog.storage.uow import UnitOfWork

_KIND_OF_KEY = {"m": Kind.MEASUREMENT, "p": Kind.PROGRESS, "a": Kind.ASSESSMENT, "l": Kind.LEARNING}


@dataclass(frozen=True, slots=True)
class FollowUpConflict:
    revision_id: str
    kind: Kind  # what the record is (measurement, progress, assessment, learning)
    key: str
    local: dict[str, str | None]  # our version's data (a removal's: key, removed_at, removed_by)
    incoming: dict[str, str | None]
    local_removed: bool = False
    incoming_removed: bool = False


@dataclass(slots=True)
class FollowUpMerge:
    added: int = 0
    updated: int = 0
    removed: int = 0
    conflicts: tuple[str, ...] = ()  # revisions with a new or changed follow-up conflict
    skipped: tuple[str, ...] = ()


def kind_of_key(key: str) -> Kind:
    return _KIND_OF_KEY.get(key[:1], Kind.LEARNING)


def local_records(uow: UnitOfWork, revision_id: str) -> dict[str, FollowUpRecord]:
    """Every follow-up record of the revision, removals included, by key."""
    f = uow.followup
    out: list[FollowUpRecord] = [FollowUpRecord(revision_id, Kind.REMOVAL, removal_data(r)) for r in f.removals(revision_id)]
    out += [FollowUpRecord(revision_id, Kind.MEASUREMENT, measurement_data(m)) for m in f.measurements(revision_id)]
    out += [FollowUpRecord(revision_id, Kind.PROGRESS, progress_data(p)) for p in f.progress(revision_id)]
    out += [FollowUpRecord(revision_id, Kind.ASSESSMENT, assessment_data(a)) for a in f.assessments(revision_id)]
    le = f.learning(revision_id)
    if le is not None:
        out.append(FollowUpRecord(revision_id, Kind.LEARNING, learning_data(le)))
    return {r.key: r for r in out}  # a record written again has no removal left, so keys are unique


def export_records(uow: UnitOfWork, revision_id: str) -> list[FollowUpRecord]:
    """The revision's follow-up as it travels; every version sent counts as shared from now on."""
    known = uow.exchange.followup_known(revision_id)
    out: list[FollowUpRecord] = []
    for key, r in local_records(uow, revision_id).items():
        hashes = known.get(key, frozenset()) | {r.digest}
        out.append(FollowUpRecord(r.revision_id, r.kind, r.data, hashes))
    uow.exchange.add_followup_known(revision_id, {r.key: r.shared for r in out})
    return out


def _write(uow: UnitOfWork, r: FollowUpRecord) -> None:
    f = uow.followup
    if r.kind is Kind.MEASUREMENT:
        f.put_measurement(r.revision_id, to_measurement(r.data))
    elif r.kind is Kind.PROGRESS:
        p = to_progress(r.data)
        f.set_progress(r.revision_id, p.activity_id, p.status, p.comment, p.recorded_by, at=p.recorded_at, progress_id=p.id)
    elif r.kind is Kind.ASSESSMENT:
        a = to_assessment(r.data)
        f.set_assessment(r.revision_id, a.goal_id, a.assessment, a.reflection, a.recorded_by, at=a.assessed_at,
                         assessment_id=a.id)
    elif r.kind is Kind.REMOVAL:
        f.apply_removal(r.revision_id, to_removal(r.data))
    else:
        le = to_learning(r.data)
        f.set_learning(r.revision_id, le.worked, le.did_not_work, le.courage, le.updated_by, at=le.updated_at)


def _item_exists(uow: UnitOfWork, r: FollowUpRecord) -> bool:
    ref = {Kind.MEASUREMENT: (ItemKind.INDICATOR, "indicator_id"), Kind.PROGRESS: (ItemKind.ACTIVITY, "activity_id"),
           Kind.ASSESSMENT: (ItemKind.GOAL, "goal_id")}.get(r.kind)
    if ref is None:  # «Hva lærte vi?» and removals belong to the revision, which is here
        return True
    return uow.followup.has_item(r.revision_id, ref[0], str(r.data[ref[1]]))


def _side(r: FollowUpRecord) -> str:
    return json.dumps({"kind": r.kind.value, "data": r.data}, ensure_ascii=False, sort_keys=True)


def _record(revision_id: str, side: str, shared: frozenset[str] = frozenset()) -> FollowUpRecord:
    doc: dict[str, Any] = json.loads(side)
    return FollowUpRecord(revision_id, Kind(doc["kind"]), doc["data"], shared)


def merge_records(uow: UnitOfWork, records: list[FollowUpRecord], revisions_here: set[str]) -> FollowUpMerge:
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
        local = local_records(uow, rid)
        known = uow.exchange.followup_known(rid)
        learned: dict[str, frozenset[str]] = {}
        new_conflict = False
        for r in incoming:
            key, digest = r.key, r.digest
            mine = local.get(key)
            if mine is None:
                if not _item_exists(uow, r):
                    skipped.append(str(N_("En oppfølgingspost gjelder et mål, tiltak eller en indikator som ikke finnes "
                                          "her; den er ikke tatt inn.")))
                    continue
                _write(uow, r)
                if r.kind is not Kind.REMOVAL:
                    result.added += 1
            elif mine.digest == digest:
                pass
            elif mine.digest in r.shared:  # theirs is newer
                _write(uow, r)
                if r.kind is Kind.REMOVAL:
                    result.removed += 1
                else:
                    result.updated += 1
            elif digest in known.get(key, frozenset()) or (mine.kind is Kind.REMOVAL and r.kind is Kind.REMOVAL):
                pass  # ours is newer, or removed on both sides
            else:
                if uow.exchange.store_followup_conflict(rid, key, kind_of_key(key).value, _side(mine), _side(r),
                                                        json.dumps(sorted(r.shared))):
                    new_conflict = True
                continue
            if uow.exchange.delete_followup_conflict(rid, key):
                new_conflict = True
            learned[key] = r.shared | {digest}
        uow.exchange.add_followup_known(rid, learned)
        if new_conflict and uow.exchange.followup_conflicts([rid]):
            conflicts.append(rid)
    result.conflicts = tuple(conflicts)
    result.skipped = tuple(dict.fromkeys(skipped))
    return result


def stored_conflicts(uow: UnitOfWork, revision_ids: list[str] | None = None) -> list[FollowUpConflict]:
    out: list[FollowUpConflict] = []
    for c in uow.exchange.followup_conflicts(revision_ids):
        local, incoming = _record(c.revision_id, c.local), _record(c.revision_id, c.incoming)
        out.append(FollowUpConflict(c.revision_id, Kind(c.kind), c.record_key, local.data, incoming.data,
                                    local.kind is Kind.REMOVAL, incoming.kind is Kind.REMOVAL))
    return out


def resolve(uow: UnitOfWork, revision_id: str, key: str, keep_incoming: bool) -> None:
    """Choose ours or theirs for one follow-up record in conflict; the other counts as seen."""
    stored = next((c for c in uow.exchange.followup_conflicts([revision_id]) if c.record_key == key), None)
    if stored is None:
        raise NotFoundError(N_("Det er ingen konflikt for denne oppfølgingsposten."))
    shared = frozenset(json.loads(stored.incoming_shared))
    incoming = _record(revision_id, stored.incoming, shared)
    if keep_incoming:
        _write(uow, incoming)
    local = _record(revision_id, stored.local)
    uow.exchange.add_followup_known(revision_id, {key: shared | {incoming.digest, local.digest}})
    uow.exchange.delete_followup_conflict(revision_id, key)


__all__ = ["FollowUpConflict", "FollowUpMerge", "export_records", "kind_of_key", "merge_records", "record_key",
           "resolve", "stored_conflicts"]
