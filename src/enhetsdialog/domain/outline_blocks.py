"""The block types of :mod:`enhetsdialog.domain.outline` and the small text helpers it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from enhetsdialog import i18n
from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Section, Status
from enhetsdialog.domain.model import FullAgreement, Goal
from enhetsdialog.i18n import N_, LazyText, Text

DASH = "–"

# --- blocks ---------------------------------------------------------------------------------------------

Anchor = tuple[str, str]
"""What a block (or a table row) shows, for remarks and comparisons: (item kind, item id)."""


class Tone(StrEnum):
    BODY = "body"
    LEAD = "lead"  # the sentence under a part's heading
    MUTED = "muted"  # "nothing registered" and similar
    NOTICE = "notice"  # the draft warning
    SUBTITLE = "subtitle"
    CODE = "code"  # the fingerprint, shown in groups


@dataclass(frozen=True, slots=True)
class Heading:
    text: Text
    level: int  # 1, 2 or 3
    style: str = ""  # "title" for the document title, "minor" for a small heading; else by level
    bookmark: bool = True
    anchor: Anchor | None = None  # the item the heading names (a goal)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: Text
    tone: Tone = Tone.BODY


@dataclass(frozen=True, slots=True)
class UserText:
    text: str
    empty: Text = N_("Ikke fylt ut.")
    field: str | None = None  # the answer of the revision it shows (Content's field name)


@dataclass(frozen=True, slots=True)
class Labelled:
    label: Text
    text: str
    empty: Text = N_("Ikke fylt ut.")
    field: str | None = None  # the answer of the revision it shows (Content's field name)


@dataclass(frozen=True, slots=True)
class Facts:
    rows: tuple[tuple[Text, Text], ...]


@dataclass(frozen=True, slots=True)
class ItemList:
    items: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Column:
    header: Text
    weight: float = 1.0  # relative width


@dataclass(frozen=True, slots=True)
class Cell:
    text: Text
    note: Text = ""  # a second, smaller line (a description, a plan's name, the frequency)
    strong: bool = False
    row_header: bool = False  # the cell names its row (a header cell with row scope)

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True, slots=True)
class Table:
    kind: str  # "parties", "plan_links", "support_needs", "activities", "indicators", "participants", ...
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: Text | None = None
    anchors: tuple[Anchor | None, ...] = ()  # per row: the item it shows


@dataclass(frozen=True, slots=True)
class SdgTile:
    number: int
    name: Text
    colour: str  # "#RRGGBB"
    alt: Text  # what the coloured tile says, for those who cannot see it


@dataclass(frozen=True, slots=True)
class SdgTiles:
    tiles: tuple[SdgTile, ...]


@dataclass(frozen=True, slots=True)
class Group:
    blocks: tuple[Block, ...]
    keep_together: bool = True
    anchor: Anchor | None = None  # the item the whole group is about (a goal's red thread)


@dataclass(frozen=True, slots=True)
class Reply:
    byline: Text
    text: str


@dataclass(frozen=True, slots=True)
class Thread:
    heading: Text
    byline: Text
    text: str
    replies: tuple[Reply, ...] = ()
    empty: Text = N_("(tom merknad)")


@dataclass(frozen=True, slots=True)
class Party:
    role: Role
    role_label: Text
    name: Text
    title: str
    field: str | None  # the signature field's name, or None when this PDF cannot be signed


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    statement: Text
    fingerprint: str  # full hex
    parties: tuple[Party, ...]
    notice: Text | None  # the draft notice, or None
    footnote: Text
    field_caption: Text  # under a signature field
    no_field_caption: Text  # under the box of a draft


@dataclass(frozen=True, slots=True)
class ChartSeries:
    name: Text
    values: tuple[Decimal | None, ...]  # one per category of the chart; None: nothing measured
    previous: bool = False  # last year's values (drawn lighter)


@dataclass(frozen=True, slots=True)
class Chart:
    """A small line chart of one indicator: the measured values per period against the target
    (a line) and the baseline (a dashed line); ``alt`` says the same in words."""

    categories: tuple[Text, ...]  # the periods along the x axis
    series: tuple[ChartSeries, ...]
    target: Decimal | None
    baseline: Decimal | None
    alt: Text
    target_label: Text = N_("Mål")
    baseline_label: Text = N_("Utgangsverdi")


Block = (
    Heading
    | Paragraph
    | UserText
    | Labelled
    | Facts
    | ItemList
    | Table
    | SdgTiles
    | Group
    | Thread
    | SignatureBlock
    | Chart
)


class PartKind(StrEnum):
    COVER = "cover"
    RED_THREAD = "red_thread"
    HVOR = "hvor"
    HVORDAN = "hvordan"
    ENKLERE = "enklere"
    LYKKES = "lykkes"
    SAMSKAPING = "samskaping"
    MEETING = "meeting"
    REMARKS = "remarks"
    SIGNATURES = "signatures"
    # the year report (domain/year_report_outline.py)
    OVERVIEW = "overview"
    RESULTS = "results"  # one part per goal
    LEARNING = "learning"
    CONCLUSIONS = "conclusions"


@dataclass(frozen=True, slots=True)
class Part:
    kind: PartKind
    title: Text
    blocks: tuple[Block, ...]
    lead: Text | None = None
    number: int | None = None  # 1-4 for the four questions
    section: Section | None = None  # the domain section (remark anchor), when there is one

    @property
    def heading(self) -> Text:
        if self.number is None:
            return self.title
        return N_("{number} {title}", number=self.number, title=self.title)


@dataclass(frozen=True, slots=True)
class Outline:
    title: Text  # the document's title (PDF /Title)
    subject: Text
    running_header: Text
    status: Text
    draft: bool
    fingerprint: str
    year: int
    revision: int
    unit: str
    municipality: str
    document_id: str  # the revision's UUID
    authors: tuple[str, ...]
    parts: tuple[Part, ...] = field(default=())

    def part(self, kind: PartKind) -> Part | None:
        return next((p for p in self.parts if p.kind is kind), None)


# --- formatting helpers ----------------------------------------------------------------------------------


def label(value: Text) -> LazyText:
    """A domain label (an enum's ``label``, an SDG's name) as text translated where it is shown.

    The domain's labels are bokmål strings (or already LazyText); a LazyText made from one is
    translated when the catalogue has it, and shown as it is otherwise.
    """
    return value if isinstance(value, LazyText) else LazyText(value)


def format_date(value: date | None) -> str:
    return i18n.format_date(value)


def format_datetime(value: datetime | None) -> Text:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return N_("{date} kl. {time}", date=i18n.format_date(value), time=value.strftime("%H:%M"))


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def goal_title(n: int, goal: Goal) -> LazyText:
    return N_("Mål {n}: {text}", n=n, text=goal.text.strip() or N_("(uten tekst)"))


# --- constants shared by the builders -----------------------------------------------------------------

SIGNATURE_FIELDS: dict[Role, str] = {Role.LEDER: "Signatur_leder", Role.DIREKTOR: "Signatur_direktor"}
"""The names of the two signature fields (the PDF layer's ``names.SIGNATURE_FIELDS`` is this)."""

FINAL_STATUSES: frozenset[Status] = frozenset({Status.ENIGHET, Status.SIGNERT, Status.ARKIVERT})

PART_TITLES: dict[PartKind, LazyText] = {
    PartKind.COVER: N_("Forside"),
    PartKind.RED_THREAD: N_("Den røde tråden"),
    PartKind.HVOR: N_("Hvor vil vi?"),
    PartKind.HVORDAN: N_("Hvordan kommer vi dit?"),
    PartKind.ENKLERE: N_("Hva gjør det enklere?"),
    PartKind.LYKKES: N_("Hvordan vet vi om vi lykkes?"),
    PartKind.SAMSKAPING: N_("Samskaping"),
    PartKind.MEETING: N_("Vedlegg: Hva ble bestemt i dialogmøtet?"),
    PartKind.REMARKS: N_("Vedlegg: Merknader og svar"),
    PartKind.SIGNATURES: N_("Signaturer"),
}

PART_LEADS: dict[PartKind, LazyText] = {
    PartKind.RED_THREAD: N_("Hvordan enhetens mål henger sammen med kommunens planer og FNs bærekraftsmål."),
    PartKind.HVOR: N_("Felles, langsiktige mål for enheten – og utfordringene som begrunner dem."),
    PartKind.HVORDAN: N_("Kulturbygging, verdibasert ledelse, relasjoner og et felles språk."),
    PartKind.ENKLERE: N_(
        "Dynamiske strukturer, systemer og verktøy, og hva enheten trenger fra støttesystemet."
    ),
    PartKind.LYKKES: N_(
        "Analyse, evaluering og oppfølging. Avtalen ber om både prosess- og resultatindikatorer."
    ),
    PartKind.SAMSKAPING: N_("Hvem som har deltatt, hvordan, og hvordan brukernes stemme er hørt."),
    PartKind.MEETING: N_("Det partene noterte i dialogmøtet, del for del."),
    PartKind.REMARKS: N_("Merknadene og svarene fra dialogen om avtalen, i den rekkefølgen de ble skrevet."),
}

NO_GOALS = N_("Avtalen har ingen mål ennå.")
NOT_GIVEN = N_("(ikke oppgitt)")
MEETING_SUMMARY_KEY = "oppsummering"



def is_draft(status: Status) -> bool:
    return status not in FINAL_STATUSES


def order(items: list[object]) -> list[object]:
    return sorted(items, key=lambda x: (getattr(x, "position", 0), getattr(x, "id", "")))


def or_dash(text: str) -> str:
    return text if text.strip() else DASH


class Context:
    """What every part builder reads: the agreement, its sorted goals, draft state and fingerprint."""

    def __init__(self, full: FullAgreement, *, include_remarks: bool, signature_fields: bool | None) -> None:
        self.full = full
        self.rev = full.revision
        self.c = full.revision.content
        self.draft = is_draft(self.rev.status)
        self.with_fields = (not self.draft) if signature_fields is None else signature_fields
        self.include_remarks = include_remarks
        self.goals: list[Goal] = sorted(self.c.goals, key=lambda g: (g.position, g.id))
        self.fingerprint = fingerprint(self.rev)

    def part(self, kind: PartKind, blocks: list[Block], number: int | None = None) -> Part:
        section = None if kind.value not in Section.__members__.values() else Section(kind.value)
        return Part(kind, PART_TITLES[kind], tuple(blocks), PART_LEADS.get(kind), number, section)
