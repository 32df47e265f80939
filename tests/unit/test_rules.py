from __future__ import annotations

from decimal import Decimal

import pytest

from enhetsdialog.domain.enums import IndicatorKind, Status
from enhetsdialog.domain.errors import DomainError, FrozenRevisionError, ValidationError
from enhetsdialog.domain.model import Content, Goal, Indicator
from enhetsdialog.domain.rules import (
    USER_TRANSITIONS,
    check_transition,
    format_decimal,
    nudges,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,50", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("-3", Decimal("-3")),
        ("\u22123,2", Decimal("-3.2")),
        ("12.5", Decimal("12.5")),
        ("7 %", Decimal("7")),
        ("0,05", Decimal("0.05")),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_decimal_accepts_norwegian_numbers(text: str, expected: Decimal | None) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1e5", "12,", ",5,", "NaN", "inf", "1 2 3 4,5,6"])
def test_parse_decimal_refuses_with_hint(text: str) -> None:
    with pytest.raises(ValidationError, match="ikke et tall"):
        parse_decimal(text)


def test_format_decimal_uses_comma_and_round_trips() -> None:
    for text in ("12,5", "1000", "0,05", "-3,25"):
        assert format_decimal(parse_decimal(text)) == text


def test_user_transitions_follow_the_life_of_an_agreement() -> None:
    path = [Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET]
    for a, b in zip(path, path[1:], strict=False):
        check_transition(a, b)
    # users cannot sign or archive by changing the status
    with pytest.raises(DomainError):
        check_transition(Status.ENIGHET, Status.SIGNERT)
    with pytest.raises(DomainError):
        check_transition(Status.SIGNERT, Status.ARKIVERT)
    assert USER_TRANSITIONS[Status.SIGNERT] == frozenset()
    # the system may, when signatures / the archive export say so
    check_transition(Status.ENIGHET, Status.SIGNERT, by_system=True)
    check_transition(Status.SIGNERT, Status.ARKIVERT, by_system=True, frozen=True)


def test_enighet_requires_every_remark_resolved() -> None:
    with pytest.raises(DomainError, match="2 åpne merknader"):
        check_transition(Status.I_DIALOG, Status.ENIGHET, open_remarks=2)


def test_frozen_revision_cannot_go_back_to_dialogue() -> None:
    with pytest.raises(FrozenRevisionError):
        check_transition(Status.ENIGHET, Status.I_DIALOG, frozen=True)


def _goal(n: int, kinds: tuple[IndicatorKind, ...] = (), linked: bool = True, complete: bool = True) -> Goal:
    g = Goal(text=f"Mål {n}", position=n, sdgs=[4] if linked else [])
    for i, kind in enumerate(kinds):
        g.indicators.append(
            Indicator(
                kind=kind,
                name=f"Indikator {i}",
                position=i,
                baseline_value=Decimal(1) if complete else None,
                target_value=Decimal(2) if complete else None,
            )
        )
    return g


BOTH = (IndicatorKind.PROSESS, IndicatorKind.RESULTAT)


def test_no_nudges_for_a_good_agreement() -> None:
    assert nudges(Content(goals=[_goal(i, BOTH) for i in range(5)])) == []


def test_nudges_for_many_goals_missing_link_missing_kind_and_incomplete_indicator() -> None:
    content = Content(
        goals=[_goal(i, BOTH) for i in range(5)]
        + [_goal(5, (IndicatorKind.RESULTAT,), linked=False, complete=False)]
    )
    codes = [n.code for n in nudges(content)]
    assert codes.count("many_goals") == 1
    assert codes.count("no_upward_link") == 1
    assert codes.count("missing_indicator_kind") == 1
    assert codes.count("indicator_incomplete") == 1
    missing = next(n for n in nudges(content) if n.code == "missing_indicator_kind")
    assert "prosessindikator" in missing.message
    assert missing.anchor_id == content.goals[5].id
