"""Signing settings kept per database: the timestamp authority (TSA) and the smart-card module.

Nothing secret is stored. A TSA that needs basic-auth credentials is configured with its URL, the user
name and the *name* of an environment variable that holds the password; or the password is given per
call (the GUI asks for it and keeps it in memory only). The PKCS#11 module path, the token and the key
label are remembered so that the signing dialog can offer them again; the PIN never is.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database

if TYPE_CHECKING:
    from pyhanko.sign.timestamps.api import TimeStamper

_TSA_URL = "signing.tsa.url"
_TSA_USER = "signing.tsa.username"
_TSA_PASSWORD_ENV = "signing.tsa.password_env"
_MODULE = "signing.pkcs11.module"
_TOKEN = "signing.pkcs11.token"
_KEY = "signing.pkcs11.key"
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class TsaConfig:
    """Where to ask for trusted time. ``password`` is for one call only and never stored."""

    url: str
    username: str = ""
    password_env: str = ""  # the name of the environment variable that holds the password
    password: str | None = field(default=None, repr=False, compare=False)

    def resolved_password(self) -> str | None:
        if self.password is not None:
            return self.password
        if self.password_env:
            return os.environ.get(self.password_env)
        return None

    def timestamper(self) -> TimeStamper:
        """pyHanko's client for this TSA; ValidationError when a needed password is missing."""
        # lazy: pyHanko's timestamp client loads only when a timestamp is made
        from enhetsdialog.pdf.timestamps import timestamper

        password = self.resolved_password()
        if self.username and password is None:
            if self.password_env:
                raise ValidationError(
                    _("Passordet til tidsstempeltjenesten mangler: miljøvariabelen {name} er ikke satt.",
                      name=self.password_env)  # fmt: skip
                )
            raise ValidationError(_("Oppgi passordet til tidsstempeltjenesten."))
        return timestamper(self.url, username=self.username or None, password=password)


@dataclass(frozen=True, slots=True)
class TokenChoice:
    """The smart-card module, card and key the user chose last (any of them may be empty)."""

    module: str = ""
    token: str = ""
    key: str = ""


def check_env_name(name: str) -> str:
    name = name.strip()
    if name and not _ENV_NAME.match(name):
        raise ValidationError(
            _("«{name}» er ikke et navn på en miljøvariabel (bare bokstaver, sifre og _).", name=name)
        )
    return name


class SigningSettings:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- TSA ----------------------------------------------------------------------------------------

    def tsa(self) -> TsaConfig | None:
        with self.db.read() as s:
            url = repo.get_setting(s, _TSA_URL)
            user = repo.get_setting(s, _TSA_USER) or ""
            env = repo.get_setting(s, _TSA_PASSWORD_ENV) or ""
        return TsaConfig(url, user, env) if url else None

    def set_tsa(self, url: str, *, username: str = "", password_env: str = "") -> Changes:
        """Remember the TSA (an empty URL forgets it). Only the *name* of the password variable is kept."""
        url = url.strip()
        if not url:
            return self.clear_tsa()
        config = TsaConfig(url, username.strip(), check_env_name(password_env), password="")
        config.timestamper()  # the URL's form is checked (no request is made)
        with self.db.write() as s:
            repo.set_setting(s, _TSA_URL, config.url)
            repo.set_setting(s, _TSA_USER, config.username)
            repo.set_setting(s, _TSA_PASSWORD_ENV, config.password_env)
        return Changes(settings=True)

    def clear_tsa(self) -> Changes:
        with self.db.write() as s:
            for key in (_TSA_URL, _TSA_USER, _TSA_PASSWORD_ENV):
                repo.set_setting(s, key, "")
        return Changes(settings=True)

    def check_tsa(self, config: TsaConfig | None = None) -> datetime:
        """Ask the TSA (given, else the configured one) for a token now: its time, or DomainError why not."""
        # lazy: pyHanko's timestamp client loads only when the service is tried
        from enhetsdialog.pdf.timestamps import check_tsa

        config = config or self.tsa()
        if config is None:
            raise ValidationError(_("Ingen tidsstempeltjeneste er satt opp."))
        return check_tsa(config.timestamper())

    # --- smart card ---------------------------------------------------------------------------------

    def token_choice(self) -> TokenChoice:
        with self.db.read() as s:
            return TokenChoice(
                repo.get_setting(s, _MODULE) or "",
                repo.get_setting(s, _TOKEN) or "",
                repo.get_setting(s, _KEY) or "",
            )

    def set_token_choice(self, module: str, token: str = "", key: str = "") -> Changes:
        module = module.strip()
        if module and not Path(module).expanduser().is_file():
            raise ValidationError(_("Fant ikke PKCS#11-modulen {path}.", path=module))
        with self.db.write() as s:
            repo.set_setting(s, _MODULE, module)
            repo.set_setting(s, _TOKEN, token.strip())
            repo.set_setting(s, _KEY, key.strip())
        return Changes(settings=True)

    # --- what is on this machine (for the GUI's choices; read-only, no PIN) -------------------------

    @staticmethod
    def known_modules() -> list[tuple[str, str]]:
        """(vendor, path) of the PKCS#11 modules found in the usual install locations."""
        # lazy: python-pkcs11 and pyHanko load only when the card settings are shown
        from enhetsdialog.pdf.tokens import known_modules

        return [(m.vendor, m.path) for m in known_modules()]

    @staticmethod
    def tokens(module: str) -> list[Any]:
        """The cards/tokens the module sees now (``pdf.tokens.TokenInfo``); DomainError in one line."""
        # lazy: python-pkcs11 loads only when a smart card is used
        from enhetsdialog.pdf.tokens import list_tokens

        return list(list_tokens(module))

    @staticmethod
    def token_keys(module: str, token: str | None) -> list[Any]:
        """The certificates on a card, read without the PIN (``pdf.tokens.TokenKeyInfo``)."""
        # lazy: python-pkcs11 loads only when a smart card is used
        from enhetsdialog.pdf.tokens import list_token_keys

        return list(list_token_keys(module, token or None))
