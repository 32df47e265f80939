"""Outline parts: the cover, the red thread and the first two questions (see domain.outline)."""

from __future__ import annotations

from enhetsdialog.domain.canonical import short_fingerprint
from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.model import Goal, PlanGoal
from enhetsdialog.domain.outline_blocks import (
    DASH,
    NO_GOALS,
    NOT_GIVEN,
    Block,
    Cell,
    Column,
    Context,
    Facts,
    Group,
    Heading,
    ItemList,
    Labelled,
    Paragraph,
    Part,
    PartKind,
    SdgTile,
    SdgTiles,
    Table,
    Tone,
    UserText,
    format_datetime,
    goal_title,
    label,
)
from enhetsdialog.domain.sdg import SDG_BY_NUMBER
from enhetsdialog.i18n import N_, Text


class FrontParts(Context):
    # --- cover and red thread ---------------------------------------------------------------------------

    def cover(self) -> Part:
        full, rev = self.full, self.rev
        m, u = full.municipality, full.unit
        blocks: list[Block] = [
            Heading(N_("Enhetsavtale {year}", year=rev.year), 1, style="title"),
            Paragraph(u.name, Tone.SUBTITLE),
            Paragraph(f"{full.service_area.name} · {m.name}", Tone.LEAD),
        ]
        if self.draft:
            blocks.append(
                Paragraph(
                    N_(
                        "UTKAST – denne versjonen er ikke ferdig drøftet og kan ikke signeres. Status: {status}.",
                        status=label(rev.status.label),
                    ),
                    Tone.NOTICE,
                )
            )
        blocks.append(
            Facts(
                (
                    (N_("Kommune"), m.name + (f" ({m.number})" if m.number else "")),
                    (N_("Tjenesteområde"), full.service_area.name),
                    (N_("Enhet"), u.name + (f" ({u.kind})" if u.kind else "")),
                    (N_("År"), str(rev.year)),
                    (N_("Revisjon"), str(rev.number)),
                    (N_("Status"), label(rev.status.label)),
                    (N_("Sist endret"), format_datetime(rev.updated_at) or DASH),
                    (N_("Fingeravtrykk"), short_fingerprint(self.fingerprint)),
                )
            )
        )
        blocks.append(Heading(N_("Parter"), 2))
        rows = []
        for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director)):
            rows.append(
                (
                    Cell(label(role.label), strong=True, row_header=True),
                    Cell(person.name if person else NOT_GIVEN),
                    Cell(person.title if person else ""),
                )
            )
        columns = (Column(N_("Rolle"), 40), Column(N_("Navn"), 60), Column(N_("Tittel"), 70))
        blocks.append(Table("parties", columns, tuple(rows)))
        blocks.append(Heading(N_("Avtalens mål"), 2))
        if self.goals:
            blocks.append(ItemList(tuple(goal_title(n, g) for n, g in enumerate(self.goals, start=1))))
        else:
            blocks.append(Paragraph(NO_GOALS, Tone.MUTED))
        return self.part(PartKind.COVER, blocks)

    def red_thread(self) -> Part:
        blocks: list[Block] = []
        if not self.goals:
            blocks.append(Paragraph(NO_GOALS, Tone.MUTED))
        for n, goal in enumerate(self.goals, start=1):
            group: list[Block] = [Heading(goal_title(n, goal), 2, style="minor", bookmark=False)]
            rows = self.plan_rows(goal)
            if rows:
                columns = (Column(N_("Plannivå"), 52), Column(N_("Kode"), 20), Column(N_("Planmål"), 98))
                group.append(Table("plan_links", columns, tuple(rows)))
            else:
                group.append(Paragraph(N_("Ikke knyttet til et plannivå."), Tone.MUTED))
            numbers = sorted(set(goal.sdgs))
            if numbers:
                group.append(SdgTiles(tuple(self.sdg_tile(x) for x in numbers)))
            else:
                group.append(Paragraph(N_("Ikke knyttet til et bærekraftsmål."), Tone.MUTED))
            blocks.append(Group(tuple(group), anchor=("goal", goal.id)))
        return self.part(PartKind.RED_THREAD, blocks)

    @staticmethod
    def sdg_tile(number: int) -> SdgTile:
        sdg = SDG_BY_NUMBER.get(number)
        name: Text = label(sdg.name) if sdg else N_("Ukjent bærekraftsmål")
        return SdgTile(
            number=number,
            name=N_("Bærekraftsmål {number}: {name}", number=number, name=name),
            colour=sdg.colour if sdg else "#595959",
            alt=N_("FNs bærekraftsmål nummer {number}", number=number),
        )

    def plan_rows(self, goal: Goal) -> list[tuple[Cell, ...]]:
        full = self.full
        shown: dict[str, bool] = {}  # plan goal id -> directly linked
        for pid in sorted(set(goal.plan_goal_ids)):
            shown[pid] = True
            parent = full.plan_goals[pid].parent_id if pid in full.plan_goals else None
            seen = {pid}
            while parent and parent not in seen:
                seen.add(parent)
                shown.setdefault(parent, False)
                parent = full.plan_goals[parent].parent_id if parent in full.plan_goals else None

        def order(pid: str) -> tuple[int, str, str]:
            pg = full.plan_goals.get(pid)
            plan = full.plans.get(pg.plan_id) if pg else None
            return (plan.kind.level if plan else 9, pg.code if pg else "", pid)

        rows: list[tuple[Cell, ...]] = []
        for pid in sorted(shown, key=order):
            pg: PlanGoal | None = full.plan_goals.get(pid)
            if pg is None:
                rows.append(
                    (Cell(N_("Ukjent plan")), Cell(DASH), Cell(N_("Planmålet finnes ikke i katalogen.")))
                )
                continue
            plan = full.plans.get(pg.plan_id)
            level = (
                Cell(label(plan.kind.label), note=plan.name, strong=True)
                if plan is not None
                else Cell(N_("Ukjent plan"))
            )
            note: Text = "" if shown[pid] else N_("Overordnet mål for et tilknyttet planmål")
            rows.append((level, Cell(pg.code), Cell(pg.text, note=note)))
        return rows

    # --- the four questions and Samskaping ---------------------------------------------------------------

    def where(self) -> Part:
        blocks: list[Block] = [
            Labelled(N_("Utfordringer som begrunner målene"), self.c.challenges, field="challenges")
        ]
        for n, goal in enumerate(self.goals, start=1):
            blocks.append(Heading(goal_title(n, goal), 2, anchor=("goal", goal.id)))
            blocks.append(UserText(goal.description, empty=N_("Ingen utdypende beskrivelse.")))
        return self.part(PartKind.HVOR, blocks, 1)

    def value_labels(self) -> tuple[Text, ...]:
        """The municipality's own names for its values (from its catalogue), else Trondheim's."""
        default: tuple[Text, ...] = (N_("Åpen"), N_("Kompetent"), N_("Modig"))
        names = self.full.value_names[:3]
        return (*names, *default[len(names) :])

    def how(self) -> Part:
        c = self.c
        blocks: list[Block] = [
            Heading(N_("Verdiene våre i praksis"), 2, bookmark=False),
            *(
                Labelled(name, text_, field=field_)
                for name, (field_, text_) in zip(
                    self.value_labels(),
                    (("value_open", c.value_open), ("value_competent", c.value_competent), ("value_brave", c.value_brave)),
                    strict=False,
                )
            ),
            Heading(N_("Tegn på modighet"), 2, bookmark=False),
            Labelled(N_("Dette vil vi prøve ut"), c.courage_trials, field="courage_trials"),
            Labelled(
                N_("Slik lærer vi av det som lykkes og det som ikke lykkes"), c.courage_learning, field="courage_learning"
            ),
            Heading(N_("Kultur, ledelse og relasjoner"), 2, bookmark=False),
            UserText(c.culture_leadership, field="culture_leadership"),
        ]
        return self.part(PartKind.HVORDAN, blocks, 2)

