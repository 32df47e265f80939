"""Signing keys: a PKCS#12 file and a SoftHSM2 token through PKCS#11, with every failure a user can
meet (missing module, not a module, no card, wrong PIN, locked PIN, no key, no certificate)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.pdf import render_agreement, validate_pdfa
from enhetsdialog.pdf.keys import open_pkcs12
from enhetsdialog.pdf.pkcs11_support import ModuleCandidate
from enhetsdialog.pdf.sign import sign_pdf
from enhetsdialog.pdf.tokens import (
    known_modules,
    list_token_keys,
    list_tokens,
    open_pkcs11,
    translate_pkcs11_error,
)
from tests.pdf_fixtures import build_agreement
from tests.pki.plugin import P12_PASSWORD, LocalPki, SoftToken

LEADER = "Kari Ødegård Lie"
DIRECTOR = "Ola Åsheim Nordby"


@cache
def unsigned() -> bytes:
    return render_agreement(build_agreement(status=Status.ENIGHET))


def _validate(pdf: bytes, pki: LocalPki, index: int = 0) -> object:
    import io

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    sig = reader.embedded_regular_signatures[index]
    vc = ValidationContext(trust_roots=[pki.asn1_cert("root")], allow_fetching=True)
    return validate_pdf_signature(sig, signer_validation_context=vc)


def test_pkcs11_signature_validates_and_stays_pdfa(test_pki: LocalPki, softhsm: SoftToken) -> None:
    with open_pkcs11(softhsm.module, pin=softhsm.pin, token_label=softhsm.token_label) as key:
        assert key.on_token
        assert key.info.common_name == LEADER
        assert [c.subject for c in key.chain] == [
            test_pki.cert("interm").subject,
            test_pki.cert("root").subject,
        ]
        assert key.certificate == test_pki.cert("leader")
        signed = sign_pdf(unsigned(), key, role=Role.LEDER, name=LEADER, title="Rektor")
    status = _validate(signed, test_pki)
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    assert validate_pdfa(signed) == []


def test_pkcs11_then_pkcs12_counter_signature(test_pki: LocalPki, softhsm: SoftToken) -> None:
    with open_pkcs11(
        softhsm.module, pin=softhsm.pin, key_label=softhsm.key_label, token_label=softhsm.token_label
    ) as key:
        leader_signed = sign_pdf(unsigned(), key, role=Role.LEDER, name=LEADER, title="")
    with open_pkcs12(test_pki.pkcs12("director"), P12_PASSWORD) as key:
        assert not key.on_token
        both = sign_pdf(leader_signed, key, role=Role.DIREKTOR, name=DIRECTOR, title="")
    for index in (0, 1):
        status = _validate(both, test_pki, index)
        assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    assert validate_pdfa(both) == []


def test_the_only_key_is_found_without_labels(softhsm: SoftToken) -> None:
    with open_pkcs11(softhsm.module, pin=softhsm.pin, token_label=softhsm.token_label) as key:
        assert key.info.common_name == LEADER
        assert "Signering" in key.description


def test_tokens_and_keys_are_listed(softhsm: SoftToken) -> None:
    labels = {t.label for t in list_tokens(softhsm.module)}
    assert {softhsm.token_label, softhsm.empty_token_label, softhsm.no_cert_token_label} <= labels
    assert "" not in labels  # SoftHSM's free slot is not a token
    public = list_token_keys(softhsm.module, softhsm.token_label)
    assert [(k.label, k.key_id, k.has_private_key) for k in public] == [("Signering", "01", None)]
    assert public[0].certificate is not None and public[0].certificate.common_name == LEADER
    assert public[0].for_signing
    with_pin = list_token_keys(softhsm.module, softhsm.token_label, softhsm.pin)
    assert [k.has_private_key for k in with_pin] == [True]


def test_wrong_pin_is_one_clear_line(softhsm: SoftToken, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DomainError) as info:
        open_pkcs11(softhsm.module, pin="999999", token_label=softhsm.token_label)
    assert "Feil PIN-kode" in info.value.message
    assert "999999" not in info.value.message
    assert "999999" not in caplog.text
    assert "\n" not in info.value.message


def test_empty_pin_is_asked_for(softhsm: SoftToken) -> None:
    with pytest.raises(DomainError, match="Skriv inn PIN-koden"):
        open_pkcs11(softhsm.module, pin="", token_label=softhsm.token_label)


def test_missing_module(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="Fant ikke PKCS#11-modulen"):
        open_pkcs11(tmp_path / "finnes-ikke.so", pin="1234")
    with pytest.raises(DomainError, match="Ingen PKCS#11-modul"):
        list_tokens("")


def test_a_file_that_is_not_a_module(tmp_path: Path) -> None:
    fake = tmp_path / "ikke-modul.so"
    fake.write_bytes(b"\x7fELF not really")
    with pytest.raises(DomainError, match="er ikke en PKCS#11-modul"):
        open_pkcs11(fake, pin="1234")


def test_no_such_token(softhsm: SoftToken) -> None:
    with pytest.raises(DomainError, match="Fant ikke smartkortet «Borte»"):
        open_pkcs11(softhsm.module, pin=softhsm.pin, token_label="Borte")


def test_several_tokens_need_a_choice(softhsm: SoftToken) -> None:
    with pytest.raises(DomainError, match="Flere smartkort"):
        open_pkcs11(softhsm.module, pin=softhsm.pin)


def test_no_key_with_that_label(softhsm: SoftToken) -> None:
    with pytest.raises(DomainError, match="Fant ingen signeringsnøkkel «Feil»"):
        open_pkcs11(softhsm.module, pin=softhsm.pin, token_label=softhsm.token_label, key_label="Feil")


def test_empty_token_has_no_key(softhsm: SoftToken) -> None:
    with pytest.raises(DomainError, match="har ingen nøkkel å signere med"):
        open_pkcs11(softhsm.module, pin=softhsm.pin, token_label=softhsm.empty_token_label)


def test_key_without_certificate(softhsm: SoftToken) -> None:
    with pytest.raises(DomainError, match="har ikke sertifikatet"):
        open_pkcs11(softhsm.module, pin=softhsm.pin, token_label=softhsm.no_cert_token_label)


def test_pkcs11_errors_translate_to_one_line() -> None:
    from pkcs11 import exceptions as e

    assert "sperret" in translate_pkcs11_error(e.PinLocked(), "Kort").message
    assert "Ett feil forsøk til" in translate_pkcs11_error(e.PinIncorrect(), "Kort", final_try=True).message
    assert "tatt ut" in translate_pkcs11_error(e.DeviceRemoved(), "Kort").message
    assert "tatt ut" in translate_pkcs11_error(e.TokenNotPresent()).message
    assert "utløpt" in translate_pkcs11_error(e.PinExpired(), "Kort").message
    assert "DeviceError" in translate_pkcs11_error(e.DeviceError()).message


def test_pkcs12_wrong_password(test_pki: LocalPki) -> None:
    with pytest.raises(DomainError, match="Feil passord"):
        open_pkcs12(test_pki.pkcs12("director"), b"feil")


def test_known_modules_only_lists_existing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from enhetsdialog.pdf import pkcs11_support

    vendor_dir = tmp_path / "opt" / "Buypass Smartkort" / "lib"
    vendor_dir.mkdir(parents=True)
    (vendor_dir / "libbpp11.so").write_bytes(b"")
    (vendor_dir / "README").write_text("x")
    monkeypatch.setattr(
        pkcs11_support,
        "_LOCATIONS",
        (
            ("OpenSC", "linux", str(tmp_path / "missing" / "opensc-pkcs11.so")),
            ("Buypass", "linux", str(tmp_path / "opt" / "Buypass*" / "*" / "*p11*.so*")),
            ("Commfides", "win32", str(tmp_path / "whatever.dll")),
        ),
    )
    assert known_modules("linux") == [ModuleCandidate("Buypass", str(vendor_dir / "libbpp11.so"))]
    assert known_modules("win32") == []
