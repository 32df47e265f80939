"""Draws a goal in the goal list: its number in a circle, the text (wrapped), and under it what the
goal is linked to, or a gentle warning when it is not linked upward."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.models.goals import GoalRole, LinkedRole, NumberRole

Index = QModelIndex | QPersistentModelIndex
PAD = 10
CIRCLE = 26


class GoalDelegate(QStyledItemDelegate):
    def _text_rect(self, option: QStyleOptionViewItem) -> QRect:
        r = option.rect
        return QRect(r.x() + PAD + CIRCLE + 10, r.y() + PAD, max(50, r.width() - CIRCLE - 2 * PAD - 10), r.height() - 2 * PAD)

    def _sub(self, index: Index) -> str:
        goal = index.data(GoalRole)
        if goal is None:
            return ""
        if not index.data(LinkedRole):
            return _("⚠ Ikke knyttet til planmål eller bærekraftsmål")
        parts = []
        if goal.plan_goal_ids:
            parts.append(_("{n} planmål", n=len(goal.plan_goal_ids)))
        if goal.sdgs:
            parts.append(_("bærekraftsmål {list}", list=", ".join(str(n) for n in goal.sdgs)))
        return " · ".join(parts)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = option.rect.width() if option.rect.width() > 0 else 320
        fm = QFontMetrics(option.font)
        text_w = max(50, width - CIRCLE - 2 * PAD - 10)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        h = fm.boundingRect(QRect(0, 0, text_w, 10_000), int(Qt.TextFlag.TextWordWrap), text).height()
        return QSize(width, max(CIRCLE, h + fm.height() + 4) + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = opt.rect
        circle = QRectF(r.x() + PAD, r.y() + PAD, CIRCLE, CIRCLE)
        painter.setBrush(QColor(theme.ACCENT))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(circle)
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(circle, int(Qt.AlignmentFlag.AlignCenter), str(index.data(NumberRole)))
        text_rect = self._text_rect(opt)
        painter.setFont(opt.font)
        painter.setPen(QColor(theme.TEXT))
        fm = QFontMetrics(opt.font)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = fm.boundingRect(QRect(0, 0, text_rect.width(), 10_000), int(Qt.TextFlag.TextWordWrap), text)
        painter.drawText(QRect(text_rect.x(), text_rect.y(), text_rect.width(), bounds.height()),
                         int(Qt.TextFlag.TextWordWrap), text)
        small = QFont(opt.font)
        small.setPointSizeF(max(7.5, small.pointSizeF() - 1))
        painter.setFont(small)
        painter.setPen(QColor(theme.MUTED if index.data(LinkedRole) else theme.NUDGE.fg))
        painter.drawText(QRect(text_rect.x(), text_rect.y() + bounds.height() + 3, text_rect.width(), fm.height() + 2),
                         int(Qt.AlignmentFlag.AlignLeft), self._sub(index))
        painter.restore()
