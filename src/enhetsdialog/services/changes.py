"""What a service call changed, so that each view refreshes only what concerns it (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    revisions: frozenset[str] = frozenset()  # revisions whose content or status changed
    agreements: frozenset[str] = frozenset()  # agreements created, or whose list of revisions changed
    remarks: frozenset[str] = frozenset()  # agreements whose remarks changed
    followup: frozenset[str] = frozenset()  # revisions whose measurements or assessments changed
    exchange: frozenset[str] = frozenset()  # revisions whose exchange state changed (versions known, conflicts)
    catalogue: bool = False
    organisation: bool = False
    settings: bool = False
    status: bool = False  # a status changed (lists and navigators show it)
    created: str | None = None  # the id of what was created, if anything
    details: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            revisions=self.revisions | other.revisions,
            agreements=self.agreements | other.agreements,
            remarks=self.remarks | other.remarks,
            followup=self.followup | other.followup,
            exchange=self.exchange | other.exchange,
            catalogue=self.catalogue or other.catalogue,
            organisation=self.organisation or other.organisation,
            settings=self.settings or other.settings,
            status=self.status or other.status,
            created=other.created or self.created,
            details={**self.details, **other.details},
        )

    @property
    def empty(self) -> bool:
        return not (
            self.revisions
            or self.agreements
            or self.remarks
            or self.followup
            or self.exchange
            or self.catalogue
            or self.organisation
            or self.settings
            or self.status
        )
