"""The signing dialog with a smart card (SoftHSM2 standing in): module, card and certificate listed,
who signs shown before the PIN, a wrong PIN said in one line with nothing signed, then the signature;
the TSA settings dialog (nothing secret stored) and «Legg til tidsstempel»."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from enhetsdialog.domain.enums import Role, Status
from tests.integration.helpers import dump
from tests.integration.test_signing_services_pki import agreed
from tests.pki.plugin import P12_PASSWORD, LocalPki, SoftToken
from tests.ui.director_conftest import settle, show

from enhetsdialog.ui.signing_dialog import SigningDialog
from enhetsdialog.ui.signing_settings_dialog import SigningSettingsDialog, add_timestamp

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def pki_ctx(qapp: Any, tmp_path: Path) -> Iterator[tuple[Any, str]]:
    from enhetsdialog.services import open_services

    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.settings import make_settings

    services = open_services(tmp_path / "pki.sqlite3", auto_backup=False)
    rid = agreed(services)
    context = AppContext(services, make_settings())
    yield context, rid
    context.shutdown()
    services.close()


def _token_dialog(qtbot: Any, ctx: Any, rid: str, softhsm: SoftToken) -> SigningDialog:
    dialog = SigningDialog(ctx, rid, Role.LEDER)
    show(qtbot, dialog, (680, 560))
    dialog.token_mode.setChecked(True)
    dialog.token_panel.set_module(softhsm.module)
    settle(ctx)
    panel = dialog.token_panel
    labels = [t.label for t in panel.tokens]
    assert softhsm.token_label in labels
    panel.token.setCurrentIndex(labels.index(softhsm.token_label))
    settle(ctx)
    assert panel.keys and panel.key_label() == softhsm.key_label
    return dialog


def test_sign_with_a_smart_card_in_the_dialog(qtbot: Any, pki_ctx: tuple[Any, str], softhsm: SoftToken) -> None:
    ctx, rid = pki_ctx
    dialog = _token_dialog(qtbot, ctx, rid, softhsm)
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert "Kari Ødegård Lie" in dialog.signer.text()  # who signs, before any PIN
    assert dialog.sign_button.isEnabled()
    # wrong PIN: one line, nothing signed, the PIN field is empty again
    before = dump(ctx.services.db.path)
    dialog.token_panel.pin.setText("999999")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=20_000)
    assert "PIN" in dialog.message.text() and "\n" not in dialog.message.text()
    assert dialog.token_panel.pin.text() == ""
    settle(ctx)
    assert dump(ctx.services.db.path) == before
    # the right PIN signs
    dialog.token_panel.pin.setText(softhsm.pin)
    with qtbot.waitSignal(dialog.signed, timeout=30_000):
        dialog.sign_button.click()
    settle(ctx)
    assert dialog.result() == SigningDialog.DialogCode.Accepted
    assert "B-B" in dialog.notice and "Ingen tidsstempeltjeneste" in dialog.notice
    full = ctx.services.agreements.get(rid)
    assert [s.role for s in full.signatures] == [Role.LEDER] and full.revision.status is Status.ENIGHET
    assert ctx.services.signing.settings.token_choice().token == softhsm.token_label


def test_a_missing_module_is_one_line(qtbot: Any, pki_ctx: tuple[Any, str], tmp_path: Path) -> None:
    ctx, rid = pki_ctx
    dialog = SigningDialog(ctx, rid, Role.LEDER)
    show(qtbot, dialog, (680, 560))
    dialog.token_mode.setChecked(True)
    dialog.token_panel.set_module(str(tmp_path / "borte.so"))
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=20_000)
    assert "Fant ikke PKCS#11-modulen" in dialog.message.text()
    assert dialog.preview is None and not dialog.sign_button.isEnabled()


def test_tsa_settings_and_add_timestamp(
    qtbot: Any, pki_ctx: tuple[Any, str], test_pki: LocalPki, softhsm: SoftToken
) -> None:
    ctx, rid = pki_ctx
    ctx.services.signing.sign_with_token(rid, Role.LEDER, module=softhsm.module, pin=softhsm.pin,
                                          token=softhsm.token_label)  # fmt: skip
    with_file = test_pki.pkcs12("director")
    ctx.services.signing.sign(rid, Role.DIREKTOR, with_file, P12_PASSWORD)
    settings = SigningSettingsDialog(ctx)
    show(qtbot, settings, (640, 360))
    settings.url.setText(test_pki.tsa_url)
    settings.user.setText("kommune")
    settings.password.setText("hemmelig-okt")
    settings.test_tsa()
    qtbot.waitUntil(lambda: settings.message.isVisibleTo(settings), timeout=20_000)
    assert "svarte" in settings.message.text(), settings.message.text()
    settings.save()
    settle(ctx)
    assert ctx.services.signing.settings.tsa().url == test_pki.tsa_url
    con = sqlite3.connect(ctx.services.db.path)
    try:
        assert "hemmelig-okt" not in " ".join(str(r) for r in con.execute("SELECT * FROM setting"))
    finally:
        con.close()
    stored = ctx.services.signing.signed_pdf(rid)
    results: list[bool] = []
    add_timestamp(ctx, rid, None, on_done=results.append)
    settle(ctx)
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert results == [True]
    after = ctx.services.signing.signed_pdf(rid)
    assert after is not None and stored is not None and after.startswith(stored) and len(after) > len(stored)
    report = ctx.services.signing.verify(after)
    assert report.ok and [s.level for s in report.signatures] == ["B-LTA", "B-LTA"], report.reasons
