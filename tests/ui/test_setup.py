"""First-time setup without the demo: "Sett opp enheten din" on the start page, and "Importer
plankatalog …" in the Fil menu, over an empty database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtWidgets import QApplication

from enhetsdialog.domain.enums import Role
from tests.ui.conftest import reactivate
from tests.ui.director_conftest import settle

from enhetsdialog.ui.director.packages import MessageDialog
from enhetsdialog.ui.setup_dialog import SetupDialog, import_catalogue

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

EXAMPLE_CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "plankatalog-eksempel.json"


@pytest.fixture
def empty_window(qtbot: Any, empty_db: Path) -> Iterator[Any]:
    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window, make_application

    make_application()
    services = open_services(empty_db, auto_backup=False, backup_dir=empty_db.parent / "backups")
    ctx, win = create_main_window(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    ctx.shutdown()
    services.close()


def _open_setup(win: Any) -> SetupDialog:
    win.start.setup_button.click()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupDialog) and w.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _fill(d: SetupDialog, *, unit: str = "Lade skole", area: str = "Oppvekst og utdanning") -> None:
    d.municipality.setEditText("Trondheim kommune")
    d.number.setText("5001")
    d.area.setEditText(area)
    d.director.setText("Kari Nordahl")
    d.unit.setText(unit)
    d.kind.setEditText("Skole")
    d.leader.setText("Ingrid Solberg")
    d.leader_title.setText("Rektor")


def test_set_up_the_unit_on_an_empty_database(qtbot: Any, empty_window: Any) -> None:
    win = empty_window
    services = win.ctx.services
    start = win.start
    assert start.setup_button.isVisible() and start.demo_button.isVisible()
    assert start.setup_button.property("role") == "primary"
    assert "Sett opp enheten din" in start.info.text()

    dialog = _open_setup(win)
    assert dialog.windowTitle() == "Sett opp enheten din"
    # what is missing is said, and nothing is written
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.message.text() == "Skriv inn navnet på kommunen."
    _fill(dialog)
    dialog.number.setText("50")
    dialog.save()
    assert "fire sifre" in dialog.message.text() and dialog.isVisible()
    dialog.number.setText("5001")
    dialog.leader.clear()
    dialog.save()
    assert dialog.message.text() == "Skriv inn hvem som leder enheten."
    assert services.org.units() == []
    dialog.leader.setText("Ingrid Solberg")
    with qtbot.waitSignal(dialog.created, timeout=5000) as created:
        dialog.save()
    settle(win.ctx)
    reactivate(qtbot, win)

    units = services.org.units()
    assert len(units) == 1
    info = units[0]
    assert created.args == [info.unit.id]
    assert (info.unit.name, info.unit.kind) == ("Lade skole", "skole")
    assert info.service_area.name == "Oppvekst og utdanning"
    assert info.leader is not None and (info.leader.name, info.leader.title) == ("Ingrid Solberg", "Rektor")
    assert info.director is not None and (info.director.name, info.director.title) == ("Kari Nordahl", "Kommunaldirektør")
    assert [(m.name, m.number) for m in services.org.municipalities()] == [("Trondheim kommune", "5001")]
    # the leader is now the profile, and the start page offers a blank agreement for the new unit
    assert win.ctx.profile is not None and (win.ctx.profile.name, win.ctx.profile.role) == ("Ingrid Solberg", Role.LEDER)
    assert start.unit.currentData() == info.unit.id
    assert start.blank_button.isVisible() and not start.demo_button.isVisible() and not start.setup_button.isVisible()
    assert start.add_unit_button.isVisible()
    assert win.navigator.model.rowCount() == 1
    start.blank_button.click()
    qtbot.waitUntil(lambda: win.mode() == "agreement", timeout=5000)
    assert win.editor.session.full is not None and win.editor.session.full.unit.name == "Lade skole"


def test_a_second_unit_reuses_municipality_and_area(qtbot: Any, empty_window: Any) -> None:
    win = empty_window
    services = win.ctx.services
    d = _open_setup(win)
    _fill(d)
    with qtbot.waitSignal(d.created, timeout=5000):
        d.save()
    settle(win.ctx)
    reactivate(qtbot, win)

    win.start.add_unit_button.click()
    d2 = [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupDialog) and w.isVisible()][0]
    # the one municipality is filled in with its number; a known area keeps its director
    assert d2.municipality.currentText() == "Trondheim kommune" and d2.number.text() == "5001"
    assert not d2.number.isEnabled()
    d2.area.setEditText("oppvekst  og utdanning")  # case and spacing do not matter
    assert not d2.director.isEnabled()
    d2.unit.setText("Solsiden barnehage")
    d2.kind.setEditText("Barnehage")
    d2.leader.setText("Sara Lie")
    with qtbot.waitSignal(d2.created, timeout=5000):
        d2.save()
    settle(win.ctx)
    assert len(services.org.municipalities()) == 1 and len(services.org.service_areas()) == 1
    assert sorted(u.unit.name for u in services.org.units()) == ["Lade skole", "Solsiden barnehage"]
    # the profile stays the first leader's
    assert win.ctx.profile is not None and win.ctx.profile.name == "Ingrid Solberg"


def test_the_setup_saves_the_municipality_written_language(qtbot: Any, empty_window: Any) -> None:
    win = empty_window
    services = win.ctx.services
    d = _open_setup(win)
    choices = [(d.language.itemData(i), d.language.itemText(i)) for i in range(d.language.count())]
    assert choices == [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English (for tester og gjester)")]
    assert d.language.currentData() == "nb" and d.language.isEnabled()  # a new municipality: bokmål unless chosen
    _fill(d)
    d.language.setCurrentIndex(d.language.findData("nn"))
    with qtbot.waitSignal(d.created, timeout=5000):
        d.save()
    settle(win.ctx)
    reactivate(qtbot, win)
    mid = services.org.municipalities()[0].id
    assert services.settings.municipality_language(mid) == "nn"

    win.start.add_unit_button.click()
    d2 = [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupDialog) and w.isVisible()][0]
    # the municipality is there already: its language is shown and kept (Fil → Språk … changes it)
    assert d2.municipality.currentText() == "Trondheim kommune"
    assert d2.language.currentData() == "nn" and not d2.language.isEnabled()
    assert d2.values().language is None
    d2.municipality.setEditText("Malvik kommune")  # another, new one: the choice is open again
    assert d2.language.isEnabled()
    d2.language.setCurrentIndex(d2.language.findData("en"))
    d2.number.setText("5031")
    d2.area.setEditText("Oppvekst")
    d2.unit.setText("Hommelvik skole")
    d2.leader.setText("Per Dahl")
    with qtbot.waitSignal(d2.created, timeout=5000):
        d2.save()
    settle(win.ctx)
    languages = {m.name: services.settings.municipality_language(m.id) for m in services.org.municipalities()}
    assert languages == {"Trondheim kommune": "nn", "Malvik kommune": "en"}


def test_set_up_unit_refuses_an_unknown_language_and_writes_nothing(app_services: Any) -> None:
    from enhetsdialog.domain.errors import ValidationError

    from enhetsdialog.ui.setup_dialog import UnitSetup, set_up_unit

    before = len(app_services.org.units())
    with pytest.raises(ValidationError) as caught:
        set_up_unit(app_services, UnitSetup("Ny kommune", "", "Helse", "", "", "Ny enhet", "", "Ola", "", "sv"))
    assert "Ukjent språk" in caught.value.message
    assert len(app_services.org.units()) == before


def _message(qtbot: Any, title: str) -> MessageDialog:
    found: list[MessageDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, MessageDialog) and w.isVisible() and w.windowTitle() == title]
        return bool(found)

    qtbot.waitUntil(shown, timeout=5000)
    return found[0]


def test_import_the_plan_catalogue_from_the_file_menu(qtbot: Any, empty_window: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    win = empty_window
    services = win.ctx.services
    expected = json.loads(EXAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    n_plans = len(expected["plans"])
    n_goals = sum(len(p.get("goals", [])) for p in expected["plans"])
    errors: list[str] = []
    win.ctx.error.connect(errors.append)

    # the menu action asks for the file
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(EXAMPLE_CATALOGUE), ""))
    action = next(a for a in win.file_menu.actions() if a.text() == "Importer &plankatalog …")
    action.trigger()
    done = _message(qtbot, "Plankatalogen er importert")
    assert done.body.text() == (f"Plankatalogen er importert: {n_plans} planer og {n_goals} planmål. "
                                "Nå kan dere knytte målene deres til dem. "
                                "Den har også kommunens 3 verdier, som steg 2 spør etter.")  # the example has them
    assert len(services.catalogue.plans()) == n_plans and len(services.catalogue.goals()) == n_goals
    done.close()

    # a file that is not a catalogue: said in plain Norwegian, once (not in the error bar as well)
    wrong = tmp_path / "notat.json"
    wrong.write_text(json.dumps({"hei": 1}), encoding="utf-8")
    assert import_catalogue(win.ctx, win, path=wrong)
    failed = _message(qtbot, "Plankatalogen ble ikke importert")
    assert "Filen er ikke en plankatalog" in failed.body.text()
    assert "Ingenting er endret." in failed.body.text()
    assert errors == [] and not win.error_bar.isVisible()
    failed.close()
    broken = tmp_path / "halv.json"
    broken.write_text("{ ikke json", encoding="utf-8")
    assert import_catalogue(win.ctx, win, path=broken)
    assert "er ikke gyldig JSON" in _message(qtbot, "Plankatalogen ble ikke importert").body.text()
    assert len(services.catalogue.plans()) == n_plans  # nothing changed


def test_setup_job_makes_nothing_twice(app_services: Any) -> None:
    """Without a window: the job reuses the demo's municipality, area and unit by name."""
    from enhetsdialog.ui.setup_dialog import UnitSetup, set_up_unit

    before = (len(app_services.org.municipalities()), len(app_services.org.service_areas()), len(app_services.org.units()))
    mun = app_services.org.municipalities()[0].name
    unit = app_services.org.units()[0]
    changes = set_up_unit(app_services, UnitSetup(mun.upper(), "", unit.service_area.name, "", "", unit.unit.name,
                                                  "", "Ny Leder", ""))
    assert changes.created == unit.unit.id
    after = (len(app_services.org.municipalities()), len(app_services.org.service_areas()), len(app_services.org.units()))
    assert after == before
