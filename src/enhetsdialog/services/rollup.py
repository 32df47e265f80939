"""The director's roll-up – the red thread from the top (``domain/rollup.py``): read in one
transaction with a few bulk queries (``storage/rollup.py``), written as JSON, CSV or PDF/A."""

from __future__ import annotations

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.rollup import Rollup, build_rollup
from enhetsdialog.exchange import report_formats
from enhetsdialog.i18n import N_, using
from enhetsdialog.services.base import Service, reads
from enhetsdialog.services.settings import written_language
from enhetsdialog.storage.uow import UnitOfWork


class RollupService(Service):
    @reads
    def rollup(self, uow: UnitOfWork, year: int, area: str | None = None) -> Rollup:
        """The red thread for ``year`` (and one service area, by its name, when given)."""
        if area is not None:
            names = sorted({a.name for a in uow.org.service_areas()}, key=str.casefold)
            match = [n for n in names if n.casefold() == area.strip().casefold()]
            if not match:
                raise ValidationError(
                    N_("Fant ikke tjenesteområdet «{area}». Tjenesteområdene er: {names}.", area=area,
                       names=", ".join(names) or "–")
                )
            area = match[0]
        plans, goals = uow.rollup.catalogue()
        return build_rollup(year, area, uow.rollup.agreements(year, area), plans, goals)

    @reads
    def areas(self, uow: UnitOfWork) -> list[str]:
        return sorted({a.name for a in uow.org.service_areas()}, key=str.casefold)

    @reads
    def years(self, uow: UnitOfWork) -> list[int]:
        return uow.agreements.years()

    @reads
    def written_language(self, uow: UnitOfWork) -> str:
        return written_language(uow)

    def export_bytes(self, year: int, area: str | None, fmt: str) -> bytes:
        """The roll-up as a document, in the municipality's written language (like the agreements'
        PDFs and the year report) whatever the interface speaks."""
        with using(self.written_language()):
            r = self.rollup(year, area)
            if fmt == "csv":
                return report_formats.rollup_csv(r)
            if fmt == "json":
                return report_formats.rollup_json(r)
            # the PDF stack loads only when a PDF is made (cold start)
            from enhetsdialog.pdf.rollup import render_rollup

            return render_rollup(r, report_formats.rollup_json(r))
