"""The structure tree of a tagged agreement PDF, written with pikepdf from the tagger's nodes.

Writes ``/StructTreeRoot`` (a ``Document`` element with the nodes in outline order, marked-content
references ``/MCR`` to what was drawn, ``/OBJR`` to the signature widgets), the ``/ParentTree``
(page ``i`` has ``/StructParents i``: the elements of its MCIDs in order; each widget has a
``/StructParent`` after the pages), ``/MarkInfo << /Marked true >>`` and ``/Tabs /S`` on pages with
annotations. Nodes that drew nothing are left out, except table cells, which keep tables regular.
"""

from __future__ import annotations

from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from enhetsdialog.pdf.render_tags import MCRef, Node, Tagger, WidgetRef

_KEEP_EMPTY = frozenset({"TH", "TD", "TR"})


def write_structure(pdf: pikepdf.Pdf, tagger: Tagger, widgets: dict[str, Any]) -> None:
    pages = [page.obj for page in pdf.pages]
    elements: dict[int, pikepdf.Dictionary] = {}
    widget_parents: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]] = []

    def keep(node: Node) -> bool:
        return node.has_content() or node.role in _KEEP_EMPTY or any(
            isinstance(k, WidgetRef) and k.field in widgets for k in node.kids
        )

    def make(node: Node, parent: pikepdf.Dictionary) -> pikepdf.Dictionary:
        entries: dict[str, object] = {"/Type": Name.StructElem, "/S": Name("/" + node.role), "/P": parent}
        refs = [k for k in node.kids if isinstance(k, MCRef)]
        one_page = bool(refs) and all(r.page == refs[0].page for r in refs)
        if one_page:  # MCIDs as plain integers, the page once on the element
            entries["/Pg"] = pages[refs[0].page]
        if node.alt:
            entries["/Alt"] = String(node.alt)
        if node.attributes:
            entries["/A"] = Dictionary({"/" + k: Name("/" + v) for k, v in node.attributes.items()})
        elem = pdf.make_indirect(Dictionary(entries))
        kids: list[object] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                if keep(kid):
                    kids.append(make(kid, elem))
            elif isinstance(kid, MCRef):
                kids.append(kid.mcid if one_page else Dictionary(Type=Name.MCR, Pg=pages[kid.page], MCID=kid.mcid))
            elif isinstance(kid, WidgetRef) and kid.field in widgets:
                widget = widgets[kid.field]
                kids.append(Dictionary(Type=Name.OBJR, Obj=widget, Pg=widget.P))
                widget_parents.append((widget, elem))
        # pyHanko's difference analysis accepts a signed widget that the structure tree refers to
        # only through Form.K.Obj (a single OBJR, not an array): keep a lone kid unwrapped
        elem.K = kids[0] if len(kids) == 1 and node.role == "Form" else Array(kids)
        elements[id(node)] = elem
        return elem

    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    root.K = make(tagger.root, root)
    nums = Array()
    for index, page in enumerate(pages):
        page.StructParents = index
        nodes = tagger.page_mcids.get(index, [])
        nums.append(index)
        nums.append(pdf.make_indirect(Array([elements[id(n)] for n in nodes])))
    key = len(pages)
    for widget, elem in widget_parents:
        widget.StructParent = key
        nums.append(key)
        nums.append(elem)
        key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    for page in pages:
        # on every page, so that an annotation added later (a document timestamp's widget) finds it set
        page.Tabs = Name.S
