"""Qt's own dialogs and standard buttons speak bokmål (issue 11): Qt has no bokmål file, so the app
ships one (resources/qt/qtbase_nb.ts, compiled with PySide6's lrelease)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton

ROOT = Path(__file__).resolve().parents[2]


def test_standard_buttons_are_in_bokmal(qtbot: Any, window: Any) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"OK", "Avbryt", "Lagre", "Lukk"}
    msg = QMessageBox(QMessageBox.Icon.Question, "x", "y",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(msg)
    assert {b.text().replace("&", "") for b in msg.buttons()} == {"Ja", "Nei"}


def test_the_file_dialog_is_in_bokmal(qtbot: Any, window: Any, tmp_path: Path) -> None:
    dialog = QFileDialog(window, "Lagre", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    labels = {w.text().replace("&", "") for w in dialog.findChildren(QLabel)}
    buttons = {w.text().replace("&", "") for w in dialog.findChildren(QPushButton)}
    assert {"Se i:", "Filnavn:", "Filer av typen:"} <= labels
    assert {"Lagre", "Avbryt"} <= buttons


def test_text_field_context_menus_are_in_bokmal(qtbot: Any, window: Any) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = {a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()}
    assert {"Angre", "Klipp ut", "Kopier", "Lim inn", "Merk alt"} <= texts
    menu.deleteLater()


def test_nynorsk_uses_qts_own_file_and_english_none(qapp: Any) -> None:
    from enhetsdialog.ui.qt_translations import install, qm_files

    assert qm_files("nn") and qm_files("nn")[0].name == "qtbase_nn.qm"
    assert qm_files("en") == []
    try:
        assert install(qapp, "en") == []
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        install(qapp, "nn")
        assert QCoreApplication.translate("QPlatformTheme", "Save") == "Lagra"
    finally:
        install(qapp, "nb")
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "Lagre"


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import qt_translations as script
    finally:
        sys.path.pop(0)
    shipped = ROOT / "src" / "enhetsdialog" / "resources" / "qt"
    assert (shipped / "qtbase_nb.ts").read_text(encoding="utf-8") == script.ts_text()
    ts = tmp_path / "qtbase_nb.ts"
    ts.write_text(script.ts_text(), encoding="utf-8")
    script.compile_ts(ts, tmp_path / "qtbase_nb.qm")
    assert (tmp_path / "qtbase_nb.qm").read_bytes() == (shipped / "qtbase_nb.qm").read_bytes()
    assert subprocess.run([str(script.lrelease()), "-version"], capture_output=True).returncode == 0
