"""Withdrawal documents: drafts and their codes, submit (the mirror turns red at once), and sending
through the outbox to a local server playing the national system, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import io
import json
import os
import sys
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import select, update

from core.clock import utcnow
from institutions import documents, outbox
from institutions.documents import (
    DocumentError,
    add_code,
    add_codes,
    create_draft,
    delete_draft,
    document_codes,
    get_document,
    institution_mark,
    list_drafts,
    operations,
    remove_code,
    submit,
)
from institutions.gateway import RateLimit, ServiceSigner, XTraceGateway, gateways
from institutions.models import WithdrawalOutbox
from institutions.orgs import add_org
from register.models import CodeStatus, MaxPrice
from tests.conftest import REPO
from tests.xtrace import NationalSystem
from verification.gs1 import parse_code
from verification.service import verify_code, verify_codes

IN_CIRCULATION = ["010478018159083021r3.J1TWDtkwtD", "010478018159083021EtfjgVvVqE1Sk",
                  "010540318609139121lBYOvfZ8UzDzV"]
WITHDRAWN = "010478018159083021" + "6Qd8Mj7zdnbMj"
RECALLED = "010478491186252521" + "PZ6zfKN7xVGkj"       # batch R77001 is recalled
EXPIRED = "010869351819093021" + "87200977379"         # expired 2026-11-01
UNKNOWN = "010478018159083021" + "NOTONRECORD1"
FAR = timedelta(hours=2)  # past every lease, backoff and poll interval


def code(text: str):
    return parse_code(text)


async def _org(db, gateway="xtrace", tin="123456789"):
    return await add_org(db, "City Hospital 7", tin, "BP-77", "Tashkent", gateway,
                         "XTRACE_KEY_TEST" if gateway == "xtrace" else None)


async def _submitted(db, today, gateway="xtrace", codes=IN_CIRCULATION):
    org = await _org(db, gateway)
    doc = await create_draft(db, org.id, 501, "medical_use", "prescription", "RX-12", today)
    for text in codes:
        assert (await add_code(db, doc.id, org.id, code(text), today=today)).outcome == "added"
    await submit(db, doc.id, org.id)
    return org, doc


async def _drain_until_done(db, gateway_for, deliver=None, rounds=8, changed=None):
    async def no_files(author, document_id, files):
        raise AssertionError("no files for an xtrace organisation")
    for _ in range(rounds):
        await outbox.drain(db, gateway_for, deliver or no_files, changed, now=utcnow() + FAR)
    async with db.session() as session:
        return (await session.scalars(select(WithdrawalOutbox))).all()


@pytest.fixture
async def national(monkeypatch):
    monkeypatch.setenv("XTRACE_KEY_TEST", "test-key")
    async with NationalSystem() as server, aiohttp.ClientSession() as session:
        server.session = session
        yield server


def _gateway_for(server, timeout_s=5.0, signer=None):
    return lambda kind: XTraceGateway(server.url, server.session, signer=signer, timeout_s=timeout_s)


# ---------------------------------------------------------------- drafts
async def test_adding_codes_answers_each_case(register_db, today):
    db = register_db
    org = await _org(db)
    doc = await create_draft(db, org.id, 501, "medical_use")
    added = await add_code(db, doc.id, org.id, code(IN_CIRCULATION[0]), today=today)
    assert added.outcome == "added" and added.warning is None and added.batch == "V31583" and added.product
    assert (await add_code(db, doc.id, org.id, code(IN_CIRCULATION[0]), today=today)).outcome == "duplicate"
    for text, warning in ((WITHDRAWN, "withdrawn"), (RECALLED, "recalled"), (EXPIRED, "expired"),
                          (UNKNOWN, "unknown")):
        asked = await add_code(db, doc.id, org.id, code(text), today=today)
        assert (asked.outcome, asked.warning) == ("needs_confirmation", warning), text
    assert len(await document_codes(db, doc.id)) == 1  # nothing added without a confirmation
    confirmed = await add_code(db, doc.id, org.id, code(WITHDRAWN), confirmed=True, today=today)
    assert (confirmed.outcome, confirmed.warning) == ("added", "withdrawn")
    first = (await document_codes(db, doc.id))[0]
    assert first.serial == "r3.J1TWDtkwtD" and await remove_code(db, doc.id, org.id, first.id)
    assert not await remove_code(db, doc.id, org.id, first.id)  # gone already
    assert [line.serial for line in await document_codes(db, doc.id)] == ["6Qd8Mj7zdnbMj"]

    # An expired pack is what the reason "expiry" is for: no question asked there.
    expiry_doc = await create_draft(db, org.id, 501, "expiry")
    assert (await add_code(db, expiry_doc.id, org.id, code(EXPIRED), today=today)).outcome == "added"
    assert [d.id for d in await list_drafts(db, org.id)] == [expiry_doc.id, doc.id]
    await delete_draft(db, expiry_doc.id, org.id)
    assert [d.id for d in await list_drafts(db, org.id)] == [doc.id]
    assert await get_document(db, expiry_doc.id) is None


async def test_a_list_of_codes_answers_each_in_order(register_db, today, monkeypatch):
    db = register_db
    org = await _org(db)
    doc = await create_draft(db, org.id, 501, "free_prescription")
    answers = await add_codes(db, doc.id, org.id, [code(t) for t in (IN_CIRCULATION[0], UNKNOWN, IN_CIRCULATION[0],
                                                                     IN_CIRCULATION[1])], today=today)
    assert [a.outcome for a in answers] == ["added", "needs_confirmation", "duplicate", "added"]
    assert [line.serial for line in await document_codes(db, doc.id)] == ["r3.J1TWDtkwtD", "EtfjgVvVqE1Sk"]

    # A list is judged by a few set-based queries: the same verdicts as one lookup per code, whether the
    # register is fresh or (two months on) stale, and the same answers as adding one code at a time.
    async with db.session() as session:  # a price for the GTIN itself goes before its registration's
        session.add(MaxPrice(source="uz-prices", gtin="04780181590830", retail_price=1, currency="UZS"))
        await session.commit()
    mixed = [code(t) for t in (*IN_CIRCULATION, WITHDRAWN, RECALLED, EXPIRED, UNKNOWN, IN_CIRCULATION[0], UNKNOWN,
                               "(01)04784911862525(17)261001(10)R77001(21)BATCHINCODE1",  # recalled batch, in the code
                               "010478999999999621NOPRODUCT1")]  # a GTIN the catalogue lacks
    for day in (today, today + timedelta(days=60)):
        assert await verify_codes(db, mixed, day) == [await verify_code(db, c, day) for c in mixed]
    assert (await verify_code(db, mixed[0], today)).max_price.matched_by == "gtin"
    for confirmed in (False, True):
        listed, one_by_one = [await create_draft(db, org.id, 501, "medical_use") for _ in range(2)]
        answers = await add_codes(db, listed.id, org.id, mixed, confirmed, today)
        assert answers == [await add_code(db, one_by_one.id, org.id, c, confirmed, today) for c in mixed]
        lines = [[(x.gtin, x.serial, x.product, x.batch, x.expiry) for x in await document_codes(db, d.id)]
                 for d in (listed, one_by_one)]
        assert lines[0] == lines[1] and len(lines[0]) == (3 if not confirmed else 9)
    assert [(a.outcome, a.warning) for a in answers] == [
        *[("added", None)] * 3, ("added", "withdrawn"), ("added", "recalled"), ("added", "expired"),
        ("added", "unknown"), ("duplicate", None), ("duplicate", None), ("added", "recalled"), ("added", "unknown")]

    monkeypatch.setattr(documents, "MAX_CODES", 2)
    with pytest.raises(DocumentError) as refused:
        await add_codes(db, doc.id, org.id, [code(IN_CIRCULATION[2])], today=today)
    assert refused.value.reason == "too_many"
    assert len(await document_codes(db, doc.id)) == 2


async def test_drafts_are_the_organisations_own(register_db, today):
    db = register_db
    org = await _org(db)
    other = await _org(db, tin="987654321")
    doc = await create_draft(db, org.id, 501, "loss")
    for attempt in (add_code(db, doc.id, other.id, code(IN_CIRCULATION[0]), today=today),
                    submit(db, doc.id, other.id), remove_code(db, doc.id, other.id, 1)):
        with pytest.raises(DocumentError) as refused:
            await attempt
        assert refused.value.reason == "unknown_document"
    with pytest.raises(DocumentError) as refused:
        await submit(db, doc.id, org.id)
    assert refused.value.reason == "empty"
    with pytest.raises(DocumentError) as refused:
        await create_draft(db, org.id, 501, "sale")
    assert refused.value.reason == "bad_reason"
    with pytest.raises(DocumentError) as refused:
        await add_code(db, doc.id, org.id, code("04780181590830"), today=today)
    assert refused.value.reason == "not_a_pack"
    assert await operations(db, other.id) == []


async def test_submit_queues_once_and_turns_the_mirror_red(register_db, today):
    db = register_db
    before = await verify_code(db, code(IN_CIRCULATION[0]), today)
    assert before.verdict.level == "green"
    org, doc = await _submitted(db, today)
    queued = await get_document(db, doc.id)
    assert (queued.status, queued.codes) == ("queued", 3) and queued.submitted_at is not None
    async with db.session() as session:
        assert [(r.document_id, r.state) for r in (await session.scalars(select(WithdrawalOutbox))).all()] == [
            (doc.id, "send")]
    after = await verify_code(db, code(IN_CIRCULATION[0]), today)
    assert after.verdict.level == "red" and after.verdict.reason == "withdrawn"
    assert after.code_status.reason == "medical_use" and after.batch == "V31583"  # the batch on record stays
    mark = await institution_mark(db, "04780181590830", "r3.J1TWDtkwtD")
    assert (mark.organisation_id, mark.organisation) == (org.id, org.name) and mark.reason == "medical_use" and not mark.confirmed
    with pytest.raises(DocumentError) as refused:
        await submit(db, doc.id, org.id)
    assert refused.value.reason == "not_draft"
    with pytest.raises(DocumentError):
        await delete_draft(db, doc.id, org.id)  # a sent document stays on record
    with pytest.raises(DocumentError):
        await add_code(db, doc.id, org.id, code(IN_CIRCULATION[0]), today=today)
    assert [d.status for d in await operations(db, org.id)] == ["queued"]


# ---------------------------------------------------------------- sending
async def test_success(register_db, today, national):
    db = register_db
    _, doc = await _submitted(db, today)
    rows = await _drain_until_done(db, _gateway_for(national))
    assert [r.state for r in rows] == ["done"]
    assert national.posts == 1 and len(national.docs) == 1
    [sent] = national.docs.values()
    body = sent.body
    assert body["businessPlaceId"] == "BP-77" and body["externalId"] == doc.uuid
    assert body["primaryDocument"] == {"type": "prescription", "number": "RX-12", "date": today.isoformat()}
    assert [c["code"] for c in body["codes"]] == IN_CIRCULATION
    assert sent.signature is None
    done = await get_document(db, doc.id)
    assert (done.status, done.national_id) == ("success", "doc-1")
    assert {line.state for line in await document_codes(db, doc.id)} == {"confirmed"}
    assert (await institution_mark(db, "04780181590830", "r3.J1TWDtkwtD")).confirmed
    assert (await verify_code(db, code(IN_CIRCULATION[0]), today)).verdict.level == "red"


async def test_the_author_is_told_each_new_status_once(register_db, today, national):
    db = register_db
    _, doc = await _submitted(db, today)
    told = []

    async def changed(document_id, status):
        told.append((document_id, status))
        raise RuntimeError("Telegram is down")  # a notice that fails is not sent again and again

    await _drain_until_done(db, _gateway_for(national), changed=changed)
    assert told == [(doc.id, "sent"), (doc.id, "success")]


async def test_partial_refuses_some_codes_and_gives_them_back(register_db, today, national):
    db = register_db
    national.outcome = "PARTIALLY_PROCESSED"
    national.refuse = {IN_CIRCULATION[1]: "code is not at this business place"}
    _, doc = await _submitted(db, today)
    await _drain_until_done(db, _gateway_for(national))
    assert (await get_document(db, doc.id)).status == "partial"
    lines = {line.serial: line for line in await document_codes(db, doc.id)}
    assert lines["EtfjgVvVqE1Sk"].state == "rejected"
    assert lines["EtfjgVvVqE1Sk"].error == "code is not at this business place"
    assert lines["r3.J1TWDtkwtD"].state == "confirmed"
    # The refused pack is in circulation again in the mirror; the others stay withdrawn.
    assert (await verify_code(db, code(IN_CIRCULATION[1]), today)).verdict.level == "green"
    assert (await verify_code(db, code(IN_CIRCULATION[0]), today)).verdict.level == "red"
    assert await institution_mark(db, "04780181590830", "EtfjgVvVqE1Sk") is None


async def test_error_gives_every_code_back(register_db, today, national):
    db = register_db
    national.outcome = "ERROR"
    _, doc = await _submitted(db, today, codes=[IN_CIRCULATION[0], IN_CIRCULATION[2]])
    async with db.session() as session:  # the feed has since said something newer of one pack: it stands
        await session.execute(update(CodeStatus).where(CodeStatus.serial == "lBYOvfZ8UzDzV")
                              .values(reason="sale", changed_at=utcnow() + timedelta(minutes=1)))
        await session.commit()
    await _drain_until_done(db, _gateway_for(national))
    assert (await get_document(db, doc.id)).status == "error"
    assert (await verify_code(db, code(IN_CIRCULATION[2]), today)).code_status.reason == "sale"
    assert {(line.state, line.error) for line in await document_codes(db, doc.id)} == {
        ("rejected", "business place not found")}
    assert (await verify_code(db, code(IN_CIRCULATION[0]), today)).verdict.level == "green"


async def test_an_unknown_code_refused_leaves_no_mark(register_db, today, national):
    """A code the mirror did not know goes back to not being on record: never claim more than the data says."""
    db = register_db
    national.outcome = "ERROR"
    org = await _org(db)
    doc = await create_draft(db, org.id, 501, "destruction")
    await add_code(db, doc.id, org.id, code(UNKNOWN), confirmed=True, today=today)
    await submit(db, doc.id, org.id)
    assert (await verify_code(db, code(UNKNOWN), today)).verdict.reason == "withdrawn"
    await _drain_until_done(db, _gateway_for(national))
    assert (await verify_code(db, code(UNKNOWN), today)).code_status is None


async def test_429_waits_as_asked_without_counting_a_failure(register_db, today, national):
    db = register_db
    national.post_script = ["429"]
    _, doc = await _submitted(db, today)
    gateway_for = _gateway_for(national)
    await outbox.drain(db, gateway_for, None)
    async with db.session() as session:
        row = (await session.scalars(select(WithdrawalOutbox))).one()
    assert (row.state, row.attempts, row.in_flight) == ("send", 0, False)
    assert timedelta(seconds=5) < row.next_at - utcnow() <= timedelta(seconds=7)
    assert await outbox.drain(db, gateway_for, None) == 0  # not before the time it asked for
    await _drain_until_done(db, gateway_for)
    assert national.posts == 2 and len(national.docs) == 1
    assert (await get_document(db, doc.id)).status == "success"


async def test_a_timeout_searches_before_sending_again(register_db, today, national):
    db = register_db
    national.post_script, national.slow_s = ["slow"], 1.0
    _, doc = await _submitted(db, today)
    await outbox.drain(db, _gateway_for(national, timeout_s=0.3), None)
    async with db.session() as session:
        row = (await session.scalars(select(WithdrawalOutbox))).one()
    assert (row.state, row.in_flight, row.attempts) == ("send", True, 1)  # the outcome is unknown
    await _drain_until_done(db, _gateway_for(national))
    assert national.posts == 1 and len(national.docs) == 1  # found, not sent twice
    assert (await get_document(db, doc.id)).status == "success"


async def test_a_500_then_success(register_db, today, national):
    db = register_db
    national.post_script = ["500"]
    _, doc = await _submitted(db, today)
    await _drain_until_done(db, _gateway_for(national))
    assert national.posts == 2 and len(national.docs) == 1
    assert (await get_document(db, doc.id)).status == "success"


async def test_a_refused_document_is_an_error_at_once(register_db, today, national):
    db = register_db
    national.post_script = ["400"]
    _, doc = await _submitted(db, today)
    await outbox.drain(db, _gateway_for(national), None)
    refused = await get_document(db, doc.id)
    assert refused.status == "error" and "primaryDocument.number is required" in refused.error
    assert national.posts == 1 and not national.docs
    assert (await verify_code(db, code(IN_CIRCULATION[0]), today)).verdict.level == "green"


async def test_reason_codes_come_from_the_settings(register_db, today, national):
    db = register_db
    await _submitted(db, today)
    gateway = XTraceGateway(national.url, national.session, reason_codes={"medical_use": ("T-9", "R-9")})
    await _drain_until_done(db, lambda kind: gateway)
    [sent] = national.docs.values()
    assert (sent.body["withdrawalType"], sent.body["withdrawalReason"]) == ("T-9", "R-9")


async def test_a_missing_key_or_address_waits_without_sending(register_db, today, national, monkeypatch):
    """Set-up mistakes hold the document in the outbox (retried with backoff) and send nothing."""
    db = register_db
    _, doc = await _submitted(db, today)
    monkeypatch.delenv("XTRACE_KEY_TEST")
    for gateway_for, words in ((_gateway_for(national), "XTRACE_KEY_TEST"),
                               (gateways(national.session, None), "XTRACE_BASE_URL")):
        await outbox.drain(db, gateway_for, None, now=utcnow() + FAR)
        async with db.session() as session:
            row = (await session.scalars(select(WithdrawalOutbox))).one()
        assert row.state == "send" and words in row.error and row.next_at > utcnow()
    assert national.posts == 0 and (await get_document(db, doc.id)).status == "queued"
    monkeypatch.setenv("XTRACE_KEY_TEST", "test-key")
    await _drain_until_done(db, gateways(national.session, national.url))
    assert (await get_document(db, doc.id)).status == "success"


class Crash(BaseException):
    """The process dies between the national system's answer and our record of it."""


async def test_exactly_once_across_a_crash(register_db, today, national):
    db = register_db
    _, doc = await _submitted(db, today)
    real = XTraceGateway(national.url, national.session)

    class DiesAfterSending:
        async def find(self, out):
            return await real.find(out)

        async def send(self, out):
            await real.send(out)
            raise Crash

    with pytest.raises(Crash):
        await outbox.drain(db, lambda kind: DiesAfterSending(), None)
    assert national.posts == 1
    # The lease holds the document while the dead replica might still be at work...
    assert await outbox.drain(db, _gateway_for(national), None) == 0
    # ...and once it ends, another replica finds the document sent and does not send it again.
    await _drain_until_done(db, _gateway_for(national))
    assert national.posts == 1 and len(national.docs) == 1
    assert (await get_document(db, doc.id)).status == "success"


SENDER = """
import asyncio, sys
import aiohttp
from core.db import Database
from institutions import outbox
from institutions.gateway import gateways

async def main():
    db = Database(sys.argv[1])
    async with aiohttp.ClientSession() as session:
        await outbox.drain(db, gateways(session, sys.argv[2]), None)

asyncio.run(main())
"""


async def test_kill_9_right_after_send_sends_exactly_once(register_db, today, national, tmp_path):
    """A sender process killed while the national system holds its document (the answer not yet back)."""
    db = register_db
    _, doc = await _submitted(db, today)
    national.post_script, national.slow_s = ["slow"], 3.0  # the answer still held when the kill comes
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    sender = await asyncio.create_subprocess_exec(sys.executable, "-c", SENDER, db.url, national.url, env=env,
                                                  cwd=tmp_path)
    try:
        for _ in range(300):
            if national.docs:
                break
            await asyncio.sleep(0.05)
        assert national.docs, "the sender never reached the national system"
    finally:
        sender.kill()  # SIGKILL: nothing of ours runs after it
        await sender.wait()
    await _drain_until_done(db, _gateway_for(national))
    assert national.posts == 1 and len(national.docs) == 1
    assert (await get_document(db, doc.id)).status == "success"


async def test_the_signer_signs_exactly_the_body_sent(register_db, today, national):
    db = register_db
    await _submitted(db, today)
    await _drain_until_done(db, _gateway_for(national, signer=ServiceSigner(national.url + "/sign", national.session)))
    [sent] = national.docs.values()
    assert sent.signature == "pkcs7-of-" + hashlib.sha256(sent.raw_body.encode()).hexdigest()
    assert json.loads(base64.b64decode(sent.raw_body))["codes"][0] == {"code": IN_CIRCULATION[0]}


async def test_the_file_gateway_hands_json_and_csv_to_the_author(register_db, today):
    db = register_db
    _, doc = await _submitted(db, today, gateway="file")
    delivered = []

    async def deliver(author, document_id, files):
        delivered.append((author, files))

    rows = await _drain_until_done(db, lambda kind: pytest.fail("no gateway for files"), deliver)
    assert [r.state for r in rows] == ["done"] and len(delivered) == 1
    author, (json_file, csv_file) = delivered[0]
    assert author == 501 and json_file.name == f"withdrawal-{doc.uuid}.json" and csv_file.name.endswith(".csv")
    body = json.loads(json_file.data)
    assert body["businessPlaceId"] == "BP-77" and [c["code"] for c in body["codes"]] == IN_CIRCULATION
    rows = list(csv.DictReader(io.StringIO(csv_file.data.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == IN_CIRCULATION
    assert {(r["withdrawal_reason"], r["primary_document_number"]) for r in rows} == {("medical_use", "RX-12")}
    assert (await get_document(db, doc.id)).status == "sent"


async def test_rate_limit_holds_the_extra_request():
    limit = RateLimit(2, 0.2)
    loop_time = asyncio.get_running_loop().time
    start = loop_time()
    for _ in range(3):
        await limit.wait()
    assert loop_time() - start >= 0.15  # the third waited for the window
