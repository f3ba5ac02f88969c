"""The verification conversation end to end: the real bot, real HTTP, real getFile downloads, real decoding.

Each test runs twice (the `tg` fixture): on SQLite by long polling and on PostgreSQL by webhook.
Verdicts are pinned to the samples' day (samples/README.md) through the dispatcher's `clock`.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from PIL import Image, ImageFilter

from core.i18n import Translator
from handlers.callbacks import CheckAction
from register.load import import_source
from tests.botapi.server import parse_html
from tests.conftest import PACKS, SAMPLES_TODAY

PHOTOS = {json.loads(line)["file"]: json.loads(line) for line in (PACKS / "photos.jsonl").read_text().splitlines()
          if line.strip()}
I18N = Translator()
with (PACKS / "gtin_catalogue.csv").open(encoding="utf-8", newline="") as catalogue:
    PRODUCTS = {row["gtin"]: row["trade_name"] for row in csv.DictReader(catalogue)}  # GTIN -> trade name

GREEN, GREEN_SAME_CODE, GREEN_OTHER = "pack_002.jpg", "pack_044.jpg", "pack_001.jpg"  # 002 and 044: one code
# One photo per verdict that the decoder reads (several also carry an EAN-13 of the same product).
SAMPLES = {
    "green": "pack_002.jpg",
    "unknown_code": "pack_057.jpg",
    "withdrawn": "pack_054.jpg",
    "recalled": "pack_016.jpg",
    "expired": "pack_038.jpg",
    "not_registered": "pack_062.jpg",
}


def photo(name: str) -> bytes:
    return (PACKS / "photos" / name).read_bytes()


def words(lang: str, key: str, **args) -> str:
    """A locale message as the user reads it (HTML parsed away)."""
    return parse_html(I18N(lang, key, **args))[0]


def expected(name: str) -> tuple[str, str, str]:
    """(verdict level, deciding reason, GTIN) for a sample photo."""
    row = PHOTOS[name]
    gtin = row["code"][2:16]
    return row["expect_verdict"], row["expect_reason"], gtin


@pytest.fixture
async def bot(tg):
    tg.dp["clock"] = lambda zone: SAMPLES_TODAY
    return tg


async def quiet(tg, user: int, seconds: float = 0.6) -> None:
    """Nothing more arrives for `user` within `seconds`."""
    with pytest.raises(TimeoutError):
        await tg.server.wait_for(user, timeout=seconds)


def buttons(call) -> list[CheckAction]:
    rows = call.message["reply_markup"]["inline_keyboard"]
    return [CheckAction.unpack(button["callback_data"]) for row in rows for button in row]


async def test_photos_get_their_verdict_cards(bot):
    """A green, a yellow and each kind of red, photographed; all sent at once by different users."""
    users = {reason: 7100 + n for n, reason in enumerate(SAMPLES)}
    for reason, name in SAMPLES.items():
        bot.server.send_photo(users[reason], photo(name), language_code="en")
    for reason, name in SAMPLES.items():
        level, deciding, gtin = expected(name)
        [card] = await bot.server.wait_for(users[reason], timeout=20)
        text = card.text
        assert text.startswith({"green": "🟢", "yellow": "🟡", "red": "🔴"}[level]), (name, text)
        assert words("en", f"verdict-{deciding}") in text, (name, text)
        if deciding == "not_registered":
            assert gtin in text
        else:
            assert PRODUCTS[gtin] in text
        assert "Register data as of" in text
        assert card.message["reply_to_message"]["photo"]  # the card answers the photo
        priced = deciding != "not_registered"  # an unregistered medicine has no maximum price to complain about
        # A reminder is offered for a pack whose expiry is known and still ahead, never for an expired one.
        remind = [[]] if deciding == "expired" else [[], ["remind"]]
        fit_to_buy = level in ("green", "yellow")  # where to buy it near me: only a medicine fit to buy
        assert [b.action for b in buttons(card)] in [["nearby"] * fit_to_buy + ["complain"] * priced
                                                     + ["report", "subscribe"] + r for r in remind], (name, buttons(card))
    for user in users.values():
        await quiet(bot, user, 0.3)  # one card each: the EAN-13 beside a DataMatrix adds nothing
    typing = [c for c in bot.server.sent if c.method == "sendChatAction"]
    assert {c.chat_id for c in typing} >= set(users.values()) and all(c["params"]["action"] == "typing" for c in typing)


async def test_a_photo_with_two_packs_answers_each(bot):
    left, right = (Image.open(io.BytesIO(photo(name))) for name in ("pack_001.jpg", "pack_038.jpg"))
    both = Image.new("RGB", (left.width + right.width, max(left.height, right.height)), "white")
    both.paste(left, (0, 0))
    both.paste(right, (left.width, 0))
    out = io.BytesIO()
    both.save(out, "JPEG", quality=92)
    cards = await bot.photo(7150, out.getvalue(), count=2)
    found = sorted((words("en", "verdict-in_circulation") in c.text, words("en", "verdict-expired") in c.text)
                   for c in cards)
    assert found == [(False, True), (True, False)]
    assert len({buttons(c)[0].check_id for c in cards}) == 2


async def test_the_card_speaks_the_users_language(bot):
    users = {"uz": 7201, "ru": 7202, "ky": 7203, "en": 7204}
    for lang, user in users.items():
        bot.server.send_photo(user, photo(GREEN), language_code=lang)
    for lang, user in users.items():
        [card] = await bot.server.wait_for(user, timeout=20)
        assert words(lang, "verdict-in_circulation") in card.text
        assert PRODUCTS["05403186091391"] in card.text
        assert words(lang, "card-data-date", date=SAMPLES_TODAY.strftime("%d.%m.%Y"))[:6] in card.text
        labels = [b["text"] for row in card.message["reply_markup"]["inline_keyboard"] for b in row]
        assert labels == [I18N(lang, key) for key in ("button-nearby", "button-complain", "button-report",
                                                      "button-subscribe", "button-remind")]  # its expiry is ahead


async def test_an_image_sent_as_a_file_is_read_in_original_quality(bot):
    bot.server.send_document(7301, photo(SAMPLES["withdrawn"]), file_name="IMG_2041.JPG", mime_type="image/jpeg")
    [card] = await bot.server.wait_for(7301, timeout=20)
    assert words("en", "verdict-withdrawn") in card.text
    assert bot.server.method_counts["getFile"] >= 1


async def test_an_album_answers_each_code_once(bot):
    user = 7401
    await bot.ask(user, "/start")  # on Telegram a citizen's first message is always /start
    for name in (GREEN, GREEN_SAME_CODE, GREEN_OTHER):  # the first two carry the same pack code
        bot.server.send_photo(user, photo(name), media_group_id="album-1", language_code="en")
    cards = await bot.server.wait_for(user, count=2, timeout=20)
    names = sorted(PRODUCTS[expected(name)[2]] for name in (GREEN, GREEN_OTHER))
    assert sorted(name for card in cards for name in names if name in card.text) == names
    assert all(words("en", "verdict-in_circulation") in c.text for c in cards)
    assert all(c.message["reply_to_message"]["media_group_id"] == "album-1" for c in cards)
    assert len({buttons(c)[0].check_id for c in cards}) == 2
    await quiet(bot, user, 1.5)


async def test_a_typed_code_and_a_digital_link(bot):
    row = PHOTOS[SAMPLES["recalled"]]
    [card] = await bot.ask(7501, row["code"].replace("\x1d", " "))
    assert words("en", "verdict-recalled") in card.text and "Ceftriakson" in card.text
    link = "https://id.gs1.org/01/04780181590830/21/r3.J1TWDtkwtD"
    [card] = await bot.ask(7501, link)
    assert words("en", "verdict-in_circulation") in card.text and "Paracetamol-UZ" in card.text
    assert not card.message.get("reply_to_message")


async def test_a_bare_ean13_names_the_product_only(bot):
    [card] = await bot.ask(7601, "4780181590830")
    assert card.text.startswith("🟡")
    assert words("en", "verdict-product_only") in card.text and "Paracetamol-UZ" in card.text
    assert "Pack code" not in card.text and "Batch" not in card.text


async def test_a_photo_without_a_code_gets_help(bot):
    [reply] = await bot.photo(7701, photo("nocode_0.jpg"), language_code="ru")
    assert reply.text.startswith(words("ru", "nocode-title"))
    assert words("ru", "nocode-how").splitlines()[0] in reply.text
    assert "5bX2kLm9QeRt8" in reply.text  # typing the code is offered, with an example
    assert not reply.message.get("reply_markup")
    # A shaky photo of a real code: the help says what was wrong with it.
    blurred = io.BytesIO()
    Image.open(io.BytesIO(photo(GREEN))).filter(ImageFilter.GaussianBlur(12)).save(blurred, "JPEG")
    [reply] = await bot.photo(7702, blurred.getvalue(), language_code="en")
    assert reply.text.startswith(words("en", "nocode-title"))
    assert words("en", "nocode-hint-blurred") in reply.text


async def test_documents_that_are_not_pictures_or_too_big(bot):
    bot.server.send_document(7801, b"%PDF-1.4 prescription", file_name="recipe.pdf", mime_type="application/pdf")
    [reply] = await bot.server.wait_for(7801)
    assert reply.text == words("en", "check-not-an-image")
    downloads = bot.server.method_counts["getFile"]
    big = photo(GREEN) + b"\0" * (20 * 1024 * 1024)  # a real 21 MB file: refused before downloading it
    bot.server.send_document(7802, big, file_name="scan.jpg", mime_type="image/jpeg")
    [reply] = await bot.server.wait_for(7802)
    assert reply.text == words("en", "check-file-too-big")
    assert bot.server.method_counts["getFile"] == downloads
    # Named like a picture, but it is not one; and a picture cut off in transfer.
    bot.server.send_document(7803, b"GIF89a? not really", file_name="pack.gif", mime_type="image/gif")
    [reply] = await bot.server.wait_for(7803)
    assert reply.text == words("en", "check-image-not_an_image")
    bot.server.send_document(7804, photo(GREEN)[:40_000], file_name="pack.jpg", mime_type="image/jpeg")
    [reply] = await bot.server.wait_for(7804)
    assert reply.text == words("en", "check-image-truncated")


async def test_garbage_text_gets_an_example(bot):
    [reply] = await bot.ask(7901, "is this medicine ok?", language_code="uz")
    assert reply.text == words("uz", "notcode-not_a_code")
    assert "4780000000014" in reply.text
    [reply] = await bot.ask(7901, "4780181590831")  # one digit off
    assert reply.text == words("uz", "notcode-bad_check_digit")


async def test_history_lists_checks_and_reopens_them_with_fresh_data(bot, tmp_path):
    user = 8001
    [first] = await bot.ask(user, "4780181590830")
    [second] = await bot.ask(user, "https://id.gs1.org/01/04780181590830/21/r3.J1TWDtkwtD")
    assert words("en", "verdict-in_circulation") in second.text
    [listing] = await bot.ask(user, "/history")
    assert listing.text.startswith(words("en", "history-title").splitlines()[0])
    opens = buttons(listing)
    assert [b.action for b in opens] == ["open", "open"]
    assert [b.check_id for b in opens] == [buttons(second)[0].check_id, buttons(first)[0].check_id]  # newest first
    assert "🟢" in listing.text and "🟡" in listing.text and "— Paracetamol-UZ, tablets, 500 mg" in listing.text
    # Meanwhile the pack is sold: the register's next code-status file says so.
    statuses = (PACKS / "code_status.csv").read_text(encoding="utf-8").splitlines()
    statuses = [line.replace("r3.J1TWDtkwtD,in_circulation,,", "r3.J1TWDtkwtD,withdrawn,sale,")
                    .replace("2026-11-20T10:00:00", "2026-11-21T09:00:00") if "r3.J1TWDtkwtD" in line else line
                for line in statuses]
    (tmp_path / "code_status.csv").write_text("\n".join(statuses) + "\n", encoding="utf-8")
    report = await import_source(bot.services.db, "code-status", tmp_path / "code_status.csv")
    assert not report.refused, report.reason
    bot.server.press_button(user, listing, opens[0].pack())
    [card] = await bot.server.wait_for(user)
    assert words("en", "verdict-withdrawn") in card.text and "21.11.2026" in card.text
    assert buttons(card)[0].check_id == opens[0].check_id
    [other] = await bot.ask(user + 1, "/history")
    assert other.text == words("en", "history-empty")


async def test_someone_elses_check_does_not_open(bot):
    owner, stranger = 8101, 8102
    [card] = await bot.ask(owner, "4780181590830")
    # A crafted callback: the stranger's client presses "open" with the owner's check id.
    bot.server.send_text(stranger, "/start")
    await bot.server.wait_for(stranger)
    [listing] = await bot.ask(owner, "/history")
    update = bot.server.press_button(stranger, listing, buttons(listing)[0].pack())
    [answer] = await bot.server.wait_for(lambda c: c.method == "answerCallbackQuery"
                                         and c.params["callback_query_id"] == update["callback_query"]["id"])
    assert answer.params["text"] == I18N("en", "history-not-found") and answer.params["show_alert"]
    await quiet(bot, stranger, 0.3)
    await quiet(bot, owner, 0.1)


async def test_a_full_decoder_says_busy(botapi, tmp_path):
    """One decoding slot and five photos at once: the others hear "busy, try again", nobody hears nothing."""
    from core.db import Database
    from core.migrate import upgrade
    from tests.harness import running_bot
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    try:
        await upgrade(db)
        async with running_bot(db, server=botapi, decode_workers=1, decode_queue=1) as tg:
            users = range(8201, 8206)
            for user in users:
                tg.server.send_photo(user, photo("nocode_1.jpg"))  # no code: the decoder tries everything
            replies = [(await tg.server.wait_for(user, timeout=20))[0].text for user in users]
            busy = replies.count(words("en", "check-busy"))
            assert 1 <= busy <= 4
            assert sum(text.startswith(words("en", "nocode-title")) for text in replies) == len(replies) - busy
    finally:
        await db.close()


async def test_unknown_and_forged_buttons_are_answered_politely(bot):
    """Old or crafted callback data: the spinner stops with a short word, and nothing fails."""
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
    user = 8301
    crafted = ["chk:open:99999999999999999999", "chk:complain:99999999999999999999", "chk:report:-5",
               "chk:open:12abc", "removed-feature:1", "x"]
    rows = [[InlineKeyboardButton(text=str(n), callback_data=data)] for n, data in enumerate(crafted)]
    await bot.bot.send_message(user, "buttons of an older version",
                               reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))
    [message] = await bot.server.wait_for(user)
    for data in crafted:
        query_id = bot.server.press_button(user, message, data)["callback_query"]["id"]
        [answer] = await bot.server.wait_for(lambda c: c.method == "answerCallbackQuery"
                                             and str(c.params["callback_query_id"]) == query_id)
        assert answer.params.get("text") == I18N("en", "button-inactive"), data
    await quiet(bot, user)  # no "something went wrong", no "temporarily unavailable"


async def test_a_card_without_a_maximum_price_offers_no_price_complaint(bot):
    not_registered = next(row for row in map(json.loads, (PACKS / "verdicts.jsonl").read_text().splitlines())
                          if row["expect_reason"] == "not_registered")
    [card] = await bot.ask(8401, not_registered["text"])
    assert [b.action for b in buttons(card)][:2] == ["report", "subscribe"]  # nothing to compare a price with
    [card] = await bot.ask(8401, "4780181590830")
    assert [b.action for b in buttons(card)] == ["nearby", "complain", "report", "subscribe"]


def sample_text(reason: str) -> str:
    return next(row["text"] for row in map(json.loads, (PACKS / "verdicts.jsonl").read_text().splitlines())
                if row["expect_reason"] == reason)


async def test_history_names_the_medicine_and_escapes_html_once(bot):
    user = 8501
    await bot.ask(user, "4780181590830", language_code="ru")  # Paracetamol-UZ, "tabletkalar" in the register
    await bot.ask(user, "010478291703423621Q&A<7>")           # not in the register; a serial with HTML characters
    [listing] = await bot.ask(user, "/history")
    newest, oldest = listing.text.splitlines()[-2:]
    assert newest.endswith("GTIN 04782917034236, серийный номер Q&A<7>")  # unknown: only the code can name it
    assert oldest.endswith("Paracetamol-UZ, таблетки, 500 mg") and "04780181590830" not in oldest
    labels = [row[0]["text"] for row in listing.message["reply_markup"]["inline_keyboard"]]
    assert labels[0].endswith("Q&A<7>") and labels[1].endswith("Paracetamol-UZ, таблетки, 500 mg")


async def test_register_words_and_feed_reasons_in_the_readers_language(bot):
    [card] = await bot.ask(8601, "4780181590830", language_code="ru")
    assert "Форма: таблетки, 500 mg" in card.text and "tabletkalar" not in card.text
    [card] = await bot.ask(8601, sample_text("recalled"))
    assert "Форма: порошок для инъекций" in card.text
    assert I18N("ru", "recall-reason-quality-defect") in card.text and "quality defect" not in card.text
