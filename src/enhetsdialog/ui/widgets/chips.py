"""Small coloured labels: status, indicator kind, SDG tiles, plan goal links; and a flow layout."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget

from enhetsdialog.domain.sdg import SDG_BY_NUMBER
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme


class ChipLabel(QLabel):
    def __init__(self, text: str, chip: theme.Chip, parent: QWidget | None = None, *, tooltip: str = "") -> None:
        super().__init__(text, parent)
        self.setStyleSheet(f"QLabel {{ {theme.chip_css(chip)} }}")
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        if tooltip:
            self.setToolTip(tooltip)


class SdgChip(QLabel):
    """An SDG in its UN colour: the number and the Norwegian name."""

    def __init__(self, number: int, parent: QWidget | None = None, *, compact: bool = False) -> None:
        sdg = SDG_BY_NUMBER[number]
        super().__init__(str(number) if compact else f"{number}  {sdg.name}", parent)
        fg = theme.readable_on(sdg.colour)
        self.setStyleSheet(
            f"QLabel {{ color: {fg}; background: {sdg.colour}; border-radius: 9px; padding: 2px 9px; font-weight: 600; }}"
        )
        self.setToolTip(_("Bærekraftsmål {n}: {name}", n=number, name=sdg.name))
        self.setAccessibleName(self.toolTip())
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them onto new lines (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def clear(self) -> None:
        while self._items:
            item = self._items.pop()
            w = item.widget()
            if w is not None:
                w.hide()
                w.deleteLater()
        self.invalidate()

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _layout(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


def style_px(widget: QWidget, metric: QStyle.PixelMetric) -> int:
    return widget.style().pixelMetric(metric, None, widget)


def clear_layout(layout: Any) -> None:
    """Remove and delete every widget in a layout."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()
            w.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
