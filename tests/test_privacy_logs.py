"""No personal data in the logs, at any level: not a failed insert's parameters, not a phone, not a user id.

User ids appear only as a keyed hash (LOG_HASH_KEY, or derived from the bot token), so a leaked log
cannot be turned back into Telegram ids by hashing every possible id.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from complaints.draft import ComplaintDraft, PhotoRef
from complaints.images import clean_image
from complaints.service import PhotoIn, create_complaint
from core.db import Database
from core.migrate import upgrade
from handlers.callbacks import CheckAction, ComplaintStep
from register.demo import load_directory
from tests.conftest import PACKS, new_database
from tests.harness import running_bot
from tests.test_complaints_bot import SUPPORT, answer_card, jpeg, label, press

CITIZEN = 6101234567
PHONE = "+998901234567"
PHARMACY = "Dorixona 36, Chilonzor 5"
LOG_LINE = re.compile(r"update=\d+ kind=\w+ user=(\S+) ")


def everything_logged(caplog) -> str:
    """Every record as a handler would write it: message, arguments and traceback."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


async def test_a_failed_insert_never_logs_its_parameters(db, caplog):
    caplog.set_level(logging.DEBUG)
    draft = ComplaintDraft(kind="overprice", price_paid=Decimal("45000"), pharmacy=PHARMACY, phone=PHONE,
                  receipt=PhotoRef("file-id", "unique-id"))
    receipt = PhotoIn("receipt", "file-id", "unique-id", clean_image(jpeg()))
    with pytest.raises(IntegrityError) as caught:  # the user was never stored: the foreign key refuses it
        await create_complaint(db, CITIZEN, draft, [receipt])
    # As the bot's error handler logs a failure: the message and the traceback.
    logging.getLogger("medcheck.errors").error("update 1 failed", exc_info=caught.value)
    logged = everything_logged(caplog)
    assert "failed" in logged
    for secret in (PHONE, str(CITIZEN), PHARMACY, "Chilonzor"):
        assert secret not in logged, secret


@pytest.fixture(params=["sqlite-polling", "postgres-webhook"])
async def desk_bot(request, tmp_path, botapi):
    kind, mode = request.param.split("-")
    botapi.add_chat(SUPPORT, is_forum=True, title="Support desk")
    async with new_database(kind, tmp_path) as db:
        await upgrade(db)
        await load_directory(db, PACKS)
        async with running_bot(db, mode=mode, server=botapi, support_chat_id=SUPPORT) as running:
            yield running


async def test_a_complaint_at_debug_level_logs_no_phone_and_no_user_id(desk_bot, caplog):
    rb, server = desk_bot, desk_bot.server
    caplog.set_level(logging.DEBUG)
    server.add_user(CITIZEN, language_code="en", first_name="Dilnoza")
    card, check_id = await answer_card(rb, CITIZEN)
    await press(rb, CITIZEN, card, CheckAction(action="complain", check_id=check_id).pack())
    await rb.ask(CITIZEN, "45 000")
    await rb.ask(CITIZEN, PHARMACY)
    await rb.photo(CITIZEN, jpeg())
    await rb.ask(CITIZEN, label(rb, "en", "complaint-button-skip"))
    server.send_contact(CITIZEN, PHONE)
    _review, summary = await server.wait_for(CITIZEN, count=2)
    [ack] = await press(rb, CITIZEN, summary, ComplaintStep(action="send").pack())
    assert "received" in ack.text
    await server.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == SUPPORT)  # the desk has it
    logged = everything_logged(caplog)
    assert LOG_LINE.search(logged)  # the bot did log at DEBUG
    for secret in (PHONE, PHONE[1:], str(CITIZEN), "Dilnoza", PHARMACY):
        assert secret not in logged, secret


async def test_the_user_id_in_the_log_line_is_a_keyed_hash(botapi, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="medcheck.updates")
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    hashes = []
    try:
        await upgrade(db)
        for key in ("first-log-key", "second-log-key"):
            async with running_bot(db, server=botapi, log_hash_key=key) as tg:
                await tg.ask(CITIZEN, "/start")
                for _ in range(100):  # the line is written a moment after the reply
                    if LOG_LINE.search(caplog.text):
                        break
                    await asyncio.sleep(0.05)
            [user] = LOG_LINE.findall(caplog.text)
            hashes.append(user)
            caplog.clear()
    finally:
        await db.close()
    unsalted = hashlib.sha256(str(CITIZEN).encode()).hexdigest()
    assert all(re.fullmatch(r"[0-9a-f]{10}", h) and h not in unsalted for h in hashes)
    assert hashes[0] != hashes[1]  # without the key, the hash says nothing
