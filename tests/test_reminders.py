"""Expiry reminders end to end: the real bot (SQLite + polling, PostgreSQL + webhook), the schedule driven by `now`.

A citizen asks from the card; /reminders lists and cancels. The sender (bot/jobs/reminders.py) sends
the nearest due reminder of each pack in the reader's language, naming medicine and batch, and says
when the batch was recalled meanwhile; a user who blocked the bot is marked and not tried again.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.jobs.reminders import send_once
from core.i18n import Translator
from core.users import User
from register.models import Recall
from tests.botapi.server import parse_html
from tests.conftest import PACKS, SAMPLES_TODAY
from tests.test_recalls import feed_recalls_issued
from verification.models import ExpiryReminder
from verification.reminders import due_at

I18N = Translator()
GTIN = "04784911862525"
CODES = {json.loads(line)["code"].split("\x1d")[0][18:]: json.loads(line)["code"]
         for line in (PACKS / "photos.jsonl").read_text().splitlines() if GTIN in line}
A71448 = CODES["getH8LmyqoYMa"]  # Ceftriakson, batch A71448, expires 23.01.2028 (its code status says)
R77001 = CODES["PZ6zfKN7xVGkj"]  # Ceftriakson, batch R77001 (recalled by the feed), expires 11.03.2028
EXPIRY = date(2028, 1, 23)


def words(lang: str, key: str, **args) -> str:
    return parse_html(I18N(lang, key, **args))[0]


def button(call, label: str) -> str:
    for row in call.message["reply_markup"]["inline_keyboard"]:
        for b in row:
            if b["text"] == label:
                return b["callback_data"]
    raise AssertionError(f"no button {label!r} in {call.message['reply_markup']}")


def test_a_reminder_is_due_at_ten_where_the_reader_lives():
    assert due_at(EXPIRY, 7, ZoneInfo("Asia/Tashkent")) == datetime(2028, 1, 16, 5, tzinfo=timezone.utc)
    assert due_at(EXPIRY, 1, ZoneInfo("Asia/Bishkek")) == datetime(2028, 1, 22, 4, tzinfo=timezone.utc)


async def remind(tg, user: int, code: str, lang: str):
    """The user checks a pack and taps "Remind me before it expires"; returns the bot's answer."""
    [card] = await tg.ask(user, code, language_code=lang)
    tg.server.press_button(user, card, button(card, words(lang, "button-remind")))
    [answer] = await tg.server.wait_for(user, timeout=15)
    return answer


async def states(db, user: int) -> list[tuple[int, str]]:
    """(days before, state) of the user's reminders for batch A71448."""
    async with db.session() as session:
        rows = await session.execute(select(ExpiryReminder.days_before, ExpiryReminder.state)
                                     .where(ExpiryReminder.user_id == user, ExpiryReminder.batch == "A71448")
                                     .order_by(ExpiryReminder.days_before))
        return [tuple(row) for row in rows]


async def test_reminders_are_set_listed_cancelled_sent_once_and_not_to_who_blocked_the_bot(tg):
    tg.dp["clock"] = lambda zone: SAMPLES_TODAY
    db, server, services = tg.services.db, tg.server, tg.services
    await feed_recalls_issued(db)  # else checking the recalled batch R77001 would bring its recall notice too
    told = await remind(tg, 9401, A71448, "en")
    assert told.text == words("en", "reminder-set", expiry="23.01.2028", days="24.12.2027, 16.01.2028, 22.01.2028")
    assert "11.03.2028" in (await remind(tg, 9401, R77001, "en")).text
    [listing] = await tg.ask(9401, "/reminders")
    assert words("en", "reminders-line", name="Ceftriakson", batch="A71448", expiry="23.01.2028",
                 days="24.12.2027, 16.01.2028, 22.01.2028") in listing.text and "R77001" in listing.text
    server.press_button(9401, listing, button(listing, words("en", "reminders-button-cancel", name="Ceftriakson")))
    [edited] = await server.wait_for(lambda c: c.method == "editMessageText" and c.chat_id == 9401, timeout=15)
    assert "A71448" not in edited.text and "R77001" in edited.text  # the sooner one is listed first: cancelled
    # Asked again after cancelling: the reminders are back.
    assert (await remind(tg, 9401, A71448, "en")).text == told.text
    # A Russian reader who then blocks the bot; the batch is recalled meanwhile.
    await remind(tg, 9402, A71448, "ru")
    server.block_user(9402)
    async with db.session() as session:
        session.add(Recall(gtin=GTIN, batch="A71448", reason="quality defect", severity="high", source="operator",
                           issued_at=datetime(2027, 6, 1, 7, tzinfo=timezone.utc)))
        await session.commit()

    # Seven days before, the bot was down through the thirty-day one: only the nearest goes, once.
    week_before = datetime(2028, 1, 16, 6, tzinfo=timezone.utc)
    assert await send_once(services, tg.bot, now=week_before) == 1
    [reminder] = await server.wait_for(9401, timeout=5)
    assert reminder.text.startswith(words("en", "reminder-text", name="Ceftriakson", batch="A71448",
                                          expiry="23.01.2028", days=7))
    assert words("en", "reminder-recalled", date="01.06.2027", reason=words("en", "recall-reason-quality-defect")) \
        in reminder.text
    assert await send_once(services, tg.bot, now=week_before) == 0  # sent once
    assert await states(db, 9402) == [(1, "pending"), (7, "blocked"), (30, "sent")]
    async with db.session() as session:
        assert (await session.get(User, 9402)).active is False
    # The day before: the reader is reminded again; the one who blocked the bot is not tried.
    blocked_calls = sum(1 for c in server.calls if c.chat_id == 9402 and not c.ok)
    assert await send_once(services, tg.bot, now=datetime(2028, 1, 22, 6, tzinfo=timezone.utc)) == 1
    [last] = await server.wait_for(9401, timeout=5)
    assert last.text.startswith(words("en", "reminder-text", name="Ceftriakson", batch="A71448",
                                      expiry="23.01.2028", days=1))
    assert sum(1 for c in server.calls if c.chat_id == 9402 and not c.ok) == blocked_calls
    assert await states(db, 9401) == [(1, "sent"), (7, "sent"), (30, "sent")]
