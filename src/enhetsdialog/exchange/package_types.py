"""What an agreement package holds (exchange/package.py has the format): the domain objects as
they travel, the format's names and limits, and the small helpers the reading and writing share.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from enhetsdialog import __version__
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.model import (
    Municipality,
    Person,
    Plan,
    PlanGoal,
    Remark,
    Revision,
    ServiceArea,
    Signature,
    Unit,
)
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package_followup import FollowUpRecord
from enhetsdialog.i18n import N_, Text

PACKAGE_FORMAT = "enhetsdialog.avtalepakke"
PACKAGE_VERSION = 1
FILE_SUFFIX = ".enhetsavtale"
SCHEMA_RESOURCE = "avtalepakke-1.schema.json"

MANIFEST_NAME = "manifest.json"
AGREEMENT_NAME = "agreement.json"
PDF_DIR = "pdf/"

MAX_UNPACKED = 50 * 1024 * 1024  # bytes, all members together once unpacked
MAX_MEMBERS = 210  # manifest, agreement and at most one PDF per revision (200), with room for a dir entry
MAX_MANIFEST = 256 * 1024

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# Statuses a revision can have, given whether it is frozen (signed by at least one party).
FROZEN_STATUSES = frozenset({Status.ENIGHET, Status.SIGNERT, Status.ARKIVERT})
UNFROZEN_STATUSES = frozenset({Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET})



# --- what a package holds -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedDocument:
    """The signed PDF of a revision; it only ever grows (each signature is an incremental update)."""

    pdf: bytes
    updated_at: datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass(slots=True)
class PackageRevision:
    """One revision as it travels: content and identity (``revision``), what the sender has shared
    of it before, and its signatures and signed PDF."""

    revision: Revision
    fingerprint: str
    shared_fingerprints: frozenset[str] = frozenset()
    signatures: list[Signature] = field(default_factory=list)
    signed_document: SignedDocument | None = None


@dataclass(slots=True)
class Package:
    agreement_id: str
    unit_id: str
    year: int
    municipality: Municipality
    service_area: ServiceArea
    unit: Unit
    people: list[Person]
    plans: list[Plan]
    plan_goals: list[PlanGoal]
    plan_goal_positions: dict[str, int]
    revisions: list[PackageRevision]  # ordered by number
    remarks: list[Remark]  # with their replies
    followup: list[FollowUpRecord] = field(default_factory=list)  # not part of the signed text
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    app_version: str = __version__

    @property
    def latest(self) -> PackageRevision:
        return max(self.revisions, key=lambda r: r.revision.number)


# --- small helpers -----------------------------------------------------------------------------------


def timestamp(dt: datetime) -> str:
    """The one text form of a moment: UTC, microseconds, ``+00:00`` (as storage writes it)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def parse_timestamp(value: str) -> datetime:
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        raise ValueError("timestamp without offset")
    return dt.astimezone(UTC)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refuse(reason: Text) -> PackageError:
    return PackageError(N_("Filen er ikke en gyldig avtalepakke: {reason}.", reason=reason))


def pdf_member(revision_id: str) -> str:
    return f"{PDF_DIR}{revision_id}.pdf"
