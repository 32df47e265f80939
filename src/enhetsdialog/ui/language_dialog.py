"""Fil → Språk …: the user's own interface language and the municipality's written language.

* **Ditt språk** (the user's choice, kept in the profile file): applies at the next start. The whole
  window, its models and Qt's own dialogs are built in the language current when they are made, so
  switching while running would mean rebuilding every view with unsaved state in it; a restart is
  the honest way. The dialog says so before, and after saving a note in the new language says when
  it applies (``notice``). Applying it at once would need every view to retranslate itself (a
  ``changeEvent(LanguageChange)`` in each) or the window re-created after the autosave is flushed:
  left for later (issue 12).
* **Kommunens skriftspråk** (kept in the database): applies at once to every PDF made from then on
  (the services render in it), whatever the interface language; signed PDFs stay as they were signed.

``ENHETSDIALOG_LANG`` overrides the interface language for one run; the dialog shows when it does.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.i18n import ENV_OVERRIDE, LANGUAGE_NAMES, LANGUAGES, _, current_language, using
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.dialogs import MessageDialog, show_dialog
from enhetsdialog.ui.widgets.dialog_parts import save_cancel

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext


class LanguageDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notice: QDialog | None = None  # «Språket er lagret», when the next start speaks another language
        self.setWindowTitle(_("Språk"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        intro = QLabel(
            _(
                "Ditt språk gjelder programmet på denne datamaskinen, fra neste gang du starter det. "
                "Kommunens skriftspråk gjelder avtalenes PDF-er og rapporter, med en gang."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "guide")
        layout.addWidget(intro)

        self.municipality = ctx.read(lambda s: next(iter(s.org.municipalities()), None))
        written = ctx.read(lambda s: s.settings.municipality_language(), "nb") or "nb"
        own = ctx.read(lambda s: s.settings.user_language())
        form = QFormLayout()
        form.setSpacing(8)
        self.user = QComboBox()
        self.user.addItem(_("Som kommunen ({language})", language=LANGUAGE_NAMES[written]), None)
        for code in LANGUAGES:
            self.user.addItem(LANGUAGE_NAMES[code], code)
        self.user.setCurrentIndex(self.user.findData(own) if own else 0)
        self.user.setAccessibleName(_("Ditt språk"))
        form.addRow(_("&Ditt språk"), self.user)
        self.written = QComboBox()
        for code in LANGUAGES:
            self.written.addItem(LANGUAGE_NAMES[code], code)
        self.written.setCurrentIndex(self.written.findData(written))
        self.written.setAccessibleName(_("Kommunens skriftspråk"))
        self.written.setEnabled(self.municipality is not None)
        form.addRow(_("&Kommunens skriftspråk"), self.written)
        layout.addLayout(form)
        if os.environ.get(ENV_OVERRIDE):
            note = QLabel(
                _(
                    "{variable} er satt: programmet bruker {language} til det avsluttes.",
                    variable=ENV_OVERRIDE,
                    language=LANGUAGE_NAMES[current_language()],
                )
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(save_cancel(self, self.save))

    def save(self) -> None:
        user, written = self.user.currentData(), self.written.currentData()
        municipality_id = self.municipality.id if self.municipality is not None else None

        def write(s: Services) -> Changes:
            changes = s.settings.set_user_language(user)
            if municipality_id is not None:
                changes = s.settings.set_municipality_language(municipality_id, written)
            return changes

        self.setEnabled(False)
        self.ctx.op(write, on_done=lambda _changes: self._saved(), on_error=self._failed, report=False)

    def _saved(self) -> None:
        """Accepted; when the interface will speak another language from the next start, say so in
        that language (the running window keeps its own until then: nothing open is rebuilt)."""
        self.accept()
        self.notice = None
        next_language = self.ctx.read(lambda s: s.settings.interface_language())
        if next_language is None or next_language == current_language():
            return
        with using(next_language):
            title = _("Språket er lagret")
            text = _(
                "Programmet bruker {language} neste gang du starter det. Vinduet som er åpent nå, "
                "beholder språket sitt til da.",
                language=LANGUAGE_NAMES[next_language],
            )
            dialog = MessageDialog(self.parentWidget(), title, text)
        self.notice = dialog
        show_dialog(dialog)

    def _failed(self, e: BaseException) -> None:
        self.setEnabled(True)
        self.message.setText(error_text(e))
        self.message.show()


def show_language_dialog(ctx: AppContext, parent: QWidget | None = None) -> LanguageDialog:
    dialog = LanguageDialog(ctx, parent)
    dialog.open()
    return dialog
