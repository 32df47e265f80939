"""Which block of each side a difference marks (added, changed, moved, removed), and which block
a difference scrolls to: the comparison's differences (:func:`domain.compare.compare`) laid onto the
blocks the compare view shows (it draws nothing itself)."""

from __future__ import annotations

from enhetsdialog.domain.compare import Difference, DiffKind

from enhetsdialog.ui.director.document import AnchorKey, Block

# which mark wins when an item has several differences
_STRENGTH = {DiffKind.MOVED: 1, DiffKind.CHANGED: 2, DiffKind.ADDED: 3, DiffKind.REMOVED: 3}


def marks_for(differences: list[Difference], blocks_a: list[Block], blocks_b: list[Block]) -> tuple[dict[AnchorKey, str], dict[AnchorKey, str]]:
    """The mark (a DiffKind value) of each block on side a and side b."""
    by_id_a = {b.item_id: b.key for b in blocks_a if b.kind not in ("section", "agreement")}
    by_id_b = {b.item_id: b.key for b in blocks_b if b.kind not in ("section", "agreement")}
    field_a = {f: b.key for b in blocks_a for f in b.fields}
    field_b = {f: b.key for b in blocks_b for f in b.fields}
    marks_a: dict[AnchorKey, DiffKind] = {}
    marks_b: dict[AnchorKey, DiffKind] = {}

    def put(marks: dict[AnchorKey, DiffKind], key: AnchorKey | None, kind: DiffKind) -> None:
        if key is None:
            return
        current = marks.get(key)
        if current is None or _STRENGTH[kind] > _STRENGTH[current]:
            marks[key] = kind

    for d in differences:
        if d.item_kind is None:
            field = d.a_id or d.b_id or ""
            kind = DiffKind.CHANGED  # a section block shows several texts: any change marks it "changed"
            put(marks_a, field_a.get(field), kind)
            put(marks_b, field_b.get(field), kind)
            continue
        if d.a_id is not None:
            put(marks_a, by_id_a.get(d.a_id), d.kind)
        if d.b_id is not None:
            put(marks_b, by_id_b.get(d.b_id), d.kind)
    return ({k: v.value for k, v in marks_a.items()}, {k: v.value for k, v in marks_b.items()})


def block_for(d: Difference, side: str, blocks: list[Block]) -> Block | None:
    ref = d.a_id if side == "a" else d.b_id
    if ref is None:
        return None
    if d.item_kind is None:
        return next((b for b in blocks if ref in b.fields), None)
    return next((b for b in blocks if b.kind not in ("section", "agreement") and b.item_id == ref), None)
