"""Every call the bot makes to Telegram passes here: a request middleware on the bot's session.

- A 429 holds every call of the bot until its `retry_after` has passed, not only the refused one.
- Messages share one budget of SEND_RATE a second (Telegram allows a bot about 30). An answer to a
  person books the next free place; a bulk send (a recall notice, sent inside `bulk()`) only takes a
  place that nobody waits for, so a broadcast leaves its room to answers whenever there are any.
- An answer that Telegram refuses for a while is tried again: after a 429 once `retry_after` has
  passed, after a server or network error with a short backoff; at most RETRIES times and MAX_WAIT_S
  in all, so it still arrives well inside Telegram's 60 s. Bulk sends are not retried here: the
  recall sender retries them itself with its exactly-once bookkeeping and pacing (recalls/sender.py),
  and a second layer would hold its places and send outside its pace.
- A paid broadcast (`allow_paid_broadcast`, an urgent recall's notice) is outside this budget: Telegram
  counts it against the paid limit of 1000 a second, not the free 30, and the recall sender paces it.
  It takes no place, waits for no pause, and its 429 holds only the paid sends (the sender's own pause).
"""
from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetMe, GetUpdates, SendMediaGroup, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from core.metrics import TELEGRAM_SENT

log = logging.getLogger("medcheck.telegram")

RETRIES = 4
MAX_WAIT_S = 30.0
BACKOFF_S = 0.5          # after a server or network error: 0.5, 1, 2, 4 s
COPIES = {"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"}

_bulk: ContextVar[bool] = ContextVar("bulk", default=False)


@contextmanager
def bulk() -> Iterator[None]:
    """Calls made inside are bulk sends: they yield to answers and are not retried here."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


class SendBudget:
    """Places for messages, `rate` a second for the whole bot, answers first; a pause holds every call."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.interval = 1.0 / rate
        self.clock, self.sleep = clock, sleep
        self.next_free = 0.0       # when the next message may go
        self.paused_until = 0.0    # Telegram's retry_after: no call before this

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)

    async def wait_pause(self) -> None:
        while (left := self.paused_until - self.clock()) > 0:
            await self.sleep(left)

    async def take(self, bulk: bool = False, messages: int = 1) -> None:
        """Return when `messages` more may go. Answers book their place ahead; bulk sends wait until
        a place is free now, so every answer already waiting goes before them."""
        while True:
            await self.wait_pause()
            now = self.clock()
            place = max(now, self.next_free)
            if place > now and bulk:
                await self.sleep(place - now)
                continue
            self.next_free = place + messages * self.interval
            if place > now:
                await self.sleep(place - now)
                if self.clock() < self.paused_until:  # a 429 came meanwhile: book again after it
                    continue
            return


def _paid(method: TelegramMethod) -> bool:
    return getattr(method, "allow_paid_broadcast", None) is True


def _messages(method: TelegramMethod) -> int:
    """How many messages the call posts (those are what Telegram's flood limit counts)."""
    if isinstance(method, SendMediaGroup):
        return len(method.media)
    name = method.__api_method__
    return int((name.startswith("send") and name != "sendChatAction") or name in COPIES)


class Traffic(BaseRequestMiddleware):
    """Paces, holds and retries the bot's calls as the module says."""

    def __init__(self, budget: SendBudget, *, retries: int = RETRIES, max_wait_s: float = MAX_WAIT_S,
                 backoff_s: float = BACKOFF_S) -> None:
        self.budget, self.retries, self.max_wait_s, self.backoff_s = budget, retries, max_wait_s, backoff_s

    async def __call__(self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
                       method: TelegramMethod[TelegramType]) -> Response[TelegramType]:
        # Long polling waits by design (aiogram retries it); start-up's getMe must say at once what is wrong.
        if isinstance(method, (GetUpdates, GetMe)):
            return await make_request(bot, method)
        if _paid(method):
            response = await make_request(bot, method)
            TELEGRAM_SENT.labels("paid").inc(_messages(method))
            return response
        is_bulk, messages = _bulk.get(), _messages(method)
        started, attempt = self.budget.clock(), 0
        while True:
            held = self.budget.paused_until - self.budget.clock()
            if not is_bulk and held > self.max_wait_s - (self.budget.clock() - started):
                raise TelegramRetryAfter(method=method, message=f"the bot is held {held:.0f} s more",
                                         retry_after=math.ceil(held))
            if messages:
                await self.budget.take(is_bulk, messages)
            else:
                await self.budget.wait_pause()
            attempt += 1
            try:
                response = await make_request(bot, method)
                if messages:
                    TELEGRAM_SENT.labels("bulk" if is_bulk else "answer").inc(messages)
                return response
            except TelegramRetryAfter as exc:
                self.budget.pause(exc.retry_after)
                failure, delay = exc, float(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError) as exc:
                failure, delay = exc, self.backoff_s * 2 ** (attempt - 1)
            if is_bulk or attempt > self.retries or self.budget.clock() - started + delay > self.max_wait_s:
                raise failure
            log.warning("%s refused (%s); trying again (%d of %d)", method.__api_method__, failure.message,
                        attempt, self.retries)
            await self.budget.sleep(delay)
