"""PKCS#11 around the edges: where card middleware is usually installed, and what its errors mean.

:func:`known_modules` offers the modules that exist on this machine, from the usual install locations
of OpenSC and of the middleware that Norwegian employee cards come with. For Buypass and Commfides the
exact file names vary between middleware versions, so their install folders are searched for a file
whose name says PKCS#11 (``*p11*``/``*pkcs11*``); the well-known module names of Net iD (Pointsharp)
and SafeSign IC, which issuers ship with their cards, are listed as well. A user can always choose any
module file by hand; only existing files are offered, so a wrong guess here costs nothing.

:func:`translate_pkcs11_error` turns python-pkcs11's exceptions into one Norwegian line.
"""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _


@dataclass(frozen=True, slots=True)
class ModuleCandidate:
    vendor: str  # OpenSC, Buypass, Commfides, Net iD, SafeSign, ...
    path: str


_WIN = os.environ.get("SystemRoot", r"C:\Windows")
_PF = (
    os.environ.get("ProgramFiles", r"C:\Program Files"),
    os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"),
)


def _vendor(name: str) -> list[tuple[str, str, str]]:
    """Patterns for a PKCS#11 file at most two folders below the vendor's install folder (no ``**``:
    a recursive search of system folders takes seconds)."""
    cap = f"[{name[0].upper()}{name[0].lower()}]{name[1:]}*"
    depths = ("", "*/", "*/*/")
    found: list[tuple[str, str, str]] = []
    for depth in depths:
        for pf in _PF:
            found.append((name, "win32", pf + "\\" + cap + "\\" + depth.replace("/", "\\") + "*p11*.dll"))
        found.append((name, "linux", f"/opt/{cap}/{depth}*p11*.so*"))
        found.append((name, "darwin", f"/Library/{cap}/{depth}*p11*.dylib"))
        found.append((name, "darwin", f"/Applications/{cap}/{depth}*p11*.dylib"))
    found.append((name, "linux", f"/usr/lib*/*{name.lower()}*p11*.so*"))
    found.append((name, "linux", f"/usr/lib*/*/*{name.lower()}*p11*.so*"))
    return found


# (vendor, platform prefix, path or glob pattern)
_LOCATIONS: tuple[tuple[str, str, str], ...] = (
    ("OpenSC", "linux", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
    ("OpenSC", "linux", "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so"),
    ("OpenSC", "linux", "/usr/lib64/opensc-pkcs11.so"),
    ("OpenSC", "linux", "/usr/lib/opensc-pkcs11.so"),
    ("OpenSC", "linux", "/usr/local/lib/opensc-pkcs11.so"),
    ("OpenSC", "win32", _WIN + r"\System32\opensc-pkcs11.dll"),
    *(("OpenSC", "win32", pf + r"\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll") for pf in _PF),
    ("OpenSC", "darwin", "/Library/OpenSC/lib/opensc-pkcs11.so"),
    ("OpenSC", "darwin", "/opt/homebrew/lib/opensc-pkcs11.so"),
    ("OpenSC", "darwin", "/usr/local/lib/opensc-pkcs11.so"),
    *_vendor("Buypass"),
    *_vendor("Commfides"),
    ("Net iD", "win32", _WIN + r"\System32\iidp11.dll"),
    ("Net iD", "linux", "/usr/lib/libiidp11.so"),
    ("Net iD", "linux", "/usr/lib64/libiidp11.so"),
    ("Net iD", "darwin", "/Library/Application Support/Net iD/*/libiidp11.dylib"),
    ("SafeSign", "win32", _WIN + r"\System32\aetpkss1.dll"),
    ("SafeSign", "linux", "/usr/lib/libaetpkss.so*"),
    ("SafeSign", "linux", "/usr/lib64/libaetpkss.so*"),
    ("SafeSign", "darwin", "/usr/local/lib/libaetpkss.dylib"),
)


def known_modules(platform: str | None = None) -> list[ModuleCandidate]:
    """The PKCS#11 modules from the usual locations that exist here, once each, in a stable order."""
    platform = platform or sys.platform
    seen: set[str] = set()
    found: list[ModuleCandidate] = []
    for vendor, prefix, pattern in _LOCATIONS:
        if not platform.startswith(prefix):
            continue
        paths = sorted(glob.glob(pattern)) if any(ch in pattern for ch in "*?[") else [pattern]
        for path in paths:
            if not Path(path).is_file():
                continue
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
            found.append(ModuleCandidate(vendor=vendor, path=path))
    return found


def translate_pkcs11_error(
    exc: BaseException, token_label: str | None = None, *, final_try: bool = False
) -> DomainError:
    """One Norwegian line for a PKCS#11 failure (never with the PIN in it)."""
    from pkcs11 import exceptions as e  # lazy: python-pkcs11 loads only once a token is used

    if isinstance(exc, DomainError):
        return exc
    label = token_label or ""
    if isinstance(exc, e.PinIncorrect):
        if final_try:
            return DomainError(_("Feil PIN-kode for smartkortet «{label}». Ett feil forsøk til sperrer PIN-koden.",
                                 label=label))  # fmt: skip
        return DomainError(_("Feil PIN-kode for smartkortet «{label}». Ingenting er signert.", label=label))
    if isinstance(exc, e.PinLocked):
        return DomainError(
            _("PIN-koden til smartkortet «{label}» er sperret etter for mange feil forsøk. "
              "Den låses opp med PUK-koden i programmet fra kortutstederen.", label=label)
        )  # fmt: skip
    if isinstance(exc, e.PinExpired):
        return DomainError(_("PIN-koden til smartkortet «{label}» er utløpt og må byttes i programmet fra "
                             "kortutstederen.", label=label))  # fmt: skip
    if isinstance(exc, e.PinLenRange | e.PinInvalid):
        return DomainError(_("PIN-koden har feil lengde eller ugyldige tegn."))
    if isinstance(exc, e.UserPinNotInitialized):
        return DomainError(_("Smartkortet «{label}» har ingen PIN-kode ennå; ta det i bruk med programmet fra "
                             "kortutstederen først.", label=label))  # fmt: skip
    if isinstance(
        exc,
        e.TokenNotPresent
        | e.DeviceRemoved
        | e.SessionClosed
        | e.SessionHandleInvalid
        | e.TokenNotRecognised
        | e.SlotIDInvalid
        | e.NoSuchToken,
    ):
        if label:
            return DomainError(_("Smartkortet «{label}» ble tatt ut, eller kortleseren ble koblet fra. Sett det "
                                 "inn igjen og prøv på nytt; ingenting er signert.", label=label))  # fmt: skip
        return DomainError(_("Smartkortet ble tatt ut, eller kortleseren ble koblet fra. Sett det inn igjen og "
                             "prøv på nytt; ingenting er signert."))  # fmt: skip
    if isinstance(exc, e.FunctionCancelled):
        return DomainError(_("Signeringen ble avbrutt på kortleseren; ingenting er signert."))
    if isinstance(exc, e.UserNotLoggedIn):
        return DomainError(_("Smartkortet krever PIN-koden på nytt. Prøv igjen."))
    return DomainError(
        _("Smartkortet svarte med en feil ({error}). Ta kortet ut, sett det inn igjen og prøv på nytt.",
          error=type(exc).__name__)
    )  # fmt: skip
