"""Per-update plumbing: a log line per update, the user and their language, flood control, a database that is down."""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User as TgUser
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.db import Database
from bot.i18n import Translator
from bot.settings import Settings
from bot.users import pick_language, touch_user

log = logging.getLogger("medcheck.updates")
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
DB_DOWN = (OperationalError, DBAPIError, OSError, TimeoutError)


@dataclass
class Trace:
    """Filled in as the update travels, logged once when it is done."""
    handler: str = "-"
    outcome: str = "ok"


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
    """Outer update middleware: one line per update with hashed user, handler, outcome, duration."""

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
            user = data.get("event_from_user")
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
            log.info("update=%s kind=%s user=%s handler=%s outcome=%s ms=%.0f",
                     getattr(event, "update_id", "-"), kind, hash_user(user.id if user else None, self.hash_key),
                     trace.handler, trace.outcome, (time.perf_counter() - started) * 1000)


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
            async with self.db.session() as session:
                user = await touch_user(session, tg_user.id, tg_user.language_code,
                                        self.settings.default_language, self.settings.admin_ids)
        except DB_DOWN:
            log.exception("database unreachable")
            data["trace"].outcome = "db_down"
            lang = pick_language(tg_user.language_code, self.settings.default_language)
            await _reply(event, self.i18n(lang, "service-unavailable"))
            return None
        data["user"], data["lang"], data["t"] = user, user.language, self.i18n.bind(user.language)
        return await handler(event, data)


class ThrottleMiddleware(BaseMiddleware):
    """At most `per_minute` updates a user in a sliding minute; the first one over gets a polite word."""

    def __init__(self, per_minute: int, exempt: frozenset[int] = frozenset()) -> None:
        self.per_minute, self.exempt = per_minute, exempt
        self.seen: dict[int, deque[float]] = {}
        self.warned: set[int] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or tg_user.id in self.exempt or _is_group(event):
            return await handler(event, data)
        now = time.monotonic()
        stamps = self.seen.setdefault(tg_user.id, deque())
        while stamps and now - stamps[0] > 60:
            stamps.popleft()
        if len(stamps) >= self.per_minute:
            data["trace"].outcome = "throttled"
            if tg_user.id not in self.warned:
                self.warned.add(tg_user.id)
                await _reply(event, data["t"]("throttled"))
            return None
        self.warned.discard(tg_user.id)
        stamps.append(now)
        if len(self.seen) > 100_000:  # forget idle users so memory stays bounded
            self.seen = {uid: s for uid, s in self.seen.items() if s and now - s[-1] < 60}
        return await handler(event, data)


def _is_group(event: TelegramObject) -> bool:
    # Staff writing in the support group are not throttled like citizens.
    message = event.message if isinstance(event, Update) else event
    return isinstance(message, Message) and message.chat.type in ("group", "supergroup")


async def _reply(event: TelegramObject, text: str) -> None:
    inner = event.event if isinstance(event, Update) else event
    if isinstance(inner, Message):
        await inner.answer(text)
    elif isinstance(inner, CallbackQuery):
        await inner.answer(text[:200], show_alert=True)
