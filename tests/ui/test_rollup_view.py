"""The red thread from the top in the GUI (issue 10): the roll-up view beside the portfolio, and
«Lag årsrapport …» in the Fil menu."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt

from tests.ui.conftest import revision_of

from enhetsdialog.ui.director.rollup_model import NobodyRole, RevisionIdRole, RollupModel


def rows(model: Any, parent: Any = None) -> list[Any]:
    from PySide6.QtCore import QModelIndex

    parent = parent if parent is not None else QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        out.append(index)
        out += rows(model, index)
    return out


def test_the_model_passes_qtmodeltester(qtmodeltester: Any, app_services: Any) -> None:
    model = RollupModel()
    model.set_rollup(app_services.rollup.rollup(2026))
    qtmodeltester.check(model)
    model.set_rollup(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_the_view_shows_contributions_and_plan_goals_nobody_contributes_to(qtbot: Any, window: Any) -> None:
    window.director.show_rollup()
    view = window.director.rollup
    assert window.mode() == "rollup" and view.tree.hasFocus()
    view.year.setCurrentIndex(view.year.findData(2026))
    view.load(2026)
    everything = rows(view.model)
    nobody = [i for i in everything if i.data(NobodyRole)]
    assert nobody and all(i.siblingAtColumn(1).data() == "Ingen enhet bidrar" for i in nobody)
    units = [i for i in everything if i.data(RevisionIdRole)]
    assert {str(i.data()).split(" (")[0] for i in units} >= {"Lade skole", "Byåsen ungdomsskole"}
    assert "uten bidrag fra noen enhet" in view.summary.text()
    sdg = next(i for i in everything if i.data() == "FNs bærekraftsmål")
    assert view.model.rowCount(sdg) == 17
    # the rows are visible: the tree opened the plans
    assert view.tree.isExpanded(view.model.index(0, 0))


def test_enter_on_a_unit_opens_its_agreement_in_the_review(qtbot: Any, window: Any, app_services: Any) -> None:
    window.director.show_rollup()
    view = window.director.rollup
    view.load(2026)
    lade = revision_of(app_services, "Lade", 2026)
    target = next(i for i in rows(view.model) if i.data(RevisionIdRole) == lade)
    view.tree.setCurrentIndex(target)
    assert view.current_revision() == lade
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.mode() == "review", timeout=5000)
    assert window.director.review.revision_id == lade


def test_the_area_narrows_the_tree(qtbot: Any, window: Any) -> None:
    window.director.show_rollup()
    view = window.director.rollup
    view.load(2027)
    view.area.setCurrentIndex(view.area.findData("Helse og velferd"))
    view.area.activated.emit(view.area.currentIndex())
    assert view.rollup is not None and view.rollup.area == "Helse og velferd"
    names = {str(i.data()).split(" (")[0] for i in rows(view.model) if i.data(RevisionIdRole)}
    assert "Lade skole" not in names


def test_the_director_menu_and_the_fil_menu_have_their_actions(window: Any) -> None:
    director = {a.text().replace("&", ""): a for a in window.director.menu.actions()}
    assert director["Den røde tråden"].shortcut().toString() == "Ctrl+Shift+T"
    files = {a.text().replace("&", "") for a in window.file_menu.actions()}
    assert "Lag årsrapport …" in files and "Lag årsrapport …" not in director


@pytest.mark.parametrize("typed,suffix", [("rapport", ".pdf"), ("rapport.csv", ".csv"), ("rapport.json", ".json")])
def test_lag_arsrapport_writes_the_format_of_the_extension(qtbot: Any, window: Any, app_services: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, typed: str, suffix: str) -> None:
    rid = revision_of(app_services, "Lade", 2026)
    assert window.open_revision(rid)
    from enhetsdialog.ui import reports

    asked: list[str] = []

    def ask(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / typed), "PDF (*.pdf)"

    monkeypatch.setattr(reports.QFileDialog, "getSaveFileName", staticmethod(ask))
    done: list[Any] = []
    monkeypatch.setattr(reports, "show_dialog", lambda dialog: done.append(dialog))
    action = next(a for a in window.file_menu.actions() if a.text().replace("&", "") == "Lag årsrapport …")
    action.trigger()
    target = (tmp_path / typed).with_suffix(suffix)
    qtbot.waitUntil(lambda: target.exists() and bool(done), timeout=30_000)
    assert asked[0].endswith("-arsrapport.pdf")
    data = target.read_bytes()
    if suffix == ".pdf":
        from enhetsdialog.pdf import pdfa

        assert data.startswith(b"%PDF") and pdfa.validate(data) == []
    elif suffix == ".csv":
        assert data.startswith("\ufeffenhet;".encode())
    else:
        assert json.loads(data)["format"] == "enhetsdialog.arsrapport/1"


def test_an_unknown_extension_is_one_line_and_nothing_is_written(qtbot: Any, window: Any, app_services: Any,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rid = revision_of(app_services, "Lade", 2026)
    assert window.open_revision(rid)
    from enhetsdialog.ui import reports

    monkeypatch.setattr(reports.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(tmp_path / "rapport.xlsx"), "")))
    assert not window.director.year_report()
    qtbot.waitUntil(window.error_bar.isVisible, timeout=3000)
    assert "«.xlsx»" in window.error_bar.message() and not (tmp_path / "rapport.xlsx").exists()
