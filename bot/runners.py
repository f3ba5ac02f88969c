"""Entry points that keep the bot running: long polling, or an aiohttp webhook server."""
from __future__ import annotations

import asyncio
import gc
import hmac
import logging
import secrets
import signal
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import User
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.app import Services, create_bot, create_dispatcher, start_services
from bot.metrics import metrics_route
from bot.webapp import add_mini_app
from core.clock import today_in
from core.settings import Settings
from verification.watch import register_state

log = logging.getLogger("medcheck")
WEBHOOK_PATH = "/telegram/webhook"


def run_event_loop(main: Coroutine[Any, Any, None]) -> None:
    """Run `main` on uvloop where it is installed (not on Windows): answering typed codes at 150 a
    second it took half the CPU of asyncio's own loop, which fell behind (bench/load.py)."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
    else:
        uvloop.run(main)


def set_start_up_aside() -> str:
    """Hide what start-up made (modules, schemas, translations: it lives as long as the process) from
    the garbage collector, and say how it runs: the words for the start-up log line.

    Under load its full collections scanned those ~400 000 objects every two seconds and stopped the
    event loop for about 250 ms each time; set aside, a full collection takes about 10 ms (bench/load.py).
    """
    gc.collect()  # what is garbage already is freed, not kept for good
    gc.freeze()
    loop = type(asyncio.get_running_loop()).__module__.split(".")[0]
    return f"event loop: {loop}; {gc.get_freeze_count()} start-up objects set aside from garbage collection"


def health_app(services: Services) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(services.db.ping(), 5)
            register = await asyncio.wait_for(
                register_state(services.db, services.max_age, today_in()), 5)
        except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
            return web.json_response({"ok": False, "status": "down", "database": str(exc)[:200]}, status=503)
        # Missing or stale register data is "degraded", still 200: the bot answers ("cannot check right
        # now"), and a restart would not bring the data, so an orchestrator must not kill it for this.
        return web.json_response({"ok": True, "status": "degraded" if register.degraded else "ok",
                                  "register": register.report()})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_route(services.db))  # Prometheus: each replica its own
    return app


class StartupError(SystemExit):
    """Start-up stops with one line saying what is wrong and which setting to change."""

    def __init__(self, message: str) -> None:
        super().__init__(f"medcheck: {message}")


async def connect(bot: Bot, settings: Settings) -> User:
    """The bot's own account, asked first so that a bad token or an unreachable server stops start-up at once."""
    try:
        return await bot.get_me()
    except TelegramUnauthorizedError:
        raise StartupError("Telegram refused BOT_TOKEN (401 Unauthorized): "
                           "set BOT_TOKEN to the token @BotFather gave you") from None
    except TelegramNetworkError as exc:
        raise StartupError(f"cannot reach the Bot API at {settings.bot_api_base} ({exc.message}): "
                           "check BOT_API_BASE and the network") from None
    except TelegramAPIError as exc:
        raise StartupError(f"the Bot API at {settings.bot_api_base} refused getMe ({exc.message}): "
                           "check BOT_API_BASE and BOT_TOKEN") from None


async def _start_site(app: web.Application, host: str, port: int, setting: str) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise StartupError(f"cannot listen on {host}:{port} ({exc.strerror}): set {setting} to a free port") from None
    return runner


async def run_polling(settings: Settings) -> None:
    async with AsyncExitStack() as stack:
        bot = create_bot(settings)
        stack.push_async_callback(bot.session.close)
        me = await connect(bot, settings)
        services = await start_services(settings)
        stack.push_async_callback(services.close)
        dp = create_dispatcher(services)
        if settings.health_port:
            app = health_app(services)
            add_mini_app(app, services, bot, dp)  # when polling, the Mini App is served beside the health check
            runner = await _start_site(app, "0.0.0.0", settings.health_port,
                                       "HEALTH_PORT (0 turns the health check and the Mini App off)")
            stack.push_async_callback(runner.cleanup)
        elif settings.webapp_url:
            log.warning("WEBAPP_URL is set but HEALTH_PORT is 0: nothing serves the Mini App")
        await bot.delete_webhook(drop_pending_updates=False)
        log.info("polling as @%s against %s (%s)", me.username, settings.bot_api_base, set_start_up_aside())
        await dp.start_polling(bot, close_bot_session=False)


class SecretTokenRequestHandler(SimpleRequestHandler):
    """aiogram's webhook handler that always demands the secret token, compared in constant time.

    Its parent lets every request in when no secret is set; this one cannot be built without one.
    Telegram hears 200 as soon as an update is taken and it is handled in the background (as the
    parent does), but here the updates in hand are kept, so that a stopping replica can finish them
    (`drain`): Telegram never sends an update again once it had its 200.
    """

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret_token: str, **kwargs) -> None:
        if not secret_token:
            raise ValueError("a webhook needs a secret token")
        super().__init__(dispatcher=dispatcher, bot=bot, secret_token=secret_token, **kwargs)
        self.in_hand: set[asyncio.Task] = set()

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        return hmac.compare_digest(telegram_secret_token.encode(), self.secret_token.encode())

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), self.bot):
            return web.Response(body="Unauthorized", status=401)
        update: dict[str, Any] = await request.json(loads=self.bot.session.json_loads)
        task = asyncio.create_task(self.dispatcher.feed_raw_update(self.bot, update, **self.data))
        self.in_hand.add(task)
        task.add_done_callback(self.in_hand.discard)
        return web.json_response({})

    async def drain(self, timeout: float) -> None:
        """Wait (at most `timeout` seconds) for the updates taken so far to be answered."""
        if self.in_hand:
            log.info("webhook: finishing %d update(s) in hand", len(self.in_hand))
            await asyncio.wait(set(self.in_hand), timeout=timeout)


WEBHOOK_HANDLER = web.AppKey("webhook_handler", SecretTokenRequestHandler)
DRAIN_S = 25.0  # within the 30 s Kubernetes waits after SIGTERM (docker stop waits 10 s: set stop_grace_period)


def webhook_app(services: Services, bot: Bot, dp: Dispatcher, secret: str) -> web.Application:
    """The aiohttp app that Telegram posts updates to (and the health check, and the Mini App when it is on);
    updates need `secret`."""
    app = health_app(services)
    handler = SecretTokenRequestHandler(dispatcher=dp, bot=bot, secret_token=secret)
    handler.register(app, path=WEBHOOK_PATH)
    app[WEBHOOK_HANDLER] = handler
    add_mini_app(app, services, bot, dp)
    setup_application(app, dp, bot=bot)
    return app


async def stop_webhook(runner: web.AppRunner, app: web.Application, drain_s: float = DRAIN_S) -> None:
    """Stop taking updates, answer those already taken (Telegram will not send them again), then shut down."""
    for site in list(runner.sites):
        await site.stop()
    await app[WEBHOOK_HANDLER].drain(drain_s)
    await runner.cleanup()  # its shutdown stops the background jobs


def webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, or a random one for this process (then a single replica only: each would make its own)."""
    if settings.webhook_secret:
        return settings.webhook_secret.get_secret_value()
    log.warning("WEBHOOK_SECRET is not set: using one generated for this process; "
                "set it when running more than one replica")
    return secrets.token_urlsafe(32)


async def run_webhook(settings: Settings) -> None:
    if not settings.webhook_url:
        raise StartupError("set WEBHOOK_URL to the public https address Telegram should call")
    async with AsyncExitStack() as stack:
        bot = create_bot(settings)
        stack.push_async_callback(bot.session.close)
        await connect(bot, settings)
        services = await start_services(settings)
        stack.push_async_callback(services.close)
        dp = create_dispatcher(services)
        secret = webhook_secret(settings)
        url = settings.webhook_url.rstrip("/") + WEBHOOK_PATH
        # Set on every start: Telegram does not say which secret it holds. Replicas sharing
        # WEBHOOK_SECRET set the same values, so they do not fight over the webhook.
        try:
            await bot.set_webhook(url, secret_token=secret, allowed_updates=dp.resolve_used_update_types())
        except TelegramAPIError as exc:
            raise StartupError(f"Telegram refused the webhook {url} ({exc.message}): check WEBHOOK_URL") from None
        app = webhook_app(services, bot, dp, secret)
        runner = await _start_site(app, settings.webhook_host, settings.webhook_port, "WEBHOOK_PORT")
        stack.push_async_callback(stop_webhook, runner, app)
        log.info("webhook listening on %s:%s for %s (%s)", settings.webhook_host, settings.webhook_port, url,
                 set_start_up_aside())
        await stop_requested()


async def stop_requested() -> None:
    """Until SIGTERM or SIGINT: a replica being replaced stops the way Ctrl+C stops it, finishing its updates."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    log.info("webhook: stopping")
