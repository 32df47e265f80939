"""The main window only wires parts together: the navigator on the left, an error bar, and a stack
of modes (start page, the guided agreement, and the director's views, which
:func:`~enhetsdialog.ui.director.hosting.install_director` adds with :meth:`MainWindow.add_mode`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from enhetsdialog import APP_NAME
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import _

from enhetsdialog.ui import settings as ui_settings
from enhetsdialog.ui.check_dialog import show_check_dialog
from enhetsdialog.ui.director.hosting import install_director
from enhetsdialog.ui.language_dialog import show_language_dialog
from enhetsdialog.ui.modes import Mode
from enhetsdialog.ui.setup_dialog import import_catalogue
from enhetsdialog.ui.signing_settings_dialog import show_signing_settings
from enhetsdialog.ui.trust_dialog import show_trust_dialog
from enhetsdialog.ui.views.editor import AgreementEditor
from enhetsdialog.ui.views.start import StartView
from enhetsdialog.ui.widgets.bars import ErrorBar
from enhetsdialog.ui.widgets.navigator import NavigatorPanel

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext


class MainWindow(QMainWindow):
    """Signals: ``mode_changed(name)``. ``first_start``: ask who is writing once shown (``run`` does)."""

    mode_changed = Signal(str)

    def __init__(self, ctx: AppContext, *, first_start: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(980, 600)
        self.navigator = NavigatorPanel(ctx)
        self.error_bar = ErrorBar()
        self.modes = QStackedWidget()
        self._modes: dict[str, QWidget] = {}
        self.start = StartView(ctx)
        self.editor = AgreementEditor(ctx)
        self.add_mode("start", self.start)
        self.add_mode("agreement", self.editor)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        bar_holder = QVBoxLayout()
        bar_holder.setContentsMargins(16, 8, 16, 0)
        bar_holder.addWidget(self.error_bar)
        column.addLayout(bar_holder)
        column.addWidget(self.modes, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 1146])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.statusBar().setSizeGripEnabled(False)
        self.statusBar().hide()  # the editor shows its save state in its header
        self._menus()
        self.director = install_director(self, ctx, first_start=first_start)

        ctx.error.connect(self._error)
        ctx.recovered.connect(self.error_bar.hide)
        ctx.open_requested.connect(self.open_revision)
        self.navigator.open_revision.connect(self._navigate)
        self.navigator.new_agreement.connect(self.new_agreement)
        self.navigator.follow_up.connect(self.open_followup)
        self.editor.review_requested.connect(ctx.review_requested)
        self._restore()

    # --- modes --------------------------------------------------------------------------------------------

    def add_mode(self, name: str, widget: QWidget) -> None:
        """Host another view (e.g. the director's portfolio or compare view) in the window; it is a
        :class:`~enhetsdialog.ui.modes.Mode`."""
        assert isinstance(widget, Mode), name
        self._modes[name] = widget
        self.modes.addWidget(widget)

    def current_mode(self) -> Mode | None:
        current = self.modes.currentWidget()
        return current if isinstance(current, Mode) else None

    def hosted_modes(self) -> list[Mode]:
        """Every mode built so far."""
        return [w for w in self._modes.values() if isinstance(w, Mode)]

    def show_current(self, revision_id: str | None) -> None:
        """Mark ``revision_id`` as the current agreement in the navigator."""
        self.navigator.set_current(revision_id)

    def set_mode(self, name: str) -> None:
        self.modes.setCurrentWidget(self._modes[name])
        agreement = name == "agreement"
        for a in self.editor.navigation_actions():
            a.setEnabled(agreement)
        for a in (self.editor.undo_action, self.editor.redo_action):
            a.setVisible(agreement)  # a hidden action has no shortcut: no undo in a view that does not show it
        self.edit_menu.menuAction().setVisible(agreement)
        self.mode_changed.emit(name)

    def mode(self) -> str:
        current = self.modes.currentWidget()
        return next((n for n, w in self._modes.items() if w is current), "")

    # --- wiring ------------------------------------------------------------------------------------------

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&Fil"))
        new = QAction(_("&Ny avtale …"), self)
        new.setShortcut(QKeySequence.StandardKey.New)
        new.triggered.connect(lambda: self.new_agreement(self.navigator.current_unit_id() or ""))
        file_menu.addAction(new)
        setup = QAction(_("&Sett opp enheten din …"), self)
        setup.triggered.connect(lambda: self.start.set_up_unit())
        file_menu.addAction(setup)
        catalogue = QAction(_("Importer &plankatalog …"), self)
        catalogue.triggered.connect(lambda: import_catalogue(self.ctx, self))
        file_menu.addAction(catalogue)
        measurements = QAction(_("Importer &målinger …"), self)
        measurements.setToolTip(_("Målte verdier fra en CSV-fil, med forhåndsvisning"))
        measurements.triggered.connect(self.import_measurements)
        file_menu.addAction(measurements)
        self.file_menu = file_menu
        trust = QAction(_("&Betrodde utstedere …"), self)
        trust.triggered.connect(lambda: show_trust_dialog(self.ctx, self))
        file_menu.addAction(trust)
        signing_settings = QAction(_("&Signering og tidsstempel …"), self)
        signing_settings.triggered.connect(lambda: show_signing_settings(self.ctx, self))
        file_menu.addAction(signing_settings)
        self.signing_settings_action = signing_settings
        language = QAction(_("Sp&råk …"), self)
        language.triggered.connect(lambda: show_language_dialog(self.ctx, self))
        file_menu.addAction(language)
        self.language_action = language
        check = QAction(_("&Kontroller databasen …"), self)
        check.triggered.connect(lambda: show_check_dialog(self.ctx, self))
        file_menu.addAction(check)
        self.trust_action, self.check_action = trust, check
        quit_action = QAction(_("&Avslutt"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.edit_menu = edit_menu = self.menuBar().addMenu(_("&Rediger"))
        edit_menu.addAction(self.editor.undo_action)
        edit_menu.addAction(self.editor.redo_action)
        go_menu = self.menuBar().addMenu(_("&Gå til"))
        for a in self.editor.navigation_actions():
            go_menu.addAction(a)
            if a is self.editor.next_action:
                go_menu.addSeparator()

    def _error(self, message: str) -> None:
        self.error_bar.show_error(message, retry=self.editor.session.autosaver.flush)

    def _navigate(self, revision_id: str) -> None:
        if not self.director.navigate(revision_id):
            self.open_revision(revision_id)

    def open_revision(self, revision_id: str) -> bool:
        if not self.editor.open(revision_id):
            return False
        self.set_mode("agreement")
        self.editor.current_page().focus_first()
        self.navigator.set_current(revision_id)
        full = self.editor.session.full
        if full is not None:
            self.setWindowTitle(_("{unit} {year} – {app}", unit=full.unit.name, year=full.revision.year, app=APP_NAME))
        self.ctx.settings.setValue(ui_settings.LAST_REVISION, revision_id)
        return True

    def open_followup(self, revision_id: str) -> bool:
        """Open ``revision_id`` at its follow-up («Oppfølging»)."""
        if revision_id != self.editor.session.revision_id and not self.open_revision(revision_id):
            return False
        self.set_mode("agreement")
        self.editor.show_followup()
        return True

    def import_measurements(self) -> None:
        """Fil → Importer målinger …: a CSV file for the current agreement (the rows may name it)."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.followup.import_dialog import choose_and_import

        mode = self.current_mode()
        choose_and_import(self.ctx, self, mode.current_revision() if mode is not None else None)

    def new_agreement(self, unit_id: str = "") -> None:
        self.editor.session.close()
        self.setWindowTitle(APP_NAME)
        self.navigator.set_current(None)
        self.start.reload()
        self.start.preselect(unit_id or None)
        self.set_mode("start")
        self.start.focus_first()

    # --- window state ----------------------------------------------------------------------------------------

    def _restore(self) -> None:
        s = self.ctx.settings
        geometry = ui_settings.get_bytes(s, ui_settings.GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1366, 768)
        splitter = ui_settings.get_bytes(s, ui_settings.SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        last = ui_settings.get_str(s, ui_settings.LAST_REVISION)
        if not (last and self._exists(last) and self.open_revision(last)):
            self.set_mode("start")

    def _leave_unsaved(self) -> bool:
        """Something could not be saved (full disk, locked database): ask before closing."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Ikke alt er lagret"),
            _("Noe av det du har skrevet, er ikke lagret ennå."),
            parent=self,
        )
        box.setInformativeText(self.error_bar.message() or _("Databasen svarer ikke akkurat nå."))
        stay = box.addButton(_("Bli her og prøv igjen"), QMessageBox.ButtonRole.RejectRole)
        leave = box.addButton(_("Avslutt likevel"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave

    def _exists(self, revision_id: str) -> bool:
        try:
            self.ctx.services.agreements.revision(revision_id)
        except EnhetsdialogError:
            return False
        return True

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        self.director.drag_enter(e)

    def dropEvent(self, e: QDropEvent) -> None:
        self.director.drop(e)

    def closeEvent(self, e: QCloseEvent) -> None:
        for mode in self.hosted_modes():
            mode.flush()
        self.ctx.wait_idle(10_000)
        if self.editor.session.autosaver.has_pending and not self._leave_unsaved():
            e.ignore()
            return
        s = self.ctx.settings
        s.setValue(ui_settings.GEOMETRY, self.saveGeometry())
        s.setValue(ui_settings.SPLITTER, self.splitter.saveState())
        s.sync()
        super().closeEvent(e)
