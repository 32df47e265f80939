"""Personal (self-made) certificates: making one for someone without a signing certificate and
keeping it in the user's data folder, and the demo's two signatures made with throw-away ones."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any, Protocol

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import _
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.services.files import write_new


def save_personal_certificate(folder: Path, name: str, email: str | None, password: bytes) -> Path:
    """Make a self-made certificate and keep it (0600) in ``folder`` under a new name; needs no
    database (``enhetsdialog certificate`` opens none). If it cannot be written (a full disk), no file
    is left behind, not even an empty one."""
    if len(password) < 8:
        raise ValidationError(_("Passordet må ha minst 8 tegn."))
    data = create_personal_certificate(name, email, password)
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(str.maketrans("æøå", "eoa"))).strip("-") or "sertifikat"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        path = write_new(folder, stem, ".p12", data)
    except OSError as e:
        raise ValidationError(
            _("Sertifikatet kunne ikke lagres i «{folder}» ({error}).", folder=folder, error=os_error_text(e))
        ) from e
    if path is None:
        raise ValidationError(_("Fant ikke et ledig filnavn for sertifikatet."))
    return path


class _Signs(Protocol):
    def sign(self, revision_id: str, role: Role, key: bytes, password: bytes) -> Any: ...


class _HasSigning(Protocol):
    @property
    def signing(self) -> _Signs: ...

    @property
    def agreements(self) -> Any: ...


_DEMO_CERTS: dict[str, tuple[bytes, bytes]] = {}


def demo_sign_both(services: _HasSigning, revision_id: str) -> None:
    """Sign a revision in `enighet` as leader and director with throw-away self-made certificates in
    the names the agreement records (used by ``enhetsdialog demo`` and tests: the demo shows signed
    and archived agreements that verify)."""
    full = services.agreements.get(revision_id)
    for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director)):
        name = person.name if person else role.label
        if name not in _DEMO_CERTS:
            password = secrets.token_bytes(16).hex().encode()
            _DEMO_CERTS[name] = (create_personal_certificate(name, None, password), password)
        p12, password = _DEMO_CERTS[name]
        services.signing.sign(revision_id, role, p12, password)
