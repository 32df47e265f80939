"""Trusted time: an RFC 3161 timestamp authority (TSA) over HTTP, and document timestamps.

:func:`timestamper` makes pyHanko's ``HTTPTimeStamper`` for a TSA URL, with optional HTTP basic-auth
credentials (the caller gets them from an environment variable or the GUI; nothing here stores
them). A signature made with a timestamper carries a signature timestamp (PAdES B-T).

:func:`add_document_timestamp` appends a document timestamp (``/DocTimeStamp``) to an already signed
PDF as an incremental update: the earlier signatures stay valid (a document timestamp is an
"archival" update that every DocMDP level permits), and the file gains trusted time over everything
in it — B-T for signatures that had none, B-LTA when it covers validation data (see :mod:`.ltv`).

Network failures, refusals and malformed answers become one Norwegian line (:class:`DomainError`).
"""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import Awaitable
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from asn1crypto import cms
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.errors import DomainError
from enhetsdialog.i18n import _
from enhetsdialog.pdf.writer import open_writer

DEFAULT_TIMEOUT = 10.0  # seconds for one TSA request
T = TypeVar("T")


def timestamper(
    url: str,
    *,
    username: str | None = None,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> HTTPTimeStamper:
    """A client for the TSA at ``url`` (http or https); basic auth when ``username`` is given."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(_("Adressen til tidsstempeltjenesten må begynne med http:// eller https:// ({url}).",
                            url=url or "tom"))  # fmt: skip
    if parts.username or parts.password:
        raise DomainError(_("Skriv ikke brukernavn eller passord i adressen til tidsstempeltjenesten; "
                            "oppgi dem for seg."))  # fmt: skip
    headers = None
    if username:
        token = base64.b64encode(f"{username}:{password or ''}".encode()).decode("ascii")
        headers = {"Authorization": f"Basic {token}"}
    return HTTPTimeStamper(url, timeout=timeout, headers=headers)


def tsa_label(ts: TimeStamper) -> str:
    url = getattr(ts, "url", None)
    return str(url) if url else type(ts).__name__


def tsa_error(ts: TimeStamper, exc: BaseException) -> DomainError:
    """One line for a failed timestamp request."""
    cause = exc.__cause__ or exc
    text = str(cause).strip() or type(cause).__name__
    status = getattr(cause, "status", None)
    url = tsa_label(ts)
    if status in (401, 403):
        return DomainError(_("Tidsstempeltjenesten {url} avviste brukernavnet eller passordet.", url=url))
    if isinstance(status, int):
        return DomainError(
            _("Tidsstempeltjenesten {url} svarte med feil (HTTP {status}).", url=url, status=status)
        )
    if isinstance(cause, asyncio.TimeoutError | TimeoutError):
        return DomainError(
            _("Tidsstempeltjenesten {url} svarte ikke i tide. Er maskinen på nettet?", url=url)
        )
    if isinstance(cause, OSError) or "connect" in text.lower():
        return DomainError(
            _("Får ikke kontakt med tidsstempeltjenesten {url}. Er maskinen på nettet?", url=url)
        )
    return DomainError(_("Tidsstempeltjenesten {url} ga et svar som ikke kan brukes ({reason}).",
                         url=url, reason=_short(text)))  # fmt: skip


def _short(text: str) -> str:
    return text if len(text) <= 160 else text[:159] + "…"


def run(coro: Awaitable[T], *contexts: ValidationContext | None) -> T:
    """Run a pyHanko coroutine to completion from synchronous code, then release the HTTP sessions the
    validation contexts opened (they belong to this event loop; pyHanko's own sync wrappers do the same).
    """

    async def _wrap() -> T:
        try:
            return await coro
        finally:
            for context in contexts:
                if context is not None:
                    await context.aclose()  # type: ignore[no-untyped-call]

    return asyncio.run(_wrap())


def check_tsa(ts: TimeStamper) -> datetime:
    """Ask the TSA for one token (over a dummy digest); its time, or a DomainError saying why not."""
    try:
        token = run(ts.async_dummy_response("sha256"))
    except (TimestampRequestError, SigningError, OSError, ValueError) as exc:
        raise tsa_error(ts, exc) from exc
    return token_time(token)


def token_time(token: cms.ContentInfo | cms.SignedData) -> datetime:
    """``genTime`` of a timestamp token (not verified: use the validation for that)."""
    signed = token["content"] if isinstance(token, cms.ContentInfo) else token
    tst_info = signed["encap_content_info"]["content"].parsed
    value: datetime = tst_info["gen_time"].native
    return value


def tsa_certificates(ts: TimeStamper) -> list[object]:
    """The certificates a TSA puts in its tokens (asn1crypto), from one dummy request."""
    try:
        token = run(ts.async_dummy_response("sha256"))
    except (TimestampRequestError, SigningError, OSError, ValueError) as exc:
        raise tsa_error(ts, exc) from exc
    return [c.chosen for c in token["content"]["certificates"] or []]


def add_document_timestamp(pdf: bytes, ts: TimeStamper, *, field_name: str | None = None) -> bytes:
    """``pdf`` with a document timestamp appended as an incremental update (an invisible field).

    The update is written without refreshing the metadata (:mod:`.writer`), so that the strict change
    policy accepts it after the signatures. Validation data for the timestamp itself (B-LTA) is added
    by :func:`enhetsdialog.pdf.ltv.make_archival`.
    """
    writer = open_writer(pdf)
    out = io.BytesIO()
    try:
        PdfTimeStamper(ts, field_name=field_name).timestamp_pdf(writer, "sha256", output=out)
    except (TimestampRequestError, OSError) as exc:
        raise tsa_error(ts, exc) from exc
    except SigningError as exc:
        if isinstance(exc.__cause__, TimestampRequestError | OSError):
            raise tsa_error(ts, exc.__cause__) from exc
        raise DomainError(
            _("Tidsstempelet kunne ikke legges til ({reason}).", reason=_short(str(exc)))
        ) from exc
    return out.getvalue()
