"""Who is writing: name, role (Enhetsleder / Direktør) and title. Asked at first start, changeable
later; the role is shown on every remark and decides who signs in the meeting.

The main window asks at first start (``run`` only, and not over an empty database) and offers
"Profil …" in the Direktør menu (see :mod:`enhetsdialog.ui.director.hosting`); the remark column
asks before the first remark if nobody has said who they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Role
from enhetsdialog.i18n import _

from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.widgets.dialog_parts import save_cancel

if TYPE_CHECKING:
    from enhetsdialog.services import Profile

    from enhetsdialog.ui.context import AppContext


def current_profile(ctx: AppContext) -> Profile | None:
    """The profile as stored now (the context reads it again after every settings change)."""
    return ctx.profile


def profile_label(profile: Profile | None) -> str:
    if profile is None:
        return _("Ingen profil")
    title = f", {profile.title}" if profile.title else ""
    return f"{profile.name} ({profile.role.label}{title})"


class ProfileDialog(QDialog):
    """Name, role and title. Saving is a quick write done directly (the dialog waits for it)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, first_start: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: Profile | None = None
        self.setWindowTitle(_("Din profil"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        intro = QLabel(
            _("Velkommen! Fortell hvem du er. Navnet og rollen din vises på merknadene du skriver.")
            if first_start
            else _("Navnet og rollen din vises på merknadene du skriver.")
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "guide")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setSpacing(8)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("For eksempel Kari Nordmann"))
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("For eksempel Rektor eller Kommunaldirektør"))
        form.addRow(_("&Navn"), self.name)
        form.addRow(_("&Rolle"), self.role)
        form.addRow(_("&Tittel"), self.title)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #9B1C1C;")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(save_cancel(self, self.save))
        existing = current_profile(ctx)
        if existing is not None:
            self.name.setText(existing.name)
            self.role.setCurrentIndex(list(Role).index(existing.role))
            self.title.setText(existing.title)

    def save(self) -> None:
        name, role, title = self.name.text(), self.role.currentData(), self.title.text()
        if not name.strip():
            self._show_error(_("Skriv inn navnet ditt."))
            return
        self.setEnabled(False)
        self.ctx.op(
            lambda s: s.settings.set_profile(name, role, title),
            on_done=lambda _changes: self._saved(),
            on_error=lambda e: self._show_error(error_text(e)),
        )

    def _saved(self) -> None:
        self.setEnabled(True)
        self.saved = current_profile(self.ctx)
        self.accept()

    def _show_error(self, text: str) -> None:
        self.setEnabled(True)
        self.message.setText(text)
        self.message.show()


def ensure_profile(
    ctx: AppContext, parent: QWidget | None = None, on_done: Callable[[Profile], None] | None = None
) -> ProfileDialog | None:
    """Make sure there is a profile: call ``on_done(profile)`` at once when there is one, or open the
    first-start dialog (window-modal, ``open()``) and call it when the dialog is saved. Returns the
    dialog when one was opened."""
    profile = current_profile(ctx)
    if profile is not None:
        if on_done is not None:
            on_done(profile)
        return None
    dialog = ProfileDialog(ctx, parent, first_start=True)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def saved() -> None:
        if on_done is not None and dialog.saved is not None:
            on_done(dialog.saved)

    dialog.accepted.connect(saved)
    dialog.open()
    return dialog
