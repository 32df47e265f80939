"""The signatures of a verified PDF as a table (the verify dialog's list): who signed as which role,
whether the certificate is that person's, when, with which certificate, and whether it holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from enhetsdialog.i18n import N_, _

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.models import format_time
from enhetsdialog.ui.models.rows import RowTableModel

if TYPE_CHECKING:
    from enhetsdialog.pdf.verify import SignatureReport


class SignatureModel(RowTableModel["SignatureReport"]):
    """The signatures of a report: role, the name in the agreement, whether the certificate is that
    person's, time, certificate, issuer, trusted, intact."""

    TITLES = (
        N_("Rolle"),
        N_("Navn i avtalen"),
        N_("Identitet"),
        N_("Signert"),
        N_("Sertifikat"),
        N_("Utsteder"),
        N_("Betrodd"),
        N_("Uendret"),
    )

    def cell(self, s: SignatureReport, col: int, role: int) -> Any:
        good = s.intact and s.valid and not s.problems
        identity = {True: _("Stemmer"), False: _("Stemmer ikke"), None: _("Ukjent")}[s.identity_matches]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(s.role.label) if s.role else s.field
            if col == 1:
                return s.name_in_agreement or s.signer_name
            if col == 2:
                return identity
            if col == 3:
                return format_time(s.signing_time) or "–"
            if col == 4:
                return s.certificate_name or s.certificate_subject
            if col == 5:
                return _("Selvlaget (svakere)") if s.self_signed else s.certificate_issuer
            if col == 6:
                return _("Ja") if s.trusted else _("Nei")
            if col == 7:
                return _("Ja") if good else _("Nei")
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return _(
                "Sertifikatet er utstedt til «{cert}»; avtalen sier at {role} er «{name}».",
                cert=s.certificate_name or s.certificate_subject,
                role=str(s.role.label).lower() if s.role else s.field,
                name=s.name_in_agreement or "?",
            )
        if role == Qt.ItemDataRole.ToolTipRole and col == 7:
            return _("Signaturen er gyldig, og det signerte innholdet er ikke endret.") if good else "\n".join(s.problems)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [s.certificate_subject, _("Utsteder: {issuer}", issuer=s.certificate_issuer),
                     _("Sertifikatets fingeravtrykk: {fp}", fp=s.certificate_fingerprint)]
            lines += s.problems
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 2:
                colour = {True: theme.RESULTAT.fg, False: theme.ERROR.fg, None: theme.NUDGE.fg}[s.identity_matches]
                return QBrush(QColor(colour))
            if col == 6:
                return QBrush(QColor(theme.RESULTAT.fg if s.trusted else theme.NUDGE.fg))
            if col == 7:
                return QBrush(QColor(theme.RESULTAT.fg if good else theme.ERROR.fg))
        return None
