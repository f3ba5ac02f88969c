"""What operators and whoever runs the bot see: /metrics (Prometheus text) and /stats (text and charts).

End to end through the real bot (the `tg` fixture: SQLite by long polling, PostgreSQL by webhook).
"""
from __future__ import annotations

import socket

from aiohttp import ClientSession, web
from prometheus_client.parser import text_string_to_metric_families

from bot.runners import health_app
from tests.conftest import PACKS, SAMPLES_TODAY

GREEN_PHOTO = "pack_002.jpg"


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


async def test_metrics_move_as_a_check_goes_through(tg):
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
