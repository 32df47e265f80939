"""Every interactive widget has an accessible name, shows where the focus is, and the theme's text
colours meet WCAG 2.1 AA contrast (issue 11)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from enhetsdialog.domain.sdg import SDGS
from tests.ui.conftest import revision_of

from enhetsdialog.ui import theme

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)


def controls(root: QWidget) -> Iterator[QWidget]:
    """The interactive widgets a keyboard user meets in ``root`` (shown, enabled, reachable by Tab)."""
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(root) or not w.isEnabled():
            continue
        if not w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if w.objectName().startswith("qt_"):  # Qt's own parts (scroll bars, spin box line edits)
            continue
        yield w


def accessible_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def views(window: Any, app_services: Any) -> Iterator[tuple[str, QWidget]]:
    rid = revision_of(app_services, "Solsiden", 2027)
    window.new_agreement()
    yield "start", window.start
    assert window.open_revision(rid)
    for i in range(len(window.editor.pages)):
        window.editor.go_to(i)
        yield f"steg {i + 1}", window.editor
    window.editor.show_followup()
    view = window.editor.followup_page.view
    view.finish_building()
    for card in view.cards.values():
        for panel in card.panels.values():
            panel.open_entry(focus=False)  # the values and the entry too
    QApplication.processEvents()  # the cards just laid out are polished
    yield "oppfølging", window.editor
    yield "navigator", window.navigator
    director = window.director
    director.show_portfolio()
    yield "portefølje", director.portfolio
    assert director.open_review(rid)
    yield "gjennomgang", director.review
    assert director.open_compare(rid)
    yield "sammenlign", director.compare
    assert director.open_meeting(rid)
    yield "dialogmøte", director.meeting


def test_every_interactive_widget_of_every_view_has_an_accessible_name(qtbot: Any, window: Any,
                                                                       app_services: Any) -> None:
    missing: list[str] = []
    seen = 0
    for name, view in views(window, app_services):
        qtbot.wait(10)
        for w in controls(view):
            seen += 1
            if not accessible_name(w):
                missing.append(f"{name}: {type(w).__name__} {w.objectName()!r} tooltip={w.toolTip()!r}")
    assert seen > 100
    assert not missing, "\n".join(missing)


def test_the_focus_is_visible_on_every_control(qtbot: Any, window: Any, app_services: Any) -> None:
    """Each control looks different with the focus than without: grabbed both ways and compared."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    invisible: list[str] = []
    checked = 0
    kinds: set[str] = set()
    for name, view in views(window, app_services):
        for w in list(controls(view)):
            if not w.isVisible() or w.width() < 4:
                continue
            w.clearFocus()
            window.setFocus()
            before = w.grab().toImage()
            w.setFocus(Qt.FocusReason.TabFocusReason)
            if not w.hasFocus():
                continue
            after = w.grab().toImage()
            checked += 1
            kinds.add(type(w).__name__)
            if before == after:
                invisible.append(f"{name}: {type(w).__name__} «{accessible_name(w)}»")
    assert checked > 60
    for kind in ("QPushButton", "ItemTable", "QListView", "QTreeView", "QTextBrowser", "QComboBox", "AnswerEdit"):
        assert any(kind in k for k in kinds), (kind, kinds)
    assert not invisible, "\n".join(invisible)


# --- contrast ----------------------------------------------------------------------------------------------


def text_pairs() -> list[tuple[str, str, str]]:
    """Every (text, background) pair the theme draws text with."""
    pairs = [
        ("tekst på vindu", theme.TEXT, theme.WINDOW),
        ("tekst på flate", theme.TEXT, theme.SURFACE),
        ("dempet på vindu", theme.MUTED, theme.WINDOW),
        ("dempet på flate", theme.MUTED, theme.SURFACE),
        ("dempet på tabellhode", theme.MUTED, "#F5F7F9"),
        ("dempet på skrivebeskyttet", theme.MUTED, "#F7F9FB"),
        ("plassholder på flate", theme.PLACEHOLDER, theme.SURFACE),
        ("plassholder skrivebeskyttet", theme.PLACEHOLDER, "#F7F9FB"),
        ("lenke på vindu", theme.ACCENT, theme.WINDOW),
        ("lenke på flate", theme.ACCENT, theme.SURFACE),
        ("lenke på tips", theme.ACCENT, theme.NUDGE.bg),
        ("hovedknapp", "#FFFFFF", theme.ACCENT),
        ("hovedknapp, mus over", "#FFFFFF", theme.ACCENT_DARK),
        ("steg, mus over", theme.ACCENT_DARK, theme.ACCENT_SOFT),
        ("valgt rad", "#FFFFFF", theme.ACCENT),
    ]
    for label, chip in (("prosess", theme.PROSESS), ("resultat", theme.RESULTAT), ("tips", theme.NUDGE),
                        ("feil", theme.ERROR), ("signert", theme.SIGNED), ("nøytral", theme.NEUTRAL)):
        pairs.append((f"brikke {label}", chip.fg, chip.bg))
    for status, chip in theme.STATUS_CHIPS.items():
        pairs.append((f"status {status.value}", chip.fg, chip.bg))
    for sdg in SDGS:
        pairs.append((f"bærekraftsmål {sdg.number}", theme.readable_on(sdg.colour), sdg.colour))
    return pairs


@pytest.mark.parametrize(("label", "fg", "bg"), text_pairs(), ids=[p[0] for p in text_pairs()])
def test_text_colours_meet_wcag_aa_contrast(label: str, fg: str, bg: str) -> None:
    assert theme.contrast_ratio(fg, bg) >= 4.5, f"{label}: {theme.contrast_ratio(fg, bg):.2f}:1"


def test_the_contrast_ratio_is_wcags() -> None:
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
