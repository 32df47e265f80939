"""AppContext: the profile follows a settings change; a report that carries Changes is broadcast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.services.changes import Changes


@dataclass
class _Report:
    changes: Changes
    text: str = "rapport"


def test_profile_is_read_again_after_a_settings_change(qtbot: Any, ctx: Any) -> None:
    assert ctx.profile is None
    seen: list[str | None] = []
    ctx.changed.connect(lambda _c: seen.append(ctx.profile.name if ctx.profile else None))
    ctx.op(lambda s: s.settings.set_profile("Kari Nordahl", Role.DIREKTOR, "Kommunaldirektør"))
    assert ctx.wait_idle()
    assert seen == ["Kari Nordahl"]  # already new inside the first slot
    assert ctx.profile is not None and ctx.profile.role is Role.DIREKTOR


def test_changes_inside_a_report_are_broadcast_once(qtbot: Any, ctx: Any) -> None:
    got: list[Changes] = []
    done: list[Any] = []
    ctx.changed.connect(got.append)
    carried = Changes(remarks=frozenset({"a"}))
    ctx.op(lambda s: _Report(carried), on_done=done.append)
    ctx.op(lambda s: _Report(Changes()))  # empty: nothing to say
    ctx.query(lambda s: _Report(carried))
    assert ctx.wait_idle()
    assert got == [carried]
    assert done and done[0].text == "rapport"


@pytest.mark.parametrize("report", [True, False])
def test_report_false_leaves_the_error_to_the_caller(qtbot: Any, ctx: Any, report: bool) -> None:
    errors: list[str] = []
    handled: list[BaseException] = []
    ctx.error.connect(errors.append)

    def fail(_s: Any) -> None:
        raise ValidationError("Filen er ikke en plankatalog.")

    ctx.op(fail, on_error=handled.append, report=report)
    assert ctx.wait_idle()
    assert len(handled) == 1
    assert errors == (["Filen er ikke en plankatalog."] if report else [])


def test_a_callback_of_a_deleted_widget_is_skipped(qtbot: Any, ctx: Any) -> None:
    """A dialog closed (and deleted) while its job runs does not get the result."""
    import shiboken6

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    ctx.query(lambda s: "svar", on_done=label.setText)
    shiboken6.delete(label)
    assert ctx.wait_idle()  # no RuntimeError from a deleted C++ object
