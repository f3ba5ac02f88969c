"""`medcheck sync` against a local server: paged DataTables and prices API, ETag/304, a 500 then success."""
from __future__ import annotations

import asyncio
import json
from collections import Counter
from types import SimpleNamespace

import pytest
from aiohttp import web
from sqlalchemy import func, select

from register.load import import_source
from register.models import CodeStatus, MaxPrice, RegisterEntry, SourceState
from register.sync import ConfigError, load_config, sync_all, sync_forever
from tests.conftest import PACKS

REGISTER = json.loads((PACKS / "uz_register.json").read_text(encoding="utf-8-sig"))["data"]
PRICES = json.loads((PACKS / "uz_prices.json").read_text(encoding="utf-8-sig"))["result"]["content"]
CODES = (PACKS / "code_status.csv").read_bytes()


@pytest.fixture
async def server():
    """A register server on 127.0.0.1; `hits` counts requests per path."""
    hits: Counter = Counter()

    async def register(request):
        hits["register"] += 1
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        start, length = int(request.query["start"]), int(request.query["length"])
        body = {"draw": int(request.query["draw"]), "recordsTotal": len(REGISTER), "recordsFiltered": len(REGISTER),
                "data": REGISTER[start:start + length]}
        return web.Response(body=b"\xef\xbb\xbf" + json.dumps(body).encode(), content_type="application/json",
                            headers={"ETag": '"v1"'})

    async def prices(request):
        hits["prices"] += 1
        page, size = int(request.query["page"]), int(request.query["size"])
        pages = -(-len(PRICES) // size)
        return web.json_response({"success": True, "result": {
            "content": PRICES[page * size:(page + 1) * size], "totalElements": len(PRICES), "totalPages": pages,
            "number": page, "size": size, "first": page == 0, "last": page + 1 >= pages}})

    async def codes(request):
        hits["codes"] += 1
        if hits["codes"] == 1:
            return web.Response(status=500, text="busy")
        return web.Response(body=CODES, content_type="text/csv", headers={"Last-Modified": "Fri, 20 Nov 2026 05:00:00 GMT"})

    async def down(request):
        hits["down"] += 1
        return web.Response(status=503)

    app = web.Application()
    for path, handler in (("/register", register), ("/prices", prices), ("/codes.csv", codes), ("/down", down)):
        app.router.add_get(path, handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}", hits=hits)
    await runner.cleanup()


def write_config(tmp_path, url: str, *extra: str):
    path = tmp_path / "sync.toml"
    path.write_text(f"""
[defaults]
schedule = "every 1h"
retries = 2
backoff = 0.01

[[sources]]
name = "register"
kind = "uz-register"
url = "{url}/register"
page_size = 3

[[sources]]
name = "prices"
kind = "uz-prices"
url = "{url}/prices"
api_page_size = 3

[[sources]]
name = "codes"
kind = "code-status"
url = "{url}/codes.csv"
""" + "\n".join(extra), encoding="utf-8")
    return path


async def count(db, model) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar()


async def test_sync_pages_retries_and_honours_etag(db, server, tmp_path):
    sources = load_config(write_config(tmp_path, server.url))
    results = {source.name: report for source, report in await sync_all(db, sources)}
    assert {name: (r.applied, r.refused) for name, r in results.items()} == {
        "register": (8, False), "prices": (8, False), "codes": (19, False)}
    assert server.hits == {"register": 3, "prices": 3, "codes": 2}  # 8 records in pages of 3; a 500, then 200
    assert (await count(db, RegisterEntry), await count(db, MaxPrice), await count(db, CodeStatus)) == (8, 8, 19)
    async with db.session() as session:
        states = {s.source: s for s in (await session.execute(select(SourceState))).scalars()}
    assert (states["uz-register"].etag, states["uz-register"].location) == ('"v1"', f"{server.url}/register")
    assert states["code-status"].last_modified == "Fri, 20 Nov 2026 05:00:00 GMT"

    again = {source.name: report for source, report in await sync_all(db, sources)}
    assert again["register"].not_modified and server.hits["register"] == 4  # one conditional request, 304
    assert again["prices"].applied == 8 and not again["prices"].not_modified  # no validators: fetched again


async def test_a_source_that_stays_down_is_refused_after_retries(db, server, tmp_path):
    report = await import_source(db, "uz-register", f"{server.url}/register")  # a URL: every page followed
    assert (report.rows_read, report.applied, server.hits["register"]) == (8, 8, 1)
    path = tmp_path / "down.toml"
    path.write_text(f'[[sources]]\nname = "r"\nkind = "uz-register"\nurl = "{server.url}/down"\n'
                    'retries = 2\nbackoff = 0.01\n', encoding="utf-8")
    [(_, report)] = await sync_all(db, load_config(path))
    assert report.refused and "HTTP 503" in report.reason and server.hits["down"] == 3
    assert await count(db, RegisterEntry) == 8  # the old register stays


async def test_sync_forever_does_nothing_without_a_config(db):
    services = SimpleNamespace(db=db, settings=SimpleNamespace(sync_config=None))
    assert await asyncio.wait_for(sync_forever(services, None), 1) is None


async def test_sync_forever_syncs_what_is_due(db, server, tmp_path):
    services = SimpleNamespace(db=db, settings=SimpleNamespace(sync_config=write_config(tmp_path, server.url)))
    task = asyncio.create_task(sync_forever(services, None))
    try:
        for _ in range(200):
            if await count(db, CodeStatus) == 19:
                break
            await asyncio.sleep(0.05)
        assert (await count(db, RegisterEntry), await count(db, CodeStatus)) == (8, 19)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def test_config_errors_name_the_setting(tmp_path):
    path = tmp_path / "bad.toml"
    for text, expected in [
        ('[[sources]]\nname = "x"\nkind = "nope"\nurl = "https://a"\n', "kind 'nope'"),
        ('[[sources]]\nname = "x"\nkind = "recalls"\nurl = "ftp://a"\n', "url 'ftp://a'"),
        ('[[sources]]\nname = "x"\nkind = "recalls"\nurl = "https://a"\nschedule = "sometimes"\n', "schedule"),
        ('[[sources]]\nkind = "uz-register"\nurl = "https://a"\n[[sources]]\nkind = "uz-register"\n'
         'url = "https://b"\nname = "y"\n', "replace each other"),
        ("nothing = 1\n", "no [[sources]]"),
        ("[[sources]\n", "not valid TOML"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=expected.replace("[", r"\[")):
            load_config(path)


async def test_sync_command_exit_codes(db, server, tmp_path, monkeypatch, capsys):
    from bot.cli import main
    monkeypatch.setenv("DATABASE_URL", db.url)
    good = write_config(tmp_path, server.url)
    assert await asyncio.to_thread(main, ["sync", "--config", str(good), "--only", "register"]) == 0
    assert capsys.readouterr().out.startswith("register (uz-register: 8 rows read, 8 applied")
    down = tmp_path / "down.toml"
    down.write_text(f'[[sources]]\nname = "r"\nkind = "recalls"\nurl = "{server.url}/down"\nretries = 0\n')
    assert await asyncio.to_thread(main, ["sync", "--config", str(down)]) == 1
    assert "HTTP 503" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["sync", "--config", str(good), "--only", "nope"]) == 2


async def test_replicas_on_one_postgres_sync_each_source_once(server, tmp_path):
    """Every replica runs sync_forever; one of them (the leader) fetches, the others wait their turn."""
    from core.db import Database
    from core.migrate import upgrade
    from tests.conftest import new_database

    async with new_database("postgres", tmp_path) as first:
        await upgrade(first)
        second = Database(first.url)
        config = write_config(tmp_path, server.url)
        tasks = [asyncio.create_task(sync_forever(SimpleNamespace(db=db, settings=SimpleNamespace(sync_config=config)),
                                                  None)) for db in (first, second)]
        try:
            for _ in range(200):
                if await count(first, CodeStatus) == 19:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)  # time for a second replica's fetch to show up
            assert (await count(first, RegisterEntry), await count(first, CodeStatus)) == (8, 19)
            assert server.hits == {"register": 3, "prices": 3, "codes": 2}  # as one replica alone
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await second.close()
