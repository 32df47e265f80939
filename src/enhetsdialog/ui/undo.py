"""Undoable edits. Each command calls services (through the session, on the worker thread).

Typing in one field merges into one command while the user keeps typing; a pause of more than
``MERGE_WINDOW_S`` starts a new one, so Ctrl+Z takes back a phrase, not a letter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.items import ItemRef, Patch, find_item, spec
from enhetsdialog.domain.model import Goal, new_id
from enhetsdialog.i18n import _

if TYPE_CHECKING:
    from enhetsdialog.services import Services
    from enhetsdialog.services.changes import Changes

TextKey = tuple[str, ...]  # ("text", field) or ("item", kind, item_id, field)


class AgreementSession(Protocol):
    """What a command needs of the editing session (``ui/session.py``, which owns the undo stack)."""

    @property
    def revision_id(self) -> str | None: ...

    def restore_text(self, key: TextKey, value: str) -> None: ...

    def write_fields(self, kind: ItemKind, item_id: str, values: dict[str, Any]) -> None: ...

    def request_focus(self, kind: ItemKind, item_id: str) -> None: ...

    def submit(self, fn: Callable[[Services], Changes | None]) -> None: ...


MERGE_WINDOW_S = 1.5
TEXT_COMMAND_ID = 7101

def _what(kind: ItemKind) -> str:
    return str(spec(kind).singular)


class TextCommand(QUndoCommand):
    def __init__(self, session: AgreementSession, key: TextKey, old: str, new: str) -> None:
        super().__init__(_("skriving"))
        self.session, self.key, self.old, self.new = session, key, old, new
        self.at = time.monotonic()
        self._first = True

    def id(self) -> int:
        return TEXT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, TextCommand) or other.key != self.key or other.at - self.at > MERGE_WINDOW_S:
            return False
        self.new, self.at = other.new, other.at
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        if self._first:  # the text is already in the editor and scheduled for saving
            self._first = False
            return
        self.session.restore_text(self.key, self.new)

    def undo(self) -> None:
        self.session.restore_text(self.key, self.old)


class UpdateItemCommand(QUndoCommand):
    def __init__(self, session: AgreementSession, kind: ItemKind, item_id: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        super().__init__(_("endring av {what}", what=_what(kind)))
        self.session, self.kind, self.item_id, self.old, self.new = session, kind, item_id, old, new

    def redo(self) -> None:
        self.session.write_fields(self.kind, self.item_id, self.new)

    def undo(self) -> None:
        self.session.write_fields(self.kind, self.item_id, self.old)


class AddItemCommand(QUndoCommand):
    def __init__(self, session: AgreementSession, kind: ItemKind, goal_id: str | None, index: int | None,
                 fields: dict[str, Any]) -> None:
        super().__init__(_("nytt {what}", what=_what(kind)))
        self.session, self.kind, self.goal_id, self.index, self.fields = session, kind, goal_id, index, fields
        self.item_id = new_id()
        self.rid = session.revision_id

    def redo(self) -> None:
        rid, kind, goal_id, index, item_id, fields = self.rid, self.kind, self.goal_id, self.index, self.item_id, self.fields
        assert rid is not None
        self.session.request_focus(kind, item_id)
        self.session.submit(
            lambda s: s.agreements.add_item(rid, Patch.of(kind, **fields), goal_id=goal_id, index=index, item_id=item_id)
        )

    def undo(self) -> None:
        rid, kind, item_id = self.rid, self.kind, self.item_id
        assert rid is not None
        self.session.submit(lambda s: s.agreements.remove_item(ItemRef(rid, kind, item_id)))


class RemoveItemCommand(QUndoCommand):
    """Removes an item; what it was is read on the worker just before it goes, so undo puts back
    exactly what was in the database (a goal with its activities, indicators and links)."""

    def __init__(self, session: AgreementSession, kind: ItemKind, item_id: str) -> None:
        super().__init__(_("fjerning av {what}", what=_what(kind)))
        self.session, self.kind, self.item_id = session, kind, item_id
        self.rid = session.revision_id
        self.saved: dict[str, Any] = {}

    def redo(self) -> None:
        rid, kind, item_id, saved = self.rid, self.kind, self.item_id, self.saved
        assert rid is not None

        def remove(s: Services) -> Any:
            found = find_item(s.agreements.revision(rid).content, kind, item_id)
            if found is not None:
                item, goal_id = found
                saved.update(item=item, goal_id=goal_id, position=item.position, patch=Patch.of_item(kind, item))
            return s.agreements.remove_item(ItemRef(rid, kind, item_id))

        self.session.submit(remove)

    def undo(self) -> None:
        rid, kind, item_id, saved = self.rid, self.kind, self.item_id, self.saved
        assert rid is not None

        def restore(s: Services) -> Any:
            if not saved:  # the removal failed; nothing to put back
                return None
            if kind is ItemKind.GOAL:
                goal: Goal = saved["item"]
                return s.agreements.replace_goal(rid, goal)
            return s.agreements.add_item(
                rid, saved["patch"], goal_id=saved["goal_id"], index=saved["position"], item_id=item_id
            )

        self.session.request_focus(kind, item_id)
        self.session.submit(restore)


class MoveItemCommand(QUndoCommand):
    def __init__(self, session: AgreementSession, kind: ItemKind, item_id: str, old_index: int, new_index: int) -> None:
        super().__init__(_("flytting av {what}", what=_what(kind)))
        self.session, self.kind, self.item_id = session, kind, item_id
        self.old_index, self.new_index = old_index, new_index
        self.rid = session.revision_id

    def _move(self, index: int) -> None:
        rid, kind, item_id = self.rid, self.kind, self.item_id
        assert rid is not None
        self.session.request_focus(kind, item_id)
        self.session.submit(lambda s: s.agreements.move_item(ItemRef(rid, kind, item_id), index))

    def redo(self) -> None:
        self._move(self.new_index)

    def undo(self) -> None:
        self._move(self.old_index)


class LinksCommand(QUndoCommand):
    def __init__(self, session: AgreementSession, goal_id: str, old: tuple[list[str], list[int]],
                 new: tuple[list[str], list[int]]) -> None:
        super().__init__(_("kobling til planmål og bærekraftsmål"))
        self.session, self.goal_id, self.old, self.new = session, goal_id, old, new
        self.rid = session.revision_id

    def _set(self, links: tuple[list[str], list[int]]) -> None:
        rid, goal_id = self.rid, self.goal_id
        plans, sdgs = list(links[0]), list(links[1])
        assert rid is not None
        self.session.submit(lambda s: s.agreements.set_goal_links(rid, goal_id, plan_goal_ids=plans, sdgs=sdgs))

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)
