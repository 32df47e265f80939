"""What a verification found: one report per signature and one for the file (:mod:`pdf.verify`
makes them). Plain data, the sentences built from it, and the checks that need only the reports:
whether each certificate names the person the agreement records, one person in one role, and what
an unconfirmed identity means. No pyHanko here, so that code that only reads a report (services,
the GUI) does not load the signature stack for it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from datetime import datetime
from typing import Any

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.identity import normalise_name, same_name
from enhetsdialog.i18n import N_, _

UNKNOWN_ISSUER = N_("Utstederen er ikke en kjent sertifikatutsteder")



@dataclass(slots=True)
class SignatureReport:
    field: str
    role: Role | None
    signer_name: str  # the name the signature dictionary gives (/Name), else the certificate's CN
    signing_time: datetime | None
    certificate_subject: str
    certificate_issuer: str
    certificate_fingerprint: str  # SHA-256 of the DER certificate, hex
    trusted: bool
    self_signed: bool
    intact: bool
    valid: bool
    coverage: str  # entire_file | entire_revision | contiguous_block_from_start | unclear | unknown
    modification_level: str  # none | lta_updates | form_filling | annotations | other | unknown
    certificate_name: str = ""  # the certificate subject's common name
    name_in_agreement: str = ""  # the person the document records for this role ("" when unknown)
    identity_matches: bool | None = None  # certificate name == name in agreement; None: unknown
    certified: bool = False  # a certification signature (DocMDP)
    public_key_sha256: str = ""  # SHA-256 of the certificate's public key (one person, one role)
    revision: int = -1  # the revision of the file this signature signs
    signature_sha256: str = ""  # of the CMS signature itself: the same signature gives the same value
    level: str = ""  # PAdES level reached: B-B | B-T | B-LT | B-LTA ("" when not valid at all)
    timestamp_time: datetime | None = None  # the signature timestamp's time (trusted time), if any
    document_timestamp_time: datetime | None = None  # the first document timestamp after it, if any
    revocation: str = ""  # how revocation was checked: see pdf/levels.py
    revocation_text: str = ""  # the same in words
    problems: list[str] = dc_field(default_factory=list)
    details: list[str] = dc_field(default_factory=list)  # technical detail (pyHanko's words), for --json

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["role"] = self.role.value if self.role else None
        for key in ("signing_time", "timestamp_time", "document_timestamp_time"):
            value = getattr(self, key)
            d[key] = value.isoformat() if value else None
        return d


@dataclass(slots=True)
class VerificationReport:
    ok: bool
    reasons: list[str]  # why ok is False (in the current language); empty when ok
    warnings: list[str]  # worth telling, not a failure (e.g. unknown issuer)
    signatures: list[SignatureReport]
    embedded_fingerprint: str | None  # recorded in the document (info dictionary)
    computed_fingerprint: str | None  # recomputed from the embedded content via the canonical form
    content_sha256: str | None = None  # SHA-256 of the embedded content bytes as stored
    content: dict[str, Any] | None = None  # the embedded canonical content, parsed
    parties: dict[Role, str] = dc_field(default_factory=dict)  # names the document records per role
    trust_required: bool = False  # trust anchors were given: every signer had to chain to one
    legacy: bool = False  # signed by Enhetsdialog 0.1 (approval signatures, refreshed metadata)

    @property
    def complete(self) -> bool:
        """Both parties have signed (and the report is ok)."""
        roles = {s.role for s in self.signatures}
        return self.ok and Role.LEDER in roles and Role.DIREKTOR in roles

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(s.role for s in self.signatures if s.role is not None)

    @property
    def revision_id(self) -> str | None:
        """The revision the embedded content belongs to."""
        value = (self.content or {}).get("revision_id")
        return value if isinstance(value, str) else None

    @property
    def identity_confirmed(self) -> bool:
        """Every signer's certificate chains to a trust anchor."""
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    def signature(self, role: Role) -> SignatureReport | None:
        return next((s for s in self.signatures if s.role is role), None)

    @property
    def messages(self) -> list[str]:
        """Everything a user should read: failures first, then warnings."""
        return [*self.reasons, *self.warnings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "complete": self.complete,
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "signatures": [s.to_dict() for s in self.signatures],
            "embedded_fingerprint": self.embedded_fingerprint,
            "computed_fingerprint": self.computed_fingerprint,
            "content_sha256": self.content_sha256,
            "revision_id": self.revision_id,
            "parties": {role.value: name for role, name in self.parties.items()},
            "trust_required": self.trust_required,
            "identity_confirmed": self.identity_confirmed,
            "legacy": self.legacy,
        }


def untrusted_note(report: SignatureReport) -> str:
    party = report.signer_name or report.field
    if report.role is not None:
        party += f" ({report.role.label.lower()})"
    if report.self_signed:
        return _(
            "Utstederen er ikke en kjent sertifikatutsteder: {party} har signert med et selvlaget sertifikat "
            "(svakere identitetsbevis).",
            party=party,
        )
    return _(
        "Utstederen er ikke en kjent sertifikatutsteder: sertifikatet til {party} er utstedt av {issuer}, "
        "som ikke er blant de betrodde utstederne.",
        party=party,
        issuer=report.certificate_issuer,
    )


def whose_signature(report: SignatureReport) -> str:
    name = report.signer_name or report.field
    if report.role is None:
        return _("Signaturen til {name}", name=name)
    return _("Signaturen til {role} {name}", role=report.role.label.lower(), name=name)


def check_identity(report: SignatureReport, parties: dict[Role, str], *, legacy: bool) -> None:
    """Does the certificate name the person the document records for the signature's role? Sets
    ``name_in_agreement`` and ``identity_matches`` and appends a problem when not."""
    if report.role is None:
        return
    recorded = parties.get(report.role, "")
    report.name_in_agreement = recorded
    if not recorded:
        report.identity_matches = None
        if not legacy:
            report.problems.append(_("dokumentet sier ikke hvem som skal signere som {role}.", role=report.role.label.lower()))
        return
    report.identity_matches = same_name(report.certificate_name, recorded)
    if not report.identity_matches:
        report.problems.append(
            _(
                "sertifikatet tilhører «{cert}», men avtalen sier at {role} er «{name}».",
                cert=report.certificate_name or report.certificate_subject,
                role=report.role.label.lower(),
                name=recorded,
            )
        )


def one_person_one_role(signatures: list[SignatureReport]) -> None:
    """The leader and the director are two people: the same key or the same certificate subject in
    both roles is a problem of the director's signature."""
    leader = next((s for s in signatures if s.role is Role.LEDER), None)
    director = next((s for s in signatures if s.role is Role.DIREKTOR), None)
    if leader is None or director is None:
        return
    same_key = bool(leader.public_key_sha256) and leader.public_key_sha256 == director.public_key_sha256
    same_subject = bool(leader.certificate_subject) and normalise_name(leader.certificate_subject) == normalise_name(
        director.certificate_subject
    )
    if same_key or same_subject:
        director.problems.append(
            _("samme person (samme sertifikat eller nøkkel) har signert både som enhetsleder og som direktør.")
        )


def trust_warnings(signatures: list[SignatureReport]) -> list[str]:
    """With no trust anchors: what a user should know about certificates no known issuer vouches for."""
    warnings = [untrusted_note(r) for r in signatures if r.intact and r.valid and not r.trusted]
    if signatures and not all(s.trusted for s in signatures):
        warnings.append(
            _(
                "Ingen betrodd utsteder er satt opp: signaturene er ekte og dokumentet uendret, men at "
                "sertifikatene tilhører personene de navngir, er ikke bekreftet."
            )
        )
    return warnings


def short_error(exc: Exception) -> str:
    """An exception (pyHanko's words) on one line of at most 160 characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"
