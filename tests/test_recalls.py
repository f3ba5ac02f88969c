"""Recalls end to end: the real bot (SQLite + polling, PostgreSQL + webhook) against the local Bot API server.

An operator's /recall conversation puts a batch out of circulation: the next check of it is red, and
everyone who checked it (and every subscriber) gets the notice once, in their language, from the
sender job that runs inside the bot. Citizens manage their notices with /subscribe, the answer card's
button and /stop.
"""
from __future__ import annotations

import asyncio
import json

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import func, select

from core.i18n import Translator
from core.users import User, set_role
from handlers.callbacks import CheckAction, RecallStep
from recalls.campaigns import RecallOrder, issue
from recalls.models import OutboxRow, RecallCampaign
from register.models import Recall
from tests.botapi.server import parse_html
from tests.conftest import PACKS, SAMPLES_TODAY
from tests.harness import running_bot
from verification.models import Check

I18N = Translator()
GTIN = "04784911862525"
BATCH, OTHER_BATCH, FEED_BATCH = "N98758", "A71448", "R77001"
CODES = {json.loads(line)["code"].split("\x1d")[0][18:]: json.loads(line)["code"]
         for line in (PACKS / "photos.jsonl").read_text().splitlines() if GTIN in line}
CODE_OF_BATCH = CODES["wR/lOEVH:zc0X"]  # a pack of batch N98758 (its batch is on record in the code statuses)
OPERATOR = 9001


def words(lang: str, key: str, **args) -> str:
    """A locale message as the user reads it (HTML parsed away)."""
    return parse_html(I18N(lang, key, **args))[0]


async def citizens(db, spec: dict[int, tuple[str, list[str]]]) -> None:
    """Users who checked packs of the product before: id -> (language, batches checked)."""
    async with db.session() as session:
        for uid, (lang, _batches) in spec.items():
            session.add(User(id=uid, language=lang, language_chosen=True))
        await session.flush()
        for uid, (_lang, batches) in spec.items():
            for batch in batches:
                session.add(Check(user_id=uid, code_text=f"01{GTIN}21Z{uid}", gtin=GTIN, serial=f"Z{uid}",
                                  batch=batch, verdict="green", reasons="in_circulation"))
        await session.commit()


def button(call_or_message, fragment: str) -> str:
    """The callback data of the button whose label contains `fragment`."""
    message = call_or_message.message if hasattr(call_or_message, "message") else call_or_message
    for row in message["reply_markup"]["inline_keyboard"]:
        for b in row:
            if fragment in b["text"]:
                return b["callback_data"]
    raise AssertionError(f"no button with {fragment!r} in {message['reply_markup']}")


async def press(tg, user: int, message, data: str, method: str = "editMessageText"):
    """The user taps a button; returns the bot's next call of `method` in that chat."""
    tg.server.press_button(user, message, data)
    [call] = await tg.server.wait_for(lambda c: c.method == method and c.chat_id == user, timeout=15)
    return call


async def quiet(tg, user: int, seconds: float = 1.0) -> None:
    with pytest.raises(TimeoutError):
        await tg.server.wait_for(user, timeout=seconds)


async def quiet_all(server, users, seconds: float = 1.0) -> None:
    """Nothing more for these users (each was told once)."""
    await asyncio.sleep(seconds)
    assert all(len(server.messages_to(uid)) == 1 for uid in users)


async def recipients(db, campaign_id: int) -> set[int]:
    async with db.session() as session:
        return set((await session.execute(select(OutboxRow.user_id).where(OutboxRow.campaign_id == campaign_id)))
                   .scalars())


async def campaigns(db) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.count()).select_from(RecallCampaign)
                                    .where(RecallCampaign.source == "operator"))


async def feed_recalls_issued(db, timeout: float = 30) -> None:
    """Wait until the sender has issued a campaign for each of the feed's recalls, as it does at start:
    a test that subscribes someone before then would see that person told of the feed's recall too."""
    async with asyncio.timeout(timeout):
        while True:
            async with db.session() as session:
                feed = await session.scalar(select(func.count()).select_from(Recall).where(
                    Recall.source == "feed", Recall.active.is_(True)))
                issued = await session.scalar(select(func.count()).select_from(RecallCampaign).where(
                    RecallCampaign.key.like("feed:%")))
            if issued >= feed:
                return
            await asyncio.sleep(0.05)


@pytest.fixture
async def bot(tg):
    tg.dp["clock"] = lambda zone: SAMPLES_TODAY
    async with tg.services.db.session() as session:
        await set_role(session, OPERATOR, "operator")
    await feed_recalls_issued(tg.services.db)
    return tg


async def test_an_operator_recalls_a_batch_by_gtin_and_everyone_concerned_is_told_once(bot):
    db, server = bot.services.db, bot.server
    checked = {9011: "uz", 9012: "ru", 9013: "ky", 9014: "en"}
    await citizens(db, {uid: (lang, [BATCH]) for uid, lang in checked.items()} | {9016: ("ru", [OTHER_BATCH])})
    [added] = await bot.ask(9015, f"/subscribe {GTIN}")  # a subscriber who never checked it
    assert added.text == words("en", "subscribe-added", name="Ceftriakson")

    [ask] = await bot.ask(OPERATOR, "/recall")
    assert ask.text == words("en", "recall-ask-product")
    [batches] = await bot.ask(OPERATOR, GTIN)
    assert "Ceftriakson" in batches.text and GTIN in batches.text
    toggled = await press(bot, OPERATOR, batches, button(batches, BATCH), "editMessageReplyMarkup")
    assert "✅ N98758" in str(toggled.message["reply_markup"])
    reasons = await press(bot, OPERATOR, toggled, button(toggled, "(1)"))
    assert reasons.text == words("en", "recall-reason-ask")
    severity = await press(bot, OPERATOR, reasons, button(reasons, words("en", "recall-reason-quality-defect")))
    notice_ask = await press(bot, OPERATOR, severity, button(severity, "High"))
    assert notice_ask.text == words("en", "recall-notice-ask")
    [more] = await bot.ask(OPERATOR, "Batch N98758 failed sterility testing. Return it to the pharmacy.")
    uz_ask = await press(bot, OPERATOR, more, button(more, "Oʻzbekcha"))
    assert uz_ask.text == words("en", "recall-notice-lang-ask", language="Oʻzbekcha")
    [more] = await bot.ask(OPERATOR, "N98758 seriyasi sterillik sinovidan oʻtmadi. Dorixonaga qaytaring.")
    preview = await press(bot, OPERATOR, more, button(more, "Preview"))
    # Four who checked the batch and one subscriber; the one who checked another batch is not concerned.
    assert words("en", "recall-preview-audience", total=5, checked=4, subscribed=1, everyone=0) in preview.text
    server.press_button(OPERATOR, preview, button(preview, "Issue the recall"))
    [issued] = await server.wait_for(OPERATOR, timeout=15)
    async with db.session() as session:
        [campaign] = (await session.execute(select(RecallCampaign).where(RecallCampaign.source == "operator"))
                      ).scalars().all()
        [recall] = (await session.execute(select(Recall).where(Recall.source == "operator"))).scalars().all()
    assert issued.text == words("en", "recall-issued", id=campaign.id, total=5)
    assert (recall.gtin, recall.batch, recall.severity, recall.active) == (GTIN, BATCH, "high", True)

    # Each one is told once, in their language; the Uzbek reader gets the Uzbek text.
    for uid, lang in {**checked, 9015: "en"}.items():
        [notice] = await server.wait_for(uid, timeout=20)
        assert words(lang, "recall-notice-title", name="Ceftriakson") in notice.text
        assert words(lang, "recall-reason-quality-defect") in notice.text
        why = "recall-why-subscribed" if uid == 9015 else "recall-why-checked"
        assert words(lang, why) in notice.text
        text = "N98758 seriyasi sterillik" if lang == "uz" else "Batch N98758 failed sterility testing."
        assert text in notice.text
    done = words("en", "recall-report", id=campaign.id, total=5, sent=5, blocked=0, failed=0,
                 duration="0:00").splitlines()[:2]  # the headline and "Delivered: 5 of 5"
    await server.wait_for(lambda c: c.method == "editMessageText" and c.chat_id == OPERATOR
                          and all(line in c.text for line in done), timeout=20)
    await quiet(bot, 9016)
    for uid in (*checked, 9015):
        assert len(server.messages_to(uid)) == (2 if uid == 9015 else 1)  # 9015 also got "subscribed"

    # The next check of that batch is red, with the notice.
    [card] = await bot.ask(9014, CODE_OF_BATCH)
    assert words("en", "verdict-recalled") in card.text
    assert "Batch N98758 failed sterility testing." in card.text


async def test_only_operators_may_recall(bot):
    db = bot.services.db
    async with db.session() as session:
        await set_role(session, 9102, "support")
    for user in (9101, 9102):
        [refused] = await bot.ask(user, "/recall")
        assert refused.text == words("en", "not-allowed")
        # Nothing started: a GTIN now is an ordinary check, not the recall's next step.
        [reply] = await bot.ask(user, GTIN)
        assert words("en", "recall-batches-ask") not in reply.text
    assert await campaigns(db) == 0


async def test_the_product_by_name_or_by_photo_and_cancel_changes_nothing(bot):
    await bot.ask(OPERATOR, "/recall")
    [batches] = await bot.ask(OPERATOR, "ceftriakson")
    assert GTIN in batches.text and words("en", "recall-batches-ask") in batches.text
    cancelled = await press(bot, OPERATOR, batches, RecallStep(action="cancel").pack())
    assert cancelled.text == words("en", "recall-cancelled")

    await bot.ask(OPERATOR, "/recall")
    [batches] = await bot.photo(OPERATOR, (PACKS / "photos" / "pack_011.jpg").read_bytes())
    assert GTIN in batches.text
    [reply] = await bot.ask(OPERATOR, "/cancel")
    assert reply.text == words("en", "recall-cancelled")
    assert await campaigns(bot.services.db) == 0


async def test_subscriptions_from_the_card_and_stop(bot):
    db, server, user = bot.services.db, bot.server, 9201
    await citizens(db, {9202: ("en", [OTHER_BATCH])})
    # The answer card's "Notify me about recalls of this medicine".
    [card] = await bot.ask(user, CODES["getH8LmyqoYMa"], language_code="ru")  # a pack of batch A71448
    followed = await press(bot, user, card, button(card, words("ru", "button-subscribe")), "sendMessage")
    assert followed.text == words("ru", "subscribe-added", name="Ceftriakson")
    # A check that is not (or no longer) in the user's history subscribes nobody.
    async with db.session() as session:
        theirs = await session.scalar(select(Check.id).where(Check.user_id == 9202))
    forged = await bot.bot.send_message(user, "card", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="🔔", callback_data=CheckAction(action="subscribe", check_id=theirs).pack())]]))
    await server.wait_for(user)
    gone = await press(bot, user, forged.model_dump(), CheckAction(action="subscribe", check_id=theirs).pack(),
                       "sendMessage")
    assert gone.text == words("ru", "subscribe-check-gone")
    [listing] = await bot.ask(user, "/subscribe")
    assert words("ru", "subscribe-line", name="Ceftriakson", gtin=GTIN) in listing.text

    [stopped] = await bot.ask(user, "/stop")
    assert stopped.text == words("ru", "stop-done")
    silent = await issue(db, RecallOrder(gtin=GTIN, product_name="Ceftriakson", batches=None, reason="falsified",
                                         severity="high", notice="Falsified packs found."), "operator:t1")
    assert await recipients(db, silent.campaign_id) == {9202}  # the user follows and checked, but said /stop
    [_] = await server.wait_for(9202, timeout=20)
    [listing] = await bot.ask(user, "/subscribe")
    assert listing.text.startswith(words("ru", "subscribe-resumed"))
    told = await issue(db, RecallOrder(gtin=GTIN, product_name="Ceftriakson", batches=(OTHER_BATCH,),
                                       reason="falsified", severity="medium", notice="Falsified packs found."),
                       "operator:t2")
    assert await recipients(db, told.campaign_id) == {user, 9202}
    [notice] = await server.wait_for(user, timeout=20)
    assert words("ru", "recall-reason-falsified") in notice.text and "Falsified packs found." in notice.text
    off = await press(bot, user, listing, button(listing, "Ceftriakson"))
    assert off.text == words("ru", "subscribe-empty")


async def test_feed_recalls_reach_those_who_checked_the_batch(register_db, botapi):
    # They checked the batch while it was still in circulation; then the register feed recalled it.
    await citizens(register_db, {9301: ("uz", [FEED_BATCH]), 9302: ("ky", [FEED_BATCH])})
    async with running_bot(register_db, server=botapi):
        for uid, lang in ((9301, "uz"), (9302, "ky")):
            [notice] = await botapi.wait_for(uid, timeout=20)
            assert words(lang, "recall-notice-title", name="Ceftriakson") in notice.text
            assert "Batch R77001 failed sterility testing. Do not use." in notice.text
        async with register_db.session() as session:
            [(key, total)] = (await session.execute(select(RecallCampaign.key, RecallCampaign.total))).all()
            [feed_id] = (await session.execute(select(Recall.id).where(Recall.source == "feed"))).scalars()
        assert (key, total) == (f"feed:{feed_id}", 2)
        await quiet_all(botapi, (9301, 9302))


async def _preview(bot, batch: str):
    """The operator's /recall up to the preview: `batch` of the product, quality defect, high, one notice."""
    server = bot.server
    await bot.ask(OPERATOR, "/recall")
    [batches] = await bot.ask(OPERATOR, GTIN)
    toggled = await press(bot, OPERATOR, batches, button(batches, batch), "editMessageReplyMarkup")
    reasons = await press(bot, OPERATOR, toggled, button(toggled, "(1)"))
    severity = await press(bot, OPERATOR, reasons, button(reasons, words("en", "recall-reason-quality-defect")))
    await press(bot, OPERATOR, severity, button(severity, "High"))
    [more] = await bot.ask(OPERATOR, "Do not use this batch.")
    server.clear_records()
    return await press(bot, OPERATOR, more, button(more, "Preview"))


async def _alert(bot, message, data: str) -> str:
    update = bot.server.press_button(OPERATOR, message, data)
    [answer] = await bot.server.wait_for(lambda c: c.method == "answerCallbackQuery"
                                         and c.params["callback_query_id"] == update["callback_query"]["id"])
    assert answer.params["show_alert"]
    return answer.params["text"]


async def test_an_urgent_recall_is_offered_with_its_cost_refused_over_the_cap_and_sent_paid(bot):
    db, server, settings = bot.services.db, bot.server, bot.services.settings
    told = range(9401, 9413)  # twelve people: 1.2 Stars by paid broadcast
    await citizens(db, {uid: ("en", [OTHER_BATCH]) for uid in told})
    preview = await _preview(bot, OTHER_BATCH)
    assert words("en", "recall-preview-time", duration="0:01") in preview.text  # 12 at 25 a second
    urgent = button(preview, words("en", "recall-button-urgent-off"))
    # Not allowed by the settings: the operator is told why, and nothing changes.
    assert await _alert(bot, preview, urgent) == words("en", "recall-urgent-off")
    # Allowed, but this recall would cost more than a recall may.
    settings.paid_broadcast_max_stars = 1
    assert await _alert(bot, preview, urgent) == words("en", "recall-urgent-over-cap", total=12, stars="1.2", max=1)
    settings.paid_broadcast_max_stars = 2
    preview = await press(bot, OPERATOR, preview, urgent)
    assert words("en", "recall-preview-urgent", duration="0:01", stars="1.2", max=2) in preview.text
    assert words("en", "recall-button-urgent-on") in str(preview.message["reply_markup"])
    # The cap went down before the confirmation: refused, and the draft is still there.
    settings.paid_broadcast_max_stars = 1
    confirm = button(preview, "Issue the recall")
    assert await _alert(bot, preview, confirm) == words("en", "recall-urgent-over-cap", total=12, stars="1.2", max=1)
    assert await campaigns(db) == 0
    settings.paid_broadcast_max_stars = 2
    server.press_button(OPERATOR, preview, confirm)
    await server.wait_for(OPERATOR, timeout=15)
    for uid in told:
        [notice] = await server.wait_for(uid, timeout=20)
        assert notice.params["allow_paid_broadcast"] is True
    async with db.session() as session:
        campaign = (await session.execute(select(RecallCampaign).where(RecallCampaign.source == "operator"))
                    ).scalar_one()
    assert (campaign.paid_max, campaign.paid_booked) == (20, 12)
    spent = words("en", "recall-paid-spent", paid=12, stars="1.2")
    await server.wait_for(lambda c: c.method == "editMessageText" and c.chat_id == OPERATOR
                          and spent in (c.text or ""), timeout=20)
