"""Text of the demo municipality: a plan catalogue shaped like a real KPS/HØP and unit agreements
that a leader would recognise. Kept apart from the code that writes it (services/demo.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

NAMESPACE = uuid.UUID("6f1c2a5e-3b7d-4e3a-9a57-5d0c1e8b7a10")


def did(key: str) -> str:
    """A stable id for a demo object, the same on every machine (so packages between two demo
    databases refer to the same plan goals)."""
    return str(uuid.uuid5(NAMESPACE, key))


MUNICIPALITY = {"name": "Fjordby kommune", "number": "5099"}

# (code, text, parent code, sdgs)
_KPS = [
    ("KPS-1", "Alle barn og unge opplever mestring, tilhørighet og livsglede", None, [3, 4, 10]),
    ("KPS-2", "Innbyggerne har god helse og mulighet til å mestre eget liv", None, [3]),
    ("KPS-3", "Fjordby er et inkluderende samfunn der alle kan delta", None, [10, 16]),
    ("KPS-4", "Kommunen er en attraktiv arbeidsgiver med kompetente og engasjerte medarbeidere", None, [8]),
    ("KPS-5", "Vi utvikler et klimavennlig samfunn med lave utslipp", None, [11, 13]),
]
_OPPVEKST = [
    ("OPP-1", "Alle barn og unge har et trygt og inkluderende leke- og læringsmiljø", "KPS-1", [4, 16]),
    ("OPP-2", "Alle elever opplever progresjon i grunnleggende ferdigheter", "KPS-1", [4]),
    ("OPP-3", "Tidlig innsats: barn og familier får hjelp når behovet oppstår", "KPS-1", [3, 4, 10]),
]
_HELSE = [
    ("HV-1", "Flere innbyggere bor hjemme lenger med trygghet og god livskvalitet", "KPS-2", [3]),
    ("HV-2", "Tjenestene utvikles sammen med brukere og pårørende", "KPS-3", [10, 16]),
    ("HV-3", "Velferdsteknologi tas i bruk der det gir bedre tjenester", "KPS-2", [3, 9]),
]
_HOP = [
    ("HØP-1", "Sykefraværet i kommunen skal ned mot 8 prosent", "KPS-4", [8]),
    ("HØP-2", "Færre elever opplever mobbing på skolen", "OPP-1", [4, 16]),
    ("HØP-3", "Flere barn får tidlig og riktig hjelp i barnehage og skole", "OPP-3", [4, 10]),
    ("HØP-4", "Kortere saksbehandlingstid for helse- og omsorgstjenester", "HV-2", [16]),
    ("HØP-5", "Økt bruk av digitalt tilsyn og medisineringsstøtte i hjemmetjenesten", "HV-3", [3, 9]),
    ("HØP-6", "Alle enheter drives i budsjettbalanse", "KPS-4", [8, 16]),
    ("HØP-7", "Mindre klimagassutslipp fra kommunens egen transport", "KPS-5", [13]),
    ("HØP-8", "Flere elever fullfører og består videregående opplæring", "OPP-2", [4]),
]


def _goals(rows: Sequence[tuple[str, str, str | None, list[int]]]) -> list[dict[str, Any]]:
    return [
        {"id": did(code), "code": code, "text": text, "parent": did(parent) if parent else None, "sdgs": sdgs}
        for code, text, parent, sdgs in rows
    ]


def catalogue() -> dict[str, Any]:
    """The demo plan catalogue in the import format (docs/plankatalog.md)."""
    return {
        "format": "enhetsdialog.plankatalog/1",
        "municipality": MUNICIPALITY["name"],
        # Trondheim kommune's values, as the demo of a municipality's own words (docs/plankatalog.md)
        "values": {
            "intro": "Hva betyr åpen, kompetent og modig hos oss – i det vi faktisk gjør sammen?",
            "items": [
                {"name": "Åpen", "question": "Hvordan deler vi, inviterer med og sier ifra?",
                 "example": "For eksempel: Vi deler planene tidlig med foreldre og ansatte …"},
                {"name": "Kompetent", "question": "Hvilken kompetanse bygger vi, og hvordan lærer vi av hverandre?",
                 "example": "For eksempel: Lærende møter hver uke der vi deler erfaringer …"},
                {"name": "Modig", "question": "Hva betyr det å være modig hos oss?",
                 "example": "For eksempel: Vi sier ja til å prøve, og vi tør å stoppe det som ikke virker …"},
            ],
        },
        "plans": [
            {
                "id": did("plan:kps"),
                "kind": "kps",
                "name": "Kommuneplanens samfunnsdel 2020–2032",
                "period": [2020, 2032],
                "parent": None,
                "goals": _goals(_KPS),
            },
            {
                "id": did("plan:oppvekst"),
                "kind": "kommunedelplan",
                "name": "Kommunedelplan for oppvekst 2022–2030",
                "period": [2022, 2030],
                "parent": did("plan:kps"),
                "goals": _goals(_OPPVEKST),
            },
            {
                "id": did("plan:helse"),
                "kind": "temaplan",
                "name": "Temaplan helse og velferd 2023–2030",
                "period": [2023, 2030],
                "parent": did("plan:kps"),
                "goals": _goals(_HELSE),
            },
            {
                "id": did("plan:hop"),
                "kind": "hop",
                "name": "Handlings- og økonomiplan 2026–2029",
                "period": [2026, 2029],
                "parent": did("plan:kps"),
                "goals": _goals(_HOP),
            },
        ],
    }


# --- the organisation ----------------------------------------------------------------------------

AREAS: list[dict[str, Any]] = [
    {
        "key": "oppvekst",
        "name": "Oppvekst og utdanning",
        "director": ("Kari Nordahl", "Kommunaldirektør oppvekst og utdanning"),
    },
    {
        "key": "helse",
        "name": "Helse og velferd",
        "director": ("Jon Erik Fossum", "Kommunaldirektør helse og velferd"),
    },
]

UNITS: list[dict[str, Any]] = [
    {"key": "lade", "area": "oppvekst", "name": "Lade skole", "kind": "skole", "leader": ("Ingrid Solberg", "Rektor")},
    {"key": "byasen", "area": "oppvekst", "name": "Byåsen ungdomsskole", "kind": "skole",
     "leader": ("Henrik Aas", "Rektor")},
    {"key": "solsiden", "area": "oppvekst", "name": "Solsiden barnehage", "kind": "barnehage",
     "leader": ("Tor Haugen", "Styrer")},
    {"key": "ostbyen", "area": "helse", "name": "Hjemmetjenesten Østbyen", "kind": "hjemmetjeneste",
     "leader": ("Amina Rashid", "Enhetsleder")},
    {"key": "tjenestekontoret", "area": "helse", "name": "Helse- og velferdskontoret", "kind": "tjenestekontor",
     "leader": ("Per Ole Lien", "Enhetsleder")},
]

# --- agreement content per unit kind --------------------------------------------------------------

# indicator tuple: (kind, name, unit, baseline, baseline year, target, direction, source, frequency, responsible)
CONTENT: dict[str, dict[str, Any]] = {
    "skole": {
        "challenges": (
            "Elevundersøkelsen viser at 7,8 % av elevene på 5.–7. trinn opplever mobbing, og lesing på "
            "mellomtrinnet ligger under kommunesnittet. Sykefraværet blant ansatte økte i fjor, særlig "
            "korttidsfraværet i vintermånedene.\nVi vil bruke året på få ting, og gjøre dem godt."
        ),
        "value_open": "Vi deler det vi får til og det vi strever med – i teamene, med foreldrene og med elevene.",
        "value_competent": "Vi bygger kompetanse sammen gjennom lærende møter og kollegaveiledning hver måned.",
        "value_brave": "Vi prøver nye måter å organisere lesing på, og tør å si fra når noe ikke virker.",
        "courage_trials": "To trinn prøver ut nivådelt lesing i fire uker av gangen, med elevene med på evalueringen.",
        "courage_learning": "Hver utprøving avsluttes med en kort «hva lærte vi?»-samtale i teamet, også når det ikke gikk som planlagt.",
        "culture_leadership": "Ledelsen er til stede i klasserommene, og vi bruker et felles språk om læringsmiljø (Respekt-programmet).",
        "structures": "Fast teamtid tirsdager, felles årshjul for kartlegging, digitalt skjema for bekymringsmeldinger.",
        "follow_up_plan": "Indikatorene gjennomgås i ledermøtet hver tertial og med tillitsvalgte i desember og juni.",
        "users_voice": "Elevrådet ba om flere voksne ute i friminuttene og roligere overganger mellom timene.",
        "support": [("hr", "Hjelp til nærværsarbeid og tett oppfølging av langtidssykemeldte."),
                    ("fagstøtte", "Veiledning fra PPT i arbeidet med lesing på mellomtrinnet."),
                    ("ikt", "Stabile elev-PC-er og opplæring i det nye kartleggingsverktøyet.")],
        "participants": [("Tillitsvalgt Utdanningsforbundet", "Marte Lund", "Arbeidsmøte om mål og tiltak", "Uke 38"),
                         ("Verneombud", "Ola Bakken", "Gjennomgang av nærværstiltak", "Uke 39"),
                         ("Elevrådet", "", "Innspillsmøte med elevrådet", "2026-10-02"),
                         ("FAU", "", "Dialogmøte med foreldrerådets arbeidsutvalg", "2026-10-09")],
        "goals": [
            {
                "text": "Alle elever skal ha et trygt og godt skolemiljø",
                "description": "Vi jobber systematisk med relasjoner, tydelige voksne og rask oppfølging etter opplæringsloven kapittel 12.",
                "links": ["HØP-2", "OPP-1"], "sdgs": [4, 16],
                "activities": [("Faste miljøvandringer med elevrådet", "Inspektør", "2027-03-31"),
                               ("Kurs i Respekt-programmet for alle nye ansatte", "Rektor", "2027-01-15"),
                               ("Trivselsledere på alle trinn fra 4. trinn", "Sosiallærer", "2027-02-01")],
                "indicators": [
                    ("prosess", "Andel ansatte som har gjennomført kurs i Respekt-programmet", "%", "62", 2026, "95", "higher", "Kursoversikt", "halvårlig", "Rektor"),
                    ("prosess", "Antall miljøvandringer gjennomført med elevrådet", "antall", "2", 2026, "6", "higher", "Referat", "tertialvis", "Inspektør"),
                    ("resultat", "Andel elever på 5.–7. trinn som opplever mobbing", "%", "7,8", 2026, "4", "lower", "Elevundersøkelsen", "årlig", "Rektor"),
                ],
            },
            {
                "text": "Flere elever leser med god forståelse",
                "description": "Lesing i alle fag, med særlig innsats på mellomtrinnet.",
                "links": ["OPP-2", "HØP-8"], "sdgs": [4],
                "activities": [("Nivådelt lesing i perioder på 5. og 6. trinn", "Teamleder mellomtrinnet", "2027-04-30"),
                               ("Lesekurs for foresatte", "Skolebibliotekar", "2026-11-30")],
                "indicators": [
                    ("prosess", "Andel lærere som bruker felles lesestrategier ukentlig", "%", "40", 2026, "80", "higher", "Egen spørring i personalet", "halvårlig", "Teamledere"),
                    ("resultat", "Andel elever under kritisk grense på nasjonal prøve i lesing, 5. trinn", "%", "24", 2026, "18", "lower", "Nasjonale prøver", "årlig", "Rektor"),
                ],
            },
            {
                "text": "Et godt og helsefremmende arbeidsmiljø",
                "description": "Nærvær er et felles ansvar; vi ser hverandre og tilrettelegger tidlig.",
                "links": ["HØP-1"], "sdgs": [8],
                "activities": [("Nærværssamtale innen 14 dager ved fravær", "Rektor", "2027-12-31")],
                "indicators": [
                    ("prosess", "Andel nærværssamtaler gjennomført innen 14 dager", "%", "55", 2026, "90", "higher", "HR-systemet", "tertialvis", "Rektor"),
                    ("resultat", "Sykefravær blant ansatte", "%", "9,4", 2026, "7,5", "lower", "HR-systemet", "tertialvis", "Rektor"),
                ],
            },
        ],
    },
    "barnehage": {
        "challenges": (
            "Flere barn trenger støtte i språkutviklingen, og vi har mange nyansatte uten barnehagelærerutdanning. "
            "Foreldrene etterlyser mer informasjon om hverdagen i barnehagen."
        ),
        "value_open": "Vi inviterer foreldrene inn i hverdagen og deler både det som går bra og det vi vil bli bedre på.",
        "value_competent": "Alle assistenter får tilbud om fagbrev, og vi har refleksjonsmøter hver annen uke.",
        "value_brave": "Vi tester språkgrupper på tvers av avdelingene og lar barna være med å bestemme temaene.",
        "courage_trials": "Utelek med språkfokus to dager i uka på alle avdelinger.",
        "courage_learning": "Vi filmer (med samtykke) og ser sammen på hva som fungerte i språkarbeidet.",
        "culture_leadership": "Pedagogiske ledere leder refleksjonsmøtene; styrer deltar på avdelingene hver uke.",
        "structures": "Ny plan for foreldresamtaler, felles observasjonsverktøy (TRAS) og ukentlig infobrev.",
        "follow_up_plan": "Status på indikatorene i personalmøtet hver måned og med SU to ganger i året.",
        "users_voice": "Foreldreundersøkelsen og barnesamtaler: barna vil ha mer tid ute og flere turer.",
        "support": [("fagstøtte", "Språkveileder fra oppvekstkontoret fire ganger i halvåret."),
                    ("hr", "Hjelp til rekruttering av barnehagelærere.")],
        "participants": [("Tillitsvalgt Fagforbundet", "Siri Moe", "Workshop på planleggingsdag", "2026-08-14"),
                         ("Samarbeidsutvalget", "", "Behandling av utkast", "2026-10-20")],
        "goals": [
            {
                "text": "Alle barn får god støtte i språkutviklingen",
                "description": "Språk i hverdagssituasjonene, med særlig vekt på barn med flere språk.",
                "links": ["HØP-3", "OPP-3"], "sdgs": [4, 10],
                "activities": [("Språkgrupper på tvers av avdelinger", "Pedagogisk leder Bjørka", "2027-05-31"),
                               ("Kurs i dialogisk lesing for alle ansatte", "Styrer", "2027-02-28")],
                "indicators": [
                    ("prosess", "Andel ansatte som har gjennomført kurs i dialogisk lesing", "%", "30", 2026, "100", "higher", "Kursoversikt", "halvårlig", "Styrer"),
                    ("resultat", "Andel barn med alderstypisk språkutvikling ved skolestart", "%", "78", 2026, "85", "higher", "TRAS-kartlegging", "årlig", "Pedagogiske ledere"),
                ],
            },
            {
                "text": "Et godt samarbeid med foreldrene",
                "description": "",
                "links": ["OPP-1"], "sdgs": [4],
                "activities": [("Ukentlig infobrev med bilder fra hverdagen", "Pedagogiske ledere", "2027-01-10")],
                "indicators": [
                    ("resultat", "Foreldrenes samlede tilfredshet", "skår 1–5", "4,1", 2026, "4,5", "higher", "Foreldreundersøkelsen", "årlig", "Styrer"),
                ],
            },
        ],
    },
    "hjemmetjeneste": {
        "challenges": (
            "Flere eldre bor hjemme med sammensatte behov. Vi bruker mye tid på kjøring og har høyt "
            "korttidsfravær. Brukerne ønsker færre ulike ansatte innom døra."
        ),
        "value_open": "Vi snakker med brukerne, ikke om dem, og tar pårørende med når brukeren ønsker det.",
        "value_competent": "Alle ansatte har oppdatert kompetanse i legemiddelhåndtering og velferdsteknologi.",
        "value_brave": "Vi prøver ut faste team rundt brukerne, selv om det utfordrer turnusen.",
        "courage_trials": "Selvstyrte team i én sone i seks måneder.",
        "courage_learning": "Evaluering med brukere, ansatte og tillitsvalgte etter tre og seks måneder.",
        "culture_leadership": "Teamlederne har fått større handlingsrom til å prioritere innenfor rammene.",
        "structures": "Ruteplanlegging i fagsystemet, faste morgenmøter, digitale medisindispensere.",
        "follow_up_plan": "Tertialvis gjennomgang i ledergruppen; resultatene rapporteres i årsberetningen.",
        "users_voice": "Brukerrådet: «Det viktigste er at vi kjenner dem som kommer, og at de har tid til en prat.»",
        "support": [("ikt", "Stabil mobildekning og opplæring i nytt fagsystem på nettbrett."),
                    ("økonomi", "Bistand til å beregne gevinster av velferdsteknologi."),
                    ("kommunikasjon", "Informasjonsmateriell til brukere og pårørende om digitalt tilsyn.")],
        "participants": [("Tillitsvalgt NSF", "Hanne Berg", "Arbeidsgruppe for faste team", "Uke 40"),
                         ("Verneombud", "Kjetil Ruud", "Risikovurdering av ny turnus", "Uke 41"),
                         ("Brukerrådet", "", "Samtale om kontinuitet", "2026-10-15")],
        "goals": [
            {
                "text": "Brukerne møter færre og mer kjente ansatte",
                "description": "Kontinuitet gir trygghet og bedre faglig oppfølging.",
                "links": ["HV-1", "HV-2"], "sdgs": [3],
                "activities": [("Faste team i sone nord", "Teamleder sone nord", "2027-03-01"),
                               ("Ny turnus med lengre vakter etter ønske", "Enhetsleder", "2027-06-01")],
                "indicators": [
                    ("prosess", "Andel brukere med fast primærkontakt", "%", "64", 2026, "90", "higher", "Fagsystemet", "kvartalsvis", "Teamledere"),
                    ("resultat", "Gjennomsnittlig antall ulike ansatte hos en bruker per 14 dager", "antall", "17", 2026, "10", "lower", "Fagsystemet", "kvartalsvis", "Enhetsleder"),
                ],
            },
            {
                "text": "Velferdsteknologi gir mer tid til det som betyr noe",
                "description": "",
                "links": ["HØP-5"], "sdgs": [3, 9],
                "activities": [("Digitale medisindispensere til alle aktuelle brukere", "Fagsykepleier", "2027-09-30")],
                "indicators": [
                    ("prosess", "Antall brukere med digital medisindispenser", "antall", "45", 2026, "90", "higher", "Fagsystemet", "kvartalsvis", "Fagsykepleier"),
                    ("resultat", "Frigjorte timer per uke", "timer", "0", 2026, "60", "higher", "Ruteplanlegging", "tertialvis", "Enhetsleder"),
                ],
            },
            {
                "text": "Mindre kjøring med fossilbil",
                "description": "",
                "links": ["HØP-7"], "sdgs": [13],
                "activities": [("Bytte fire leasingbiler til elbil", "Enhetsleder", "2027-04-01")],
                "indicators": [
                    ("resultat", "Andel kjørte kilometer med elbil", "%", "35", 2026, "75", "higher", "Flåtesystemet", "tertialvis", "Enhetsleder"),
                ],
            },
        ],
    },
    "tjenestekontor": {
        "challenges": "Søknadene om helse- og omsorgstjenester har økt med 15 % på to år, og saksbehandlingstiden er for lang.",
        "value_open": "Vi forklarer vedtakene våre i et språk folk forstår.",
        "value_competent": "Felles vurderingsverktøy og kollegaveiledning sikrer like vedtak.",
        "value_brave": "Vi tester hjemmebesøk før vedtak i saker der det kan gi bedre løsninger.",
        "courage_trials": "",
        "courage_learning": "",
        "culture_leadership": "",
        "structures": "Digital søknad, felles kø og ukentlig fordelingsmøte.",
        "follow_up_plan": "",
        "users_voice": "",
        "support": [("ikt", "Integrasjon mellom digital søknad og fagsystem.")],
        "participants": [],
        "goals": [
            {
                "text": "Kortere saksbehandlingstid",
                "description": "",
                "links": ["HØP-4"], "sdgs": [16],
                "activities": [("Innføre felles kø og fordelingsmøte", "Fagleder", "2027-02-01")],
                "indicators": [
                    ("resultat", "Median saksbehandlingstid for vedtak om hjemmetjenester", "dager", "21", 2026, "14", "lower", "Fagsystemet", "månedlig", "Fagleder"),
                ],
            },
            {
                "text": "Flere innbyggere opplever å bli forstått",
                "description": "",
                "links": [], "sdgs": [],
                "activities": [],
                "indicators": [],
            },
        ],
    },
}

REMARKS = [
    # (anchor: "section:<name>" | "goal:<index>" | "indicator:<goal>:<index>", director text, leader reply, resolved)
    ("goal:0", "Godt og tydelig mål. Kan dere si litt mer om hvordan foreldrene med annet morsmål nås?",
     "Ja – vi bruker tolk på foreldremøtene og oversetter infobrevet til de fire største språkene.", False),
    ("indicator:0:1", "Målverdien 85 % er ambisiøs. Hva er kommunesnittet?",
     "Kommunesnittet var 81 % i fjor. Vi mener 85 % er realistisk med språkgruppene.", True),
    ("section:hvordan", "Fint at dere prøver ut språkgrupper på tvers. Del gjerne erfaringene i nettverket for styrere.",
     "", False),
]
