"""Leaflets end to end, and the command menu: the real bot (SQLite + polling, PostgreSQL + webhook).

The card's "Instructions" sends the leaflet in the reader's language (else Russian); the first press
downloads it (here from a local web server) and uploads it, the next sends Telegram's file_id. A
leaflet whose URL answers 404 gets a polite word and a log line; /leaflet finds medicines by name in
either alphabet. At start the bot sets its command menu in every language, and staff get their own.
"""
from __future__ import annotations

import asyncio
import io
import json
import logging
from pathlib import Path

from aiohttp import web
from PIL import Image

from core.i18n import Translator
from core.languages import LANGUAGES
from core.users import User
from register.fields import check_digit
from register.importers.feeds import leaflet
from register.leaflets import LeafletInfo, pick
from register.load import import_source
from tests.botapi.server import parse_html
from tests.conftest import PACKS, SAMPLES_TODAY
from tests.harness import running_bot
from verification.gs1 import parse_code
from verification.lookup import lookup, lookup_many

I18N = Translator()
CEFTRIAKSON, AMOKSIKLAV = "04784911862525", "05403186091391"
CODE = next(json.loads(line)["code"] for line in (PACKS / "photos.jsonl").read_text().splitlines()
            if "getH8LmyqoYMa" in line)  # a Ceftriakson pack


def words(lang: str, key: str, **args) -> str:
    return parse_html(I18N(lang, key, **args))[0]


def pdf(text: str) -> bytes:
    out = io.BytesIO()
    Image.new("L", (60, 80), 255).save(out, "PDF", title=text)
    return out.getvalue()


def button(call, label: str) -> str:
    for row in call.message["reply_markup"]["inline_keyboard"]:
        for b in row:
            if b["text"] == label:
                return b["callback_data"]
    raise AssertionError(f"no button {label!r} in {call.message['reply_markup']}")


async def menus_set(server, count: int, timeout: float = 15) -> None:
    """Until the start-up has set `count` menus (polling starts the dispatcher after the harness returns)."""
    async with asyncio.timeout(timeout):
        while len(server.commands) < count:
            await asyncio.sleep(0.05)


# ----------------------------------------------------------------------------- units

def test_the_readers_language_else_russian_else_any():
    def made(*languages):
        return [LeafletInfo(n, "0" * 14, None, lang, f"/x/{lang}.pdf", lang, None) for n, lang in enumerate(languages)]
    assert pick(made("en", "ru", "uz"), "uz").language == "uz"
    assert pick(made("en", "ru"), "ky").language == "ru"
    assert pick(made("en"), "ky").language == "en"
    assert pick([], "ru") is None


def test_a_leaflet_row_belongs_to_something_and_its_path_to_its_list():
    import pytest

    from register.fields import RowError
    from register.importers.feeds import BASE
    row = leaflet({"gtin": CEFTRIAKSON, "language": "RU", "url": "pdf/c.pdf", "title": "C", "date": "2024-01-02",
                   BASE: "https://example.org/lists/leaflets.csv"})
    assert (row["location"], row["language"], str(row["published_on"])) == (
        "https://example.org/lists/pdf/c.pdf", "ru", "2024-01-02")
    local = leaflet({"registration_number": "DV/X 1", "language": "uz", "url": "c.pdf", "title": "C",
                     BASE: "/data/register/leaflets.csv"})
    assert local["location"] == str(Path("/data/register/c.pdf").resolve()) and local["gtin"] is None
    with pytest.raises(RowError, match="belongs to nothing"):
        leaflet({"language": "ru", "url": "c.pdf", "title": "C", BASE: "/x.csv"})
    with pytest.raises(RowError, match="two-letter"):
        leaflet({"gtin": CEFTRIAKSON, "language": "russian", "url": "c.pdf", "title": "C", BASE: "/x.csv"})


async def test_a_file_over_the_upload_limit_or_gone_is_unavailable(tmp_path):
    import pytest

    from register.leaflets import LeafletUnavailable, read_leaflet
    (tmp_path / "big.pdf").write_bytes(b"%PDF" + b"0" * 2000)
    big = LeafletInfo(1, CEFTRIAKSON, None, "ru", str(tmp_path / "big.pdf"), "Big", None)
    assert len(await read_leaflet(big, max_bytes=4096)) == 2004
    with pytest.raises(LeafletUnavailable) as refused:
        await read_leaflet(big, max_bytes=1000)
    assert refused.value.too_big
    with pytest.raises(LeafletUnavailable) as gone:
        await read_leaflet(LeafletInfo(2, CEFTRIAKSON, None, "ru", str(tmp_path / "gone.pdf"), "Gone", None))
    assert not gone.value.too_big


# ----------------------------------------------------------------------------- the bot

async def test_leaflets_are_sent_once_cached_and_dead_urls_answered_and_the_menu_is_set(sample_bot_db, botapi,
                                                                                        tmp_path, caplog):
    db, mode = sample_bot_db
    hits: list[str] = []
    ceftriakson_ru, ceftriakson_en = pdf("Ceftriakson ru"), pdf("Ceftriakson en")

    async def serve(request: web.Request) -> web.Response:
        hits.append(request.path)
        if request.path == "/ceftriakson_ru.pdf":
            return web.Response(body=ceftriakson_ru, content_type="application/pdf")
        return web.Response(status=404)

    app = web.Application()
    app.router.add_get("/{name}", serve)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    (tmp_path / "ceftriakson_en.pdf").write_bytes(ceftriakson_en)
    (tmp_path / "leaflets.csv").write_text(
        "gtin,registration_number,language,url,title,date\n"
        f"{CEFTRIAKSON},,ru,http://127.0.0.1:{port}/ceftriakson_ru.pdf,Цефтриаксон: инструкция,2024-05-06\n"
        f"{CEFTRIAKSON},,en,ceftriakson_en.pdf,Ceftriaxone leaflet,\n"
        f"{AMOKSIKLAV},,ru,http://127.0.0.1:{port}/gone.pdf,Амоксиклав: инструкция,2023-03-01\n", encoding="utf-8")
    report = await import_source(db, "leaflets", tmp_path / "leaflets.csv")
    assert (report.applied, report.rejected) == (3, 0), report.errors
    async with db.session() as session:  # staff known before the start get their own menu
        session.add_all([User(id=7001, language="ru", role="operator"), User(id=7002, language="uz", role="institution")])
        await session.commit()
    try:
        async with running_bot(db, mode=mode, server=botapi) as tg:
            server, tg.dp["clock"] = tg.server, (lambda zone: SAMPLES_TODAY)
            # The menu: every language's citizen commands, and each staff member's own scope (set at start).
            default = json.dumps({"type": "default"})
            await menus_set(server, 7)
            for lang in LANGUAGES:
                names = [c["command"] for c in server.commands[(default, lang)]]
                assert {"leaflet", "reminders", "start", "help"} <= set(names) and "recall" not in names
                assert server.commands[(default, lang)][1]["description"] == words(lang, "menu-leaflet")
            operator = server.commands[(json.dumps({"chat_id": 7001, "type": "chat"}), "")]
            institution = server.commands[(json.dumps({"chat_id": 7002, "type": "chat"}), "")]
            assert [c["command"] for c in operator][:1] == ["recall"]
            assert operator[0]["description"] == words("ru", "menu-recall")
            assert [c["command"] for c in institution][:3] == ["withdraw", "drafts", "operations"]

            # The first reader (Russian) gets the Russian leaflet: downloaded once, uploaded, with title and date.
            [card] = await tg.ask(9301, CODE, language_code="ru")
            server.press_button(9301, card, button(card, words("ru", "button-leaflet")))
            [sent] = await server.wait_for(lambda c: c.method == "sendDocument" and c.chat_id == 9301, timeout=15)
            assert list(sent.files.values()) == [ceftriakson_ru] and sent.text == words(
                "ru", "leaflet-caption", title="Цефтриаксон: инструкция", date="06.05.2024")
            # A Kyrgyz reader (no Kyrgyz leaflet: the Russian one) gets it by file_id, nothing downloaded again.
            [card] = await tg.ask(9302, CODE, language_code="ky")
            server.press_button(9302, card, button(card, words("ky", "button-leaflet")))
            [again] = await server.wait_for(lambda c: c.method == "sendDocument" and c.chat_id == 9302, timeout=15)
            assert again.files == {} and again.params["document"] == sent.message["document"]["file_id"]
            assert hits == ["/ceftriakson_ru.pdf"]
            # /leaflet by name, in Latin or Cyrillic; English readers get the English (local) file, undated.
            [by_name] = await tg.ask(9303, "/leaflet цефтриаксон", language_code="en")
            assert by_name.method == "sendDocument" and list(by_name.files.values()) == [ceftriakson_en]
            assert by_name.text == words("en", "leaflet-caption-undated", title="Ceftriaxone leaflet")
            # A dead URL: a polite answer and a log line, and the bot goes on.
            with caplog.at_level(logging.WARNING, logger="medcheck.leaflets"):
                [dead] = await tg.ask(9303, "/leaflet amoksiklav")
            assert dead.text == words("en", "leaflet-unavailable")
            assert any("404" in record.getMessage() for record in caplog.records)
            # Names that match nothing, and medicines without a leaflet.
            [nothing] = await tg.ask(9303, "/leaflet nosuchmedicine")
            assert nothing.text == words("en", "leaflet-no-match", name="nosuchmedicine")
            [none] = await tg.ask(9303, "/leaflet salbutamol")
            assert none.text == words("en", "leaflet-none", name="salbutamol")
            [ask] = await tg.ask(9303, "/leaflet")
            assert ask.text == words("en", "leaflet-ask")
    finally:
        await runner.cleanup()


async def test_the_lookup_says_whether_a_leaflet_is_published_for_the_product(register_db, tmp_path):
    paracetamol, ibuprofen = "04780181590830", "08693518190930"  # Paracetamol's by its registration; none for Ibuprofen
    unlisted = "0478000000001" + str(check_digit("0478000000001"))  # a leaflet, but no product in the catalogue
    (tmp_path / "leaflets.csv").write_text(
        "gtin,registration_number,language,url,title,date\n"
        ",DV/X 03471/07/24,uz,p.pdf,Paracetamol,\n"
        f"{AMOKSIKLAV},,ru,a.pdf,Amoksiklav,\n"
        f"{unlisted},,ru,u.pdf,Unlisted,\n", encoding="utf-8")
    report = await import_source(register_db, "leaflets", tmp_path / "leaflets.csv")
    assert (report.applied, report.rejected) == (3, 0), report.errors
    codes = [parse_code(f"01{gtin}21SERIAL{n}") for n, gtin in enumerate((paracetamol, AMOKSIKLAV, ibuprofen, unlisted))]
    expected = [True, True, False, False]
    assert [(await lookup(register_db, code, SAMPLES_TODAY)).has_leaflet for code in codes] == expected
    assert [found.has_leaflet for found in await lookup_many(register_db, codes, SAMPLES_TODAY)] == expected
