"""A staff answer of any accepted length reaches the citizen whole, and staff hear "Delivered" only when it did.

The desk as in test_complaints_bot: the real bot, the support chat a forum on the local Bot API server,
on SQLite by long polling and on PostgreSQL by webhook.
"""
from __future__ import annotations

from complaints.service import ANSWER_LIMIT
from tests.test_complaints_bot import (  # noqa: F401 - the fixtures are used by name
    ADMIN,
    CITIZEN,
    SUPPORT,
    desk,
    desk_env,
    file_price_complaint,
    to_support,
)

HEADER = "💬 Ответ на вашу жалобу № 1"


def staff_text(size: int) -> str:
    """Paragraphs of an answer full of what HTML must escape (<, >, &), exactly `size` characters long."""
    paragraph = ("Аптека «Dorixona 36» оштрафована: цена 45 000 > 27 000 сум & чек <№ 123> приложен. "
                 "Деньги вернут в течение 10 дней.")
    text = "\n\n".join([paragraph] * (size // len(paragraph) + 1))
    return text[:size - 1] + "."


def same_words(a: str, b: str) -> bool:
    """Equal but for whitespace (Telegram trims each message, and the parts are cut at spaces)."""
    return a.split() == b.split()


async def filed(rb) -> int:
    """The citizen files a complaint; returns its topic in the support chat."""
    rb.server.add_user(CITIZEN, language_code="ru")
    await file_price_complaint(rb, CITIZEN, lang="ru")
    [card] = await rb.server.wait_for(to_support("sendMessage"))
    return card.params["message_thread_id"]


async def answer_in_topic(rb, text: str, topic: int | None = None):
    """Staff answer in the complaint's topic; returns what staff are told under the answer."""
    topic = topic or await filed(rb)
    rb.server.send_in_topic(SUPPORT, topic, ADMIN, text)
    [report] = await rb.server.wait_for(to_support("sendMessage"), timeout=20)
    return report


def answer_parts(server) -> list[str]:
    texts = [m["text"] for m in server.messages_to(CITIZEN)]
    starts = [i for i, text in enumerate(texts) if text.startswith(HEADER)]
    assert starts, f"no answer reached the citizen; the last message: {texts[-1][:100]!r}"
    return texts[starts[0]:]


async def test_a_3000_character_answer_arrives_whole(desk):
    text = staff_text(3000)
    report = await answer_in_topic(desk, text)
    assert "Delivered to the citizen" in report.text
    [message] = answer_parts(desk.server)
    assert "{???}" not in message
    assert same_words(message, f"{HEADER}\n\n{text}")


async def test_a_6000_character_answer_arrives_whole_in_parts(desk):
    text = staff_text(6000)
    report = await answer_in_topic(desk, text)
    assert "Delivered to the citizen" in report.text
    parts = answer_parts(desk.server)
    assert len(parts) == 2 and all("{???}" not in part for part in parts)
    assert same_words(" ".join(parts), f"{HEADER}\n\n{text}")


async def test_an_answer_telegram_refuses_is_reported_not_delivered(desk):
    topic = await filed(desk)
    desk.server.fail_next("sendMessage", 400, "Bad Request: can't parse entities: unexpected end tag", chat_id=CITIZEN)
    report = await answer_in_topic(desk, staff_text(6000), topic)
    assert "Not delivered" in report.text and "can't parse entities" in report.text
    assert not [c for c in desk.server.sent if "Delivered to the citizen" in (c.text or "")]
    assert not [m for m in desk.server.messages_to(CITIZEN) if m["text"].startswith(HEADER)]


async def test_an_answer_over_the_limit_is_refused_and_nothing_is_sent(desk):
    report = await answer_in_topic(desk, staff_text(ANSWER_LIMIT + 1))
    assert f"{ANSWER_LIMIT:,}" in report.text and "Nothing was sent" in report.text
    assert not [m for m in desk.server.messages_to(CITIZEN) if m["text"].startswith(HEADER)]


def test_a_long_argument_is_formatted_whole():
    from core.i18n import Translator
    text = "<" * 3000                      # 12 000 characters once escaped
    formatted = Translator()("ru", "complaint-notice-answer", id=1, text=text)
    assert formatted.endswith("&lt;" * 3000) and "{???}" not in formatted
