"""An editing session on one revision: the latest snapshot, autosave, undo/redo.

Views never call services to change an agreement; they call the session, which turns each edit into
an undoable command. Commands call services on the worker thread (through the app context). After
every committed change the session reloads the revision on the worker too and emits
:attr:`AgreementSession.refreshed` with a fresh :class:`FullAgreement`; views update from that.

Text a user is typing is the truth on screen: a snapshot never overwrites a field whose edit is
still pending or on its way to the database (see :meth:`AgreementSession.is_dirty`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from enhetsdialog.domain.enums import ItemKind, Status
from enhetsdialog.domain.errors import FrozenRevisionError
from enhetsdialog.domain.items import ItemRef, Patch
from enhetsdialog.domain.items import find_item as find_in_content
from enhetsdialog.domain.items import spec as kind_spec
from enhetsdialog.domain.model import TEXT_FIELDS, FullAgreement
from enhetsdialog.domain.rules import ensure_editable
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import undo
from enhetsdialog.ui.autosave import Autosaver
from enhetsdialog.ui.undo import TextKey as TextKey

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext


def text_key(field: str) -> TextKey:
    return ("text", field)


def item_key(kind: ItemKind | str, item_id: str, field: str) -> TextKey:
    return ("item", ItemKind(kind).value, item_id, field)


def followup_key(revision_id: str, *parts: str) -> TextKey:
    """The autosave key of a follow-up text (a reflection, «Hva lærte vi?»): written on signed
    revisions too, so a read-only snapshot never discards it."""
    return ("followup", revision_id, *parts)


def is_followup_key(key: Hashable) -> bool:
    return isinstance(key, tuple) and bool(key) and key[0] == "followup"


def is_read_only(full: FullAgreement) -> bool:
    """Whether the open revision may not be edited: exactly when the domain rule refuses it."""
    try:
        ensure_editable(full.revision)
    except FrozenRevisionError:
        return True
    return False


def find_item(full: FullAgreement, kind: ItemKind | str, item_id: str) -> tuple[Any, str | None] | None:
    """The item with ``item_id`` and the id of its goal (for activities and indicators)."""
    return find_in_content(full.revision.content, ItemKind(kind), item_id)


class AgreementSession(QObject):
    """Signals:
    opened(FullAgreement)       another revision is now open (views rebuild)
    refreshed(FullAgreement)    the open revision changed in the database (views update in place)
    closed()                    nothing is open
    text_restored(key, str)     undo/redo changed a text field; the editor showing ``key`` updates
    focus_item(str, str)        kind, id: an item was just added; the view showing it selects it
    removed(str, object)        a sentence saying what «Fjern» removed, and its undo command
    """

    opened = Signal(object)
    refreshed = Signal(object)
    closed = Signal()
    text_restored = Signal(object, str)
    focus_item = Signal(str, str)
    removed = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.undo_stack = QUndoStack(self)
        self.autosaver = Autosaver(ctx, parent=self)
        self.full: FullAgreement | None = None
        self._known: dict[Hashable, str] = {}
        self._refresh_queued = False
        self._focus_after_refresh: tuple[str, str] | None = None
        ctx.changed.connect(self._on_changed)

    # --- what is open ---------------------------------------------------------------------------------

    @property
    def revision_id(self) -> str | None:
        return self.full.revision.id if self.full else None

    @property
    def read_only(self) -> bool:
        return self.full is None or is_read_only(self.full)

    def open(self, revision_id: str) -> bool:
        self.autosaver.flush()
        full = self.ctx.read(lambda s: s.agreements.get(revision_id))
        if full is None:
            return False
        self.undo_stack.clear()
        self._known.clear()
        self.full = full
        self.opened.emit(full)
        return True

    def close(self) -> None:
        self.autosaver.flush()
        self.undo_stack.clear()
        self._known.clear()
        self.full = None
        self.closed.emit()

    def flush(self) -> None:
        self.autosaver.flush()

    def refresh(self) -> None:
        """Reload the open revision on the worker (coalesced: one reload waits at a time)."""
        rid = self.revision_id
        if rid is None or self._refresh_queued:
            return
        self._refresh_queued = True

        def load(s: Services) -> FullAgreement:
            self._refresh_queued = False  # later changes queue a new reload behind this one
            return s.agreements.get(rid)

        self.ctx.query(load, on_done=lambda full: self._apply(full, rid))

    def _on_changed(self, changes: Changes) -> None:
        rid = self.revision_id
        if rid is not None and (rid in changes.revisions or (self.full and self.full.revision.agreement_id in changes.remarks)):
            self.refresh()

    def _apply(self, full: FullAgreement, rid: str) -> None:
        if rid != self.revision_id:
            return
        self.full = full
        self._known = {k: v for k, v in self._known.items() if self.autosaver.is_dirty(k)}
        if is_read_only(full):
            self.autosaver.discard(keep=is_followup_key)
        self.refreshed.emit(full)
        if self._focus_after_refresh and find_item(full, *self._focus_after_refresh):
            kind, item_id = self._focus_after_refresh
            self._focus_after_refresh = None
            self.focus_item.emit(kind, item_id)

    # --- texts -------------------------------------------------------------------------------------------

    def is_dirty(self, key: Hashable) -> bool:
        return self.autosaver.is_dirty(key)

    def text(self, key: TextKey) -> str:
        """The latest value of a text field in this session (typed, or else from the snapshot)."""
        if key in self._known:
            return self._known[key]
        if self.full is None:
            return ""
        if key[0] == "text":
            return str(getattr(self.full.revision.content, key[1]))
        found = find_item(self.full, key[1], key[2])
        return "" if found is None else str(getattr(found[0], key[3]) or "")

    def edit_text(self, key: TextKey, value: str) -> None:
        """A user typed in a text field: remember, make it undoable, save soon."""
        if self.read_only:
            return
        old = self.text(key)
        if value == old:
            return
        self._known[key] = value
        self.undo_stack.push(undo.TextCommand(self, key, old, value))
        self._schedule_text(key, value)

    def restore_text(self, key: TextKey, value: str) -> None:
        """Undo/redo of a text edit: show it and save it."""
        self._known[key] = value
        self.text_restored.emit(key, value)
        self._schedule_text(key, value)

    def _schedule_text(self, key: TextKey, value: str) -> None:
        rid = self.revision_id
        assert rid is not None
        if key[0] == "text":
            field = key[1]
            assert field in TEXT_FIELDS
            self.autosaver.schedule(key, lambda s: s.agreements.set_text(rid, field, value))
        else:
            _item, kind, item_id, field = key
            self.autosaver.schedule(key, _update_write(rid, ItemKind(kind), item_id, field, value))

    # --- items ---------------------------------------------------------------------------------------------

    def update_item(self, kind: ItemKind | str, item_id: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        """A cell was edited (values are domain values: Decimal, date, enums, int or None)."""
        if self.read_only or old == new:
            return
        self.undo_stack.push(undo.UpdateItemCommand(self, ItemKind(kind), item_id, old, new))

    def write_fields(self, kind: ItemKind, item_id: str, values: dict[str, Any]) -> None:
        rid = self.revision_id
        assert rid is not None
        for field, value in values.items():
            key = item_key(kind, item_id, field)
            self._known.pop(key, None)
            self.autosaver.schedule(key, _update_write(rid, kind, item_id, field, value))
        self.autosaver.flush()

    def add_item(self, kind: ItemKind | str, /, *, goal_id: str | None = None, index: int | None = None,
                 **fields: Any) -> str | None:
        if self.read_only:
            return None
        cmd = undo.AddItemCommand(self, ItemKind(kind), goal_id, index, fields)
        self.undo_stack.push(cmd)
        return cmd.item_id

    def remove_item(self, kind: ItemKind | str, item_id: str) -> None:
        if self.read_only or self.full is None or find_item(self.full, kind, item_id) is None:
            return
        found = find_item(self.full, kind, item_id)
        k = kind_spec(kind)
        name = " ".join(str(getattr(found[0], k.title_field, "")).split()) if found else ""
        command = undo.RemoveItemCommand(self, ItemKind(kind), item_id)
        self.undo_stack.push(command)
        what = str(k.singular)
        short = name if len(name) <= 60 else name[:59] + "…"
        self.removed.emit(_("Fjernet {what} «{name}».", what=what, name=short) if name
                          else _("Fjernet {what}.", what=what), command)

    def move_item(self, kind: ItemKind | str, item_id: str, old_index: int, new_index: int) -> None:
        if self.read_only or old_index == new_index:
            return
        self.undo_stack.push(undo.MoveItemCommand(self, ItemKind(kind), item_id, old_index, new_index))

    def set_goal_links(self, goal_id: str, *, plan_goal_ids: Iterable[str] | None = None,
                       sdgs: Iterable[int] | None = None) -> None:
        if self.read_only or self.full is None:
            return
        found = find_item(self.full, "goal", goal_id)
        if found is None:
            return
        goal = found[0]
        old = (list(goal.plan_goal_ids), list(goal.sdgs))
        new = (
            sorted(set(plan_goal_ids)) if plan_goal_ids is not None else old[0],
            sorted(set(sdgs)) if sdgs is not None else old[1],
        )
        if (sorted(old[0]), sorted(old[1])) == new:
            return
        self.undo_stack.push(undo.LinksCommand(self, goal_id, old, new))

    def request_focus(self, kind: ItemKind, item_id: str) -> None:
        self._focus_after_refresh = (kind, item_id)

    def submit(self, fn: Any) -> None:
        """Run a write for this revision after every pending text edit (keeps the user's order)."""
        self.autosaver.flush()
        self.ctx.op(fn)

    # --- status and revisions ---------------------------------------------------------------------------------

    def set_status(self, status: Status) -> None:
        rid = self.revision_id
        if rid is None:
            return
        self.autosaver.flush()
        self.ctx.op(lambda s: s.agreements.set_status(rid, status))

    def new_revision(self) -> None:
        rid = self.revision_id
        if rid is None:
            return
        def opened(changes: Changes) -> None:
            if changes.created:
                self.ctx.open_requested.emit(changes.created)

        self.ctx.op(lambda s: s.agreements.new_revision(rid), on_done=opened)


def _update_write(rid: str, kind: ItemKind, item_id: str, field: str, value: Any) -> Callable[[Services], Changes]:
    # the patch is checked on the worker, so that a refused value is reported like any failed write
    return lambda s: s.agreements.update_item(ItemRef(rid, kind, item_id), Patch.of(kind, **{field: value}))
