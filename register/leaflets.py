"""Medicines' instructions (leaflets): which exist for a product, which one a reader gets, and its bytes.

A leaflet belongs to a GTIN or to a registration number (every pack of that registration). A reader
gets theirs in their language, else in Russian, else whatever there is. The file is read once, from
its URL or a local path, and refused past Telegram's upload limit; once uploaded, the Telegram
file_id is remembered (`LeafletFile`) and sent instead.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import aiohttp
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from core.clock import utcnow
from core.db import Database
from register.fetch import USER_AGENT
from register.models import Leaflet, LeafletFile, Product
from register.search import ProductMatch, find_products

log = logging.getLogger("medcheck.leaflets")
MAX_BYTES = 50 * 1024 * 1024  # what a bot may upload to Telegram
FALLBACK_LANGUAGE = "ru"      # the language most leaflets of the region exist in
TIMEOUT_S = 60.0


@dataclass(frozen=True)
class LeafletInfo:
    id: int
    gtin: str | None
    registration_number: str | None
    language: str
    location: str
    title: str
    published_on: date | None
    file_id: str | None = None  # set once it was uploaded to Telegram (this version)

    @property
    def file_name(self) -> str:
        """The name the document is sent under: the location's last part, else the title."""
        name = Path(unquote(urlsplit(self.location).path)).name
        return name if "." in name else f"{self.title[:60]}.pdf"


class LeafletUnavailable(Exception):
    """The file cannot be had (gone, too big, unreachable); `reason` is for the log."""

    def __init__(self, reason: str, *, too_big: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.too_big = reason, too_big


def pick(leaflets: list[LeafletInfo], language: str) -> LeafletInfo | None:
    """The reader's language, else Russian, else the first there is (a GTIN's own before its registration's)."""
    for wanted in (language, FALLBACK_LANGUAGE):
        for leaflet in leaflets:
            if leaflet.language == wanted:
                return leaflet
    return leaflets[0] if leaflets else None


def _belongs(gtin: str | None, registration_number: str | None):
    conditions = []
    if gtin:
        conditions.append(Leaflet.gtin == gtin)
    if registration_number:
        conditions.append(Leaflet.registration_number == registration_number)
    return or_(*conditions) if conditions else None


async def leaflets_for(db: Database, gtin: str | None, registration_number: str | None = None) -> list[LeafletInfo]:
    """Every leaflet of a product, those given for its GTIN first; the registration number is looked up
    in the catalogue when not given."""
    if gtin and not registration_number:
        async with db.session() as session:
            registration_number = await session.scalar(select(Product.registration_number)
                                                       .where(Product.gtin == gtin))
    belongs = _belongs(gtin, registration_number)
    if belongs is None:
        return []
    stmt = (select(Leaflet, LeafletFile.file_id)
            .outerjoin(LeafletFile, and_(LeafletFile.location == Leaflet.location,
                                         or_(LeafletFile.published_on == Leaflet.published_on,
                                             and_(LeafletFile.published_on.is_(None),
                                                  Leaflet.published_on.is_(None)))))
            .where(belongs).order_by(Leaflet.id))
    async with db.session() as session:
        rows = (await session.execute(stmt)).all()
    found = [_info(row, file_id) for row, file_id in rows]
    found.sort(key=lambda leaflet: leaflet.gtin is None)  # stable: the GTIN's own first
    return found


async def get_leaflet(db: Database, leaflet_id: int) -> LeafletInfo | None:
    """One leaflet by id (a button's), None when a reload of the list has since replaced it."""
    async with db.session() as session:
        row = await session.get(Leaflet, leaflet_id)
    if row is None:
        return None
    return next((found for found in await leaflets_for(db, row.gtin, row.registration_number)
                 if found.id == leaflet_id), None)


async def leaflets_by_name(db: Database, query: str, language: str,
                           limit: int = 6) -> tuple[int, list[tuple[ProductMatch, LeafletInfo]]]:
    """(how many medicines the name matched, those with a leaflet and the one this reader gets), best first."""
    matches = await find_products(db, query, limit=limit * 2)
    found: dict[int, tuple[ProductMatch, LeafletInfo]] = {}
    for match in matches:
        chosen = pick(await leaflets_for(db, match.gtin, match.registration_number), language)
        if chosen is not None and chosen.id not in found:
            found[chosen.id] = (match, chosen)
    return len(matches), list(found.values())[:limit]


def _info(row: Leaflet, file_id: str | None) -> LeafletInfo:
    return LeafletInfo(row.id, row.gtin, row.registration_number, row.language, row.location, row.title,
                       row.published_on, file_id)


async def remember_upload(db: Database, leaflet: LeafletInfo, file_id: str, file_size: int | None) -> None:
    """The next reader gets this file_id: no download, no upload."""
    values = {"location": leaflet.location, "published_on": leaflet.published_on, "file_id": file_id,
              "file_size": file_size, "uploaded_at": utcnow()}
    insert = (sqlite if db.is_sqlite else postgresql).insert(LeafletFile)
    statement = insert.values(**values).on_conflict_do_update(
        index_elements=[LeafletFile.location], set_={k: v for k, v in values.items() if k != "location"})
    async with db.session() as session:
        await session.execute(statement)
        await session.commit()


async def forget_upload(db: Database, leaflet: LeafletInfo) -> None:
    """Telegram no longer knows the file_id: the file is read and uploaded again."""
    async with db.session() as session:
        await session.execute(delete(LeafletFile).where(LeafletFile.location == leaflet.location))
        await session.commit()


async def read_leaflet(leaflet: LeafletInfo, *, max_bytes: int = MAX_BYTES,
                       session: aiohttp.ClientSession | None = None) -> bytes:
    """The file's bytes from its URL or path; LeafletUnavailable when it is gone, too big or unreachable."""
    if not leaflet.location.startswith(("http://", "https://")):
        return await asyncio.to_thread(_read_file, Path(leaflet.location), max_bytes)
    own = session is None
    session = session or aiohttp.ClientSession(headers={"User-Agent": USER_AGENT},
                                               timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))
    try:
        async with session.get(leaflet.location) as response:
            if response.status != 200:
                raise LeafletUnavailable(f"{leaflet.location} answered HTTP {response.status}")
            if (response.content_length or 0) > max_bytes:
                raise LeafletUnavailable(f"{leaflet.location} is {response.content_length} bytes", too_big=True)
            data = bytearray()
            async for chunk in response.content.iter_chunked(1 << 16):
                data += chunk
                if len(data) > max_bytes:  # a server may say nothing of the size, or lie
                    raise LeafletUnavailable(f"{leaflet.location} is over {max_bytes} bytes", too_big=True)
            return bytes(data)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        raise LeafletUnavailable(f"{leaflet.location}: {type(exc).__name__} {exc}") from None
    finally:
        if own:
            await session.close()


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LeafletUnavailable(f"{path} is {size} bytes", too_big=True)
        return path.read_bytes()
    except OSError as exc:
        raise LeafletUnavailable(f"{path}: {exc.strerror or exc}") from None
