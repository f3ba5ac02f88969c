"""Keeping the mirror fresh: sources listed in a TOML (or JSON) file, fetched on their schedules.

    [defaults]
    schedule = "every 6h"

    [[sources]]
    name = "uz-register"
    kind = "uz-register"
    url = "https://example.org/registries/api-mpip/list"
    schedule = "every 24h"

See sync.example.toml for every setting. A source is fetched only when due; an unchanged source
(HTTP 304 on its ETag / Last-Modified) imports nothing.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from time import perf_counter

import aiohttp
from sqlalchemy import update

from core.clock import utcnow
from core.db import Database
from core.leader import leadership_for
from register.fetch import USER_AGENT, HttpPolicy, fetch
from register.importers import KINDS
from register.load import ImportReport, Tolerance, load_document, refused_report
from register.models import SourceState
from register.readers import SourceError
from register.store import source_states

log = logging.getLogger("medcheck.register")
RETRY_FAILED = timedelta(minutes=30)  # a failed source is tried again sooner than its schedule
LOCK_KEY = 0x6D65_6463_7379_6E31  # "medcsyn1": the one replica that syncs (core.leader)
FOLLOWER_WAIT_S = 60.0  # how often a replica that does not sync asks whether the leader is gone
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_SCHEDULE = re.compile(r"every\s*(\d+(?:\.\d+)?)?\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)")
_WORDS = {"hourly": "every 1h", "daily": "every 1d", "weekly": "every 7d"}


class ConfigError(ValueError):
    """The sources file cannot be used; the message names the file and the setting."""


@dataclass(frozen=True)
class SyncSource:
    name: str
    kind: str
    url: str
    every: timedelta
    policy: HttpPolicy = HttpPolicy()
    tolerance: Tolerance = Tolerance()


def parse_schedule(text: str) -> timedelta:
    """ "every 6h", "every 30 min", "every day", "daily" -> the interval."""
    folded = _WORDS.get(text.strip().lower(), text.strip().lower())
    match = _SCHEDULE.fullmatch(folded)
    if not match:
        raise ValueError(f"schedule {text!r} is not like \"every 6h\", \"every 30m\" or \"daily\"")
    amount = float(match.group(1) or 1)
    interval = timedelta(seconds=amount * _UNITS[match.group(2)[0]])
    if interval < timedelta(seconds=1):
        raise ValueError(f"schedule {text!r} is too short")
    return interval


def load_config(path: str | Path) -> list[SyncSource]:
    """The sources of a TOML or JSON file, checked; raises ConfigError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {exc}") from None
    defaults = data.get("defaults", {})
    entries = data.get("sources", data.get("source", []))
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path} lists no [[sources]]")
    sources = [_source(path, index, {**defaults, **entry}) for index, entry in enumerate(entries, 1)]
    names = [s.name for s in sources]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{path}: two sources are named {name!r}")
    kinds = [s.kind for s in sources if KINDS[s.kind].write == "replace"]
    for kind in kinds:
        if kinds.count(kind) > 1:
            raise ConfigError(f"{path}: two sources of kind {kind!r} would replace each other's rows")
    return sources


def _source(path: Path, index: int, entry: dict) -> SyncSource:
    where = f"{path}: source {entry.get('name') or index}"
    try:
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        url = entry.get("url", "")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError(f"url {url!r} is not an http(s) URL")
        policy = HttpPolicy(**{k: entry[k] for k in ("timeout", "retries", "backoff", "page_size", "api_page_size")
                               if k in entry})
        tolerance = Tolerance(share=float(entry.get("max_rejected_share", Tolerance.share)),
                              rows=int(entry.get("max_rejected_rows", Tolerance.rows)))
        return SyncSource(name=str(entry.get("name") or kind), kind=kind, url=url,
                          every=parse_schedule(str(entry.get("schedule", "every 6h"))),
                          policy=policy, tolerance=tolerance)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


async def sync_source(db: Database, source: SyncSource, *, progress: bool = False,
                      session: aiohttp.ClientSession | None = None) -> ImportReport:
    """Fetch one source (conditionally, when the mirror holds this URL's data) and load it if it changed."""
    started = perf_counter()
    kind = KINDS[source.kind]
    async with db.engine.connect() as conn:
        state = (await source_states(conn)).get(kind.name) or {}
    same = state.get("location") == source.url
    try:
        fetched = await fetch(kind, source.url, etag=state.get("etag") if same else None,
                              last_modified=state.get("last_modified") if same else None,
                              policy=source.policy, progress=progress, session=session)
    except SourceError as exc:
        return refused_report(kind.name, str(exc), started)
    if fetched.not_modified:
        if not kind.dated:
            # An undated list is dated by its fetch: unchanged at the source, our copy is current as of now.
            async with db.engine.begin() as conn:
                await conn.execute(update(SourceState).where(SourceState.source == kind.name)
                                   .values(data_date=utcnow()))
        return ImportReport(kind.name, seconds=perf_counter() - started, not_modified=True)
    try:
        return await load_document(db, kind, fetched.document, tolerance=source.tolerance, progress=progress,
                                   started=started,
                                   http={"etag": fetched.etag, "last_modified": fetched.last_modified})
    finally:
        fetched.cleanup()


async def sync_all(db: Database, sources: list[SyncSource], *,
                   progress: bool = False) -> list[tuple[SyncSource, ImportReport]]:
    """Sync each source once, catalogue before the feeds that lean on it; one HTTP session for all."""
    order = list(KINDS)
    results = []
    async with aiohttp.ClientSession(headers={"User-Agent": USER_AGENT}) as session:
        for source in sorted(sources, key=lambda s: order.index(s.kind)):
            results.append((source, await sync_source(db, source, progress=progress, session=session)))
    return results


async def sync_forever(services, bot) -> None:
    """Background job of a running bot: sync each configured source when due. Returns at once without a config.

    Every replica runs it and one syncs (core.leader): the others would fetch and load the same files again.
    """
    path = services.settings.sync_config
    if not path:
        return
    try:
        sources = load_config(path)
    except ConfigError as exc:
        log.error("register sync is off: %s", exc)
        return
    db = services.db
    lock = leadership_for(db, LOCK_KEY, "register sync")
    log.info("register sync: %d sources from %s", len(sources), path)
    try:
        while True:
            try:
                leading = await lock.acquire()
            except Exception:  # noqa: BLE001 - the database is down; try again later
                log.exception("register sync: could not try for leadership")
                leading = False
            if leading:
                await _sync_while_leading(db, sources, lock)
            await asyncio.sleep(FOLLOWER_WAIT_S)
    finally:
        await lock.release()


async def _sync_while_leading(db: Database, sources: list[SyncSource], lock) -> None:
    due = await _first_due(db, sources)  # read here: a leader before us may have loaded meanwhile
    while await lock.alive():
        for source in sources:
            if due[source.name] > utcnow():
                continue
            try:
                report = await sync_source(db, source)
                failed = report.refused
                log.log(logging.WARNING if failed else logging.INFO, "sync %s: %s", source.name, report.summary())
            except Exception:  # noqa: BLE001 - one source failing must not stop the others
                log.exception("sync %s failed", source.name)
                failed = True
            due[source.name] = utcnow() + (min(source.every, RETRY_FAILED) if failed else source.every)
        pause = (min(due.values()) - utcnow()).total_seconds()
        await asyncio.sleep(min(max(pause, 1.0), 3600.0))


async def _first_due(db: Database, sources: list[SyncSource]) -> dict:
    """After a restart a source is due one interval after its last load from the same URL."""
    async with db.engine.connect() as conn:
        states = await source_states(conn)
    now = utcnow()
    due = {}
    for source in sources:
        state = states.get(source.kind) or {}
        last = state.get("imported_at") if state.get("location") == source.url else None
        due[source.name] = last + source.every if last else now
    return due
