"""Smart cards and USB tokens through PKCS#11: list what is inserted, and open the signing key.

PKCS#11 (python-pkcs11 underneath pyHanko's ``PKCS11Signer``): a module (``.so``/``.dll``/``.dylib``,
the card middleware) is loaded once per process and kept loaded, because unloading it finalises every
session of that module. :func:`list_tokens` and :func:`list_token_keys` serve the GUI's choices;
:func:`known_modules` offers the usual module locations (OpenSC, Buypass, Commfides, ...) that exist
on this machine (see :mod:`enhetsdialog.pdf.pkcs11_support`). This module (and python-pkcs11
with it) is imported only when a token is used, so a PKCS#12 signature never loads it.

Every failure is a :class:`DomainError` with one Norwegian line: module missing or not PKCS#11, no
card, card removed, wrong PIN, PIN locked, no key with that label, no certificate. The PIN is passed
to the token and forgotten: it is never logged, never stored, and never part of a message. (A key
marked CKA_ALWAYS_AUTHENTICATE needs the PIN again for each signature; only then is it kept in the
signer's memory until :meth:`SigningKey.close`.)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pkcs11
from cryptography import x509
from pkcs11 import PROTECTED_AUTH, Attribute, ObjectClass, TokenFlag
from pkcs11.exceptions import PinLocked, UserAlreadyLoggedIn
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
from pyhanko.sign.pkcs11 import PKCS11Signer

from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _
from enhetsdialog.pdf.certificates import CertInfo, describe
from enhetsdialog.pdf.keys import SigningKey
from enhetsdialog.pdf.pkcs11_support import ModuleCandidate, known_modules, translate_pkcs11_error

__all__ = [
    "ModuleCandidate",
    "TokenInfo",
    "TokenKeyInfo",
    "known_modules",
    "list_token_keys",
    "list_tokens",
    "open_pkcs11",
    "read_certificate",
    "translate_pkcs11_error",
]


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A card or token present in a reader, as the module reports it."""

    label: str
    manufacturer: str
    model: str
    serial: str
    pin_pad: bool  # the PIN is typed on the reader, not in the app
    pin_locked: bool
    pin_final_try: bool


@dataclass(frozen=True, slots=True)
class TokenKeyInfo:
    """A certificate on a token and (once logged in) whether its private key is there to sign with."""

    label: str
    key_id: str  # CKA_ID, lower-case hex
    certificate: CertInfo | None
    has_private_key: bool | None  # None: not known without the PIN
    for_signing: bool  # the certificate allows non-repudiation (the card's signing key)


_libs: dict[str, Any] = {}
_libs_lock = threading.Lock()


def _module(path: str | Path) -> Any:
    """The PKCS#11 module at ``path``, loaded once per process (unloading would end every session)."""
    file = Path(path).expanduser()
    if not str(path).strip():
        raise DomainError(_("Ingen PKCS#11-modul er valgt for smartkort."))
    if not file.is_file():
        raise DomainError(_("Fant ikke PKCS#11-modulen {path}. Er programvaren for smartkortet installert?",
                            path=str(file)))  # fmt: skip
    key = str(file.resolve())
    with _libs_lock:
        lib = _libs.get(key)
        if lib is None:
            try:
                lib = pkcs11.lib(key)
            except Exception as exc:
                raise DomainError(
                    _("{path} er ikke en PKCS#11-modul for smartkort (den kan ikke lastes).", path=str(file))
                ) from exc
            _libs[key] = lib
    return lib


def _present_tokens(lib: Any) -> list[Any]:
    tokens = []
    for slot in lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
        except Exception:  # a reader with an unreadable or unknown card: not a token we can use
            continue
        if token.flags & TokenFlag.TOKEN_INITIALIZED:
            tokens.append(token)
    return tokens


def list_tokens(module: str | Path) -> list[TokenInfo]:
    """The initialised cards/tokens the module sees now (empty when none is inserted)."""
    lib = _module(module)
    try:
        tokens = _present_tokens(lib)
    except Exception as exc:
        raise translate_pkcs11_error(exc) from exc
    return [
        TokenInfo(
            label=t.label,
            manufacturer=t.manufacturer_id,
            model=t.model,
            serial=t.serial.decode("ascii", "replace").strip()
            if isinstance(t.serial, bytes)
            else str(t.serial),
            pin_pad=bool(t.flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH),
            pin_locked=bool(t.flags & TokenFlag.USER_PIN_LOCKED),
            pin_final_try=bool(t.flags & TokenFlag.USER_PIN_FINAL_TRY),
        )
        for t in tokens
    ]


def _token(lib: Any, label: str | None) -> Any:
    tokens = _present_tokens(lib)
    if label:
        found = [t for t in tokens if t.label == label]
        if not found:
            raise DomainError(
                _("Fant ikke smartkortet «{label}». Er kortet satt inn i leseren?", label=label)
            )
        return found[0]
    if not tokens:
        raise DomainError(_("Ingen smartkort er satt inn (eller kortleseren er ikke koblet til)."))
    if len(tokens) > 1:
        raise DomainError(
            _("Flere smartkort er satt inn ({labels}); velg hvilket som skal brukes.",
              labels=", ".join(f"«{t.label}»" for t in tokens))
        )  # fmt: skip
    return tokens[0]


def _login(token: Any, pin: str | None) -> Any:
    """Open a session on ``token``, logged in with ``pin`` (or on the reader's PIN pad)."""
    if token.flags & TokenFlag.USER_PIN_LOCKED:
        raise translate_pkcs11_error(_pin_locked(), token.label)
    if not pin:
        if not token.flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH:
            raise DomainError(_("Skriv inn PIN-koden for smartkortet «{label}».", label=token.label))
        user_pin: Any = PROTECTED_AUTH
    else:
        user_pin = pin
    try:
        return token.open(user_pin=user_pin)
    except UserAlreadyLoggedIn:
        # another session of this process is logged in already; PKCS#11 shares the login
        return token.open()
    except Exception as exc:
        final_try = bool(_refresh_flags(token) & TokenFlag.USER_PIN_FINAL_TRY)
        raise translate_pkcs11_error(exc, token.label, final_try=final_try) from exc


def _pin_locked() -> Exception:
    return PinLocked()


def _refresh_flags(token: Any) -> int:
    try:
        return int(token.slot.get_token().flags)
    except Exception:
        return 0


def _attr(obj: Any, attribute: Any, default: Any = None) -> Any:
    try:
        return obj[attribute]
    except Exception:
        return default


def _certificates(session: Any) -> list[tuple[str, bytes, x509.Certificate]]:
    """Every X.509 certificate on the token: (label, CKA_ID, certificate)."""
    found = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        value = _attr(obj, Attribute.VALUE)
        if not value:
            continue
        try:
            cert = x509.load_der_x509_certificate(bytes(value))
        except ValueError:
            continue
        found.append((str(_attr(obj, Attribute.LABEL, "")), bytes(_attr(obj, Attribute.ID, b"")), cert))
    return found


def _for_signing(cert: x509.Certificate) -> bool:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.content_commitment)


def list_token_keys(
    module: str | Path, token_label: str | None, pin: str | None = None
) -> list[TokenKeyInfo]:
    """The certificates on a token (public, no PIN needed); with ``pin``, also which have their key."""
    lib = _module(module)
    try:
        token = _token(lib, token_label)
        session = _login(token, pin) if pin else token.open()
    except DomainError:
        raise
    except Exception as exc:
        raise translate_pkcs11_error(exc, token_label) from exc
    try:
        certs = _certificates(session)
        key_ids: set[bytes] | None = None
        if pin:
            keys = session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True})
            key_ids = {bytes(_attr(k, Attribute.ID, b"")) for k in keys}
        result = []
        for label, key_id, cert in certs:
            if _is_ca(cert):
                continue
            result.append(
                TokenKeyInfo(
                    label=label,
                    key_id=key_id.hex(),
                    certificate=describe(cert),
                    has_private_key=None if key_ids is None else key_id in key_ids,
                    for_signing=_for_signing(cert),
                )
            )
        return result
    except Exception as exc:
        raise translate_pkcs11_error(exc, token.label) from exc
    finally:
        session.close()


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def open_pkcs11(
    module: str | Path,
    *,
    pin: str | None,
    token_label: str | None = None,
    key_label: str | None = None,
    key_id: str | None = None,
) -> SigningKey:
    """The signing key on a smart card or token; the certificate and its chain are read from the card.

    Without ``key_label``/``key_id`` the card's only signing key is used; on a card with several
    (Norwegian employee cards have an authentication and a signing key), the one whose certificate
    allows non-repudiation. ``pin`` None or empty uses the reader's PIN pad when it has one.
    """
    lib = _module(module)
    try:
        token = _token(lib, token_label)
        session = _login(token, pin)
    except DomainError:
        raise
    except Exception as exc:
        raise translate_pkcs11_error(exc, token_label) from exc
    try:
        key, cert, chain = _select_key(session, token.label, key_label, key_id)
        sign_kwargs = {"pin": pin} if pin and _always_authenticate(key) else None

        signer = PKCS11Signer(
            session,
            signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
            ca_chain=[translate_pyca_cryptography_cert_to_asn1(c) for c in chain],
            key_id=bytes(_attr(key, Attribute.ID, b"")) or None,
            key_label=None if _attr(key, Attribute.ID) else str(_attr(key, Attribute.LABEL, "")),
            other_certs_to_pull=(),
            base_sign_kwargs=sign_kwargs,
        )
    except DomainError:
        session.close()
        raise
    except Exception as exc:
        session.close()
        raise translate_pkcs11_error(exc, token.label) from exc
    label = str(_attr(key, Attribute.LABEL, "")) or describe(cert).common_name
    return SigningKey(
        signer,
        cert,
        chain,
        source="pkcs11",
        description=_("Smartkort «{token}», nøkkel «{key}»", token=token.label, key=label),
        session=session,
    )


def _always_authenticate(key: Any) -> bool:
    return bool(_attr(key, Attribute.ALWAYS_AUTHENTICATE, False))


def _select_key(
    session: Any, token_label: str, key_label: str | None, key_id: str | None
) -> tuple[Any, x509.Certificate, tuple[x509.Certificate, ...]]:
    wanted_id = bytes.fromhex(key_id) if key_id else None
    keys = []
    for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True}):
        if key_label and _attr(key, Attribute.LABEL) != key_label:
            continue
        if wanted_id is not None and bytes(_attr(key, Attribute.ID, b"")) != wanted_id:
            continue
        keys.append(key)
    certs = _certificates(session)
    paired = [(k, _certificate_for(k, certs)) for k in keys]
    if not paired:
        if key_label:
            raise DomainError(_("Fant ingen signeringsnøkkel «{key}» på smartkortet «{token}».",
                                key=key_label, token=token_label))  # fmt: skip
        raise DomainError(_("Smartkortet «{token}» har ingen nøkkel å signere med.", token=token_label))
    if len(paired) > 1:
        signing = [p for p in paired if p[1] is not None and _for_signing(p[1])]
        if len(signing) == 1:
            paired = signing
        else:
            raise DomainError(
                _("Smartkortet «{token}» har flere nøkler ({labels}); velg hvilken som skal brukes.",
                  token=token_label, labels=", ".join(f"«{_attr(k, Attribute.LABEL, '')}»" for k, _c in paired))
            )  # fmt: skip
    key, cert = paired[0]
    if cert is None:
        raise DomainError(
            _("Smartkortet «{token}» har ikke sertifikatet til nøkkelen «{key}».",
              token=token_label, key=str(_attr(key, Attribute.LABEL, "")))
        )  # fmt: skip
    return key, cert, _chain_of(cert, [c for _l, _i, c in certs])


def _certificate_for(key: Any, certs: list[tuple[str, bytes, x509.Certificate]]) -> x509.Certificate | None:
    """The certificate with the key's CKA_ID (the PKCS#11 convention), else the one with its label."""
    key_id = bytes(_attr(key, Attribute.ID, b""))
    label = _attr(key, Attribute.LABEL)
    by_id = [c for _l, i, c in certs if key_id and i == key_id and not _is_ca(c)]
    if by_id:
        return by_id[0]
    by_label = [c for lbl, _i, c in certs if label and lbl == label and not _is_ca(c)]
    return by_label[0] if by_label else None


def _chain_of(cert: x509.Certificate, pool: list[x509.Certificate]) -> tuple[x509.Certificate, ...]:
    """The issuing certificates of ``cert`` found in ``pool``, nearest first."""
    chain: list[x509.Certificate] = []
    current = cert
    while current.issuer != current.subject and len(chain) < 8:
        issuer = next(
            (c for c in pool if c.subject == current.issuer and c not in chain and c != current), None
        )
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    return tuple(chain)


def read_certificate(
    module: str | Path, *, token_label: str | None = None, key_label: str | None = None
) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    """The signing certificate on a card and its issuing chain, read without the PIN (certificates
    are public objects), so that a signature that would be refused is refused before the PIN is asked.

    ``key_label``: the certificate with that label (PKCS#11 pairs a key and its certificate by label
    and CKA_ID); without it, the card's only end-entity certificate, or the one for signing.
    """
    lib = _module(module)
    try:
        token = _token(lib, token_label)
        session = token.open()
    except DomainError:
        raise
    except Exception as exc:
        raise translate_pkcs11_error(exc, token_label) from exc
    try:
        certs = _certificates(session)
    except Exception as exc:
        raise translate_pkcs11_error(exc, token.label) from exc
    finally:
        session.close()
    leaves = [(label, cert) for label, _i, cert in certs if not _is_ca(cert)]
    if key_label:
        leaves = [(label, cert) for label, cert in leaves if label == key_label]
    if len(leaves) > 1:
        leaves = [(label, cert) for label, cert in leaves if _for_signing(cert)] or leaves
    if not leaves:
        raise DomainError(_("Smartkortet «{token}» har ikke noe sertifikat å signere med.", token=token.label))
    if len(leaves) > 1:
        raise DomainError(
            _("Smartkortet «{token}» har flere sertifikater ({labels}); velg hvilket som skal brukes.",
              token=token.label, labels=", ".join(f"«{label}»" for label, _c in leaves))
        )  # fmt: skip
    cert = leaves[0][1]
    return cert, _chain_of(cert, [c for _l, _i, c in certs])
