"""A target on the wrong side of the baseline for the chosen direction gets a nudge; the portfolio's
count (one set query in storage) agrees with the domain rule (issue 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from enhetsdialog.domain.enums import Direction, IndicatorKind, ItemKind, Status
from enhetsdialog.domain.items import Patch
from enhetsdialog.domain.model import Content, Goal, Indicator
from enhetsdialog.domain.rules import format_grouped, nudges, target_on_wrong_side
from enhetsdialog.services import Services


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "wrong"),
    [
        (Direction.HIGHER, "61.5", "75", False),
        (Direction.HIGHER, "75", "61.5", True),
        (Direction.LOWER, "7.8", "4.5", False),
        (Direction.LOWER, "4.5", "7.8", True),
        (Direction.LOWER, "5", "5", False),  # holding a level
        (Direction.HIGHER, None, "5", False),
        (Direction.HIGHER, "5", None, False),
        (Direction.HIGHER, "0.1000000000000000001", "0.1", True),  # exact, not floating point
    ],
)
def test_the_rule(direction: Direction, baseline: str | None, target: str | None, wrong: bool) -> None:
    b = Decimal(baseline) if baseline else None
    t = Decimal(target) if target else None
    assert target_on_wrong_side(direction, b, t) is wrong
    ind = Indicator(kind=IndicatorKind.RESULTAT, name="Sykefravær", baseline_value=b, target_value=t,
                    direction=direction)
    found = [n for n in nudges(Content(goals=[Goal(text="Mål", indicators=[ind])])) if n.code == "target_wrong_side"]
    assert bool(found) is wrong
    if wrong:
        assert found[0].anchor_id == ind.id and "Stemmer retningen?" in found[0].message


def test_the_message_shows_the_numbers_grouped() -> None:
    ind = Indicator(name="Besøk", baseline_value=Decimal("12000"), target_value=Decimal("9500.5"),
                    direction=Direction.HIGHER)
    [n] = [n for n in nudges(Content(goals=[Goal(text="Mål", indicators=[ind])])) if n.code == "target_wrong_side"]
    assert "9\u00a0500,5" in n.message and "12\u00a0000" in n.message


def test_grouping() -> None:
    assert format_grouped(Decimal("1234.5")) == "1\u00a0234,5"
    assert format_grouped(Decimal("-1234567")) == "-1\u00a0234\u00a0567"
    assert format_grouped(Decimal("999")) == "999"
    assert format_grouped(Decimal("0.25")) == "0,25"
    assert format_grouped(None) == ""


def test_the_portfolio_count_agrees_with_the_domain_rule(demo_services: Services) -> None:
    a = demo_services.agreements
    rows = a.list(latest_only=False)
    rid = next(r.id for r in rows if r.status is Status.UTKAST)
    gid = a.revision(rid).content.goals[0].id
    for direction, base, target in ((Direction.HIGHER, "80", "70"), (Direction.LOWER, "3", "4"),
                                    (Direction.LOWER, "0.1", "0.1000000000000000001"), (Direction.HIGHER, "1", "2")):
        a.add_item(rid, Patch.of(ItemKind.INDICATOR, kind="resultat", name="x", direction=direction,
                                 baseline_value=Decimal(base), target_value=Decimal(target)), goal_id=gid)
    wrong = [n for n in nudges(a.revision(rid).content) if n.code == "target_wrong_side"]
    assert len(wrong) == 3
    counts = a.nudge_counts([r.id for r in rows])
    assert counts == {r.id: len(nudges(a.revision(r.id).content)) for r in rows}
