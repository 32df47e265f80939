"""Realistic agreements built in memory from the domain dataclasses, for the PDF and archive tests.

No database, no services: only ``enhetsdialog.domain``. Every builder is a plain function that returns
fresh objects, so tests can change what they get without affecting each other.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from enhetsdialog.domain.enums import (
    ActivityStatus,
    AnchorKind,
    Direction,
    Frequency,
    IndicatorKind,
    PlanKind,
    Role,
    Section,
    Status,
    SupportArea,
)
from enhetsdialog.domain.model import (
    Activity,
    Content,
    FullAgreement,
    Goal,
    Indicator,
    Municipality,
    Participant,
    Person,
    Plan,
    PlanGoal,
    Remark,
    Reply,
    Revision,
    ServiceArea,
    SupportNeed,
    Unit,
)

MARKUP_TEXT = "<b>x</b> & <font size=40> &amp; <br/> ]]> <para> &lt; \"sitat\" 'apostrof' \\ %s {0}"
NORWEGIAN_LETTERS = "æøåÆØÅ"

# A fixed namespace makes ids stable from run to run (useful when comparing fingerprints by eye).
_NS = uuid.UUID("6f1d5e0e-6d0b-4c53-9d8a-5c1e1a2b3c4d")


def _id(name: str) -> str:
    return str(uuid.uuid5(_NS, name))


GOAL_TEXTS = (
    "Alle elever opplever et trygt og inkluderende skolemiljø",
    "Elevene får bedre grunnleggende ferdigheter i lesing og regning",
    "Et arbeidsmiljø der ansatte blir, trives og utvikler seg",
    "Elevenes stemme brukes i planlegging av undervisningen",
    "Mer praktisk og utforskende læring i alle fag",
    "Tettere samarbeid med hjemmene",
    "Bedre overganger fra barnehage til skole",
    "Færre elever med høyt fravær",
    "Digital kompetanse brukes bevisst og trygt",
    "Bærekraft som tverrfaglig tema i alle trinn",
    "Godt samarbeid med helsesykepleier og PPT",
    "Økonomisk balanse uten å svekke kvaliteten",
)

PROCESS_NAMES = (
    "Andel ansatte som deltok i planleggingen",
    "Antall utprøvinger av ny praksis som er evaluert",
    "Oppfølgingsmøter med tillitsvalgte gjennomført",
    "Andel trinn med elevrådsmøte om undervisningen",
)
RESULT_NAMES = (
    "Elever som opplever mobbing (Elevundersøkelsen, 7. trinn)",
    "Sykefravær",
    "Elever på laveste mestringsnivå i lesing (nasjonale prøver, 5. trinn)",
    "Avvik fra budsjett",
)


def _indicator(goal_no: int, n: int, year: int) -> Indicator:
    process = n % 2 == 0
    names = PROCESS_NAMES if process else RESULT_NAMES
    name = names[(n // 2) % len(names)]
    if n >= 4:
        name = f"{name} ({n + 1})"
    baseline = Decimal("12.5") + Decimal(n) + Decimal(goal_no) / 10
    return Indicator(
        id=_id(f"ind-{goal_no}-{n}"),
        kind=IndicatorKind.PROSESS if process else IndicatorKind.RESULTAT,
        name=name,
        description=(
            "Måles i samarbeid med tillitsvalgte og verneombud. "
            "Resultatet drøftes på personalmøtet før høstferien og våren."
        ),
        unit_of_measure="prosent" if n % 3 else "antall",
        baseline_value=baseline,
        baseline_year=year - 2,
        target_value=baseline - Decimal("2.25") if not process else baseline + Decimal(5),
        direction=Direction.HIGHER if process else Direction.LOWER,
        data_source="Elevundersøkelsen" if not process else "Egen registrering i personalrommet",
        frequency=(Frequency.YEARLY, Frequency.TERTIAL, Frequency.QUARTERLY, Frequency.MONTHLY)[n % 4],
        responsible="Rektor" if n % 2 else "Avdelingsleder 5.–7. trinn",
        position=n,
    )


def _activity(goal_no: int, n: int, year: int) -> Activity:
    whats = (
        "Felles planleggingsdag om relasjonsbygging med hele personalet",
        "Innføre lesekvarter hver morgen på 1.–4. trinn",
        "Faste trivselsledere i friminuttene, opplæring i august",
        "Prøve ut elevsamtaler med ny samtalemal og evaluere etter jul",
    )
    statuses = tuple(ActivityStatus)
    return Activity(
        id=_id(f"act-{goal_no}-{n}"),
        what=whats[n % len(whats)],
        responsible=("Rektor", "Avdelingsleder", "Sosiallærer", "Trinnleder 6. trinn")[n % 4],
        deadline=date(year, 1 + (3 * n + goal_no) % 12, 1 + (7 * n) % 28),
        status=statuses[n % len(statuses)],
        position=n,
    )


def build_agreement(
    *,
    status: Status = Status.I_DIALOG,
    goals: int = 3,
    indicators_per_goal: int = 4,
    activities_per_goal: int = 3,
    remarks: bool = True,
    year: int = 2027,
) -> FullAgreement:
    """A school's agreement for ``year`` with the given number of goals, indicators and activities."""
    municipality = Municipality(id=_id("kommune"), name="Trondheim kommune", number="5001")
    director = Person(
        id=_id("direktor"),
        name="Ola Åsheim Nordby",
        title="Kommunaldirektør for oppvekst og utdanning",
        role="Kommunaldirektør",
        email="ola.nordby@example.no",
    )
    leader = Person(
        id=_id("leder"),
        name="Kari Ødegård Lie",
        title="Rektor",
        role="Rektor",
        email="kari.lie@example.no",
    )
    area = ServiceArea(
        id=_id("omrade"),
        name="Oppvekst og utdanning",
        municipality_id=municipality.id,
        director_id=director.id,
    )
    unit = Unit(
        id=_id("enhet"), name="Bjørndal skole", service_area_id=area.id, kind="skole", leader_id=leader.id
    )

    kps = Plan(
        id=_id("kps"),
        name="Kommuneplanens samfunnsdel 2020–2032",
        kind=PlanKind.KPS,
        period_start=2020,
        period_end=2032,
    )
    temaplan = Plan(
        id=_id("oppvekst"),
        name="Oppvekstplan – Sammen for barn og unge",
        kind=PlanKind.TEMAPLAN,
        period_start=2024,
        period_end=2030,
        parent_plan_id=kps.id,
    )
    hop = Plan(
        id=_id("hop"),
        name=f"Handlings- og økonomiplan {year - 1}–{year + 2}",
        kind=PlanKind.HOP,
        period_start=year - 1,
        period_end=year + 2,
        parent_plan_id=kps.id,
    )
    plan_goals = [
        PlanGoal(
            id=_id("pg-kps-1"),
            plan_id=kps.id,
            code="KPS 1",
            text="Trondheim skal være en god by å vokse opp i",
            sdgs=[3, 4],
        ),
        PlanGoal(
            id=_id("pg-kps-2"),
            plan_id=kps.id,
            code="KPS 2",
            text="Alle skal ha mulighet til å delta i arbeid og samfunnsliv",
            sdgs=[8, 10],
        ),
        PlanGoal(
            id=_id("pg-opp-1"),
            plan_id=temaplan.id,
            code="OPP 1.2",
            text="Barn og unge opplever mestring, trygghet og tilhørighet",
            parent_id=_id("pg-kps-1"),
            sdgs=[3, 4, 16],
        ),
        PlanGoal(
            id=_id("pg-hop-3"),
            plan_id=hop.id,
            code="HØP 3.1",
            text="Redusere sykefraværet i oppvekstsektoren til under 8 prosent",
            parent_id=_id("pg-kps-2"),
            sdgs=[8],
        ),
    ]
    sdg_cycle = ([4, 3, 16], [4, 10], [8, 3], [4, 16], [4, 12, 13])
    plan_cycle = (
        [_id("pg-opp-1"), _id("pg-kps-1")],
        [_id("pg-opp-1")],
        [_id("pg-hop-3"), _id("pg-kps-2")],
        [_id("pg-kps-1")],
        [],
    )
    goal_objs: list[Goal] = []
    for g in range(goals):
        goal_objs.append(
            Goal(
                id=_id(f"goal-{g}"),
                text=GOAL_TEXTS[g % len(GOAL_TEXTS)] + ("" if g < len(GOAL_TEXTS) else f" ({g + 1})"),
                description=(
                    "Vi vet fra Elevundersøkelsen at for mange elever på mellomtrinnet ikke kjenner seg trygge "
                    "i friminuttene. Målet er utarbeidet sammen med elevrådet og FAU."
                ),
                position=g,
                plan_goal_ids=plan_cycle[g % len(plan_cycle)],
                sdgs=sdg_cycle[g % len(sdg_cycle)],
                activities=[_activity(g, n, year) for n in range(activities_per_goal)],
                indicators=[_indicator(g, n, year) for n in range(indicators_per_goal)],
            )
        )
    content = Content(
        challenges=(
            "Skolen har vokst fra 310 til 420 elever på fem år. Flere elever trenger tilrettelegging, og "
            "sykefraværet blant ansatte har vært høyere enn målet.\n"
            "Samtidig har vi et engasjert personale og et aktivt FAU som vil bidra."
        ),
        goals=goal_objs,
        value_open=(
            "Vi deler det vi prøver ut – også det som ikke virket – på fredagsmøtene. "
            "Foreldre får vite hva vi jobber med og hvorfor."
        ),
        value_competent="Vi bruker forskning og egne erfaringer når vi velger tiltak, og vi lærer av hverandre.",
        value_brave="Vi tør å si fra, å prøve nytt og å stoppe det som ikke virker.",
        courage_trials="Hvert team prøver ut minst én ny arbeidsmåte i løpet av året, og ledelsen gir tid til det.",
        courage_learning="Vi evaluerer utprøvingene i felles møter: hva lyktes, hva lærte vi, hva gjør vi nå?",
        culture_leadership=(
            "Ledelsen er til stede i klasserom og friminutt. Vi bygger en felles språkbruk om relasjoner.\n"
            "Tillitsvalgte og verneombud er med i ledermøtene én gang i måneden."
        ),
        support_needs=[
            SupportNeed(
                id=_id("sn-hr"),
                area=SupportArea.HR,
                need="Hjelp til oppfølging av langtidssykmeldte.",
                position=0,
            ),
            SupportNeed(
                id=_id("sn-ikt"), area=SupportArea.IKT, need="Stabilt trådløst nett i nybygget.", position=1
            ),
            SupportNeed(
                id=_id("sn-fag"),
                area=SupportArea.FAGSTOTTE,
                need="Veiledning fra PPT i arbeidet med tidlig innsats.",
                position=2,
            ),
        ],
        structures="Faste teammøter tirsdag, felles årshjul for oppfølging, og ett digitalt sted for planer.",
        follow_up_plan=(
            "Indikatorene gjennomgås hvert tertial i ledermøtet og drøftes med tillitsvalgte. "
            "Resultatene legges fram for FAU og elevrådet i juni."
        ),
        participants=[
            Participant(
                id=_id("p1"),
                role="Tillitsvalgt Utdanningsforbundet",
                name="Per Ås",
                how="Planleggingsdag",
                when="Uke 38",
                position=0,
            ),
            Participant(
                id=_id("p2"),
                role="Verneombud",
                name="Siri Bø",
                how="Workshop",
                when=f"{year - 1}-09-14",
                position=1,
            ),
            Participant(
                id=_id("p3"), role="Elevrådet", name="", how="Spørreundersøkelse", when="Oktober", position=2
            ),
        ],
        users_voice="Elevrådet og FAU har gitt innspill til mål 1 og 4. Elevene ønsker flere aktiviteter i friminuttene.",
    )
    revision = Revision(
        id=_id("rev-1"),
        agreement_id=_id("avtale"),
        unit_id=unit.id,
        year=year,
        number=2,
        status=status,
        content=content,
        created_at=datetime(year - 1, 9, 1, 8, 0, tzinfo=UTC),
        updated_at=datetime(year - 1, 11, 20, 14, 30, tzinfo=UTC),
    )
    remark_list: list[Remark] = []
    if remarks:
        r1 = Remark(
            id=_id("r1"),
            agreement_id=revision.agreement_id,
            revision_id=revision.id,
            anchor_kind=AnchorKind.GOAL,
            anchor_id=goal_objs[0].id if goal_objs else Section.HVOR.value,
            author=director.name,
            role=Role.DIREKTOR,
            text="Godt mål! Hvordan vil dere måle tryggheten i friminuttene mellom undersøkelsene?",
            created_at=datetime(year - 1, 11, 2, 10, 15, tzinfo=UTC),
            resolved=True,
            resolved_at=datetime(year - 1, 11, 10, 9, 0, tzinfo=UTC),
            resolved_by=director.name,
        )
        r1.replies.append(
            Reply(
                id=_id("r1a"),
                remark_id=r1.id,
                author=leader.name,
                role=Role.LEDER,
                text="Vi legger inn en kort trivselsmåling hver måned, se ny prosessindikator.",
                created_at=datetime(year - 1, 11, 5, 12, 0, tzinfo=UTC),
            )
        )
        r2 = Remark(
            id=_id("r2"),
            agreement_id=revision.agreement_id,
            revision_id=revision.id,
            anchor_kind=AnchorKind.SECTION,
            anchor_id=Section.ENKLERE.value,
            author=director.name,
            role=Role.DIREKTOR,
            text="Støttebehovet fra IKT er meldt videre. Ta kontakt om det ikke er løst innen februar.",
            created_at=datetime(year - 1, 11, 3, 8, 45, tzinfo=UTC),
        )
        remark_list = [r1, r2]
    return FullAgreement(
        revision=revision,
        unit=unit,
        service_area=area,
        municipality=municipality,
        leader=leader,
        director=director,
        plans={p.id: p for p in (kps, temaplan, hop)},
        plan_goals={pg.id: pg for pg in plan_goals},
        remarks=remark_list,
    )


def large_agreement(status: Status = Status.ENIGHET) -> FullAgreement:
    """The benchmark agreement: 10 goals, 40 indicators, 30 activities."""
    return build_agreement(status=status, goals=10, indicators_per_goal=4, activities_per_goal=3)


def hostile_agreement(status: Status = Status.I_DIALOG) -> FullAgreement:
    """An agreement whose user text looks like markup, is very long, or has no spaces to break at."""
    full = build_agreement(status=status, goals=2)
    c = full.revision.content
    c.challenges = f"Før {MARKUP_TEXT} etter\nNy linje med {NORWEGIAN_LETTERS} og samisk: čđŋšŧž áÁ"
    c.goals[0].text = f"Mål med markup {MARKUP_TEXT}"
    c.goals[0].indicators[0].name = f"Indikator {MARKUP_TEXT}"
    c.goals[0].activities[0].what = "Tiltak " + "Langtord" * 40
    c.value_brave = "Kjempelangtordutenmellomrom" * 20
    c.users_voice = "Brukerstemme: ]]> og <![CDATA[ og &#x41; og &nbsp; slutt"
    return full


LONG_TEXT_WORDS = (
    "Vi", "jobber", "sammen", "med", "elevene", "og", "foreldrene", "om", "et", "trygt", "skolemiljø,",
    "og", "vi", "følger", "opp", "hver", "enkelt", "elev", "tett", "gjennom", "hele", "året.",
)  # fmt: skip


def long_text(chars: int = 50_000, *, newlines: bool = False) -> str:
    """Norwegian-looking text of exactly ``chars`` characters ending in the marker word SLUTTMERKE."""
    words: list[str] = []
    size = 0
    i = 0
    while size < chars:
        word = LONG_TEXT_WORDS[i % len(LONG_TEXT_WORDS)]
        words.append(word)
        size += len(word) + 1
        i += 1
    text = " ".join(words)
    if newlines:
        text = text.replace("året. ", "året.\n")
    end = " SLUTTMERKE"
    return text[: chars - len(end)] + end


def long_text_agreement(chars: int = 50_000) -> FullAgreement:
    """One field of 50,000 characters in one line, another with line breaks, and a very long table cell."""
    full = build_agreement(status=Status.ENIGHET, goals=2)
    c = full.revision.content
    c.challenges = long_text(chars)
    c.culture_leadership = long_text(chars // 5, newlines=True)
    c.goals[0].activities[0].what = long_text(4_000)
    return full


def many_indicators_agreement(count: int = 40) -> FullAgreement:
    """A goal with ``count`` indicators (half process, half result): tables that span pages."""
    full = build_agreement(status=Status.ENIGHET, goals=2, indicators_per_goal=2)
    year = full.revision.year
    full.revision.content.goals[0].indicators = [_indicator(0, n, year) for n in range(count)]
    for n, ind in enumerate(full.revision.content.goals[0].indicators):
        ind.name = f"Indikator nummer {n + 1:02d}"
    return full
