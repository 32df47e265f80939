"""What the agreement-package exchange hands back: the export result, the import report, a
conflict, and the choice that resolves one. Re-exported by :mod:`enhetsdialog.services.exchange`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from enhetsdialog.domain.compare import Difference
from enhetsdialog.domain.model import Revision
from enhetsdialog.i18n import _, ngettext
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
    followup_removed: int = 0  # follow-up records removed because the other party removed them
    conflicts: tuple[str, ...] = ()  # revision ids with a new or changed conflict
    skipped: tuple[str, ...] = ()  # one line per thing kept as it was here, and why (translated)

    @property
    def changed(self) -> bool:
        return not self.changes.empty

    def summary(self) -> list[str]:
        """The report as lines in the current language (CLI and GUI)."""
        head = _("{unit} {year}", unit=self.unit_name, year=self.year)
        if not self.changed and not self.skipped:
            return [_("{agreement}: pakken inneholdt ikke noe nytt. Ingenting er endret.", agreement=head)]
        if self.agreement_created:
            lines = [_("{agreement}: avtalen er lagt inn.", agreement=head)]
        else:
            lines = [_("{agreement}: avtalen er oppdatert.", agreement=head)]
        counts = [
            (self.revisions_added, ngettext("{n} ny revisjon", "{n} nye revisjoner", self.revisions_added)),
            (self.revisions_updated, ngettext("{n} revisjon oppdatert", "{n} revisjoner oppdatert", self.revisions_updated)),
            (self.remarks_added, ngettext("{n} ny merknad", "{n} nye merknader", self.remarks_added)),
            (
                self.remarks_updated,
                ngettext("{n} merknad med endret status", "{n} merknader med endret status", self.remarks_updated),
            ),
            (self.replies_added, ngettext("{n} nytt svar", "{n} nye svar", self.replies_added)),
            (self.signatures_added, ngettext("{n} ny signatur", "{n} nye signaturer", self.signatures_added)),
            (
                self.documents_updated,
                ngettext("{n} signert PDF oppdatert", "{n} signerte PDF-er oppdatert", self.documents_updated),
            ),
            (self.status_changes, ngettext("{n} statusendring", "{n} statusendringer", self.status_changes)),
            (self.followup_added, ngettext("{n} ny oppfølgingspost", "{n} nye oppfølgingsposter", self.followup_added)),
            (
                self.followup_updated,
                ngettext("{n} oppfølgingspost oppdatert", "{n} oppfølgingsposter oppdatert", self.followup_updated),
            ),
            (
                self.followup_removed,
                ngettext("{n} oppfølgingspost fjernet", "{n} oppfølgingsposter fjernet", self.followup_removed),
            ),
        ]
        parts = [text for n, text in counts if n]
        if parts:
            # TRANSLATORS: {counts} is a list such as «2 nye revisjoner, 1 ny merknad»
            lines.append(_("{counts}.", counts=", ".join(parts)))
        if self.conflicts:
            lines.append(
                ngettext(
                    "{n} konflikt: teksten er endret både her og hos avsenderen. "
                    "Begge versjoner er tatt vare på; velg hvilken som skal gjelde.",
                    "{n} konflikter: teksten er endret både her og hos avsenderen. "
                    "Begge versjoner er tatt vare på; velg hvilken som skal gjelde.",
                    len(self.conflicts),
                )
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
