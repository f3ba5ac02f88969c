"""Fetching a source over HTTP: every page, conditional requests, retries with backoff.

DataTables endpoints are paged with `start`/`length`, the prices API with `page`/`size`; files
(CSV, JSON Lines, xlsx) are streamed to a temporary file. ETag / Last-Modified apply to the first
request: a 304 there means nothing changed since the last load.
"""
from __future__ import annotations

import asyncio
import os
import random
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from multidict import CIMultiDict

from register.importers import Kind
from register.readers import PROBLEM, Document, SourceError, parse_json

USER_AGENT = "medcheck-register-sync/1"


@dataclass(frozen=True)
class HttpPolicy:
    """How patient a fetch is: per-request timeout, retries of 5xx/429/timeouts, and page sizes."""

    timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0          # seconds before the first retry, doubled each time
    page_size: int = 500          # DataTables `length`
    api_page_size: int = 100      # prices API `size`
    max_pages: int = 100_000


@dataclass
class Fetched:
    document: Document | None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    _temp: list[Path] = field(default_factory=list)

    def cleanup(self) -> None:
        for path in self._temp:
            path.unlink(missing_ok=True)


class _Retry(Exception):
    """A transient answer (5xx, 429); `after` is the server's Retry-After in seconds, if it gave one."""

    def __init__(self, message: str, after: float | None = None) -> None:
        super().__init__(message)
        self.after = after


async def fetch(kind: Kind, url: str, *, etag: str | None = None, last_modified: str | None = None,
                policy: HttpPolicy = HttpPolicy(), progress: bool = False,
                session: aiohttp.ClientSession | None = None) -> Fetched:
    """Fetch all of `url` for `kind`; raises SourceError with a one-line reason when it cannot."""
    conditional = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    own = session is None
    if own:
        session = aiohttp.ClientSession(headers={"User-Agent": USER_AGENT})
    try:
        if kind.fetch == "datatables":
            return await _datatables(session, url, conditional, policy, progress)
        if kind.fetch == "pageable":
            return await _pageable(session, url, conditional, policy, progress)
        return await _file(session, url, conditional, policy, kind.file_suffix)
    finally:
        if own:
            await session.close()


async def _request(session, url: str, params: dict | None, headers: dict, policy: HttpPolicy,
                   sink=None) -> tuple[int, bytes, Mapping[str, str]]:
    """(status, body, headers); 304 comes back as is, other failures are retried or raised."""
    for attempt in range(policy.retries + 1):
        try:
            # Inactivity limits, not a total: a large workbook may take longer than `timeout` to arrive.
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=policy.timeout, sock_read=policy.timeout)
            async with session.get(url, params=params, headers=headers, timeout=timeout) as response:
                if response.status == 304:
                    return 304, b"", CIMultiDict(response.headers)
                if response.status >= 500 or response.status == 429:
                    after = response.headers.get("Retry-After", "")
                    raise _Retry(f"HTTP {response.status}", float(after) if after.isdigit() else None)
                if response.status >= 400:
                    raise SourceError(f"{url} answered HTTP {response.status} {response.reason or ''}".strip())
                if sink is not None:
                    async for block in response.content.iter_chunked(1 << 16):
                        sink.write(block)
                    return response.status, b"", CIMultiDict(response.headers)
                return response.status, await response.read(), CIMultiDict(response.headers)
        except (_Retry, aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, asyncio.TimeoutError) as exc:
            if attempt == policy.retries:
                reason = str(exc) or type(exc).__name__
                raise SourceError(f"cannot fetch {url}: {reason} (after {policy.retries + 1} attempts)") from None
            if sink is not None:
                sink.seek(0)
                sink.truncate()
            pause = policy.backoff * 2 ** attempt * (0.5 + random.random())  # jitter: replicas spread out
            if isinstance(exc, _Retry) and exc.after is not None:
                pause = max(pause, min(exc.after, 300.0))
            await asyncio.sleep(pause)
        except aiohttp.ClientError as exc:  # a bad URL or a broken answer: trying again will not help
            raise SourceError(f"cannot fetch {url}: {exc}") from None
    raise AssertionError("unreachable")


def _validators(headers: Mapping[str, str]) -> dict:
    return {"etag": headers.get("ETag"), "last_modified": headers.get("Last-Modified")}


async def _file(session, url, conditional, policy, suffix: str) -> Fetched:
    # The readers tell CSV from JSON Lines by extension, and openpyxl insists on one.
    suffix = suffix or Path(urlsplit(url).path).suffix.lower() or ".dat"
    handle, name = tempfile.mkstemp(prefix="medcheck-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as sink:
            status, _, headers = await _request(session, url, None, conditional, policy, sink=sink)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if status == 304:
        path.unlink(missing_ok=True)
        return Fetched(None, not_modified=True, **_validators(headers))
    return Fetched(Document(location=url, path=path), _temp=[path], **_validators(headers))


async def _datatables(session, url, conditional, policy, progress) -> Fetched:
    records: list = []
    total = None
    first_id = None
    headers = conditional
    validators: dict = {}
    bar = _bar(progress, url)
    try:
        for page in range(policy.max_pages):
            params = {"draw": page + 1, "start": len(records), "length": policy.page_size}
            status, body, answer = await _request(session, url, params, headers, policy)
            if status == 304:
                return Fetched(None, not_modified=True, **_validators(answer))
            if page == 0:
                validators, headers = _validators(answer), {}
            document = parse_json(body, url)
            if not isinstance(document, dict) or not isinstance(document.get("data"), list):
                raise SourceError(f"{url} is not a DataTables response: no \"data\" list")
            data = document["data"]
            total = document.get("recordsFiltered", document.get("recordsTotal"))
            if page == 0 and bar is not None and isinstance(total, int):
                bar.total = total
            if data and page > 0 and isinstance(data[0], dict) and data[0].get("DT_RowId") == first_id:
                raise SourceError(f"{url} ignores start/length paging (page {page + 1} repeats the first)")
            if page == 0 and data and isinstance(data[0], dict):
                first_id = data[0].get("DT_RowId")
            records.extend(data)
            if bar is not None:
                bar.update(len(data))
            if not data or not isinstance(total, int) or len(records) >= total:
                break
        if isinstance(total, int) and len(records) != total:
            raise SourceError(f"{url}: got {len(records)} of {total} records while paging "
                              "(did the register change meanwhile?)")
    finally:
        if bar is not None:
            bar.close()
    payload = {"recordsTotal": len(records), "recordsFiltered": len(records), "data": records}
    return Fetched(Document(location=url, payload=payload), **validators)


async def _pageable(session, url, conditional, policy, progress) -> Fetched:
    records: list = []
    headers = conditional
    validators: dict = {}
    pages = None
    bar = _bar(progress, url)
    try:
        for page in range(policy.max_pages):
            status, body, answer = await _request(session, url, {"page": page, "size": policy.api_page_size},
                                                  headers, policy)
            if status == 304:
                return Fetched(None, not_modified=True, **_validators(answer))
            if page == 0:
                validators, headers = _validators(answer), {}
            document = parse_json(body, url)
            result = document.get("result") if isinstance(document, dict) else None
            if not isinstance(result, dict) or not isinstance(result.get("content"), list):
                raise SourceError(f"{url} is not a pageable API answer: no \"result\".\"content\" list")
            if document.get("success") is False:
                raise SourceError(f"{url} reports success=false on page {page + 1}")
            for part in (document, result):
                if PROBLEM in part:
                    raise SourceError(f"{url}: {part[PROBLEM]}")
            pages = result.get("totalPages")
            if page == 0 and bar is not None and isinstance(result.get("totalElements"), int):
                bar.total = result["totalElements"]
            records.extend(result["content"])
            if bar is not None:
                bar.update(len(result["content"]))
            last = result.get("last")
            if not result["content"] or last is True or (isinstance(pages, int) and page + 1 >= pages):
                break
    finally:
        if bar is not None:
            bar.close()
    payload = {"success": True, "result": {"content": records, "totalElements": len(records),
                                           "totalPages": pages, "complete": True}}  # every page is in
    return Fetched(Document(location=url, payload=payload), **validators)


def _bar(progress: bool, url: str):
    if not progress:
        return None
    from tqdm import tqdm
    return tqdm(desc=urlsplit(url).netloc or url, unit=" rec", leave=False)
