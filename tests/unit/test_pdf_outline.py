"""The outline every rendering is built from, and the bidi/fallback rules of the PDF's script path."""

from __future__ import annotations

from enhetsdialog.domain import outline as o
from enhetsdialog.domain.enums import Status
from enhetsdialog.i18n import LazyText
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.render_script import base_level, levels, reorder, visual_pieces
from enhetsdialog.services.presentation import agreement_as_text
from tests.pdf_fixtures import build_agreement


def test_parts_follow_the_four_questions() -> None:
    parts = o.build_outline(build_agreement(status=Status.ENIGHET)).parts
    kinds = [p.kind for p in parts]
    assert kinds == [
        o.PartKind.COVER,
        o.PartKind.RED_THREAD,
        o.PartKind.HVOR,
        o.PartKind.HVORDAN,
        o.PartKind.ENKLERE,
        o.PartKind.LYKKES,
        o.PartKind.SAMSKAPING,
        o.PartKind.REMARKS,
        o.PartKind.SIGNATURES,
    ]
    assert [p.number for p in parts[2:6]] == [1, 2, 3, 4]
    assert str(parts[2].heading) == "1 Hvor vil vi?"


def test_labels_are_lazy_texts_and_user_text_is_plain() -> None:
    full = build_agreement(status=Status.ENIGHET)
    part = o.build_outline(full).part(o.PartKind.HVOR)
    assert part is not None
    assert isinstance(part.title, LazyText)
    labelled = [b for b in part.blocks if isinstance(b, o.Labelled)]
    assert isinstance(labelled[0].label, LazyText)
    assert labelled[0].text == full.revision.content.challenges


def test_meeting_notes_and_remarks_are_appendices_only_with_remarks() -> None:
    full = build_agreement(status=Status.ENIGHET)
    full.revision.meeting_notes = {"hvor": "Vi ble enige om mål 1.", "oppsummering": "Signeres i mai."}
    with_notes = o.build_outline(full)
    meeting = with_notes.part(o.PartKind.MEETING)
    assert meeting is not None
    assert [b.text for b in meeting.blocks if isinstance(b, o.Labelled)] == [
        "Vi ble enige om mål 1.",
        "Signeres i mai.",
    ]
    without = o.build_outline(full, include_remarks=False)
    assert without.part(o.PartKind.MEETING) is None and without.part(o.PartKind.REMARKS) is None


def test_signature_fields_only_when_agreed() -> None:
    draft = o.build_outline(build_agreement(status=Status.I_DIALOG)).part(o.PartKind.SIGNATURES)
    agreed = o.build_outline(build_agreement(status=Status.ENIGHET)).part(o.PartKind.SIGNATURES)
    assert draft is not None and agreed is not None
    draft_block, agreed_block = draft.blocks[0], agreed.blocks[0]
    assert isinstance(draft_block, o.SignatureBlock) and isinstance(agreed_block, o.SignatureBlock)
    assert [p.field for p in draft_block.parties] == [None, None]
    assert [p.field for p in agreed_block.parties] == ["Signatur_leder", "Signatur_direktor"]
    assert draft_block.notice is not None and agreed_block.notice is None


def test_text_adapter_shows_every_part() -> None:
    text = agreement_as_text(build_agreement(status=Status.ENIGHET))
    for heading in ("1 Hvor vil vi?", "2 Hvordan kommer vi dit?", "4 Hvordan vet vi om vi lykkes?", "Samskaping"):
        assert heading in text
    assert "Kari Ødegård Lie" in text


# --- the script path ------------------------------------------------------------------------------


def test_paragraph_direction_from_the_first_strong_character() -> None:
    assert base_level("123 שלום abc") == 1
    assert base_level("abc שלום") == 0
    assert base_level("123") == 0


def test_levels_and_run_order() -> None:
    text = "ab שלום cd"
    lv = levels(text, 0)
    assert lv[:2] == [0, 0] and lv[3:7] == [1, 1, 1, 1] and lv[-2:] == [0, 0]
    assert levels("שלום 12", 1)[-2:] == [2, 2]  # numbers keep their order inside right-to-left text
    assert reorder([0, 1, 0]) == [0, 1, 2]
    assert reorder([1, 1, 1]) == [2, 1, 0]
    assert reorder([1, 2, 1]) == [2, 1, 0]


def test_hebrew_is_drawn_right_to_left_and_emoji_with_the_emoji_font() -> None:
    fonts.register_fonts()
    pieces = visual_pieces("שלום", fonts.REGULAR, 10)
    assert "".join(str(p[1]) for p in pieces) == "םולש"
    emoji = visual_pieces("ok 👍", fonts.REGULAR, 10)  # DejaVu has 😀 but not 👍
    assert [p[0] for p in emoji] == [fonts.REGULAR, fonts.EMOJI]
    assert fonts.plain("æøå ŋ Ω Ж") and not fonts.plain("שלום") and not fonts.plain("👍")


def test_the_outline_shows_every_declared_answer_and_anchors_every_item() -> None:
    """Declared once: every free-text answer of the revision is in the outline (marked with its field),
    and every item (goal, activity, indicator, support need, participant) is anchored for remarks."""
    from enhetsdialog.domain.enums import Status
    from enhetsdialog.domain.model import TEXT_FIELDS
    from enhetsdialog.domain.outline import Group, Heading, Labelled, Table, UserText, build_outline
    from tests.pdf_fixtures import build_agreement

    full = build_agreement(status=Status.ENIGHET)
    fields: set[str] = set()
    anchors: set[tuple[str, str]] = set()

    def walk(block: object) -> None:
        if isinstance(block, Labelled | UserText) and block.field:
            fields.add(block.field)
        if isinstance(block, Heading) and block.anchor:
            anchors.add(block.anchor)
        if isinstance(block, Table):
            anchors.update(a for a in block.anchors if a)
        if isinstance(block, Group):
            for b in block.blocks:
                walk(b)

    for part in build_outline(full).parts:
        for block in part.blocks:
            walk(block)
    c = full.revision.content
    assert fields == set(TEXT_FIELDS)
    items = {("goal", g.id) for g in c.goals}
    items |= {("activity", a.id) for g in c.goals for a in g.activities}
    items |= {("indicator", i.id) for g in c.goals for i in g.indicators}
    items |= {("support_need", x.id) for x in c.support_needs} | {("participant", x.id) for x in c.participants}
    assert items <= anchors


def test_the_municipalitys_own_value_names_label_the_value_answers() -> None:
    from dataclasses import replace

    from enhetsdialog.domain.enums import Status
    from enhetsdialog.domain.outline import Labelled, PartKind, build_outline
    from tests.pdf_fixtures import build_agreement

    full = replace(build_agreement(status=Status.ENIGHET), value_names=("Raus", "Nyskapende", "Trygg"))
    part = next(p for p in build_outline(full).parts if p.kind is PartKind.HVORDAN)
    labels = {b.field: str(b.label) for b in part.blocks if isinstance(b, Labelled) and b.field}
    assert (labels["value_open"], labels["value_competent"], labels["value_brave"]) == ("Raus", "Nyskapende", "Trygg")
