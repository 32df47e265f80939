"""The SDGs' official names follow the language shown: bokmål, nynorsk, English."""

from __future__ import annotations

from enhetsdialog.domain.sdg import SDG_BY_NUMBER, SDGS, sdg_label
from enhetsdialog.i18n import using


def test_every_sdg_has_a_name_in_each_language() -> None:
    assert [s.number for s in SDGS] == list(range(1, 18))
    for s in SDGS:
        assert s.name_nb and s.name_nn and s.name_en
    assert len({s.name_en for s in SDGS}) == 17


def test_the_name_follows_the_current_language() -> None:
    sdg = SDG_BY_NUMBER[10]
    with using("nb"):
        assert sdg.name == "Mindre ulikhet"
        assert sdg_label(10) == "10. Mindre ulikhet"
    with using("nn"):
        assert sdg.name == "Mindre ulikskap"
        assert SDG_BY_NUMBER[13].name == "Stoppe klimaendringane"
    with using("en"):
        assert sdg.name == "Reduced inequalities"
        assert sdg_label(17) == "17. Partnerships for the goals"
