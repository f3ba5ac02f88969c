"""An unfinished complaint never captures what comes after it: it expires, /start ends it, and a pack
code or a second complaint is not taken in its place before the citizen says what they want.

End to end through the local Bot API server, on SQLite by long polling and on PostgreSQL by webhook
(the `desk` fixture of test_complaints_bot).
"""
from __future__ import annotations

from datetime import timedelta

from core.clock import utcnow
from handlers.callbacks import CheckAction, ComplaintStep
from handlers.conversation import TOUCHED
from tests.conftest import PACKS
from tests.test_complaints_bot import CITIZEN, answer_card, desk, desk_env, jpeg, press  # noqa: F401 (fixtures)

AMOKSIKLAV = "010540318609139121lBYOvfZ8UzDzV\x1d91KIBJ\x1d927s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhF="
AMOKSIKLAV_PHOTO = (PACKS / "photos" / "pack_002.jpg").read_bytes()


async def price_question(rb, user_id: int = CITIZEN, code: str | None = None):
    """A complaint about the price, opened from an answer card; returns the first question."""
    card, check_id = await (answer_card(rb, user_id, code) if code else answer_card(rb, user_id))
    [question] = await press(rb, user_id, card, CheckAction(action="complain", check_id=check_id).pack())
    return question


async def age_draft(rb, user_id: int, minutes: int) -> None:
    """As if the draft had last been touched `minutes` ago."""
    state = rb.dp.fsm.get_context(rb.bot, chat_id=user_id, user_id=user_id)
    await state.update_data({TOUCHED: (utcnow() - timedelta(minutes=minutes)).isoformat()})


def buttons(call) -> list[str]:
    return [b["callback_data"] for row in call.message["reply_markup"]["inline_keyboard"] for b in row]


def removes_keyboard(call) -> bool:
    return call.params.get("reply_markup") == {"remove_keyboard": True}


async def test_an_untouched_draft_expires_and_says_so_once(desk):
    rb = desk
    rb.server.add_user(CITIZEN, language_code="en")
    await price_question(rb)
    await age_draft(rb, CITIZEN, minutes=29)  # within COMPLAINT_DRAFT_TTL_MINUTES (30): still open
    [choice] = await rb.ask(CITIZEN, AMOKSIKLAV)
    assert "unfinished complaint about Paracetamol-UZ 500 mg N20" in choice.text
    [price_again] = await press(rb, CITIZEN, choice, ComplaintStep(action="code", value="go_on").pack())
    assert "How much did you pay" in price_again.text

    await age_draft(rb, CITIZEN, minutes=31)
    expired, card = await rb.ask(CITIZEN, AMOKSIKLAV, count=2)  # the code is checked, not taken as a price
    assert "complaint about Paracetamol-UZ 500 mg N20 was discarded after 30 minutes" in expired.text
    assert removes_keyboard(expired)
    assert "Amoksiklav" in card.text
    [reply] = await rb.ask(CITIZEN, "45000")  # the complaint is gone: no price question, and no second notice
    assert "discarded" not in reply.text and "How much" not in reply.text and "Which pharmacy" not in reply.text


async def test_start_ends_an_open_complaint(desk):
    rb = desk
    rb.server.add_user(CITIZEN, language_code="en")
    await price_question(rb)
    [welcome] = await rb.ask(CITIZEN, "/start")
    assert "I check medicine packs" in welcome.text and removes_keyboard(welcome)
    [card] = await rb.ask(CITIZEN, AMOKSIKLAV)
    assert "Amoksiklav" in card.text and "Please type the price" not in card.text


async def test_a_typed_code_in_a_complaint_asks_whether_to_check_it(desk):
    rb = desk
    rb.server.add_user(CITIZEN, language_code="en")
    await price_question(rb)
    [choice] = await rb.ask(CITIZEN, AMOKSIKLAV)
    assert "This is a pack code" in choice.text and "unfinished complaint is then discarded" in choice.text
    assert buttons(choice) == [ComplaintStep(action="code", value="check").pack(),
                            ComplaintStep(action="code", value="go_on").pack()]
    [price_again] = await press(rb, CITIZEN, choice, ComplaintStep(action="code", value="go_on").pack())
    assert "How much did you pay" in price_again.text
    [pharmacy_q] = await rb.ask(CITIZEN, "45 000")  # the complaint goes on where it was
    assert "Which pharmacy" in pharmacy_q.text

    [choice] = await rb.ask(CITIZEN, "https://id.gs1.org/01/04780181590830/21/r3.J1TWDtkwtD")
    discarded, card = await press(rb, CITIZEN, choice, ComplaintStep(action="code", value="check").pack(), count=2)
    assert "complaint about Paracetamol-UZ 500 mg N20 was discarded" in discarded.text and removes_keyboard(discarded)
    assert "Paracetamol-UZ" in card.text and "Verified" in card.text
    [reply] = await rb.ask(CITIZEN, "Dorixona 36, Chilonzor 5")  # no longer a pharmacy answer
    assert "Where is the receipt" not in reply.text and "photo of the receipt" not in reply.text


async def test_a_pack_photo_at_the_receipt_step_asks_whether_it_is_the_receipt(desk):
    rb = desk
    rb.server.add_user(CITIZEN, language_code="en")
    await price_question(rb)
    await rb.ask(CITIZEN, "45 000")
    [receipt_q] = await rb.ask(CITIZEN, "Dorixona 36, Chilonzor 5")
    assert "photo of the receipt" in receipt_q.text
    [choice] = await rb.photo(CITIZEN, AMOKSIKLAV_PHOTO)
    assert "This photo shows a pack code" in choice.text and "Paracetamol-UZ" in choice.text
    assert buttons(choice) == [ComplaintStep(action="code", value="check").pack(),
                            ComplaintStep(action="code", value="receipt").pack()]
    [pack_q] = await press(rb, CITIZEN, choice, ComplaintStep(action="code", value="receipt").pack())
    assert "photo of the pack" in pack_q.text  # the citizen said it is the receipt: it is taken as one

    [receipt_again] = await rb.ask(CITIZEN, "⬅️ Back")
    assert "photo of the receipt" in receipt_again.text
    [choice] = await rb.photo(CITIZEN, AMOKSIKLAV_PHOTO)
    discarded, card = await press(rb, CITIZEN, choice, ComplaintStep(action="code", value="check").pack(), count=2)
    assert "complaint about Paracetamol-UZ 500 mg N20 was discarded" in discarded.text
    assert "Amoksiklav" in card.text
    [reply] = await rb.photo(CITIZEN, jpeg())  # a plain photo now is just a photo to check
    assert "I could not find a pack code in this photo" in reply.text


async def test_a_second_complaint_asks_what_happens_to_the_first(desk):
    rb = desk
    rb.server.add_user(CITIZEN, language_code="en")
    await price_question(rb)
    [pharmacy_q] = await rb.ask(CITIZEN, "45 000")
    second = await price_question_offer(rb, AMOKSIKLAV)
    assert "unfinished complaint about Paracetamol-UZ 500 mg N20" in second.text and "start the new one" in second.text
    assert buttons(second) == [ComplaintStep(action="open", value="continue").pack(),
                            ComplaintStep(action="open", value="new").pack()]
    [pharmacy_again] = await press(rb, CITIZEN, second, ComplaintStep(action="open", value="continue").pack())
    assert pharmacy_again.text == pharmacy_q.text  # the first one goes on, its price kept
    await rb.ask(CITIZEN, "Dorixona 36, Chilonzor 5")
    await rb.photo(CITIZEN, jpeg())
    await rb.ask(CITIZEN, "Skip ➡️")
    _review, summary = await rb.ask(CITIZEN, "Skip ➡️", count=2)
    assert "Paracetamol-UZ" in summary.text and "Paid: 45 000 soʻm" in summary.text

    second = await price_question_offer(rb, AMOKSIKLAV)
    discarded, price_q = await press(rb, CITIZEN, second, ComplaintStep(action="open", value="new").pack(), count=2)
    assert "complaint about Paracetamol-UZ 500 mg N20 was discarded" in discarded.text
    assert "Amoksiklav" in price_q.text and "39 000 soʻm" in price_q.text

    [again] = await rb.ask(CITIZEN, "/complaint")  # typed, the same question
    assert "unfinished complaint about Amoksiklav" in again.text
    [price_again] = await press(rb, CITIZEN, again, ComplaintStep(action="open", value="continue").pack())
    assert "Amoksiklav" in price_again.text


async def price_question_offer(rb, code: str):
    """"The price was higher" pressed under the card of `code` while a complaint is open."""
    card, check_id = await answer_card(rb, CITIZEN, code)
    [offer] = await press(rb, CITIZEN, card, CheckAction(action="complain", check_id=check_id).pack())
    return offer


async def test_the_question_speaks_the_citizens_language(desk):
    rb, i18n = desk, desk.services.i18n
    rb.server.add_user(CITIZEN, language_code="ru")
    await price_question(rb)
    [choice] = await rb.ask(CITIZEN, AMOKSIKLAV)
    assert "незаконченная жалоба на Paracetamol-UZ" in choice.text
    labels = [b["text"] for row in choice.message["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [i18n("ru", "complaint-button-check-pack"), i18n("ru", "complaint-button-go-on")]
