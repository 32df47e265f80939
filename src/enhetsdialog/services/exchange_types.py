"""What the agreement-package exchange hands back: the export result, the import report, a
conflict, and the choice that resolves one. Re-exported by :mod:`enhetsdialog.services.exchange`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from enhetsdialog.domain.compare import Difference
from enhetsdialog.domain.model import Revision
from enhetsdialog.services.changes import Changes


class Keep(StrEnum):
    LOCAL = "local"
    INCOMING = "incoming"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    size: int
    agreement_id: str
    revision_id: str  # the latest revision
    unit_name: str
    year: int
    revisions: int
    remarks: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did. ``changes`` is empty when the package brought nothing new."""

    changes: Changes
    agreement_id: str
    revision_id: str  # the agreement's latest revision here, after the import
    unit_name: str
    year: int
    agreement_created: bool = False
    revisions_added: int = 0
    revisions_updated: int = 0
    remarks_added: int = 0
    remarks_updated: int = 0
    replies_added: int = 0
    signatures_added: int = 0
    documents_updated: int = 0
    status_changes: int = 0
    followup_added: int = 0  # follow-up records (measurements, progress, assessments, learning)
    followup_updated: int = 0
    conflicts: tuple[str, ...] = ()  # revision ids with a new or changed conflict
    skipped: tuple[str, ...] = ()  # one line of bokmål per thing kept as it was here, and why

    @property
    def changed(self) -> bool:
        return not self.changes.empty

    def summary(self) -> list[str]:
        """The report as lines of bokmål (CLI and GUI)."""
        head = f"{self.unit_name} {self.year}"
        if not self.changed and not self.skipped:
            return [f"{head}: pakken inneholdt ikke noe nytt. Ingenting er endret."]
        lines = [f"{head}: avtalen er {'lagt inn' if self.agreement_created else 'oppdatert'}."]
        counts = [
            (self.revisions_added, "ny revisjon", "nye revisjoner"),
            (self.revisions_updated, "revisjon oppdatert", "revisjoner oppdatert"),
            (self.remarks_added, "ny merknad", "nye merknader"),
            (self.remarks_updated, "merknad med endret status", "merknader med endret status"),
            (self.replies_added, "nytt svar", "nye svar"),
            (self.signatures_added, "ny signatur", "nye signaturer"),
            (self.documents_updated, "signert PDF oppdatert", "signerte PDF-er oppdatert"),
            (self.status_changes, "statusendring", "statusendringer"),
            (self.followup_added, "ny oppfølgingspost", "nye oppfølgingsposter"),
            (self.followup_updated, "oppfølgingspost oppdatert", "oppfølgingsposter oppdatert"),
        ]
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        if parts:
            lines.append(", ".join(parts).capitalize() + ".")
        if self.conflicts:
            n = len(self.conflicts)
            lines.append(
                f"{n} {'konflikt' if n == 1 else 'konflikter'}: teksten er endret både her og hos avsenderen. "
                "Begge versjoner er tatt vare på; velg hvilken som skal gjelde."
            )
        lines += self.skipped
        return lines


@dataclass(frozen=True, slots=True)
class Conflict:
    """A revision edited both here and by the other party: both versions, and how they differ."""

    revision_id: str
    agreement_id: str
    unit_name: str
    year: int
    number: int
    local: Revision
    incoming: Revision
    local_fingerprint: str
    incoming_fingerprint: str
    incoming_signed: bool  # the other party has signed its version: only "incoming" can be kept
    differences: tuple[Difference, ...]  # from local to incoming
