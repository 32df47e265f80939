"""pytest plugin: a live test PKI on 127.0.0.1 (certomancer) and a SoftHSM2 token standing in for a
smart card.

Registered for every test directory by ``pytest_plugins`` in ``tests/conftest.py``. Fixtures:

``test_pki`` (session)
    A root CA, an issuing CA, leaf certificates for the leader, the director, a revoked signer and an
    expired one, a TSA certificate; CRLs, an OCSP responder and an RFC 3161 TSA, all served by
    certomancer's WSGI app (the Animator) from a thread on ``127.0.0.1:<free port>``. The URLs in the
    certificates (CRL distribution points, AIA OCSP) point there. The RSA keys are generated once per
    session; nothing is written outside pytest's temporary folder. See ``certomancer.yml``.
``softhsm`` (session)
    SoftHSM2 tokens in a temporary folder (``SOFTHSM2_CONF`` set for the session): ``Enhetsdialog``
    holds the leader's key and certificate and the CA chain, ``Tom`` is empty and ``Uten sertifikat``
    holds a key with no certificate. Skips when SoftHSM2 or OpenSC's ``pkcs11-tool`` is missing,
    except under CI (``CI`` set), where a missing tool fails the test: CI installs both.

SoftHSM2 reads its token folder when the module is first initialised in a process, so every token is
created before anything loads the module.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12

CONFIG = Path(__file__).with_name("certomancer.yml")
ARCH = "enhetsdialog"
KEY_LABELS = ("root", "interm", "interm-ocsp", "tsa", "leader", "director", "revoked", "expired")
LEAF_LABELS = ("leader", "director", "revoked", "expired")
P12_PASSWORD = b"test-passord"

SOFTHSM_MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
)
TOKEN_LABEL = "Enhetsdialog"
EMPTY_TOKEN_LABEL = "Tom"
NO_CERT_TOKEN_LABEL = "Uten sertifikat"
USER_PIN = "246810"
SO_PIN = "13579135"
KEY_LABEL = "Signering"
KEY_ID = "01"


@dataclass
class LocalPki:
    """The running test PKI: certificates, keys and service URLs."""

    base_url: str
    arch: Any  # certomancer.registry.PKIArchitecture
    keys: dict[str, RSAPrivateKey]
    folder: Path
    _certs: dict[str, x509.Certificate] = field(default_factory=dict)

    def asn1_cert(self, label: str) -> asn1_x509.Certificate:
        from certomancer.registry import CertLabel

        return self.arch.get_cert(CertLabel(label))

    def cert(self, label: str) -> x509.Certificate:
        if label not in self._certs:
            self._certs[label] = x509.load_der_x509_certificate(self.asn1_cert(label).dump())
        return self._certs[label]

    def cert_pem(self, label: str) -> bytes:
        return self.cert(label).public_bytes(serialization.Encoding.PEM)

    def chain(self, label: str) -> list[x509.Certificate]:
        """The issuing CA and the root for a leaf (the leaf itself not included)."""
        return [self.cert("interm"), self.cert("root")] if label in LEAF_LABELS else [self.cert("root")]

    def pkcs12(self, label: str, password: bytes = P12_PASSWORD) -> bytes:
        """The leaf's key, certificate and CA chain as a PKCS#12 file."""
        return pkcs12.serialize_key_and_certificates(
            name=label.encode(),
            key=self.keys[label],
            cert=self.cert(label),
            cas=self.chain(label),
            encryption_algorithm=serialization.BestAvailableEncryption(password),
        )

    def key_pem(self, label: str) -> bytes:
        """The private key as unencrypted PKCS#8 PEM (what ``softhsm2-util --import`` reads)."""
        return self.keys[label].private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/{ARCH}/tsa/tsa"

    @property
    def ocsp_url(self) -> str:
        return f"{self.base_url}/{ARCH}/ocsp/interm"

    def crl_url(self, repo: str = "interm") -> str:
        return f"{self.base_url}/{ARCH}/crls/{repo}/latest.crl"

    @property
    def root_pem(self) -> bytes:
        return self.cert_pem("root")


def _generate_keys(folder: Path) -> dict[str, RSAPrivateKey]:
    folder.mkdir(parents=True, exist_ok=True)
    keys: dict[str, RSAPrivateKey] = {}
    for label in KEY_LABELS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        keys[label] = key
        (folder / f"{label}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return keys


@contextmanager
def serve_pki(folder: Path) -> Iterator[LocalPki]:
    """Generate the keys into ``folder``, serve the PKI on 127.0.0.1 until the block ends."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig
    from werkzeug.serving import make_server

    keys = _generate_keys(folder / "keys")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    def placeholder(environ: Any, start_response: Any) -> list[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"starting"]

    server = make_server("127.0.0.1", 0, placeholder, threaded=True)
    base_url = f"http://127.0.0.1:{server.port}"
    config = CertomancerConfig.from_file(
        str(CONFIG), key_search_dir=str(folder), external_url_prefix=base_url
    )
    arch = config.get_pki_arch(ARCH)
    server.app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    thread = threading.Thread(target=server.serve_forever, name="test-pki", daemon=True)
    thread.start()
    try:
        yield LocalPki(base_url=base_url, arch=arch, keys=keys, folder=folder)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPki]:
    """The test PKI, served on 127.0.0.1 for the whole session."""
    with serve_pki(tmp_path_factory.mktemp("pki")) as pki:
        yield pki


# --- SoftHSM2 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SoftToken:
    """Where the SoftHSM2 tokens are and how to open them."""

    module: str
    conf: Path
    token_label: str
    pin: str
    key_label: str
    key_id: str  # hex
    empty_token_label: str = EMPTY_TOKEN_LABEL
    no_cert_token_label: str = NO_CERT_TOKEN_LABEL


def softhsm_module() -> str | None:
    override = os.environ.get("SOFTHSM2_MODULE")
    if override:
        return override if Path(override).is_file() else None
    return next((p for p in SOFTHSM_MODULE_CANDIDATES if Path(p).is_file()), None)


class ToolMissing(RuntimeError):
    """SoftHSM2 or OpenSC's pkcs11-tool is not installed."""


def _run(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {result.stdout}{result.stderr}")


@contextmanager
def soft_tokens(pki: LocalPki, folder: Path) -> Iterator[SoftToken]:
    """Make the SoftHSM2 tokens in ``folder`` and set ``SOFTHSM2_CONF`` until the block ends."""
    module = softhsm_module()
    util, tool = shutil.which("softhsm2-util"), shutil.which("pkcs11-tool")
    for what, found in (("SoftHSM2", module), ("softhsm2-util", util), ("pkcs11-tool (OpenSC)", tool)):
        if found is None:
            raise ToolMissing(f"{what} is not installed (Debian: apt-get install softhsm2 opensc)")
    assert module is not None and util is not None and tool is not None
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
        "slots.removable = false\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    key_file = folder / "leader.p8.pem"
    key_file.write_bytes(pki.key_pem("leader"))
    der = {}
    for label in ("leader", "interm", "root"):
        der[label] = folder / f"{label}.der"
        der[label].write_bytes(pki.cert(label).public_bytes(serialization.Encoding.DER))

    for label in (TOKEN_LABEL, EMPTY_TOKEN_LABEL, NO_CERT_TOKEN_LABEL):
        _run(util, "--init-token", "--free", "--label", label, "--pin", USER_PIN, "--so-pin", SO_PIN, env=env)
    for label in (TOKEN_LABEL, NO_CERT_TOKEN_LABEL):
        _run(util, "--import", str(key_file), "--token", label, "--label", KEY_LABEL, "--id", KEY_ID,
             "--pin", USER_PIN, env=env)  # fmt: skip
    for cert_label, label, obj_id in (
        ("leader", KEY_LABEL, KEY_ID),
        ("interm", "Testkommune Utsteder-CA", "a1"),
        ("root", "Testkommune Rot-CA", "a2"),
    ):
        _run(tool, "--module", module, "--token-label", TOKEN_LABEL, "--login", "--pin", USER_PIN,
             "--write-object", str(der[cert_label]), "--type", "cert", "--id", obj_id, "--label", label,
             env=env)  # fmt: skip
    key_file.unlink()
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    try:
        yield SoftToken(
            module=module,
            conf=conf,
            token_label=TOKEN_LABEL,
            pin=USER_PIN,
            key_label=KEY_LABEL,
            key_id=KEY_ID,
        )
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(scope="session")
def softhsm(test_pki: LocalPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoftToken]:
    """SoftHSM2 tokens holding the leader's key and certificate (see the module docstring)."""
    try:
        with soft_tokens(test_pki, tmp_path_factory.mktemp("softhsm")) as token:
            yield token
    except ToolMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc}; CI must install it (.ci/run)")
        pytest.skip(str(exc))
