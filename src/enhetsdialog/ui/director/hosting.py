"""The director's side in the main window: four more modes (portfolio, review, compare, meeting),
the "Direktør" menu, agreement packages dropped on the window, and the profile at first start.

:func:`install_director` is called once by :class:`~enhetsdialog.ui.mainwindow.MainWindow`. The views
are built the first time they are needed (cold start stays quick); each becomes a mode of the window
with :meth:`MainWindow.add_mode`. Ways between the modes:

* portfolio → (double-click, Enter) → review;  navigator click in a director mode → review
* review → Sammenlign → compare → (a side) → review;  review → Dialogmøte → meeting → Avslutt → review
* review → Rediger avtalen → the guided agreement;  the guided agreement → Merknader → review

Modules load when first used (the views, packages, signing), so that a cold start stays quick.
Leader and director read and answer remarks in the same review; the profile's role is written on
what they add. Which agreement a menu action works on is :meth:`DirectorHost.current_revision`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from enhetsdialog import APP_NAME
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.i18n import _

from enhetsdialog.ui.dialogs import MessageDialog, show_dialog
from enhetsdialog.ui.director.actions import ACTIONS, MODE_NAMES, MODES, PROFILE_DELAY_MS
from enhetsdialog.ui.modes import title_of

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.director.compare import CompareView
    from enhetsdialog.ui.director.meeting import MeetingView
    from enhetsdialog.ui.director.portfolio import PortfolioView
    from enhetsdialog.ui.director.review import ReviewView
    from enhetsdialog.ui.director.rollup import RollupView
    from enhetsdialog.ui.mainwindow import MainWindow

def install_director(window: MainWindow, ctx: AppContext, *, first_start: bool = False) -> DirectorHost:
    """Host the director's views in ``window``; ``first_start``: ask who is writing once the window
    is shown, if nobody has said so yet (never in tests, screenshots or the smoke test)."""
    return DirectorHost(window, ctx, first_start=first_start)


class DirectorHost(QObject):
    def __init__(self, window: MainWindow, ctx: AppContext, *, first_start: bool = False) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self._views: dict[str, QWidget] = {}
        self.actions: dict[str, QAction] = {}
        self.menu = self._make_menu()
        window.setAcceptDrops(True)
        ctx.review_requested.connect(self.open_review)
        window.mode_changed.connect(self._mode_changed)
        if first_start:  # after the window has painted
            QTimer.singleShot(PROFILE_DELAY_MS, self._ask_profile)

    # --- the views, built on first use ------------------------------------------------------------------

    def _host(self, name: str, make: Any) -> Any:
        view = self._views.get(name)
        if view is None:
            view = make(self.ctx)
            self._views[name] = view
            self.window.add_mode(name, view)
        return view

    def built(self, name: str) -> bool:
        return name in self._views

    @property
    def portfolio(self) -> PortfolioView:
        if "portfolio" not in self._views:
            # lazy: each director view is built (and imported) the first time it is shown: cold start
            from enhetsdialog.ui.director.portfolio import PortfolioView

            view: PortfolioView = self._host("portfolio", PortfolioView)
            view.open_requested.connect(self.open_review)
        return self._views["portfolio"]  # type: ignore[return-value]

    @property
    def rollup(self) -> RollupView:
        if "rollup" not in self._views:
            # lazy: built the first time it is shown (cold start)
            from enhetsdialog.ui.director.rollup import RollupView

            view: RollupView = self._host("rollup", RollupView)
            view.open_requested.connect(self.open_review)
        return self._views["rollup"]  # type: ignore[return-value]

    @property
    def review(self) -> ReviewView:
        if "review" not in self._views:
            # lazy: built the first time it is shown (cold start)
            from enhetsdialog.ui.director.review import ReviewView

            view: ReviewView = self._host("review", ReviewView)
            view.compare_requested.connect(self.open_compare)
            view.meeting_requested.connect(self.open_meeting)
            view.edit_requested.connect(self.window.open_revision)
        return self._views["review"]  # type: ignore[return-value]

    @property
    def compare(self) -> CompareView:
        if "compare" not in self._views:
            # lazy: built the first time it is shown (cold start)
            from enhetsdialog.ui.director.compare import CompareView

            view: CompareView = self._host("compare", CompareView)
            view.review_requested.connect(self.open_review)
        return self._views["compare"]  # type: ignore[return-value]

    @property
    def meeting(self) -> MeetingView:
        if "meeting" not in self._views:
            # lazy: built the first time it is shown (cold start)
            from enhetsdialog.ui.director.meeting import MeetingView

            view: MeetingView = self._host("meeting", MeetingView)
            view.close_requested.connect(self.open_review)
        return self._views["meeting"]  # type: ignore[return-value]

    # --- which agreement ------------------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        """The agreement a menu action works on: the one the current mode shows (the selected row
        in the portfolio, the "after" side in compare); none on the start page."""
        mode = self.window.current_mode()
        return mode.current_revision() if mode is not None else None

    def _shown(self, revision_id: str) -> FullAgreement | None:
        """``revision_id`` as a mode already holds it, if one does."""
        for mode in self.window.hosted_modes():
            full = mode.shown_agreement()
            if full is not None and full.revision.id == revision_id:
                return full
        return None

    def _target(self) -> str | None:
        """For moving between modes: the current agreement, else the one last reviewed."""
        rid = self.current_revision()
        if rid is None and self.built("review"):
            rid = self.review.revision_id
        return rid

    # --- moving between modes ---------------------------------------------------------------------------------

    def show_portfolio(self) -> None:
        view = self.portfolio
        self.window.set_mode("portfolio")
        view.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_rollup(self) -> None:
        view = self.rollup
        self.window.set_mode("rollup")
        view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_review(self, revision_id: str | None = None) -> bool:
        """Show ``revision_id`` (default: the current agreement) with its remarks."""
        rid = revision_id or self._target()
        view = self.review
        if rid and rid != view.revision_id and not view.open(rid):
            return False
        self.window.set_mode("review")
        view.scroll_area.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows and PgDn scroll the agreement
        return True

    def open_compare(self, revision_id: str | None = None) -> bool:
        """Compare ``revision_id`` (default: the current agreement) with the one before it."""
        rid = revision_id or self._target()
        if rid is None and not self.built("compare"):
            self._nothing_chosen()
            return False
        view = self.compare
        current = view.b.revision.id if view.b is not None else None
        if rid and rid != current:
            view.show_for(rid)
        self.window.set_mode("compare")
        return True

    def open_meeting(self, revision_id: str | None = None) -> bool:
        rid = revision_id or self._target()
        if rid is None and (not self.built("meeting") or self.meeting.revision_id is None):
            self._nothing_chosen()
            return False
        view = self.meeting
        if rid and rid != view.revision_id and not view.open(rid):
            return False
        self.window.set_mode("meeting")
        return True

    def navigate(self, revision_id: str) -> bool:
        """A click in the navigator while a director mode is shown opens the agreement in the review
        (True); otherwise the main window opens it in the guided agreement (False)."""
        if self.window.mode() not in MODES:
            return False
        return self.open_review(revision_id)

    def _mode_changed(self, mode: str) -> None:
        if mode not in MODES:
            return
        rid = self.current_revision() if mode not in ("portfolio", "rollup") else None
        self.window.show_current(rid)
        title = title_of(self._shown(rid)) if rid else ""
        self.window.setWindowTitle(" – ".join(x for x in (title, str(MODE_NAMES[mode]), APP_NAME) if x))

    # --- the menu ----------------------------------------------------------------------------------------------

    def _make_menu(self) -> QMenu:
        w = self.window
        menu = w.menuBar().addMenu(_("&Direktør"))
        for spec in ACTIONS:
            a = QAction(str(spec.text), w)
            if spec.shortcut:
                a.setShortcut(QKeySequence(spec.shortcut))
                a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(partial(_call, self, spec.slot))
            self.actions[spec.key] = a
            if not spec.director_menu:
                w.addAction(a)  # its shortcut works without the menu
                continue
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(a)
        menu.aboutToShow.connect(self.update_actions)
        menu.aboutToHide.connect(self._enable_all)
        # the same actions in the Fil menu, above "Avslutt"
        file_menu = w.file_menu
        last = file_menu.actions()[-1]
        file_menu.insertSeparator(last)
        file_menu.insertActions(last, [self.actions[spec.key] for spec in ACTIONS if spec.file_menu])
        file_menu.insertSeparator(last)
        file_menu.aboutToShow.connect(self.update_actions)
        file_menu.aboutToHide.connect(self._enable_all)
        return menu

    def _enable_all(self) -> None:
        """Outside the open menu every action is enabled, so that a shortcut always reaches its slot,
        which says so when there is nothing to work on (the selection can change without a signal)."""
        for a in self.actions.values():
            a.setEnabled(True)

    def update_actions(self) -> None:
        """While the menu is open: each action is enabled when what it ``needs`` is there."""
        rid = self.current_revision()
        target = rid or (self.review.revision_id if self.built("review") else None)
        have = {
            "": True,
            "agreement": rid is not None,
            "target": target is not None,
            "agreed": rid is not None and self._status(rid) is Status.ENIGHET,
        }
        for spec in ACTIONS:
            self.actions[spec.key].setEnabled(have[spec.needs])

    def _status(self, revision_id: str) -> Status | None:
        """The status of ``revision_id``, from what a mode already holds, else read."""
        full = self._shown(revision_id)
        if full is not None:
            return full.revision.status
        rev = self.ctx.read(lambda s: s.agreements.revision(revision_id))
        return rev.status if rev is not None else None

    # --- actions -------------------------------------------------------------------------------------------------

    def sign(self) -> QWidget | None:
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.signing_dialog import sign_in_turn

        rid = self.current_revision()
        if rid is None:
            return self._nothing_chosen()
        status = self._status(rid)
        if status is not Status.ENIGHET:
            text = _("Avtalen kan signeres når dere er enige (status «Enighet»).")
            if status is not None:
                text += " " + _("Nå har den status «{status}».", status=status.label)
            return show_dialog(MessageDialog(self.window, _("Kan ikke signere ennå"), text))
        self._flush()
        return sign_in_turn(self.ctx, rid, self.window)

    def _nothing_chosen(self) -> QWidget:
        return show_dialog(MessageDialog(
            self.window, _("Ingen avtale er valgt"),
            _("Åpne en avtale, eller velg en i porteføljen (Ctrl+Shift+P), og prøv igjen."),
        ))

    def verify(self) -> QWidget:
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.verify_dialog import show_verify_dialog

        return show_verify_dialog(self.ctx, self.window)

    def archive(self) -> QWidget:
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.archive_dialog import show_archive_dialog

        return show_archive_dialog(self.ctx, self.window)

    def save_pdf(self) -> bool:
        """«Lagre som PDF …»: the current agreement as a PDF file; its status stays as it is."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.documents import save_pdf

        rid = self._chosen()
        return rid is not None and save_pdf(self.ctx, rid, self.window)

    def year_report(self) -> bool:
        """«Lag årsrapport …»: the current agreement's year report (PDF, CSV or JSON)."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.reports import save_year_report

        rid = self._chosen()
        return rid is not None and save_year_report(self.ctx, rid, self.window)

    def print_agreement(self) -> bool:
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.documents import print_agreement

        rid = self._chosen()
        return rid is not None and print_agreement(self.ctx, rid, self.window)

    def _chosen(self) -> str | None:
        """The current agreement, with what was typed saved; says so when there is none."""
        rid = self.current_revision()
        if rid is None:
            self._nothing_chosen()
            return None
        self._flush()
        return rid

    def export_package(self) -> bool:

        rid = self._chosen()
        return rid is not None and bool(_packages().export_agreement(self.ctx, rid, self.window))

    def import_package(self) -> bool:

        return bool(_packages().import_package(self.ctx, self.window))

    def show_conflicts(self) -> QWidget:

        return show_dialog(_packages().ConflictDialog(self.ctx, self.window))

    def edit_profile(self) -> QWidget:
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.director.profile import ProfileDialog

        dialog = ProfileDialog(self.ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _ask_profile(self) -> None:
        """First start: ask who is writing - not over an empty database (setting up the unit or the
        demo comes first; the setup names the leader), and not when nobody sees the window."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.director.profile import ensure_profile

        if not self.window.isVisible() or self.ctx.profile is not None:
            return
        if not self.ctx.read(lambda s: s.org.units(), default=[]):
            return

        ensure_profile(self.ctx, self.window)

    def _flush(self) -> None:
        """Everything typed is saved before a package or a PDF is made from it."""
        for mode in self.window.hosted_modes():
            mode.flush()

    # --- drag and drop on the window ---------------------------------------------------------------------------

    @staticmethod
    def _paths(event: QDragEnterEvent | QDropEvent) -> Sequence[str]:
        data = event.mimeData()
        return [u.toLocalFile() for u in data.urls() if u.isLocalFile()] if data.hasUrls() else []

    def drag_enter(self, event: QDragEnterEvent) -> None:

        if _packages().can_drop(self._paths(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:

        if _packages().handle_drop(self.ctx, self._paths(event), self.window):
            event.acceptProposedAction()
        else:
            event.ignore()


def _call(host: DirectorHost, slot: str, _checked: bool = False) -> None:
    getattr(host, slot)()


def _packages() -> Any:
    """The package dialogs (export, import, conflicts), imported on first use: cold start."""
    # lazy: loaded when first used, not at cold start
    from enhetsdialog.ui.director import packages

    return packages
