"""The unit's year report (årsrapport): assembled from what is stored in one read, and written as
PDF/A, CSV or JSON (the format from the file's extension: :func:`format_of`).

Reading happens in one transaction; drawing the PDF happens after it, so the database is not held
while ReportLab works. Nothing is written to the database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.year_report import YearReport, build_year_report
from enhetsdialog.exchange import report_formats
from enhetsdialog.i18n import N_, using
from enhetsdialog.services.base import Service, reads
from enhetsdialog.services.followup import FollowUpService
from enhetsdialog.storage.database import Database
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
    def __init__(self, db: Database, followup: FollowUpService) -> None:
        super().__init__(db)
        self.followup = followup

    # --- the year report ---------------------------------------------------------------------------------

    @reads
    def year_report(self, uow: UnitOfWork, revision_id: str, today: date | None = None) -> tuple[YearReport, FullAgreement]:
        """The report of one agreement revision (any status: the cover names it), its labels in the
        municipality's written language (``full.language``), as the document is."""
        day = today or date.today()
        full = uow.agreements.full(revision_id)
        with using(full.language):
            # the follow-up read model (with last year's values), in this same transaction
            return build_year_report(full, self.followup.followup(revision_id, today=day), day), full

    def year_report_bytes(
        self, revision_id: str, fmt: str, *, today: date | None = None, validate: bool = False
    ) -> bytes:
        """The report as ``fmt`` bytes, written in the municipality's written language
        (``full.language``, like the agreement's PDF) whatever the interface speaks: the PDF's text,
        ``/Lang`` and ``dc:language``, and the translated labels in the JSON."""
        if fmt not in FORMATS:
            raise ValidationError(N_("Ukjent format «{fmt}» (pdf, csv eller json).", fmt=fmt))
        report, full = self.year_report(revision_id, today)
        if fmt == "pdf":
            # the PDF stack loads only when a PDF is made (cold start of the CLI and the GUI)
            from enhetsdialog.pdf.year_report import render_year_report

            return render_year_report(report, full, validate=validate, language=full.language)
        with using(full.language):
            return report_formats.report_csv(report) if fmt == "csv" else report_formats.report_json(report)
