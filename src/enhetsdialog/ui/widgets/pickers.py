"""Choosing upward links for a goal: plan goals from the imported catalogue (a searchable tree,
KPS → kommunedelplan → HØP) and the 17 SDGs (tiles in their UN colours)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.model import Plan, PlanGoal
from enhetsdialog.domain.sdg import SDGS
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.models.plan_goals import PlanGoalTreeModel, SearchRole


class PlanGoalPicker(QDialog):
    def __init__(self, plans: Sequence[Plan], goals: Sequence[PlanGoal], selected: Iterable[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Knytt målet til planmål"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        intro = QLabel(_("Hvilke mål i kommunens planer bidrar dette målet til? Kryss av ett eller flere. "
                          "Planene står i rekkefølgen samfunnsdelen (KPS) → kommunedelplan → handlings- og "
                          "økonomiplan (HØP)."))
        intro.setWordWrap(True)
        intro.setProperty("role", "guide")
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Søk i planmålene, for eksempel «mobbing» eller «HØP-2»"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Søk i planmål"))
        layout.addWidget(self.search)
        self.model = PlanGoalTreeModel(self)
        self.model.set_catalogue(plans, goals)
        self.model.set_checked(selected)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.proxy.setFilterRole(SearchRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.setColumnWidth(1, 130)
        self.tree.expandAll()
        layout.addWidget(self.tree, 1)
        if not goals:
            empty = QLabel(_("Plankatalogen er tom. Importer kommunens plankatalog først "
                              "(enhetsdialog import-plans FIL)."))
            empty.setWordWrap(True)
            layout.addWidget(empty)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.tree.setFocus)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Bruk valgene"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setProperty("role", "primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def selected(self) -> list[str]:
        return self.model.checked()


class SdgPicker(QDialog):
    """Seventeen toggle tiles; Space or a click toggles one, Enter applies the choice."""

    def __init__(self, selected: Iterable[int], parent: QWidget | None = None, *,
                 suggested: Iterable[int] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Velg bærekraftsmål"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        intro = QLabel(_("Hvilke av FNs bærekraftsmål bidrar dette målet til?"))
        intro.setProperty("role", "guide")
        layout.addWidget(intro)
        self.suggested = sorted(set(suggested))
        self.suggestion = QLabel(_("Forslag fra planmålene målet er knyttet til: {numbers} (merket ★).",
                                    numbers=", ".join(str(n) for n in self.suggested)))
        self.suggestion.setProperty("role", "hint")
        self.suggestion.setVisible(bool(self.suggested))
        layout.addWidget(self.suggestion)
        grid = QGridLayout()
        grid.setSpacing(8)
        chosen = set(selected)
        self.tiles: dict[int, QPushButton] = {}
        for i, sdg in enumerate(SDGS):
            tile = QPushButton(f"{sdg.number}\n{sdg.name}")
            tile.setCheckable(True)
            tile.setAutoDefault(False)  # Enter applies the choice (the default button); Space toggles
            tile.setChecked(sdg.number in chosen)
            tile.setFixedSize(172, 92)
            fg = theme.readable_on(sdg.colour)
            tile.setStyleSheet(
                f"QPushButton {{ text-align: left; padding: 6px 8px 6px 16px; border-radius: 8px; font-weight: 600;"
                f" color: {theme.TEXT}; border: 2px solid {sdg.colour};"
                f" background: qlineargradient(x1:0, y1:0, x2:1, y2:0, stop:0 {sdg.colour}, stop:0.045 {sdg.colour},"
                f" stop:0.046 #FFFFFF, stop:1 #FFFFFF); }}"
                f"QPushButton:checked {{ background: {sdg.colour}; color: {fg}; }}"
                f"QPushButton:focus {{ border: 3px solid {theme.TEXT}; }}"
            )
            tile.setAccessibleName(_("Bærekraftsmål {n}: {name}", n=sdg.number, name=sdg.name))
            tile.setToolTip(tile.accessibleName())
            # the names are long: let the label wrap inside the tile
            star = " ★" if sdg.number in self.suggested else ""
            tile.setText(f"{sdg.number}{star}\n" + _wrap(sdg.name, 17, 3))
            if star:
                tile.setAccessibleName(_("{name} (foreslått fra planmålene)", name=tile.accessibleName()))
                tile.setToolTip(tile.accessibleName())
            self.tiles[sdg.number] = tile
            grid.addWidget(tile, i // 5, i % 5)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Bruk valgene"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setProperty("role", "primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

    def selected(self) -> list[int]:
        return sorted(n for n, tile in self.tiles.items() if tile.isChecked())


def _wrap(text: str, width: int, max_lines: int = 3) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)
