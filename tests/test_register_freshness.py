"""Missing or stale register data makes "cannot check right now", never "not registered" (issue 11, item 3).

Through the verification service and through the real bot, on SQLite and PostgreSQL: an empty, a
partial and a stale register; /healthz; the start-up log; operators told once across restarts.
Verdicts are pinned to a day as the other tests do; staleness comes from data dates stated on import.
"""
from __future__ import annotations

import json
import logging
import socket
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select, update

from bot.runners import health_app
from core.i18n import Translator
from core.languages import LANGUAGES
from core.migrate import upgrade
from core.users import set_role
from handlers.cards.check import verdict_card
from register.demo import load_directory
from register.load import import_source
from register.models import SourceState
from tests.botapi.server import parse_html
from tests.conftest import PACKS, SAMPLES_TODAY, new_database
from tests.harness import running_bot
from verification.service import verify_text

I18N = Translator()
VERDICTS = [json.loads(line) for line in (PACKS / "verdicts.jsonl").read_text().splitlines() if line.strip()]
NOT_REGISTERED = next(row for row in VERDICTS if row["expect_reason"] == "not_registered")
UNKNOWN_CODE = next(row for row in VERDICTS if row["expect_reason"] == "unknown_code")
GREEN = next(row for row in VERDICTS if row["expect_reason"] == "in_circulation")
OPERATOR = 880001


def plain(html: str) -> str:
    return parse_html(html)[0]


def said(lang: str, key: str, **args) -> str:
    return plain(I18N(lang, key, **args))


def cannot_check(lang: str, part: str, day: date | None = None) -> str:
    """The headline a citizen reads when `part` of the register cannot vouch for an absence."""
    return said(lang, "verdict-cannot_check", what=I18N(lang, f"part-{part}"),
                state="stale" if day else "missing", date=day.strftime("%d.%m.%Y") if day else "—")


async def load_sample(db, *, catalogue_as_of: date | None = None, registrations_as_of: date | None = None) -> None:
    """The sample register; the GTIN catalogue and registrations optionally dated (they carry no date)."""
    await load_directory(db, PACKS)
    if catalogue_as_of:
        await import_source(db, "gtin-catalogue", PACKS / "gtin_catalogue.csv", data_date=catalogue_as_of)
    if registrations_as_of:
        await import_source(db, "registrations", PACKS / "registrations.csv", data_date=registrations_as_of)


# ----------------------------------------------------------------------------- the verification service

async def test_an_empty_register_cannot_say_not_registered(db, today):
    [result] = await verify_text(db, NOT_REGISTERED["text"], today)
    assert (result.verdict.level, result.verdict.reasons) == ("yellow", ("cannot_check",))
    assert result.to_json()["unchecked"]["product"] is None  # not loaded: no date to give
    for lang in LANGUAGES:
        card = plain(verdict_card(I18N.bind(lang), result, lang=lang))
        assert card.startswith("🟡") and cannot_check(lang, "product") in card
        assert said(lang, "verdict-not_registered") not in card
        assert said(lang, "card-product-unknown", gtin=NOT_REGISTERED["gtin"]) not in card


async def test_a_register_without_code_statuses_cannot_say_the_code_is_unknown(db, today):
    for kind, name in (("registrations", "registrations.csv"), ("gtin-catalogue", "gtin_catalogue.csv")):
        await import_source(db, kind, PACKS / name)
    batch = "B1"  # in the code (AI 10), so the card has a batch line whose certificate cannot be checked
    [result] = await verify_text(db, f"01{UNKNOWN_CODE['gtin']}21PACK0001\x1d10{batch}", today)
    assert (result.verdict.level, result.verdict.reasons, result.verdict.unchecked) == (
        "yellow", ("cannot_check",), ("code_status",))  # and no "no certificate" either
    missing = {"state": "missing", "date": "—"}
    for lang in LANGUAGES:
        card = plain(verdict_card(I18N.bind(lang), result, lang=lang))
        assert cannot_check(lang, "code_status") in card
        for line in (said(lang, "card-code-unchecked", **missing), said(lang, "card-price-unchecked", **missing),
                     said(lang, "card-batch-unchecked", batch=batch, **missing)):
            assert line in card
        for claim in ("card-code-unknown", "card-price-none"):
            assert said(lang, claim) not in card


async def test_a_stale_catalogue_says_the_date_of_its_data(db, today):
    await load_sample(db, catalogue_as_of=date(2026, 10, 1))  # 51 days before the samples' day
    [result] = await verify_text(db, NOT_REGISTERED["text"], today)
    assert (result.verdict.level, result.verdict.reasons) == ("yellow", ("cannot_check",))
    assert result.unchecked["product"] == date(2026, 10, 1)
    for lang in LANGUAGES:
        card = plain(verdict_card(I18N.bind(lang), result, lang=lang))
        assert cannot_check(lang, "product", date(2026, 10, 1)) in card and "01.10.2026" in card


async def test_stale_code_statuses_say_the_date_of_their_newest_change(db):
    later = date(2026, 12, 15)  # the sample code statuses end on 20.11.2026
    await load_sample(db, catalogue_as_of=later, registrations_as_of=later)
    [result] = await verify_text(db, UNKNOWN_CODE["text"], later)
    assert (result.verdict.level, result.verdict.reasons[0]) == ("yellow", "cannot_check")
    assert result.unchecked["code_status"] == date(2026, 11, 20)
    [green] = await verify_text(db, GREEN["text"], later)
    assert green.verdict.reasons[0] == "in_circulation"  # what a row says stands, however old


async def test_a_fresh_register_still_says_not_registered(db, today):
    await load_sample(db, catalogue_as_of=today - timedelta(days=7))  # seven days old is still fresh
    [result] = await verify_text(db, NOT_REGISTERED["text"], today)
    assert (result.verdict.level, result.verdict.reasons) == ("red", ("not_registered",))
    assert "product" not in result.unchecked


async def test_a_longer_limit_for_one_source_keeps_it_fresh(db, today):
    from register.freshness import MaxAge
    await load_sample(db, catalogue_as_of=date(2026, 10, 1))
    generous = MaxAge(by_source={"gtin-catalogue": 60})
    [result] = await verify_text(db, NOT_REGISTERED["text"], today, generous)
    assert result.verdict.reasons == ("not_registered",)


async def test_a_pack_card_and_a_product_card_give_the_same_register_date(register_db, today):
    [pack] = await verify_text(register_db, GREEN["text"], today)
    [product] = await verify_text(register_db, GREEN["gtin"][1:], today)  # the EAN-13 of the same product
    assert product.verdict.reasons[0] == "product_only"
    assert pack.data_date == product.data_date == date(2026, 11, 20)  # the oldest: the code statuses
    t = I18N.bind("en")
    footer = said("en", "card-data-date", date="20.11.2026")
    assert footer in plain(verdict_card(t, pack, lang="en")) and footer in plain(verdict_card(t, product, lang="en"))


async def test_an_unchanged_undated_source_stays_fresh(db):
    from register.sync import SyncSource, sync_source
    body = (PACKS / "gtin_catalogue.csv").read_bytes()

    async def catalogue(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.Response(body=body, content_type="text/csv", headers={"ETag": '"v1"'})

    async with serving(web_app(("/catalogue.csv", catalogue))) as base:
        source = SyncSource("catalogue", "gtin-catalogue", f"{base}/catalogue.csv", timedelta(hours=1))
        assert (await sync_source(db, source)).applied
        month_ago = datetime.now(timezone.utc) - timedelta(days=30)
        async with db.engine.begin() as conn:
            await conn.execute(update(SourceState).values(data_date=month_ago))
        assert (await sync_source(db, source)).not_modified
    async with db.session() as session:
        as_of = await session.scalar(select(SourceState.data_date).where(SourceState.source == "gtin-catalogue"))
    assert as_of > datetime.now(timezone.utc) - timedelta(minutes=5)  # confirmed current just now


# ----------------------------------------------------------------------------- the real bot

@pytest.fixture(params=["sqlite-polling", "postgres-webhook"])
async def env(request, tmp_path, botapi):
    """A migrated, empty database and the local Bot API server; `start()` runs the bot on them."""
    kind, mode = request.param.split("-")
    async with new_database(kind, tmp_path) as db:
        await upgrade(db)

        @asynccontextmanager
        async def start(**overrides):
            async with running_bot(db, mode=mode, server=botapi, **overrides) as tg:
                tg.dp["clock"] = lambda zone: SAMPLES_TODAY
                await tg.ask(7700, "/start")  # answering: stopping it afterwards finds it polling
                yield tg

        yield SimpleNamespace(db=db, server=botapi, start=start)


async def test_the_bot_on_an_empty_register_answers_cannot_check(env):
    async with env.start() as tg:
        [card] = await tg.ask(7701, NOT_REGISTERED["text"], language_code="uz")
        assert card.text.startswith("🟡") and cannot_check("uz", "product") in card.text
        assert said("uz", "verdict-not_registered") not in card.text


async def test_the_bot_on_a_stale_register_gives_the_date(env):
    await load_sample(env.db, catalogue_as_of=date(2026, 10, 1))
    async with env.start() as tg:
        [card] = await tg.ask(7702, NOT_REGISTERED["text"], language_code="ky")
        assert card.text.startswith("🟡") and cannot_check("ky", "product", date(2026, 10, 1)) in card.text
        [card] = await tg.ask(7703, GREEN["text"], language_code="en")
        assert card.text.startswith("🟢")


async def test_start_up_warns_of_each_missing_source(env, caplog):
    caplog.set_level(logging.WARNING, logger="medcheck.register")
    async with env.start():
        warned = "\n".join(r.getMessage() for r in caplog.records
                           if r.name == "medcheck.register" and r.levelno == logging.WARNING)
    for source in ("gtin-catalogue", "registrations", "code-status", "uz-certificates", "uz-prices"):
        assert source in warned, source


async def test_the_demo_register_is_announced_loudly(env, caplog):
    caplog.set_level(logging.WARNING, logger="medcheck.register")
    async with env.start(load_demo=True) as tg:
        status, body = await healthz(tg.services)
    assert body["register"]["demo"] is True
    assert any("DEMO REGISTER" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


async def test_healthz_reports_the_register(env):
    async with env.start() as tg:
        status, body = await healthz(tg.services)
    assert (status, body["ok"], body["status"]) == (200, True, "degraded")  # alive: not a reason to restart
    assert body["register"]["sources"]["code-status"] == {"loaded": False, "as_of": None, "fresh": False,
                                                          "max_age_days": 7}
    assert set(body["register"]["parts"].values()) == {"missing"}

    await load_sample(env.db)
    async with env.start(register_max_age_days=36500) as tg:  # the samples' dates are old on the real clock
        status, body = await healthz(tg.services)
    assert (status, body["status"]) == (200, "ok")
    assert body["register"]["sources"]["code-status"]["loaded"] and body["register"]["sources"]["code-status"]["fresh"]
    assert not body["register"]["sources"]["ru-znvlp"]["loaded"]  # the other price source serves the prices
    assert set(body["register"]["parts"].values()) == {"fresh"} and body["register"]["demo"] is False


async def test_operators_are_told_once_across_restarts(env):
    async with env.db.session() as session:
        await set_role(session, OPERATOR, "operator")  # their language: ru
    async with env.start() as tg:
        [notice] = await tg.server.wait_for(OPERATOR, timeout=15)
        assert said("ru", "register-notice-problems") in notice.text
        for part in ("product", "registration", "code_status", "certificate", "price"):
            assert I18N("ru", f"part-{part}") in notice.text
        await quiet(tg, OPERATOR)
    async with env.start() as tg:  # the same state after a restart: nothing new to say
        await quiet(tg, OPERATOR, seconds=2)

    await load_sample(env.db)
    async with env.start(register_max_age_days=36500) as tg:
        [notice] = await tg.server.wait_for(OPERATOR, timeout=15)
        assert said("ru", "register-notice-recovered") in notice.text
        assert said("ru", "register-notice-problems") not in notice.text
        await quiet(tg, OPERATOR)


# ----------------------------------------------------------------------------- helpers

async def quiet(tg, user: int, seconds: float = 1.0) -> None:
    with pytest.raises(TimeoutError):
        await tg.server.wait_for(user, timeout=seconds)


def web_app(*routes) -> web.Application:
    app = web.Application()
    for path, handler in routes:
        app.router.add_get(path, handler)
    return app


@asynccontextmanager
async def serving(app: web.Application):
    """`app` on a free local port; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def healthz(services) -> tuple[int, dict]:
    async with serving(health_app(services)) as base, aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as response:
            return response.status, await response.json()
