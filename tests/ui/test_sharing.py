"""Sending is real: «Del for dialog» changes the status and writes the package, says where, and offers
the folder or the e-mail program; the director's «Send tilbake» does the same (issue 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enhetsdialog.domain.enums import Role, Status
from tests.ui.conftest import revision_of, settle


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Commands the dialog would start (no e-mail program is started by a test)."""
    from enhetsdialog.ui import sharing

    started: list[list[str]] = []
    monkeypatch.setattr(sharing, "start_detached", lambda command: started.append(list(command)) or True)
    monkeypatch.setattr(sharing, "open_folder", lambda path: started.append(["open-folder", str(path)]) or True)
    monkeypatch.setattr(sharing.shutil, "which", lambda name: f"/usr/bin/{name}" if name == "xdg-email" else None)
    return started


def _summary(window: Any, rid: str) -> Any:
    assert window.open_revision(rid)
    window.editor.go_to(5)
    return window.editor.pages[5]


def test_del_for_dialog_writes_the_package_says_where_and_offers_the_email(
        qtbot: Any, window: Any, app_services: Any, tmp_path: Path, launched: list[list[str]]) -> None:
    rid = revision_of(app_services, "Helse- og velferdskontoret", 2027)
    summary = _summary(window, rid)
    button = summary.status_buttons[Status.TIL_DIALOG]
    assert button.text() == "Del for dialog …"
    dialogs: list[Any] = []
    from enhetsdialog.ui import sharing

    original = sharing.share

    def share(*args: Any, **kwargs: Any) -> bool:
        kwargs["on_done"] = dialogs.append
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(sharing, "share", share)
        button.click()
        qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    settle(qtbot, window)
    assert app_services.agreements.revision(rid).status is Status.TIL_DIALOG
    dialog = dialogs[0]
    path = dialog.export.path
    assert path.is_file() and path.suffix == ".enhetsavtale"
    assert path.parent == tmp_path / "home" / "Documents" / "Enhetsdialog"
    assert str(path) in dialog.body.text()
    # the package carries the new status: the director imports an agreement that is shared
    from enhetsdialog.exchange.package import read_package

    assert read_package(path.read_bytes()).latest.revision.status is Status.TIL_DIALOG
    assert dialog.send_email() == "email"
    command = launched[-1]
    assert command[0] == "/usr/bin/xdg-email" and command[command.index("--attach") + 1] == str(path)
    director = app_services.agreements.get(rid).director
    assert director is not None and (not director.email or command[-1] == director.email)
    # the status buttons now offer sending the package again, not sharing
    assert Status.TIL_DIALOG not in summary.status_buttons and summary.send_button is not None
    dialog.close()


def test_without_an_email_program_the_folder_opens(qtbot: Any, window: Any, app_services: Any,
                                                   launched: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    from enhetsdialog.ui import sharing

    monkeypatch.setattr(sharing.shutil, "which", lambda _name: None)
    rid = revision_of(app_services, "Solsiden", 2027)
    dialogs: list[Any] = []
    assert sharing.send_back(window.ctx, rid, window, on_done=dialogs.append)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert dialogs[0].send_email() == "folder"
    assert launched == [["open-folder", str(dialogs[0].export.path.parent)]]
    assert dialogs[0].note.isVisible() and dialogs[0].export.path.name in dialogs[0].note.text()
    assert app_services.agreements.revision(rid).status is Status.I_DIALOG  # sending back changes no status
    dialogs[0].close()


def test_the_directors_review_sends_back_to_the_leader(qtbot: Any, window: Any, app_services: Any,
                                                      launched: list[list[str]]) -> None:
    window.ctx.op(lambda s: s.settings.set_profile("Kari Nordahl", Role.DIREKTOR))
    qtbot.waitUntil(lambda: not window.ctx.busy, timeout=5000)
    rid = revision_of(app_services, "Solsiden", 2027)
    assert window.director.open_review(rid)
    review = window.director.review
    assert review.send_button.isEnabled() and review.send_button.text() == "Send tilbake …"
    from enhetsdialog.ui import sharing

    dialogs: list[Any] = []
    original = sharing.share
    with pytest.MonkeyPatch.context() as m:
        m.setattr(sharing, "share", lambda *a, **k: original(*a, **{**k, "on_done": dialogs.append}))
        review.send_button.click()
        qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    leader = app_services.agreements.get(rid).leader
    assert leader is not None and leader.name in dialogs[0].body.text()
    dialogs[0].close()


def test_a_package_that_cannot_be_written_leaves_the_status_as_it_was(
        qtbot: Any, window: Any, app_services: Any, tmp_path: Path) -> None:
    from enhetsdialog.ui import sharing

    rid = revision_of(app_services, "Helse- og velferdskontoret", 2027)
    name = app_services.exchange.suggested_filename(rid)
    folder = tmp_path / "home" / "Documents" / "Enhetsdialog"
    (folder / name).mkdir(parents=True)  # a folder where the file should go
    errors: list[str] = []
    window.ctx.error.connect(errors.append)
    assert sharing.share_for_dialog(window.ctx, rid, window)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert app_services.agreements.revision(rid).status is Status.UTKAST
    assert len(errors) == 1 and "\n" not in errors[0]


def test_email_commands_per_platform(tmp_path: Path) -> None:
    from enhetsdialog.ui.sharing import email_command

    path = tmp_path / "a.enhetsavtale"
    linux = email_command(path, "Emne", "Tekst", "leder@example.org", platform="linux",
                          which=lambda n: "/usr/bin/xdg-email")
    assert linux == ["/usr/bin/xdg-email", "--utf8", "--subject", "Emne", "--body", "Tekst", "--attach", str(path),
                     "leder@example.org"]
    assert email_command(path, "E", "T", platform="linux", which=lambda n: None) is None
    assert email_command(path, "E", "T", platform="darwin") == ["open", "-a", "Mail", str(path)]
    assert email_command(path, "E", "T", platform="win32") is None  # the folder opens instead


def test_dropping_a_package_on_the_window_still_imports_it(qtbot: Any, window: Any, app_services: Any,
                                                           tmp_path: Path) -> None:
    from enhetsdialog.ui.director import packages

    rid = revision_of(app_services, "Solsiden", 2027)
    path = tmp_path / "x.enhetsavtale"
    app_services.exchange.export_to(rid, path)
    reports: list[Any] = []
    original = packages.import_package
    with pytest.MonkeyPatch.context() as m:
        m.setattr(packages, "import_package", lambda ctx, parent, path: original(ctx, parent, path=path,
                                                                                on_done=reports.append))
        assert packages.can_drop([str(path)]) and packages.handle_drop(window.ctx, [str(path)], window)
        qtbot.waitUntil(lambda: bool(reports), timeout=10_000)
    assert reports[0].unit_name.startswith("Solsiden")
