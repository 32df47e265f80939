"""The unit's year report (årsrapport): assembled from what is stored in one read, and written as
PDF/A, CSV or JSON (the format from the file's extension: :func:`format_of`).

Reading happens in one transaction; drawing the PDF happens after it, so the database is not held
while ReportLab works. Nothing is written to the database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.followup import build_followup
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.year_report import YearReport, build_year_report
from enhetsdialog.exchange import report_formats
from enhetsdialog.i18n import N_
from enhetsdialog.services.base import Service, reads
from enhetsdialog.storage.uow import UnitOfWork

FORMATS = ("pdf", "csv", "json")


def format_of(path: Path | str) -> str:
    """``pdf``, ``csv`` or ``json`` from the file's extension; one Norwegian line for any other."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValidationError(
            N_(
                "Filtypen «{suffix}» kan ikke brukes: skriv rapporten til en fil som slutter på .pdf, .csv eller .json.",
                suffix="." + suffix if suffix else Path(path).name,
            )
        )
    return suffix


class ReportService(Service):
    # --- the year report ---------------------------------------------------------------------------------

    @reads
    def year_report(self, uow: UnitOfWork, revision_id: str, today: date | None = None) -> tuple[YearReport, FullAgreement]:
        """The report of one agreement revision (any status; a draft's report says so)."""
        day = today or date.today()
        full = uow.agreements.full(revision_id)
        return build_year_report(full, build_followup(full, self._last_year(uow, full), day), day), full

    @staticmethod
    def _last_year(uow: UnitOfWork, full: FullAgreement) -> FullAgreement | None:
        """Last year's agreement, when this one was copied forward from it (``based_on_id``)."""
        based_on = full.revision.based_on_id
        if not based_on:
            return None
        try:
            header = uow.agreements.header(based_on)
        except NotFoundError:
            return None
        return uow.agreements.full(based_on) if header.year == full.revision.year - 1 else None

    def year_report_bytes(
        self, revision_id: str, fmt: str, *, today: date | None = None, validate: bool = False
    ) -> bytes:
        report, full = self.year_report(revision_id, today)
        if fmt == "csv":
            return report_formats.report_csv(report)
        if fmt == "json":
            return report_formats.report_json(report)
        if fmt != "pdf":
            raise ValidationError(N_("Ukjent format «{fmt}» (pdf, csv eller json).", fmt=fmt))
        # the PDF stack loads only when a PDF is made (cold start of the CLI and the GUI)
        from enhetsdialog.pdf.year_report import render_year_report

        return render_year_report(report, full, validate=validate)
