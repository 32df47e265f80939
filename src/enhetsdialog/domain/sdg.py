"""The 17 UN Sustainable Development Goals with their official short names (bokmål and nynorsk as
FN-sambandet writes them, English as the UN does) and the UN colours. ``Sdg.name`` answers in the
language current when it is read."""

from __future__ import annotations

from enhetsdialog.domain.model import Sdg
from enhetsdialog.i18n import _

SDGS: tuple[Sdg, ...] = (
    Sdg(1, "Utrydde fattigdom", "#E5243B", "Utrydde fattigdom", "No poverty"),
    Sdg(2, "Utrydde sult", "#DDA63A", "Utrydde svolt", "Zero hunger"),
    Sdg(3, "God helse og livskvalitet", "#4C9F38", "God helse og livskvalitet", "Good health and well-being"),
    Sdg(4, "God utdanning", "#C5192D", "God utdanning", "Quality education"),
    Sdg(5, "Likestilling mellom kjønnene", "#FF3A21", "Likestilling mellom kjønna", "Gender equality"),
    Sdg(6, "Rent vann og gode sanitærforhold", "#26BDE2", "Reint vatn og gode sanitærforhold",
        "Clean water and sanitation"),
    Sdg(7, "Ren energi for alle", "#FCC30B", "Rein energi for alle", "Affordable and clean energy"),
    Sdg(8, "Anstendig arbeid og økonomisk vekst", "#A21942", "Anstendig arbeid og økonomisk vekst",
        "Decent work and economic growth"),
    Sdg(9, "Innovasjon og infrastruktur", "#FD6925", "Innovasjon og infrastruktur",
        "Industry, innovation and infrastructure"),
    Sdg(10, "Mindre ulikhet", "#DD1367", "Mindre ulikskap", "Reduced inequalities"),
    Sdg(11, "Bærekraftige byer og lokalsamfunn", "#FD9D24", "Berekraftige byar og lokalsamfunn",
        "Sustainable cities and communities"),
    Sdg(12, "Ansvarlig forbruk og produksjon", "#BF8B2E", "Ansvarleg forbruk og produksjon",
        "Responsible consumption and production"),
    Sdg(13, "Stoppe klimaendringene", "#3F7E44", "Stoppe klimaendringane", "Climate action"),
    Sdg(14, "Livet i havet", "#0A97D9", "Livet i havet", "Life below water"),
    Sdg(15, "Livet på land", "#56C02B", "Livet på land", "Life on land"),
    Sdg(16, "Fred, rettferdighet og velfungerende institusjoner", "#00689D",
        "Fred, rettferd og velfungerande institusjonar", "Peace, justice and strong institutions"),
    Sdg(17, "Samarbeid for å nå målene", "#19486A", "Samarbeid for å nå måla", "Partnerships for the goals"),
)

SDG_BY_NUMBER: dict[int, Sdg] = {s.number: s for s in SDGS}


def sdg_label(number: int) -> str:
    sdg = SDG_BY_NUMBER.get(number)
    return f"{number}. {sdg.name}" if sdg else _("Bærekraftsmål {n}").format(n=number)
