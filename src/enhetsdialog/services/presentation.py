"""An agreement as JSON-ready data and as plain text (``enhetsdialog show``, an adapter over the outline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from enhetsdialog import i18n
from enhetsdialog.domain.canonical import canonical_dict, fingerprint, short_fingerprint
from enhetsdialog.domain.model import FullAgreement, Remark
from enhetsdialog.domain.outline import (
    Block,
    Cell,
    Facts,
    Group,
    Heading,
    ItemList,
    Labelled,
    Paragraph,
    Part,
    PartKind,
    SdgTiles,
    SignatureBlock,
    Table,
    Thread,
    Tone,
    UserText,
    build_outline,
    label,
)
from enhetsdialog.domain.rules import nudges
from enhetsdialog.i18n import _


def _remark(r: Remark) -> dict[str, Any]:
    return {
        "id": r.id,
        "revision_id": r.revision_id,
        "anchor_kind": r.anchor_kind.value,
        "anchor_id": r.anchor_id,
        "author": r.author,
        "role": r.role.value,
        "text": r.text,
        "created_at": r.created_at.isoformat(),
        "resolved": r.resolved,
        "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None,
        "resolved_by": r.resolved_by,
        "replies": [
            {"id": x.id, "author": x.author, "role": x.role.value, "text": x.text, "created_at": x.created_at.isoformat()}
            for x in r.replies
        ],
    }


def agreement_as_dict(full: FullAgreement) -> dict[str, Any]:
    rev = full.revision
    return {
        "id": rev.id,
        "agreement_id": rev.agreement_id,
        "unit": full.unit.name,
        "unit_id": full.unit.id,
        "service_area": full.service_area.name,
        "municipality": full.municipality.name,
        "year": rev.year,
        "revision": rev.number,
        "status": rev.status.value,
        "frozen": rev.frozen,
        "leader": full.leader.name if full.leader else None,
        "director": full.director.name if full.director else None,
        "fingerprint": fingerprint(rev),
        "content": canonical_dict(rev)["content"],
        "plan_goals": {
            g.id: {"code": g.code, "text": g.text, "plan": full.plans[g.plan_id].name if g.plan_id in full.plans else None}
            for g in full.plan_goals.values()
        },
        "nudges": [{"code": n.code, "message": n.message, "anchor_id": n.anchor_id} for n in nudges(rev.content)],
        "remarks": [_remark(r) for r in full.remarks],
        "signatures": [
            {
                "role": s.role.value,
                "name": s.name,
                "title": s.title,
                "signed_at": s.signed_at.isoformat(),
                "fingerprint": s.fingerprint,
                "certificate_subject": s.certificate_subject,
                "certificate_fingerprint": s.certificate_fingerprint,
            }
            for s in full.signatures
        ],
        "measurements": [
            {"indicator_id": m.indicator_id, "period": m.period, "value": format(m.value, "f"), "comment": m.comment}
            for m in full.measurements
        ],
        "assessments": [
            {"goal_id": a.goal_id, "assessment": a.assessment.value, "reflection": a.reflection} for a in full.assessments
        ],
    }


def agreement_as_text(full: FullAgreement, *, include_remarks: bool = True) -> str:
    """The agreement as plain text (``enhetsdialog show``): an adapter over the outline, in the
    current language (``i18n.using(lang)``), plus the reminders and the recorded signatures."""
    outline = build_outline(full, include_remarks=include_remarks, signature_fields=False)
    rev = full.revision
    lines = [
        str(outline.title),
        f"{full.municipality.name} · {full.service_area.name}",
        _(
            "Revisjon {number} · Status: {status} · Fingeravtrykk {fingerprint}",
            number=rev.number,
            status=label(rev.status.label),
            fingerprint=short_fingerprint(outline.fingerprint),
        ),
    ]
    for part in outline.parts:
        if part.kind is PartKind.COVER:
            lines += [f"{b.label}: {b.value}" for b in _cover_people(part)]
            continue
        lines += ["", str(part.heading)]
        for block in part.blocks:
            lines += _block_lines(block, 2)
    found = nudges(full.revision.content)
    if found:
        lines += ["", _("Påminnelser")] + [f"  • {x.message}" for x in found]
    if full.signatures:
        lines += ["", _("Registrerte signaturer")]
        lines += [
            f"  {label(s.role.label)}: {s.name}, {i18n.format_date(s.signed_at)} {s.signed_at:%H:%M} UTC"
            for s in full.signatures
        ]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Pair:
    label: str
    value: str


def _cover_people(part: Part) -> list[_Pair]:
    """The cover's parties table as "role: name" lines (the rest of the cover is in the heading)."""
    out: list[_Pair] = []
    for block in part.blocks:
        if isinstance(block, Table) and block.kind == "parties":
            out += [_Pair(str(row[0]), str(row[1]) or "–") for row in block.rows]
    return out


def _block_lines(block: Block, n: int) -> list[str]:
    pad = " " * n
    if isinstance(block, Heading):
        return [pad + str(block.text)]
    if isinstance(block, Paragraph):
        return [] if block.tone is Tone.LEAD else [pad + str(block.text)]
    if isinstance(block, UserText):
        return _indent(block.text, n) if block.text.strip() else [pad + str(block.empty)]
    if isinstance(block, Labelled):
        if not block.text.strip():
            return []
        return [f"{pad}{block.label}:", *_indent(block.text, n + 2)]
    if isinstance(block, Facts):
        return [f"{pad}{k}: {v}" for k, v in block.rows]
    if isinstance(block, ItemList):
        return [f"{pad}• {item}" for item in block.items]
    if isinstance(block, Table):
        out = [f"{pad}{block.caption}:"] if block.caption is not None else []
        heads = [str(c.header) for c in block.columns]
        for row in block.rows:
            cells = [_cell_text(c) for c in row]
            first, rest = cells[0], [f"{h.lower()} {v}" for h, v in zip(heads[1:], cells[1:], strict=False) if v]
            out.append(f"{pad}• {first}" + (f" ({'; '.join(rest)})" if rest else ""))
        return out
    if isinstance(block, SdgTiles):
        return [pad + "; ".join(str(t.name) for t in block.tiles)]
    if isinstance(block, Group):
        return [line for b in block.blocks for line in _block_lines(b, n)]
    if isinstance(block, Thread):
        out = [f"{pad}{block.heading}", f"{pad}{block.byline}", *_indent(block.text or str(block.empty), n + 2)]
        for reply in block.replies:
            out += [f"{pad}  ↳ {reply.byline}", *_indent(reply.text, n + 4)]
        return out
    if isinstance(block, SignatureBlock):
        return [f"{pad}{p.role_label}: {p.name}" for p in block.parties]
    return []


def _cell_text(cell: Cell) -> str:
    text = " ".join(str(cell.text).split())
    note = " ".join(str(cell.note).split())
    return f"{text}, {note}" if note else text


def _indent(text: str, n: int) -> list[str]:
    return [" " * n + line for line in text.splitlines()]
