"""Review side by side: remarks next to their items; add, reply, resolve, reopen, filter; counts."""

from __future__ import annotations

from typing import Any

import pytest

from PySide6.QtWidgets import QWidget

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import AnchorKind, Role, Section
from tests.ui.director_conftest import DIRECTOR, as_director, revision_id, settle, show

from enhetsdialog.ui.director.document import section_key
from enhetsdialog.ui.director.models import SectionCountModel
from enhetsdialog.ui.director.profile import ProfileDialog
from enhetsdialog.ui.director.remark_card import RemarkCard
from enhetsdialog.ui.director.review import ReviewView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _review(qtbot: Any, ctx: Any, services: Any) -> tuple[ReviewView, str]:
    as_director(services)
    rid = revision_id(services, "Solsiden", 2027)
    view = ReviewView(ctx)
    show(qtbot, view)
    assert view.open(rid)
    settle(ctx)
    return view, rid


def _card(view: ReviewView, key: tuple[str, str], remark_id: str) -> RemarkCard:
    cell = view.remark_cell(key)
    assert cell is not None
    card = cell.card_of(remark_id)
    assert card is not None
    return card


def _y(view: ReviewView, widget: QWidget) -> int:
    assert view.sheet is not None
    return widget.mapTo(view.sheet, widget.rect().topLeft()).y()


def _row_bounds(view: ReviewView, key: tuple[str, str]) -> tuple[int, int]:
    block = view.block_view(key)
    cell = view.remark_cell(key)
    assert block is not None and cell is not None and view.sheet is not None
    top = block.mapTo(view.sheet, block.rect().topLeft()).y()
    return top, top + max(block.height(), cell.height())


def test_remarks_sit_next_to_their_items(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, rid = _review(qtbot, ctx, app_services)
    remarks = app_services.remarks.list(app_services.agreements.get(rid).revision.agreement_id)
    assert len(remarks) >= 2
    for remark in remarks:
        key = (remark.anchor_kind.value, remark.anchor_id)
        cell = view.remark_cell(key)
        assert cell is not None, key
        card = cell.card_of(remark.id)
        assert card is not None
        top, bottom = _row_bounds(view, key)
        y = _y(view, card)
        assert top <= y < bottom, (remark.text, top, y, bottom)
        # the card is in the right-hand column, the item on the left
        block = view.block_view(key)
        assert block is not None
        assert view.sheet is not None
        assert card.mapTo(view.sheet, card.rect().topLeft()).x() > block.mapTo(view.sheet, block.rect().topRight()).x()
        assert card.text_label.text() == remark.text
        assert remark.author in card.accessibleName() and "Direktør" in card.accessibleName()


def test_counts_per_section(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, _rid = _review(qtbot, ctx, app_services)
    counts: SectionCountModel = view.section_counts
    full = app_services.agreements.get(_rid)
    open_remarks = [r for r in full.remarks if not r.resolved]
    assert counts.total() == len(open_remarks) == 2
    assert counts.count(Section.HVOR) == 1
    assert counts.count(Section.HVORDAN) == 1
    assert counts.count(Section.LYKKES) == 0  # the demo's remark on an indicator is resolved
    bar_texts = [b.text() for b in view.section_bar.buttons]
    assert any("Hvor vil vi?" in t and "1" in t for t in bar_texts)


def test_add_reply_resolve_reopen_and_filter(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, rid = _review(qtbot, ctx, app_services)
    full = app_services.agreements.get(rid)
    before = fingerprint(full.revision)
    goal = sorted(full.revision.content.goals, key=lambda g: g.position)[1]
    key = (AnchorKind.GOAL.value, goal.id)
    cell = view.remark_cell(key)
    assert cell is not None and not cell.cards

    # add
    cell.add_button.click()
    assert cell.composer.isVisible()
    cell.composer.edit.setPlainText("Hvordan måler dere samarbeidet med foreldrene?")
    cell.composer.send_button.click()
    settle(ctx)
    cell = view.remark_cell(key)
    assert cell is not None and len(cell.cards) == 1
    card = cell.cards[0]
    assert card.remark.author == DIRECTOR and card.remark.role is Role.DIREKTOR
    assert not cell.composer.isVisible()
    assert view.section_counts.count(Section.HVOR) == 2
    top, bottom = _row_bounds(view, key)
    y = _y(view, card)
    assert top <= y < bottom

    # reply
    remark_id = card.remark.id
    card.reply_button.click()
    card.composer.edit.setPlainText("Vi teller deltakelse på foreldremøtene.")
    card.composer.send_button.click()
    settle(ctx)
    card = _card(view, key, remark_id)
    assert [r.text for r in card.remark.replies] == ["Vi teller deltakelse på foreldremøtene."]

    # resolve
    card.resolve_button.click()
    settle(ctx)
    card = _card(view, key, remark_id)
    assert card.remark.resolved and card.remark.resolved_by == DIRECTOR
    assert view.section_counts.count(Section.HVOR) == 1

    # the "bare åpne" filter hides it, and shows it again
    view.only_open.setChecked(True)
    cell = view.remark_cell(key)
    assert cell is not None and cell.card_of(remark_id) is None
    open_cards = [c for other in view.column.cells.values() for c in other.cards]
    assert open_cards and all(not c.remark.resolved for c in open_cards)
    view.only_open.setChecked(False)
    card = _card(view, key, remark_id)

    # reopen
    card.reopen_button.click()
    settle(ctx)
    card = _card(view, key, remark_id)
    assert not card.remark.resolved
    assert view.section_counts.count(Section.HVOR) == 2

    # remarks never change the agreement's text
    assert fingerprint(app_services.agreements.get(rid).revision) == before


def test_section_remark_and_jump(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, _rid = _review(qtbot, ctx, app_services)
    key = section_key(Section.LYKKES)
    cell = view.remark_cell(key)
    assert cell is not None
    cell.start_remark()
    cell.composer.edit.setPlainText("Bra med både prosess- og resultatindikatorer.")
    cell.composer.send_button.click()
    settle(ctx)
    assert view.section_counts.count(Section.LYKKES) == 1
    view.show_section(Section.LYKKES)
    settle(ctx)
    block = view.block_view(key)
    assert block is not None and view.sheet is not None
    y = block.mapTo(view.sheet, block.rect().topLeft()).y()
    assert abs(view.scroll_area.verticalScrollBar().value() - max(0, y - 12)) <= 1 or \
        view.scroll_area.verticalScrollBar().value() == view.scroll_area.verticalScrollBar().maximum()


def test_first_remark_asks_who_is_writing(qtbot: Any, ctx: Any, app_services: Any) -> None:
    rid = revision_id(app_services, "Solsiden", 2027)  # no profile yet
    view = ReviewView(ctx)
    show(qtbot, view)
    view.open(rid)
    settle(ctx)
    cell = view.remark_cell(section_key(Section.HELE))
    assert cell is not None
    cell.start_remark()
    cell.composer.edit.setPlainText("Takk for et godt utkast.")
    cell.composer.send_button.click()
    dialogs = [d for d in view.findChildren(ProfileDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    dialog.name.setText("Kari Nordahl")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.DIREKTOR))
    dialog.save()
    settle(ctx)
    cell = view.remark_cell(section_key(Section.HELE))
    assert cell is not None and [c.remark.text for c in cell.cards] == ["Takk for et godt utkast."]
    assert cell.cards[0].remark.author == "Kari Nordahl" and cell.cards[0].remark.role is Role.DIREKTOR
    assert "Kari Nordahl (Direktør)" in view.profile_button.text()
