"""Editing cells: combo boxes for choices, text with live validation for numbers, years and dates,
and coloured chips for the indicator kind (prosess / resultat)."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from enhetsdialog.domain.enums import IndicatorKind
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.rules import parse_decimal
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.models.items import ItemTableModel, KindRole, ValueRole, parse_date, parse_year

Index = QModelIndex | QPersistentModelIndex

PARSERS: dict[str, Callable[[str], Any]] = {"decimal": parse_decimal, "date": parse_date, "year": parse_year}


class ParseValidator(QValidator):
    """Acceptable when the domain parser accepts the text; otherwise Intermediate (Enter is held back)."""

    def __init__(self, parse: Callable[[str], Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.parse = parse

    def validate(self, text: str, pos: int) -> Any:
        try:
            self.parse(text)
        except ValidationError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


class CellCombo(QComboBox):
    """A combo box editor that knows whether its last choice was made in the open list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._popup = False

    def showPopup(self) -> None:
        self._popup = True
        super().showPopup()

    def take_popup_choice(self) -> bool:
        used, self._popup = self._popup, False
        return used


def hint_for(kind: str, text: str) -> str:
    try:
        PARSERS[kind](text)
    except ValidationError as e:
        return str(e)
    return ""


class ItemDelegate(QStyledItemDelegate):
    """``hint(str)`` carries a validation hint while the user types ("" when the text is fine)."""

    hint = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._open: set[int] = set()  # ids of editors that are open now

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        self._open.discard(id(editor))
        super().destroyEditor(editor, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        spec = model.columns[index.column()] if isinstance(model, ItemTableModel) else None
        kind = index.data(KindRole)
        if spec is not None and kind in ("enum", "chip") and spec.enum is not None:
            combo = CellCombo(parent)
            combo.setAccessibleName(str(spec.title))
            if spec.optional:
                combo.addItem(_("Ikke valgt"), "")
            for member in spec.enum:
                combo.addItem(str(getattr(member, "label", member.value)), member.value)
            # arrow keys change the value and keep editing (Tab moves on, Enter closes); a choice made
            # in the open list closes the editor
            combo.activated.connect(lambda _i, c=combo: self._commit(c) if c.take_popup_choice() else self._save(c))
            self._open.add(id(combo))
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if spec is not None and spec.placeholder:
            editor.setPlaceholderText(str(spec.placeholder))
        if kind in PARSERS:
            editor.setValidator(ParseValidator(PARSERS[kind], editor))
            editor.textEdited.connect(lambda text, k=kind, e=editor: self._live_hint(k, text, e))
        return editor

    def _save(self, editor: QWidget) -> None:
        """Store the editor's value now and keep it open."""
        if id(editor) in self._open:
            self.commitData.emit(editor)

    def eventFilter(self, editor: Any, event: Any) -> bool:
        """Text that cannot be used is never dropped in silence: Tab and Enter keep the editor open
        with the reason shown; leaving the cell shows the reason (the value stays as it was)."""
        if isinstance(editor, QLineEdit) and editor.validator() is not None and not editor.hasAcceptableInput():
            key = event.key() if event.type() == QEvent.Type.KeyPress else None
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.hint.emit(self._reason(editor))
                return True
            if event.type() == QEvent.Type.FocusOut:
                self.hint.emit(self._reason(editor))
        return bool(super().eventFilter(editor, event))

    @staticmethod
    def _reason(editor: QLineEdit) -> str:
        validator = editor.validator()
        parse = getattr(validator, "parse", None)
        if parse is None:
            return _("Verdien kan ikke brukes.")
        try:
            parse(editor.text())
        except ValidationError as e:
            return str(e)
        return ""

    def _commit(self, editor: QWidget) -> None:
        if id(editor) not in self._open:  # already committed and closed (e.g. by Enter)
            return
        self._open.discard(id(editor))
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def _live_hint(self, kind: str, text: str, editor: QLineEdit) -> None:
        message = hint_for(kind, text)
        editor.setStyleSheet(f"QLineEdit {{ background: {theme.ERROR.bg}; }}" if message else "")
        editor.setToolTip(message)
        self.hint.emit(message)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            i = editor.findData(value if value is not None else "")
            editor.setCurrentIndex(max(0, i))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            self.hint.emit("")
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect
        if isinstance(editor, QComboBox):
            editor.setGeometry(rect.adjusted(0, 0, 0, 0).united(rect.adjusted(0, 0, 0, max(0, 30 - rect.height()))))
        else:
            editor.setGeometry(rect)

    # --- prosess / resultat chips ------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(KindRole) != "chip":
            super().paint(painter, option, index)
            return
        value = index.data(ValueRole)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        try:
            value = IndicatorKind(value)  # a StrEnum arrives as str through QVariant
        except ValueError:
            return
        paint_chip(painter, opt.rect, kind_chip_text(value), theme.kind_chip(value), opt.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height() + 10, 34))  # air above and below wrapped text


def kind_chip_text(kind: IndicatorKind) -> str:
    """The chip's word for the kind of indicator, in the interface language (as the legend above)."""
    return _("Prosess") if kind is IndicatorKind.PROSESS else _("Resultat")


def paint_chip(painter: QPainter, rect: Any, text: str, chip: theme.Chip, font: Any, *, left: int = 6,
               right: int | None = None) -> None:
    """A rounded chip ``left`` px into ``rect``, or ending ``right`` px before its right edge."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    f = type(font)(font)
    f.setPointSizeF(max(7.5, font.pointSizeF() - 1))
    f.setBold(True)
    fm = QFontMetrics(f)
    w = fm.horizontalAdvance(text) + 16
    h = fm.height() + 6
    x = rect.x() + left if right is None else rect.x() + rect.width() - right - w
    box = QRectF(x, rect.y() + (rect.height() - h) / 2, w, h)
    path = QPainterPath()
    path.addRoundedRect(box, h / 2, h / 2)
    painter.fillPath(path, QColor(chip.bg))
    painter.setPen(QColor(chip.border))
    painter.drawPath(path)
    painter.setFont(f)
    painter.setPen(QColor(chip.fg))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()


def highlighted_text(option: QStyleOptionViewItem) -> QColor:
    return option.palette.color(QPalette.ColorRole.HighlightedText)


def enum_items(enum: type[Enum]) -> list[tuple[str, str]]:
    return [(str(getattr(m, "label", m.value)), str(m.value)) for m in enum]
