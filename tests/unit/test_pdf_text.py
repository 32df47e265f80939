"""User text reaches ReportLab as escaped markup: whatever is typed is shown, nothing is interpreted."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.names import SIGNATURE_FIELDS, is_draft, role_of_field
from enhetsdialog.pdf.render import Para, clean, format_date, format_datetime, markup, short

NBSP = "\u00a0"


def shown_text(markup_text: str) -> str:
    """The characters a ReportLab paragraph built from ``markup_text`` draws (line breaks as \\n)."""
    fonts.register_fonts()
    para = Para(markup_text, ParagraphStyle("t", fontName=fonts.REGULAR))
    parts = []
    for frag in para.frags:
        parts.append("\n" if getattr(frag, "lineBreak", False) else frag.text)
    return "".join(parts)


def normalise(text: str) -> str:
    """Compare what is drawn, not how wide a space is: any run of non-newline whitespace is one space."""
    lines = [re.sub(r"[^\S\n]+", " ", line.replace(NBSP, " ")).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def test_markup_like_text_is_escaped() -> None:
    text = "<b>x</b> & <font size=40> &amp; <br/> ]]> <para> &lt; &#x41; &nbsp;"
    assert shown_text(markup(text)) == text


def test_newlines_become_line_breaks_and_spaces_are_kept() -> None:
    assert shown_text(markup("første\nandre\r\ntredje")) == "første\nandre\ntredje"
    assert shown_text(markup("a  b")).replace(NBSP, " ") == "a  b"
    assert shown_text(markup("  innrykk")).replace(NBSP, " ") == "  innrykk"


def test_unprintable_control_characters_are_dropped_but_tabs_kept_as_spaces() -> None:
    assert clean("a\x01b\x0bc\td") == "abc    d"
    assert clean("a\x85b\u2028c\r\nd\x9f") == "a\nb\nc\nd"


_ALPHABET = st.sampled_from(
    list("<>&;#/=\"' abcxyzæøåÆØÅ\n\t]![]CDATA%{}\\") + ["&amp;", "<br/>", "<b>", "\x02", "é", "ŋ"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_any_text_is_drawn_exactly(text: str) -> None:
    assert normalise(shown_text(markup(text))) == normalise(clean(text))


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=80))
def test_any_unicode_text_survives(text: str) -> None:
    assert normalise(shown_text(markup(text))) == normalise(clean(text))


def test_short_and_dates() -> None:
    assert short("a" * 100, 10) == "a" * 9 + "…"
    assert short("  mange   mellomrom  ") == "mange mellomrom"
    assert format_date(date(2027, 3, 1)) == "01.03.2027"
    assert format_date(None) == ""
    oslo = timezone(timedelta(hours=1))
    assert format_datetime(datetime(2027, 3, 1, 9, 5, tzinfo=oslo)).endswith(":05")
    assert format_datetime(datetime(2027, 3, 1, 9, 5)) == "01.03.2027 kl. 09:05"
    assert format_datetime(None) == ""
    assert format_datetime(datetime(2027, 3, 1, tzinfo=UTC))


def test_field_names_and_draft_statuses() -> None:
    for role, name in SIGNATURE_FIELDS.items():
        assert role_of_field(name) is role
    assert role_of_field("Signatur_annen") is None
    assert set(SIGNATURE_FIELDS) == {Role.LEDER, Role.DIREKTOR}
    assert [s for s in Status if is_draft(s)] == [Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG]
