"""Qt's own strings (standard buttons, the file and print dialogs, text fields' context menus) in the
interface language, through QTranslator.

Qt ships ``qtbase_nn.qm`` (nynorsk) but nothing for bokmål, so the bokmål messages the app shows are
kept in ``resources/qt/qtbase_nb.ts`` and compiled with PySide6's ``lrelease`` to ``qtbase_nb.qm``
(``scripts/qt_translations.py``). English needs none.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from enhetsdialog import i18n


def qm_files(lang: str) -> list[Path]:
    """The Qt translation files for ``lang`` (``nb``, ``nn`` or ``en``), those that exist."""
    if lang == "nb":
        found = [Path(str(resources.files("enhetsdialog") / "resources" / "qt" / "qtbase_nb.qm"))]
    elif lang == "nn":
        found = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_nn.qm"]
    else:
        found = []
    return [p for p in found if p.is_file()]


def install(app: QCoreApplication, lang: str | None = None) -> list[QTranslator]:
    """Load Qt's translations for ``lang`` (default: the current interface language) into ``app``,
    replacing any loaded before. Returns the translators (the application keeps them alive)."""
    code = i18n.normalise(lang) or i18n.current_language()
    for old in getattr(app, "_enhetsdialog_qt_translators", []):
        app.removeTranslator(old)
    loaded: list[QTranslator] = []
    for path in qm_files(code):
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            loaded.append(translator)
    app._enhetsdialog_qt_translators = loaded  # type: ignore[attr-defined]
    return loaded
