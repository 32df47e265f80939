"""Checks of the PDF/A-2 (level U and A) and PDF/UA-1 clauses our output touches, beyond pikepdf's
PDF/A-2b validator: identification, the extension schema, Unicode for every glyph, embedded fonts,
and for a tagged file the structure tree, artifacts and tagged widgets. Each finding is one line.
"""

from __future__ import annotations

import re
from typing import Any

import pikepdf
from pikepdf import Dictionary, Name

from enhetsdialog.pdf import content as stored

_TEXT_OPS = frozenset({"Tj", "TJ", "'", '"'})
_PAINT_OPS = _TEXT_OPS | {"Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"}
_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def claimed(doc: pikepdf.Pdf) -> tuple[str, str]:
    """(pdfaid:part, pdfaid:conformance) as the XMP states them ('' when absent)."""
    with doc.open_metadata() as xmp:
        return str(xmp.get("pdfaid:part", "")), str(xmp.get("pdfaid:conformance", ""))


def _zero_size(annot: Any) -> bool:
    rect = [float(v) for v in annot.get("/Rect", [])]
    return len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]


def findings(doc: pikepdf.Pdf) -> list[str]:
    out: list[str] = []
    part, level = claimed(doc)
    if part != "2":
        out.append(f"pdfaid:part is {part!r}, expected '2'")
    if level not in ("U", "A"):
        out.append(f"pdfaid:conformance is {level!r}, expected 'U' or 'A'")
    declared = stored.declared_properties(doc)
    found = stored.read_open(doc)
    if found is None or found.source != "xmp":
        out.append("the agreement's content is not in the XMP metadata")
    wanted = {name for name, _kind, _desc in stored.PROPERTIES}
    if not wanted <= declared.get(stored.NS, set()):
        out.append(f"the extension schema does not declare {sorted(wanted - declared.get(stored.NS, set()))}")
    with doc.open_metadata() as xmp:
        ua = str(xmp.get("pdfuaid:part", ""))
        title = str(xmp.get("dc:title", ""))
    if ua and "part" not in declared.get(stored.PDFUAID, set()):
        out.append("pdfuaid:part is used but its schema is not declared")
    if doc.attachments:
        out.append("the file has embedded files (PDF/A-2 allows only PDF/A ones; we embed none)")
    cache: Parsed = {}
    out += font_findings(doc, cache)
    if level == "A" or ua:
        out += tagging_findings(doc, require_title=bool(ua), title=title, cache=cache)
    return out


def _streams(doc: pikepdf.Pdf) -> list[tuple[Any, Any]]:
    """Every content stream that is drawn (pages, their form XObjects, annotation appearances),
    each with its resources."""
    out: list[tuple[Any, Any]] = []
    seen: set[tuple[int, int]] = set()

    def forms(resources: object) -> None:
        xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        if not isinstance(xobjects, Dictionary):
            return
        for xobj in xobjects.values():
            if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == Name.Form and xobj.objgen not in seen:
                seen.add(xobj.objgen)
                res = xobj.get("/Resources", Dictionary())
                out.append((xobj, res))
                forms(res)

    for page in doc.pages:
        res = page.obj.get("/Resources", Dictionary())
        out.append((page, res))
        forms(res)
        for annot in page.obj.get("/Annots", []):
            ap = annot.get("/AP")
            normal = ap.get("/N") if isinstance(ap, Dictionary) else None
            if isinstance(normal, pikepdf.Stream) and normal.objgen not in seen:
                seen.add(normal.objgen)
                nres = normal.get("/Resources", Dictionary())
                out.append((normal, nres))
                forms(nres)
    return out


Parsed = dict[tuple[int, int], list[Any]]  # a page's or stream's object → its parsed content (one parse per check)


def _parse(target: Any, cache: Parsed | None) -> list[Any]:
    if cache is None:
        return list(pikepdf.parse_content_stream(target))
    key = (target.obj if isinstance(target, pikepdf.Page) else target).objgen
    if key not in cache:
        cache[key] = list(pikepdf.parse_content_stream(target))
    return cache[key]


def used_codes(doc: pikepdf.Pdf, cache: Parsed | None = None) -> dict[tuple[int, int], tuple[Dictionary, set[int]]]:
    """Font (by object) → the character codes drawn with it (simple fonts: one byte per code)."""
    used: dict[tuple[int, int], tuple[Dictionary, set[int]]] = {}
    for stream, resources in _streams(doc):
        fonts = resources.get("/Font", Dictionary())
        current: Dictionary | None = None
        for operands, operator in _parse(stream, cache):
            op = str(operator)
            if op == "Tf" and operands:
                found = fonts.get(str(operands[0])) if isinstance(fonts, Dictionary) else None
                current = found if isinstance(found, Dictionary) else None
            elif op in _TEXT_OPS and current is not None:
                strings = [x for x in (operands[-1] if op == "TJ" else operands[-1:]) if isinstance(x, pikepdf.String)]
                entry = used.setdefault(current.objgen, (current, set()))
                for text in strings:
                    entry[1].update(bytes(text))
    return used


def font_findings(doc: pikepdf.Pdf, cache: Parsed | None = None) -> list[str]:
    """Every font drawn with is embedded and maps every code it draws to text (ToUnicode)."""
    out: list[str] = []
    for font, codes in used_codes(doc, cache).values():
        name = str(font.get("/BaseFont", "?"))
        descendants = font.get("/DescendantFonts")
        target = descendants[0] if isinstance(descendants, pikepdf.Array) else font
        descriptor = target.get("/FontDescriptor")
        if font.get("/Subtype") != Name.Type3 and not (
            isinstance(descriptor, Dictionary)
            and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        ):
            out.append(f"font {name} is not embedded")
        cmap = font.get("/ToUnicode")
        if not isinstance(cmap, pikepdf.Stream):
            out.append(f"font {name} has no ToUnicode map")
            continue
        data = bytes(cmap.read_bytes())
        pairs = {int(c, 16): d.upper() for block in _BFCHAR_BLOCK.findall(data) for c, d in _BFCHAR.findall(block)}
        for code in sorted(codes):
            value = pairs.get(code)
            if value is None:
                out.append(f"font {name}: code <{code:02X}> has no ToUnicode entry")
            elif value in (b"", b"0000", b"FFFE", b"FEFF") or len(value) % 4:
                out.append(f"font {name}: code <{code:02X}> maps to <{value.decode()}>, not to text")
            elif any(0xE000 <= int(value[i : i + 4], 16) <= 0xF8FF for i in range(0, len(value), 4)):
                out.append(f"font {name}: code <{code:02X}> maps to a private-use character")
    return out


def untagged_content(doc: pikepdf.Pdf, cache: Parsed | None = None) -> list[str]:
    """Painting operators outside any marked-content sequence with an MCID or an Artifact, per page."""
    out: list[str] = []
    for number, page in enumerate(doc.pages, start=1):
        stack: list[bool] = []  # True: inside tagged content or an artifact
        count = 0
        for operands, operator in _parse(page, cache):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0]) if operands else ""
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                marked = tag == "/Artifact" or (isinstance(props, Dictionary) and "/MCID" in props)
                stack.append(marked or (bool(stack) and stack[-1]))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in _PAINT_OPS and not (stack and stack[-1]):
                count += 1
        if count:
            out.append(f"page {number}: {count} painting operators are neither tagged nor artifacts")
    return out


def tagging_findings(doc: pikepdf.Pdf, *, require_title: bool, title: str, cache: Parsed | None = None) -> list[str]:
    out: list[str] = []
    root = doc.Root
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, Dictionary):
        return ["level A/PDF/UA is claimed but there is no /StructTreeRoot"]
    mark = root.get("/MarkInfo")
    if not (isinstance(mark, Dictionary) and bool(mark.get("/Marked", False))):
        out.append("/MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")):
        out.append("the catalog has no /Lang")
    if require_title:
        prefs = root.get("/ViewerPreferences")
        if not (isinstance(prefs, Dictionary) and bool(prefs.get("/DisplayDocTitle", False))):
            out.append("/ViewerPreferences /DisplayDocTitle is not true")
        if not title:
            out.append("dc:title is empty")
    for number, page in enumerate(doc.pages, start=1):
        if "/StructParents" not in page.obj:
            out.append(f"page {number} has no /StructParents")
        annots: Any = page.obj.get("/Annots", [])
        if len(annots) and page.obj.get("/Tabs") != Name.S:
            out.append(f"page {number} has annotations but /Tabs is not /S")
        for annot in annots:
            # a zero-size widget (a document timestamp's field) is not shown: nothing to tag
            if "/StructParent" not in annot and not _zero_size(annot):
                out.append(f"page {number}: an annotation ({annot.get('/T', '?')}) is not tagged")
    for elem in _elements(tree):
        role = str(elem.get("/S", ""))
        if role == "/Figure" and not str(elem.get("/Alt", "")):
            out.append("a Figure has no alternative text (/Alt)")
        if role == "/TH" and "/A" not in elem:
            out.append("a table header cell has no /Scope")
    out += untagged_content(doc, cache)
    return out


def _elements(tree: Dictionary) -> list[Dictionary]:
    out: list[Dictionary] = []
    pending = [tree.get("/K")]
    seen: set[tuple[int, int]] = set()
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.Array):
            pending.extend(item)
        elif isinstance(item, Dictionary) and item.get("/Type") not in (Name.MCR, Name.OBJR):
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            out.append(item)
            pending.append(item.get("/K"))
    return out
