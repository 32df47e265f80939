"""The agreement as a printed document: the PDF adapter over ``domain.outline``, drawn with ReportLab.

This module lays out pages; ``pdfa.finish`` turns the result into PDF/A (metadata, output intent,
content in XMP, signature fields, structure tree). The work is split by concern:

* ``render_styles`` — page geometry, colours, paragraph styles;
* ``render_text`` — user text on its way to ReportLab (:func:`markup`, :class:`Para`);
* ``render_script`` — fallback fonts, right-to-left runs and shaping for text DejaVu cannot draw alone;
* ``render_tags`` — marking content as it is drawn (MCIDs, artifacts, tagged tables);
* ``render_flowables`` — bookmarks, SDG tiles, signature boxes, header/footer, watermark;
* ``render_blocks`` / ``render_parts`` — outline blocks and parts → flowables;
* ``render_structtree`` — the structure tree and parent tree, written with pikepdf.

Rules that keep the output honest: user text is never interpreted as markup; only embedded fonts
are used (DejaVu Sans, Noto Emoji; ``initialFontName`` and every style), never a base-14 font;
colours are RGB (the output intent is sRGB); long text and long tables split across pages and
tables repeat their header rows.
"""

from __future__ import annotations

import io
import logging

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from enhetsdialog.domain.canonical import short_fingerprint
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.outline import Outline, build_outline, short, texts
from enhetsdialog.i18n import _, language_tag
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.render_flowables import (
    FieldPlacement,
    Layout,
    OutlineEntry,
    PageInfo,
    canvas_factory,
    no_op,
    watermark,
)
from enhetsdialog.pdf.render_parts import PdfStory
from enhetsdialog.pdf.render_styles import (
    ACCENT,
    BLACK,
    CONTENT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PRIMARY,
)
from enhetsdialog.pdf.render_tags import Tagger
from enhetsdialog.pdf.render_text import Para, clean, format_date, format_datetime, markup

log = logging.getLogger(__name__)


def render_layout(
    full: FullAgreement,
    *,
    include_remarks: bool = True,
    signature_fields: bool | None = None,
    tagged: bool = True,
) -> tuple[bytes, Layout, Outline]:
    """Draw the agreement in the current language. Returns plain PDF bytes, what the PDF/A step needs
    (``Layout``: widgets, bookmarks, tags) and the outline that was drawn."""
    fonts.register_fonts()
    outline = build_outline(full, include_remarks=include_remarks, signature_fields=signature_fields)
    layout = Layout(tagger=Tagger() if tagged else None)
    info = PageInfo(
        header_left=short(str(outline.running_header), 90),
        header_right=str(outline.status),
        footer_left=_("Fingeravtrykk {short}", short=short_fingerprint(outline.fingerprint)),
        footer_centre=short(full.municipality.name, 50),
        page_label=lambda page, total: _("Side {page} av {total}", page=page, total=total),
        draft=outline.draft,
        watermark=_("UTKAST"),
    )
    buf = draw_outline(outline, PdfStory(outline, layout).build(), info, layout)
    layout.missing = fonts.missing_characters(texts(outline))
    if layout.missing:
        log.warning("Tegn uten skrift i PDF-en, vist som «�»: %s", " ".join(layout.missing))
    return buf, layout, outline


def draw_outline(outline: Outline, story: list[Flowable], info: PageInfo, layout: Layout) -> bytes:
    """Lay out ``story`` (the flowables of ``outline``) on A4 pages with the page furniture ``info``;
    plain PDF bytes for ``pdfa.finish``. Shared by the agreement and the year report."""
    buf = io.BytesIO()
    # ASCII85 only inflates the streams pikepdf re-encodes anyway (it decodes them on save).
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        initialFontName=fonts.REGULAR,
        initialFontSize=9.5,
        initialLeading=13,
        title=str(outline.title),
        lang=language_tag(),
        pageCompression=1,
        invariant=1,
        enforceColorSpace="rgb",
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    on_page = watermark(info.watermark) if outline.draft else no_op
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    try:
        doc.build(story, canvasmaker=canvas_factory(info, layout))
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()


__all__ = [
    "ACCENT",
    "BLACK",
    "MUTED",
    "PRIMARY",
    "FieldPlacement",
    "Layout",
    "OutlineEntry",
    "Para",
    "clean",
    "format_date",
    "format_datetime",
    "markup",
    "render_layout",
    "short",
]
