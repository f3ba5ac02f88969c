"""The real bot, end to end: our Dispatcher and background jobs talking over HTTP to the local Bot API server.

`running_bot(...)` starts it by long polling (getUpdates) or by webhook (the server POSTs updates to
our aiohttp app with the secret token), exactly as `medcheck run` / `medcheck webhook` do.
`BotProcess` runs `medcheck run` (or `medcheck webhook`) itself in a process of its own, for tests
that kill it; `LoadBalancer` puts several `medcheck webhook` replicas behind the one webhook URL.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import sys
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator

from aiogram import Bot, Dispatcher
from aiohttp import ClientConnectionError, ClientSession, web

from bot.app import Services, create_bot, create_dispatcher, start_services
from bot.runners import WEBHOOK_PATH, webhook_app
from core.db import Database
from core.settings import Settings
from tests.botapi import BotAPIServer

WEBHOOK_SECRET = "test-webhook-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REPO = Path(__file__).resolve().parents[1]


@dataclass
class RunningBot:
    server: BotAPIServer
    services: Services
    bot: Bot
    dp: Dispatcher
    mode: str
    url: str | None = None  # by webhook: our aiohttp server (the webhook, /healthz, the Mini App under /app/)

    async def ask(self, user_id: int, text: str, *, count: int = 1, timeout: float = 15,
                  language_code: str | None = None):
        """A user types `text`; returns the bot's next `count` messages to them."""
        self.server.send_text(user_id, text, language_code=language_code)
        return await self.server.wait_for(user_id, count=count, timeout=timeout)

    async def photo(self, user_id: int, data: bytes, *, count: int = 1, timeout: float = 20, **kw):
        self.server.send_photo(user_id, data, **kw)
        return await self.server.wait_for(user_id, count=count, timeout=timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_settings(server: BotAPIServer, db: Database, **overrides) -> Settings:
    values = dict(bot_token=server.token, database_url=db.url, bot_api_base=server.base_url,
                  health_port=0, load_demo=False, decode_workers=1, user_rate_per_minute=1000,
                  default_language="en", weekly_digest=False)  # a digest would surprise other tests' operators
    values.update(overrides)
    return Settings(_env_file=None, **values)


@asynccontextmanager
async def running_bot(db: Database, *, mode: str = "polling", server: BotAPIServer | None = None,
                      **overrides) -> AsyncIterator[RunningBot]:
    own_server = server is None
    server = server or BotAPIServer()
    if own_server:
        await server.start()
    settings = test_settings(server, db, **overrides)
    services = await start_services(settings, db=db, migrate=False)
    bot = create_bot(settings)
    dp = create_dispatcher(services)  # its startup starts the background jobs, its shutdown stops them
    runner = polling = url = None
    try:
        if mode == "polling":
            polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False,
                                                           polling_timeout=1))
        else:
            port = _free_port()
            runner = web.AppRunner(webhook_app(services, bot, dp, WEBHOOK_SECRET))
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            url = f"http://127.0.0.1:{port}"
            await bot.set_webhook(url + WEBHOOK_PATH, secret_token=WEBHOOK_SECRET)
        yield RunningBot(server, services, bot, dp, mode, url)
    finally:
        if polling is not None:
            with suppress(RuntimeError):
                await dp.stop_polling()
            with suppress(asyncio.CancelledError):
                await asyncio.wait_for(polling, 10)
        if runner is not None:
            await runner.cleanup()
        await services.decoder.close()  # the database belongs to the fixture
        await bot.session.close()
        if own_server:
            await server.stop()


class BotProcess:
    """`medcheck run` in a process of its own against the local server: the bot as deployed, and killable.

    With `webhook` (the public URL, e.g. a LoadBalancer's) it runs `medcheck webhook` on a port of its
    own (`url`) instead. Settings are environment variables (`SUPPORT_CHAT_ID="-100..."`); its log goes
    to `log_path`.
    """

    def __init__(self, server: BotAPIServer, db: Database, log_path, *, webhook: str | None = None,
                 **settings: str) -> None:
        self.server, self.log_path = server, log_path
        self.command = "webhook" if webhook else "run"
        self.env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SYNC_CONFIG", "WEBHOOK_URL")}
        self.env.update(BOT_TOKEN=server.token, DATABASE_URL=db.url, BOT_API_BASE=server.base_url,
                        HEALTH_PORT="0", LOAD_DEMO="false", DECODE_WORKERS="1", USER_RATE_PER_MINUTE="1000",
                        DEFAULT_LANGUAGE="en", LOG_LEVEL="INFO", PYTHONPATH=str(REPO), WEEKLY_DIGEST="false")
        self.url = None
        if webhook:
            port = _free_port()
            self.url = f"http://127.0.0.1:{port}"
            self.env.update(WEBHOOK_URL=webhook, WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port),
                            WEBHOOK_SECRET=WEBHOOK_SECRET)
        self.env.update(settings)
        self.proc: asyncio.subprocess.Process | None = None
        self.log_from = 0

    async def start(self, timeout: float = 60) -> "BotProcess":
        """Start it and return once it takes updates: it polls (counted as the call arrives, not when it
        returns), or its webhook server answers."""
        polls = self.server.method_counts["getUpdates"]
        self.log_from = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", self.command, env=self.env, cwd=self.log_path.parent,
                stdout=log, stderr=asyncio.subprocess.STDOUT,
                start_new_session=True)  # its own process group, so that kill() ends its workers too
        deadline = asyncio.get_running_loop().time() + timeout
        while not (await self._listening() if self.url else self.server.method_counts["getUpdates"] > polls):
            if self.proc.returncode is not None or asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"the bot did not start; see {self.log_path}")
            await asyncio.sleep(0.05)
        return self

    async def _listening(self) -> bool:
        try:
            async with ClientSession() as client, client.get(f"{self.url}/healthz") as resp:
                return resp.status == 200
        except ClientConnectionError:
            return False

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    def log(self) -> str:
        """What it logged since it last started."""
        with open(self.log_path, "rb") as log:
            log.seek(self.log_from)
            return log.read().decode(errors="replace")

    async def kill(self) -> None:
        """SIGKILL to it and its decoder processes: nothing runs on the way out, as when the machine loses power."""
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        await self.proc.wait()

    async def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, as an orchestrator replacing it sends; returns its exit code."""
        self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.returncode is None:
            self.proc.terminate()
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.proc.wait(), 20)
        await self.kill()  # whatever is left of it or of its workers


class LoadBalancer:
    """A round-robin HTTP forwarder in front of webhook replicas: Telegram knows one URL per bot.

    A replica that refuses the connection is passed over for the next one (as nginx's
    `proxy_next_upstream error`); when none answers, Telegram gets 502 and sends the update again.
    `routed` records (update_id, replica index) for every update a replica took.
    """

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self.routed: list[tuple[int, int]] = []
        self._turn = itertools.count()
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> "LoadBalancer":
        self._client = ClientSession()
        app = web.Application()
        app.router.add_post("/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self._runner.cleanup()
        await self._client.close()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", SECRET_HEADER.lower())}
        for _ in self.backends:
            index = next(self._turn) % len(self.backends)
            try:
                async with self._client.post(self.backends[index] + request.path_qs, data=body,
                                             headers=headers) as resp:
                    answer = await resp.read()
            except ClientConnectionError:
                continue
            if resp.status == 200:
                self.routed.append((json.loads(body)["update_id"], index))
            return web.Response(body=answer, status=resp.status, content_type=resp.content_type)
        return web.Response(status=502)

    def replicas_of(self, update_ids) -> list[int]:
        """Which replica took each of these updates, in the order they were taken."""
        wanted = set(update_ids)
        return [index for update_id, index in self.routed if update_id in wanted]
