"""Dates in each language (issue 12, step 9): 31.03.2029 in bokmål and nynorsk wherever a day is shown
(the comparison, tables, PDFs, reports), 31 Mar 2029 in English; what is typed stays dd.mm.yyyy."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest

from enhetsdialog import i18n
from enhetsdialog.domain.compare import compare
from enhetsdialog.domain.outline import format_date as outline_date
from enhetsdialog.domain.values import format_date, format_date_input, parse_date
from tests.pdf_fixtures import build_agreement

DAY = date(2029, 3, 31)


@pytest.mark.parametrize(("lang", "shown"), [("nb", "31.03.2029"), ("nn", "31.03.2029"), ("en", "31 Mar 2029")])
def test_a_day_is_written_as_the_language_writes_it(lang: str, shown: str) -> None:
    assert i18n.format_date(DAY, lang) == shown
    with i18n.using(lang):
        assert format_date(DAY) == outline_date(DAY) == shown
        assert i18n.format_date(datetime(2029, 3, 31, 23, 30)) == shown
        assert format_date_input(DAY) == "31.03.2029"  # an input field reads the same in every language
        assert parse_date(format_date_input(DAY)) == DAY
    assert i18n.format_date(None, lang) == ""
    assert i18n.format_date(date(2027, 1, 5), lang) in ("05.01.2027", "5 Jan 2027")


def test_the_time_follows_the_day() -> None:
    moment = datetime(2029, 3, 31, 14, 5)
    assert i18n.format_datetime(moment, "nb") == "31.03.2029 14:05"
    assert i18n.format_datetime(moment, "en") == "31 Mar 2029 14:05"
    assert i18n.format_datetime(None) == ""
    assert i18n.format_datetime(datetime(2029, 3, 31, 14, 5, tzinfo=UTC), "nn").startswith("31.03.2029")


def test_the_comparison_shows_a_changed_deadline_in_the_language() -> None:
    a = build_agreement(goals=1, indicators_per_goal=1, activities_per_goal=1).revision
    b = copy.deepcopy(a)
    a.content.goals[0].activities[0].deadline = date(2028, 11, 30)
    b.content.goals[0].activities[0].deadline = date(2029, 3, 31)
    with i18n.using("nb"):
        (nb,) = compare(a, b)
        assert "fra 30.11.2028 til 31.03.2029" in nb.description
    with i18n.using("nn"):
        (nn,) = compare(a, b)
        assert "30.11.2028" in nn.description and "31.03.2029" in nn.description
    with i18n.using("en"):
        (en,) = compare(a, b)
        assert "30 Nov 2028" in en.description and "31 Mar 2029" in en.description
        assert "31.03.2029" not in en.description
