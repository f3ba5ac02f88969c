"""Every file the bot downloads from Telegram passes one budget: a few files at a time, a bounded sum of bytes.

A file's bytes count against the budget from before its download until its caller is done with them
(decoded, re-encoded), so a burst of big files waits here instead of filling the bot's memory on the
way to the decoder queue. Files come first in, first served: a big one is not starved by small ones.
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Document

MAX_DOWNLOAD = 20 * 1024 * 1024  # the Bot API lets bots download files up to 20 MB
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff", ".gif")
log = logging.getLogger("medcheck.downloads")


class FileTooBig(Exception):
    """More than a bot may download (by Telegram's own count): refused before downloading."""


class DownloadsBusy(Exception):
    """The budget stayed full for the whole wait: the user should send the file again in a moment."""


class Downloads:
    """At most `files` files downloading at once and `budget` bytes downloading or held by their callers.

    A file that finds the budget full waits its turn for up to `wait_s`, then gets DownloadsBusy.
    """

    def __init__(self, files: int = 4, budget: int = 60 * 1024 * 1024, wait_s: float = 10.0) -> None:
        if budget < MAX_DOWNLOAD:
            raise ValueError(f"the budget must hold one file of {MAX_DOWNLOAD} bytes")
        self.files, self.budget, self.wait_s = files, budget, wait_s
        self._downloading = 0  # files on the wire
        self._held = 0         # bytes on the wire or with their callers
        self._queue: deque[tuple[asyncio.Future, int]] = deque()

    @asynccontextmanager
    async def fetch(self, bot: Bot, file_id: str, size: int | None = None) -> AsyncIterator[bytes]:
        """The file's bytes, counted against the budget until the block ends.

        `size` (what the message says) refuses a file too big before asking Telegram for it.
        Raises FileTooBig or DownloadsBusy, before anything is downloaded.
        """
        if size is not None and size > MAX_DOWNLOAD:
            raise FileTooBig(f"{size} bytes")
        try:
            file = await bot.get_file(file_id)
        except TelegramBadRequest as exc:  # "file is too big" and its kin
            log.info("download refused: %s", exc.message)
            raise FileTooBig(exc.message) from None
        size = file.file_size or MAX_DOWNLOAD  # size unknown: count the most Telegram may send
        if size > MAX_DOWNLOAD:
            raise FileTooBig(f"{size} bytes")
        await self._take(size)
        try:
            try:
                data = (await bot.download_file(file.file_path)).read()
            finally:
                self._downloading -= 1
                self._wake()
            yield data
        finally:
            self._held -= size
            self._wake()

    def _fits(self, size: int) -> bool:
        return self._downloading < self.files and self._held + size <= self.budget

    def _grant(self, size: int) -> None:
        self._downloading += 1
        self._held += size

    async def _take(self, size: int) -> None:
        if not self._queue and self._fits(size):
            self._grant(size)
            return
        turn = asyncio.get_running_loop().create_future()
        self._queue.append((turn, size))
        try:
            async with asyncio.timeout(self.wait_s):
                await turn
        except BaseException as exc:
            if turn.done() and not turn.cancelled():  # granted just as the wait ended: give it back
                self._downloading -= 1
                self._held -= size
            turn.cancel()
            self._wake()  # the next in line may fit now
            if isinstance(exc, TimeoutError):
                log.info("download budget full for %s s", self.wait_s)
                raise DownloadsBusy(f"{self._downloading} downloading, {self._held} bytes held") from None
            raise

    def _wake(self) -> None:
        """Grant waiting files in order while the first in line fits."""
        while self._queue:
            turn, size = self._queue[0]
            if turn.done():  # gave up waiting
                self._queue.popleft()
            elif self._fits(size):
                self._queue.popleft()
                self._grant(size)
                turn.set_result(None)
            else:
                break


def is_image(doc: Document) -> bool:
    """A file sent as a document that claims to be a picture (its bytes are checked when it is decoded)."""
    mime = (doc.mime_type or "").lower()
    name = (doc.file_name or "").lower()
    return mime.startswith("image/") or name.endswith(IMAGE_EXTENSIONS)
