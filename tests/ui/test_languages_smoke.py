"""The whole window in each language (issue 12, steps 8–9): the main window over the demo, started in
bokmål, nynorsk and English, visits every step, the follow-up and the director's views the navigator
and the menus reach, and every visible text (window title, menus, headings, labels, buttons, tabs,
table headers) is in that language: the known headings are there in their translation, and no text
is a bokmål message that the catalogue translates otherwise (an untranslated or import-time string)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)

from enhetsdialog import i18n
from tests.ui.conftest import revision_of, settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

# what each language must show somewhere on the way, and what it must never show
EXPECTED: dict[str, tuple[str, ...]] = {
    "nb": ("Hvor vil vi?", "Hvordan kommer vi dit?", "Hva gjør det enklere?", "Hvordan vet vi om vi lykkes?",
           "Fil", "Direktør", "Portefølje", "Sammenlign", "Den røde tråden"),
    "nn": ("Kvar vil vi?", "Korleis kjem vi dit?", "Kva gjer det enklare?", "Korleis veit vi om vi lukkast?",
           "Fil", "Direktør", "Samanlikn", "Den raude tråden"),
    "en": ("Where do we want to go?", "How do we get there?", "What makes it easier?",
           "How do we know if we succeed?", "File", "Edit", "Director", "Portfolio", "Compare", "Summary",
           "Follow-up", "The common thread"),
}
BOKMAAL_ONLY = ("Hvor vil vi?", "Hvordan kommer vi dit?", "Hva gjør det enklere?", "Hvordan vet vi om vi lykkes?",
                "Sammenlign", "Den røde tråden", "Avtalen", "Neste", "Forrige", "Lagret", "Ikke")
FOREIGN: dict[str, tuple[str, ...]] = {
    "nb": ("Kvar vil vi?", "Korleis", "Where do we want to go?", "Summary"),
    "nn": BOKMAAL_ONLY[:6] + ("Where do we want to go?",),
    "en": BOKMAAL_ONLY + ("Oppsummering", "Oppfølging", "Portefølje", "Gjennomgang", "Dialogmøte", "Direktør"),
}


def _plain(text: str) -> str:
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


@cache
def _demo_words() -> frozenset[str]:
    """The demo municipality's own words, stored as data (its catalogue's values and their questions):
    shown as the municipality wrote them, in every interface language."""
    from enhetsdialog.services.demo_data import catalogue

    values = catalogue()["values"]
    words = {values["intro"]}
    for item in values["items"]:
        words.update(item[k] for k in ("name", "question", "example"))
    return frozenset(_plain(w) for w in words)


@cache
def _leaks(lang: str) -> frozenset[str]:
    """The bokmål messages (without & and placeholders) that ``lang`` translates into something else."""
    from babel.messages.pofile import read_po

    with i18n.catalogue_path(lang).open("rb") as fh:
        catalog = read_po(fh)
    out = set()
    for m in catalog:
        if not m.id or not m.string or isinstance(m.id, tuple) or "{" in m.id:
            continue
        source, target = _plain(m.id), _plain(str(m.string))
        if source != target and len(source) > 3:
            out.add(source)
    return frozenset(out) - _demo_words()


def visible_texts(root: QWidget) -> set[str]:
    """Every text the user can see in ``root`` now: labels, buttons, group boxes, tabs, headers."""
    out: set[str] = set()
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.RichText:
            out.add(w.text())
        elif isinstance(w, QLabel):
            from PySide6.QtGui import QTextDocument

            doc = QTextDocument()
            doc.setHtml(w.text())
            out.update(doc.toPlainText().splitlines())
        elif isinstance(w, QAbstractButton):
            out.add(w.text())
        elif isinstance(w, QGroupBox):
            out.add(w.title())
        elif isinstance(w, QTabBar):
            out.update(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model (QStringListModel) hides it: one column
                columns = 1
            for c in range(columns):
                value = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str):
                    out.add(value)
            for r in range(min(model.rowCount(QModelIndex()), 40)):  # the cells' labels (status, kind)
                for c in range(columns):
                    value = model.data(model.index(r, c, QModelIndex()), Qt.ItemDataRole.DisplayRole)
                    if isinstance(value, str):
                        out.add(value)
    return {_plain(t) for t in out if t and t.strip()}


def menu_texts(win: Any) -> set[str]:
    out = {win.windowTitle()}
    for action in win.menuBar().actions():
        out.add(action.text())
        menu = action.menu()
        if isinstance(menu, QMenu):
            out.update(a.text() for a in menu.actions() if not a.isSeparator())
    return {_plain(t) for t in out if t}


@pytest.fixture
def window_in(request: pytest.FixtureRequest, qtbot: Any, app_services: Any) -> Iterator[Any]:
    from enhetsdialog.ui.app import create_main_window, make_application
    from enhetsdialog.ui.qt_translations import install

    lang = request.param
    app = make_application()
    i18n.set_language(lang)
    install(app, lang)
    try:
        context, win = create_main_window(app_services)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        yield win
        win.close()
        context.shutdown()
    finally:
        i18n.set_language("nb")
        install(app, "nb")


def tour(qtbot: Any, win: Any) -> dict[str, set[str]]:
    """Every step and mode reachable from the navigator and the menus, with the texts seen in each."""
    services = win.ctx.services
    seen: dict[str, set[str]] = {}

    def look(where: str) -> None:
        settle(qtbot, win)
        QApplication.processEvents()
        seen[where] = visible_texts(win) | menu_texts(win)

    win.new_agreement("")
    look("start")
    draft = revision_of(services, "Byåsen", 2027)
    assert win.open_revision(draft)
    for i in range(len(win.editor.pages)):
        win.editor.go_to(i)
        look(f"step {i + 1}")
    signed = revision_of(services, "Lade", 2026)
    assert win.open_followup(signed)
    look("follow-up")
    director = win.director
    director.show_portfolio()
    look("portfolio")
    director.show_rollup()
    look("roll-up")
    assert director.open_review(draft)
    look("review")
    assert director.open_compare(draft)
    look("compare")
    assert director.open_meeting(draft)
    look("meeting")
    return seen


@pytest.mark.parametrize("window_in", ["nb", "nn", "en"], indirect=True)
def test_every_view_speaks_the_interface_language(qtbot: Any, window_in: Any) -> None:
    lang = i18n.current_language()
    seen = tour(qtbot, window_in)
    everything = set().union(*seen.values())
    missing = [t for t in EXPECTED[lang] if not any(t in s for s in everything)]
    assert not missing, (lang, missing)
    foreign = {(where, t) for where, texts in seen.items() for t in texts for bad in FOREIGN[lang] if bad == t}
    assert not foreign, sorted(foreign)
    if lang != "nb":
        leaks = _leaks(lang)
        left = sorted({(where, t) for where, texts in seen.items() for t in texts if t in leaks})
        assert not left, left


@pytest.mark.parametrize("window_in", ["nn", "en"], indirect=True)
def test_longer_words_are_not_cut_off_or_painted_in_bokmaal(qtbot: Any, window_in: Any) -> None:
    from enhetsdialog.domain.enums import IndicatorKind

    from enhetsdialog.ui.widgets.delegates import kind_chip_text

    lang = i18n.current_language()
    # the navigator's heading and its button fit beside each other («Agreements  + New»)
    nav = window_in.navigator
    heading = next(w for w in nav.findChildren(QLabel) if w.text() in ("Avtalar", "Agreements"))
    assert heading.width() >= heading.sizeHint().width(), (heading.text(), heading.width())
    # the indicator tables' chips say what the legend above them says
    assert kind_chip_text(IndicatorKind.PROSESS) == {"nn": "Prosess", "en": "Process"}[lang]
    assert kind_chip_text(IndicatorKind.RESULTAT) == {"nn": "Resultat", "en": "Result"}[lang]
