"""Per-update plumbing: a log line per update, the chats we speak in, the user and their language, flood control,
a database that is down, one update at a time per user."""
from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import time
from collections import deque
from contextlib import nullcontext
from typing import Any, Awaitable, Callable

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, Update
from aiogram.types import User as TgUser

from core.db import DB_DOWN, Database
from core.i18n import Translator
from core.metrics import ANSWER_SECONDS, UPDATES
from core.settings import Settings
from core.users import UserInfo, pick_language, touch_user
from handlers.trace import Trace

log = logging.getLogger("medcheck.updates")
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
WINDOW_S = 60.0         # flood control counts requests in any minute
MAX_TRACKED = 100_000   # users, chats or albums remembered before the idle ones are forgotten


def log_hash_key(settings: Settings) -> bytes:
    """The key of user ids in logs: LOG_HASH_KEY, else derived from the bot token (secret, and shared by replicas)."""
    secret = settings.log_hash_key or settings.bot_token
    if secret is None:
        return secrets.token_bytes(32)  # no secret configured: hashes match within this process only
    return hmac.new(secret.get_secret_value().encode(), b"medcheck: user ids in logs", hashlib.sha256).digest()


def hash_user(user_id: int | None, key: bytes) -> str:
    # Logs name a user without revealing who they are; unkeyed, the few billion ids are hashed in hours.
    return hashlib.blake2b(str(user_id).encode(), key=key, digest_size=5).hexdigest() if user_id else "-"


class UpdateLogMiddleware(BaseMiddleware):
    """Outer update middleware: one line per update with hashed user, handler, outcome, duration; the same
    counted for Prometheus (without the user)."""

    def __init__(self, hash_key: bytes) -> None:
        self.hash_key = hash_key

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        trace = data["trace"] = Trace()
        started = time.perf_counter()
        try:
            result = await handler(event, data)
            if result is UNHANDLED:
                trace.outcome = "unhandled"
            return result
        except Exception:
            trace.outcome = "error"
            raise
        finally:
            seconds = time.perf_counter() - started
            user = data.get("event_from_user")
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
            log.info("update=%s kind=%s user=%s handler=%s outcome=%s ms=%.0f",
                     getattr(event, "update_id", "-"), kind, hash_user(user.id if user else None, self.hash_key),
                     trace.handler, trace.outcome, seconds * 1000)
            UPDATES.labels(kind, trace.handler, trace.outcome).inc()
            ANSWER_SECONDS.labels(kind).observe(seconds)


class HandlerNameMiddleware(BaseMiddleware):
    """Inner middleware: records which handler took the update."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        trace: Trace | None = data.get("trace")
        found = data.get("handler")
        if trace is not None and found is not None:
            callback = found.callback
            trace.handler = f"{callback.__module__.split('.')[-1]}.{callback.__name__}"
        return await handler(event, data)


class UserMiddleware(BaseMiddleware):
    """Gives handlers `user` (UserInfo), `lang` and `t` (a translator bound to the user's language)."""

    def __init__(self, db: Database, i18n: Translator, settings: Settings) -> None:
        self.db, self.i18n, self.settings = db, i18n, settings

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or tg_user.is_bot:
            return await handler(event, data)
        try:
            user = await touch_user(self.db, tg_user.id, tg_user.language_code,
                                    self.settings.default_language, self.settings.admin_ids)
        except DB_DOWN:
            log.exception("database unreachable")
            data["trace"].outcome = "db_down"
            lang = pick_language(tg_user.language_code, self.settings.default_language)
            await _reply(event, self.i18n(lang, "service-unavailable"))
            return None
        data["user"], data["lang"], data["t"] = user, user.language, self.i18n.bind(user.language)
        return await handler(event, data)


class StaffChatsOnly(BaseMiddleware):
    """The bot speaks in private chats and in the staff chats; any other group hears nothing, and the bot leaves it.

    Anyone can add a bot to a group: answered there, sixty /help would spend sixty of our sends.
    """

    def __init__(self, staff_chats: frozenset[int]) -> None:
        self.staff_chats = staff_chats
        self.left: set[int] = set()  # leave once, not once per queued update

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is None or chat.type == "private" or chat.id in self.staff_chats:
            return await handler(event, data)
        data["trace"].outcome = "foreign_chat"
        if chat.id not in self.left:
            if len(self.left) > MAX_TRACKED:
                self.left.clear()
            self.left.add(chat.id)
            log.warning("leaving %s %s: not a staff chat (SUPPORT_CHAT_ID)", chat.type, chat.id)
            try:
                await data["bot"].leave_chat(chat.id)
            except TelegramAPIError as exc:
                log.warning("could not leave %s: %s", chat.id, exc)
        return None


class ThrottleMiddleware(BaseMiddleware):
    """At most `per_minute` requests in any minute, per user and per group chat; staff are not counted.

    An album is one request. Over the limit the user is told once a minute when to come back, and
    the rest is dropped: an answer to each would itself be the flood.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[tuple[str, int], deque[float]] = {}   # ("user"|"chat", id) -> times of requests let in
        self.warned: dict[int, float] = {}                     # user -> when they were last told to wait
        self.albums: dict[str, tuple[float, bool]] = {}        # media_group_id -> (first seen, let in)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: UserInfo | None = data.get("user")
        if user is None or user.is_staff:
            return await handler(event, data)
        now = time.monotonic()
        album = _album_id(event)
        if album in self.albums:  # the album's first photo decided for all of them
            if self.albums[album][1]:
                return await handler(event, data)
            data["trace"].outcome = "throttled"
            return None
        chat: Chat | None = data.get("event_chat")
        keys = [("user", user.id)] + ([("chat", chat.id)] if chat is not None and chat.id != user.id else [])
        wait = self.admit(keys, now)
        if album is not None:
            self.albums[album] = (now, wait == 0)
        if wait == 0:
            return await handler(event, data)
        data["trace"].outcome = "throttled"
        if now - self.warned.get(user.id, -math.inf) >= WINDOW_S:
            self.warned[user.id] = now
            await _reply(event, data["t"]("throttled", seconds=max(1, math.ceil(wait))))
        return None

    def admit(self, keys: list[tuple[str, int]], now: float) -> float:
        """Seconds until these keys have room for one more request; 0: there is room, and this one is counted.

        The Mini App's checks (bot/webapp.py) are counted here too, against the same minute as the chat."""
        if max(len(self.seen), len(self.warned), len(self.albums)) > MAX_TRACKED:
            self._forget_idle(now)
        wait = self._wait(keys, now)
        if wait == 0:
            for key in keys:
                self.seen.setdefault(key, deque()).append(now)
        return wait

    def _wait(self, keys: list[tuple[str, int]], now: float) -> float:
        """Seconds until every key has room for one more request (0: it has room now)."""
        wait = 0.0
        for key in keys:
            stamps = self.seen.get(key)
            while stamps and now - stamps[0] >= WINDOW_S:
                stamps.popleft()
            if stamps and len(stamps) >= self.per_minute:
                wait = max(wait, stamps[0] + WINDOW_S - now)
        return wait

    def _forget_idle(self, now: float) -> None:
        # Memory stays bounded: whatever has been quiet for a minute no longer counts.
        self.seen = {k: s for k, s in self.seen.items() if s and now - s[-1] < WINDOW_S}
        self.warned = {k: w for k, w in self.warned.items() if now - w < WINDOW_S}
        self.albums = {k: a for k, a in self.albums.items() if now - a[0] < WINDOW_S}


def _album_id(event: TelegramObject) -> str | None:
    message = event.event if isinstance(event, Update) else event
    return message.media_group_id if isinstance(message, Message) else None


async def _reply(event: TelegramObject, text: str) -> None:
    inner = event.event if isinstance(event, Update) else event
    if isinstance(inner, Message):
        await inner.answer(text)
    elif isinstance(inner, CallbackQuery):
        await inner.answer(text[:200], show_alert=True)


class OneUpdateAtATime(BaseMiddleware):
    """One update at a time per user and chat (aiogram's event isolation), taken before the conversation
    state is read: a double tap on a button is handled after the first tap's answer, when the
    conversation has moved on, so no handler keeps a guard of its own.

    Album photos pass side by side: one of them gathers the album and answers for all (handlers/check.py).
    A handler that changes the conversation from an album photo takes its turn for that part with
    `async with conversation_turn():` (for any other update the turn is held already).
    """

    def __init__(self, fsm: FSMContextMiddleware, isolation: BaseEventIsolation) -> None:
        self.fsm, self.isolation = fsm, isolation

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context = self.fsm.resolve_event_context(data["bot"], data)
        if context is None:
            return await handler(event, data)
        if _album_id(event) is not None:
            data["conversation_turn"] = lambda: self.isolation.lock(context.key)
            return await handler(event, data)
        data["conversation_turn"] = nullcontext
        async with self.isolation.lock(context.key):
            return await handler(event, data)
