"""`medcheck webhook` takes an update only with its secret token: set by WEBHOOK_SECRET, or generated at start.

A forged update (here an admin's `/grant`, which would make the forger support staff) posted straight to
the webhook without the token, or with a wrong one, is refused and changes nothing.
"""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager, suppress

import pytest
from aiohttp import ClientConnectionError, ClientSession

from bot.runners import WEBHOOK_PATH, run_webhook
from complaints.roles import get_user_role
from core.settings import SettingsError, load_settings
from tests import harness

ADMIN, FORGER, CITIZEN = 910001, 910002, 910003
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@asynccontextmanager
async def webhook_server(db, server, port: int, **overrides):
    """`run_webhook` as `medcheck webhook` runs it; yields the webhook's URL and an HTTP client."""
    settings = harness.test_settings(server, db, admin_ids=frozenset({ADMIN}), webhook_url=f"http://127.0.0.1:{port}",
                             webhook_host="127.0.0.1", webhook_port=port, **overrides)
    task = asyncio.create_task(run_webhook(settings))
    try:
        async with ClientSession() as client:
            deadline = time.monotonic() + 30
            while True:
                if task.done():
                    task.result()  # it stopped: show why
                try:
                    async with client.get(f"http://127.0.0.1:{port}/healthz") as resp:
                        if resp.status == 200:
                            break
                except ClientConnectionError:
                    pass
                assert time.monotonic() < deadline, "the webhook server did not start"
                await asyncio.sleep(0.1)
            yield f"http://127.0.0.1:{port}{WEBHOOK_PATH}", client
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def forged_grant(update_id: int) -> dict:
    text = f"/grant {FORGER} support"
    sender = {"id": ADMIN, "is_bot": False, "first_name": "Admin", "language_code": "en"}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "from": sender,
        "chat": {"id": ADMIN, "type": "private", "first_name": "Admin"}, "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len("/grant")}]}}


def secret_given_to_telegram(server) -> str | None:
    [call] = [c for c in server.calls if c.method == "setWebhook" and c.ok]
    return call.params.get("secret_token")


async def post(client, url: str, update: dict, secret: str | None) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with client.post(url, json=update, headers=headers) as resp:
        return resp.status


async def test_without_webhook_secret_one_is_generated_and_required(db, botapi, unused_tcp_port):
    async with webhook_server(db, botapi, unused_tcp_port) as (url, client):
        secret = secret_given_to_telegram(botapi)
        assert secret and len(secret) >= 32
        assert await post(client, url, forged_grant(1), None) == 401
        assert await post(client, url, forged_grant(2), "") == 401
        assert await post(client, url, forged_grant(3), "guessed-secret") == 401
        assert await post(client, url, forged_grant(4), secret[:-1]) == 401
        # Telegram (the local server) knows the secret, so real updates still get through.
        botapi.send_text(CITIZEN, "/start", language_code="en")
        [welcome] = await botapi.wait_for(CITIZEN)
        assert welcome.text
    assert await get_user_role(db, FORGER) is None
    assert not [c for c in botapi.sent if c.chat_id == ADMIN]  # the bot never answered the forged admin


async def test_the_configured_webhook_secret_is_the_one_required(db, botapi, unused_tcp_port):
    async with webhook_server(db, botapi, unused_tcp_port, webhook_secret="our-shared-replica-secret") as (url, client):
        assert secret_given_to_telegram(botapi) == "our-shared-replica-secret"
        assert await post(client, url, forged_grant(1), None) == 401
        assert await post(client, url, forged_grant(2), "our-shared-replica-secreT") == 401
        botapi.send_text(CITIZEN, "/start", language_code="en")
        await botapi.wait_for(CITIZEN)
    assert await get_user_role(db, FORGER) is None


@pytest.mark.parametrize("value", ["has a space", "x" * 257, "semi;colon"])
def test_a_webhook_secret_telegram_would_refuse_stops_start_up(monkeypatch, tmp_path, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WEBHOOK_SECRET", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "WEBHOOK_SECRET" in str(caught.value) and value not in str(caught.value)


def test_an_empty_webhook_secret_means_one_is_generated(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WEBHOOK_SECRET", "")
    assert load_settings().webhook_secret is None
