"""The bot factory: long-lived services, the Bot, and the Dispatcher with its middlewares and routers.

Runners (polling, webhook) live in `bot.runners`; tests build the same app against a local Bot API.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation

from alerts.service import AlertRules
from bot.fsm_storage import SQLStorage
from bot.jobs import BackgroundJobs, every_job
from bot.middlewares import (
    HandlerNameMiddleware,
    OneUpdateAtATime,
    StaffChatsOnly,
    ThrottleMiddleware,
    UpdateLogMiddleware,
    UserMiddleware,
    log_hash_key,
)
from bot.session import BotSession
from bot.traffic import SendBudget, Traffic
from core.db import Database
from core.i18n import Translator
from core.settings import Settings
from handlers.downloads import Downloads
from register.freshness import MaxAge
from verification.decoder_pool import DecoderPool

log = logging.getLogger("medcheck")
# aiogram's chat-action helper logs chat ids (a citizen's user id in a private chat) at DEBUG: never let it.
logging.getLogger("aiogram.utils.chat_action").setLevel(logging.INFO)


@dataclass
class Services:
    """Everything long-lived that handlers receive by injection."""
    settings: Settings
    db: Database
    decoder: DecoderPool
    downloads: Downloads
    i18n: Translator
    max_age: MaxAge  # how old register data may be to vouch for "not on record"
    alert_rules: AlertRules  # when a check raises a leak or clone alert

    async def close(self) -> None:
        await self.decoder.close()
        await self.db.close()


async def start_services(settings: Settings, *, db: Database | None = None, migrate: bool = True) -> Services:
    """Open the database (migrated, demo register loaded when empty) and the decoder workers.

    The log then warns of every part of the register that is missing or stale, and of demo data.
    """
    db = db or Database(settings.database_url)
    if migrate:
        from core.migrate import upgrade
        await upgrade(db)
    if settings.load_demo:
        from register.demo import load_demo_if_empty
        if await load_demo_if_empty(db):
            log.info("loaded the demo register into the empty database")
    max_age = MaxAge.configured(settings)
    from core.clock import today_in
    from verification.watch import check_at_start
    await check_at_start(db, max_age, today_in())
    decoder = DecoderPool(workers=settings.decode_workers or None, deadline_s=settings.decode_deadline_s,
                          max_pending=settings.decode_queue)
    downloads = Downloads(settings.downloads_at_once, settings.download_mb_in_flight * 1024 * 1024,
                          settings.download_wait_s)
    return Services(settings=settings, db=db, decoder=decoder, downloads=downloads, i18n=Translator(),
                    max_age=max_age, alert_rules=AlertRules.of(settings))


def create_bot(settings: Settings) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    session = BotSession(api=TelegramAPIServer.from_base(settings.bot_api_base.rstrip("/")))
    session.middleware(Traffic(SendBudget(settings.send_rate)))  # one budget for every call of this bot
    return Bot(settings.bot_token.get_secret_value(), session=session,
               default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True))


def storage_for(services: Services) -> tuple[BaseStorage, BaseEventIsolation]:
    """Conversation state: Redis when configured, else our own database; both survive a restart.

    With it the event isolation (bot.middlewares.OneUpdateAtATime): Redis locks are shared by
    replicas; without Redis the lock is per process, and a complaint stored twice from two replicas
    is still one complaint (complaints.service finds it by the draft's key).
    """
    if services.settings.redis_url:
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisStorage
        storage = RedisStorage.from_url(services.settings.redis_url,
                                        key_builder=DefaultKeyBuilder(prefix=services.settings.redis_key_prefix))
        return storage, storage.create_isolation()
    return SQLStorage(services.db), SimpleEventIsolation()


def create_dispatcher(services: Services) -> Dispatcher:
    from handlers import all_routers
    from handlers.complaint import DraftExpiry
    from handlers.menu import set_menus

    settings = services.settings
    # Conversation state is read from the database too, so aiogram's FSM middleware (dp.fsm) must come
    # after the middleware that answers politely when the database is down: disable_fsm keeps the
    # Dispatcher from putting it first, and it is added below, after the one-update-at-a-time lock.
    storage, isolation = storage_for(services)
    dp = Dispatcher(storage=storage, disable_fsm=True, services=services, settings=settings,
                    db=services.db, decoder=services.decoder, downloads=services.downloads, max_age=services.max_age,
                    alert_rules=services.alert_rules, i18n=services.i18n,
                    webapp_url=settings.webapp_url)  # the Mini App's base: its buttons show only when it is set
    dp.update.outer_middleware(UpdateLogMiddleware(log_hash_key(settings)))
    staff_chats = frozenset({settings.support_chat_id}) if settings.support_chat_id else frozenset()
    dp.update.outer_middleware(StaffChatsOnly(staff_chats))  # before any work is spent on a stranger's group
    dp.update.outer_middleware(UserMiddleware(services.db, services.i18n, settings))
    dp["throttle"] = throttle = ThrottleMiddleware(settings.user_rate_per_minute)  # the Mini App's API counts here too
    dp.update.outer_middleware(throttle)
    # Isolation is ours rather than Dispatcher(events_isolation=...): album photos must pass side by side.
    dp.update.outer_middleware(OneUpdateAtATime(dp.fsm, isolation))
    dp.update.outer_middleware(dp.fsm)
    dp.update.outer_middleware(DraftExpiry(timedelta(minutes=settings.complaint_draft_ttl_minutes)))
    for observer in (dp.message, dp.callback_query, dp.edited_message):
        observer.middleware(HandlerNameMiddleware())
    dp.include_routers(*all_routers())
    dp.startup.register(set_menus)  # the command menu, per language and for each staff member
    BackgroundJobs(every_job()).attach(dp)  # polling and webhook both start them with the dispatcher
    return dp
