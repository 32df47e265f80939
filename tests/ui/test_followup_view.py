"""The «Oppfølging» page: reached from the banner, the step bar and the navigator; values entered
by keyboard; the chart and the status from the domain; validation in the error bar; undo; progress
and assessment; the CSV import's preview. Recording leaves the signed agreement as it was."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Assessment, Frequency, ProgressStatus, Status
from enhetsdialog.domain.followup import periods_in_year
from tests.ui.conftest import revision_of, settle


@pytest.fixture
def signed(app_services: Any) -> str:
    """Lade skole 2027 (agreed in the demo), signed by both with throw-away certificates."""
    from enhetsdialog.services.certificates import demo_sign_both

    rid = revision_of(app_services, "Lade", 2027)
    demo_sign_both(app_services, rid)
    return rid


def _open_followup(qtbot: Any, window: Any, rid: str) -> Any:
    assert window.open_followup(rid)
    view = window.editor.followup_page.view
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: bool(view.cards), timeout=3000)  # the first goal at once, the others after
    view.finish_building()
    return view


def _first_panel(view: Any) -> Any:
    card = next(c for c in view.cards.values() if c.panels)
    return next(iter(card.panels.values()))


def _first_period(panel: Any) -> str:
    return str(periods_in_year(panel.track.indicator.frequency, 2027)[0])


def _wrong_period(panel: Any) -> str:
    yearly = panel.track.indicator.frequency in (None, Frequency.YEARLY)
    return "2027-T2" if yearly else "2027"


def _track(services: Any, rid: str, indicator_id: str) -> Any:
    return services.followup.followup(rid).track(indicator_id)


def test_the_banner_of_a_signed_agreement_offers_follow_up(qtbot: Any, window: Any, signed: str) -> None:
    assert "enhetsdialog.ui.followup.view" not in sys.modules or window.editor.followup_page.view is None
    assert window.open_revision(signed)
    window.editor.go_to(0)
    banner = window.editor.banner
    assert banner.isVisible() and banner.follow_button.isVisible()
    qtbot.mouseClick(banner.follow_button, Qt.MouseButton.LeftButton)
    assert window.editor.current_step() == window.editor.followup_index
    assert window.editor.followup_page.view is not None
    assert not banner.follow_button.isVisible()  # on the follow-up the banner only says what is kept
    bar = window.editor.step_bar
    assert bar.buttons[-1].text().strip() == "Oppfølging" and bar.current() == window.editor.followup_index
    window.editor.go_to(1)
    qtbot.mouseClick(bar.buttons[-1], Qt.MouseButton.LeftButton)
    assert window.editor.current_step() == window.editor.followup_index


def test_a_value_entered_by_keyboard_is_recorded_charted_and_the_signed_record_stays(
        qtbot: Any, window: Any, app_services: Any, signed: str) -> None:
    before = app_services.agreements.get(signed)
    fp = fingerprint(before.revision)
    pdf = app_services.signing.signed_pdf(signed)
    view = _open_followup(qtbot, window, signed)
    panel = _first_panel(view)
    assert panel.chart.point_count() == 0
    assert panel.detail is None  # the values and the entry are built when opened
    panel.entry_button.setFocus()
    qtbot.keyClick(panel.entry_button, Qt.Key.Key_Space)
    entry = panel.entry
    assert entry.value.hasFocus()
    period = _first_period(panel)
    assert entry.period.text() == period  # what is due next, filled in
    qtbot.keyClick(entry.value, Qt.Key.Key_Backtab)
    assert entry.period.hasFocus()
    entry.period.selectAll()
    qtbot.keyClicks(entry.period, period)
    qtbot.keyClick(entry.period, Qt.Key.Key_Tab)
    assert entry.value.hasFocus()
    qtbot.keyClicks(entry.value, "1 234,5")
    qtbot.keyClick(entry.value, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry.date, "15.03.2027")
    qtbot.keyClick(entry.date, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry.source, "Elevundersøkelsen")
    qtbot.keyClick(entry.source, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry.comment, "Første måling")
    qtbot.keyClick(entry.comment, Qt.Key.Key_Return)
    settle(qtbot, window)
    track = _track(app_services, signed, panel.indicator_id)
    assert [(m.period, m.value, m.source, m.comment) for m in track.measurements] == [
        (period, Decimal("1234.5"), "Elevundersøkelsen", "Første måling")]
    assert track.measurements[0].measured_on == date(2027, 3, 15)
    qtbot.waitUntil(lambda: panel.chart.point_count() == 1, timeout=3000)
    assert panel.model.rowCount() == 1
    assert panel.status_text() == track.status.label  # the domain's status, as shown
    assert "1 234,5" in panel.chart.accessibleDescription().replace("\u00a0", " ")
    assert entry.value.text() == ""  # ready for the next one
    after = app_services.agreements.get(signed)
    assert after.revision.status is Status.SIGNERT
    assert fingerprint(after.revision) == fp
    assert [s.fingerprint for s in after.signatures] == [s.fingerprint for s in before.signatures]
    assert app_services.signing.signed_pdf(signed) == pdf


def test_a_value_that_is_no_number_is_reported_in_the_error_bar_and_nothing_is_stored(
        qtbot: Any, window: Any, app_services: Any, signed: str) -> None:
    view = _open_followup(qtbot, window, signed)
    panel = _first_panel(view)
    entry = panel.entry
    entry.period.setText(_first_period(panel))
    entry.value.setFocus()
    qtbot.keyClicks(entry.value, "mange")
    qtbot.keyClick(entry.value, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.error_bar.isVisible()
    assert "ikke et tall" in window.error_bar.message()
    assert entry.value.text() == "mange"  # what was typed stays
    entry.value.setText("3")
    entry.period.setText(_wrong_period(panel))  # e.g. a tertial for a yearly indicator
    qtbot.keyClick(entry.value, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert "indikatoren måles" in window.error_bar.message() or "periode" in window.error_bar.message()
    assert _track(app_services, signed, panel.indicator_id).measurements == []
    qtbot.keyClick(entry.value, Qt.Key.Key_Escape)  # Esc cancels: the entry is empty again
    assert entry.value.text() == ""


def test_a_measurement_is_undone_and_redone_with_the_windows_undo(
        qtbot: Any, window: Any, app_services: Any, signed: str) -> None:
    view = _open_followup(qtbot, window, signed)
    panel = _first_panel(view)
    panel.entry.period.setText(_first_period(panel))
    panel.entry.value.setText("7")
    panel.entry.submit()
    settle(qtbot, window)
    assert len(_track(app_services, signed, panel.indicator_id).measurements) == 1
    assert window.editor.undo_action.isEnabled()
    window.editor.undo_action.trigger()
    settle(qtbot, window)
    assert _track(app_services, signed, panel.indicator_id).measurements == []
    qtbot.waitUntil(lambda: panel.chart.point_count() == 0, timeout=3000)
    window.editor.redo_action.trigger()
    settle(qtbot, window)
    assert [m.value for m in _track(app_services, signed, panel.indicator_id).measurements] == [Decimal(7)]


def test_progress_assessment_reflection_and_learning_are_saved(
        qtbot: Any, window: Any, app_services: Any, signed: str) -> None:
    view = _open_followup(qtbot, window, signed)
    card = next(c for c in view.cards.values() if c.progress_model.rowCount())
    model = card.progress_model
    activity_id = model.item(0).id
    col = model.column_of("progress")
    assert model.setData(model.index(0, col), ProgressStatus.IN_PROGRESS.value)
    assert model.setData(model.index(0, model.column_of("comment")), "Startet i uke 34")
    card.assessment.setCurrentIndex(card.assessment.findData(Assessment.DELVIS.value))
    card.assessment.activated.emit(card.assessment.currentIndex())
    settle(qtbot, window)
    assert card.reflection.isEnabled()
    card.reflection.setFocus()
    qtbot.keyClicks(card.reflection, "Godt i gang")
    view.learning.editors["courage"].setFocus()
    qtbot.keyClicks(view.learning.editors["courage"], "Vi prøvde elevråd i alle klasser")
    settle(qtbot, window)
    fu = app_services.followup.followup(signed)
    g = next(g for g in fu.goals if g.goal.id == card.goal_id)
    assert g.progress_of(activity_id) is ProgressStatus.IN_PROGRESS
    assert g.progress[activity_id].comment == "Startet i uke 34"
    assert g.assessment is not None and g.assessment.assessment is Assessment.DELVIS
    assert g.assessment.reflection == "Godt i gang"
    assert fu.learning is not None and fu.learning.courage == "Vi prøvde elevråd i alle klasser"
    assert app_services.agreements.get(signed).revision.status is Status.SIGNERT


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_import_preview_refuses_a_bad_file_and_imports_a_good_one(
        qtbot: Any, window: Any, app_services: Any, signed: str, tmp_path: Path) -> None:
    from enhetsdialog.ui.followup.import_dialog import open_preview

    view = _open_followup(qtbot, window, signed)
    panel = _first_panel(view)
    iid = panel.indicator_id
    shown: list[Any] = []
    bad = tmp_path / "feil.csv"
    period = _first_period(panel)
    bad.write_text(f"indikator;periode;verdi\n{iid};{period};12,5\n{iid};{period};tolv\n", encoding="utf-8")
    open_preview(window.ctx, window, bad, signed, on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    dialog = shown.pop()
    assert dialog.error and "3" in dialog.error  # the refusing row, by its line number
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    assert _track(app_services, signed, iid).measurements == []
    good = tmp_path / "riktig.csv"
    good.write_text(f"indikator;periode;verdi;kommentar\n{iid};{period};12,5;fra fil\n", encoding="utf-8")
    open_preview(window.ctx, window, good, signed, on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    dialog = shown.pop()
    assert not dialog.error and dialog.import_button.isEnabled()
    assert dialog.table.model().rowCount() == 1
    dialog.import_button.click()
    settle(qtbot, window)
    assert [m.value for m in _track(app_services, signed, iid).measurements] == [Decimal("12.5")]
    qtbot.waitUntil(lambda: panel.chart.point_count() == 1, timeout=3000)


def test_the_file_menu_and_the_navigator_lead_to_the_follow_up(qtbot: Any, window: Any, signed: str) -> None:
    texts = [a.text().replace("&", "") for a in window.file_menu.actions()]
    assert "Importer målinger …" in texts
    window.navigator.follow_up.emit(signed)
    assert window.editor.current_step() == window.editor.followup_index
    assert window.editor.session.revision_id == signed


def test_next_years_draft_shows_last_years_assessments_and_learning_in_step_one(
        qtbot: Any, window: Any, app_services: Any) -> None:
    last = revision_of(app_services, "Lade", 2026)
    goal = app_services.agreements.get(last).revision.content.goals[0]
    app_services.followup.assess_goal(last, goal.id, Assessment.DELVIS, "Halvveis; vi fortsetter.")
    app_services.followup.set_learning(last, "Korte møter", "For mange tiltak", "Elevene ledet et møte")
    rid = revision_of(app_services, "Lade", 2027)  # copied forward from 2026
    assert window.open_revision(rid)
    window.editor.go_to(0)
    step = window.editor.pages[0]
    panel = step.last_year_panel
    assert panel is not None and panel.isVisibleTo(step)
    assert "I fjor (2026)" in panel.toggle.text() and "delvis nådd" in panel.toggle.text()
    assert not panel.body.isVisibleTo(step)  # collapsed: quiet until opened
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert panel.body.isVisibleTo(step)
    assert "Halvveis; vi fortsetter." in panel.body.text() and "Elevene ledet et møte" in panel.body.text()
    other = revision_of(app_services, "Solsiden", 2027)  # no last year
    assert window.open_revision(other)
    assert not panel.isVisibleTo(step)
