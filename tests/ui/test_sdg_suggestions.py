"""When a goal is linked to plan goals, the SDGs those plan goals carry are suggested (issue 11)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from enhetsdialog.services import demo_data
from tests.ui.conftest import settle


def test_linking_plan_goals_suggests_their_sdgs(qtbot: Any, window: Any, app_services: Any) -> None:
    unit = next(u for u in app_services.org.units() if u.unit.name == "Lade skole")
    rid = app_services.agreements.create(unit.unit.id, 2031).created
    assert rid and window.open_revision(rid)
    window.editor.go_to(0)
    where = window.editor.pages[0]
    where.session.add_item("goal", text="Færre elever blir mobbet")
    settle(qtbot, window)
    goal = where._current_goal()
    assert goal is not None and not where.sdg_suggestion.isVisible()
    hop2 = demo_data.did("HØP-2")  # «Færre elever opplever mobbing på skolen»: SDG 4 and 16
    where.session.set_goal_links(goal.id, plan_goal_ids=[hop2], sdgs=[4])
    settle(qtbot, window)
    assert where.sdg_suggestion.isVisible() and where.add_suggested.isVisible()
    assert "16 " in where.sdg_suggestion.text() and "4 " not in where.sdg_suggestion.text()
    picker = where.choose_sdgs()
    assert picker.suggested == [16] and picker.suggestion.isVisible() and "★" in picker.tiles[16].text()
    picker.reject()
    qtbot.mouseClick(where.add_suggested, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    stored = next(g for g in app_services.agreements.get(rid).revision.content.goals if g.id == goal.id)
    assert stored.sdgs == [4, 16] and stored.plan_goal_ids == [hop2]
    assert not where.sdg_suggestion.isVisible()
    where.session.undo_stack.undo()  # one undoable step
    settle(qtbot, window)
    stored = next(g for g in app_services.agreements.get(rid).revision.content.goals if g.id == goal.id)
    assert stored.sdgs == [4]
