"""The 17 UN Sustainable Development Goals with their official Norwegian names and UN colours."""

from __future__ import annotations

from enhetsdialog.domain.model import Sdg

SDGS: tuple[Sdg, ...] = (
    Sdg(1, "Utrydde fattigdom", "#E5243B"),
    Sdg(2, "Utrydde sult", "#DDA63A"),
    Sdg(3, "God helse og livskvalitet", "#4C9F38"),
    Sdg(4, "God utdanning", "#C5192D"),
    Sdg(5, "Likestilling mellom kjønnene", "#FF3A21"),
    Sdg(6, "Rent vann og gode sanitærforhold", "#26BDE2"),
    Sdg(7, "Ren energi for alle", "#FCC30B"),
    Sdg(8, "Anstendig arbeid og økonomisk vekst", "#A21942"),
    Sdg(9, "Innovasjon og infrastruktur", "#FD6925"),
    Sdg(10, "Mindre ulikhet", "#DD1367"),
    Sdg(11, "Bærekraftige byer og lokalsamfunn", "#FD9D24"),
    Sdg(12, "Ansvarlig forbruk og produksjon", "#BF8B2E"),
    Sdg(13, "Stoppe klimaendringene", "#3F7E44"),
    Sdg(14, "Livet i havet", "#0A97D9"),
    Sdg(15, "Livet på land", "#56C02B"),
    Sdg(16, "Fred, rettferdighet og velfungerende institusjoner", "#00689D"),
    Sdg(17, "Samarbeid for å nå målene", "#19486A"),
)

SDG_BY_NUMBER: dict[int, Sdg] = {s.number: s for s in SDGS}


def sdg_label(number: int) -> str:
    sdg = SDG_BY_NUMBER.get(number)
    return f"{number}. {sdg.name}" if sdg else f"Bærekraftsmål {number}"
