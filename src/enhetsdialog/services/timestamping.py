"""Trusted time after signing: a document timestamp on a stored signed agreement, and the archive's
long-term form (PAdES B-LTA).

:func:`archival` takes a signed agreement PDF and returns it with validation data for every signature
(certificates, CRLs/OCSP responses in a DSS), a document timestamp over all of it and the timestamp's
own validation data — B-LTA — verified under the same strict rules as every signed PDF. It stores
nothing: the archive export calls it for the file it writes. :func:`timestamp` does the same to the
stored record of a revision and stores the result (the record only grows; the triggers enforce it).

Without a TSA nothing can be added (timestamp: refused with the reason; archival: the PDF unchanged,
with a note). When the validation data cannot be fetched now (no network), the document timestamp is
added anyway (B-T) and the note says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _
from enhetsdialog.pdf.ltv import add_validation_data
from enhetsdialog.pdf.timestamps import add_document_timestamp
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage import signatures as store

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509

    from enhetsdialog.pdf.verify import VerificationReport
    from enhetsdialog.services.signing_records import Proof
    from enhetsdialog.services.signing_settings import SigningSettings, TsaConfig
    from enhetsdialog.storage.database import Database


class SigningService(Protocol):
    """What a timestamp needs of :class:`enhetsdialog.services.signing.SigningService` (which calls
    in here): its database, settings, verification, the stored PDF and what it proves."""

    db: Database
    settings: SigningSettings

    def verify(self, pdf: bytes, trust: list[bytes] | None = None) -> VerificationReport: ...

    def signed_pdf(self, revision_id: str) -> bytes | None: ...

    def proof(self, revision_id: str, pdf: bytes | None = None) -> Proof: ...

    def trust_anchors(self) -> list[asn1_x509.Certificate]: ...


@dataclass(frozen=True, slots=True)
class SigningOutcome(Changes):
    """What a signature (or a later timestamp) changed, and the PAdES level the stored PDF reached:
    ``level`` (B-B, B-T, B-LT, B-LTA: of the new signature; after a timestamp, the lowest of all),
    ``notes`` why it is not higher (Norwegian lines for the user: no TSA, no network, ...)."""

    level: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Archival:
    """A signed PDF made ready for the archive."""

    pdf: bytes
    report: VerificationReport  # the verification of ``pdf`` (ok)
    notes: tuple[str, ...]  # why it is not B-LTA, if it is not
    changed: bool  # False when nothing could be added (no TSA)

    @property
    def level(self) -> str:
        return lowest_level(self.report)


_ORDER = ("", "B-B", "B-T", "B-LT", "B-LTA")


def lowest_level(report: VerificationReport) -> str:
    """The level every signature of the report has reached at least."""
    found = [s.level for s in report.signatures]
    return min(found, key=lambda lv: _ORDER.index(lv) if lv in _ORDER else 0) if found else ""


def archival(service: SigningService, pdf: bytes, *, tsa: TsaConfig | None = None) -> Archival:
    """``pdf`` with validation data and a document timestamp (B-LTA), verified; see the module docstring.

    Raises DomainError when ``pdf`` does not verify (before or after), or the TSA cannot be reached."""
    before = service.verify(pdf)
    if not before.ok:
        raise DomainError(
            _("Dokumentet kan ikke bekreftes, så det får ikke tidsstempel: {reason}",
              reason=before.reasons[0] if before.reasons else "?")  # fmt: skip
        )
    tsa = tsa or service.settings.tsa()
    if tsa is None:
        note = _("Ingen tidsstempeltjeneste er satt opp, så dokumentet får ikke tidsstempel (B-LTA).")
        return Archival(pdf, before, (note,), changed=False)
    ts = tsa.timestamper()
    anchors = service.trust_anchors()
    notes: list[str] = []
    try:
        with_dss = add_validation_data(pdf, trust_roots=anchors)
    except DomainError as exc:
        # validation data cannot be had now: trusted time at least; the data can follow later
        notes.append(
            _("Valideringsdata kunne ikke hentes nå ({reason}); dokumentet fikk tidsstempel uten dem (B-T).",
              reason=exc.message)  # fmt: skip
        )
        with_dss = pdf
    stamped = add_document_timestamp(with_dss, ts)
    try:
        # the TSA's own chain and revocation data, so that the timestamp can be renewed later
        stamped = add_validation_data(stamped, trust_roots=anchors, last_only=True)
    except DomainError:
        pass
    after = service.verify(stamped)
    if not after.ok or after.roles != before.roles or after.embedded_fingerprint != before.embedded_fingerprint:
        raise DomainError(
            _("Tidsstempelet ble laget, men dokumentet besto ikke kontrollen etterpå: {reason}",
              reason=after.reasons[0] if after.reasons else "?")  # fmt: skip
        )
    return Archival(stamped, after, tuple(notes), changed=True)


def timestamp(service: SigningService, revision_id: str, *, tsa: TsaConfig | None = None) -> SigningOutcome:
    """Make the stored signed PDF of ``revision_id`` B-LTA (see :func:`archival`) and store it."""
    stored = service.signed_pdf(revision_id)
    if stored is None:
        raise DomainError(_("Avtalen er ikke signert, så det er ingenting å tidsstemple."))
    proof = service.proof(revision_id, stored)
    if not proof.proven_roles:
        raise DomainError(
            _("Den lagrede signerte PDF-en kan ikke bekreftes, så den får ikke tidsstempel. Kjør «enhetsdialog check».")
        )
    if (tsa or service.settings.tsa()) is None:
        raise DomainError(
            _("Ingen tidsstempeltjeneste er satt opp. Oppgi adressen (--tsa) eller sett den opp i innstillingene.")
        )
    result = archival(service, stored, tsa=tsa)
    now = repo.now_iso()
    with service.db.write() as s:
        if store.signed_pdf(s, revision_id) != stored:
            raise DomainError(_("Avtalen ble endret mens tidsstempelet ble laget. Prøv igjen."))
        store.store_signed_pdf(s, revision_id, result.pdf, now)
    return SigningOutcome(revisions=frozenset({revision_id}), level=result.level, notes=result.notes)
