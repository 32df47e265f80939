"""Step 1 – Hvor vil vi? The challenges, the unit's few goals and their links upward (the red thread)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import AnchorKind, Section
from enhetsdialog.domain.model import FullAgreement, Goal, Plan, PlanGoal
from enhetsdialog.domain.sdg import SDG_BY_NUMBER
from enhetsdialog.i18n import N_, _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.models.goals import GoalListModel
from enhetsdialog.ui.models.plan_goals import SHORT_KIND
from enhetsdialog.ui.session import item_key
from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.widgets.chips import ChipLabel, FlowLayout, SdgChip, clear_layout
from enhetsdialog.ui.widgets.goal_delegate import GoalDelegate
from enhetsdialog.ui.widgets.pickers import PlanGoalPicker, SdgPicker
from enhetsdialog.ui.widgets.text import AnswerEdit


class WhereStep(StepPage):
    number = "1"
    title = N_("Hvor vil vi?")
    section = Section.HVOR
    guide = N_(
        "Her beskriver dere hvor enheten vil det neste året: utfordringene dere står i, og de få målene som "
        "betyr mest. Skriv med egne ord – alt lagres mens du skriver, og du kan alltid komme tilbake."
    )

    def build(self) -> None:
        self._catalogue: tuple[list[Plan], list[PlanGoal]] | None = None
        self._goal_id: str | None = None
        self._links_shown: tuple[object, ...] = ()
        self.ctx.changed.connect(self._catalogue_changed)
        self.last_year_box = QVBoxLayout()  # last year's assessments, while a draft is copied forward
        self.last_year_panel: QWidget | None = None
        self.body.addLayout(self.last_year_box)

        c = self.card(_("Utfordringer"), _("Hva er det viktigste som må bli bedre hos oss – og hvorfor akkurat nå?"))
        self.challenges = self.answer(
            c, "challenges", "", placeholder=_("For eksempel: Flere elever forteller at de ikke trives i friminuttene …")
        )
        self.challenges.setAccessibleName(_("Utfordringer"))

        g = self.card(
            _("Våre mål"),
            _("Få og tydelige mål er lettere å lykkes med – gjerne ikke flere enn fem. Knytt hvert mål til et mål "
               "i kommunens planer eller til et bærekraftsmål, så blir den røde tråden synlig."),
        )
        row = QHBoxLayout()
        row.setSpacing(18)
        g.addLayout(row)

        left = QVBoxLayout()
        left.setSpacing(6)
        self.goal_model = GoalListModel(self)
        self.goal_list = QListView()
        self.goal_list.setObjectName("GoalList")
        self.goal_list.setModel(self.goal_model)
        self.goal_list.setItemDelegate(GoalDelegate(self.goal_list))
        self.goal_list.setWordWrap(True)
        self.goal_list.setUniformItemSizes(False)
        self.goal_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.goal_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.goal_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.goal_list.setMinimumWidth(300)
        self.goal_list.setMaximumWidth(400)
        self.goal_list.setMinimumHeight(300)
        self.goal_list.setAccessibleName(_("Målene"))
        self.goal_list.selectionModel().currentChanged.connect(self._current_changed)
        left.addWidget(self.goal_list, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.add_goal = self.button(_("+ Nytt mål"), self._add_goal, role="primary")
        self.up = self.button(_("Opp"), lambda: self._move(-1), tooltip=_("Flytt målet opp"))
        self.down = self.button(_("Ned"), lambda: self._move(1), tooltip=_("Flytt målet ned"))
        self.remove = self.button(_("Fjern"), self._remove, tooltip=_("Fjern målet (kan angres med Ctrl+Z)"))
        buttons.addWidget(self.add_goal)
        buttons.addStretch(1)
        for b in (self.up, self.down, self.remove):
            buttons.addWidget(b)
        left.addLayout(buttons)
        row.addLayout(left, 2)

        self.detail_stack = QStackedWidget()
        self.detail_stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        empty = QLabel(_("Ingen mål ennå. Trykk «+ Nytt mål» og skriv det første – "
                          "det holder med én setning til å begynne med."))
        empty.setWordWrap(True)
        empty.setProperty("role", "guide")
        empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_stack.addWidget(empty)
        self.detail_stack.addWidget(self._build_detail())
        row.addWidget(self.detail_stack, 3, Qt.AlignmentFlag.AlignTop)
        self._update_buttons()

    def _build_detail(self) -> QWidget:
        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.goal_heading = QLabel()
        self.goal_heading.setProperty("role", "field")
        layout.addWidget(self.goal_heading)
        self.goal_text = AnswerEdit(_("Skriv målet kort og tydelig"), min_lines=2, max_lines=6)
        self.goal_text.setAccessibleName(_("Målet"))
        self.goal_text_binding = self.bind(self.goal_text, None, self._goal_text_edited)
        layout.addWidget(self.goal_text)
        desc = QLabel(_("Hva betyr målet for oss?"))
        desc.setProperty("role", "field")
        layout.addSpacing(4)
        layout.addWidget(desc)
        self.goal_desc = AnswerEdit(_("Litt om hvorfor målet er viktig og hva det innebærer"), min_lines=2, max_lines=8)
        self.goal_desc.setAccessibleName(_("Beskrivelse av målet"))
        desc.setBuddy(self.goal_desc)
        self.goal_desc_binding = self.bind(self.goal_desc, None)
        layout.addWidget(self.goal_desc)

        plans_label = QLabel(_("Bidrar til disse målene i kommunens planer"))
        plans_label.setProperty("role", "field")
        layout.addSpacing(8)
        layout.addWidget(plans_label)
        self.plan_links = QVBoxLayout()
        self.plan_links.setSpacing(4)
        layout.addLayout(self.plan_links)
        self.pick_plans = self.button(_("Velg planmål …"), self.choose_plan_goals)
        layout.addWidget(self.pick_plans, 0, Qt.AlignmentFlag.AlignLeft)

        sdg_label = QLabel(_("Bærekraftsmål"))
        sdg_label.setProperty("role", "field")
        layout.addSpacing(8)
        layout.addWidget(sdg_label)
        self.sdg_holder = QWidget()
        self.sdg_flow = FlowLayout(self.sdg_holder)
        layout.addWidget(self.sdg_holder)
        self.pick_sdgs = self.button(_("Velg bærekraftsmål …"), self.choose_sdgs)
        # the SDGs the linked plan goals carry, offered in one click
        suggest = QHBoxLayout()
        suggest.setSpacing(8)
        self.sdg_suggestion = QLabel()
        self.sdg_suggestion.setProperty("role", "hint")
        self.sdg_suggestion.setWordWrap(True)
        self.add_suggested = self.button(_("Legg til"), self.add_suggested_sdgs)
        suggest.addWidget(self.sdg_suggestion, 1)
        suggest.addWidget(self.add_suggested)
        self.sdg_suggestion.hide()
        self.add_suggested.hide()
        layout.addWidget(self.pick_sdgs, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(suggest)
        return detail

    def suggested_sdgs(self, goal: Goal) -> list[int]:
        """The SDGs of the plan goals ``goal`` is linked to that it does not carry yet."""
        full = self.full
        carried = {n for pid in goal.plan_goal_ids if full and pid in full.plan_goals
                   for n in full.plan_goals[pid].sdgs}
        if full is not None and goal.plan_goal_ids and not carried:  # plan goals not in the snapshot
            goals = {g.id: g for g in self.catalogue()[1]}
            carried = {n for pid in goal.plan_goal_ids if pid in goals for n in goals[pid].sdgs}
        return sorted(carried - set(goal.sdgs))

    def _show_suggestion(self, goal: Goal) -> None:
        numbers = self.suggested_sdgs(goal)
        show = bool(numbers) and not self.read_only
        if show:
            names = ", ".join(f"{n} {SDG_BY_NUMBER[n].name}" for n in numbers)
            self.sdg_suggestion.setText(_("Planmålene bidrar også til: {names}.", names=names))
            self.add_suggested.setToolTip(_("Knytt målet til disse bærekraftsmålene også"))
            self.add_suggested.setAccessibleName(_("Legg til bærekraftsmålene {names}", names=names))
        self.sdg_suggestion.setVisible(show)
        self.add_suggested.setVisible(show)

    def add_suggested_sdgs(self) -> None:
        goal = self._current_goal()
        if goal is not None and not self.read_only:
            self.session.set_goal_links(goal.id, sdgs=sorted(set(goal.sdgs) | set(self.suggested_sdgs(goal))))

    # --- feeding ------------------------------------------------------------------------------------------

    def load(self, full: FullAgreement) -> None:
        self._goal_id = None
        self._set_goals(full)
        self._show_last_year(full)

    def _show_last_year(self, full: FullAgreement) -> None:
        """Preparing next year's agreement: last year's assessments and «Hva lærte vi?», collapsed."""
        rid = full.revision.id
        last = None if self.session.read_only else self.ctx.read(lambda s: s.followup.last_year(rid), None)
        if last is None or not any(g.assessment for g in last.goals) and (last.learning is None or last.learning.is_empty()):
            if self.last_year_panel is not None:
                self.last_year_panel.hide()
            return
        from enhetsdialog.ui.followup.last_year import LastYearPanel  # only when there is a last year

        if self.last_year_panel is None:
            self.last_year_panel = LastYearPanel(self.widget())
            self.last_year_box.addWidget(self.last_year_panel)
        assert isinstance(self.last_year_panel, LastYearPanel)
        self.last_year_panel.set_followup(last)
        self.last_year_panel.show()

    def refresh(self, full: FullAgreement) -> None:
        self._set_goals(full)

    def _set_goals(self, full: FullAgreement) -> None:
        keep = self._goal_id
        self.goal_model.set_goals(full.revision.content.goals)
        for goal in self.goal_model.goals():  # keep text the user is typing in the list too
            key = item_key("goal", goal.id, "text")
            if self.session.is_dirty(key):
                self.goal_model.set_text(goal.id, self.session.text(key))
        row = self.goal_model.row_of(keep) if keep else -1
        if row < 0 and self.goal_model.rowCount() > 0:
            row = 0
        if row >= 0:
            ix = self.goal_model.index(row, 0)
            if self.goal_list.currentIndex() != ix:
                self.goal_list.selectionModel().setCurrentIndex(ix, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                self._show_goal(self.goal_model.goal(row))
        else:
            self._show_goal(None)
        self._update_buttons()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_goal(self.goal_model.goal(current.row()) if current.isValid() else None)
        self._update_buttons()

    def _show_goal(self, goal: Goal | None) -> None:
        if goal is None:
            self._goal_id = None
            self.goal_text_binding.rebind(None)
            self.goal_desc_binding.rebind(None)
            self.detail_stack.setCurrentIndex(0)
            return
        row = self.goal_model.row_of(goal.id)
        self.detail_stack.setCurrentIndex(1)
        self.goal_heading.setText(_("Mål {n}", n=row + 1))
        if goal.id != self._goal_id:
            self._goal_id = goal.id
            self.goal_text_binding.rebind(item_key("goal", goal.id, "text"))
            self.goal_desc_binding.rebind(item_key("goal", goal.id, "description"))
        else:
            self.goal_text_binding.sync()
            self.goal_desc_binding.sync()
        self._show_links(goal)

    def _show_links(self, goal: Goal) -> None:
        self._show_suggestion(goal)
        full = self.full
        shown = (goal.id, tuple(goal.plan_goal_ids), tuple(goal.sdgs),
                 tuple((full.plan_goals[p].text if full and p in full.plan_goals else "") for p in goal.plan_goal_ids))
        if shown == self._links_shown:
            return
        self._links_shown = shown
        clear_layout(self.plan_links)
        if not goal.plan_goal_ids:
            none = QLabel(_("Ikke knyttet til et planmål ennå."))
            none.setProperty("role", "hint")
            self.plan_links.addWidget(none)
        for pid in goal.plan_goal_ids:
            pg = full.plan_goals.get(pid) if full else None
            plan = full.plans.get(pg.plan_id) if full and pg else None
            line = QHBoxLayout()
            line.setSpacing(8)
            kind = SHORT_KIND.get(plan.kind.value, "") if plan else ""
            chip = ChipLabel(f"{kind} {pg.code}".strip() if pg else "?", theme.NEUTRAL,
                             tooltip=plan.name if plan else "")
            text = QLabel(pg.text if pg else _("(planmålet finnes ikke lenger i katalogen)"))
            text.setWordWrap(True)
            line.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(text, 1)
            holder = QWidget()
            holder.setLayout(line)
            line.setContentsMargins(0, 0, 0, 0)
            self.plan_links.addWidget(holder)
        self.sdg_flow.clear()
        if not goal.sdgs:
            none = QLabel(_("Ingen valgt ennå."))
            none.setProperty("role", "hint")
            self.sdg_flow.addWidget(none)
        for n in goal.sdgs:
            self.sdg_flow.addWidget(SdgChip(n))
        self.sdg_holder.updateGeometry()

    def _goal_text_edited(self, text: str) -> None:
        if self._goal_id:
            self.goal_model.set_text(self._goal_id, text)

    def _update_buttons(self) -> None:
        row = self.goal_list.currentIndex().row() if self.goal_list.currentIndex().isValid() else -1
        n = self.goal_model.rowCount()
        editable = not self.read_only
        self.add_goal.setEnabled(editable)
        self.up.setEnabled(editable and row > 0)
        self.down.setEnabled(editable and 0 <= row < n - 1)
        self.remove.setEnabled(editable and row >= 0)
        if hasattr(self, "pick_plans"):
            self.pick_plans.setEnabled(editable)
            self.pick_sdgs.setEnabled(editable)

    def set_read_only(self, read_only: bool) -> None:
        self._update_buttons()

    # --- actions ------------------------------------------------------------------------------------------------

    def _add_goal(self) -> None:
        self.session.add_item("goal", text="")

    def _remove(self) -> None:
        if self._goal_id:
            self.session.remove_item("goal", self._goal_id)

    def _move(self, step: int) -> None:
        row = self.goal_list.currentIndex().row()
        if self._goal_id and 0 <= row + step < self.goal_model.rowCount():
            self.session.move_item("goal", self._goal_id, row, row + step)

    def _catalogue_changed(self, changes: Changes) -> None:
        if changes.catalogue:
            self._catalogue = None

    def catalogue(self) -> tuple[list[Plan], list[PlanGoal]]:
        if self._catalogue is None:
            self._catalogue = self.ctx.read(lambda s: (s.catalogue.plans(), s.catalogue.goals()), ([], []))
        assert self._catalogue is not None
        return self._catalogue

    def choose_plan_goals(self) -> PlanGoalPicker | None:
        goal = self._current_goal()
        if goal is None or self.read_only:
            return None
        plans, goals = self.catalogue()
        dialog = PlanGoalPicker(plans, goals, goal.plan_goal_ids, self)
        goal_id = goal.id
        dialog.accepted.connect(lambda: self.session.set_goal_links(goal_id, plan_goal_ids=dialog.selected()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def choose_sdgs(self) -> SdgPicker | None:
        goal = self._current_goal()
        if goal is None or self.read_only:
            return None
        dialog = SdgPicker(goal.sdgs, self, suggested=self.suggested_sdgs(goal))
        goal_id = goal.id
        dialog.accepted.connect(lambda: self.session.set_goal_links(goal_id, sdgs=dialog.selected()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _current_goal(self) -> Goal | None:
        row = self.goal_model.row_of(self._goal_id) if self._goal_id else -1
        return self.goal_model.goal(row) if row >= 0 else None

    def select_goal(self, goal_id: str) -> bool:
        row = self.goal_model.row_of(goal_id)
        if row < 0:
            return False
        self.goal_list.selectionModel().setCurrentIndex(
            self.goal_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return True

    # --- focus -------------------------------------------------------------------------------------------------

    def focus_item(self, kind: str, item_id: str) -> None:
        if kind == "goal" and self.select_goal(item_id):
            self.goal_text.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_to(self.goal_text)

    def focus_anchor(self, anchor_kind: AnchorKind, anchor_id: str) -> None:
        if anchor_kind is AnchorKind.GOAL and self.select_goal(anchor_id):
            self.pick_plans.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_to(self.pick_plans)
        else:
            self.goal_list.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_to(self.goal_list)

    def _text_restored(self, key: object, value: str) -> None:
        if isinstance(key, tuple) and key[:2] == ("item", "goal") and key[2] != self._goal_id:
            self.select_goal(str(key[2]))
        super()._text_restored(key, value)
        if isinstance(key, tuple) and key[:2] == ("item", "goal") and key[3] == "text":
            self.goal_model.set_text(str(key[2]), value)

    def owns_key(self, key: object) -> bool:
        return super().owns_key(key) or (isinstance(key, tuple) and key[:2] == ("item", "goal"))



