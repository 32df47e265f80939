"""«Betrodde utstedere»: the municipality's trust anchors (issuing CA certificates) in this database.

With none, signatures from unknown issuers are valid but the signers' identity is unconfirmed, and
the app says so; with at least one, every signature must chain to one of them (verification fails
and the archive refuses it otherwise). The list, add and remove go through the signing service's
trust store on the worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHeaderView,
    QPushButton,
    QWidget,
)

from enhetsdialog.domain.identity import MAX_CERTIFICATE_FILE
from enhetsdialog.fileio import UserFileError, read_user_file
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.dialogs import show_dialog
from enhetsdialog.ui.models.rows import RowTableModel
from enhetsdialog.ui.widgets.dialog_parts import (
    button_row,
    close_button,
    dialog_layout,
    guide_label,
    message_line,
    record_table,
)

if TYPE_CHECKING:
    from enhetsdialog.services.trust import Anchor

    from enhetsdialog.ui.context import AppContext



class AnchorModel(RowTableModel["Anchor"]):
    TITLES = (N_("Utsteder"), N_("Gyldig til"), N_("Type"), N_("Fingeravtrykk (SHA-256)"))

    def cell(self, a: Anchor, col: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            a.subject,
            a.not_after[:10],
            _("Utsteder (CA)") if a.is_ca else _("Enkeltsertifikat"),
            " ".join(a.sha256[i : i + 4] for i in range(0, 16, 4)).upper() + " …",
        )[col]


class TrustDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = dialog_layout(self, _("Betrodde utstedere"), width=720, height=380, top=16)
        layout.addWidget(guide_label(_(
            "Legg inn sertifikatet til kommunens utsteder (CA), for eksempel Buypass, Commfides eller "
            "kommunens egen. Når minst én utsteder er lagt inn, godtas bare signaturer med sertifikater "
            "fra disse – også ved arkivering. Uten noen er signaturene gyldige, men det er ikke bekreftet "
            "at sertifikatene tilhører personene de navngir."
        )))
        self.model = AnchorModel(self)
        self.table = record_table(self.model, _("Betrodde utstedere"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.message = message_line()
        layout.addWidget(self.message)
        self.add_button = QPushButton(_("Legg til utsteder …"))
        self.add_button.setAccessibleName(_("Legg til en betrodd utsteder fra en sertifikatfil"))
        self.add_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton(_("Fjern valgt"))
        self.remove_button.setAccessibleName(_("Fjern den valgte betrodde utstederen"))
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addLayout(button_row(close_button(self), left=(self.add_button, self.remove_button)))
        self.reload()

    def reload(self) -> None:
        self.ctx.query(lambda s: s.signing.trust.anchors(), on_done=self._show, on_error=self._failed, report=False)

    def _show(self, rows: list[Anchor]) -> None:
        self.model.set_rows(rows)
        self.remove_button.setEnabled(bool(rows))

    def _failed(self, e: BaseException) -> None:
        self.message.setText(error_text(e))
        self.message.show()

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Velg utstederens sertifikat"), str(Path.home()), _("Sertifikater (*.pem *.crt *.cer *.der);;Alle filer (*)")
        )
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path) -> None:
        self.message.hide()
        try:
            data = read_user_file(path, max_bytes=MAX_CERTIFICATE_FILE, what=N_("et sertifikat"))
        except UserFileError as e:
            self._failed(e)
            return
        self.ctx.op(lambda s: s.signing.trust.add(data), on_done=lambda _c: self.reload(), on_error=self._failed, report=False)

    def remove_selected(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            self._failed(ValueError(_("Velg utstederen du vil fjerne.")))
            return
        fp = self.model.rows[row].sha256
        self.ctx.op(lambda s: s.signing.trust.remove(fp), on_done=lambda _c: self.reload(), on_error=self._failed, report=False)


def show_trust_dialog(ctx: AppContext, parent: QWidget | None = None) -> TrustDialog:
    dialog = TrustDialog(ctx, parent)
    show_dialog(dialog)
    return dialog
