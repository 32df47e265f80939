"""``render_rollup``: the director's roll-up as a tagged PDF/A-2 document, drawn by the agreement's
story (``render_parts.PdfStory``) from ``domain/rollup_outline.py`` and finished by ``pdfa.finish``.
The XMP carries the roll-up's JSON (``exchange/report_formats.py``) and its SHA-256."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from enhetsdialog import __version__, i18n
from enhetsdialog.domain.outline import short, texts
from enhetsdialog.domain.rollup import Rollup
from enhetsdialog.domain.rollup_outline import rollup_outline
from enhetsdialog.i18n import _
from enhetsdialog.pdf import fonts, pdfa
from enhetsdialog.pdf.render import draw_outline
from enhetsdialog.pdf.render_flowables import Layout, PageInfo
from enhetsdialog.pdf.render_parts import PdfStory
from enhetsdialog.pdf.render_tags import Tagger


def render_rollup(r: Rollup, content: bytes, *, created_at: datetime | None = None, validate: bool = False) -> bytes:
    """``content``: the roll-up as JSON, kept in the XMP metadata."""
    fonts.register_fonts()
    outline = rollup_outline(r)
    layout = Layout(tagger=Tagger())
    digest = hashlib.sha256(content).hexdigest()
    info = PageInfo(
        header_left=short(str(outline.running_header), 90),
        header_right=str(outline.status),
        footer_left=_("Laget {date}", date=i18n.format_date(created_at or datetime.now(UTC))),
        footer_centre="",
        page_label=lambda page, total: _("Side {page} av {total}", page=page, total=total),
        draft=False,
        watermark="",
    )
    raw = draw_outline(outline, PdfStory(outline, layout).build(), info, layout)
    layout.missing = fonts.missing_characters(texts(outline))
    meta = pdfa.DocumentMeta(
        title=str(outline.title),
        authors=(_("Enhetsdialog"),),
        subject=str(outline.subject),
        keywords=_("den røde tråden; {year}; sha256:{digest}", year=r.year, digest=digest),
        creator=f"Enhetsdialog {__version__}",
        created=created_at or datetime.now(UTC).replace(microsecond=0),
        fingerprint=digest,
        document_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:enhetsdialog:rollup:{r.year}:{r.area or ''}")),
        version="1",
        language=i18n.language_tag(),
    )
    return pdfa.finish(raw, layout, meta, content, check=validate)
