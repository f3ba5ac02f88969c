"""A medical institution's staff member builds a withdrawal document in the bot (/withdraw), end to end: the
real bot, the local Bot API server, SQLite by long polling and PostgreSQL by webhook.

Every step of the conversation is taken as a nurse would: the reason, the primary document, codes by
photo, picture file, album, typed text and scanner lists (CSV, XLSX), the duplicate, the pack that is not
in circulation, removing a code, the summary and Send. Then the sender job delivers the document, the
citizen who checks one of its packs is told it should not be on sale, and an operator gets the leak
alert naming the institution. Bad input gets its polite answer; anyone else is refused.
"""
from __future__ import annotations

import io
import json
import time

import openpyxl
import pytest
from sqlalchemy import update

from core.i18n import Translator
from core.users import set_role
from handlers.callbacks import WithdrawDoc, WithdrawStep
from handlers.cards.layout import day_text
from institutions.documents import add_codes, create_draft, document_codes, get_document, list_drafts, submit
from institutions.models import WithdrawalCode, WithdrawalDocument, WithdrawalOutbox
from institutions.orgs import add_org, grant_institution
from tests.botapi.server import parse_html
from tests.conftest import PACKS, SAMPLES_TODAY
from tests.harness import running_bot
from verification.gs1 import parse_code

I18N = Translator()
STAFF, OTHER_STAFF, CITIZEN, OPERATOR, ADMIN = 7001, 7002, 7003, 9001, 9100
SPECS = {json.loads(line)["file"]: json.loads(line) for line in (PACKS / "photos.jsonl").read_text().splitlines()
         if line.strip()}
GREEN, GREEN_OTHER, RECALLED = "pack_002.jpg", "pack_001.jpg", "pack_016.jpg"
IN_CIRCULATION = ["010478018159083021r3.J1TWDtkwtD", "010478018159083021EtfjgVvVqE1Sk",
                  "010540318609139121mrcXgGCJbW56e"]
SOLD = "0104780181590830216Qd8Mj7zdnbMj"  # withdrawn already (sold), by the feed


def said(key: str, lang: str = "en", **args) -> str:
    return parse_html(I18N(lang, key, **args))[0]


def photo(name: str) -> bytes:
    return (PACKS / "photos" / name).read_bytes()


def wire(name: str) -> str:
    """The code in a sample photo, as the national system names it (GTIN and serial)."""
    return SPECS[name]["code"].split("\x1d")[0]


def data_of(call, action: str, cls=WithdrawStep) -> str:
    """The callback data of the call's button with this action."""
    for row in call.message["reply_markup"]["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data", "")
            if data.startswith(cls.__prefix__ + ":") and cls.unpack(data).action == action:
                return data
    raise AssertionError(f"no {action!r} button in {call.message.get('reply_markup')}")


@pytest.fixture
async def staff_db(sample_bot_db, monkeypatch):
    """The sample register, an organisation with no API access (its documents reach the author as files),
    its staff member and an operator; the alerts sender looks every 0.2 s."""
    import bot.jobs.alerts
    monkeypatch.setattr(bot.jobs.alerts, "SEND_EVERY_S", 0.2)
    db, mode = sample_bot_db
    org = await add_org(db, "City Hospital 7", "123456789", "BP-77", "Tashkent", "file")
    await grant_institution(db, STAFF, org.id, frozenset())
    async with db.session() as session:
        await set_role(session, OPERATOR, "operator")
    return db, mode, org


def start(db, mode, botapi, **settings):
    return running_bot(db, mode=mode, server=botapi, register_max_age_days=36500, admin_ids=frozenset({ADMIN}), **settings)


class Nurse:
    """The staff member's side of the conversation: what they send and press, and what the bot answers."""

    def __init__(self, tg, user: int = STAFF) -> None:
        self.tg, self.server, self.user = tg, tg.server, user

    async def _next(self, method: str, timeout: float = 20):
        [call] = await self.server.wait_for(lambda c: c.method == method and c.chat_id == self.user, timeout=timeout)
        return call

    async def says(self, text: str):
        self.server.send_text(self.user, text, language_code="en")
        return await self._next("sendMessage")

    async def sends_photo(self, data: bytes, **kw):
        self.server.send_photo(self.user, data, language_code="en", **kw)
        return await self._next("sendMessage")

    async def sends_file(self, data: bytes, name: str, mime: str | None = None):
        self.server.send_document(self.user, data, file_name=name, mime_type=mime, language_code="en")
        return await self._next("sendMessage")

    async def presses(self, call, data: str, method: str = "editMessageText"):
        self.server.press_button(self.user, call, data)
        return await self._next(method)

    async def alert_after_pressing(self, call, data: str) -> str:
        """The text of the pop-up a pressed button answers with."""
        pressed = time.monotonic()
        self.server.press_button(self.user, call, data)
        [answer] = await self.server.wait_for(lambda c: c.method == "answerCallbackQuery" and c.at >= pressed
                                              and c.params.get("text"), timeout=15)
        return answer.params["text"]


def xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_document_from_the_reason_to_the_national_system(staff_db, botapi):
    db, mode, org = staff_db
    async with start(db, mode, botapi) as tg:
        tg.dp["clock"] = lambda zone: SAMPLES_TODAY
        nurse = Nurse(tg)

        # 1. The reason, then the primary document (a bad one first).
        menu = await nurse.says("/start")
        menu = await nurse._next("sendMessage")  # the welcome, then the staff menu
        assert menu.text == said("withdrawal-menu")
        question = await nurse.presses(menu, data_of(menu, "new", WithdrawDoc), "sendMessage")
        assert said("withdrawal-reason", reason="medical_use") in str(question.message["reply_markup"])
        question = await nurse.presses(question, WithdrawStep(action="reason", value="medical_use").pack())
        assert question.text.startswith(said("withdrawal-primary-ask", kind=said("withdrawal-kind", kind="prescription")))
        assert (await nurse.says("tomorrow")).text == said("withdrawal-primary-bad-primary")
        assert (await nurse.says("R-12 30.12.2099")).text == said("withdrawal-primary-future-primary")
        prompt = await nurse.says("R-12 20.11.2026")
        [doc] = await list_drafts(db, org.id)
        assert (doc.reason, doc.primary_number, doc.primary_date.isoformat()) == ("medical_use", "R-12", "2026-11-20")
        assert said("withdrawal-scan-ask") in prompt.text

        # 2. Codes: a photo, the same pack again as a picture file, a typed one, garbage.
        added = await nurse.sends_photo(photo(GREEN))
        assert added.text.startswith("✅") and wire(GREEN) in added.text and "C96000" in added.text
        assert added.message["reply_to_message"]["photo"]
        again = await nurse.sends_file(photo(GREEN), "IMG_1.JPG", "image/jpeg")
        assert said("withdrawal-duplicate") in again.text and wire(GREEN) in again.text
        assert said("withdrawal-count", count=1) in again.text
        assert (await nurse.says("hello")).text == said("withdrawal-not-a-code")
        typed = await nurse.says(IN_CIRCULATION[0])
        assert typed.text.startswith("✅") and said("withdrawal-count", count=2) in typed.text

        # 3. A pack not in circulation waits for "Add anyway".
        warned = await nurse.says(SOLD)
        assert said("withdrawal-warning", warning="withdrawn") in warned.text
        assert said("withdrawal-count", count=2) in warned.text
        confirmed = await nurse.presses(warned, data_of(warned, "add_anyway"), "sendMessage")
        assert confirmed.text.startswith("✅") and said("withdrawal-count", count=3) in confirmed.text

        # 4. A scanner's CSV (a header, a code twice, a bad line) and a spreadsheet; an album of two photos.
        listing = "code;qty\n" + f"{IN_CIRCULATION[1]};1\n{IN_CIRCULATION[1]};1\nnot a code;1\n"
        answer = await nurse.sends_file(listing.encode(), "scan.csv", "text/csv")
        assert said("withdrawal-tally", added=1, duplicate=0, asked=0) not in answer.text  # one code, said once
        assert answer.text.startswith("✅") and said("withdrawal-list-bad-lines", count=1, lines="4") in answer.text
        sheet = await nurse.sends_file(xlsx([["GTIN+serial"], [IN_CIRCULATION[2]], [IN_CIRCULATION[0]]]), "codes.xlsx")
        assert said("withdrawal-tally", added=1, duplicate=1, asked=0) in sheet.text
        for name in (GREEN_OTHER, RECALLED):
            tg.server.send_photo(STAFF, photo(name), media_group_id="tray-1", language_code="en")
        album = await nurse._next("sendMessage")
        album_2 = await nurse._next("sendMessage")
        texts = album.text + album_2.text
        assert said("withdrawal-duplicate") in texts  # pack_001's code came in the CSV already
        assert said("withdrawal-warning", warning="recalled") in texts  # a question, not added
        pending = album if "⚠" in album.text else album_2
        skipped = await nurse.alert_after_pressing(pending, data_of(pending, "skip_pending"))
        assert skipped == said("withdrawal-pending-skipped", count=1)

        # 5. A file of the wrong kind; the list, and a code removed.
        assert (await nurse.sends_file(b"%PDF-1.4", "act.pdf")).text == said("withdrawal-file-kind")
        shown = await nurse.presses(sheet, data_of(sheet, "list"))
        assert said("withdrawal-list-how") in shown.text and shown.text.count(" · batch ") == 5
        latest = data_of(shown, "remove")  # the first button: the latest code added (from the spreadsheet)
        shown = await nurse.presses(shown, latest)
        assert shown.text.count(" · batch ") == 4 and IN_CIRCULATION[2] not in shown.text
        assert await nurse.alert_after_pressing(shown, data_of(shown, "remove")) == said("withdrawal-removed")
        shown = await nurse._next("editMessageText")  # the list again, without IN_CIRCULATION[1]
        assert shown.text.count(" · batch ") == 3

        # 6. The summary, and Send.
        summary = await nurse.presses(shown, data_of(shown, "review"))
        assert said("withdrawal-summary-ask") in summary.text and said("withdrawal-count", count=3) in summary.text
        assert "R-12" in summary.text and "20.11.2026" in summary.text
        queued = await nurse.presses(summary, data_of(summary, "send"))
        assert queued.text == said("withdrawal-queued", number=str(doc.id), count=3)
        assert await nurse.alert_after_pressing(typed, data_of(typed, "review")) == said("withdrawal-stale")

        # 7. The sender delivers the files (no API access) and tells the status; /operations shows it.
        files = [await nurse._next("sendDocument"), await nurse._next("sendDocument")]
        [sent] = [f for f in files if f.result["document"]["file_name"].endswith(".json")]
        body = json.loads(tg.server.file_bytes(sent.result["document"]["file_id"]))
        assert sorted(c["code"] for c in body["codes"]) == sorted([wire(GREEN), IN_CIRCULATION[0], SOLD])
        status = await nurse._next("sendMessage")
        assert status.text == said("withdrawal-status-changed", number=str(doc.id),
                                   status=said("withdrawal-status-sent"))
        listing = await nurse.says("/operations")
        assert f"No. {doc.id}" in listing.text and said("withdrawal-status-sent") in listing.text
        assert {line.state for line in await document_codes(db, doc.id)} == {"pending"}

        # 8. A citizen checks one of its packs: red, "used by a medical institution"; the operator is alerted.
        tg.server.send_text(CITIZEN, IN_CIRCULATION[0], language_code="en")
        [card] = await tg.server.wait_for(CITIZEN, timeout=15)
        withdrawn_on = day_text((await get_document(db, doc.id)).submitted_at)
        assert card.text.startswith("🔴") and said("verdict-withdrawn-institution", date=withdrawn_on) in card.text
        [alert] = await tg.server.wait_for(OPERATOR, timeout=15)
        assert "City Hospital 7" in alert.text


async def test_drafts_are_kept_resumed_and_deleted(staff_db, botapi):
    db, mode, org = staff_db
    async with start(db, mode, botapi) as tg:
        tg.dp["clock"] = lambda zone: SAMPLES_TODAY
        nurse = Nurse(tg)
        question = await nurse.says("/withdraw")
        question = await nurse.presses(question, WithdrawStep(action="reason", value="loss").pack())
        prompt = await nurse.presses(question, data_of(question, "skip"))  # a loss needs no primary document
        added = await nurse.says(IN_CIRCULATION[0])
        saved = await nurse.presses(added, data_of(added, "save"))
        [doc] = await list_drafts(db, org.id)
        assert saved.text == said("withdrawal-saved", number=str(doc.id)) and doc.primary_number is None
        assert (await nurse.says(IN_CIRCULATION[1])).text.startswith("🟢")  # out of the conversation: a check
        assert await nurse.alert_after_pressing(prompt, data_of(prompt, "list")) == said("withdrawal-stale")

        drafts = await nurse.says("/drafts")
        assert said("withdrawal-draft-line", number=str(doc.id), reason=said("withdrawal-reason", reason="loss"),
                    count=1, date=doc.created_at.strftime("%d.%m.%Y")) in drafts.text
        prompt = await nurse.presses(drafts, data_of(drafts, "resume", WithdrawDoc), "sendMessage")
        assert said("withdrawal-count", count=1) in prompt.text
        await nurse.says(IN_CIRCULATION[1])
        huge = await nurse.sends_file(b"0" * (20 * 1024 * 1024 + 1), "all-codes.csv")  # over what bots may download
        assert huge.text == said("check-file-too-big")
        assert (await nurse.sends_file(b"\x00\x01binary", "codes.txt")).text == said("withdrawal-list-unreadable")
        assert (await nurse.says("/cancel")).text == said("withdrawal-saved", number=str(doc.id))  # kept, not lost
        assert len(await document_codes(db, doc.id)) == 2

        deleted = await nurse.presses(drafts, data_of(drafts, "delete", WithdrawDoc))
        assert deleted.text == said("withdrawal-drafts-none") and await get_document(db, doc.id) is None
        # A required primary document cannot be skipped: destruction asks for its act.
        question = await nurse.says("/withdraw")
        question = await nurse.presses(question, WithdrawStep(action="reason", value="destruction").pack())
        assert said("withdrawal-primary-required") in question.text and "skip" not in str(question.message)
        cancelled = await nurse.presses(question, data_of(question, "cancel"))
        assert cancelled.text == said("withdrawal-cancelled") and await list_drafts(db, org.id) == []


async def test_only_an_organisations_staff_and_admins_get_in(staff_db, botapi):
    db, mode, org = staff_db
    other = await add_org(db, "Clinic 2", "987654321", "BP-2")
    foreign = await create_draft(db, other.id, OTHER_STAFF, "loss")
    # A document the national system processed with an error for one of its codes (as institutions/outbox.py
    # records it; the outbox itself is tested in tests/test_withdrawals.py).
    done = await create_draft(db, org.id, STAFF, "expiry")
    await add_codes(db, done.id, org.id, [parse_code(c) for c in IN_CIRCULATION[:2]], today=SAMPLES_TODAY)
    await submit(db, done.id, org.id)
    async with db.session() as session:
        await session.execute(update(WithdrawalDocument).where(WithdrawalDocument.id == done.id)
                              .values(status="partial"))
        await session.execute(update(WithdrawalOutbox).values(state="done"))
        await session.execute(update(WithdrawalCode).where(WithdrawalCode.serial == "EtfjgVvVqE1Sk")
                              .values(state="rejected", error="code is not owned by the participant"))
        await session.commit()
    async with start(db, mode, botapi) as tg:
        citizen, nurse, admin = Nurse(tg, CITIZEN), Nurse(tg), Nurse(tg, ADMIN)
        for command in ("/withdraw", "/drafts", "/operations"):
            assert (await citizen.says(command)).text == said("withdrawal-not-staff")
        assert (await citizen.says("/org list")).text == said("not-allowed")
        assert (await citizen.says("/grant 7002 institution 1")).text == said("not-allowed")

        # /operations: the document's status, and which code was refused and why.
        listing = await nurse.says("/operations")
        assert said("withdrawal-status-partial") in listing.text and f"No. {done.id}" in listing.text
        errors = await nurse.presses(listing, data_of(listing, "errors", WithdrawDoc), "sendMessage")
        assert errors.text.splitlines()[1:] == [f"{IN_CIRCULATION[1]} — code is not owned by the participant"]

        # A crafted button naming another organisation's draft changes nothing.
        drafts = await nurse.says("/drafts")
        assert drafts.text == said("withdrawal-drafts-none")
        crafted = {**drafts.message, "reply_markup": {"inline_keyboard": [[
            {"text": "x", "callback_data": WithdrawDoc(action="delete", document_id=foreign.id).pack()}]]}}
        tg.server._messages[(STAFF, drafts.message["message_id"])] = crafted  # as a modified client would send it
        assert await nurse.alert_after_pressing(crafted, WithdrawDoc(action="delete", document_id=foreign.id).pack()
                                                ) == said("withdrawal-draft-gone")
        assert await get_document(db, foreign.id) is not None

        # Admins add organisations and grant their staff; bad input is explained.
        assert (await admin.says("/org add 12345 BP-9 Clinic")).text == said("org-error-bad-tin")
        assert (await admin.says("/org add")).text == said("org-usage")
        added = await admin.says('/org add 111222333 BP-9 "Central Clinic" region=Bishkek')
        assert added.text == said("org-added", id="3", name="Central Clinic", gateway="file")
        assert "Central Clinic" in (await admin.says("/org list")).text
        assert (await admin.says("/grant 7002 institution 99")).text == said("org-error-unknown-org")
        assert (await admin.says("/grant 7002 institution")).text == said("org-grant-usage")
        granted = await admin.says("/grant 7002 institution 3")
        assert granted.text == said("org-granted", user="7002", org="3", before=said("role-citizen"))
        assert (await Nurse(tg, OTHER_STAFF).says("/drafts")).text == said("withdrawal-drafts-none")
