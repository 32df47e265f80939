"""The parts the app's dialogs are built of, made one way: the frame of a short note (title, heading),
the guide text at the top, a field with its «Velg …» button, the line that says what went wrong, the
busy bar, a read-only table of records, the row of buttons at the bottom, and the folder a file
dialog starts in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QSettings
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.i18n import _


def dialog_layout(dialog: QDialog, title: str, *, width: int, height: int = 0, top: int = 18, bottom: int = 14,
                  spacing: int | None = None) -> QVBoxLayout:
    """The frame of a dialog: its title, its smallest size, and the column its parts go in."""
    dialog.setWindowTitle(title)
    if height:
        dialog.setMinimumSize(width, height)
    else:
        dialog.setMinimumWidth(width)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(20, top, 20, bottom)
    if spacing is not None:
        layout.setSpacing(spacing)
    return layout


def note_layout(dialog: QDialog, title: str, *, width: int, heading: str | None = None,
                spacing: int | None = None) -> QVBoxLayout:
    """The frame of a short note or report, with ``heading`` (default: the title) on top."""
    layout = dialog_layout(dialog, title, width=width, spacing=spacing)
    head = QLabel(title if heading is None else heading)
    head.setProperty("role", "subtitle")
    layout.addWidget(head)
    return layout


def guide_label(text: str) -> QLabel:
    """The explaining text at the top of a dialog."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "guide")
    return label


def message_line(*, problem: bool = True) -> QLabel:
    """The hidden line that says what went wrong (``problem``: in the error style) or what happened."""
    label = QLabel()
    if problem:
        label.setObjectName("Problem")
    label.setWordWrap(True)
    label.hide()
    return label


def busy_bar() -> QProgressBar:
    """The thin, hidden bar that runs while the worker does the dialog's job."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setFixedHeight(6)
    bar.hide()
    return bar


def field_row(field: QWidget, button: QPushButton) -> QHBoxLayout:
    """A field that takes the width, with its «Velg …» button beside it."""
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A label whose &-shortcut moves the focus to ``widget``."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def record_table(model: QAbstractItemModel, name: str, *, single: bool = True) -> QTableView:
    """A table of records one can select (a row at a time, when ``single``) but not edit."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def close_button(dialog: QDialog, *, primary: bool = False) -> QPushButton:
    """«Lukk»: accepts ``dialog``."""
    button = QPushButton(_("Lukk"))
    if primary:
        button.setProperty("role", "primary")
    button.clicked.connect(dialog.accept)
    return button


def save_cancel(dialog: QDialog, on_save: Callable[[], object], save_text: str | None = None) -> QDialogButtonBox:
    """«Lagre» (primary, or ``save_text``) and «Avbryt» at the bottom of a form dialog: saving calls
    ``on_save`` (which accepts the dialog when it is done), cancelling rejects it."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text or _("Lagre"))
    save.setProperty("role", "primary")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def button_row(*right: QWidget, left: Sequence[QWidget] = ()) -> QHBoxLayout:
    """The row at the bottom of a dialog: ``left`` at the start, ``right`` at the end."""
    row = QHBoxLayout()
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def last_folder(settings: QSettings, key: str) -> Path:
    """The folder a file dialog last used (kept under ``key``), while it is there; else the home folder."""
    last = settings.value(key)
    return Path(last) if isinstance(last, str) and last and Path(last).is_dir() else Path.home()
