"""A follow-up record changed on both machines is settled in the window: the conflict list (after an
import, and under Direktør → Konflikter) shows which agreement, which record and indicator, both
versions, and «Behold min» / «Ta inn deres» settle it the way the command line does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from enhetsdialog.domain.followup import period_of, periods_in_year
from enhetsdialog.storage.database import Database
from tests.ui.conftest import revision_of

from enhetsdialog.ui.director.conflict_cards import FollowUpConflictCard
from enhetsdialog.ui.director.packages import ConflictList


def _conflict(app_services: Any, tmp_path: Path) -> tuple[str, Any, str]:
    """Byåsen 2027 sent to a second machine; both record a different value for the same period;
    the second machine's package comes back: a follow-up conflict here."""
    from enhetsdialog.services import Services

    other = Services(Database.open(tmp_path / "other.sqlite3", auto_backup=False))
    try:
        rid = revision_of(app_services, "Byåsen", 2027)
        other.exchange.import_bytes(app_services.exchange.export(rid))
        ind = app_services.agreements.revision(rid).content.goals[0].indicators[0]
        period = str(periods_in_year(ind.frequency, 2027)[0])
        app_services.followup.record_measurement(rid, ind.id, period, "10,5")
        other.followup.record_measurement(rid, ind.id, period, "12")
        report = app_services.exchange.import_bytes(other.exchange.export(rid))
        assert report.conflicts == (rid,)
    finally:
        other.close()
    return rid, ind, period


def _value(app_services: Any, rid: str, indicator_id: str, period: str) -> str:
    full = app_services.agreements.get(rid)
    return next(str(m.value) for m in full.measurements if m.indicator_id == indicator_id and m.period == period)


def test_a_follow_up_conflict_is_shown_and_taken_from_the_package(
    qtbot: Any, ctx: Any, app_services: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLabel

    rid, ind, period = _conflict(app_services, tmp_path)
    listing = ConflictList(ctx)
    qtbot.addWidget(listing)
    listing.show()
    (card,) = listing.followup_cards
    labels = " ".join(label.text() for label in card.findChildren(QLabel))
    assert "Byåsen ungdomsskole 2027, revisjon 1: oppfølging, måling for" in labels
    assert str(period_of(period).label) in labels and ind.name in labels
    assert "«10,5»" in labels and "«12»" in labels
    assert _value(app_services, rid, ind.id, period) == "10.5"  # ours is kept until the user chooses

    card.take_theirs.click()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=5000)
    qtbot.waitUntil(lambda: not listing.followup_cards, timeout=5000)
    assert _value(app_services, rid, ind.id, period) == "12"
    assert app_services.exchange.followup_conflicts() == []


def test_keep_mine_keeps_ours_and_the_list_says_all_is_settled(
    qtbot: Any, ctx: Any, app_services: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLabel

    rid, ind, period = _conflict(app_services, tmp_path)
    listing = ConflictList(ctx, app_services.agreements.get(rid).revision.agreement_id)
    qtbot.addWidget(listing)
    listing.show()
    (card,) = listing.followup_cards
    assert isinstance(card, FollowUpConflictCard)
    card.keep_mine.click()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=5000)
    qtbot.waitUntil(lambda: not listing.followup_cards, timeout=5000)
    assert _value(app_services, rid, ind.id, period) == "10.5"
    assert app_services.exchange.followup_conflicts() == []
    texts = [label.text() for label in listing.findChildren(QLabel)]
    assert any("Ingen konflikter" in t for t in texts)
