"""What the main window asks of each of its modes (the start page, the guided agreement, the
director's portfolio, review, compare and meeting): one small protocol instead of reaching into each
view. A mode is a QWidget that also has these methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from enhetsdialog.i18n import _

if TYPE_CHECKING:
    from enhetsdialog.domain.model import FullAgreement


@runtime_checkable
class Mode(Protocol):
    def current_revision(self) -> str | None:
        """The agreement a menu action works on while this mode is shown (None: none chosen)."""

    def shown_agreement(self) -> FullAgreement | None:
        """The agreement this mode holds, loaded (its title and status need no reading)."""

    def flush(self) -> None:
        """Save what was typed here before a package or a PDF is made."""


class ShowsAgreement:
    """The mode protocol of a view that holds one agreement, loaded, in ``full`` (the director's review
    and meeting): that agreement is the current one. Mixed in before QWidget."""

    full: FullAgreement | None

    @property
    def revision_id(self) -> str | None:
        return self.full.revision.id if self.full else None

    def current_revision(self) -> str | None:
        return self.revision_id

    def shown_agreement(self) -> FullAgreement | None:
        return self.full

    def flush(self) -> None:
        """Nothing typed here waits to be saved (remarks are saved as they are written)."""


def title_of(full: FullAgreement | None) -> str:
    return "" if full is None else _("{unit} {year}", unit=full.unit.name, year=full.revision.year)
