"""The Mini App: live scanning inside Telegram, served under /app/ by our own aiohttp server.

The page (webapp/index.html, webapp/static/) decodes camera frames in the browser with zxing-wasm
(webapp/node_modules, installed by `npm ci`) and posts the code it read to `/app/api/check`. A check
there is a chat check: the same verdict and words, recorded in history, counted by the same flood
control, and its card sent into the chat too. Who is asking is proven by Telegram's signed initData
(HMAC with the bot token; aiogram checks it), refused when older than WEBAPP_INIT_DATA_MAX_AGE_S.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.web_app import WebAppUser, safe_parse_webapp_init_data
from aiohttp import web

from bot.app import Services
from bot.middlewares import ThrottleMiddleware, hash_user, log_hash_key
from core.clock import utcnow
from core.db import DB_DOWN
from core.users import get_user, pick_language, touch_user
from handlers.callbacks import CheckAction
from handlers.card_buttons import card_link
from handlers.cards.check import verdict_card
from handlers.cards.miniapp import APP_PATH
from handlers.check import Turn, card_keyboard, run_check, send_card
from handlers.trace import Trace
from verification.gs1 import CodeError, parse_code

log = logging.getLogger("medcheck.webapp")


def _webapp_dir() -> Path:
    """The page's folder: beside the package in a checkout, else ./webapp (the image copies it to /app/webapp)."""
    beside = Path(__file__).resolve().parents[1] / "webapp"
    return beside if (beside / "index.html").is_file() else Path.cwd() / "webapp"


WEBAPP_DIR = _webapp_dir()
ZXING_DIST = WEBAPP_DIR / "node_modules" / "zxing-wasm" / "dist"  # its ES module and .wasm, served as they are
PAGE_STRINGS = "miniapp-page-"  # the locale keys the page shows
MAX_CODE_CHARS = 500  # far above any pack code; a longer "code" is not read at all


class Refused(Exception):
    """An API request answered with an error: HTTP status, a short machine word, maybe a wait."""

    def __init__(self, status: int, error: str, **extra: object) -> None:
        super().__init__(error)
        self.status, self.error, self.extra = status, error, extra

    def response(self) -> web.Response:
        headers = {"Retry-After": str(self.extra["retry_after"])} if "retry_after" in self.extra else None
        return web.json_response({"error": self.error, **self.extra}, status=self.status, headers=headers)


class MiniApp:
    """The page and its API for one bot: needs the Dispatcher for what the chat's handlers receive
    (the flood control, the clock tests pin) so that a check here is judged as a chat check."""

    def __init__(self, services: Services, bot: Bot, dp: Dispatcher) -> None:
        self.services, self.bot, self.dp = services, bot, dp
        self.settings = services.settings
        self.max_age = timedelta(seconds=self.settings.webapp_init_data_max_age_s)
        self.hash_key = log_hash_key(self.settings)

    def register(self, app: web.Application) -> None:
        prefix = APP_PATH.rstrip("/")
        app.router.add_get(prefix, self.redirect)
        app.router.add_get(APP_PATH, self.page)
        app.router.add_static(f"{prefix}/static/", WEBAPP_DIR / "static")
        app.router.add_static(f"{prefix}/zxing/", ZXING_DIST)
        app.router.add_post(f"{prefix}/api/strings", self.strings)
        app.router.add_post(f"{prefix}/api/check", self.check)

    # ------------------------------------------------------------------ the page

    async def redirect(self, _request: web.Request) -> web.Response:
        raise web.HTTPFound(APP_PATH)

    async def page(self, _request: web.Request) -> web.FileResponse:
        # no-cache: a new release's page must not meet an old script in Telegram's web view
        return web.FileResponse(WEBAPP_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    async def strings(self, request: web.Request) -> web.Response:
        """The page's words in the user's language (their chat language when the initData holds), never refused:
        `auth` tells the page whether its checks will be (ok, missing, forged, stale)."""
        lang, auth = self.settings.default_language, "ok"
        try:
            user = self._user(await _json(request))
        except Refused as refused:
            auth = refused.error
        else:
            async with self.services.db.session() as session:
                known = await get_user(session, user.id)
            lang = known.language if known else pick_language(user.language_code, self.settings.default_language)
        i18n = self.services.i18n
        words = {key.removeprefix(PAGE_STRINGS): i18n(lang, key) for key in sorted(i18n.keys("en"))
                 if key.startswith(PAGE_STRINGS)}
        return web.json_response({"lang": lang, "auth": auth, "strings": words})

    # ------------------------------------------------------------------ the check

    async def check(self, request: web.Request) -> web.Response:
        started, user_id, outcome = time.perf_counter(), None, "error"
        try:
            body = await _json(request)
            tg_user = self._user(body)
            user_id = tg_user.id
            answer = await self._check(tg_user, body.get("code"))
            outcome = answer["verdict"]
            return web.json_response(answer)
        except Refused as refused:
            outcome = refused.error
            return refused.response()
        finally:
            log.info("miniapp check user=%s outcome=%s ms=%.0f", hash_user(user_id, self.hash_key), outcome,
                     (time.perf_counter() - started) * 1000)

    async def _check(self, tg_user: WebAppUser, text: object) -> dict:
        settings = self.settings
        try:
            user = await touch_user(self.services.db, tg_user.id, tg_user.language_code, settings.default_language,
                                    settings.admin_ids)
        except DB_DOWN:
            log.exception("database unreachable")
            raise Refused(503, "unavailable") from None
        throttle: ThrottleMiddleware = self.dp["throttle"]
        if not user.is_staff:  # staff are not counted in the chat either
            wait = throttle.admit([("user", user.id)], time.monotonic())
            if wait:
                seconds = max(1, round(wait + 0.5))
                message = self.services.i18n(user.language, "miniapp-throttled", seconds=seconds)
                raise Refused(429, "throttled", retry_after=seconds, message=message)
        if not isinstance(text, str) or not text or len(text) > MAX_CODE_CHARS:
            raise Refused(400, "not_a_code", reason="empty" if not text else "too_long")
        try:
            code = parse_code(text)
        except CodeError as exc:
            raise Refused(400, "not_a_code", reason=exc.reason) from None
        t = self.services.i18n.bind(user.language)
        # A private chat's id is its user's id: the card goes where the chat's cards go.
        turn = Turn(self.bot, user.id, self.services.db, user, user.language, t, Trace(), self.dp.get("clock"),
                    self.services.max_age, self.services.alert_rules, settings.webapp_url)
        try:
            result, check_id = await run_check(turn, code)
            try:
                keyboard = await send_card(self.bot, user.id, result, check_id, t=t, lang=user.language,
                                           today=turn.today())
            except TelegramAPIError as exc:  # they blocked the bot, or never started it: the page still answers
                log.info("miniapp: the card was not sent into the chat: %s", exc)
                keyboard = card_keyboard(result, check_id, t=t, today=turn.today())
        except DB_DOWN:
            log.exception("database failed during a check")
            raise Refused(503, "unavailable") from None
        # The chat card's buttons, as links back to the chat that press the same button there (card_buttons.py)
        username = (await self.bot.me()).username
        buttons = [{"text": button.text, "url": card_link(username, CheckAction.unpack(button.callback_data).action,
                                                          check_id)}
                   for row in keyboard.inline_keyboard for button in row]
        # `medcheck verify --json`'s object, and what the chat shows: the card and its buttons
        return {**result.to_json(), "card": verdict_card(t, result, lang=user.language), "lang": user.language,
                "buttons": buttons}

    # ------------------------------------------------------------------ who is asking

    def _user(self, body: dict) -> WebAppUser:
        """The Telegram user the signed initData names; Refused 401 when it is missing, forged or stale."""
        init_data = body.get("init_data")
        if not isinstance(init_data, str) or not init_data:
            raise Refused(401, "missing")
        try:
            data = safe_parse_webapp_init_data(self.settings.bot_token.get_secret_value(), init_data)
        except ValueError:  # a bad signature, or signed data that is not initData
            raise Refused(401, "forged") from None
        if data.user is None:
            raise Refused(401, "forged")
        if utcnow() - data.auth_date > self.max_age:
            raise Refused(401, "stale")
        return data.user


async def _json(request: web.Request) -> dict:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Refused(400, "bad_json") from None
    if not isinstance(body, dict):
        raise Refused(400, "bad_json")
    return body


def add_mini_app(app: web.Application, services: Services, bot: Bot, dp: Dispatcher) -> None:
    """Serve the Mini App from `app` when WEBAPP_URL is set (else nothing is added: the feature is off)."""
    if services.settings.webapp_url:
        MiniApp(services, bot, dp).register(app)
