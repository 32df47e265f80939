"""Validating the archive's XML against the official schemas (lxml), before anything is written.

``validate_arkivmelding(xml)`` checks a message twice: against KS Fiks Arkiv V1's own
``no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd`` exactly as published, and against a
schema that imports it together with ours (``enhetsdialog-arkiv-1.xsd``). The message declares
``virksomhetsspesifikkeMetadata`` as ``xs:anyType``, whose content is validated *lax*: an element
with a global declaration in a loaded schema is checked against it. So the second pass also checks
what we put there (our elements, and Fiks Arkiv's ``elektroniskSignatur`` type inside them).

The schemas live in ``resources/schemas`` (see its README: source commit and licence) and are
compiled once per process. A finding is a bug in the export, never a user error:
:class:`ArchiveXmlError` says which element failed.
"""

from __future__ import annotations

import functools
import threading
from importlib import resources
from pathlib import Path

from lxml import etree

from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import N_

FIKS_OPPRETT = "fiks-arkiv-v1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
OWN = "enhetsdialog-arkiv-1.xsd"

NS_OPPRETT = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
NS_MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
NS_FAS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivstruktur/v1"
NS_ED = "https://enhetsdialog.no/ns/arkiv/1.0/"

_lock = threading.Lock()


class ArchiveXmlError(EnhetsdialogError):
    """XML the export made does not validate against the schema: a bug; nothing was written."""


def schema_dir() -> Path:
    return Path(str(resources.files("enhetsdialog") / "resources" / "schemas"))


@functools.cache
def _compiled(name: str) -> etree.XMLSchema:
    if name == "combined":
        # a driver schema: both imports, so that lax wildcards find our declarations
        driver = (
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
            f'<xs:import namespace="{NS_OPPRETT}" schemaLocation="{FIKS_OPPRETT}"/>'
            f'<xs:import namespace="{NS_ED}" schemaLocation="{OWN}"/>'
            "</xs:schema>"
        )
        doc = etree.fromstring(driver.encode(), base_url=(schema_dir() / "driver.xsd").as_uri())
        return etree.XMLSchema(doc)
    return etree.XMLSchema(etree.parse(str(schema_dir() / name)))


def schema(name: str) -> etree.XMLSchema:
    with _lock:  # compiling is not thread-safe in libxml2's schema parser
        return _compiled(name)


def findings(xml: bytes, name: str) -> list[str]:
    """Schema errors of ``xml`` against schema ``name`` (``FIKS_OPPRETT``, ``"combined"``): one line each."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        doc = etree.fromstring(xml, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    checker = schema(name)
    if checker.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def validate_arkivmelding(xml: bytes, what: str = "arkivmelding.xml") -> None:
    """Raise :class:`ArchiveXmlError` unless ``xml`` validates against Fiks Arkiv V1 (and our part)."""
    found = findings(xml, FIKS_OPPRETT) or findings(xml, "combined")
    if found:
        raise ArchiveXmlError(
            N_(
                "Feil i eksporten: {file} er ikke gyldig etter skjemaet (Fiks Arkiv V1), og ingenting er "
                "skrevet. Meld fra om feilen: {finding}",
                file=what,
                finding=found[0],
            )
        )
