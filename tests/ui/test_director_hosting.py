"""The director's side hosted in the main window: the Direktør menu and its shortcuts, portfolio →
review → compare → meeting and back, the way between the leader's editor and the remarks, open
remark counts in the navigator, signing from the summary, a package dropped on the window, and the
profile asked at first start (only then)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu

from enhetsdialog.domain.enums import AnchorKind, Role, Section, Status
from tests.ui.conftest import reactivate
from tests.ui.director_conftest import DIRECTOR, revision_id, settle

from enhetsdialog.ui.director import packages
from enhetsdialog.ui.director.profile import ProfileDialog
from enhetsdialog.ui.models.navigator import RemarksRole
from enhetsdialog.ui.signing_dialog import SigningDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _as_director(window: Any) -> None:
    """Through the context, as the profile dialog does (the context reads the profile again)."""
    window.ctx.op(lambda s: s.settings.set_profile(DIRECTOR, Role.DIREKTOR, "Kommunaldirektør"))
    settle(window.ctx)


def _menu(window: Any, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text() == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(f"no menu {title}")


def _remarks_in_navigator(window: Any, rid: str) -> int:
    nav = window.navigator
    return int(nav.model.index_of_revision(rid).data(RemarksRole) or 0)


def test_director_menu_lists_the_actions_with_their_shortcuts(window: Any) -> None:
    menu = _menu(window, "&Direktør")
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}
    assert shortcuts == {
        "&Portefølje": "Ctrl+Shift+P", "Den røde &tråden": "Ctrl+Shift+T", "&Gjennomgang": "Ctrl+Shift+R", "&Sammenlign": "Ctrl+Shift+C",
        "&Dialogmøte": "Ctrl+Shift+M", "Si&gner avtalen …": "", "&Kontroller signert PDF …": "Ctrl+Shift+V",
        "Eksporter til ar&kivet …": "", "&Eksporter avtalepakke …": "Ctrl+E",
        "&Importer avtalepakke …": "Ctrl+I", "K&onflikter …": "", "P&rofil …": "",
    }
    # the package actions are in the Fil menu too (the same actions: no shortcut twice)
    file_actions = _menu(window, "&Fil").actions()
    assert window.director.actions["export"] in file_actions and window.director.actions["import"] in file_actions
    # the views are built when first needed: a cold start does not pay for them
    assert not any(window.director.built(m) for m in ("portfolio", "review", "compare", "meeting"))


def test_portfolio_review_remark_compare_meeting(qtbot: Any, window: Any, app_services: Any) -> None:
    _as_director(window)
    sol = revision_id(app_services, "Solsiden", 2027)
    remarks_before = _remarks_in_navigator(window, sol)
    assert remarks_before == 2  # the navigator shows open remarks

    # the portfolio from its shortcut
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    assert window.mode() == "portfolio"
    portfolio = window.director.portfolio
    assert portfolio.model.rowCount() > 0 and not portfolio.model.missing_nudges()
    assert "Portefølje" in window.windowTitle()
    assert not window.editor.undo_action.isVisible()  # no undo of a hidden editor from here

    # open Solsiden into the review with Enter
    portfolio.search.setText("sol")
    portfolio.table.setCurrentIndex(portfolio.proxy.index(0, 0))
    portfolio.table.setFocus()
    qtbot.keyClick(portfolio.table, Qt.Key.Key_Return)
    assert window.mode() == "review"
    review = window.director.review
    assert review.revision_id == sol
    assert "Solsiden barnehage 2027" in window.windowTitle()

    # add a remark to the second goal
    goal = sorted(app_services.agreements.get(sol).revision.content.goals, key=lambda g: g.position)[1]
    cell = review.remark_cell((AnchorKind.GOAL.value, goal.id))
    assert cell is not None
    cell.add_button.click()
    cell.composer.edit.setPlainText("Hvem er med i arbeidet med foreldremøtene?")
    cell.composer.send_button.click()
    settle(window.ctx)
    remarks = app_services.remarks.list(app_services.agreements.get(sol).revision.agreement_id)
    added = [r for r in remarks if r.text == "Hvem er med i arbeidet med foreldremøtene?"]
    assert added and added[0].author == DIRECTOR and added[0].role is Role.DIREKTOR
    assert review.section_counts.count(Section.HVOR) == 2
    qtbot.waitUntil(lambda: _remarks_in_navigator(window, sol) == remarks_before + 1, timeout=3000)

    # compare and meeting from the menu shortcuts work on the agreement in the review
    qtbot.keyClick(window, Qt.Key.Key_C, CTRL_SHIFT)
    assert window.mode() == "compare"
    compare = window.director.compare
    assert compare.b is not None and compare.b.revision.id == sol
    assert compare.a is None  # Solsiden has no earlier agreement in the demo
    assert window.director.current_revision() == sol
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    assert window.mode() == "meeting"
    meeting = window.director.meeting
    assert meeting.revision_id == sol
    assert len(meeting.cells[Section.HVOR.value].cards) == 2  # the new remark is there too
    meeting.leave()
    assert window.mode() == "review" and review.revision_id == sol

    # the review's button to compare, and back with the compare's own signal
    review.compare_button.click()
    assert window.mode() == "compare"
    compare.review_requested.emit(sol)
    assert window.mode() == "review"

    # a navigator click in a director mode opens that agreement in the review
    lade = revision_id(app_services, "Lade", 2027)
    window.navigator.open_revision.emit(lade)
    assert window.mode() == "review" and review.revision_id == lade
    assert window.editor.session.revision_id != lade
    # and compare now shows Lade against its agreement of the year before
    window.director.actions["compare"].trigger()
    assert compare.b is not None and compare.b.revision.id == lade
    assert compare.a is not None and compare.a.unit.id == compare.b.unit.id and compare.a.revision.year == 2026
    assert compare.differences


def test_leader_reads_and_answers_remarks_from_the_editor(qtbot: Any, window: Any, app_services: Any) -> None:
    window.ctx.op(lambda s: s.settings.set_profile("Sara Lie", Role.LEDER, "Styrer"))
    settle(window.ctx)
    sol = revision_id(app_services, "Solsiden", 2027)
    assert window.open_revision(sol)
    button = window.editor.remarks_button
    assert button.text() == "Merknader · 2 åpne" and button.property("open") == "true"
    button.click()
    assert window.mode() == "review"
    review = window.director.review
    assert review.revision_id == sol
    assert window.navigator.tree.currentIndex().isValid()

    # reply to the director's open remark on the first goal
    agreement_id = app_services.agreements.get(sol).revision.agreement_id
    remark = next(r for r in app_services.remarks.list(agreement_id)
                  if not r.resolved and r.anchor_kind is AnchorKind.GOAL)
    cell = review.remark_cell((remark.anchor_kind.value, remark.anchor_id))
    assert cell is not None
    card = cell.card_of(remark.id)
    assert card is not None
    card.reply_button.click()
    card.composer.edit.setPlainText("Vi inviterer foreldrerådet til planleggingen.")
    card.composer.send_button.click()
    settle(window.ctx)
    replies = next(r for r in app_services.remarks.list(agreement_id) if r.id == remark.id).replies
    assert replies[-1].author == "Sara Lie" and replies[-1].role is Role.LEDER

    # back to the guided agreement
    assert review.edit_button.text() == "Rediger avtalen"
    review.edit_button.click()
    assert window.mode() == "agreement" and window.editor.session.revision_id == sol
    assert window.editor.undo_action.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)  # and with the shortcut, to the review again
    assert window.mode() == "review"


def test_summary_offers_signing_when_agreed(qtbot: Any, window: Any, app_services: Any) -> None:
    lade = revision_id(app_services, "Lade", 2027)
    assert app_services.agreements.get(lade).revision.status is Status.ENIGHET
    assert window.open_revision(lade)
    window.editor.go_to(len(window.editor.pages) - 1)
    summary = window.editor.current_page()
    assert summary.sign_button is not None and summary.sign_button.isVisible()
    assert summary.sign_button.text() == "Signer …"
    summary.sign_button.click()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SigningDialog) and w.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].role is Role.LEDER
    dialogs[0].reject()
    settle(window.ctx)
    reactivate(qtbot, window)

    # the menu's "Signer avtalen …" works on the same agreement and is enabled only when agreed
    menu = window.director.menu
    menu.aboutToShow.emit()
    assert window.director.actions["sign"].isEnabled()
    sol = revision_id(app_services, "Solsiden", 2027)
    window.open_revision(sol)
    menu.aboutToShow.emit()
    assert not window.director.actions["sign"].isEnabled()
    window.editor.go_to(len(window.editor.pages) - 1)
    assert window.editor.current_page().sign_button is None


def _package_from_another_machine(tmp_path: Path) -> Path:
    """A second database with its own unit and agreement, exported as a package."""
    from enhetsdialog.services import open_services

    from enhetsdialog.ui.setup_dialog import UnitSetup, set_up_unit

    other = open_services(tmp_path / "other.sqlite3", auto_backup=False, backup_dir=tmp_path / "other-backups")
    try:
        unit_id = set_up_unit(other, UnitSetup("Malvik kommune", "5031", "Oppvekst", "Per Dahl", "Kommunalsjef",
                                               "Hommelvik skole", "Skole", "Eva Berg", "Rektor")).created
        assert unit_id
        rid = other.agreements.create(unit_id, 2027).created
        assert rid
        other.agreements.set_text(rid, "challenges", "Flere elever trenger tett oppfølging.")
        path = tmp_path / "hommelvik.enhetsavtale"
        path.write_bytes(other.exchange.export(rid))
        return path
    finally:
        other.close()


def test_a_package_dropped_on_the_window_is_imported(qtbot: Any, window: Any, app_services: Any,
                                                     tmp_path: Path) -> None:
    path = _package_from_another_machine(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(300, 300), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(300, 300), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: any(isinstance(w, packages.ImportReportDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=10_000)
    settle(window.ctx)
    rows = [r for r in app_services.agreements.list() if r.unit_name == "Hommelvik skole"]
    assert len(rows) == 1 and rows[0].year == 2027
    assert window.navigator.model.index_of_revision(rows[0].id).isValid()  # the navigator followed
    report = next(w for w in QApplication.topLevelWidgets() if isinstance(w, packages.ImportReportDialog))
    assert report.report.unit_name == "Hommelvik skole"
    # a director opens what came in in the review (a leader would get the guided agreement)
    _as_director(window)
    report.open_button.click()
    assert window.mode() == "review" and window.director.review.revision_id == rows[0].id
    settle(window.ctx)

    # something that is neither a package nor a PDF is refused
    note = tmp_path / "notat.txt"
    note.write_text("hei", encoding="utf-8")
    mime2 = QMimeData()
    mime2.setUrls([QUrl.fromLocalFile(str(note))])
    refused = QDragEnterEvent(QPoint(300, 300), actions, mime2, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


@pytest.mark.parametrize("case", ["no profile", "has profile", "empty database"])
def test_profile_is_asked_at_first_start_only_when_needed(qtbot: Any, app_services: Any, tmp_path: Path,
                                                          case: str) -> None:
    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window, make_application
    from enhetsdialog.ui.director.hosting import PROFILE_DELAY_MS

    make_application()
    services = app_services
    if case == "has profile":
        services.settings.set_profile("Ingrid Solberg", Role.LEDER, "Rektor")
    elif case == "empty database":
        services = open_services(tmp_path / "empty.sqlite3", auto_backup=False, backup_dir=tmp_path / "b")
    ctx, win = create_main_window(services, first_start=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(PROFILE_DELAY_MS + 100)
    asked = [w for w in QApplication.topLevelWidgets() if isinstance(w, ProfileDialog) and w.isVisible()]
    assert len(asked) == (1 if case == "no profile" else 0)
    for dialog in asked:
        dialog.name.setText("Kari Nordahl")
        dialog.role.setCurrentIndex(list(Role).index(Role.DIREKTOR))
        dialog.save()
        settle(ctx)
        assert ctx.profile is not None and ctx.profile.role is Role.DIREKTOR
    win.close()
    ctx.shutdown()
    if services is not app_services:
        services.close()


def test_export_shortcut_works_on_the_portfolio_selection(qtbot: Any, window: Any, app_services: Any,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window.new_agreement("")  # the start page: nothing to export
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    told = [w for w in QApplication.topLevelWidgets()
            if isinstance(w, packages.MessageDialog) and w.isVisible() and w.windowTitle() == "Ingen avtale er valgt"]
    assert len(told) == 1
    told[0].close()
    reactivate(qtbot, window)

    # choose a row in the portfolio after switching to it: the shortcut follows the selection
    target = tmp_path / "lade.enhetsavtale"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    portfolio = window.director.portfolio
    portfolio.search.setText("lade")
    portfolio.table.setCurrentIndex(portfolio.proxy.index(0, 0))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle(window.ctx)
    assert target.is_file()
    done = [w for w in QApplication.topLevelWidgets()
            if isinstance(w, packages.MessageDialog) and w.isVisible() and w.windowTitle() == "Avtalepakken er lagret"]
    assert len(done) == 1 and "Lade skole 2027" in done[0].body.text()
    done[0].close()
