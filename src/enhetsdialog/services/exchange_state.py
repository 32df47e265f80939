"""The incoming version of a revision in conflict, to and from what storage keeps of it
(:class:`~enhetsdialog.storage.exchange_state.StoredConflict`, table ``exchange_conflict``).

What has been exchanged (``exchange_sync``) needs no translation: services use
``uow.exchange.known`` / ``set_known`` directly.
"""

from __future__ import annotations

import json

from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import PackageRevision, revision_from_dict, revision_to_dict
from enhetsdialog.i18n import N_
from enhetsdialog.storage.exchange_state import ExchangeStateRepo, StoredConflict


def store_conflict(state: ExchangeStateRepo, pr: PackageRevision, local_fp: str) -> bool:
    """Keep the incoming version ``pr`` of a revision in conflict with ours (fingerprint ``local_fp``);
    False if exactly that incoming version is kept already."""
    rid = pr.revision.id
    existing = state.conflict(rid)
    if existing is not None and existing.incoming_fingerprint == pr.fingerprint:
        return False
    doc = pr.signed_document
    entry = json.dumps(revision_to_dict(pr), ensure_ascii=False, sort_keys=True)
    state.store_conflict(rid, entry, pr.fingerprint, local_fp, doc.pdf if doc else None)
    return True


def decode_conflict(stored: StoredConflict, agreement_id: str) -> PackageRevision:
    """The incoming version as it came in the package, checked as the package's entry was."""
    try:
        data = json.loads(stored.incoming)
    except ValueError as e:
        raise PackageError(N_("Den lagrede konflikten kan ikke leses ({name}).", name=type(e).__name__)) from e
    return revision_from_dict(data, agreement_id, stored.signed_pdf)
