"""Complaint services on both databases: prefill, storage, the staff state machine, the outbox, retention, export."""
import asyncio
import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from complaints import outbox
from complaints.draft import ComplaintDraft, PhotoRef, ProductFacts
from complaints.export import export_csv, make_filter
from complaints.images import clean_image
from complaints.models import Complaint, ComplaintEvent, ComplaintPhoto
from complaints.prefill import facts_from_check, search_products
from complaints.retention import purge_images
from complaints.roles import RoleError, grant_role, revoke_role
from complaints.service import (
    ComplaintError,
    PhotoIn,
    create_complaint,
    record_answer,
    staff_action,
    user_complaints,
)
from core.clock import utcnow
from core.users import get_user, touch_user
from tests.conftest import SAMPLES_TODAY
from verification.history import record_check
from verification.service import verify_text

PARACETAMOL = "010478018159083021r3.J1TWDtkwtD\x1d915LQS\x1d92as1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po+79="
CITIZEN, STAFF = 700001, 900002


async def _user(db, user_id=CITIZEN, language="ru"):
    await touch_user(db, user_id, language, "ru", frozenset())


def _photo(role="receipt", color=(250, 250, 250)) -> PhotoIn:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (300, 600), color).save(out, "JPEG")
    return PhotoIn(role, f"file-{role}", f"uniq-{role}", clean_image(out.getvalue()))


def _draft(paid="45000", cap="27000", name="Paracetamol-UZ 500 mg N20", **product) -> ComplaintDraft:
    facts = ProductFacts(name=name, gtin=product.pop("gtin", "04780181590830"),
                         max_price=Decimal(cap) if cap else None, currency="UZS", **product)
    draft = ComplaintDraft.for_price(facts)
    draft.price_paid, draft.pharmacy = Decimal(paid), "Apteka 36, Chilonzor"
    draft.receipt = PhotoRef("file-receipt", "uniq-receipt")
    return draft


async def test_the_cap_comes_from_the_check_and_from_the_name(register_db):
    db = register_db
    await _user(db)
    [result] = await verify_text(db, PARACETAMOL, SAMPLES_TODAY)
    check_id = await record_check(db, CITIZEN, result)
    facts = await facts_from_check(db, CITIZEN, check_id, SAMPLES_TODAY)
    assert facts.gtin == "04780181590830" and facts.check_id == check_id
    assert facts.name.startswith("Paracetamol-UZ") and facts.batch == "V31583"
    assert (facts.max_price, facts.currency) == (Decimal("27000"), "UZS")
    assert await facts_from_check(db, CITIZEN + 1, check_id, SAMPLES_TODAY) is None  # someone else's check
    found = await search_products(db, "paracetamol")
    assert found and found[0].max_price == Decimal("27000")


async def test_a_complaint_is_stored_whole_with_its_excess(db):
    await _user(db)
    view = await create_complaint(db, CITIZEN, _draft(), [_photo(), _photo("pack")])
    assert (view.status, view.price_verdict, view.excess, view.excess_percent) == (
        "new", "over_cap", Decimal("18000.00"), Decimal("66.7"))
    assert view.photos == 2 and view.desk_state == "pending" and view.language == "ru"
    within = await create_complaint(db, CITIZEN, _draft(paid="20000"), [_photo()])
    assert within.price_verdict == "within_cap" and within.excess == 0
    no_cap = await create_complaint(db, CITIZEN, _draft(cap=None), [_photo()])
    assert no_cap.price_verdict == "no_cap" and no_cap.excess is None
    assert [v.id for v in await user_complaints(db, CITIZEN)] == [no_cap.id, within.id, view.id]
    with pytest.raises(ComplaintError):
        await create_complaint(db, CITIZEN, _draft(), [_photo("pack")])  # no receipt: refused
    async with db.session() as session:
        assert len((await session.scalars(select(Complaint))).all()) == 3


async def test_staff_move_a_complaint_and_each_change_is_owed_to_the_citizen(db):
    await _user(db)
    view = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    taken = await staff_action(db, view.id, STAFF, "take")
    assert taken.changed and taken.complaint.status == "in_progress" and taken.complaint.assignee_id == STAFF
    assert not (await staff_action(db, view.id, STAFF, "take")).changed
    answered = await record_answer(db, view.id, STAFF, "  We fined the pharmacy.  ", desk_message_id=7)
    assert answered.complaint.status == "answered" and answered.complaint.answers == 1
    with pytest.raises(ComplaintError) as caught:
        await record_answer(db, view.id, STAFF, "   ")
    assert caught.value.reason == "empty"
    closed = await staff_action(db, view.id, STAFF, "close")
    assert closed.complaint.status == "closed" and closed.complaint.closed_at is not None
    for action in ("take", "reject", "close"):
        with pytest.raises(ComplaintError) as caught:
            await staff_action(db, view.id, STAFF, action)
        assert caught.value.reason == "final"
    with pytest.raises(ComplaintError):
        await record_answer(db, view.id, STAFF, "late")
    with pytest.raises(ComplaintError) as caught:
        await staff_action(db, 999, STAFF, "take")
    assert caught.value.reason == "not_found"
    notices = await outbox.claim_notices(db)
    assert [(n.kind, n.status, n.text) for n in notices] == [
        ("received", "new", None), ("status", "in_progress", None), ("answer", "answered", "We fined the pharmacy."),
        ("status", "closed", None)]
    assert {n.language for n in notices} == {"ru"}
    assert await outbox.claim_notices(db) == []  # leased


async def test_the_outbox_leases_each_complaint_to_one_poster(db, monkeypatch):
    await _user(db)
    first = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    second = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    claims = await asyncio.gather(outbox.claim_complaints(db), outbox.claim_complaints(db))
    assert sorted(claims[0] + claims[1]) == [first.id, second.id]
    assert await outbox.claim_complaints(db) == []
    monkeypatch.setattr(outbox, "BACKOFF_BASE_S", 2.0)
    delay = await outbox.desk_failed(db, first.id, "Bad Request: chat not found")
    assert delay == 2.0
    assert await outbox.desk_failed(db, first.id, "again") == 4.0
    later = utcnow() + timedelta(seconds=5)
    assert await outbox.claim_complaints(db, now=later) == [first.id]
    await outbox.topic_made(db, first.id, -100, 11)
    await outbox.photos_posted(db, first.id)
    await outbox.card_posted(db, first.id, 12)
    async with db.session() as session:
        row = await session.get(Complaint, first.id)
        assert (row.desk_state, row.desk_thread_id, row.desk_message_id, row.desk_attempts, row.desk_error) == (
            "posted", 11, 12, 2, None)
    assert await outbox.claim_complaints(db, now=later + timedelta(minutes=10)) == [second.id]
    await outbox.release_complaints(db, [second.id])  # a stopping job hands back what it held
    assert await outbox.claim_complaints(db) == [second.id]
    assert await outbox.next_due(db) is not None


async def test_receipt_images_are_purged_after_the_retention_period(db):
    await _user(db)
    old = await create_complaint(db, CITIZEN, _draft(), [_photo(), _photo("pack")])
    recent = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    still_open = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    await staff_action(db, old.id, STAFF, "close")
    await staff_action(db, recent.id, STAFF, "reject")
    assert await purge_images(db, 30) == 0
    assert await purge_images(db, 30, now=utcnow() + timedelta(days=31)) == 3  # old and recent closed
    async with db.session() as session:
        photos = {(p.complaint_id, p.role): p for p in await session.scalars(select(ComplaintPhoto))}
    assert photos[(old.id, "receipt")].data is None and photos[(old.id, "receipt")].file_id is None
    assert photos[(old.id, "receipt")].purged_at is not None
    assert photos[(still_open.id, "receipt")].data  # an open complaint keeps its evidence
    assert await purge_images(db, 30, now=utcnow() + timedelta(days=31)) == 0  # once only


async def test_export_csv_filters_by_status_product_and_date(db):
    await _user(db)
    a = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    b = await create_complaint(db, CITIZEN, _draft(name="Амоксиклав 875 mg", gtin="05403186091391",
                                                   paid="39000", cap="39000"), [_photo()])
    await staff_action(db, b.id, STAFF, "close")
    data, count = await export_csv(db, make_filter())
    assert count == 2 and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [str(a.id), str(b.id)]
    assert rows[0]["price_paid"] == "45000.00" and rows[0]["excess_percent"] == "66.7"
    assert rows[0]["price_verdict"] == "over_cap" and rows[1]["product"] == "Амоксиклав 875 mg"
    assert "phone" not in rows[0]
    assert (await export_csv(db, make_filter(status="closed")))[1] == 1
    assert (await export_csv(db, make_filter(product="paracetamol")))[1] == 1
    assert (await export_csv(db, make_filter(product="5403186091391")))[1] == 1  # a GTIN without its 0
    today = utcnow().date()
    assert (await export_csv(db, make_filter(since=str(today + timedelta(days=2)))))[1] == 0
    assert (await export_csv(db, make_filter(until=str(today + timedelta(days=1)))))[1] == 2


async def test_roles_granted_and_revoked_by_the_rules(db):
    admins = frozenset({1})
    assert await grant_role(db, STAFF, "Support", admins) == "citizen"
    async with db.session() as session:
        assert (await get_user(session, STAFF)).role == "support"
    for role, reason in (("admin", "unknown_role"), ("boss", "unknown_role")):
        with pytest.raises(RoleError) as caught:
            await grant_role(db, STAFF, role, admins)
        assert caught.value.reason == reason
    with pytest.raises(RoleError) as caught:
        await grant_role(db, 1, "support", admins)
    assert caught.value.reason == "fixed_admin"
    assert await revoke_role(db, STAFF, admins) == "support"
    with pytest.raises(RoleError) as caught:
        await revoke_role(db, 424242, admins)
    assert caught.value.reason == "unknown_user"


async def test_events_are_recorded_with_the_answer(db):
    await _user(db)
    view = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    await record_answer(db, view.id, STAFF, "Thank you", desk_message_id=5)
    async with db.session() as session:
        [event] = (await session.scalars(select(ComplaintEvent).where(ComplaintEvent.kind == "answer"))).all()
    assert (event.kind, event.author_id, event.text, event.desk_message_id, event.delivery) == (
        "answer", STAFF, "Thank you", 5, "pending")


async def test_a_draft_is_stored_once_however_often_it_is_sent(db):
    """Send pressed again (the bot died before the conversation was cleared): the same complaint, no second."""
    await _user(db)
    draft = _draft()
    first = await create_complaint(db, CITIZEN, draft, [_photo()])
    again = await create_complaint(db, CITIZEN, ComplaintDraft.from_dict(draft.to_dict()), [_photo()])
    other = await create_complaint(db, CITIZEN, _draft(), [_photo()])
    assert again.id == first.id != other.id
    async with db.session() as session:
        assert len((await session.scalars(select(Complaint))).all()) == 2
        events = (await session.execute(select(ComplaintEvent.complaint_id, ComplaintEvent.kind,
                                               ComplaintEvent.delivery).order_by(ComplaintEvent.id))).all()
    assert events == [(first.id, "received", "pending"), (other.id, "received", "pending")]  # one receipt each


# ----------------------------------------------------------------------------- the command line

def test_staff_tools_on_the_command_line(tmp_path, monkeypatch, capsys):
    """`medcheck role ...` and `medcheck complaints export|purge` against a real (SQLite) database."""
    from bot.cli import main
    from core.db import Database
    from core.migrate import upgrade as migrate

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ADMIN_IDS", "1")

    async def prepare():
        db = Database(url)
        await migrate(db)
        await _user(db)
        await create_complaint(db, CITIZEN, _draft(), [_photo()])
        closed = await create_complaint(db, CITIZEN, _draft(paid="27000"), [_photo()])
        await staff_action(db, closed.id, STAFF, "reject")
        await db.close()

    asyncio.run(prepare())
    assert main(["role", "grant", str(STAFF), "support"]) == 0
    assert f"user {STAFF}: citizen -> support" in capsys.readouterr().out
    assert main(["role", "grant", "1", "support"]) == 1
    assert "ADMIN_IDS" in capsys.readouterr().err
    assert main(["role", "revoke", str(STAFF)]) == 0
    assert "support -> citizen" in capsys.readouterr().out

    out = tmp_path / "complaints.csv"
    assert main(["complaints", "export", "--status", "new", "--product", "paracetamol", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["id"], r["status"], r["excess_percent"]) for r in rows] == [("1", "new", "66.7")]
    assert main(["complaints", "export", "--since", "last week"]) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["complaints", "purge"]) == 0  # nothing is old enough yet
    assert "purged the images of 0 photo(s)" in capsys.readouterr().out


def test_domain_code_does_not_import_aiogram():
    import subprocess
    import sys
    code = ("import sys, complaints.service, complaints.outbox, complaints.export, complaints.prefill, "
            "complaints.retention, complaints.roles, complaints.commands, complaints.money, complaints.images; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiogram', 'handlers')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
