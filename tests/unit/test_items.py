"""The item declarations (domain/items.py, domain/fields.py) and what is derived from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from enhetsdialog.domain.canonical import canonical_dict, revision_from_canonical
from enhetsdialog.domain.enums import AnchorKind, ItemKind, Section
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.fields import FieldType
from enhetsdialog.domain.items import KINDS, Patch, find_item, items_of, spec
from enhetsdialog.domain.model import TEXT_FIELDS, Content, Goal, Indicator, Revision
from enhetsdialog.storage.tables import ITEM_TABLES, REVISION


def test_anchors_are_the_item_kinds_and_the_section() -> None:
    assert {a.value for a in AnchorKind} == {"section"} | {k.value for k in ItemKind}
    assert all(AnchorKind.of(k).item_kind is k for k in ItemKind)
    assert AnchorKind.SECTION.item_kind is None


def test_every_kind_is_declared_with_its_section_parent_and_fields() -> None:
    assert set(KINDS) == set(ItemKind)
    assert spec(ItemKind.ACTIVITY).parent is ItemKind.GOAL and spec(ItemKind.INDICATOR).parent is ItemKind.GOAL
    assert spec(ItemKind.PARTICIPANT).section is Section.SAMSKAPING
    names = [f.name for f in spec(ItemKind.INDICATOR).fields]
    assert names[:4] == ["kind", "name", "description", "unit_of_measure"] and "position" not in names
    assert [f.name for f in spec(ItemKind.GOAL).editable] == ["text", "description"]  # origin_id is the app's


def test_tables_have_a_column_for_every_declared_field() -> None:
    for kind, k in KINDS.items():
        columns = set(ITEM_TABLES[kind].c.keys())
        assert {f.name for f in k.fields} <= columns
        assert ("goal_id" in columns) is (k.parent is not None)
    assert set(TEXT_FIELDS) <= set(REVISION.c.keys())


@pytest.mark.parametrize(
    ("kind", "values", "expected"),
    [
        (ItemKind.INDICATOR, {"baseline_value": "1 234,5"}, Decimal("1234.5")),
        (ItemKind.INDICATOR, {"baseline_year": " 2026 "}, 2026),
        (ItemKind.INDICATOR, {"frequency": ""}, None),
        (ItemKind.ACTIVITY, {"deadline": "15.3.27"}, date(2027, 3, 15)),
        (ItemKind.ACTIVITY, {"deadline": date(2027, 1, 2)}, date(2027, 1, 2)),
    ],
)
def test_a_patch_turns_typed_text_into_domain_values(kind: ItemKind, values: dict[str, object], expected: object) -> None:
    patch = Patch.of(kind, **values)
    assert list(patch.values.values()) == [expected]


@pytest.mark.parametrize(
    ("kind", "values", "words"),
    [
        (ItemKind.GOAL, {"origin_id": "x"}, "finnes ikke"),  # not a user's field
        (ItemKind.GOAL, {"colour": "rød"}, "finnes ikke"),
        (ItemKind.GOAL, {"text": 5}, "må være tekst"),
        (ItemKind.INDICATOR, {"direction": "opp"}, "gyldig verdi"),
        (ItemKind.INDICATOR, {"target_value": True}, "tall"),
        (ItemKind.ACTIVITY, {"deadline": "31.02.2027"}, "ikke en dato"),
    ],
)
def test_a_patch_refuses_what_the_declaration_does_not_allow(kind: ItemKind, values: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        Patch.of(kind, **values)


def test_a_patch_of_an_item_restores_every_editable_field() -> None:
    i = Indicator(name="Sykefravær", target_value=Decimal("7.5"), baseline_year=2025)
    patch = Patch.of_item(ItemKind.INDICATOR, i)
    assert patch.values["target_value"] == Decimal("7.5") and "id" not in patch.values and "position" not in patch.values
    assert patch.plain()["target_value"] == "7.5"


def test_items_are_found_with_their_goal() -> None:
    g = Goal(text="Mål", indicators=[Indicator(name="a")])
    c = Content(goals=[g])
    ind = g.indicators[0]
    assert find_item(c, ItemKind.INDICATOR, ind.id) == (ind, g.id)
    assert find_item(c, ItemKind.GOAL, g.id) == (g, None)
    assert find_item(c, ItemKind.ACTIVITY, ind.id) is None
    assert [x for x, _ in items_of(c, ItemKind.INDICATOR)] == [ind]


def test_a_field_added_later_is_left_out_of_the_canonical_form_at_its_default() -> None:
    """So that adding a field never changes the fingerprint of content signed before it existed."""
    import dataclasses

    k = spec(ItemKind.INDICATOR)
    original = k.fields
    rev = Revision(agreement_id="a", unit_id="u", year=2027, number=1,
                   content=Content(goals=[Goal(text="Mål", indicators=[Indicator(name="x")])]))
    assert canonical_dict(rev)["content"]["goals"][0]["indicators"][0]["data_source"] == ""
    object.__setattr__(k, "fields", tuple(dataclasses.replace(f, added=f.name == "data_source") for f in original))
    try:
        entry = canonical_dict(rev)["content"]["goals"][0]["indicators"][0]
        assert "data_source" not in entry and "name" in entry
        assert revision_from_canonical(canonical_dict(rev)).content.goals[0].indicators[0].data_source == ""
        rev.content.goals[0].indicators[0].data_source = "KOSTRA"
        assert canonical_dict(rev)["content"]["goals"][0]["indicators"][0]["data_source"] == "KOSTRA"
    finally:
        object.__setattr__(k, "fields", original)


def test_field_types_are_stored_as_plain_values() -> None:
    f = spec(ItemKind.INDICATOR).field("baseline_value")
    assert f.type is FieldType.DECIMAL and f.to_plain(Decimal("12.50")) == "12.5" and f.from_plain("12.5") == Decimal("12.5")
    assert spec(ItemKind.ACTIVITY).field("deadline").to_plain(date(2027, 3, 1)) == "2027-03-01"
