"""Entry points that keep the bot running: long polling, or an aiohttp webhook server."""
from __future__ import annotations

import asyncio
import importlib
import logging
from contextlib import AsyncExitStack, suppress

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.app import Services, create_bot, create_dispatcher, start_services
from bot.settings import Settings
from verification.service import local_today
from verification.watch import register_state

log = logging.getLogger("medcheck")
WEBHOOK_PATH = "/telegram/webhook"

# Work that runs beside the handlers for as long as the bot runs: "module:function(services, bot)".
BACKGROUND_JOBS: list[str] = [
    "register.sync:sync_forever",
    "bot.jobs.broadcast:run_sender",
    "bot.jobs.desk:run_desk",
    "bot.jobs.register_watch:watch_register",
]


def health_app(services: Services) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(services.db.ping(), 5)
            register = await asyncio.wait_for(
                register_state(services.db, services.settings.register_max_age, local_today()), 5)
        except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
            return web.json_response({"ok": False, "status": "down", "database": str(exc)[:200]}, status=503)
        # Missing or stale register data is "degraded", still 200: the bot answers ("cannot check right
        # now"), and a restart would not bring the data, so an orchestrator must not kill it for this.
        return web.json_response({"ok": True, "status": "degraded" if register.degraded else "ok",
                                  "register": register.report()})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    return app


async def _start_site(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def start_background_jobs(services: Services, bot: Bot) -> list[asyncio.Task]:
    tasks = []
    for target in BACKGROUND_JOBS:
        module, name = target.split(":")
        job = getattr(importlib.import_module(module), name)
        tasks.append(asyncio.create_task(job(services, bot), name=target))
    return tasks


async def _stop(tasks: list[asyncio.Task]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with suppress(asyncio.CancelledError, Exception):
            await task


async def run_polling(settings: Settings) -> None:
    async with AsyncExitStack() as stack:
        services = await start_services(settings)
        stack.push_async_callback(services.close)
        bot = create_bot(settings)
        stack.push_async_callback(bot.session.close)
        dp = create_dispatcher(services)
        if settings.health_port:
            runner = await _start_site(health_app(services), "0.0.0.0", settings.health_port)
            stack.push_async_callback(runner.cleanup)
        tasks = start_background_jobs(services, bot)
        stack.push_async_callback(_stop, tasks)
        await bot.delete_webhook(drop_pending_updates=False)
        me = await bot.get_me()
        log.info("polling as @%s against %s", me.username, settings.bot_api_base)
        await dp.start_polling(bot, close_bot_session=False)


def webhook_app(services: Services, bot: Bot, dp: Dispatcher, secret: str | None) -> web.Application:
    """The aiohttp app that Telegram posts updates to (and the health check)."""
    app = health_app(services)
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(app, path=WEBHOOK_PATH)
    setup_application(app, dp, bot=bot)
    return app


async def run_webhook(settings: Settings) -> None:
    if not settings.webhook_url:
        raise SystemExit("medcheck webhook: set WEBHOOK_URL to the public https address Telegram should call")
    async with AsyncExitStack() as stack:
        services = await start_services(settings)
        stack.push_async_callback(services.close)
        bot = create_bot(settings)
        stack.push_async_callback(bot.session.close)
        dp = create_dispatcher(services)
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        url = settings.webhook_url.rstrip("/") + WEBHOOK_PATH
        # Idempotent, so several replicas starting together do not fight over the webhook.
        if (await bot.get_webhook_info()).url != url:
            await bot.set_webhook(url, secret_token=secret, allowed_updates=dp.resolve_used_update_types())
        runner = await _start_site(webhook_app(services, bot, dp, secret),
                                   settings.webhook_host, settings.webhook_port)
        stack.push_async_callback(runner.cleanup)
        tasks = start_background_jobs(services, bot)
        stack.push_async_callback(_stop, tasks)
        log.info("webhook listening on %s:%s for %s", settings.webhook_host, settings.webhook_port, url)
        await asyncio.Event().wait()
