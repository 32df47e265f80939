"""The municipality's own words: the plan catalogue carries its values and their guiding text, step 2
shows them, and a catalogue from another municipality is not mixed in without asking (issue 11)."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtWidgets import QMessageBox

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.services import demo_data
from tests.ui.conftest import reactivate, settle


def catalogue(municipality: str = "Fjordby kommune", values: Any = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "enhetsdialog.plankatalog/1",
        "municipality": municipality,
        "plans": [{"id": str(uuid.uuid4()), "kind": "temaplan", "name": f"Temaplan for {municipality}",
                   "period": [2026, 2030], "parent": None,
                   "goals": [{"id": str(uuid.uuid4()), "code": "T-1", "text": "Et mål", "sdgs": [4]}]}],
    }
    if values is not None:
        doc["values"] = values
    return doc


OWN = {"intro": "Hva betyr tillit og respekt hos oss?",
       "items": [{"name": "Tillit", "question": "Hvordan viser vi at vi stoler på hverandre?",
                  "example": "For eksempel: Teamene bestemmer selv …"},
                 {"name": "Respekt", "question": "Hvordan møter vi dem vi er til for?"}]}


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / f"katalog-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def blank_agreement(window: Any, app_services: Any) -> str:
    unit = next(u for u in app_services.org.units() if u.unit.name == "Lade skole")
    rid = app_services.agreements.create(unit.unit.id, 2031).created
    assert rid and window.open_revision(rid)
    return rid


def visible_values(how: Any) -> list[tuple[str, str]]:
    return [(t.text(), h.text()) for t, h, e in zip(how.value_titles, how.value_hints, how.value_edits, strict=True)
            if e.isVisibleTo(how)]


def test_the_demo_shows_trondheims_values_from_its_catalogue(qtbot: Any, window: Any, app_services: Any) -> None:
    values = app_services.catalogue.values()
    assert not values.default and [v.name for v in values.values] == ["Åpen", "Kompetent", "Modig"]
    blank_agreement(window, app_services)
    window.editor.go_to(1)
    how = window.editor.pages[1]
    assert [n for n, _ in visible_values(how)] == ["Åpen", "Kompetent", "Modig"]
    assert visible_values(how)[0][1] == "Hvordan deler vi, inviterer med og sier ifra?"


def test_a_catalogue_with_its_own_values_changes_step_2_and_the_summary(qtbot: Any, window: Any, app_services: Any,
                                                                       tmp_path: Path) -> None:
    from enhetsdialog.ui.setup_dialog import import_catalogue

    rid = blank_agreement(window, app_services)
    window.editor.go_to(1)
    how = window.editor.pages[1]
    dialogs: list[Any] = []
    assert import_catalogue(window.ctx, window, path=write(tmp_path, catalogue(values=OWN)), on_done=dialogs.append)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    assert "2 verdier" in dialogs[0].body.text()
    dialogs[0].close()
    reactivate(qtbot, window)
    assert visible_values(how) == [("Tillit", "Hvordan viser vi at vi stoler på hverandre?"),
                                   ("Respekt", "Hvordan møter vi dem vi er til for?")]
    assert how.values_guide.text() == "Hva betyr tillit og respekt hos oss?"
    assert how.value_open.accessibleName() == "Tillit"
    how.value_open.setFocus()
    qtbot.keyClicks(how.value_open, "Vi lar teamene bestemme turnusen.")
    settle(qtbot, window)
    assert app_services.agreements.get(rid).revision.content.value_open == "Vi lar teamene bestemme turnusen."
    window.editor.go_to(5)
    text = window.editor.pages[5].browser.toPlainText()
    assert "Tillit" in text and "Vi lar teamene bestemme turnusen." in text and "Kompetent" not in text


def test_a_catalogue_without_values_keeps_them(app_services: Any) -> None:
    app_services.catalogue.import_data(catalogue(values=OWN))
    app_services.catalogue.import_data(catalogue())  # an older catalogue, format 1 as before
    assert [v.name for v in app_services.catalogue.values().values] == ["Tillit", "Respekt"]


@pytest.mark.parametrize("bad", [
    {"items": []},
    {"items": [{"name": ""}]},
    {"items": [{"name": "A"}, {"name": "B"}, {"name": "C"}, {"name": "D"}]},
    {"items": [{"name": "Åpen"}, {"name": "åpen"}]},
    {"items": [{"name": "x" * 61}]},
    ["Åpen"],
])
def test_bad_values_get_one_line_and_change_nothing(app_services: Any, bad: Any) -> None:
    before = (app_services.catalogue.values(), len(app_services.catalogue.plans()))
    with pytest.raises(ValidationError) as e:
        app_services.catalogue.import_data(catalogue(values=bad))
    assert "\n" not in str(e.value)
    assert (app_services.catalogue.values(), len(app_services.catalogue.plans())) == before


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_catalogue_from_another_municipality_asks_before_it_is_mixed_in(qtbot: Any, window: Any,
                                                                         app_services: Any, tmp_path: Path) -> None:
    from enhetsdialog.ui.setup_dialog import import_catalogue

    path = write(tmp_path, catalogue("Nabovik kommune", values=OWN))
    plans = len(app_services.catalogue.plans())
    shown: list[Any] = []
    assert import_catalogue(window.ctx, window, path=path, on_done=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    box = shown[0]
    assert isinstance(box, QMessageBox)
    assert "Nabovik kommune" in box.text() and "Fjordby kommune" in box.text()
    assert len(app_services.catalogue.plans()) == plans  # nothing yet
    cancel = next(b for b in box.buttons() if b.text() == "Avbryt")
    cancel.click()
    qtbot.wait(50)
    window.ctx.wait_idle()
    assert len(app_services.catalogue.plans()) == plans
    assert [v.name for v in app_services.catalogue.values().values] == ["Åpen", "Kompetent", "Modig"]
    # asked again, and this time taken in
    shown.clear()
    assert import_catalogue(window.ctx, window, path=path, on_done=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    go = next(b for b in shown[0].buttons() if b.text() == "Importer likevel")
    go.click()
    qtbot.waitUntil(lambda: len(app_services.catalogue.plans()) == plans + 1, timeout=5000)
    assert [v.name for v in app_services.catalogue.values().values] == ["Tillit", "Respekt"]


def test_the_same_municipality_in_other_words_is_not_foreign(app_services: Any) -> None:
    doc = copy.deepcopy(demo_data.catalogue())
    doc["municipality"] = "fjordby"
    app_services.catalogue.import_data(doc)  # no question: the same municipality
