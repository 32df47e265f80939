"""Oppsummering – the whole agreement read-only on one page, the nudges with a jump to where each can
be fixed, and the status action that the domain rules allow next."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser

from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Role, Status
from enhetsdialog.domain.model import FullAgreement, Goal
from enhetsdialog.domain.rules import TRANSITION_ACTIONS, USER_TRANSITIONS, Nudge, format_grouped, nudges
from enhetsdialog.domain.sdg import SDG_BY_NUMBER
from enhetsdialog.services.values import MunicipalValues, trondheim

from enhetsdialog.ui import theme
from enhetsdialog.ui.i18n import tr
from enhetsdialog.ui.models.items import format_date
from enhetsdialog.ui.models.plan_goals import SHORT_KIND
from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.widgets.chips import ChipLabel, clear_layout

STATUS_ORDER = list(Status)
WARM_UP_MS = 400


class SummaryStep(StepPage):
    number = ""
    title = tr("Oppsummering")
    section = None
    guide = tr(
        "Slik ser avtalen ut nå, samlet på ett sted. Se gjennom den sammen, og del den for dialog når dere "
        "er klare – dere kan fortsatt gjøre endringer etterpå."
    )

    def build(self) -> None:
        self.nudge_panel.title.setText(tr("Før dere deler – verdt å se på"))
        self.nudge_panel._jump_label = tr("Gå til")
        status = QFrame()
        status.setProperty("role", "card")
        row = QHBoxLayout(status)
        row.setContentsMargins(18, 12, 18, 12)
        row.setSpacing(10)
        label = QLabel(tr("Status:"))
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
        self.browser.setAccessibleName(tr("Hele avtalen"))
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
            button = QPushButton(TRANSITION_ACTIONS[(rev.status, target)])
            forward = STATUS_ORDER.index(target) > STATUS_ORDER.index(rev.status)
            if forward:
                button.setProperty("role", "primary")
            if target is Status.TIL_DIALOG and rev.status is Status.UTKAST:
                button.setText(tr("Del for dialog …"))
                button.setToolTip(tr("Avtalen får status «Til dialog», og avtalepakken til direktøren lagres"))
                button.clicked.connect(self.share)
            else:
                button.clicked.connect(lambda _=False, t=target: self.session.set_status(t))
            self.actions_box.addWidget(button)
            self.status_buttons[target] = button
        self.send_button = None
        if rev.status is not Status.UTKAST:
            self.send_button = QPushButton(tr("Send avtalepakken …"))
            self.send_button.setToolTip(tr("Lagre avtalepakken og send den til den andre parten"))
            self.send_button.clicked.connect(self.send)
            self.actions_box.addWidget(self.send_button)
        self.sign_button = None
        if rev.status is Status.ENIGHET and len(signed) < len(Role):
            # leader first, then the director: sign_in_turn asks whoever has not signed yet
            text = tr("Signer …") if not signed else tr("Kontrasigner …")
            self.sign_button = QPushButton(text)
            self.sign_button.setProperty("role", "primary")
            self.sign_button.setToolTip(tr("Signer avtalen digitalt: enhetslederen først, så direktøren"))
            self.sign_button.clicked.connect(self.sign)
            self.actions_box.addWidget(self.sign_button)
        self.status_note.setText(status_note(rev.status, rev.frozen, [s.role for s in full.signatures]))

    def share(self) -> bool:
        """«Del for dialog»: the status and the package for the director, in one action."""
        from enhetsdialog.ui.sharing import share_for_dialog

        rid = self.session.revision_id
        if rid is None:
            return False
        self.session.flush()
        return share_for_dialog(self.ctx, rid, self.window())

    def send(self) -> bool:
        """The package again (after sharing, after signing first): no status change."""
        from enhetsdialog.ui.sharing import send_back

        rid = self.session.revision_id
        if rid is None:
            return False
        self.session.flush()
        return send_back(self.ctx, rid, self.window())

    def sign(self) -> QDialog | None:
        """Open the signing dialog of the first party that has not signed (the leader, then the director)."""
        from enhetsdialog.ui.signing_dialog import sign_in_turn

        rid = self.session.revision_id
        if rid is None:
            return None
        self.session.flush()
        return sign_in_turn(self.ctx, rid, self.window())

    def focus_first(self) -> None:
        # the text, not the status button: Enter or Space must never share an agreement by accident
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_anchor(self, anchor_kind: AnchorKind, anchor_id: str) -> None:
        self.focus_first()


def status_note(status: Status, frozen: bool, signed: Sequence[Role] = ()) -> str:
    if status is Status.ENIGHET and signed:
        who = ", ".join(tr(r.label).lower() for r in signed)
        return tr("Signert av {who}. Den andre parten kontrasignerer.", who=who)
    if frozen or status is Status.SIGNERT:
        return tr("Avtalen er signert. Endringer gjøres i en ny revisjon.")
    return {
        Status.UTKAST: tr("Bare dere ser utkastet. Når dere deler det, kan direktøren lese og kommentere."),
        Status.TIL_DIALOG: tr("Avtalen er delt og venter på dialog med direktøren."),
        Status.I_DIALOG: tr("Dere er i dialog. Svar på merknadene og bli enige."),
        Status.ENIGHET: tr("Dere er enige. Neste steg er signering: enhetslederen først, så direktøren."),
        Status.ARKIVERT: tr("Avtalen er arkivert."),
    }.get(status, "")


# --- the agreement as HTML ----------------------------------------------------------------------------------------


def _p(text: str) -> str:
    if not text.strip():
        return f'<p style="color:{theme.MUTED}"><i>{tr("Ikke skrevet ennå.")}</i></p>'
    paragraphs = [html.escape(part).replace("\n", "<br>") for part in text.strip().split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _chip(text: str, chip: theme.Chip) -> str:
    return (f'<span style="background-color:{chip.bg}; color:{chip.fg}; font-weight:600;">'
            f"&nbsp;{html.escape(text)}&nbsp;</span>")


def _sdg(number: int) -> str:
    sdg = SDG_BY_NUMBER[number]
    return (f'<span style="background-color:{sdg.colour}; color:{theme.readable_on(sdg.colour)}; font-weight:600;">'
            f"&nbsp;{number} {html.escape(sdg.name)}&nbsp;</span>")


def _table(headers: Iterable[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p style="color:{theme.MUTED}"><i>{html.escape(empty)}</i></p>'
    head = "".join(f'<th align="left" style="background-color:#F2F4F7; color:{theme.MUTED};">{html.escape(h)}</th>'
                   for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<table width="100%" cellspacing="0" cellpadding="5" border="1" '
            f'style="border-color:{theme.BORDER}; border-collapse:collapse; margin-top:4px; margin-bottom:8px;">'
            f"<tr>{head}</tr>{body}</table>")


def _goal_name(n: int, goal: Goal) -> str:
    return html.escape(tr("Mål {n}: {text}", n=n, text=" ".join(goal.text.split()) or tr("(uten tekst)")))


def agreement_html(full: FullAgreement, values: MunicipalValues | None = None) -> str:
    """The agreement as HTML; ``values``: the municipality's values (names of the answers of step 2)."""
    rev, c = full.revision, full.revision.content
    e = html.escape
    goals = sorted(c.goals, key=lambda g: g.position)
    out: list[str] = [
        f"<h1 style='margin-bottom:2px'>{e(full.unit.name)} – {e(tr('enhetsavtale {year}', year=rev.year))}</h1>",
        f"<p style='color:{theme.MUTED}'>{e(full.service_area.name)} · {e(full.municipality.name)} · "
        f"{e(tr('revisjon {n}', n=rev.number))} · {_chip(rev.status.label, theme.STATUS_CHIPS[rev.status])}"
        + (f" · {e(tr('Leder'))}: {e(full.leader.name)}" if full.leader else "")
        + (f" · {e(tr('Direktør'))}: {e(full.director.name)}" if full.director else "")
        + "</p>",
    ]
    # 1
    out.append(f"<h2>1 {e(tr('Hvor vil vi?'))}</h2><h3>{e(tr('Utfordringer'))}</h3>{_p(c.challenges)}")
    out.append(f"<h3>{e(tr('Mål'))}</h3>")
    if not goals:
        out.append(_p(""))
    for n, g in enumerate(goals, start=1):
        out.append(f"<p style='margin-bottom:2px'><b>{_goal_name(n, g)}</b></p>")
        if g.description.strip():
            out.append(_p(g.description))
        links: list[str] = []
        for pid in g.plan_goal_ids:
            pg = full.plan_goals.get(pid)
            if pg is None:
                continue
            plan = full.plans.get(pg.plan_id)
            kind = SHORT_KIND.get(plan.kind.value, "") if plan else ""
            links.append(f"{_chip(f'{kind} {pg.code}'.strip(), theme.NEUTRAL)} {e(pg.text)}")
        sdgs = " ".join(_sdg(s) for s in g.sdgs)
        if links or sdgs:
            out.append("<p>" + "<br>".join(links + ([sdgs] if sdgs else [])) + "</p>")
        else:
            out.append(f"<p>{_chip(tr('Ikke knyttet oppover'), theme.NUDGE)}</p>")
    # 2
    out.append(f"<h2>2 {e(tr('Hvordan kommer vi dit?'))}</h2>")
    for label, text in (
        *[(v.name, getattr(c, f)) for f, v in (values or trondheim()).fields()],
        (tr("Dette vil vi prøve ut"), c.courage_trials),
        (tr("Slik lærer vi av det som lykkes – og det som ikke gjør det"), c.courage_learning),
        (tr("Kultur, ledelse og relasjoner"), c.culture_leadership),
    ):
        out.append(f"<h3>{e(label)}</h3>{_p(text)}")
    # 3
    out.append(f"<h2>3 {e(tr('Hva gjør det enklere?'))}</h2>")
    for n, g in enumerate(goals, start=1):
        rows = [[e(a.what), e(a.responsible), e(format_date(a.deadline)), e(a.status.label)]
                for a in sorted(g.activities, key=lambda a: a.position)]
        out.append(f"<h3>{_goal_name(n, g)}</h3>")
        out.append(_table([tr("Tiltak"), tr("Ansvarlig"), tr("Frist"), tr("Status")], rows, tr("Ingen tiltak ennå.")))
    out.append(f"<h3>{e(tr('Hva vi trenger fra støttesystemet'))}</h3>")
    out.append(_table([tr("Område"), tr("Behov")],
                      [[e(s.area.label), e(s.need)] for s in sorted(c.support_needs, key=lambda s: s.position)],
                      tr("Ingen behov skrevet inn.")))
    out.append(f"<h3>{e(tr('Strukturer, systemer og verktøy'))}</h3>{_p(c.structures)}")
    # 4
    out.append(f"<h2>4 {e(tr('Hvordan vet vi om vi lykkes?'))}</h2>")
    for n, g in enumerate(goals, start=1):
        rows = []
        for i in sorted(g.indicators, key=lambda i: i.position):
            chip = _chip(tr("Prosess") if i.kind is IndicatorKind.PROSESS else tr("Resultat"), theme.kind_chip(i.kind))
            base = format_grouped(i.baseline_value) + (f" ({i.baseline_year})" if i.baseline_year else "")
            rows.append([chip, e(i.name), e(i.unit_of_measure), e(base), e(format_grouped(i.target_value)),
                         e(i.direction.label), e(i.data_source), e(i.frequency.label if i.frequency else ""),
                         e(i.responsible)])
        out.append(f"<h3>{_goal_name(n, g)}</h3>")
        out.append(_table([tr("Type"), tr("Indikator"), tr("Enhet"), tr("Nå"), tr("Mål"), tr("Retning"), tr("Kilde"),
                           tr("Hvor ofte"), tr("Ansvarlig")], rows, tr("Ingen indikatorer ennå.")))
    out.append(f"<h3>{e(tr('Oppfølging'))}</h3>{_p(c.follow_up_plan)}")
    # Samskaping
    out.append(f"<h2>{e(tr('Samskaping'))}</h2>")
    out.append(_table([tr("Rolle"), tr("Navn"), tr("Hvordan"), tr("Når")],
                      [[e(p.role), e(p.name), e(p.how), e(p.when)] for p in sorted(c.participants, key=lambda p: p.position)],
                      tr("Ingen deltakere skrevet inn.")))
    out.append(f"<h3>{e(tr('Brukernes stemme'))}</h3>{_p(c.users_voice)}")
    style = (f"<style>h1 {{ font-size: 17pt; color: {theme.TEXT}; }} h2 {{ font-size: 14pt; color: {theme.ACCENT_DARK};"
             f" margin-top: 18px; }} h3 {{ font-size: 11pt; margin-top: 10px; margin-bottom: 2px; }}"
             f" p {{ margin-top: 2px; margin-bottom: 6px; }} td {{ vertical-align: top; }}</style>")
    return f"<html><head>{style}</head><body>{''.join(out)}</body></html>"
