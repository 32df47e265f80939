"""Records signed by Enhetsdialog 0.1 (PDF/A-3b, approval signatures, the counter-signature refreshed
the metadata) keep verifying — and stay protected: the legacy rules allow that metadata refresh and
nothing else. The fixture files were made with version 0.1's own code (commit 7565da3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from enhetsdialog.domain.enums import Role
from enhetsdialog.pdf import sign_pdf, verify_pdf
from tests.integration.test_pdf_sign import DIRECTOR_PW, director_p12
from tests.integration.test_signature_attacks import ATTACKS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BOTH = (FIXTURES / "legacy-0.1-signed.pdf").read_bytes()
LEADER_ONLY = (FIXTURES / "legacy-0.1-leader-signed.pdf").read_bytes()


def test_a_record_signed_by_version_0_1_verifies_and_says_so() -> None:
    report = verify_pdf(BOTH)
    assert report.ok and report.complete and report.legacy, report.reasons
    assert any("eldre versjon" in w for w in report.warnings)
    assert report.embedded_fingerprint == report.computed_fingerprint
    assert [s.identity_matches for s in report.signatures] == [None, None]  # 0.1 recorded no names


def test_a_0_1_leader_signed_record_can_be_counter_signed_now() -> None:
    signed = sign_pdf(
        LEADER_ONLY, pkcs12=director_p12(), password=DIRECTOR_PW, role=Role.DIREKTOR, name="Ola Åsheim Nordby", title=""
    )
    report = verify_pdf(signed)
    assert report.ok and report.complete and report.legacy, report.reasons


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attacks_after_a_0_1_records_last_signature_fail(name: str) -> None:
    """Even the metadata refresh 0.1 did is refused after the last signature."""
    assert not verify_pdf(ATTACKS[name](BOTH)).ok


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attacks_between_a_0_1_records_signatures_fail(name: str) -> None:
    attacked = ATTACKS[name](LEADER_ONLY)  # a separate update between the signatures is refused too
    counter = sign_pdf(
        attacked, pkcs12=director_p12(), password=DIRECTOR_PW, role=Role.DIREKTOR, name="Ola Åsheim Nordby", title=""
    )
    assert not verify_pdf(counter).ok
