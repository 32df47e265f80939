"""An agreement package's document agreement.json as written: the package's domain objects as JSON
values, sorted so that the same package gives the same bytes (exchange/package.py zips it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from enhetsdialog.domain.canonical import canonical_dict
from enhetsdialog.domain.model import Remark
from enhetsdialog.exchange.package_followup import records_to_list
from enhetsdialog.exchange.package_types import Package, PackageRevision, pdf_member, timestamp


def revision_to_dict(pr: PackageRevision) -> dict[str, Any]:
    rev = pr.revision
    doc = pr.signed_document
    return {
        "id": rev.id,
        "number": rev.number,
        "status": rev.status.value,
        "frozen": rev.frozen,
        "based_on_id": rev.based_on_id,
        "created_at": timestamp(rev.created_at or datetime.now(UTC)),
        "updated_at": timestamp(rev.updated_at or rev.created_at or datetime.now(UTC)),
        "meeting_notes": dict(sorted(rev.meeting_notes.items())),
        "status_changed_at": timestamp(rev.status_changed_at) if rev.status_changed_at else None,
        "status_changed_by": rev.status_changed_by,
        "fingerprint": pr.fingerprint,
        "shared_fingerprints": sorted(pr.shared_fingerprints | {pr.fingerprint}),
        "canonical": canonical_dict(rev),
        "signatures": [
            {
                "id": s.id,
                "role": s.role.value,
                "name": s.name,
                "title": s.title,
                "signed_at": timestamp(s.signed_at),
                "fingerprint": s.fingerprint,
                "certificate_subject": s.certificate_subject,
                "certificate_fingerprint": s.certificate_fingerprint,
            }
            for s in sorted(pr.signatures, key=lambda s: (s.signed_at, s.role.value))
        ],
        "signed_document": None
        if doc is None
        else {
            "file": pdf_member(rev.id),
            "sha256": doc.sha256,
            "size": len(doc.pdf),
            "updated_at": timestamp(doc.updated_at),
        },
    }


def _remark_to_dict(r: Remark) -> dict[str, Any]:
    return {
        "id": r.id,
        "revision_id": r.revision_id,
        "anchor_kind": r.anchor_kind.value,
        "anchor_id": r.anchor_id,
        "author": r.author,
        "role": r.role.value,
        "text": r.text,
        "created_at": timestamp(r.created_at),
        "resolved": r.resolved,
        "resolved_at": timestamp(r.resolved_at) if r.resolved_at else None,
        "resolved_by": r.resolved_by,
        "replies": [
            {
                "id": x.id,
                "author": x.author,
                "role": x.role.value,
                "text": x.text,
                "created_at": timestamp(x.created_at),
            }
            for x in sorted(r.replies, key=lambda x: (x.created_at, x.id))
        ],
    }


def package_to_dict(pkg: Package) -> dict[str, Any]:
    """The document agreement.json of ``pkg``."""
    return {
        "agreement": {"id": pkg.agreement_id, "unit_id": pkg.unit_id, "year": pkg.year},
        "organisation": {
            "municipality": {"id": pkg.municipality.id, "name": pkg.municipality.name, "number": pkg.municipality.number},
            "service_area": {
                "id": pkg.service_area.id,
                "name": pkg.service_area.name,
                "municipality_id": pkg.service_area.municipality_id,
                "director_id": pkg.service_area.director_id,
            },
            "unit": {
                "id": pkg.unit.id,
                "name": pkg.unit.name,
                "service_area_id": pkg.unit.service_area_id,
                "kind": pkg.unit.kind,
                "leader_id": pkg.unit.leader_id,
            },
            "people": [
                {"id": p.id, "name": p.name, "title": p.title, "role": p.role, "email": p.email}
                for p in sorted(pkg.people, key=lambda p: p.id)
            ],
        },
        "plans": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind.value,
                "period_start": p.period_start,
                "period_end": p.period_end,
                "parent_plan_id": p.parent_plan_id,
            }
            for p in sorted(pkg.plans, key=lambda p: p.id)
        ],
        "plan_goals": [
            {
                "id": g.id,
                "plan_id": g.plan_id,
                "code": g.code,
                "text": g.text,
                "parent_id": g.parent_id,
                "sdgs": sorted(set(g.sdgs)),
                "position": pkg.plan_goal_positions.get(g.id, 0),
            }
            for g in sorted(pkg.plan_goals, key=lambda g: g.id)
        ],
        "revisions": [revision_to_dict(r) for r in sorted(pkg.revisions, key=lambda r: r.revision.number)],
        "remarks": [_remark_to_dict(r) for r in sorted(pkg.remarks, key=lambda r: (r.created_at, r.id))],
        # only when there is follow-up: a package without it is the same as before follow-up existed
        **({"followup": records_to_list(pkg.followup)} if pkg.followup else {}),
    }
