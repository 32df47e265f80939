"""An agreement package's agreement.json (already checked against the JSON Schema) read back into
domain objects, with every check the schema cannot express: identities and references, canonical
content and fingerprints, status against signatures, the signed PDFs against their description.
Anything wrong raises :class:`~enhetsdialog.exchange.errors.PackageError` with one line of bokmål.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from enhetsdialog.domain.canonical import canonical_dict, fingerprint, revision_from_canonical
from enhetsdialog.domain.enums import AnchorKind, PlanKind, Role, Section, Status
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.domain.model import (
    Municipality,
    Person,
    Plan,
    PlanGoal,
    Remark,
    Reply,
    ServiceArea,
    Signature,
    Unit,
)
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package_followup import records_from_list
from enhetsdialog.exchange.package_schema import check_schema, validator
from enhetsdialog.exchange.package_types import (
    FROZEN_STATUSES,
    PDF_DIR,
    UNFROZEN_STATUSES,
    UUID,
    Package,
    PackageRevision,
    SignedDocument,
    parse_timestamp,
    pdf_member,
    refuse,
    sha256,
)
from enhetsdialog.i18n import N_, Text

_UUID_RE = re.compile(rf"^{UUID}$")


def _ts(value: str, where: str) -> datetime:
    try:
        return parse_timestamp(value)
    except ValueError:
        raise refuse(N_("{where}: «{value}» er ikke et gyldig tidspunkt", where=where, value=value[:40])) from None


def _revision_from_dict(d: dict[str, Any], agreement_id: str, pdf: bytes | None) -> PackageRevision:
    """A revision entry (already checked against the schema) as domain objects, with every check
    that the schema cannot express: identity, canonical form, fingerprints, signatures, PDF."""
    number = d["number"]
    where = f"revisjon {number}"
    canonical = d["canonical"]
    try:
        rev = revision_from_canonical(canonical)
    except EnhetsdialogError as e:
        raise refuse(f"{where}: {e.message.rstrip('.')}") from None
    if canonical_dict(rev) != canonical:
        raise refuse(N_("{where}: innholdet er ikke på kanonisk form", where=where))
    if rev.id != d["id"] or rev.number != number or rev.agreement_id != agreement_id:
        raise refuse(N_("{where}: innholdet hører ikke til denne revisjonen", where=where))
    fp = fingerprint(rev)
    if fp != d["fingerprint"]:
        raise refuse(N_("{where}: fingeravtrykket stemmer ikke med innholdet", where=where))
    rev.status = Status(d["status"])
    rev.frozen = bool(d["frozen"])
    rev.based_on_id = d["based_on_id"]
    rev.created_at = _ts(d["created_at"], where)
    rev.updated_at = _ts(d["updated_at"], where)
    rev.meeting_notes = dict(d["meeting_notes"])
    changed_at = d.get("status_changed_at")  # optional: packages from version 0.1 have none
    rev.status_changed_at = _ts(changed_at, where) if changed_at else None
    rev.status_changed_by = str(d.get("status_changed_by") or "")
    allowed = FROZEN_STATUSES if rev.frozen else UNFROZEN_STATUSES
    if rev.status not in allowed:
        if rev.frozen:
            raise refuse(N_("{where}: statusen «{label}» passer ikke med at den er signert", where=where, label=rev.status.label))
        raise refuse(N_("{where}: statusen «{label}» passer ikke med at den ikke er signert", where=where, label=rev.status.label))
    signatures: list[Signature] = []
    for sd in d["signatures"]:
        if sd["fingerprint"] != fp:
            raise refuse(N_("{where}: en signatur gjelder et annet innhold enn revisjonen", where=where))
        signatures.append(
            Signature(
                id=sd["id"],
                revision_id=rev.id,
                role=Role(sd["role"]),
                name=sd["name"],
                title=sd["title"],
                signed_at=_ts(sd["signed_at"], where),
                fingerprint=sd["fingerprint"],
                certificate_subject=sd["certificate_subject"],
                certificate_fingerprint=sd["certificate_fingerprint"],
            )
        )
    if len({s.role for s in signatures}) != len(signatures):
        raise refuse(N_("{where}: samme rolle har signert flere ganger", where=where))
    if (signatures or d["signed_document"] is not None) and not rev.frozen:
        raise refuse(N_("{where}: den har signaturer, men er ikke låst", where=where))
    if rev.frozen and not signatures:
        raise refuse(N_("{where}: den er låst, men har ingen signatur", where=where))
    if rev.status in (Status.SIGNERT, Status.ARKIVERT) and {s.role for s in signatures} != set(Role):
        raise refuse(N_("{where}: den har status «{label}», men mangler en av signaturene", where=where, label=rev.status.label))
    doc: SignedDocument | None = None
    dd = d["signed_document"]
    if dd is not None:
        if dd["file"] != pdf_member(rev.id) or pdf is None:
            raise refuse(N_("{where}: den signerte PDF-en mangler", where=where))
        if len(pdf) != dd["size"] or sha256(pdf) != dd["sha256"]:
            raise refuse(N_("{where}: den signerte PDF-en stemmer ikke med beskrivelsen", where=where))
        if not pdf.startswith(b"%PDF-"):
            raise refuse(N_("{where}: den signerte filen er ikke en PDF", where=where))
        doc = SignedDocument(pdf=pdf, updated_at=_ts(dd["updated_at"], where))
    elif pdf is not None:
        raise refuse(N_("{where}: pakken har en PDF som ikke er beskrevet", where=where))
    return PackageRevision(
        revision=rev,
        fingerprint=fp,
        shared_fingerprints=frozenset(d["shared_fingerprints"]) | {fp},
        signatures=signatures,
        signed_document=doc,
    )


def revision_from_dict(d: Any, agreement_id: str, pdf: bytes | None = None) -> PackageRevision:
    """Check and read one revision entry (as in agreement.json) on its own; used for stored conflicts."""
    check_schema(validator("revision"), d, "revisjon")
    try:
        return _revision_from_dict(d, agreement_id, pdf)
    except PackageError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise refuse(N_("revisjonen har feil form ({name})", name=type(e).__name__)) from None


def package_from_dict(doc: dict[str, Any], manifest: dict[str, Any], files: dict[str, bytes]) -> Package:
    a = doc["agreement"]
    agreement_id: str = a["id"]
    if manifest["agreement_id"] != agreement_id:
        raise refuse(N_("manifestet og avtalen har ulik id"))
    org = doc["organisation"]
    m, sa, u = org["municipality"], org["service_area"], org["unit"]
    municipality = Municipality(id=m["id"], name=m["name"], number=m["number"])
    service_area = ServiceArea(
        id=sa["id"], name=sa["name"], municipality_id=sa["municipality_id"], director_id=sa["director_id"]
    )
    unit = Unit(id=u["id"], name=u["name"], service_area_id=u["service_area_id"], kind=u["kind"], leader_id=u["leader_id"])
    people = [Person(id=p["id"], name=p["name"], title=p["title"], role=p["role"], email=p["email"]) for p in org["people"]]
    person_ids = {p.id for p in people}
    if len(person_ids) != len(people):
        raise refuse(N_("en person finnes flere ganger"))
    if unit.id != a["unit_id"] or unit.service_area_id != service_area.id or service_area.municipality_id != municipality.id:
        raise refuse(N_("enheten, tjenesteområdet og kommunen henger ikke sammen"))
    for ref in (unit.leader_id, service_area.director_id):
        if ref is not None and ref not in person_ids:
            raise refuse(N_("en leder eller direktør mangler i pakken"))

    plans = [
        Plan(
            id=p["id"],
            name=p["name"],
            kind=PlanKind(p["kind"]),
            period_start=p["period_start"],
            period_end=p["period_end"],
            parent_plan_id=p["parent_plan_id"],
        )
        for p in doc["plans"]
    ]
    plan_ids = {p.id for p in plans}
    if len(plan_ids) != len(plans):
        raise refuse(N_("en plan finnes flere ganger"))
    plan_goals: list[PlanGoal] = []
    positions: dict[str, int] = {}
    for g in doc["plan_goals"]:
        plan_goals.append(
            PlanGoal(id=g["id"], plan_id=g["plan_id"], code=g["code"], text=g["text"], parent_id=g["parent_id"], sdgs=list(g["sdgs"]))
        )
        positions[g["id"]] = g["position"]
    goal_ids = {g.id for g in plan_goals}
    if len(goal_ids) != len(plan_goals):
        raise refuse(N_("et planmål finnes flere ganger"))
    for pg in plan_goals:
        if pg.plan_id not in plan_ids:
            raise refuse(N_("planmålet «{value}» hører til en plan som ikke er med", value=pg.code or pg.text[:40]))
        if pg.parent_id is not None and pg.parent_id not in goal_ids:
            raise refuse(N_("planmålet «{value}» viser til et overordnet mål som ikke er med", value=pg.code or pg.text[:40]))
    _check_acyclic({g.id: g.parent_id for g in plan_goals}, N_("et planmål er sitt eget overordnede mål"))
    _check_acyclic({p.id: p.parent_plan_id for p in plans}, N_("en plan er sin egen overordnede plan"))

    pdfs = {name: data for name, data in files.items() if name.startswith(PDF_DIR)}
    revisions: list[PackageRevision] = []
    for rd in doc["revisions"]:
        pr = _revision_from_dict(rd, agreement_id, pdfs.pop(pdf_member(rd["id"]), None))
        rev = pr.revision
        if rev.unit_id != unit.id or rev.year != a["year"]:
            raise refuse(N_("revisjon {number} hører til en annen enhet eller et annet år", number=rev.number))
        for goal in rev.content.goals:
            for pid in goal.plan_goal_ids:
                if pid not in goal_ids:
                    raise refuse(N_("revisjon {number} viser til et planmål som ikke er med", number=rev.number))
        revisions.append(pr)
    if pdfs:
        raise refuse(N_("pakken har en PDF som ikke hører til noen revisjon"))
    if len({r.revision.id for r in revisions}) != len(revisions):
        raise refuse(N_("en revisjon finnes flere ganger"))
    if len({r.revision.number for r in revisions}) != len(revisions):
        raise refuse(N_("to revisjoner har samme nummer"))
    _check_unique_items(revisions)
    revisions.sort(key=lambda r: r.revision.number)
    revision_ids = {r.revision.id for r in revisions}
    signature_ids = [s.id for r in revisions for s in r.signatures]
    if len(set(signature_ids)) != len(signature_ids):
        raise refuse(N_("en signatur finnes flere ganger"))

    remarks: list[Remark] = []
    seen: set[str] = set()
    for rd in doc["remarks"]:
        kind = AnchorKind(rd["anchor_kind"])
        anchor = rd["anchor_id"]
        if kind is AnchorKind.SECTION:
            if anchor not in {s.value for s in Section}:
                raise refuse(N_("en merknad er knyttet til en ukjent del av avtalen"))
        elif not _UUID_RE.match(anchor):
            raise refuse(N_("en merknad er knyttet til et ugyldig element"))
        if rd["revision_id"] not in revision_ids:
            raise refuse(N_("en merknad hører til en revisjon som ikke er med"))
        remark = Remark(
            id=rd["id"],
            agreement_id=agreement_id,
            revision_id=rd["revision_id"],
            anchor_kind=kind,
            anchor_id=anchor,
            author=rd["author"],
            role=Role(rd["role"]),
            text=rd["text"],
            created_at=_ts(rd["created_at"], "merknad"),
            resolved=rd["resolved"],
            resolved_at=_ts(rd["resolved_at"], "merknad") if rd["resolved_at"] else None,
            resolved_by=rd["resolved_by"],
        )
        for xd in rd["replies"]:
            remark.replies.append(
                Reply(
                    id=xd["id"],
                    remark_id=remark.id,
                    author=xd["author"],
                    role=Role(xd["role"]),
                    text=xd["text"],
                    created_at=_ts(xd["created_at"], "svar"),
                )
            )
        for item_id in (remark.id, *(x.id for x in remark.replies)):
            if item_id in seen:
                raise refuse(N_("en merknad eller et svar finnes flere ganger"))
            seen.add(item_id)
        remarks.append(remark)

    return Package(
        agreement_id=agreement_id,
        unit_id=unit.id,
        year=a["year"],
        municipality=municipality,
        service_area=service_area,
        unit=unit,
        people=people,
        plans=plans,
        plan_goals=plan_goals,
        plan_goal_positions=positions,
        revisions=revisions,
        remarks=remarks,
        followup=records_from_list(doc.get("followup"), revision_ids),
        created_at=_ts(manifest["created_at"], "manifest"),
        app_version=manifest["app_version"],
    )


def _check_unique_items(revisions: Iterable[PackageRevision]) -> None:
    """Items have unique ids inside a revision (the database key is (revision, id))."""
    for pr in revisions:
        c = pr.revision.content
        for ids in (
            [g.id for g in c.goals],
            [a.id for g in c.goals for a in g.activities],
            [i.id for g in c.goals for i in g.indicators],
            [n.id for n in c.support_needs],
            [p.id for p in c.participants],
        ):
            if len(set(ids)) != len(ids):
                raise refuse(N_("revisjon {number} bruker samme id flere ganger", number=pr.revision.number))


def _check_acyclic(parents: dict[str, str | None], message: Text) -> None:
    for start in parents:
        seen = {start}
        cur = parents.get(start)
        while cur is not None and cur in parents:
            if cur in seen:
                raise refuse(message)
            seen.add(cur)
            cur = parents[cur]
