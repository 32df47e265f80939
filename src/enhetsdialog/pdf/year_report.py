"""``render_year_report``: the unit's year report as PDF/A-2 bytes (tagged: PDF/A-2a and PDF/UA-1).

The same renderer and archive form as the agreement: the report's outline
(``domain/year_report_outline.py``) is drawn by the agreement's story (``render_parts.PdfStory``),
which this module extends with the indicator charts (``charts.ChartFlowable``, one tagged Figure
each with its alternative text), and finished by ``pdfa.finish``. The XMP carries the canonical
content and fingerprint of the agreement revision the report follows up, so the report names
exactly what was agreed; its title, subject and keywords say it is a year report.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from enhetsdialog import __version__, i18n
from enhetsdialog.domain import outline as o
from enhetsdialog.domain.canonical import canonical_bytes, short_fingerprint
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.outline import short, texts
from enhetsdialog.domain.year_report import YearReport
from enhetsdialog.domain.year_report_outline import report_outline
from enhetsdialog.i18n import _
from enhetsdialog.pdf import fonts, pdfa
from enhetsdialog.pdf.charts import ChartFlowable
from enhetsdialog.pdf.render import draw_outline
from enhetsdialog.pdf.render_flowables import Layout, PageInfo
from enhetsdialog.pdf.render_parts import PdfStory
from enhetsdialog.pdf.render_tags import Node, Tagger


class ReportStory(PdfStory):
    """The agreement's story with one more block: an indicator's chart."""

    def block(self, parent: Node | None, block: o.Block) -> None:
        if isinstance(block, o.Chart):
            self.story.append(Spacer(1, 2 * mm))
            self.story.append(ChartFlowable(block, parent))
            self.story.append(Spacer(1, 3 * mm))
            return
        super().block(parent, block)


def report_title(report: YearReport) -> str:
    return _("Årsrapport {year} – {unit}", year=report.year, unit=report.unit)


def render_year_report(
    report: YearReport,
    full: FullAgreement,
    *,
    created_at: datetime | None = None,
    validate: bool = False,
    language: str | None = None,
) -> bytes:
    """The year report of ``full`` (``report`` is built from it) as a tagged PDF/A-2 document (A4).
    ``validate``: also validate the written bytes; raises ``pdfa.PdfaValidationError`` if they fail."""
    with i18n.using(language):
        fonts.register_fonts()
        outline = report_outline(report)
        layout = Layout(tagger=Tagger())
        info = PageInfo(
            header_left=short(str(outline.running_header), 90),
            header_right=str(outline.status),
            footer_left=_("Avtalens fingeravtrykk {short}", short=short_fingerprint(report.fingerprint)),
            footer_centre=short(report.municipality, 50),
            page_label=lambda page, total: _("Side {page} av {total}", page=page, total=total),
            draft=False,
            watermark="",
        )
        raw = draw_outline(outline, ReportStory(outline, layout).build(), info, layout)
        layout.missing = fonts.missing_characters(texts(outline))
        meta = pdfa.DocumentMeta(
            title=report_title(report),
            authors=outline.authors,
            subject=str(outline.subject),
            keywords=_(
                "årsrapport; {year}; {unit}; {municipality}; sha256:{fingerprint}",
                year=report.year,
                unit=report.unit,
                municipality=report.municipality,
                fingerprint=report.fingerprint,
            ),
            creator=f"Enhetsdialog {__version__}",
            created=created_at or datetime.now(UTC).replace(microsecond=0),
            fingerprint=report.fingerprint,
            document_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:enhetsdialog:arsrapport:{report.revision_id}")),
            version=str(report.revision_number),
            language=i18n.language_tag(),
        )
        return pdfa.finish(raw, layout, meta, canonical_bytes(full.revision), check=validate)
