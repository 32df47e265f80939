"""Marking content as it is drawn, for a tagged PDF (ReportLab has no tagging API of its own).

The adapter gives every flowable it makes a structure :class:`Node` (P, H1, TD, Figure, ...) in a
tree rooted at ``Document``. While ReportLab draws, :class:`Tagger` wraps each piece of content in a
marked-content sequence with a fresh MCID on its page (``/P <</MCID 3>> BDC … EMC``) and records
that MCID as a kid of the node; everything else (page furniture, table backgrounds and rules, the
frames of the signature boxes, repeated table headers on later pages) is wrapped as ``/Artifact``.
After ReportLab is done, ``render_structtree`` turns the nodes into the StructTreeRoot and the
ParentTree with pikepdf.

Rules that keep the marking valid: marked-content sequences never nest (a paragraph inside a table
cell adds to the cell's sequence instead of opening its own), never straddle a page, and every
sequence that is opened is closed by the same drawing call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table


@dataclass(frozen=True, slots=True)
class MCRef:
    """A marked-content sequence: page index (0-based) and MCID."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class WidgetRef:
    """A signature field's widget annotation, by field name (an OBJR kid of a Form element)."""

    field: str


@dataclass(eq=False, slots=True)
class Node:
    role: str
    parent: Node | None = None
    kids: list[Node | MCRef | WidgetRef] = field(default_factory=list)
    alt: str | None = None
    lang: str | None = None
    attributes: dict[str, str] | None = None  # e.g. {"O": "Table", "Scope": "Column"}
    drawn: bool = False

    def add(self, role: str, **kwargs: Any) -> Node:
        child = Node(role, self, **kwargs)
        self.kids.append(child)
        return child

    def walk(self) -> list[Node]:
        out = [self]
        for kid in self.kids:
            if isinstance(kid, Node):
                out.extend(kid.walk())
        return out

    def has_content(self) -> bool:
        return any(not isinstance(k, Node) or k.has_content() for k in self.kids)


class Tagger:
    """MCID bookkeeping for one document; the canvas carries it as ``canvas.tagger``."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.page_mcids: dict[int, list[Node]] = {}
        self._open = 0  # depth of the marked-content sequence now open (0: none)
        self._artifact = False

    @property
    def inside(self) -> bool:
        return self._open > 0

    def begin(self, canv: Canvas, node: Node | None) -> None:
        """Open a sequence for ``node`` (or an artifact when ``node`` is None)."""
        if self._open:
            self._open += 1
            return
        self._open = 1
        if node is None:
            self._artifact = True
            canv.addLiteral("/Artifact BMC")
            return
        self._artifact = False
        page = canv.getPageNumber() - 1
        mcids = self.page_mcids.setdefault(page, [])
        mcid = len(mcids)
        mcids.append(node)
        node.kids.append(MCRef(page, mcid))
        node.drawn = True
        canv.addLiteral(f"/{node.role} <</MCID {mcid}>> BDC")

    def begin_artifact(self, canv: Canvas, kind: str = "Pagination", subtype: str | None = None) -> None:
        if self._open:
            self._open += 1
            return
        self._open = 1
        self._artifact = True
        props = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
        canv.addLiteral(f"/Artifact <<{props}>> BDC")

    def end(self, canv: Canvas) -> None:
        if self._open == 0:
            raise RuntimeError("EMC without an open marked-content sequence")
        self._open -= 1
        if self._open == 0:
            canv.addLiteral("EMC")


def tagger_of(canv: Canvas) -> Tagger | None:
    found: Tagger | None = getattr(canv, "tagger", None)
    return found


class TaggedTable(Table):  # type: ignore[misc]  # ReportLab has no type hints
    """A Table whose cells are tagged TH/TD (or Caption) and whose backgrounds and rules are artifacts.

    ``tag_rows[r][c]`` is the node of the cell drawn at row ``r``, column ``c`` of *this* table
    (None for a cell covered by a span); ``tag_repeat[r]`` says the row is a header repeated from
    an earlier page (drawn as an artifact). Splitting keeps both in step with the rows of the parts.
    """

    tag_rows: list[list[Node | None]]
    tag_repeat: list[bool]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("renderCB", _render_cb)
        super().__init__(*args, **kwargs)
        self.tag_rows = []
        self.tag_repeat = []

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> list[Any]:
        parts: list[Any] = super()._splitRows(availHeight, doInRowSplit=doInRowSplit)
        if len(parts) != 2 or not self.tag_rows:
            return parts
        first, second = parts
        n0 = len(first._cellvalues)
        first.tag_rows = self.tag_rows[:n0]
        first.tag_repeat = self.tag_repeat[:n0]
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        rest = len(second._cellvalues) - repeat
        second.tag_rows = self.tag_rows[:repeat] + self.tag_rows[len(self.tag_rows) - rest :]
        second.tag_repeat = [True] * repeat + self.tag_repeat[len(self.tag_repeat) - rest :]
        return parts


def _render_cb(table: Any, event: str, *args: Any) -> None:
    tagger = tagger_of(table.canv)
    if tagger is None:
        return
    canv = table.canv
    if event in ("startBG", "startLines"):
        tagger.begin(canv, None)
    elif event in ("endBG", "endLines", "endCell"):
        tagger.end(canv)
    elif event == "startCell":
        row, col = args[0], args[1]
        rows: list[list[Node | None]] = getattr(table, "tag_rows", [])
        node = rows[row][col] if row < len(rows) and col < len(rows[row]) else None
        repeat = getattr(table, "tag_repeat", [])
        if node is None or (row < len(repeat) and repeat[row]):
            tagger.begin_artifact(canv)
        else:
            tagger.begin(canv, node)
