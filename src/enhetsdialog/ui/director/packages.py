"""Agreement packages in the GUI: export the open agreement to a ``.enhetsavtale`` file, import one
(menu action, or dropped on the window), show what the import did, and let the user settle
conflicts ("Behold min" / "Ta inn deres") when both sides edited the text.

The main window's menu actions and its drag and drop call these (see
:mod:`enhetsdialog.ui.director.hosting`). The context broadcasts the Changes an import carries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Role
from enhetsdialog.i18n import _, ngettext

# MessageDialog is re-exported: its callers import it from here
from enhetsdialog.ui.dialogs import MessageDialog as MessageDialog
from enhetsdialog.ui.dialogs import show_dialog
from enhetsdialog.ui.director.conflict_cards import ConflictCard, FollowUpConflictCard
from enhetsdialog.ui.widgets.dialog_parts import (
    button_row,
    close_button,
    dialog_layout,
    last_folder,
    note_layout,
)

if TYPE_CHECKING:
    from enhetsdialog.services.exchange import ExportResult, ImportReport

    from enhetsdialog.ui.context import AppContext

SUFFIX = ".enhetsavtale"
LAST_FOLDER = "packages/last_folder"


def is_package(path: str | Path) -> bool:
    return str(path).lower().endswith(SUFFIX)


def can_drop(paths: Sequence[str | Path]) -> bool:
    """True when a drag carries something :func:`handle_drop` takes (packages or PDFs)."""
    return any(is_package(p) or str(p).lower().endswith(".pdf") for p in paths if str(p))


def handle_drop(ctx: AppContext, paths: Sequence[str | Path], parent: QWidget | None = None) -> bool:
    """Import dropped agreement packages; open dropped PDFs in the verify dialog. True if any was taken."""
    handled = False
    for raw in paths:
        path = Path(raw)
        if is_package(path):
            import_package(ctx, parent, path=path)
            handled = True
        elif path.suffix.lower() == ".pdf":
            # the verify dialog (and pyHanko behind it) loads only when a PDF is dropped: cold start
            from enhetsdialog.ui.verify_dialog import show_verify_dialog

            show_verify_dialog(ctx, parent, path)
            handled = True
    return handled


def _folder(ctx: AppContext) -> Path:
    return last_folder(ctx.settings, LAST_FOLDER)


# --- export ------------------------------------------------------------------------------------------------


def export_agreement(
    ctx: AppContext,
    revision_id: str,
    parent: QWidget | None = None,
    *,
    path: Path | str | None = None,
    on_done: Callable[[ExportResult], None] | None = None,
) -> bool:
    """Write the agreement (all its revisions and remarks) to a package file. Asks where unless ``path``."""
    if path is None:
        name = ctx.read(lambda s: s.exchange.suggested_filename(revision_id))
        if name is None:
            return False
        chosen, _selected = QFileDialog.getSaveFileName(
            parent, _("Lagre avtalepakke"), str(_folder(ctx) / name), _("Avtalepakker (*{suffix})", suffix=SUFFIX)
        )
        if not chosen:
            return False
        path = chosen if chosen.lower().endswith(SUFFIX) else chosen + SUFFIX
    target = Path(path)

    def done(result: ExportResult) -> None:
        ctx.settings.setValue(LAST_FOLDER, str(target.parent))
        if on_done is not None:
            on_done(result)
        else:
            show_dialog(MessageDialog(parent, _("Avtalepakken er lagret"), export_text(result)))

    # the export records what was shared (sync fingerprints) but changes nothing a view shows
    ctx.query(lambda s: s.exchange.export_to(revision_id, target), on_done=done)
    return True


def export_text(result: ExportResult) -> str:
    revisions = ngettext("{n} revisjon", "{n} revisjoner", result.revisions)
    remarks = ngettext("{n} merknad", "{n} merknader", result.remarks)
    return _(
        "{unit} {year} er lagret i «{path}» ({revisions}, {remarks}). Send filen til den andre parten; "
        "de importerer den i Enhetsdialog.",
        unit=result.unit_name, year=result.year, path=result.path, revisions=revisions, remarks=remarks,
    )


# --- import ------------------------------------------------------------------------------------------------------


def import_package(
    ctx: AppContext,
    parent: QWidget | None = None,
    *,
    path: Path | str | None = None,
    on_done: Callable[[ImportReport], None] | None = None,
) -> bool:
    """Import a package file; then show the report (and any conflicts). Asks for the file unless ``path``."""
    if path is None:
        chosen, _selected = QFileDialog.getOpenFileName(
            parent, _("Importer avtalepakke"), str(_folder(ctx)), _("Avtalepakker (*{suffix})", suffix=SUFFIX)
        )
        if not chosen:
            return False
        path = chosen
    source = Path(path)

    def done(report: ImportReport) -> None:
        ctx.settings.setValue(LAST_FOLDER, str(source.parent))  # the context broadcast report.changes
        if on_done is not None:
            on_done(report)
        else:
            show_dialog(ImportReportDialog(ctx, report, parent))

    ctx.op(lambda s: s.exchange.import_file(source), on_done=done)
    return True


class ImportReportDialog(QDialog):
    """What the import did, in bokmål; conflicts can be settled right here."""

    def __init__(self, ctx: AppContext, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report = report
        layout = note_layout(self, _("Avtalepakke importert"), width=560, spacing=10,
                             heading=_("{unit} {year}", unit=report.unit_name, year=report.year))
        self.lines = report.summary()
        body = QLabel("<br>".join(escape(line) for line in self.lines))
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(body)
        self.conflicts_widget: ConflictList | None = None
        if report.conflicts:
            self.conflicts_widget = ConflictList(ctx, report.agreement_id)
            layout.addWidget(self.conflicts_widget, 1)
        self.open_button = QPushButton(_("Åpne avtalen"))
        self.open_button.clicked.connect(self._open)
        layout.addLayout(button_row(self.open_button, close_button(self, primary=True)))

    def _open(self) -> None:
        """A director reads an imported agreement in the review; a leader opens it to work on it."""
        profile = self.ctx.profile
        director = profile is not None and profile.role is Role.DIREKTOR
        (self.ctx.review_requested if director else self.ctx.open_requested).emit(self.report.revision_id)
        self.accept()


# --- conflicts ---------------------------------------------------------------------------------------------------


class ConflictList(QWidget):
    """Every open conflict (of one agreement, or all)."""

    def __init__(self, ctx: AppContext, agreement_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.agreement_id = agreement_id
        self.cards: list[ConflictCard] = []
        self.followup_cards: list[FollowUpConflictCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll_area)
        self.reload()

    def reload(self) -> None:
        aid = self.agreement_id
        conflicts = self.ctx.read(lambda s: s.exchange.conflicts(aid), default=[]) or []
        followup = self.ctx.read(lambda s: s.exchange.described_followup_conflicts(aid), default=[]) or []
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.setContentsMargins(0, 0, 0, 0)
        self.cards = [ConflictCard(self.ctx, c, self.reload) for c in conflicts]
        self.followup_cards = [FollowUpConflictCard(self.ctx, f, t, self.reload) for f, t in followup]
        for card in [*self.cards, *self.followup_cards]:
            il.addWidget(card)
        if not conflicts and not followup:
            done = QLabel(_("Ingen konflikter. Alt er avklart."))
            done.setProperty("role", "guide")
            il.addWidget(done)
        il.addStretch(1)
        self.scroll_area.setWidget(inner)


class ConflictDialog(QDialog):
    """All open conflicts, for a menu action."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, agreement_id: str | None = None) -> None:
        super().__init__(parent)
        layout = dialog_layout(self, _("Konflikter etter import"), width=600, height=420)
        self.list = ConflictList(ctx, agreement_id)
        layout.addWidget(self.list, 1)
        layout.addLayout(button_row(close_button(self)))

