"""The portfolio: the model passes qtmodeltester, sorts and filters, counts nudges on the worker and
opens an agreement on Enter and double-click. The other director models pass qtmodeltester too."""

from __future__ import annotations

from typing import Any

import pytest

from PySide6.QtCore import QModelIndex, Qt

from enhetsdialog.domain.compare import compare
from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.domain.rules import nudges
from tests.ui.director_conftest import as_director, revision_id, settle, show

from enhetsdialog.ui.director.models import (
    DifferenceModel,
    PortfolioFilter,
    PortfolioModel,
    RevisionChoiceModel,
    SectionCountModel,
)
from enhetsdialog.ui.director.portfolio import PortfolioView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_models_pass_modeltester(qtmodeltester: Any, app_services: Any) -> None:
    rows = app_services.agreements.list()
    portfolio = PortfolioModel()
    portfolio.set_summaries(rows)
    qtmodeltester.check(portfolio)
    portfolio.set_nudges({rows[0].id: 2})
    qtmodeltester.check(portfolio)
    proxy = PortfolioFilter()
    proxy.setSourceModel(portfolio)
    proxy.sort(PortfolioModel.REMARKS, Qt.SortOrder.DescendingOrder)
    proxy.set_text("e")
    qtmodeltester.check(proxy)

    counts = SectionCountModel()
    qtmodeltester.check(counts)
    counts.set_counts({Section.HVOR: 2})
    qtmodeltester.check(counts)

    a = app_services.agreements.get(revision_id(app_services, "Lade", 2026))
    b = app_services.agreements.get(revision_id(app_services, "Lade", 2027))
    diffs = DifferenceModel()
    diffs.set_differences(compare(a.revision, b.revision))
    qtmodeltester.check(diffs)

    choices = RevisionChoiceModel()
    choices.set_summaries(app_services.agreements.list(latest_only=False))
    qtmodeltester.check(choices)


def _portfolio(qtbot: Any, ctx: Any) -> PortfolioView:
    view = PortfolioView(ctx)
    show(qtbot, view)
    view.load(2027)
    qtbot.waitUntil(lambda: not view.model.missing_nudges(), timeout=5000)
    settle(ctx)
    return view


def _units(view: PortfolioView) -> list[str]:
    return [s.unit_name for s in view.visible_summaries()]


def test_rows_nudges_sorting_and_filters(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view = _portfolio(qtbot, ctx)
    rows = app_services.agreements.list(year=2027)
    assert sorted(_units(view)) == sorted(r.unit_name for r in rows)
    # nudge counts equal the domain's nudges for each agreement
    for r in rows:
        row = view.model.row_of(r.id)
        expected = len(nudges(app_services.agreements.get(r.id).revision.content))
        assert view.model.index(row, PortfolioModel.NUDGES).data() == (str(expected) if expected else "–")
    assert "påminnelse" in view.summary.text()

    # sort by open remarks, most first: Solsiden is the one in dialogue with remarks
    view.table.sortByColumn(PortfolioModel.REMARKS, Qt.SortOrder.DescendingOrder)
    assert _units(view)[0] == "Solsiden barnehage"
    view.table.sortByColumn(PortfolioModel.UNIT, Qt.SortOrder.AscendingOrder)
    assert _units(view) == sorted(_units(view), key=str.casefold)
    view.table.sortByColumn(PortfolioModel.STATUS, Qt.SortOrder.AscendingOrder)
    order = list(Status)
    statuses = [s.status for s in view.visible_summaries()]
    assert statuses == sorted(statuses, key=order.index)

    # filters
    view.set_area("Helse og velferd")
    assert set(_units(view)) == {r.unit_name for r in rows if r.service_area == "Helse og velferd"}
    view.set_area(None)
    view.status.setCurrentIndex(view.status.findData(Status.ENIGHET.value))
    view.status.activated.emit(view.status.currentIndex())
    assert _units(view) == ["Lade skole"]
    view.status.setCurrentIndex(0)
    view.status.activated.emit(0)
    view.search.setText("sol")
    assert _units(view) == ["Solsiden barnehage"]
    assert "1 enhet" in view.summary.text()
    view.search.clear()

    # another year
    view.year.setCurrentIndex(view.year.findData(2026))
    view.year.activated.emit(view.year.currentIndex())
    assert sorted(_units(view)) == sorted(r.unit_name for r in app_services.agreements.list(year=2026))


def test_director_sees_own_area_by_default(qtbot: Any, ctx: Any, app_services: Any) -> None:
    as_director(app_services)  # Kari Nordahl directs Oppvekst og utdanning in the demo
    view = _portfolio(qtbot, ctx)
    assert view.area.currentData() == "Oppvekst og utdanning"
    assert {s.service_area for s in view.visible_summaries()} == {"Oppvekst og utdanning"}


def test_enter_and_double_click_open(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view = _portfolio(qtbot, ctx)
    lade = revision_id(app_services, "Lade", 2027)
    view.search.setText("lade")
    index = view.proxy.index(0, PortfolioModel.UNIT)
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    with qtbot.waitSignal(view.open_requested, timeout=2000) as sig:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert sig.args == [lade]
    rect = view.table.visualRect(index)
    with qtbot.waitSignal(view.open_requested, timeout=2000) as sig:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [lade]


def test_follows_changes(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view = _portfolio(qtbot, ctx)
    sol = revision_id(app_services, "Solsiden", 2027)
    row = view.model.row_of(sol)
    before = int(view.model.index(row, PortfolioModel.REMARKS).data())
    ctx.op(lambda s: s.remarks.add(sol, "section", "hele", "Fint arbeid.", author="Kari Nordahl", role="direktor"))
    settle(ctx)
    qtbot.waitUntil(lambda: view.model.index(view.model.row_of(sol), PortfolioModel.REMARKS).data() == str(before + 1),
                    timeout=3000)
    assert QModelIndex() != view.model.index(view.model.row_of(sol), 0)


def test_opens_with_nudge_counts_and_loads_no_agreement(qtbot: Any, ctx: Any, app_services: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The portfolio reads one year's list and the nudge counts in a few queries, never an agreement."""

    def no_loads(*_args: object) -> None:
        raise AssertionError("the portfolio must not load agreements one by one")

    monkeypatch.setattr(app_services.agreements, "get", no_loads)
    monkeypatch.setattr(app_services.agreements, "revision", no_loads)
    view = PortfolioView(ctx)
    show(qtbot, view)  # loads on first show
    assert view.model.rowCount() > 0 and not view.model.missing_nudges()
    assert [view.year.itemData(i) for i in range(view.year.count())] == app_services.agreements.years()
    assert view.year.currentData() == max(app_services.agreements.years())
    assert "påminnelse" in view.summary.text()
    assert not ctx.busy  # nothing left for the worker
