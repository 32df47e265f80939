"""Which language (issue 12, step 9): the municipality's written language in the database, the user's
own choice in the profile file, ``ENHETSDIALOG_LANG`` over both; the CLI speaks it from the start; a
PDF is written in the municipality's language whatever the interface speaks, with /Lang and
dc:language to match."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from enhetsdialog import i18n
from enhetsdialog.cli import main
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import current_language, using
from enhetsdialog.services import Services
from tests import i18n_support


def _municipality(services: Services) -> str:
    return services.org.municipalities()[0].id


def _agreed_revision(services: Services) -> str:
    from enhetsdialog.domain.enums import Status

    return next(s.id for s in services.agreements.list() if s.status is Status.ENIGHET)


# --- the settings ------------------------------------------------------------------------------------


def test_the_municipality_language_is_bokmaal_until_set_and_then_kept(demo_services: Services) -> None:
    mid = _municipality(demo_services)
    assert demo_services.settings.municipality_language() == "nb"
    changes = demo_services.settings.set_municipality_language(mid, "nn")
    assert changes.settings
    assert demo_services.settings.municipality_language(mid) == "nn"
    assert demo_services.settings.municipality_language() == "nn"  # the database's only municipality


def test_an_unknown_language_is_refused_and_nothing_changes(demo_services: Services) -> None:
    mid = _municipality(demo_services)
    demo_services.settings.set_municipality_language(mid, "nn")
    for bad in ("xx", "", "nynorsk", "nn_NO"):
        with pytest.raises(ValidationError) as caught:
            demo_services.settings.set_municipality_language(mid, bad)
        assert "Ukjent språk" in caught.value.message
    assert demo_services.settings.municipality_language(mid) == "nn"


def test_the_users_choice_lives_in_the_profile_file_beside_the_profile(services: Services, tmp_path: Path) -> None:
    path = services.settings.profile_path
    assert path is not None
    assert services.settings.user_language() is None
    services.settings.set_profile("Kari Nordmann", "leder", "Rektor")
    services.settings.set_user_language("en")
    assert json.loads(path.read_text("utf-8"))["language"] == "en"
    services.settings.set_profile("Kari Nordmann", "leder", "Rektor ved Fjordby skole")  # keeps the choice
    assert services.settings.user_language() == "en"
    profile = services.settings.profile()
    assert profile is not None and profile.title == "Rektor ved Fjordby skole"
    services.settings.set_user_language(None)  # follow the municipality again
    assert "language" not in json.loads(path.read_text("utf-8"))
    with pytest.raises(ValidationError):
        services.settings.set_user_language("sv")


def test_env_overrides_the_user_who_overrides_the_municipality(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = demo_services.settings
    assert settings.interface_language() == "nb"  # nothing chosen, C locale
    settings.set_municipality_language(_municipality(demo_services), "nn")
    assert settings.interface_language() == "nn"
    settings.set_user_language("en")
    assert settings.interface_language() == "en"
    monkeypatch.setenv(i18n.ENV_OVERRIDE, "nb")
    assert settings.interface_language() == "nb"
    monkeypatch.delenv(i18n.ENV_OVERRIDE)
    settings.set_user_language(None)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # the system's comes after the municipality's
    assert settings.interface_language() == "nn"


# --- the CLI -----------------------------------------------------------------------------------------


def _demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def test_cli_municipality_language_shows_and_sets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _demo_db(tmp_path)
    capsys.readouterr()
    assert main(["municipality", "--db", str(db)]) == 0
    assert "Norsk bokmål (nb)" in capsys.readouterr().out
    assert main(["municipality", "--db", str(db), "--language", "nn"]) == 0
    assert "er nå Norsk nynorsk (nn)" in capsys.readouterr().out
    assert main(["municipality", "--db", str(db)]) == 0
    assert "Norsk nynorsk (nn)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        main(["municipality", "--db", str(db), "--language", "sv"])
    assert caught.value.code == 2
    assert "ugyldig valg" in capsys.readouterr().err


def test_cli_language_keeps_the_users_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from enhetsdialog import paths

    db = _demo_db(tmp_path)
    assert main(["language", "en", "--db", str(db)]) == 0
    assert json.loads(paths.profile_path().read_text("utf-8"))["language"] == "en"
    assert "English (en)" in capsys.readouterr().out
    assert main(["language", "auto", "--db", str(db)]) == 0
    assert "kommunens skriftspråk" in capsys.readouterr().out


def test_the_cli_speaks_the_chosen_language_from_the_first_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n_support.install(monkeypatch, "en", {"fyll databasen med en demokommune": "fill the database with a demo"})
    i18n_support.install(monkeypatch, "nn", {"fyll databasen med en demokommune": "fyll databasen med ein demokommune"})
    monkeypatch.setenv(i18n.ENV_OVERRIDE, "en")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "fill the database with a demo" in capsys.readouterr().out
    assert current_language() == "en"
    monkeypatch.delenv(i18n.ENV_OVERRIDE)
    from enhetsdialog import paths

    paths.profile_path().parent.mkdir(parents=True, exist_ok=True)
    paths.profile_path().write_text(json.dumps({"language": "nn"}), "utf-8")  # the user's own choice
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "fyll databasen med ein demokommune" in capsys.readouterr().out


def test_the_cli_takes_the_municipality_language_once_the_database_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _demo_db(tmp_path)
    assert main(["municipality", "--db", str(db), "--language", "nn"]) == 0
    i18n_support.install(monkeypatch, "nn", {"Skriftspråket for {name}: {language}.": "Skriftspråket til {name}: {language}."})
    capsys.readouterr()
    assert main(["municipality", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("Skriftspråket til ")


# --- PDFs in the municipality's language -------------------------------------------------------------


def _lang_of(pdf: bytes) -> tuple[str, list[str]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        lang = str(doc.Root.Lang)
        with doc.open_metadata() as meta:
            dc = list(meta.get("dc:language") or [])
    return lang, dc


def _text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", " ", done.stdout.decode("utf-8"))


NN = {"Enhetsavtale {year}": "Einingsavtale {year}", "Hvor vil vi?": "Kvar vil vi?"}
EN = {"Enhetsavtale {year}": "Unit agreement {year}", "Hvor vil vi?": "Where do we want to go?"}


def test_the_pdf_is_in_the_municipality_language_whatever_the_interface_speaks(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n_support.install(monkeypatch, "nn", NN)
    i18n_support.install(monkeypatch, "en", EN)
    rid = _agreed_revision(demo_services)
    year = demo_services.agreements.revision(rid).year
    demo_services.settings.set_municipality_language(_municipality(demo_services), "nn")
    with using("en"):  # the user reads English ...
        pdf = demo_services.signing.pdf(rid)
        assert current_language() == "en"  # ... and still does after the PDF was made
    assert _lang_of(pdf) == ("nn-NO", ["nn-NO"])
    text = _text(pdf)
    assert f"Einingsavtale {year}" in text and "Kvar vil vi?" in text
    assert "Unit agreement" not in text, text[text.find("Unit agreement") - 300 : text.find("Unit agreement") + 50]

    demo_services.settings.set_municipality_language(_municipality(demo_services), "nb")
    with using("en"):
        pdf = demo_services.signing.pdf(rid)
    assert _lang_of(pdf) == ("nb-NO", ["nb-NO"])
    assert f"Enhetsavtale {year}" in _text(pdf)


def test_the_full_agreement_carries_the_municipality_language(demo_services: Services) -> None:
    rid = _agreed_revision(demo_services)
    assert demo_services.agreements.get(rid).language == "nb"
    demo_services.settings.set_municipality_language(_municipality(demo_services), "en")
    full: Any = demo_services.agreements.get(rid)
    assert full.language == "en"


def test_the_c_locale_is_no_choice_of_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # Python reads it as en_US: not the user's choice of English
    assert i18n.system_language() is None
    assert i18n.resolve_language() == "nb"
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    assert i18n.resolve_language() == "nn"
    assert i18n.resolve_language(municipality="en") == "en"  # the municipality's comes first
