"""The resolution of a revision in conflict (stored by an import, services/exchange_merge.py): keep
our version, and the incoming one counts as seen, or take the incoming version with its signatures,
signed PDF and status - checked and written by the same steps as an import.
"""

from __future__ import annotations

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.domain.model import Revision
from enhetsdialog.exchange.package import PackageRevision
from enhetsdialog.i18n import N_
from enhetsdialog.pdf.verify import VerificationReport
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.exchange_merge import Merge
from enhetsdialog.services.exchange_merge_rules import Action, RevisionPlan
from enhetsdialog.storage.uow import UnitOfWork


def keep_local(uow: UnitOfWork, revision_id: str, local: Revision, incoming: PackageRevision) -> Changes:
    """Resolve a conflict by keeping our version: the incoming one counts as seen."""
    imp = Merge(uow, None, {})
    if incoming.revision.frozen and fingerprint(local) != incoming.fingerprint:
        raise DomainError(
            N_("Den andre parten har allerede signert sin versjon av revisjon {number}. Velg den innkomne versjonen; endringene dine kan tas inn i en ny revisjon etter signeringen.", number=local.number)
        )
    imp.set_known(revision_id, imp.known(revision_id) | incoming.shared_fingerprints)
    imp.delete_conflict(revision_id)
    return Changes(revisions=frozenset({revision_id}), exchange=frozenset({revision_id}))


def take_incoming(
    uow: UnitOfWork, revision_id: str, local: Revision, incoming: PackageRevision, proofs: dict[str, VerificationReport]
) -> Changes:
    """Resolve a conflict by taking the incoming version (its text, signatures, PDF and status)."""
    imp = Merge(uow, None, proofs)
    if local.frozen:
        raise DomainError(N_("Revisjonen er signert her; den kan ikke byttes ut."))
    uow.merge.defer_foreign_keys()
    if imp.followup_blocks(incoming):
        raise DomainError(
            N_("Den innkomne versjonen mangler mål eller indikatorer som det er registrert resultater for her. Behold din versjon, eller fjern resultatene først.")
        )
    local_fp = fingerprint(local)
    plan = RevisionPlan(pr=incoming, local=local, local_fp=local_fp, action=Action.FORWARD)
    imp.proof.check_signed(plan)
    imp.plans = [plan]
    imp.apply_revision(plan)
    imp.set_known(revision_id, imp.known(revision_id) | incoming.shared_fingerprints | {local_fp})
    imp.delete_conflict(revision_id)
    imp.apply_status(plan)
    return imp.changes()
