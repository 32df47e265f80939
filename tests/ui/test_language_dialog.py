"""Fil → Språk …: the user's own language (profile file, next start) and the municipality's written
language (database, at once); the GUI starts in the resolved language with Qt's own translations."""

from __future__ import annotations

import json
from typing import Any

import pytest

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

from enhetsdialog import i18n


def test_the_file_menu_offers_the_language_dialog(qtbot: Any, window: Any) -> None:
    from enhetsdialog.ui.language_dialog import LanguageDialog

    assert window.language_action in window.file_menu.actions()
    window.language_action.trigger()
    dialogs = [w for w in window.findChildren(LanguageDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()


def test_the_dialog_saves_both_choices(qtbot: Any, window: Any) -> None:
    from enhetsdialog import paths

    from enhetsdialog.ui.language_dialog import show_language_dialog

    services = window.ctx.services
    dialog = show_language_dialog(window.ctx, window)
    assert dialog.user.currentData() is None  # follows the municipality until chosen
    assert dialog.written.currentData() == "nb" and dialog.written.isEnabled()
    dialog.user.setCurrentIndex(dialog.user.findData("en"))
    dialog.written.setCurrentIndex(dialog.written.findData("nn"))
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.settings.municipality_language() == "nn"
    assert json.loads(paths.profile_path().read_text("utf-8"))["language"] == "en"
    assert i18n.current_language() == "nb"  # the running window keeps its language until restart

    again = show_language_dialog(window.ctx, window)
    assert again.user.currentData() == "en" and again.written.currentData() == "nn"
    again.user.setCurrentIndex(0)  # back to «Som kommunen»
    with qtbot.waitSignal(again.finished, timeout=10_000):
        again.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert services.settings.user_language() is None


def test_the_gui_starts_in_the_resolved_language_with_qts_translations(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enhetsdialog.ui.app import use_interface_language
    from enhetsdialog.ui.qt_translations import install, qm_files

    app = QCoreApplication.instance()
    services = window.ctx.services
    services.settings.set_municipality_language(services.org.municipalities()[0].id, "nn")
    try:
        assert use_interface_language(app, services) == "nn"
        assert i18n.current_language() == "nn"
        loaded = getattr(app, "_enhetsdialog_qt_translators", [])
        assert len(loaded) == len(qm_files("nn"))
        if qm_files("nn"):  # Qt ships qtbase_nn.qm with PySide6
            box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            qtbot.addWidget(box)
            assert box.buttons()[0].text().replace("&", "") == "Avbryt"
        monkeypatch.setenv(i18n.ENV_OVERRIDE, "en")
        assert use_interface_language(app, services) == "en"
        assert getattr(app, "_enhetsdialog_qt_translators", None) == []  # English needs none
    finally:
        i18n.set_language("nb")
        install(app, "nb")


def test_a_new_interface_language_is_announced_in_that_language_for_the_next_start(qtbot: Any, window: Any) -> None:
    from enhetsdialog.ui.language_dialog import show_language_dialog

    dialog = show_language_dialog(window.ctx, window)
    dialog.user.setCurrentIndex(dialog.user.findData("nn"))
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    notice = dialog.notice
    assert notice is not None and notice.isVisible()
    assert notice.windowTitle() == "Språket er lagra"
    assert "neste gong du startar det" in notice.body.text() and "Norsk nynorsk" in notice.body.text()
    assert i18n.current_language() == "nb"  # the running window keeps its language
    assert window.file_menu.title() == "&Fil" and window.language_action.text() == "Sp&råk …"
    notice.close()

    same = show_language_dialog(window.ctx, window)  # saving what already applies says nothing more
    same.user.setCurrentIndex(same.user.findData("nb"))
    with qtbot.waitSignal(same.finished, timeout=10_000):
        same.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert same.notice is None
