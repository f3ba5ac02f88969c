"""How a withdrawal document reaches the national system: a Gateway per organisation.

`xtrace` speaks the ASL BELGISI xTrace Open API as its public clients use it; `file` renders the same
document as JSON and CSV for a person to upload in the web cabinet. The official reason codes, base
URL and search parameter are not public: they are settings, and the defaults sit in one table here.
"""
from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import os
import time
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import aiohttp

WITHDRAWAL = "/public/api/v1/doc/withdrawal"
DOCS = "/public/api/v1/doc/storage/docs"
ERRORS = "/public/api/v1/doc/storage/errors"
# Our document UUID travels in the body under this name, and the document list is searched by it.
OUR_ID_FIELD = "externalId"

# reason -> (withdrawalType, withdrawalReason): placeholders until the official values are published;
# XTRACE_REASON_CODES overrides them.
REASON_CODES: dict[str, tuple[str, str]] = {
    "medical_use": ("MEDICAL_USE", "MEDICAL_USE"),
    "expiry": ("EXPIRATION", "EXPIRATION"),
    "free_prescription": ("FREE_PRESCRIPTION", "FREE_PRESCRIPTION"),
    "destruction": ("DESTRUCTION", "DESTRUCTION"),
    "loss": ("LOSS", "LOSS"),
}
FINAL = {"SUCCESS": "success", "PARTIALLY_PROCESSED": "partial", "ERROR": "error"}
IN_PROGRESS = ("CREATED", "VALIDATING", "IN_PROCESS")


@dataclass(frozen=True)
class Outgoing:
    """A document as sent: plain values, no database rows."""

    uuid: str
    business_place_id: str
    reason: str
    primary_type: str | None
    primary_number: str | None
    primary_date: date | None
    withdrawn_at: datetime
    codes: list[str]
    api_key_env: str | None = None


@dataclass(frozen=True)
class Processing:
    """The national system's view of a sent document: a FINAL/IN_PROGRESS status and per-code errors."""

    status: str
    errors: dict[str, str]
    error: str | None = None


class SendError(Exception):
    """A request that did not get its answer.

    unknown: it may have reached the national system (timeout, 5xx): search before sending again.
    permanent: the document itself was refused (400, 422): retrying cannot help.
    retry_after: the national system asked us to wait (429), in seconds.
    """

    def __init__(self, message: str, *, unknown: bool = False, permanent: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.unknown, self.permanent, self.retry_after = unknown, permanent, retry_after


class Gateway(Protocol):
    async def send(self, doc: Outgoing) -> str:
        """Send the document; returns the national system's id for it."""

    async def find(self, doc: Outgoing) -> str | None:
        """The national id of a document already sent with this UUID, or None."""

    async def status(self, doc: Outgoing, national_id: str) -> Processing:
        """Where processing stands, with the refused codes once it is final."""


# ---------------------------------------------------------------- signing
class Signer(Protocol):
    async def sign(self, body_b64: str) -> str | None:
        """A detached signature of the base64 body, or None to send the document unsigned."""


class NoSigner:
    """The API key alone vouches for the document."""

    async def sign(self, body_b64: str) -> str | None:
        return None


class ServiceSigner:
    """An external signing service (an E-IMZO server) that holds the key: it answers a POST of the
    base64 body with the detached PKCS#7 signature in base64. The bot never sees key material."""

    def __init__(self, url: str, session: aiohttp.ClientSession, timeout_s: float = 20.0) -> None:
        self.url, self.session, self.timeout = url, session, aiohttp.ClientTimeout(total=timeout_s)

    async def sign(self, body_b64: str) -> str:
        try:
            async with self.session.post(self.url, data=body_b64.encode(), timeout=self.timeout,
                                         headers={"Content-Type": "text/plain"}) as resp:
                if resp.status != 200:
                    raise SendError(f"signer answered {resp.status}")
                signature = (await resp.text()).strip()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise SendError(f"signer unreachable: {type(exc).__name__}") from None
        if not signature:
            raise SendError("signer returned no signature")
        return signature


# ---------------------------------------------------------------- the document body
def document_body(doc: Outgoing, reason_codes: dict[str, tuple[str, str]] = REASON_CODES) -> dict:
    withdrawal_type, withdrawal_reason = reason_codes[doc.reason]
    primary = {"type": doc.primary_type, "number": doc.primary_number,
               "date": doc.primary_date.isoformat() if doc.primary_date else None}
    return {
        OUR_ID_FIELD: doc.uuid,
        "businessPlaceId": doc.business_place_id,
        "withdrawalType": withdrawal_type,
        "withdrawalReason": withdrawal_reason,
        "withdrawalDate": doc.withdrawn_at.isoformat(timespec="seconds"),
        "primaryDocument": primary,
        "codes": [{"code": code} for code in doc.codes],
    }


def encode_body(body: dict) -> str:
    """base64 of the JSON with its keys sorted: what is signed is exactly what is sent."""
    return base64.b64encode(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                       separators=(",", ":")).encode()).decode()


# ---------------------------------------------------------------- xtrace
class RateLimit:
    """At most `count` requests in any `period` seconds, for this process."""

    def __init__(self, count: int = 100, period: float = 60.0) -> None:
        self.count, self.period, self._times = count, period, deque()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = time.monotonic()
            while self._times and now - self._times[0] >= self.period:
                self._times.popleft()
            if len(self._times) >= self.count:
                await asyncio.sleep(self.period - (now - self._times[0]))
                self._times.popleft()
            self._times.append(time.monotonic())


class XTraceGateway:
    def __init__(self, base_url: str, session: aiohttp.ClientSession, signer: Signer | None = None,
                 reason_codes: dict[str, tuple[str, str]] | None = None, timeout_s: float = 30.0,
                 rate: RateLimit | None = None) -> None:
        self.base = base_url.rstrip("/")
        self.session, self.signer = session, signer or NoSigner()
        self.reason_codes = {**REASON_CODES, **(reason_codes or {})}
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.rate = rate or RateLimit()

    def _headers(self, doc: Outgoing) -> dict[str, str]:
        key = os.environ.get(doc.api_key_env or "")
        if not key:
            raise SendError(f"the API key variable {doc.api_key_env!r} is not set")
        return {"Authorization": f"Bearer {key}"}

    async def _request(self, method: str, path: str, doc: Outgoing, payload: dict | None = None, *,
                       sending: bool = False):
        headers = self._headers(doc)
        await self.rate.wait()
        try:
            async with self.session.request(method, self.base + path, json=payload, headers=headers,
                                            timeout=self.timeout) as resp:
                if resp.status == 429:
                    raise SendError("429 too many requests", retry_after=_seconds(resp.headers.get("Retry-After")))
                if resp.status >= 500:
                    raise SendError(f"{resp.status} from the national system", unknown=sending)
                if resp.status in (400, 409, 422):
                    raise SendError(f"{resp.status}: {(await resp.text())[:300]}", permanent=sending)
                if resp.status >= 400:
                    raise SendError(f"{resp.status}: {(await resp.text())[:300]}")
                return await resp.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise SendError(f"no answer: {type(exc).__name__}", unknown=sending) from None

    async def send(self, doc: Outgoing) -> str:
        body = encode_body(document_body(doc, self.reason_codes))
        payload = {"documentBody": body}
        signature = await self.signer.sign(body)
        if signature is not None:
            payload["signature"] = signature
        answer = await self._request("POST", WITHDRAWAL, doc, payload, sending=True)
        return str(answer["id"] if isinstance(answer, dict) else answer)

    async def find(self, doc: Outgoing) -> str | None:
        answer = await self._request("GET", f"{DOCS}?{OUR_ID_FIELD}={doc.uuid}", doc)
        items = answer.get("content", []) if isinstance(answer, dict) else answer
        return next((str(item["id"]) for item in items if item.get(OUR_ID_FIELD) == doc.uuid), None)

    async def status(self, doc: Outgoing, national_id: str) -> Processing:
        answer = await self._request("GET", f"{DOCS}/{national_id}", doc)
        status = answer.get("status", "")
        if status not in FINAL:
            return Processing(status, {})
        errors: dict[str, str] = {}
        if status != "SUCCESS":
            items = await self._request("GET", f"{ERRORS}/{national_id}", doc)
            for item in items.get("errors", []) if isinstance(items, dict) else items:
                errors[str(item.get("code", ""))] = str(item.get("message") or item.get("error") or "")
        return Processing(status, {code: why for code, why in errors.items() if code},
                          errors.get("", answer.get("error")))


def gateways(session: aiohttp.ClientSession, base_url: str | None, reason_codes: dict | None = None,
             signer_url: str | None = None, timeout_s: float = 30.0):
    """`kind -> Gateway` for the outbox: one xTrace client (one rate limit) for every organisation."""
    signer = ServiceSigner(signer_url, session) if signer_url else NoSigner()
    xtrace = XTraceGateway(base_url, session, signer, reason_codes, timeout_s) if base_url else None

    def gateway_for(kind: str) -> Gateway:
        if kind != "xtrace":
            raise ValueError(f"no API gateway of kind {kind!r}")
        if xtrace is None:  # retried with backoff: the document waits until an operator sets it
            raise SendError("XTRACE_BASE_URL is not set")
        return xtrace
    return gateway_for


def _seconds(value: str | None) -> float:
    try:
        return max(1.0, float(value)) if value else 60.0
    except ValueError:
        return 60.0


# ---------------------------------------------------------------- file
@dataclass(frozen=True)
class DocumentFile:
    name: str
    data: bytes


def document_files(doc: Outgoing) -> list[DocumentFile]:
    """The document as JSON (the API's body, readable) and CSV (one code a line), for the web cabinet."""
    body = document_body(doc)
    stem = f"withdrawal-{doc.uuid}"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "withdrawal_reason", "withdrawal_date", "primary_document_type",
                     "primary_document_number", "primary_document_date", "business_place_id"])
    primary = body["primaryDocument"]
    for code in doc.codes:
        writer.writerow([code, doc.reason, body["withdrawalDate"], primary["type"] or "", primary["number"] or "",
                         primary["date"] or "", doc.business_place_id])
    return [DocumentFile(f"{stem}.json", json.dumps(body, sort_keys=True, ensure_ascii=False, indent=1).encode()),
            DocumentFile(f"{stem}.csv", ("\ufeff" + out.getvalue()).encode())]  # the BOM: Excel reads UTF-8
