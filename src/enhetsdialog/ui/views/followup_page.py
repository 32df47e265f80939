"""The «Oppfølging» page of the guided agreement: after the six steps, the year's follow-up of the
open agreement. A placeholder until it is first shown; then it builds the view from
``ui/followup`` (whose modules are imported only then, so a cold start does not pay for them)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from enhetsdialog.i18n import N_

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.followup.view import FollowUpView
    from enhetsdialog.ui.session import AgreementSession

TITLE = N_("Oppfølging")


class FollowUpPage(QWidget):
    """Signals: ``reveal_requested()``: an undo or redo changed the follow-up; show this page."""

    reveal_requested = Signal()

    def __init__(self, session: AgreementSession, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.ctx = session, ctx
        self.view: FollowUpView | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_view(self) -> FollowUpView:
        if self.view is None:
            # lazy: the follow-up view (its chart) is built the first time it is shown: cold start
            from enhetsdialog.ui.followup.view import FollowUpView

            self.view = FollowUpView(self.session, self.ctx, self)
            self.view.reveal_requested.connect(self.reveal_requested)
            self._layout.addWidget(self.view)
            self.view.show()  # a child added to a shown page is otherwise shown only later
        return self.view

    def on_shown(self) -> None:
        self.ensure_view().on_shown()

    def focus_first(self) -> None:
        if self.view is not None:
            self.view.focus_first()
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def owns_key(self, key: Hashable) -> bool:
        return False  # the follow-up's texts are not the agreement's; their undo shows this page itself
