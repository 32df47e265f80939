"""The Qt adapter over the outline says what the PDF says: every text of the outline's parts it shows
appears in the summary's rich text, the user's words escaped, in the language current when drawn."""

from __future__ import annotations

import re
from html import unescape

from enhetsdialog import i18n
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.outline import Outline, Part, build_outline, texts
from tests.pdf_fixtures import MARKUP_TEXT, build_agreement

from enhetsdialog.ui.outline_html import outline_html
from enhetsdialog.ui.steps.summary import SUMMARY_PARTS, agreement_html


def _plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_summary_shows_every_text_of_its_parts_of_the_outline() -> None:
    full = build_agreement(status=Status.ENIGHET)
    outline = build_outline(full, include_remarks=False)
    shown = _plain(agreement_html(full))
    parts = tuple(p for p in outline.parts if p.kind in SUMMARY_PARTS)
    subset = Outline(**{**{f: getattr(outline, f) for f in outline.__dataclass_fields__}, "parts": parts})
    missing = [t for t in texts(subset) if " ".join(t.split()) not in shown]
    # the cover's part name is a PDF bookmark only
    assert [m for m in missing if m not in ("Forside",)] == []


def test_users_markup_is_escaped_not_interpreted() -> None:
    full = build_agreement(status=Status.UTKAST)
    full.revision.content.challenges = MARKUP_TEXT
    html = agreement_html(full)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_the_adapter_translates_at_drawing_time() -> None:
    outline = build_outline(build_agreement(status=Status.UTKAST), include_remarks=False)
    with i18n.using("nb"):
        nb = outline_html(outline)
    assert "Hvor vil vi?" in nb
    assert isinstance(outline.parts[0], Part)
