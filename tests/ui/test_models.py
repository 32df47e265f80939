"""The Qt models pass qtmodeltester and follow the snapshot without disturbing editors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from enhetsdialog.domain.enums import IndicatorKind
from enhetsdialog.domain.model import Activity, Indicator

from enhetsdialog.ui.models.goals import GoalListModel
from enhetsdialog.ui.models.items import COLUMNS, make_model
from enhetsdialog.ui.models.navigator import NavigatorModel
from enhetsdialog.ui.models.plan_goals import PlanGoalTreeModel


def _latest(services: Any, unit: str) -> Any:
    rows = [r for r in services.agreements.list() if r.unit_name.startswith(unit)]
    return services.agreements.get(max(rows, key=lambda r: r.year).id)


def test_item_models_pass_modeltester(qtmodeltester: Any, app_services: Any) -> None:
    full = _latest(app_services, "Lade")
    goal = full.revision.content.goals[0]
    content = full.revision.content
    for kind, items in (
        ("activity", goal.activities),
        ("indicator", goal.indicators),
        ("support_need", content.support_needs),
        ("participant", content.participants),
    ):
        model = make_model(kind)
        model.set_items(items)
        assert model.columnCount() == len(COLUMNS[kind])
        qtmodeltester.check(model)
        model.set_items(items[:1])
        qtmodeltester.check(model)


def test_goal_and_navigator_models_pass_modeltester(qtmodeltester: Any, app_services: Any) -> None:
    goals = GoalListModel()
    goals.set_goals(_latest(app_services, "Lade").revision.content.goals)
    qtmodeltester.check(goals)
    nav = NavigatorModel()
    nav.set_data(app_services.org.units(), app_services.agreements.list())
    qtmodeltester.check(nav)
    assert nav.rowCount() == len(app_services.org.units())
    lade = nav.index_of_revision(_latest(app_services, "Lade").revision.id)
    assert lade.isValid() and nav.data(lade) == "2027"
    assert nav.parent(lade).data() == "Lade skole"


def test_plan_goal_tree_shows_the_hierarchy(qtmodeltester: Any, app_services: Any) -> None:
    model = PlanGoalTreeModel()
    model.set_catalogue(app_services.catalogue.plans(), app_services.catalogue.goals())
    qtmodeltester.check(model)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert all(t.startswith("KPS-") for t in top)
    # KPS-1 -> OPP-1 -> HØP-2
    kps1 = next(model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data().startswith("KPS-1 "))
    opp1 = next(model.index(r, 0, kps1) for r in range(model.rowCount(kps1))
                if model.index(r, 0, kps1).data().startswith("OPP-1"))
    children = [model.index(r, 0, opp1).data() for r in range(model.rowCount(opp1))]
    assert any(c.startswith("HØP-2") for c in children)
    assert model.setData(opp1, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert len(model.checked()) == 1
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setRecursiveFilteringEnabled(True)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterFixedString("mobbing")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1  # KPS-1 stays, as the ancestor of the match


def test_indicator_cells_accept_norwegian_decimal_comma(qapp: Any) -> None:
    model = make_model("indicator")
    ind = Indicator(kind=IndicatorKind.RESULTAT, name="Sykefravær", baseline_value=Decimal("9.1"))
    model.set_items([ind])
    edited: list[tuple[str, Any, Any]] = []
    invalid: list[str] = []
    model.edited.connect(lambda *a: edited.append(a))
    model.invalid.connect(invalid.append)
    col = model.column_of("target_value")
    assert model.setData(model.index(0, col), "7,5")
    assert edited == [(ind.id, {"target_value": None}, {"target_value": Decimal("7.5")})]
    assert model.index(0, col).data() == "7,5"
    assert not model.setData(model.index(0, col), "sju")
    assert invalid and "ikke et tall" in invalid[0]
    assert model.index(0, model.column_of("baseline_value")).data() == "9,1"


def test_snapshot_updates_cells_in_place_and_keeps_dirty_ones(qapp: Any) -> None:
    model = make_model("activity")
    a = Activity(what="Kurs")
    model.set_items([a])
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda tl, br, roles=(): changed.append((tl.row(), tl.column())))
    model.set_dirty_check(lambda item_id, field: field == "responsible")
    b = Activity(what="Kurs for alle", responsible="Rektor", id=a.id)
    model.set_items([b])
    assert not resets
    assert changed == [(0, 0)]
    assert model.index(0, 1).data() == ""  # the dirty cell kept what is on screen
    model.set_items([])
    assert resets and model.rowCount(QModelIndex()) == 0
