"""Compare side by side: Lade skole this year against last year, differences marked and listed, and
the view follows an edit."""

from __future__ import annotations

import time
from typing import Any

import pytest

from enhetsdialog.domain.compare import DiffKind
from enhetsdialog.domain.enums import AnchorKind, Section
from enhetsdialog.domain.items import ItemKind, ItemRef, Patch
from tests.ui.director_conftest import revision_id, settle, show

from enhetsdialog.ui.director.compare import CompareView
from enhetsdialog.ui.director.document import section_key

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _compare(qtbot: Any, ctx: Any, services: Any) -> tuple[CompareView, str, str]:
    last, this = revision_id(services, "Lade", 2026), revision_id(services, "Lade", 2027)
    view = CompareView(ctx)
    show(qtbot, view)
    assert view.show_for(this)  # revision 1 has no earlier revision: falls back to last year
    settle(ctx)
    return view, last, this


def test_this_year_against_last_year(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, last, this = _compare(qtbot, ctx, app_services)
    assert view.a is not None and view.b is not None
    assert (view.a.revision.id, view.b.revision.id) == (last, this)
    diffs = view.differences
    assert diffs, "copied forward with new deadlines and baselines: there are differences"
    assert view.diff_model.rowCount() == len(diffs)
    assert "forskjell" in view.summary.text()

    # every difference is marked on the side(s) where its item is shown
    for d in diffs:
        for side in ("a", "b"):
            target = view.view_for(d, side)
            if (d.a_id if side == "a" else d.b_id) is None:
                assert target is None
                continue
            assert target is not None, (side, d.description)
            assert target.property("mark"), (side, d.description)

    changed = next(d for d in diffs if d.kind is DiffKind.CHANGED and d.item_kind is ItemKind.ACTIVITY)
    b_view = view.view_for(changed, "b")
    assert b_view is not None and b_view.property("mark") == "changed"
    removed = next(d for d in diffs if d.kind is DiffKind.REMOVED and d.item_kind is ItemKind.PARTICIPANT)
    a_view = view.view_for(removed, "a")
    assert a_view is not None and a_view.property("mark") == "removed"
    assert view.view_for(removed, "b") is None

    # choosing a difference in the list jumps to the item on both sides
    row = diffs.index(removed)
    view.diff_list.clicked.emit(view.diff_model.index(row))
    settle(ctx)
    assert a_view.property("flash") == "true"
    bar = view.scroll_area.verticalScrollBar()
    assert view.sheet is not None
    y = a_view.mapTo(view.sheet, a_view.rect().topLeft()).y()
    assert bar.value() <= y <= bar.value() + view.scroll_area.viewport().height()

    # the sections start on the same row on both sides
    for section in (Section.HVOR, Section.LYKKES):
        left, right = view.views_a[section_key(section)], view.views_b[section_key(section)]
        assert left.mapTo(view.sheet, left.rect().topLeft()).y() == right.mapTo(view.sheet, right.rect().topLeft()).y()


def test_follows_an_edit(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, _last, this = _compare(qtbot, ctx, app_services)
    before = len(view.differences)
    goal = sorted(app_services.agreements.get(this).revision.content.goals, key=lambda g: g.position)[0]
    ctx.op(lambda s: s.agreements.update_item(ItemRef(this, ItemKind.GOAL, goal.id), Patch.of(ItemKind.GOAL, text='Alle elever skal ha et trygt, godt og inkluderende skolemiljø')))
    settle(ctx)
    qtbot.waitUntil(lambda: len(view.differences) == before + 1, timeout=3000)
    goal_diff = next(d for d in view.differences if d.item_kind is ItemKind.GOAL and d.kind is DiffKind.CHANGED)
    assert "målformuleringen endret" in goal_diff.description
    mark = view.views_b[(AnchorKind.GOAL.value, goal.id)].property("mark")
    assert mark == "changed"


def test_pickers_swap_and_other_unit(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, last, this = _compare(qtbot, ctx, app_services)
    view.swap()
    assert view.a is not None and view.b is not None
    assert (view.a.revision.id, view.b.revision.id) == (this, last)
    # unit A against unit B: goals compared by their place in the list
    sol = revision_id(app_services, "Solsiden", 2027)
    assert view.compare_revisions(this, sol)
    assert view.pick_b.currentText().startswith("Solsiden barnehage 2027")
    assert any(d.by_position for d in view.differences)
    assert "Lade skole 2027 og Solsiden barnehage 2027" in view.summary.text()


def test_builds_quickly(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, last, this = _compare(qtbot, ctx, app_services)
    a, b = app_services.agreements.get(last), app_services.agreements.get(this)
    samples = []
    for _ in range(5):
        t = time.perf_counter()
        view.set_agreements(a, b)
        view.sheet.layout().activate()  # type: ignore[union-attr]
        samples.append(time.perf_counter() - t)
    assert sorted(samples)[2] < 0.5  # generous here; bench/bench_director.py holds it to 100 ms


def test_with_no_differences_the_legend_stays_one_line(qtbot: Any, ctx: Any, app_services: Any) -> None:
    """An agreement against itself: the list is hidden and «Ingen forskjeller» says so; the legend's
    four chips keep their one line instead of taking the height the list left."""
    from enhetsdialog.ui.director.compare import Legend

    this = revision_id(app_services, "Lade", 2027)
    view = CompareView(ctx)
    view.resize(1200, 800)
    show(qtbot, view)
    assert view.compare_revisions(this, this)
    settle(ctx)
    assert view.differences == [] and view.no_diff.isVisible() and not view.diff_list.isVisible()
    legend = view.findChild(Legend)
    assert legend is not None
    assert legend.height() <= legend.sizeHint().height() + 4, (legend.height(), legend.sizeHint().height())
    # «Ingen forskjeller» sits right under the legend, not half a window below it
    assert view.no_diff.geometry().top() - legend.geometry().bottom() < 40
