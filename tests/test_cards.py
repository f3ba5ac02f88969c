"""The cards, rendered from real verification results: right words, every language, within Telegram's limits."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.i18n import Translator
from core.languages import LANGUAGES, zone_for
from handlers.callbacks import CheckAction
from handlers.cards.check import (
    NOCODE_HINTS,
    SAID_BELOW,
    album_no_code_card,
    check_keyboard,
    history_card,
    history_keyboard,
    no_code_card,
    not_a_code_card,
    verdict_card,
)
from handlers.cards.layout import TEXT_LIMIT
from handlers.register_words import FORMS
from tests.botapi.server import parse_html
from tests.conftest import PACKS
from verification.history import CheckRecord
from verification.lookup import CertificateInfo, CodeStatusInfo, PriceInfo, ProductInfo, RecallInfo
from verification.service import verify_text
from verification.verdict import REASONS

VERDICTS = [json.loads(line) for line in (PACKS / "verdicts.jsonl").read_text().splitlines() if line.strip()]
I18N = Translator()


def sample(reason: str) -> dict:
    return next(row for row in VERDICTS if row["expect_reason"] == reason)


def plain(html: str) -> str:
    """What the user reads: the HTML as Telegram parses it (refuses bad markup like Telegram)."""
    return parse_html(html)[0]


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_every_sample_renders_in_every_language(register_db, today):
    institution_samples = 0
    for row in VERDICTS:
        [result] = await verify_text(register_db, row["text"], today)
        for lang in LANGUAGES:
            t = I18N.bind(lang)
            text = plain(verdict_card(t, result, lang=lang))
            assert text.startswith({"green": "🟢", "yellow": "🟡", "red": "🔴"}[row["expect_verdict"]])
            status = result.code_status
            by_institution = status is not None and status.status == "withdrawn" and status.reason in (
                "medical_use", "free_prescription")  # "used or given out by a medical institution on DATE"
            reason = row["expect_reason"] + ("-institution" if by_institution else "")
            institution_samples += by_institution
            words = I18N(lang, f"verdict-{reason}", date=status.changed_at.astimezone(zone_for(lang)).strftime(
                "%d.%m.%Y") if by_institution else "")
            assert plain(words) in text
            assert units(text) <= TEXT_LIMIT
            assert "verdict-" not in text and "card-" not in text  # no key shows instead of words
            if result.product:
                assert result.product.trade_name in text
            assert result.data_date.strftime("%d.%m.%Y") in text
    assert institution_samples  # the samples hold a pack a hospital used


async def test_green_card_says_everything_the_register_knows(register_db, today):
    [result] = await verify_text(register_db, sample("in_circulation")["text"], today)
    text = plain(verdict_card(I18N.bind("en"), result, lang="en"))
    for part in ("Paracetamol-UZ", "Active substance: Paracetamol", "Form: tablets, 500 mg, pack of 20",
                 "Manufacturer: Uzpharmsanoat, Uzbekistan", "Registration DV/X 03471/07/24: valid, until 09.02.2029",
                 "Batch V31583: quality certificate UZ.SMT.409976 of 23.07.2026", "Pack code: in circulation.",
                 "Expiry: 02.04.2027", "Maximum retail price: 27 000 soʻm (set on 01.11.2026)",
                 "Register data as of"):
        assert part in text, part


async def test_withdrawn_card_gives_reason_and_date(register_db, today):
    [result] = await verify_text(register_db, sample("withdrawn")["text"], today)
    text = plain(verdict_card(I18N.bind("ru"), result, lang="ru"))
    assert "выведен из оборота" in text
    when = result.code_status.changed_at.astimezone(ZoneInfo("Asia/Tashkent")).strftime("%d.%m.%Y")
    assert when in text


async def test_recalled_card_shows_the_recall(register_db, today):
    [result] = await verify_text(register_db, sample("recalled")["text"], today)
    text = plain(verdict_card(I18N.bind("en"), result, lang="en"))
    assert "Recall of 19.11.2026" in text and "high risk" in text and "failed sterility testing" in text


async def test_expired_and_unregistered_cards(register_db, today):
    [expired] = await verify_text(register_db, sample("expired")["text"], today)
    assert "Expired on 01.11.2026" in plain(verdict_card(I18N.bind("en"), expired, lang="en"))
    [unknown] = await verify_text(register_db, sample("not_registered")["text"], today)
    text = plain(verdict_card(I18N.bind("en"), unknown, lang="en"))
    assert f"GTIN {unknown.code.gtin} is not in the register" in text
    assert "Maximum retail price" not in text  # no product, so no price to speak of


async def test_bare_gtin_names_the_product_only(register_db, today):
    [result] = await verify_text(register_db, "4780181590830", today)
    text = plain(verdict_card(I18N.bind("uz"), result, lang="uz"))
    assert text.startswith("🟡") and I18N("uz", "verdict-product_only") in text
    assert "Paracetamol-UZ" in text and "Seriya" not in text and "Qadoq kodi" not in text


def test_a_card_stuffed_with_long_register_text_still_fits():
    long = "Ünïcödé <&> " * 400
    result = _fake_result(long)
    for lang in LANGUAGES:
        html = verdict_card(I18N.bind(lang), result, lang=lang)
        assert units(html) <= TEXT_LIMIT
        text = plain(html)  # still valid HTML after clipping
        assert text.startswith("🔴")
        assert "<&>" in text  # register text is escaped, not markup


def test_buttons_fit_the_callback_limit():
    for lang in LANGUAGES:
        # the largest id a row can have, and every button a card can carry
        keyboard = check_keyboard(I18N.bind(lang), 2**31 - 1, has_cap=True, leaflet=True, remind=True)
        buttons = [b for row in keyboard.inline_keyboard for b in row]
        assert [CheckAction.unpack(b.callback_data).action for b in buttons] == [
            "complain", "report", "subscribe", "leaflet", "remind"]
        assert all(len(b.callback_data.encode()) <= 64 for b in buttons)
        assert all(b.text and not b.text.startswith("button-") for b in buttons)


def test_no_code_card_uses_the_decoder_hints():
    t = I18N.bind("en")
    text = plain(no_code_card(t, ("too_small", "dark")))
    assert "too small" in text and "too dark" in text and "blurred" not in text
    assert "as a file" in text and "type the code" in text
    assert "ordinary barcode" in plain(no_code_card(t, ("linear_only",)))
    assert "3 photos of the album" in plain(album_no_code_card(t, 3))


def test_not_a_code_card_is_kind_and_specific():
    t = I18N.bind("en")
    assert "does not look like a pack code" in plain(not_a_code_card(t, "not_a_code"))
    assert "4780000000014" in plain(not_a_code_card(t, "not_a_code"))
    assert "check digit" in plain(not_a_code_card(t, "bad_check_digit"))
    assert "does not look like" in plain(not_a_code_card(t, "something_new"))


def test_history_card_and_buttons():
    t = I18N.bind("ru")
    records = [CheckRecord(7, 1, datetime(2026, 11, 20, 20, 30, tzinfo=timezone.utc), "x", "04780181590830",
                           "r3.J1TWDtkwtD", "V31583", date(2027, 4, 2), "green", ("in_circulation",)),
               CheckRecord(8, 1, datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc), "y", "04780181590830",
                           None, None, None, "yellow", ("product_only",))]
    text = plain(history_card(t, records, zone=zone_for("ru")))
    assert "21.11.2026 01:30" in text  # 20:30 UTC is past midnight in Tashkent
    assert "🟢" in text and "🟡" in text and "r3.J1TWDtkwtD" in text
    keyboard = history_keyboard(t, records)
    data = [CheckAction.unpack(row[0].callback_data) for row in keyboard.inline_keyboard]
    assert [(d.action, d.check_id) for d in data] == [("open", 7), ("open", 8)]
    assert I18N("ru", "history-empty") == history_card(t, [], zone=zone_for("ru"))
    assert history_keyboard(t, []) is None


def test_every_reason_has_words_in_every_language():
    for lang in LANGUAGES:
        keys = I18N.keys(lang)
        for reason in REASONS:
            assert f"verdict-{reason}" in keys, (lang, reason)
            assert reason in SAID_BELOW or reason == "no_code" or f"also-{reason}" in keys, (lang, reason)
        for hint in NOCODE_HINTS:
            assert f"nocode-hint-{hint}" in keys, (lang, hint)
        for form in FORMS:
            assert f"form-{form}" in keys, (lang, form)


def test_dates_are_shown_in_the_users_zone():
    assert zone_for("ky").key == "Asia/Bishkek"
    assert zone_for("uz").key == zone_for("en").key == "Asia/Tashkent"


def _fake_result(long: str):
    from verification.gs1 import parse_code
    from verification.service import CheckResult
    from verification.verdict import Verdict
    code = parse_code("0104780181590830215bX2kLm9QeRt8")
    return CheckResult(
        code=code, verdict=Verdict("red", ("recalled", "withdrawn", "expired", "no_certificate")),
        product=ProductInfo(code.gtin, long, long, long, long, long, long, long, long, long),
        registration=None,
        certificate=CertificateInfo(long, long, date(2026, 1, 1), long, long, long, long, None, "banned"),
        code_status=CodeStatusInfo("withdrawn", "sale", long, None, datetime(2026, 1, 1, tzinfo=timezone.utc)),
        max_price=PriceInfo(Decimal("123456789.50"), None, "UZS", date(2026, 1, 1), long, "gtin"),
        recall=RecallInfo(1, None, long, "high", datetime(2026, 1, 1, tzinfo=timezone.utc), long * 3,
                          {"ru": long * 3}),
        data_date=date(2026, 11, 20), batch=long, expiry=date(2026, 1, 1),
    )
