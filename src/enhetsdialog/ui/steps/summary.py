"""Oppsummering – the whole agreement read-only on one page, the nudges with a jump to where each can
be fixed, and the status action that the domain rules allow next."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser

from enhetsdialog.domain.enums import AnchorKind, Role, Status
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.outline import PartKind, build_outline
from enhetsdialog.domain.rules import TRANSITION_ACTIONS, USER_TRANSITIONS, Nudge, nudges
from enhetsdialog.i18n import N_, _
from enhetsdialog.services.values import MunicipalValues

from enhetsdialog.ui import theme
from enhetsdialog.ui.municipal import with_values
from enhetsdialog.ui.outline_html import outline_html
from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.widgets.chips import ChipLabel, clear_layout

STATUS_ORDER = list(Status)
WARM_UP_MS = 400


class SummaryStep(StepPage):
    number = ""
    title = N_("Oppsummering")
    section = None
    guide = N_(
        "Slik ser avtalen ut nå, samlet på ett sted. Se gjennom den sammen, og del den for dialog når dere "
        "er klare – dere kan fortsatt gjøre endringer etterpå."
    )

    def build(self) -> None:
        self.nudge_panel.title.setText(_("Før dere deler – verdt å se på"))
        self.nudge_panel._jump_label = _("Gå til")
        status = QFrame()
        status.setProperty("role", "card")
        row = QHBoxLayout(status)
        row.setContentsMargins(18, 12, 18, 12)
        row.setSpacing(10)
        label = QLabel(_("Status:"))
        label.setProperty("role", "field")
        row.addWidget(label)
        self.status_chip_box = QHBoxLayout()
        row.addLayout(self.status_chip_box)
        self.status_note = QLabel()
        self.status_note.setProperty("role", "meta")
        self.status_note.setWordWrap(True)
        row.addWidget(self.status_note, 1)
        self.actions_box = QHBoxLayout()
        self.actions_box.setSpacing(8)
        row.addLayout(self.actions_box)
        self.body.insertWidget(self.body.indexOf(self.nudge_panel), status)
        self.status_buttons: dict[Status, QPushButton] = {}
        self.sign_button: QPushButton | None = None
        self.send_button: QPushButton | None = None
        self._status_shown: tuple[object, ...] = ()

        self.browser = QTextBrowser()
        self.browser.setObjectName("Summary")
        self.browser.setOpenLinks(False)
        self.browser.setTabChangesFocus(True)
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.setAccessibleName(_("Hele avtalen"))
        self.browser.document().documentLayout().documentSizeChanged.connect(lambda *_: self._fit())
        self.body.addWidget(self.browser)
        self._dirty = True

    # --- feeding ---------------------------------------------------------------------------------------------

    def load(self, full: FullAgreement) -> None:
        self._dirty = True
        self._status(full)
        if self.isVisible():
            self.render_summary()

    def _opened(self, full: FullAgreement) -> None:
        super()._opened(full)
        # lay the summary out once shortly after opening, so the first visit is quick too
        QTimer.singleShot(WARM_UP_MS, self, self._warm_up)

    def _warm_up(self) -> None:
        if self._dirty and self.full is not None and not self.isVisible():
            self.render_summary()

    def refresh(self, full: FullAgreement) -> None:
        self.load(full)

    def on_shown(self) -> None:
        if self._dirty:
            self.render_summary()

    def render_summary(self) -> None:
        if self.full is None:
            return
        scroll = self.verticalScrollBar().value()
        self.browser.setHtml(agreement_html(self.full, self.ctx.read(lambda s: s.catalogue.values())))
        self._dirty = False
        self._fit()
        QTimer.singleShot(0, self, lambda: self.verticalScrollBar().setValue(scroll))

    def _fit(self) -> None:
        doc = self.browser.document()
        doc.setTextWidth(self.browser.viewport().width())
        height = int(doc.size().height()) + 2 * self.browser.frameWidth() + 24
        if self.browser.height() != height:
            self.browser.setFixedHeight(height)

    def resizeEvent(self, e: object) -> None:
        super().resizeEvent(e)  # type: ignore[arg-type]
        QTimer.singleShot(0, self, self._fit)

    def _update_nudges(self, full: FullAgreement) -> None:
        self.nudge_panel.set_nudges(nudges(full.revision.content))

    def show_nudge(self, nudge: Nudge) -> None:
        self.jump_requested.emit(nudge)

    def _status(self, full: FullAgreement) -> None:
        rev = full.revision
        signed = tuple(sorted(s.role.value for s in full.signatures))
        if (rev.id, rev.status, rev.frozen, signed) == self._status_shown:
            return
        self._status_shown = (rev.id, rev.status, rev.frozen, signed)
        clear_layout(self.status_chip_box)
        self.status_chip_box.addWidget(ChipLabel(rev.status.label, theme.STATUS_CHIPS[rev.status]))
        clear_layout(self.actions_box)
        self.status_buttons = {}
        targets = sorted(USER_TRANSITIONS[rev.status], key=STATUS_ORDER.index)
        if rev.frozen:
            targets = []
        for target in targets:
            button = QPushButton(str(TRANSITION_ACTIONS[(rev.status, target)]))
            forward = STATUS_ORDER.index(target) > STATUS_ORDER.index(rev.status)
            if forward:
                button.setProperty("role", "primary")
            if target is Status.TIL_DIALOG and rev.status is Status.UTKAST:
                button.setText(_("Del for dialog …"))
                button.setToolTip(_("Avtalen får status «Til dialog», og avtalepakken til direktøren lagres"))
                button.clicked.connect(self.share)
            else:
                button.clicked.connect(lambda _=False, t=target: self.session.set_status(t))
            self.actions_box.addWidget(button)
            self.status_buttons[target] = button
        self.send_button = None
        if rev.status is not Status.UTKAST:
            self.send_button = QPushButton(_("Send avtalepakken …"))
            self.send_button.setToolTip(_("Lagre avtalepakken og send den til den andre parten"))
            self.send_button.clicked.connect(self.send)
            self.actions_box.addWidget(self.send_button)
        self.sign_button = None
        if rev.status is Status.ENIGHET and len(signed) < len(Role):
            # leader first, then the director: sign_in_turn asks whoever has not signed yet
            text = _("Signer …") if not signed else _("Kontrasigner …")
            self.sign_button = QPushButton(text)
            self.sign_button.setProperty("role", "primary")
            self.sign_button.setToolTip(_("Signer avtalen digitalt: enhetslederen først, så direktøren"))
            self.sign_button.clicked.connect(self.sign)
            self.actions_box.addWidget(self.sign_button)
        self.timestamp_button = None
        if full.signatures:
            self.timestamp_button = QPushButton(_("Legg til tidsstempel"))
            self.timestamp_button.setToolTip(_("Tidsstempel og valideringsdata i den signerte PDF-en (B-LTA)"))
            self.timestamp_button.clicked.connect(self.add_timestamp)
            self.actions_box.addWidget(self.timestamp_button)
        self.status_note.setText(status_note(rev.status, rev.frozen, [s.role for s in full.signatures]))

    def share(self) -> bool:
        """«Del for dialog»: the status and the package for the director, in one action."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.sharing import share_for_dialog

        rid = self.session.revision_id
        if rid is None:
            return False
        self.session.flush()
        return share_for_dialog(self.ctx, rid, self.window())

    def send(self) -> bool:
        """The package again (after sharing, after signing first): no status change."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.sharing import send_back

        rid = self.session.revision_id
        if rid is None:
            return False
        self.session.flush()
        return send_back(self.ctx, rid, self.window())

    def sign(self) -> QDialog | None:
        """Open the signing dialog of the first party that has not signed (the leader, then the director)."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.signing_dialog import sign_in_turn

        rid = self.session.revision_id
        if rid is None:
            return None
        self.session.flush()
        return sign_in_turn(self.ctx, rid, self.window())

    def add_timestamp(self) -> int | None:
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.signing_settings_dialog import add_timestamp

        rid = self.session.revision_id
        return add_timestamp(self.ctx, rid, self.window()) if rid is not None else None

    def focus_first(self) -> None:
        # the text, not the status button: Enter or Space must never share an agreement by accident
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_anchor(self, anchor_kind: AnchorKind, anchor_id: str) -> None:
        self.focus_first()


def status_note(status: Status, frozen: bool, signed: Sequence[Role] = ()) -> str:
    if status is Status.ENIGHET and signed:
        who = ", ".join(r.label.lower() for r in signed)
        return _("Signert av {who}. Den andre parten kontrasignerer.", who=who)
    if frozen or status is Status.SIGNERT:
        return _("Avtalen er signert. Endringer gjøres i en ny revisjon.")
    return {
        Status.UTKAST: _("Bare dere ser utkastet. Når dere deler det, kan direktøren lese og kommentere."),
        Status.TIL_DIALOG: _("Avtalen er delt og venter på dialog med direktøren."),
        Status.I_DIALOG: _("Dere er i dialog. Svar på merknadene og bli enige."),
        Status.ENIGHET: _("Dere er enige. Neste steg er signering: enhetslederen først, så direktøren."),
        Status.ARKIVERT: _("Avtalen er arkivert."),
    }.get(status, "")


# --- the agreement as HTML ----------------------------------------------------------------------------------------


SUMMARY_PARTS = (
    PartKind.COVER,
    PartKind.RED_THREAD,
    PartKind.HVOR,
    PartKind.HVORDAN,
    PartKind.ENKLERE,
    PartKind.LYKKES,
    PartKind.SAMSKAPING,
)


def agreement_html(full: FullAgreement, values: MunicipalValues | None = None) -> str:
    """The agreement as the PDF lays it out (the same outline), without the appendices; ``values``:
    the municipality's own values (the names of the answers of step 2)."""
    return outline_html(with_values(build_outline(full, include_remarks=False), values), SUMMARY_PARTS)
