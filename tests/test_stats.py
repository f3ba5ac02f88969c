"""What operators and whoever runs the bot see: /metrics (Prometheus text) and /stats (text and charts).

End to end through the real bot (the `tg` fixture: SQLite by long polling, PostgreSQL by webhook).
"""
from __future__ import annotations

import asyncio
import csv
import io
import socket
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from aiohttp import ClientSession, web
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import distinct, func, select

from alerts.models import Alert
from bot.cli import main
from bot.jobs.digest import send_once as send_digest_once
from bot.runners import health_app
from complaints.models import Complaint
from core.clock import today_in
from core.i18n import Translator
from core.spreadsheet import start_of_day
from core.users import User, set_role
from stats.aggregates import Period
from stats.digest import due_week, week_period
from stats.models import CheckDay
from tests.botapi.server import parse_html
from tests.conftest import PACKS, REPO, SAMPLES_TODAY
from verification.models import Check

GREEN_PHOTO = "pack_002.jpg"
OPERATORS = {"en": 4201, "ru": 4202}
CITIZEN = 4203
DOCS_CHART = REPO / "docs" / "stats-checks-per-day.png"  # the chart the README shows
I18N = Translator()


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """(sample name, its labels sorted) -> value, parsed by prometheus_client's own parser."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(parsed: dict, name: str, **labels) -> float:
    """The sum over the samples of `name` that carry `labels` (others free)."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in parsed.items() if n == name and wanted <= set(ls))


async def scrape(tg) -> dict:
    """GET /metrics where this bot serves it: the webhook server, or the health server when polling."""
    if tg.mode == "webhook":
        info = await tg.bot.get_webhook_info()
        base = info.url.rsplit("/telegram/", 1)[0]
        async with ClientSession() as client, client.get(f"{base}/metrics") as resp:
            assert resp.status == 200
            return samples(await resp.text())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    runner = web.AppRunner(health_app(tg.services))
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", port).start()
        async with ClientSession() as client, client.get(f"http://127.0.0.1:{port}/metrics") as resp:
            assert resp.status == 200
            assert resp.content_type == "text/plain"
            return samples(await resp.text())
    finally:
        await runner.cleanup()


async def seed(db) -> None:
    """A week of checks, overprice complaints (two places, one handled), a leak alert."""
    now = start_of_day(today_in()) + timedelta(hours=1)  # days are Tashkent days: never a check across midnight
    async with db.session() as session:
        session.add(User(id=CITIZEN, language="en"))
        await session.flush()
        for day in range(7):
            for n, (verdict, reasons) in enumerate([("green", "in_circulation")] * 5 + [("yellow", "unknown_code")] * 2
                                                   + [("red", "expired"), ("red", "recalled withdrawn")][: day % 3]):
                session.add(Check(user_id=CITIZEN, created_at=now - timedelta(days=day, minutes=n), code_text="x",
                                  verdict=verdict, reasons=reasons))
        for n, (product, lat, lon, excess) in enumerate([("Paracetamol", 41.30, 69.25, "25.0"),
                                                         ("Paracetamol", 39.65, 66.95, "40.0"),
                                                         ("Ibuprofen", 41.30, 69.25, "10.0")]):
            session.add(Complaint(user_id=CITIZEN, kind="overprice", product_name=product, latitude=lat, longitude=lon,
                                  excess_percent=Decimal(excess), created_at=now - timedelta(days=2, hours=n),
                                  status="closed" if n == 0 else "new",
                                  closed_at=now - timedelta(days=1) if n == 0 else None))
        session.add(Alert(kind="leak", gtin="04780181590830", serial="s1", checked_at=now, period=1,
                          created_at=now - timedelta(days=1), notified_at=now))  # operators were told already
        await session.commit()
        for user in OPERATORS.values():
            await set_role(session, user, "operator")


def pngs(call) -> list[Image.Image]:
    """The images the bot uploaded in a sendPhoto or sendMediaGroup call, each a valid PNG."""
    images = []
    for data in call.files.values():
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG"
        image.load()
        images.append(image)
    return images


async def test_metrics_move_and_operators_get_stats(tg):
    """/metrics counts a real check; then /stats answers operators in their language, and refuses a citizen."""
    tg.dp["clock"] = lambda zone: SAMPLES_TODAY
    before = await scrape(tg)
    [card] = await tg.photo(4101, (PACKS / "photos" / GREEN_PHOTO).read_bytes())
    assert card.text
    tg.server.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, chat_id=4102)
    [answer] = await tg.ask(4102, "/start", timeout=20)  # the 429 is waited out and the answer arrives
    after = await scrape(tg)

    def moved(name: str, **labels) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("medcheck_updates_total", kind="message") >= 2
    assert moved("medcheck_answer_seconds_count", kind="message") >= 2
    assert moved("medcheck_decodes_total", outcome="symbols") == 1
    assert moved("medcheck_decode_seconds_count") == 1
    assert moved("medcheck_telegram_errors_total", method="sendMessage", code="429") == 1
    assert moved("medcheck_telegram_messages_sent_total", kind="answer") >= 2
    assert value(after, "medcheck_decoder_queue") == 0
    for outbox in ("desk", "recalls", "withdrawals", "alert_notices"):
        assert value(after, "medcheck_outbox_depth", outbox=outbox) == 0
    assert value(after, "medcheck_register_data_age_seconds", source="code-status") > 86400
    assert ("medcheck_outbox_depth", (("outbox", "desk"),)) in after
    # No label anywhere carries a user's id.
    assert not any(str(user) in str(labels) for (_, labels) in after for user in (4101, 4102))

    # /stats: a summary in the operator's language, then the charts as one album of PNGs.
    await seed(tg.services.db)
    for lang, operator in OPERATORS.items():
        summary, album = await tg.ask(operator, "/stats 7", count=2, language_code=lang, timeout=60)
        first, last = today_in() - timedelta(days=6), today_in()
        assert summary.text == parse_html(I18N(
            lang, "stats-summary", first=f"{first:%d.%m.%Y}", last=f"{last:%d.%m.%Y}",
            checks=56, green=36, yellow=14, red=6,  # the photo's check and the week's
            complaints=3, overprice=3, handled=1, median_hours=24, sent=0, blocked=0, failed=0, leaks=1, clones=0))[0]
        assert album.method == "sendMediaGroup"
        charts = pngs(album)
        # checks per day, red reasons, products, regions, handling times, alerts (no recall in the period)
        assert len(charts) == 6
        assert all(image.width >= 800 for image in charts)
        if lang == "en":
            DOCS_CHART.parent.mkdir(exist_ok=True)
            first_chart = album.params["media"][0]["media"].removeprefix("attach://")
            DOCS_CHART.write_bytes(album.files[first_chart])
    # The weekly digest: queued once (another replica's try finds it queued), each operator told once.
    assert await send_digest_once(tg.services, tg.bot) == 2
    for lang, operator in OPERATORS.items():
        digest = (await tg.server.wait_for(operator, timeout=30))[0]
        assert digest.text.startswith(parse_html(I18N(lang, "stats-digest"))[0])
    assert await send_digest_once(tg.services, tg.bot) == 0
    refused = await tg.ask(CITIZEN, "/stats", language_code="en")
    assert refused[0].text == parse_html(I18N("en", "not-allowed"))[0]
    await quiet(tg, CITIZEN)


async def quiet(tg, user: int, seconds: float = 0.5) -> None:
    try:
        extra = await tg.server.wait_for(user, timeout=seconds)
    except TimeoutError:
        return
    raise AssertionError(f"a citizen got {extra}")


async def test_stats_export_writes_every_figure_as_csv(db, monkeypatch, tmp_path):
    """`medcheck stats export --from --to`: one figure a row, names a spreadsheet would run neutralised."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", db.url)
    await seed(db)
    async with db.session() as session:
        session.add(Complaint(user_id=CITIZEN, kind="overprice", product_name="=HYPERLINK(1)", excess_percent=5,
                              created_at=start_of_day(today_in()) + timedelta(hours=2)))
        await session.commit()
    out = tmp_path / "stats.csv"
    first, last = today_in() - timedelta(days=6), today_in()
    assert await asyncio.to_thread(main, ["stats", "export", "--from", first.isoformat(), "--to", last.isoformat(),
                                          "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    checks = {(r["day"], r["name"]): int(r["value"]) for r in rows if r["section"] == "checks"}
    assert sum(checks.values()) == 55 and checks[(last.isoformat(), "green")] == 5
    assert {(r["name"], r["value"], r["median_excess_percent"]) for r in rows
            if r["section"] == "overprice_products"} == {("Paracetamol", "2", "32.5"), ("Ibuprofen", "1", "10.0"),
                                                          ("'=HYPERLINK(1)", "1", "5.0")}
    assert {(r["name"], r["value"]) for r in rows if r["section"] == "overprice_regions"} == {
        ("tashkent-city", "2"), ("samarkand", "1"), ("unknown", "1")}
    assert [r["value"] for r in rows if r["section"] == "handling_hours"] == ["24.0"]
    assert [(r["name"], r["value"]) for r in rows if r["section"] == "alerts"] == [("leak", "1")]
    # The closed days were counted once and kept: a second export reads them and says the same.
    async with db.session() as session:
        assert await session.scalar(select(func.count(distinct(CheckDay.day)))) == 6
    again = tmp_path / "again.csv"
    assert await asyncio.to_thread(main, ["stats", "export", "--from", first.isoformat(), "--to", last.isoformat(),
                                          "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()
    assert await asyncio.to_thread(main, ["stats", "export", "--from", "yesterday"]) == 2


def test_the_digest_is_due_from_monday_morning_for_the_week_before():
    tashkent = timezone(timedelta(hours=5))
    monday_early = datetime(2026, 11, 30, 8, 59, tzinfo=tashkent)  # Monday of ISO week 49
    assert due_week(monday_early) == "2026-W47"
    assert due_week(monday_early + timedelta(minutes=1)) == due_week(datetime(2026, 12, 6, 23, tzinfo=tashkent)) \
        == "2026-W48"
    assert week_period("2026-W48") == Period(date(2026, 11, 23), date(2026, 11, 29))


def test_the_sample_dashboard_reads_only_metrics_the_bot_exposes():
    import json
    import re

    import core.metrics
    exposed = {name for metric in vars(core.metrics).values() if hasattr(metric, "_name")
               for name in (metric._name, f"{metric._name}_total", f"{metric._name}_bucket")}
    dashboard = json.loads((REPO / "deploy" / "grafana" / "dashboards" / "medcheck.json").read_text())
    used = {name for panel in dashboard["panels"] for target in panel["targets"]
            for name in re.findall(r"medcheck_\w+", target["expr"])}
    assert used and used <= exposed, used - exposed


def test_stats_reads_its_period_as_days():
    from handlers.stats import parse_days
    assert [parse_days(words) for words in ("", "7", "7d", " 90D ", "366")] == [30, 7, 7, 90, 366]
    assert [parse_days(words) for words in ("0", "367", "week", "-3", "7 days")] == [None] * 5
