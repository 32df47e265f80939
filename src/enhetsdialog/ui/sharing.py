"""Sending an agreement to the other party as one action.

«Del for dialog» (the leader) moves the draft to «Til dialog» and writes the agreement package in
the same transaction (``ExchangeService.share``); «Send tilbake» (the director) writes the package
with the remarks. Both then say where the file is and offer to open the folder or the e-mail program
with the file attached (``xdg-email --attach`` on Linux, Mail on macOS; elsewhere, or when that cannot
start, the folder opens so the file can be attached by hand).

The package goes to the folder packages were last saved in, else ``Dokumenter/Enhetsdialog``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import _

from enhetsdialog.ui.dialogs import show_dialog
from enhetsdialog.ui.widgets.dialog_parts import button_row, close_button, note_layout

if TYPE_CHECKING:
    from enhetsdialog.services.base import Outcome
    from enhetsdialog.services.exchange import ExportResult

    from enhetsdialog.ui.context import AppContext

LAST_FOLDER = "packages/last_folder"  # the same key as the package export (ui/director/packages.py)
OUTBOX = "Enhetsdialog"


def outbox(ctx: AppContext) -> Path:
    """Where a shared package is written: the last package folder, else Dokumenter/Enhetsdialog."""
    last = ctx.settings.value(LAST_FOLDER)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home()) / OUTBOX


def share(
    ctx: AppContext,
    revision_id: str,
    parent: QWidget | None = None,
    *,
    status: Status | None = None,
    on_done: Callable[[ShareDialog], None] | None = None,
) -> bool:
    """Write the package (after moving to ``status``, if given) and show where it is."""
    name = ctx.read(lambda s: s.exchange.suggested_filename(revision_id))
    full = ctx.read(lambda s: s.agreements.get(revision_id))
    if name is None or full is None:
        return False
    folder = outbox(ctx)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        ctx.report(_error(folder, e))
        return False
    target = folder / name
    profile = ctx.profile
    by = profile.name if profile is not None else ""
    director_side = is_director(ctx) and status is None  # the leader shares; either sends back
    to = full.leader if director_side else full.director

    def done(outcome: Outcome[ExportResult]) -> None:
        ctx.settings.setValue(LAST_FOLDER, str(outcome.value.path.parent))
        dialog = ShareDialog(outcome.value, to_name=to.name if to else "", to_email=to.email if to else "",
                             director_side=director_side, parent=parent)
        show_dialog(dialog)
        if on_done is not None:
            on_done(dialog)

    ctx.op(lambda s: s.exchange.share(revision_id, target, status=status, by=by), on_done=done)
    return True


def share_for_dialog(ctx: AppContext, revision_id: str, parent: QWidget | None = None,
                     on_done: Callable[[ShareDialog], None] | None = None) -> bool:
    """The leader's «Del for dialog»: utkast -> til dialog, and the package for the director."""
    return share(ctx, revision_id, parent, status=Status.TIL_DIALOG, on_done=on_done)


def send_back(ctx: AppContext, revision_id: str, parent: QWidget | None = None,
              on_done: Callable[[ShareDialog], None] | None = None) -> bool:
    """«Send tilbake»: the package with the remarks and replies, for the other party (no status change):
    the director sends it to the leader, the leader to the director."""
    return share(ctx, revision_id, parent, on_done=on_done)


def _error(folder: Path, e: OSError) -> Exception:
    return EnhetsdialogError(_("Kan ikke lage mappen «{path}»: {reason}.", path=str(folder), reason=e.strerror or str(e)))


# --- the e-mail program -------------------------------------------------------------------------------


def email_command(path: Path, subject: str, body: str, to: str = "", *, platform: str | None = None,
                  which: Callable[[str], str | None] | None = None) -> list[str] | None:
    """The command that opens the e-mail program with ``path`` attached, or None where there is none."""
    platform = platform or sys.platform
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        exe = (which or shutil.which)("xdg-email")
        if exe is None:
            return None
        return [exe, "--utf8", "--subject", subject, "--body", body, "--attach", str(path), *([to] if to else [])]
    if platform == "darwin":
        return ["open", "-a", "Mail", str(path)]
    return None


def start_detached(command: Sequence[str]) -> bool:
    ok, _pid = QProcess.startDetached(command[0], list(command[1:]))
    return bool(ok)


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ShareDialog(QDialog):
    """Where the package is, and the two ways to send it on."""

    def __init__(self, result: ExportResult, *, to_name: str, to_email: str, director_side: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.export = result
        self.to_email = to_email
        layout = note_layout(self, _("Avtalepakken er klar"), width=520, spacing=10,
                             heading=_("Merknadene er klare til å sendes tilbake") if director_side
                             else _("Avtalen er delt for dialog"))
        who = to_name or (_("enhetslederen") if director_side else _("direktøren"))
        self.body = QLabel(_(
            "Avtalepakken er lagret i «{path}». Send filen til {who}; de importerer den i Enhetsdialog "
            "(Fil → Importer avtalepakke, eller dra filen inn i vinduet).", path=str(result.path), who=who))
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.body)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "meta")
        self.note.hide()
        layout.addWidget(self.note)
        self.folder_button = QPushButton(_("Åpne mappen"))
        self.folder_button.clicked.connect(self.open_folder)
        self.email_button = QPushButton(_("Send på e-post …"))
        self.email_button.setProperty("role", "primary")
        self.email_button.setToolTip(_("Åpner e-postprogrammet med filen lagt ved"))
        self.email_button.clicked.connect(self.send_email)
        layout.addLayout(button_row(self.email_button, close_button(self), left=(self.folder_button,)))
        self.email_button.setDefault(True)
        self.email_button.setFocus()

    def open_folder(self) -> bool:
        return open_folder(self.export.path.parent)

    def send_email(self) -> str:
        """Open the e-mail program with the file attached; else the folder. Returns which."""
        r = self.export
        subject = _("Enhetsavtale {year} – {unit}", year=r.year, unit=r.unit_name)
        body = _("Her er avtalepakken for {unit} {year}. Importer den i Enhetsdialog.", unit=r.unit_name, year=r.year)
        command = email_command(r.path, subject, body, self.to_email)
        if command is not None and start_detached(command):
            self.accept()
            return "email"
        self.open_folder()
        self.note.setText(_("Fant ikke et e-postprogram som kan legge ved filer. Mappen er åpnet: "
                            "legg ved «{name}» i en e-post selv.", name=r.path.name))
        self.note.show()
        return "folder"


def is_director(ctx: AppContext) -> bool:
    profile = ctx.profile
    return profile is not None and profile.role is Role.DIREKTOR
