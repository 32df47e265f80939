"""The navigator over many agreements (a director with years of history): units start collapsed, a
unit's years are fetched when it is expanded, an agreement opens from it, and a change refreshes only
the rows it concerns (no model reset)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt

from enhetsdialog.ui.models.navigator import NavigatorModel, SummaryRole

UNITS = 30
YEARS = range(2019, 2027)  # 240 agreements: more than NavigatorPanel.EXPAND_ALL_MAX


def _fill(services: Any) -> None:
    from enhetsdialog.domain.model import Content, Revision, Unit, new_id
    from enhetsdialog.storage import org_rows, repo, tables

    mid = services.org.create_municipality("Stor kommune").created or ""
    area = services.org.create_service_area(mid, "Oppvekst").created or ""
    with services.db.write() as s:
        units = [Unit(name=f"Enhet {n:02d}", service_area_id=area, kind="skole") for n in range(UNITS)]
        for u in units:
            org_rows.save_unit(s, u)
        for year in YEARS:
            for u in units:
                agreement_id = new_id()
                s.execute(tables.AGREEMENT.insert().values(id=agreement_id, unit_id=u.id, year=year))
                repo.insert_revision(s, Revision(agreement_id=agreement_id, unit_id=u.id, year=year, number=1,
                                                 content=Content(challenges=f"{u.name} {year}")))


@pytest.fixture
def big_window(qtbot: Any, empty_db: Path) -> Iterator[Any]:
    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window, make_application

    empty_db.parent.mkdir(parents=True, exist_ok=True)
    services = open_services(empty_db, auto_backup=False, backup_dir=empty_db.parent / "backups")
    _fill(services)
    make_application()
    context, win = create_main_window(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    context.shutdown()
    services.close()


def test_many_agreements_show_the_units_and_open_an_agreement(qtbot: Any, big_window: Any, qtmodeltester: Any) -> None:
    nav = big_window.navigator
    services = big_window.ctx.services
    assert nav.model.rowCount() == UNITS
    assert nav.model.agreement_count() == UNITS * len(YEARS)
    names = [nav.model.index(r, 0).data() for r in range(nav.model.rowCount())]
    assert names == sorted(names) and names[0] == "Enhet 00"
    assert nav.search.isVisible()
    # collapsed, nothing fetched yet: the units show an arrow all the same
    unit = nav.proxy.index(3, 0)
    assert not nav.tree.isExpanded(unit) and nav.proxy.hasChildren(unit)
    assert nav.model.rowCount(nav.model.index(3, 0)) == 0

    nav.tree.expand(unit)  # the view fetches the unit's years
    assert nav.proxy.rowCount(unit) == len(YEARS)
    years = [nav.proxy.index(r, 0, unit).data() for r in range(nav.proxy.rowCount(unit))]
    assert years == [str(y) for y in sorted(YEARS, reverse=True)]
    first = nav.proxy.index(0, 0, unit)
    summary = first.data(SummaryRole)
    rect = nav.tree.visualRect(first)
    assert rect.isValid()
    qtbot.mouseClick(nav.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: big_window.editor.session.revision_id == summary.id, timeout=3000)
    assert nav.tree.currentIndex().data(SummaryRole).id == summary.id

    # opening one from elsewhere expands its unit and selects it
    other = next(s for s in services.agreements.list(year=2020) if s.unit_name == "Enhet 17")
    assert big_window.open_revision(other.id)
    current = nav.tree.currentIndex()
    assert current.data(SummaryRole).id == other.id and nav.tree.isExpanded(current.parent())

    # a status change updates that row in place, without resetting the model
    resets: list[int] = []
    nav.model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(big_window.ctx.changed, timeout=3000):
        big_window.ctx.op(lambda s: s.agreements.set_status(other.id, "til_dialog"))
    ix = nav.model.index_of_revision(other.id)
    assert nav.model.index(ix.row(), 1, ix.parent()).data() == "Til dialog"
    assert not resets

    # the search finds units; their years come along
    nav.search.setText("Enhet 2")
    assert nav.proxy.rowCount() == 10
    qtmodeltester.check(nav.model)


def test_lazy_model_passes_modeltester_and_updates_in_place(qtmodeltester: Any, empty_db: Path) -> None:
    from enhetsdialog.services import open_services

    empty_db.parent.mkdir(parents=True, exist_ok=True)
    services = open_services(empty_db, auto_backup=False, backup_dir=empty_db.parent / "backups")
    _fill(services)
    units, rows = services.org.units(), services.agreements.list()
    model = NavigatorModel()
    model.set_data(units, rows)
    qtmodeltester.check(model)  # fetches as it goes
    unit0 = model.index(0, 0)
    assert model.rowCount(unit0) == len(YEARS)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    unit_id = model.data(unit0, Qt.ItemDataRole.UserRole + 2).unit.id
    fewer = [r for r in rows if r.unit_id == unit_id][1:]
    assert model.set_unit_agreements(unit_id, fewer)
    assert model.rowCount(unit0) == len(YEARS) - 1
    model.set_data(units, rows)  # the same units: in place
    assert model.rowCount(unit0) == len(YEARS) and not resets
    qtmodeltester.check(model)
    services.close()


def test_few_agreements_stay_expanded_and_the_search_finds_years(window: Any) -> None:
    nav = window.navigator
    assert nav.model.agreement_count() <= nav.EXPAND_ALL_MAX
    assert all(nav.tree.isExpanded(nav.proxy.index(r, 0)) for r in range(nav.proxy.rowCount())
               if nav.proxy.hasChildren(nav.proxy.index(r, 0)))
    units = nav.proxy.rowCount()
    nav.search.setText("2027")
    assert 0 < nav.proxy.rowCount() <= units
    shown = nav.proxy.index(0, 0)
    assert all(nav.proxy.index(r, 0, shown).data().startswith("2027") for r in range(nav.proxy.rowCount(shown)))
