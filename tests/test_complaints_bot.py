"""Complaints end to end: citizens and staff talk to the real bot through the local Bot API server.

The support chat is a forum supergroup on the server; the desk job posts each complaint in a topic
of its own and carries staff answers back. Runs on SQLite by long polling and on PostgreSQL by webhook.
"""
from __future__ import annotations

import asyncio
import csv
import io
import time
from contextlib import asynccontextmanager
from datetime import timedelta
from types import SimpleNamespace

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from PIL import Image
from sqlalchemy import select, text, update

from bot.fsm_storage import FsmRecord
from complaints import outbox
from complaints.models import Complaint, ComplaintEvent, ComplaintPhoto
from core.clock import utcnow
from core.i18n import Translator
from core.migrate import upgrade
from handlers.callbacks import CheckAction, ComplaintStep, DeskAction
from register.demo import load_directory
from tests.conftest import PACKS, SAMPLES_TODAY, new_database
from tests.harness import BotProcess, RunningBot, running_bot
from verification.history import record_check
from verification.service import verify_text

SUPPORT = -1001500000001
ADMIN, AGENT, CITIZEN, STRANGER = 900001, 900002, 700001, 700009
PARACETAMOL = "010478018159083021r3.J1TWDtkwtD\x1d915LQS\x1d92as1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po+79="


# ----------------------------------------------------------------------------- fixtures and helpers

class DeskEnv:
    """A database with the sample register, the server with a forum support chat, and a way to (re)start the bot."""

    def __init__(self, db, server, mode):
        self.db, self.server, self.mode = db, server, mode
        server.add_chat(SUPPORT, is_forum=True, title="Support desk")

    @asynccontextmanager
    async def bot(self):
        async with running_bot(self.db, mode=self.mode, server=self.server, support_chat_id=SUPPORT,
                               admin_ids=frozenset({ADMIN})) as running:
            yield running


@pytest.fixture(params=["sqlite-polling", "postgres-webhook"])
async def desk_env(request, tmp_path, botapi, monkeypatch):
    monkeypatch.setattr(outbox, "BACKOFF_BASE_S", 0.05)  # retries in tenths of a second, not minutes
    kind, mode = request.param.split("-")
    async with new_database(kind, tmp_path) as db:
        await upgrade(db)
        await load_directory(db, PACKS)
        yield DeskEnv(db, botapi, mode)


@pytest.fixture
async def desk(desk_env):
    async with desk_env.bot() as running:
        yield running


def jpeg(color=(240, 240, 240), size=(320, 480), gps: bool = False) -> bytes:
    img = Image.new("RGB", size, color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "SecretPhone"
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1], gps_ifd[2], gps_ifd[3], gps_ifd[4] = "N", (41.0, 18.0, 30.0), "E", (69.0, 16.0, 45.0)
        img.save(out, "JPEG", exif=exif.tobytes())
    else:
        img.save(out, "JPEG")
    return out.getvalue()


def label(rb, lang: str, key: str) -> str:
    return rb.services.i18n(lang, key)


async def answer_card(rb, user_id: int, code: str = PARACETAMOL):
    """What the check conversation leaves behind: a check in the history and its card with our buttons."""
    from core.users import touch_user
    await touch_user(rb.services.db, user_id, rb.server.add_user(user_id)["language_code"], "en", frozenset())
    [result] = await verify_text(rb.services.db, code, SAMPLES_TODAY)
    check_id = await record_check(rb.services.db, user_id, result)
    buttons = [[InlineKeyboardButton(text=action, callback_data=CheckAction(action=action, check_id=check_id).pack())]
               for action in ("complain", "report")]
    await rb.bot.send_message(user_id, "card", reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons))
    [card] = await rb.server.wait_for(user_id)
    return card, check_id


async def press(rb, user_id: int, message, data: str, count: int = 1):
    rb.server.press_button(user_id, message, data)
    return await rb.server.wait_for(user_id, count=count)


async def press_for_answer(server, user_id: int, message, data: str):
    """Press a button and return how the bot answered that very callback query."""
    query_id = server.press_button(user_id, message, data)["callback_query"]["id"]
    [answer] = await server.wait_for(
        lambda c: c.method == "answerCallbackQuery" and str(c.params["callback_query_id"]) == query_id)
    return answer.params


async def file_price_complaint(rb, user_id: int, lang: str = "en", paid: str = "45 000",
                               pharmacy: str = "Dorixona 36, Chilonzor 5") -> list:
    """The shortest happy path from the card; returns the acknowledgement."""
    summary = await summary_of_a_price_complaint(rb, user_id, lang, paid, pharmacy)
    return await press(rb, user_id, summary, ComplaintStep(action="send").pack())


async def summary_of_a_price_complaint(rb, user_id: int, lang: str = "en", paid: str = "45 000",
                                       pharmacy: str = "Dorixona 36, Chilonzor 5"):
    """Every question answered: the summary with its Send button."""
    card, check_id = await answer_card(rb, user_id)
    await press(rb, user_id, card, CheckAction(action="complain", check_id=check_id).pack())
    await rb.ask(user_id, paid)
    await rb.ask(user_id, pharmacy)
    await rb.photo(user_id, jpeg())
    await rb.ask(user_id, label(rb, lang, "complaint-button-skip"))
    _review, summary = await rb.ask(user_id, label(rb, lang, "complaint-button-skip"), count=2)
    return summary


def to_support(method: str):
    return lambda c: c.method == method and c.chat_id == SUPPORT


async def complaint_row(db, complaint_id: int = 1) -> Complaint:
    async with db.session() as session:
        return await session.get(Complaint, complaint_id)


async def until(predicate, timeout: float = 10.0):
    """Poll an async condition (for state the server does not announce, like a failed call)."""
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.05)


# ----------------------------------------------------------------------------- the citizen

async def test_price_complaint_from_the_card_every_step_and_its_bad_input(desk):
    rb, server = desk, desk.server
    server.add_user(CITIZEN, language_code="en")
    card, check_id = await answer_card(rb, CITIZEN)
    [question] = await press(rb, CITIZEN, card, CheckAction(action="complain", check_id=check_id).pack())
    assert "Paracetamol-UZ" in question.text and "27 000 soʻm" in question.text
    keyboard = question.params["reply_markup"]["keyboard"]
    assert [b["text"] for b in keyboard[-1]] == ["✖️ Cancel"]  # the first question has no way back

    for bad, answer in (("abc", "as a number"), ("0", "cannot be zero"), ("-45000", "cannot be negative"),
                        ("999999999999", "too large"), ("45 000 dollars", "as a number"),
                        ("0.001", "at most two digits after the point")):
        [reply] = await rb.ask(CITIZEN, bad)
        assert answer in reply.text, bad
    [reply] = await rb.photo(CITIZEN, jpeg())
    assert "as a number" in reply.text

    [pharmacy] = await rb.ask(CITIZEN, "45 000 сум")
    assert "Which pharmacy" in pharmacy.text
    assert pharmacy.params["reply_markup"]["keyboard"][0][0]["request_location"] is True
    [reply] = await rb.photo(CITIZEN, jpeg())
    assert "name and address" in reply.text
    [reply] = await rb.ask(CITIZEN, "ab")
    assert "name and address" in reply.text
    [receipt_q] = await rb.ask(CITIZEN, "Dorixona 36, Chilonzor 5")
    assert "photo of the receipt" in receipt_q.text

    [reply] = await rb.ask(CITIZEN, "it is in my pocket")
    assert "I need a photo of the receipt" in reply.text
    server.send_document(CITIZEN, b"%PDF-1.4 a receipt", "receipt.pdf")
    [reply] = await server.wait_for(CITIZEN)
    assert "not an image" in reply.text
    server.send_document(CITIZEN, b"\xff\xd8 broken", "receipt.jpg", mime_type="image/jpeg")
    [reply] = await server.wait_for(CITIZEN)
    assert "not an image" in reply.text
    server.send_document(CITIZEN, jpeg(gps=True), "receipt.jpg", mime_type="image/jpeg")
    [pack_q] = await server.wait_for(CITIZEN)
    assert "photo of the pack" in pack_q.text

    [reply] = await rb.ask(CITIZEN, "no photo")
    assert "Skip" in reply.text
    [phone_q] = await rb.ask(CITIZEN, "skip")  # typed, not pressed: the button's word is enough
    assert phone_q.params["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    [reply] = await rb.ask(CITIZEN, "+998901234567")
    assert "Share my phone number" in reply.text
    server.send_contact(CITIZEN, "+998901112233", contact_user_id=555)
    [reply] = await server.wait_for(CITIZEN)
    assert "your own number" in reply.text
    server.send_contact(CITIZEN, "+998901234567")
    review, summary = await server.wait_for(CITIZEN, count=2)
    assert review.params["reply_markup"] == {"remove_keyboard": True}
    for part in ("Price above the maximum", "Paid: 45 000 soʻm", "18 000 soʻm (66.7%) above",
                 "Dorixona 36, Chilonzor 5", "+998901234567", "Photo of the receipt"):
        assert part in summary.text, part

    [reply] = await rb.ask(CITIZEN, "ok send it")
    assert "Send the complaint" in reply.text
    await server.wait_for(CITIZEN)  # the summary again, with its buttons
    [ack] = await press(rb, CITIZEN, summary, ComplaintStep(action="send").pack())
    assert "Complaint No. 1 received" in ack.text
    assert "18 000 soʻm (66.7%) above the maximum price of 27 000 soʻm" in ack.text

    # Stored before it was acknowledged: the complaint, its receipt bytes (EXIF gone) and file ids.
    row = await complaint_row(rb.services.db)
    assert (row.kind, row.status, str(row.price_paid), str(row.max_price), row.price_verdict) == (
        "overprice", "new", "45000.00", "27000.00", "over_cap")
    assert (row.pharmacy, row.phone, row.gtin, row.batch) == (
        "Dorixona 36, Chilonzor 5", "+998901234567", "04780181590830", "V31583")
    async with rb.services.db.session() as session:
        [photo] = (await session.scalars(select(ComplaintPhoto))).all()
    assert photo.role == "receipt" and photo.file_id and photo.file_unique_id
    stored = Image.open(io.BytesIO(photo.data))
    assert not stored.getexif() and b"SecretPhone" not in photo.data

    # The desk: a topic of its own, the receipt (our clean copy) and the card with the staff buttons.
    [topic] = await server.wait_for("createForumTopic")
    assert topic.params["name"].startswith("No. 1 · Price above the maximum · Paracetamol-UZ")
    [posted_photo] = await server.wait_for(to_support("sendPhoto"))
    assert posted_photo.params["message_thread_id"] == topic.result["message_thread_id"]
    assert b"SecretPhone" not in next(iter(posted_photo.files.values()))
    [desk_card] = await server.wait_for(to_support("sendMessage"))
    assert "Complaint No. 1" in desk_card.text and "over by 18 000 UZS (66.7%)" in desk_card.text
    buttons = [b["callback_data"] for row_ in desk_card.message["reply_markup"]["inline_keyboard"] for b in row_]
    assert buttons == [DeskAction(action=a, complaint_id=1).pack() for a in ("take", "answer", "close", "reject")]
    await until(lambda: _desk_state(rb.services.db, "posted"))

    [listing] = await rb.ask(CITIZEN, "/complaints")
    assert "No. 1" in listing.text and "received" in listing.text


async def _desk_state(db, state: str, complaint_id: int = 1) -> bool:
    row = await complaint_row(db, complaint_id)
    return row is not None and row.desk_state == state


async def test_a_price_within_the_cap_is_accepted_and_marked(desk):
    desk.server.add_user(CITIZEN, language_code="en")
    [ack] = await file_price_complaint(desk, CITIZEN, paid="25000")
    assert "within the maximum price of 27 000 soʻm" in ack.text and "marked as a price within" in ack.text
    assert (await complaint_row(desk.services.db)).price_verdict == "within_cap"


async def test_complaint_by_name_with_back_and_cancel(desk):
    rb = desk
    rb.server.add_user(CITIZEN, language_code="en")
    [question] = await rb.ask(CITIZEN, "/complaint")
    assert "Which medicine" in question.text
    [reply] = await rb.ask(CITIZEN, "zzqqxx")
    assert "found no medicine" in reply.text
    [picks] = await rb.ask(CITIZEN, "paracetamol")
    first = picks.message["reply_markup"]["inline_keyboard"][0][0]
    assert "Paracetamol-UZ" in first["text"] and "27 000" in first["text"]
    [price_q] = await press(rb, CITIZEN, picks, first["callback_data"])
    assert "27 000 soʻm" in price_q.text
    assert [b["text"] for b in price_q.params["reply_markup"]["keyboard"][-1]] == ["⬅️ Back", "✖️ Cancel"]
    [pharmacy_q] = await rb.ask(CITIZEN, "30000")
    [price_again] = await rb.ask(CITIZEN, "⬅️ Back")
    assert "How much did you pay" in price_again.text
    [back_to_name] = await rb.ask(CITIZEN, "⬅️ Back")
    assert "Which medicine" in back_to_name.text
    [reply] = await rb.ask(CITIZEN, "✖️ Cancel")
    assert "cancelled" in reply.text and reply.params["reply_markup"] == {"remove_keyboard": True}
    [reply] = await rb.ask(CITIZEN, "/cancel")
    assert "nothing to cancel" in reply.text
    [listing] = await rb.ask(CITIZEN, "/complaints")
    assert "not sent any complaints" in listing.text
    async with rb.services.db.session() as session:
        assert (await session.scalars(select(Complaint))).all() == []
    # A name given with the command searches at once; a stale pick button is refused.
    [picks_again] = await rb.ask(CITIZEN, "/complaint paracetamol")
    assert picks_again.message["reply_markup"]["inline_keyboard"]
    await rb.ask(CITIZEN, "/cancel")
    stale = picks_again.message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    answer = await press_for_answer(rb.server, CITIZEN, picks_again, stale)
    assert answer["show_alert"] is True and "no longer active" in answer["text"]


async def test_a_search_of_a_whole_page_of_words_gets_an_answer(desk):
    """1 360 words (as much as a message holds): searched by their first few, not an error from SQLite."""
    desk.server.add_user(CITIZEN, language_code="en")
    await desk.ask(CITIZEN, "/complaint")
    letters = "abcdefghijklmnopqrstuvwxyz"
    page = " ".join(letters[n % 26] + letters[n // 26 % 26] for n in range(1360))
    [reply] = await desk.ask(CITIZEN, page)
    assert "found no medicine" in reply.text


async def test_complaint_from_a_photo_of_the_pack(desk):
    rb = desk
    rb.server.add_user(CITIZEN, language_code="en")
    await rb.ask(CITIZEN, "/complaint")
    [reply] = await rb.photo(CITIZEN, jpeg())
    assert "could not read a code" in reply.text
    [price_q] = await rb.photo(CITIZEN, (PACKS / "photos" / "pack_002.jpg").read_bytes())
    assert "Amoksiklav" in price_q.text and "39 000 soʻm" in price_q.text


async def test_report_a_problem_with_the_pack_skips_the_price(desk):
    rb, server = desk, desk.server
    server.add_user(CITIZEN, language_code="en")
    card, check_id = await answer_card(rb, CITIZEN)
    [kinds] = await press(rb, CITIZEN, card, CheckAction(action="report", check_id=check_id).pack())
    assert "What is wrong with this pack" in kinds.text
    [again] = await rb.ask(CITIZEN, "it is fake")
    assert "choose one of the buttons" in again.text
    [pharmacy_q] = await press(rb, CITIZEN, again, ComplaintStep(action="kind", value="counterfeit").pack())
    assert "Which pharmacy" in pharmacy_q.text
    server.send_location(CITIZEN, 41.311081, 69.240562)
    await server.wait_for(CITIZEN)
    await rb.photo(CITIZEN, jpeg((255, 255, 255)))
    [phone_q] = await rb.photo(CITIZEN, jpeg((10, 10, 10)))
    _review, summary = await rb.ask(CITIZEN, "Skip ➡️", count=2)
    assert "Suspected counterfeit" in summary.text and "Paid" not in summary.text
    assert "41.31108, 69.24056" in summary.text and "receipt and the pack" in summary.text
    [phone_again] = await press(rb, CITIZEN, summary, ComplaintStep(action="back").pack())
    assert phone_again.text == phone_q.text
    [pack_again] = await rb.ask(CITIZEN, "⬅️ Back")
    assert "photo of the pack" in pack_again.text
    await rb.ask(CITIZEN, "Skip ➡️")
    _review, summary = await rb.ask(CITIZEN, "SKIP", count=2)
    assert "Photo of the receipt" in summary.text  # the pack photo was skipped this time
    [ack] = await press(rb, CITIZEN, summary, ComplaintStep(action="send").pack())
    assert "Complaint No. 1 received" in ack.text and "maximum" not in ack.text
    row = await complaint_row(rb.services.db)
    assert (row.kind, row.price_paid, row.pharmacy, round(row.latitude, 4)) == ("counterfeit", None, None, 41.3111)
    [topic] = await server.wait_for("createForumTopic")
    assert "Suspected counterfeit" in topic.params["name"]


async def test_a_restart_in_the_middle_of_the_conversation_loses_nothing(desk_env):
    server = desk_env.server
    server.add_user(CITIZEN, language_code="ru")
    async with desk_env.bot() as rb:
        card, check_id = await answer_card(rb, CITIZEN)
        await press(rb, CITIZEN, card, CheckAction(action="complain", check_id=check_id).pack())
        [pharmacy_q] = await rb.ask(CITIZEN, "45 000")
        assert "В какой аптеке" in pharmacy_q.text
    async with desk_env.bot() as rb:  # a new process: the conversation is where it was
        [receipt_q] = await rb.ask(CITIZEN, "Аптека №1, ул. Навои 10")
        assert "фото чека" in receipt_q.text
        await rb.photo(CITIZEN, jpeg())
        await rb.ask(CITIZEN, "Пропустить ➡️")
        _review, summary = await rb.ask(CITIZEN, "пропустить", count=2)
        assert "Оплачено: 45 000 сум" in summary.text
        [ack] = await press(rb, CITIZEN, summary, ComplaintStep(action="send").pack())
        assert "Жалоба № 1 принята" in ack.text
        await server.wait_for(to_support("sendMessage"))


async def test_control_characters_in_typed_text_are_dropped_not_fatal(desk):
    """PostgreSQL refuses a NUL in text: what citizens and staff type is kept without control characters."""
    rb, server = desk, desk.server
    server.add_user(CITIZEN, language_code="en")
    [picks] = await rb.ask(CITIZEN, "/complaint para\x00cetamol")
    assert "Paracetamol-UZ" in picks.message["reply_markup"]["inline_keyboard"][0][0]["text"]
    await rb.ask(CITIZEN, "/cancel")
    [ack] = await file_price_complaint(rb, CITIZEN, pharmacy="Dorixona\x00 36,\x07 Chilonzor\x1b 5\x7f")
    assert "Complaint No. 1 received" in ack.text
    assert (await complaint_row(rb.services.db)).pharmacy == "Dorixona 36, Chilonzor 5"
    [card] = await server.wait_for(to_support("sendMessage"))
    server.send_in_topic(SUPPORT, card.params["message_thread_id"], ADMIN, "We checked\x00 the pharmacy.")
    [answer] = await server.wait_for(CITIZEN)
    assert "We checked the pharmacy." in answer.text
    async with rb.services.db.session() as session:
        texts = (await session.scalars(select(ComplaintEvent.text).where(ComplaintEvent.kind == "answer"))).all()
    assert texts == ["We checked the pharmacy."]


async def test_send_tapped_twice_stores_one_complaint_and_the_second_tap_is_stale(desk):
    """The dispatcher's event isolation: the second tap waits for the first and finds the conversation over."""
    rb, server = desk, desk.server
    server.add_user(CITIZEN, language_code="en")
    summary = await summary_of_a_price_complaint(rb, CITIZEN)
    taps = {str(server.press_button(CITIZEN, summary, ComplaintStep(action="send").pack())["callback_query"]["id"])
            for _ in range(2)}
    answers = await server.wait_for(
        lambda c: c.method == "answerCallbackQuery" and str(c.params["callback_query_id"]) in taps, count=2)
    assert sorted(a.params.get("text") or "" for a in answers) == ["", label(rb, "en", "complaint-expired")]
    [ack] = await server.wait_for(CITIZEN)
    assert "Complaint No. 1 received" in ack.text
    await server.wait_for(to_support("sendMessage"))
    await asyncio.sleep(0.5)  # time for anything sent twice to show up
    assert len([c for c in server.sent if c.chat_id == CITIZEN and "received" in (c.text or "")]) == 1
    async with rb.services.db.session() as session:
        assert len((await session.scalars(select(Complaint))).all()) == 1


async def test_a_database_error_at_confirmation_is_polite_and_keeps_the_draft(desk):
    rb, server, db = desk, desk.server, desk.services.db
    server.add_user(CITIZEN, language_code="en")
    summary = await summary_of_a_price_complaint(rb, CITIZEN)
    async with db.engine.begin() as conn:  # the photos' table is away for a moment: a real database error
        await conn.execute(text("ALTER TABLE complaint_photos RENAME TO complaint_photos_away"))
    answer = await press_for_answer(server, CITIZEN, summary, ComplaintStep(action="send").pack())
    assert answer["text"] == label(rb, "en", "service-unavailable") and answer["show_alert"] is True
    async with db.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE complaint_photos_away RENAME TO complaint_photos"))
    [ack] = await press(rb, CITIZEN, summary, ComplaintStep(action="send").pack())  # the draft waited: Send again
    assert "received" in ack.text
    assert not [c for c in server.sent if c.chat_id == CITIZEN and "went wrong" in (c.text or "")]
    async with db.session() as session:
        assert len((await session.scalars(select(Complaint))).all()) == 1


# ----------------------------------------------------------------------------- the support chat is down

async def test_complaints_wait_while_the_support_chat_is_unreachable(desk_env):
    server, db = desk_env.server, desk_env.db
    server.add_user(CITIZEN, language_code="en")
    server.make_chat_unreachable(SUPPORT)
    async with desk_env.bot() as rb:
        [ack] = await file_price_complaint(rb, CITIZEN)
        assert "Complaint No. 1 received" in ack.text  # the citizen is not kept waiting
        await until(lambda: _attempts(db, 2))
        row = await complaint_row(db)
        assert row.desk_state == "pending" and "chat not found" in row.desk_error
    assert not [c for c in server.calls if c.chat_id == SUPPORT and c.ok]
    # Stopping handed the row back: no two-minute lease is left for the next start to wait out.
    assert (await complaint_row(db)).desk_next_at < utcnow() + timedelta(seconds=30)
    server.make_chat_reachable(SUPPORT)  # the chat is back
    async with desk_env.bot() as rb:
        await server.wait_for("createForumTopic")
        await server.wait_for(to_support("sendMessage"))
        await until(lambda: _desk_state(db, "posted"))


async def _attempts(db, at_least: int) -> bool:
    return (await complaint_row(db)).desk_attempts >= at_least


async def test_a_failing_topic_is_retried_and_posted_once(desk):
    server = desk.server
    server.add_user(CITIZEN, language_code="en")
    server.fail_next("createForumTopic", 400, "Bad Request: chat not found", count=2)
    await file_price_complaint(desk, CITIZEN)
    await server.wait_for(to_support("sendMessage"))
    assert [c.ok for c in server.calls if c.method == "createForumTopic"] == [False, False, True]
    await until(lambda: _desk_state(desk.services.db, "posted"))
    assert (await complaint_row(desk.services.db)).desk_attempts == 2


async def test_flood_control_retry_after_is_respected(desk):
    server = desk.server
    server.add_user(CITIZEN, language_code="en")
    server.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", chat_id=SUPPORT)
    await file_price_complaint(desk, CITIZEN)
    [card] = await server.wait_for(to_support("sendMessage"))
    refused = next(c for c in server.calls if c.method == "sendMessage" and c.chat_id == SUPPORT and not c.ok)
    assert card.at - refused.at >= 0.95  # waited as told, not sooner
    # One topic and one photo: the retry continued where it stopped instead of starting over.
    assert sum(c.ok for c in server.calls if c.method == "createForumTopic") == 1
    assert sum(c.ok for c in server.calls if c.method == "sendPhoto") == 1
    assert (await complaint_row(desk.services.db)).desk_attempts == 0  # a pause asked for is no failure


# ----------------------------------------------------------------------------- killed right after Send

async def fsm_rows(db, user_id: int) -> list[tuple]:
    async with db.session() as session:
        return (await session.execute(select(FsmRecord.key, FsmRecord.state, FsmRecord.data)
                                      .where(FsmRecord.key.contains(f":{user_id}:")))).all()


async def put_back(db, rows: list[tuple]) -> None:
    """The conversation as it was before Send: the kill fell before it was cleared."""
    async with db.session() as session:
        for key, state, data in rows:
            await session.merge(FsmRecord(key=key, state=state, data=data))
        await session.commit()


async def leases_run_out(db) -> None:
    """Two minutes on: what the killed process had claimed is free for the next one."""
    async with db.session() as session:
        await session.execute(update(Complaint).where(Complaint.desk_state != "posted").values(desk_next_at=utcnow()))
        await session.execute(update(ComplaintEvent).where(ComplaintEvent.delivery == "pending")
                              .values(next_at=utcnow()))
        await session.commit()


async def test_killed_right_after_send_the_citizen_is_told_once_and_the_desk_gets_one_topic(desk_env, tmp_path):
    """`kill -9` once the complaint is stored and before anything reached Telegram, then a new process.

    The citizen saw nothing and presses Send again. "kept": the kill fell before the conversation was
    cleared, so that Send is live again; "cleared": after, so it is only a stale button. Each database
    takes one of the two (two process starts each: the suite's time). The process polls for updates
    whatever the fixture's mode; the fixture gives the database and the server.
    """
    conversation = "kept" if desk_env.mode == "webhook" else "cleared"
    server, db = desk_env.server, desk_env.db
    server.add_user(CITIZEN, language_code="en")
    settings = dict(SUPPORT_CHAT_ID=str(SUPPORT), ADMIN_IDS=str(ADMIN))
    log = tmp_path / "bot.log"
    client = Bot(server.token, session=server.aiogram_session(), default=DefaultBotProperties(parse_mode="HTML"))
    rb = RunningBot(server, SimpleNamespace(db=db, i18n=Translator()), client, None, "process")
    first, second = BotProcess(server, db, log, **settings), BotProcess(server, db, log, **settings)
    try:
        await first.start()
        summary = await summary_of_a_price_complaint(rb, CITIZEN)
        before_send = await fsm_rows(db, CITIZEN)
        server.hold(lambda method, params: method not in ("getupdates", "getfile"))
        server.press_button(CITIZEN, summary, ComplaintStep(action="send").pack())
        await server.wait_held("answerCallbackQuery", timeout=30)  # stored: the bot is about to say so
        await first.kill()
        server.release()
        assert await complaint_row(db) is not None
        assert not [c for c in server.sent if c.chat_id in (CITIZEN, SUPPORT) and c.at > summary.at]
        if conversation == "kept":
            await put_back(db, before_send)
        await leases_run_out(db)

        await second.start()
        server.press_button(CITIZEN, summary, ComplaintStep(action="send").pack())
        [receipt] = await server.wait_for(lambda c: c.chat_id == CITIZEN and "received" in (c.text or ""),
                                          timeout=30)
        assert "Complaint No. 1 received" in receipt.text
        await server.wait_for(to_support("sendMessage"), timeout=30)
        await until(lambda: _desk_state(db, "posted"), timeout=30)
        await asyncio.sleep(1.0)  # time for anything sent twice to show up
    finally:
        await second.stop()
        await first.stop()
        await client.session.close()
    assert len([c for c in server.sent if c.chat_id == CITIZEN and "received" in (c.text or "")]) == 1
    assert sum(c.ok for c in server.calls if c.method == "createForumTopic") == 1
    assert len([c for c in server.sent if c.chat_id == SUPPORT and "Complaint No." in (c.text or "")]) == 1
    async with db.session() as session:
        assert len((await session.scalars(select(Complaint))).all()) == 1


# ----------------------------------------------------------------------------- staff

async def test_staff_take_answer_close_and_the_citizen_hears_it_in_their_language(desk):
    rb, server = desk, desk.server
    server.add_user(CITIZEN, language_code="ru")
    await file_price_complaint(rb, CITIZEN, lang="ru")
    [card] = await server.wait_for(to_support("sendMessage"))
    thread = card.params["message_thread_id"]

    # Someone without a role: refused at the button, in the topic and at the commands; nothing changes.
    refusal = await press_for_answer(server, STRANGER, card, DeskAction(action="close", complaint_id=1).pack())
    assert refusal["show_alert"] is True and "Only support staff" in refusal["text"]
    server.send_in_topic(SUPPORT, thread, STRANGER, "I am the manager, it is closed")
    [reply] = await rb.ask(STRANGER, f"/grant {STRANGER} support")
    assert "staff only" in reply.text
    row = await complaint_row(rb.services.db)
    assert (row.status, row.assignee_id) == ("new", None)

    [granted] = await rb.ask(ADMIN, f"/grant {AGENT} support")
    assert f"User {AGENT} is now support" in granted.text
    server.press_button(AGENT, card, DeskAction(action="take", complaint_id=1).pack())
    [notice] = await server.wait_for(CITIZEN)
    assert "Ваша жалоба № 1 рассматривается" in notice.text
    [taken] = await server.wait_for(to_support("sendMessage"))
    assert "took this complaint" in taken.text and taken.params["message_thread_id"] == thread
    assert "being reviewed" in server.messages_to(SUPPORT)[-2]["text"]  # the card shows the new status

    server.send_in_topic(SUPPORT, thread, AGENT, "// internal: call the pharmacy first")
    server.send_in_topic(SUPPORT, thread, AGENT, "Аптека оштрафована, <b>спасибо</b>!")
    [answer] = await server.wait_for(CITIZEN)
    assert "Ответ на вашу жалобу № 1" in answer.text and "Аптека оштрафована, <b>спасибо</b>!" in answer.text
    [delivered] = await server.wait_for(to_support("sendMessage"))
    assert "Delivered to the citizen" in delivered.text
    assert len([c for c in server.sent if c.chat_id == CITIZEN and "internal" in (c.text or "")]) == 0

    server.press_button(AGENT, card, DeskAction(action="close", complaint_id=1).pack())
    [closed] = await server.wait_for(CITIZEN)
    assert "Ваша жалоба № 1 закрыта" in closed.text
    await until(lambda: _no_buttons(server, card))
    server.send_in_topic(SUPPORT, thread, AGENT, "one more thing")
    [refused] = await server.wait_for(to_support("sendMessage"))
    assert "already closed" in refused.text
    [listing] = await rb.ask(CITIZEN, "/complaints")
    assert "закрыта" in listing.text and "Аптека оштрафована" in listing.text
    assert not [c for c in server.sent if c.chat_id == CITIZEN and "one more thing" in (c.text or "")]
    row = await complaint_row(rb.services.db)
    assert (row.status, row.assignee_id) == ("closed", AGENT)

    [revoked] = await rb.ask(ADMIN, f"/revoke {AGENT}")
    assert "citizen again" in revoked.text


async def _no_buttons(server, card) -> bool:
    current = server._messages[(SUPPORT, card.message["message_id"])]
    return "reply_markup" not in current


async def test_roles_only_admins_grant_and_only_known_roles(desk):
    rb = desk
    [reply] = await rb.ask(ADMIN, "/grant")
    assert "Usage" in reply.text
    [reply] = await rb.ask(ADMIN, f"/grant {AGENT} admin")
    assert "cannot be granted" in reply.text
    [reply] = await rb.ask(ADMIN, f"/revoke {ADMIN}")
    assert "ADMIN_IDS" in reply.text
    [reply] = await rb.ask(ADMIN, "/revoke 123")
    assert "no such user" in reply.text
    await rb.ask(ADMIN, f"/grant {AGENT} operator")
    [reply] = await rb.ask(AGENT, f"/grant {STRANGER} support")  # operators do not grant
    assert "staff only" in reply.text


async def test_export_is_a_csv_for_staff_only(desk):
    rb, server = desk, desk.server
    server.add_user(CITIZEN, language_code="en")
    await file_price_complaint(rb, CITIZEN)
    await file_price_complaint(rb, CITIZEN, paid="20 000")
    [reply] = await rb.ask(STRANGER, "/export")
    assert "staff only" in reply.text
    await rb.ask(ADMIN, f"/grant {AGENT} operator")
    [reply] = await rb.ask(AGENT, "/export since=yesterday")
    assert "since" in reply.text and "Usage" in reply.text
    [doc] = await rb.ask(AGENT, "/export status=new product=Paracetamol")
    assert doc.method == "sendDocument" and doc.text == "Complaints: 2"
    rows = list(csv.DictReader(io.StringIO(server.file_bytes(doc.result["document"]["file_id"]).decode("utf-8-sig"))))
    assert [(r["id"], r["price_paid"], r["price_verdict"], r["excess"]) for r in rows] == [
        ("1", "45000.00", "over_cap", "18000.00"), ("2", "20000.00", "within_cap", "0.00")]
    assert rows[0]["pharmacy"] == "Dorixona 36, Chilonzor 5" and rows[0]["gtin"] == "04780181590830"
    [doc] = await rb.ask(AGENT, "/export status=closed")
    assert doc.text == "Complaints: 0"


async def test_an_answer_the_citizen_cannot_receive_is_reported_in_the_topic(desk):
    rb, server = desk, desk.server
    server.add_user(CITIZEN, language_code="en")
    await file_price_complaint(rb, CITIZEN)
    [card] = await server.wait_for(to_support("sendMessage"))
    server.block_user(CITIZEN)
    server.send_in_topic(SUPPORT, card.params["message_thread_id"], ADMIN, "We checked the pharmacy.")
    [report] = await server.wait_for(to_support("sendMessage"))
    assert "Not delivered" in report.text and report.params["message_thread_id"] == card.params["message_thread_id"]
    async with rb.services.db.session() as session:
        from core.users import get_user
        assert (await get_user(session, CITIZEN)).active is False
    async with rb.services.db.session() as session:
        [event] = (await session.scalars(select(ComplaintEvent).where(ComplaintEvent.kind == "answer"))).all()
    assert (event.kind, event.delivery, event.text) == ("answer", "failed", "We checked the pharmacy.")
