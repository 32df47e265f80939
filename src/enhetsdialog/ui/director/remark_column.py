"""The remark column: remarks (merknader) and replies next to what they are about.

* :class:`RemarkCard` - one remark: who (name and role), when, the text, the replies, and the
  actions reply / resolve / reopen (:mod:`ui.director.remark_card`, with the composer).
* :class:`RemarkCell` - the remarks of one row (one anchor, or one section in the meeting), with
  "+ Merknad" and an inline composer.
* :class:`RemarkColumn` - the controller: one cell per row, fed from ``services.remarks.list``,
  kept current from ``ctx.changed``; writes go through the worker with the author and role of the
  profile. It counts open remarks per section (:attr:`counts` model and :attr:`counts_changed`).

Remarks never change the agreement's text: nothing here calls an agreement write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import AnchorKind, Section
from enhetsdialog.domain.model import Remark
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.director.document import AnchorKey, remark_key, section_key, section_of_anchor
from enhetsdialog.ui.director.models import SectionCountModel
from enhetsdialog.ui.director.profile import current_profile, ensure_profile
from enhetsdialog.ui.director.remark_card import Composer, RemarkCard, link_button

if TYPE_CHECKING:
    from enhetsdialog.services import Profile

    from enhetsdialog.ui.context import AppContext

class RemarkCell(QWidget):
    """The remarks of one row and a way to add one."""

    add_requested = Signal(object, str)  # AnchorKey, text

    def __init__(self, key: AnchorKey, label: str, parent: QWidget | None = None, *, add_label: str | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.cards: list[RemarkCard] = []
        self._signature: tuple[object, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._cards = QVBoxLayout()
        self._cards.setSpacing(6)
        layout.addLayout(self._cards)
        self.add_button = link_button(add_label or _("+ Merknad"), _("Legg til merknad om {what}", what=label))
        self.add_button.setToolTip(_("Skriv en merknad om {what}", what=label))
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout = layout
        self._composer: Composer | None = None  # made on first use: a cell per row adds up
        self.add_button.clicked.connect(self.start_remark)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    @property
    def composer(self) -> Composer:
        if self._composer is None:
            self._composer = Composer(_("Merknad om {what} …", what=self.label), _("Legg til"))
            self._layout.addWidget(self._composer)
            self._composer.sent.connect(lambda text: self.add_requested.emit(self.key, text))
            self._composer.cancelled.connect(lambda: self.add_button.show())
        return self._composer

    def start_remark(self) -> None:
        self.add_button.hide()
        self.composer.open()

    def remark_added(self) -> None:
        if self._composer is not None:
            self._composer.clear()
        self.add_button.show()

    def set_remarks(self, remarks: list[Remark], about: Mapping[str, str], column: RemarkColumn) -> None:
        signature = tuple(
            (r.id, r.resolved, r.resolved_by, len(r.replies), about.get(r.id, "")) for r in remarks
        )
        if signature == self._signature:
            return
        self._signature = signature
        drafts = {c.remark.id: d for c in self.cards if (d := c.draft()) is not None}
        for c in self.cards:
            self._cards.removeWidget(c)
            c.hide()
            c.deleteLater()
        self.cards = []
        for r in remarks:
            card = RemarkCard(r, about=about.get(r.id, ""))
            card.reply_requested.connect(column.reply)
            card.resolve_requested.connect(column.resolve)
            card.reopen_requested.connect(column.reopen)
            if r.id in drafts and r.id not in column.replied:
                card.composer.open(drafts[r.id])
            self._cards.addWidget(card)
            self.cards.append(card)

    def card_of(self, remark_id: str) -> RemarkCard | None:
        return next((c for c in self.cards if c.remark.id == remark_id), None)


class RemarkColumn(QObject):
    """Keeps a set of :class:`RemarkCell` in step with the agreement's remarks and writes them.

    ``route(remark) -> AnchorKey`` chooses the cell of a remark (default: its own anchor; remarks on
    something that is not shown go to the "Hele avtalen" cell). ``labels`` names each anchor (for
    "Om: ..." lines when a remark is shown away from its item).
    """

    counts_changed = Signal(object)  # dict[Section, int]
    remarks_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 route: Callable[[Remark], AnchorKey] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counts = SectionCountModel(self)
        self.cells: dict[AnchorKey, RemarkCell] = {}
        self.labels: dict[AnchorKey, str] = {}
        self.remarks: list[Remark] = []
        self.only_open = False
        self.revision_id: str | None = None
        self.agreement_id: str | None = None
        self.replied: set[str] = set()
        self._route = route
        self._parent_widget: QWidget | None = None
        ctx.changed.connect(self._on_changed)

    # --- building --------------------------------------------------------------------------------------

    def reset(self, revision_id: str | None, agreement_id: str | None, labels: Mapping[AnchorKey, str],
              parent_widget: QWidget | None = None) -> None:
        self.revision_id, self.agreement_id = revision_id, agreement_id
        self.labels = dict(labels)
        self.cells = {}
        self._parent_widget = parent_widget

    def make_cell(self, key: AnchorKey, *, add_label: str | None = None) -> RemarkCell:
        cell = RemarkCell(key, self.labels.get(key, ""), add_label=add_label)
        cell.add_requested.connect(self.add)
        self.cells[key] = cell
        return cell

    def route(self, remark: Remark) -> AnchorKey:
        if self._route is not None:
            return self._route(remark)
        key = remark_key(remark)
        return key if key in self.cells else section_key(Section.HELE)

    # --- data ------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        aid = self.agreement_id
        if aid is None:
            self.set_remarks([])
            return
        remarks = self.ctx.read(lambda s: s.remarks.list(aid), default=None)
        if remarks is not None:
            self.set_remarks(remarks)

    def set_remarks(self, remarks: list[Remark]) -> None:
        self.remarks = sorted(remarks, key=lambda r: r.created_at)
        counts: dict[Section, int] = {}
        for r in self.remarks:
            if not r.resolved:
                key = remark_key(r)
                section = section_of_anchor(r.anchor_kind, r.anchor_id) if key in self.labels else Section.HELE
                counts[section] = counts.get(section, 0) + 1
        self.counts.set_counts(counts)
        self._fill()
        self.counts_changed.emit(dict(counts))
        self.remarks_changed.emit()

    def set_only_open(self, only_open: bool) -> None:
        self.only_open = only_open
        self._fill()

    def _fill(self) -> None:
        per_cell: dict[AnchorKey, list[Remark]] = {k: [] for k in self.cells}
        about: dict[str, str] = {}
        for r in self.remarks:
            if self.only_open and r.resolved:
                continue
            key = self.route(r)
            if key not in per_cell:
                continue
            own = remark_key(r)
            if own != key:
                about[r.id] = self.labels.get(own, _("noe som ikke lenger finnes i avtalen"))
            per_cell[key].append(r)
        for key, cell in self.cells.items():
            cell.set_remarks(per_cell[key], about, self)
        self.replied.clear()

    def open_count(self) -> int:
        return sum(1 for r in self.remarks if not r.resolved)

    def cell_of_remark(self, remark_id: str) -> RemarkCell | None:
        for cell in self.cells.values():
            if cell.card_of(remark_id) is not None:
                return cell
        return None

    def _on_changed(self, changes: Changes) -> None:
        if self.agreement_id is not None and (
            self.agreement_id in changes.remarks or self.agreement_id in changes.agreements
        ):
            self.reload()

    # --- writes -------------------------------------------------------------------------------------------------

    def _with_profile(self, fn: Callable[[Profile], None]) -> None:
        """Run ``fn(profile)``; at first start, after the user has said who they are."""
        ensure_profile(self.ctx, self._parent_widget, fn)

    def add(self, key: AnchorKey, text: str) -> None:
        self._with_profile(lambda profile: self._add(key, text, profile))

    def _add(self, key: AnchorKey, text: str, profile: Profile) -> None:
        rid = self.revision_id
        if rid is None:
            return
        kind, anchor_id = AnchorKind(key[0]), key[1]
        cell = self.cells.get(key)

        def done(_changes: Changes) -> None:
            if cell is not None:
                cell.remark_added()

        self.ctx.op(
            lambda s: s.remarks.add(rid, kind, anchor_id, text, author=profile.name, role=profile.role), on_done=done
        )

    def reply(self, remark_id: str, text: str) -> None:
        self._with_profile(lambda profile: self._reply(remark_id, text, profile))

    def _reply(self, remark_id: str, text: str, profile: Profile) -> None:
        self.replied.add(remark_id)
        self.ctx.op(lambda s: s.remarks.reply(remark_id, text, author=profile.name, role=profile.role))

    def resolve(self, remark_id: str) -> None:
        profile = current_profile(self.ctx)
        by = profile.name if profile else ""
        self.ctx.op(lambda s: s.remarks.resolve(remark_id, by=by))

    def reopen(self, remark_id: str) -> None:
        self.ctx.op(lambda s: s.remarks.reopen(remark_id))
