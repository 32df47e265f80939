"""An agreement as JSON-ready data and as plain text (``enhetsdialog show``)."""

from __future__ import annotations

from typing import Any

from enhetsdialog.domain.canonical import canonical_dict, fingerprint, short_fingerprint
from enhetsdialog.domain.model import FullAgreement, Remark
from enhetsdialog.domain.rules import format_decimal, nudges
from enhetsdialog.domain.sdg import sdg_label


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


def agreement_as_text(full: FullAgreement) -> str:
    rev, c = full.revision, full.revision.content
    lines = [
        f"Enhetsavtale {rev.year} – {full.unit.name}",
        f"{full.municipality.name} · {full.service_area.name}",
        f"Revisjon {rev.number} · Status: {rev.status.label} · Fingeravtrykk {short_fingerprint(fingerprint(rev))}",
        f"Enhetsleder: {full.leader.name if full.leader else '–'} · Direktør: {full.director.name if full.director else '–'}",
        "",
        "1 Hvor vil vi?",
    ]
    if c.challenges:
        lines += ["  Utfordringer:", *_indent(c.challenges, 4)]
    for n, g in enumerate(sorted(c.goals, key=lambda x: x.position), start=1):
        lines.append(f"  Mål {n}: {g.text}")
        for pid in g.plan_goal_ids:
            pg = full.plan_goals.get(pid)
            if pg:
                lines.append(f"    ↑ {pg.code} {pg.text}")
        if g.sdgs:
            lines.append("    Bærekraftsmål: " + "; ".join(sdg_label(s) for s in g.sdgs))
    lines += ["", "2 Hvordan kommer vi dit?"]
    for label, text in (
        ("Åpen", c.value_open),
        ("Kompetent", c.value_competent),
        ("Modig", c.value_brave),
        ("Tegn på modighet – dette prøver vi", c.courage_trials),
        ("Slik lærer vi", c.courage_learning),
        ("Kultur, ledelse og relasjoner", c.culture_leadership),
    ):
        if text:
            lines += [f"  {label}:", *_indent(text, 4)]
    lines += ["", "3 Hva gjør det enklere?"]
    for n, g in enumerate(sorted(c.goals, key=lambda x: x.position), start=1):
        for a in g.activities:
            due = a.deadline.strftime("%d.%m.%Y") if a.deadline else "–"
            lines.append(f"  Mål {n} tiltak: {a.what} (ansvar: {a.responsible or '–'}, frist {due}, {a.status.label})")
    for s in c.support_needs:
        lines.append(f"  Støtte fra {s.area.label}: {s.need}")
    if c.structures:
        lines += ["  Strukturer, systemer og verktøy:", *_indent(c.structures, 4)]
    lines += ["", "4 Hvordan vet vi om vi lykkes?"]
    for n, g in enumerate(sorted(c.goals, key=lambda x: x.position), start=1):
        for i in g.indicators:
            lines.append(
                f"  Mål {n} {i.kind.label.lower()}: {i.name} – fra {format_decimal(i.baseline_value) or '–'}"
                f" ({i.baseline_year or '–'}) til {format_decimal(i.target_value) or '–'} {i.unit_of_measure}"
                f" ({i.direction.label.lower()})"
            )
    if c.follow_up_plan:
        lines += ["  Oppfølging:", *_indent(c.follow_up_plan, 4)]
    lines += ["", "Samskaping"]
    for p in c.participants:
        lines.append(f"  {p.role}{' – ' + p.name if p.name else ''}: {p.how} ({p.when})")
    if c.users_voice:
        lines += ["  Brukernes stemme:", *_indent(c.users_voice, 4)]
    found = nudges(c)
    if found:
        lines += ["", "Påminnelser"] + [f"  • {x.message}" for x in found]
    if full.remarks:
        lines += ["", "Merknader"]
        for r in full.remarks:
            state = "løst" if r.resolved else "åpen"
            lines.append(f"  [{state}] {r.author} ({r.role.label}): {r.text}")
            lines += [f"    ↳ {x.author} ({x.role.label}): {x.text}" for x in r.replies]
    if full.signatures:
        lines += ["", "Signaturer"]
        lines += [f"  {s.role.label}: {s.name}, {s.signed_at:%d.%m.%Y %H:%M} UTC" for s in full.signatures]
    return "\n".join(lines)


def _indent(text: str, n: int) -> list[str]:
    return [" " * n + line for line in text.splitlines()]
