"""The Mini App's server side without a browser: its API, its buttons in the chat, its menu button.

The real bot by webhook (its aiohttp server serves /app/) on SQLite and on PostgreSQL; initData is
signed with the test bot's token as Telegram signs it. The browser tests are tests/test_miniapp_browser.py.
"""
from __future__ import annotations

import json

import pytest
from aiohttp import ClientSession

from complaints.draft import REPORT_KINDS
from core.i18n import Translator
from core.users import set_language
from register.freshness import MaxAge
from tests.botapi.server import parse_html
from tests.browser import signed_init_data
from tests.conftest import PACKS, SAMPLES_TODAY, new_database
from tests.harness import running_bot
from verification.history import recent_checks
from verification.service import verify_text

WEBAPP_URL = "https://medcheck.example"
CODES = {json.loads(line)["file"]: json.loads(line)["code"] for line in (PACKS / "photos.jsonl").read_text().splitlines()
         if line.strip()}
GREEN, RECALLED = CODES["pack_002.jpg"], CODES["pack_016.jpg"]
I18N = Translator()


@pytest.fixture(params=["sqlite", "postgres"])
async def register(request, tmp_path):
    """A migrated database holding the sample register, of each kind."""
    from core.migrate import upgrade
    from register.demo import load_directory
    async with new_database(request.param, tmp_path) as db:
        await upgrade(db)
        await load_directory(db, PACKS)
        yield db


async def start(db, botapi, **overrides):
    running = running_bot(db, mode="webhook", server=botapi, **{"webapp_url": WEBAPP_URL, **overrides})
    tg = await running.__aenter__()
    tg.dp["clock"] = lambda zone: SAMPLES_TODAY  # the samples' verdicts hold on their day
    return running, tg


@pytest.fixture
async def mini(register, botapi):
    """The bot with the Mini App on, and an HTTP client for its API."""
    running, tg = await start(register, botapi)
    async with ClientSession() as http:
        tg.http = http
        yield tg
    await running.__aexit__(None, None, None)


async def check(tg, init_data: str | None, code: str):
    async with tg.http.post(tg.url + "/app/api/check", json={"init_data": init_data, "code": code}) as resp:
        return resp.status, await resp.json(), resp.headers


async def test_a_check_answers_as_verify_json_records_it_and_sends_the_card(mini):
    user = 8101
    status, body, _ = await check(mini, signed_init_data(mini.server.token, user, language_code="ru"), GREEN)
    assert status == 200, body
    [expected] = await verify_text(mini.services.db, GREEN, SAMPLES_TODAY, MaxAge())  # what `medcheck verify --json` prints
    assert {k: v for k, v in body.items() if k not in ("card", "lang", "buttons")} == expected.to_json()
    assert body["verdict"] == "green" and body["lang"] == "ru"
    [card] = await mini.server.wait_for(user, timeout=10)  # the same card, in the chat too
    assert parse_html(body["card"])[0] == card.text
    assert parse_html(I18N("ru", "verdict-in_circulation"))[0] in card.text
    labels = [b["text"] for row in card.message["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in body["buttons"]] == labels and I18N("ru", "button-report") in labels
    [record] = await recent_checks(mini.services.db, user)
    assert (record.verdict, record.serial) == ("green", expected.code.serial)


async def test_the_pages_buttons_press_the_cards_buttons_in_the_chat(mini):
    user = 8151
    status, body, _ = await check(mini, signed_init_data(mini.server.token, user), GREEN)
    assert status == 200, body
    await mini.server.wait_for(user, timeout=10)  # the card in the chat
    [record] = await recent_checks(mini.services.db, user)
    links = {b["text"]: b["url"] for b in body["buttons"]}
    report, subscribe = links[I18N("en", "button-report")], links[I18N("en", "button-subscribe")]
    assert report == f"https://t.me/{mini.server.bot_user['username']}?start=report-{record.id}"
    # Telegram opens such a link in the chat as "/start <its start parameter>"
    [question] = await mini.ask(user, "/start " + report.split("?start=")[1])
    assert question.text.endswith(parse_html(I18N("en", "report-ask-kind", product="x"))[0].split("\n")[-1])
    assert [b["text"] for b in question.message["reply_markup"]["inline_keyboard"][0]] == [
        I18N("en", "complaint-kind-" + REPORT_KINDS[0])]
    [followed] = await mini.ask(user, "/start " + subscribe.split("?start=")[1])
    assert followed.text.startswith(parse_html(I18N("en", "subscribe-added", name="x"))[0].split(":")[0])
    # a link to another user's check, or to none, is refused as the chat's button would be
    [gone] = await mini.ask(user + 1, f"/start remind-{record.id}")
    assert gone.text == parse_html(I18N("en", "reminder-check-gone"))[0]


async def test_refusals_record_nothing_and_send_nothing(mini):
    user, token = 8201, mini.server.token
    forged = signed_init_data("123456:another-bots-token", user)
    tampered = signed_init_data(token, user).replace("8201", "8202")  # someone else's id under this hash
    stale = signed_init_data(token, user, age_s=2 * 3600)  # older than WEBAPP_INIT_DATA_MAX_AGE_S
    for init_data, error in ((None, "missing"), ("", "missing"), ("garbage", "forged"), (forged, "forged"),
                             (tampered, "forged"), (stale, "stale")):
        status, body, _ = await check(mini, init_data, RECALLED)
        assert (status, body["error"]) == (401, error), init_data
    fresh = signed_init_data(token, user)
    for garbage in ("hello", "0104780181590831", "", "9" * 600):
        status, body, _ = await check(mini, fresh, garbage)
        assert (status, body["error"]) == (400, "not_a_code"), garbage
    async with mini.http.post(mini.url + "/app/api/check", data=b"{not json") as resp:
        assert resp.status == 400
    assert await recent_checks(mini.services.db, user) == []
    assert await recent_checks(mini.services.db, 8202) == []
    assert mini.server.messages_to(user) == [] and mini.server.messages_to(8202) == []


async def test_the_api_and_the_chat_share_one_rate(register, botapi):
    running, tg = await start(register, botapi, user_rate_per_minute=3)
    try:
        async with ClientSession() as http:
            tg.http = http
            user = 8301
            init_data = signed_init_data(tg.server.token, user)
            for _ in range(3):
                assert (await check(tg, init_data, RECALLED))[0] == 200
            status, body, headers = await check(tg, init_data, RECALLED)
            assert (status, body["error"]) == (429, "throttled")
            assert 1 <= int(headers["Retry-After"]) <= 60 and headers["Retry-After"] in body["message"]
            await tg.server.wait_for(user, count=3, timeout=10)  # the three cards
            tg.server.send_text(user, GREEN, language_code="en")  # the chat counts the same minute
            [answer] = await tg.server.wait_for(user, timeout=10)
            assert answer.text.startswith(parse_html(I18N("en", "throttled", seconds=1))[0][:20])
            assert len(await recent_checks(tg.services.db, user)) == 3
    finally:
        await running.__aexit__(None, None, None)


async def test_the_page_speaks_the_chat_language_and_is_served_by_us(mini):
    user = 8401
    ask = signed_init_data(mini.server.token, user, language_code="en")
    assert (await check(mini, ask, GREEN))[0] == 200  # a new user speaks their Telegram language
    async with mini.services.db.session() as session:
        await set_language(session, user, "uz")  # then chose Uzbek with /language
    async with mini.http.post(mini.url + "/app/api/strings", json={"init_data": ask}) as resp:
        words = await resp.json()
    assert (words["lang"], words["auth"]) == ("uz", "ok")
    assert words["strings"]["hint"] == I18N("uz", "miniapp-page-hint")
    status, body, _ = await check(mini, ask, GREEN)
    assert (status, body["lang"]) == (200, "uz") and parse_html(I18N("uz", "verdict-in_circulation"))[0] in body["card"]
    stale = signed_init_data(mini.server.token, user, age_s=7200)
    async with mini.http.post(mini.url + "/app/api/strings", json={"init_data": stale}) as resp:
        assert (await resp.json())["auth"] == "stale"
    async with mini.http.get(mini.url + "/app/") as resp:
        assert resp.status == 200 and "static/app.js" in await resp.text()
    async with mini.http.get(mini.url + "/app/zxing/reader/zxing_reader.wasm") as resp:
        assert resp.status == 200 and resp.content_type == "application/wasm"  # from us, never a CDN
        assert (await resp.read())[:4] == b"\0asm"
    async with mini.http.get(mini.url + "/app/static/app.js") as resp:
        script = await resp.text()
    assert "../zxing/reader/zxing_reader.wasm" in script  # the module would fetch it from jsDelivr otherwise


@pytest.mark.parametrize("register", ["sqlite"], indirect=True)  # buttons and settings: one database is enough
async def test_scan_live_is_offered_under_start_no_code_and_the_menu(mini):
    user = 8501
    [welcome] = await mini.ask(user, "/start")
    [[button]] = welcome.message["reply_markup"]["inline_keyboard"]
    assert button == {"text": I18N("en", "miniapp-button"), "web_app": {"url": WEBAPP_URL + "/app/"}}
    mini.server.send_photo(user, (PACKS / "photos" / "nocode_0.jpg").read_bytes())
    [no_code] = await mini.server.wait_for(user, timeout=20)
    assert no_code.message["reply_markup"]["inline_keyboard"] == [[button]]
    assert mini.server.menu_buttons[None] == {"type": "web_app", "text": I18N("en", "miniapp-menu-button"),
                                             "web_app": {"url": WEBAPP_URL + "/app/"}}


@pytest.mark.parametrize("register", ["sqlite"], indirect=True)
async def test_without_webapp_url_nothing_offers_it(register, botapi):
    running, tg = await start(register, botapi, webapp_url=None)
    try:
        [welcome] = await tg.ask(8601, "/start")
        assert welcome.message.get("reply_markup") is None
        assert tg.server.menu_buttons[None] == {"type": "default"}
        async with ClientSession() as http, http.get(tg.url + "/app/") as resp:
            assert resp.status == 404
    finally:
        await running.__aexit__(None, None, None)


@pytest.mark.parametrize("register", ["sqlite"], indirect=True)
async def test_polling_serves_the_mini_app_beside_the_health_check(register, botapi, tmp_path):
    """`medcheck run` (long polling) has no webhook server: HEALTH_PORT's server carries the page and its API."""
    from tests.harness import BotProcess, _free_port
    port = _free_port()
    bot = BotProcess(botapi, register, tmp_path / "bot.log", HEALTH_PORT=str(port), WEBAPP_URL=WEBAPP_URL + "/",
                     REGISTER_MAX_AGE_DAYS="36500")  # the samples' data is days old by the real clock
    try:
        await bot.start()
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/app/") as resp:
                assert resp.status == 200
            init_data = signed_init_data(botapi.token, 8701)
            async with http.post(f"http://127.0.0.1:{port}/app/api/check",
                                 json={"init_data": init_data, "code": RECALLED}) as resp:
                body = await resp.json()
        assert resp.status == 200 and body["reasons"][0] == "recalled"
        [card] = await botapi.wait_for(8701, timeout=10)
        assert parse_html(body["card"])[0] == card.text
        assert botapi.menu_buttons[None]["web_app"] == {"url": WEBAPP_URL + "/app/"}  # the trailing / is one
    finally:
        await bot.stop()


def test_webapp_url_must_be_https():
    from pydantic import ValidationError

    from core.settings import Settings
    with pytest.raises(ValidationError, match="https"):
        Settings(_env_file=None, webapp_url="http://medcheck.example")
    assert Settings(_env_file=None, webapp_url="https://medcheck.example/").webapp_url == "https://medcheck.example"
    assert Settings(_env_file=None, webapp_url="").webapp_url is None  # an empty variable leaves it off
