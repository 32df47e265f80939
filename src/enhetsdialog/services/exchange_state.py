"""What the agreement-package exchange keeps in the setting table, per revision.

* ``sync:<revision_id>``: the fingerprints of the versions of the revision this machine has sent or
  received (``{"known": [...]}``); the import uses them to tell a newer version from an older one
  and from a conflict.
* ``conflict:<revision_id>``: a revision edited both here and by the other party: the incoming
  version (as in the package, the signed PDF in base64) and our fingerprint, until the user chooses.
"""

from __future__ import annotations

import base64
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import PackageRevision, revision_from_dict, revision_to_dict
from enhetsdialog.i18n import N_
from enhetsdialog.storage import repo

SYNC_PREFIX = "sync:"
CONFLICT_PREFIX = "conflict:"

# --- what has been exchanged -------------------------------------------------------------------------------


def known_fingerprints(s: Session, revision_id: str) -> frozenset[str]:
    raw = repo.get_setting(s, SYNC_PREFIX + revision_id)
    if not raw:
        return frozenset()
    try:
        data = json.loads(raw)
        return frozenset(str(x) for x in data.get("known", []))
    except (ValueError, AttributeError, TypeError):
        return frozenset()


def set_known_fingerprints(s: Session, revision_id: str, known: frozenset[str]) -> bool:
    if known == known_fingerprints(s, revision_id):
        return False
    repo.set_setting(s, SYNC_PREFIX + revision_id, json.dumps({"known": sorted(known)}))
    return True


def delete_setting(s: Session, key: str) -> bool:
    """Delete a setting; True if there was one."""
    if repo.get_setting(s, key) is None:
        return False
    s.execute(repo.SETTING.delete().where(repo.SETTING.c.key == key))
    return True


# --- conflicts as stored ---------------------------------------------------------------------------------------


def stored_conflicts(s: Session) -> list[tuple[str, str]]:
    """Every stored conflict as (revision id, stored value), in key order."""
    rows = s.execute(
        select(repo.SETTING).where(repo.SETTING.c.key.like(f"{CONFLICT_PREFIX}%")).order_by(repo.SETTING.c.key)
    ).all()
    return [(row.key[len(CONFLICT_PREFIX) :], row.value) for row in rows]


def stores_incoming(raw: str, incoming_fingerprint: str) -> bool:
    """True if the stored conflict ``raw`` holds the incoming version with this fingerprint."""
    try:
        return bool(json.loads(raw)["incoming"]["fingerprint"] == incoming_fingerprint)
    except (ValueError, KeyError, TypeError):
        return False


def encode_conflict(pr: PackageRevision, local_fp: str) -> str:
    doc = pr.signed_document
    return json.dumps(
        {
            "local_fingerprint": local_fp,
            "incoming": revision_to_dict(pr),
            "signed_document": base64.b64encode(doc.pdf).decode("ascii") if doc else None,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def decode_conflict(raw: str, agreement_id: str) -> PackageRevision:
    try:
        data = json.loads(raw)
        pdf = base64.b64decode(data["signed_document"], validate=True) if data.get("signed_document") else None
        return revision_from_dict(data["incoming"], agreement_id, pdf)
    except PackageError:
        raise
    except (ValueError, KeyError, TypeError) as e:
        raise PackageError(N_("Den lagrede konflikten kan ikke leses ({name}).", name=type(e).__name__)) from e
