"""Withdrawal documents: a draft gathers codes, `submit` stores it for sending and marks its codes
withdrawn in the mirror at once (a citizen's check turns red), and a refusal undoes that mark.

The rule for adding a code: a pack that the mirror says is in circulation goes in; any other (not
on record, already withdrawn, recalled, expired where the reason is not expiry) only once the staff
member confirms, so nothing is sent on a guess without a person having seen the warning.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, delete, func, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from core.clock import today_in, utcnow
from core.db import Database, UTCDateTime
from institutions.models import REASONS, Organisation, WithdrawalCode, WithdrawalDocument, WithdrawalOutbox
from register.models import CodeStatus
from verification.gs1 import PackCode
from verification.service import verify_codes

MAX_CODES = 30_000  # the national system takes at most this many codes in one document
# The primary document each reason rests on, and whether a document without one is refused.
PRIMARY_DOCUMENTS = {"medical_use": ("prescription", False), "expiry": ("act", False),
                     "free_prescription": ("prescription", True), "destruction": ("act", True),
                     "loss": ("act", False)}
_PRIMARY = re.compile(r"(?P<number>.+?)[\s,;]+(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})")


class DocumentError(ValueError):
    """Why a document change is refused: unknown_document, not_draft, bad_reason, not_a_pack, too_many, empty,
    bad_primary (no number and date), future_primary (dated after today)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AddResult:
    outcome: str                 # added, duplicate, needs_confirmation
    warning: str | None = None   # unknown, withdrawn, recalled, expired: why confirmation is asked
    product: str | None = None
    batch: str | None = None
    expiry: date | None = None


@dataclass(frozen=True)
class CodeLine:
    id: int
    gtin: str
    serial: str
    product: str | None
    batch: str | None
    expiry: date | None
    state: str
    error: str | None


@dataclass(frozen=True)
class DocumentView:
    id: int
    uuid: str
    organisation_id: int
    author_id: int
    reason: str
    primary_type: str | None
    primary_number: str | None
    primary_date: date | None
    status: str
    national_id: str | None
    error: str | None
    codes: int
    created_at: datetime
    submitted_at: datetime | None


def parse_primary(text: str, today: date) -> tuple[str, date]:
    """A primary document as staff type it: its number, then its date (DD.MM.YYYY), e.g. "R-123 28.11.2026"."""
    m = _PRIMARY.fullmatch(text.strip())
    if m is None or len(m["number"]) > 64:
        raise DocumentError("bad_primary")
    try:
        day = date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        raise DocumentError("bad_primary") from None
    if day > today:
        raise DocumentError("future_primary")
    return m["number"].strip(), day


async def create_draft(db: Database, organisation_id: int, author_id: int, reason: str,
                       primary_type: str | None = None, primary_number: str | None = None,
                       primary_date: date | None = None) -> DocumentView:
    if reason not in REASONS:
        raise DocumentError("bad_reason")
    doc = WithdrawalDocument(uuid=str(uuid.uuid4()), organisation_id=organisation_id, author_id=author_id,
                             reason=reason, primary_type=primary_type, primary_number=primary_number,
                             primary_date=primary_date, status="draft")
    async with db.session() as session:
        session.add(doc)
        await session.commit()
        return _view(doc, 0)


async def _draft(session, document_id: int, organisation_id: int) -> WithdrawalDocument:
    doc = await session.get(WithdrawalDocument, document_id)
    if doc is None or doc.organisation_id != organisation_id:
        raise DocumentError("unknown_document")  # another organisation's document is as good as absent
    if doc.status != "draft":
        raise DocumentError("not_draft")
    return doc


async def add_code(db: Database, document_id: int, organisation_id: int, code: PackCode,
                   confirmed: bool = False, today: date | None = None) -> AddResult:
    """Add one pack to a draft, unless it is there already or the mirror gives a reason to ask first."""
    return (await add_codes(db, document_id, organisation_id, [code], confirmed, today))[0]


async def add_codes(db: Database, document_id: int, organisation_id: int, codes: list[PackCode],
                    confirmed: bool = False, today: date | None = None) -> list[AddResult]:
    """Add packs to a draft (a scanner's list, a photo of a tray): one answer per code, in order, and the
    added ones written in one transaction. `confirmed` adds the packs that would need a confirmation."""
    if any(not code.is_pack for code in codes):
        raise DocumentError("not_a_pack")
    today = today or today_in()
    async with db.session() as session:
        doc = await _draft(session, document_id, organisation_id)
        reason = doc.reason
        there = {(gtin, serial) for gtin, serial in (await session.execute(
            select(WithdrawalCode.gtin, WithdrawalCode.serial).where(WithdrawalCode.document_id == document_id))).all()}
    checks = await verify_codes(db, codes, today)  # set-based: a 30 000-code list is a few queries
    results, rows = [], []
    for code, check in zip(codes, checks, strict=True):
        product = check.product.trade_name if check.product else None
        if (code.gtin, code.serial) in there:
            results.append(AddResult("duplicate", None, product, check.batch, check.expiry))
            continue
        warning = _warning(check, reason, today)
        if warning and not confirmed:
            results.append(AddResult("needs_confirmation", warning, product, check.batch, check.expiry))
            continue
        there.add((code.gtin, code.serial))
        rows.append({"document_id": document_id, "gtin": code.gtin, "serial": code.serial, "batch": check.batch,
                     "expiry": check.expiry, "product": product, "warning": warning, "state": "added"})
        results.append(AddResult("added", warning, product, check.batch, check.expiry))
    if rows:
        async with db.session() as session:
            await _draft(session, document_id, organisation_id)
            if len(there) > MAX_CODES:
                raise DocumentError("too_many")
            for start in range(0, len(rows), 1000):
                await session.execute(insert(WithdrawalCode), rows[start:start + 1000])
            await _touch(session, document_id)
            await session.commit()  # the unique constraint refuses a pack added twice at once
    return results


def _warning(check, reason: str, today: date) -> str | None:
    """Why this pack is not plainly in circulation, the gravest first; None when it is."""
    if check.recall is not None or "recalled" in check.verdict.reasons:
        return "recalled"
    status = check.code_status.status if check.code_status else None
    if status == "withdrawn":
        return "withdrawn"
    if status != "in_circulation":
        return "unknown"
    if check.expiry is not None and check.expiry < today and reason != "expiry":
        return "expired"
    return None


async def remove_code(db: Database, document_id: int, organisation_id: int, line_id: int) -> bool:
    """Take one pack (a CodeLine's id) out of a draft; False when it was not there."""
    async with db.session() as session:
        await _draft(session, document_id, organisation_id)
        result = await session.execute(delete(WithdrawalCode).where(
            WithdrawalCode.document_id == document_id, WithdrawalCode.id == line_id))
        await _touch(session, document_id)
        await session.commit()
    return result.rowcount > 0


async def delete_draft(db: Database, document_id: int, organisation_id: int) -> None:
    async with db.session() as session:
        await _draft(session, document_id, organisation_id)
        await session.execute(delete(WithdrawalCode).where(WithdrawalCode.document_id == document_id))
        await session.execute(delete(WithdrawalDocument).where(WithdrawalDocument.id == document_id))
        await session.commit()


async def _touch(session, document_id: int) -> None:
    await session.execute(update(WithdrawalDocument).where(WithdrawalDocument.id == document_id)
                          .values(updated_at=utcnow()))


async def document_codes(db: Database, document_id: int, *, limit: int | None = None, latest: bool = False,
                         rejected: bool = False) -> list[CodeLine]:
    """The document's packs in the order they were added (`latest`: the last added first; `rejected`:
    only those the national system refused)."""
    where = [WithdrawalCode.document_id == document_id]
    if rejected:
        where.append(WithdrawalCode.state == "rejected")
    order = WithdrawalCode.id.desc() if latest else WithdrawalCode.id
    async with db.session() as session:
        rows = (await session.scalars(select(WithdrawalCode).where(*where).order_by(order).limit(limit))).all()
    return [CodeLine(r.id, r.gtin, r.serial, r.product, r.batch, r.expiry, r.state, r.error) for r in rows]


async def get_document(db: Database, document_id: int) -> DocumentView | None:
    views = await _views(db, WithdrawalDocument.id == document_id)
    return views[0] if views else None


async def list_drafts(db: Database, organisation_id: int, author_id: int | None = None) -> list[DocumentView]:
    """Drafts of the organisation (of one author when given), the latest first."""
    where = [WithdrawalDocument.organisation_id == organisation_id, WithdrawalDocument.status == "draft"]
    if author_id is not None:
        where.append(WithdrawalDocument.author_id == author_id)
    return await _views(db, *where)


async def operations(db: Database, organisation_id: int) -> list[DocumentView]:
    """Every document of the organisation, drafts included, the latest first."""
    return await _views(db, WithdrawalDocument.organisation_id == organisation_id)


async def _views(db: Database, *where) -> list[DocumentView]:
    counts = (select(WithdrawalCode.document_id, func.count().label("n")).group_by(WithdrawalCode.document_id)
              .subquery())
    stmt = (select(WithdrawalDocument, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.document_id == WithdrawalDocument.id)
            .where(*where).order_by(WithdrawalDocument.id.desc()))
    async with db.session() as session:
        return [_view(doc, n) for doc, n in (await session.execute(stmt)).all()]


def _view(doc: WithdrawalDocument, codes: int) -> DocumentView:
    return DocumentView(doc.id, doc.uuid, doc.organisation_id, doc.author_id, doc.reason, doc.primary_type,
                        doc.primary_number, doc.primary_date, doc.status, doc.national_id, doc.error, codes,
                        doc.created_at, doc.submitted_at)


async def submit(db: Database, document_id: int, organisation_id: int) -> DocumentView:
    """In one transaction: the draft becomes queued, its outbox row is written, and its codes are marked
    withdrawn in the mirror ("pending" in our own rows until the national system confirms).

    Set-based statements, whatever the number of codes: each code keeps what the mirror said before,
    so that a refusal can put it back.
    """
    now = utcnow()
    codes, mirror = WithdrawalCode.__table__, CodeStatus.__table__
    mine = codes.c.document_id == document_id

    def before(column):
        return select(column).where(mirror.c.gtin == codes.c.gtin, mirror.c.serial == codes.c.serial).scalar_subquery()

    async with db.session() as session:
        doc = await _draft(session, document_id, organisation_id)
        count = await session.scalar(select(func.count()).where(mine))
        if not count:
            raise DocumentError("empty")
        await session.execute(update(codes).where(mine).values(
            state="pending", prev_status=before(mirror.c.status), prev_reason=before(mirror.c.reason),
            prev_changed_at=before(mirror.c.changed_at)))
        rows = select(codes.c.gtin, codes.c.serial, literal("withdrawn"), literal(doc.reason), codes.c.batch,
                      codes.c.expiry, literal(now, UTCDateTime())).where(mine)
        insert_ = (sqlite if db.is_sqlite else postgresql).insert(mirror).from_select(
            ["gtin", "serial", "status", "reason", "batch", "expiry", "changed_at"], rows)
        await session.execute(insert_.on_conflict_do_update(
            index_elements=["gtin", "serial"],
            set_={"status": insert_.excluded.status, "reason": insert_.excluded.reason,
                  "changed_at": insert_.excluded.changed_at,  # the batch and expiry on record stay if we know none
                  "batch": func.coalesce(insert_.excluded.batch, mirror.c.batch),
                  "expiry": func.coalesce(insert_.excluded.expiry, mirror.c.expiry)}))
        doc.status, doc.submitted_at, doc.updated_at = "queued", now, now
        session.add(WithdrawalOutbox(document_id=document_id, state="send", next_at=now))
        await session.commit()
        return _view(doc, count)


@dataclass(frozen=True)
class InstitutionMark:
    """What the mirror's "withdrawn" rests on when an institution withdrew the pack (for the citizen's card)."""

    organisation_id: int
    organisation: str  # its name, as operators read it in a leak alert
    reason: str
    withdrawn_at: datetime
    confirmed: bool  # False: sent or on its way, the national system has not confirmed it yet


async def institution_mark(db: Database, gtin: str, serial: str) -> InstitutionMark | None:
    """The latest standing withdrawal of this pack by an institution (refused ones do not count)."""
    stmt = (select(WithdrawalDocument.organisation_id, Organisation.name, WithdrawalDocument.reason,
                   WithdrawalDocument.submitted_at, WithdrawalCode.state)
            .join(WithdrawalDocument, WithdrawalDocument.id == WithdrawalCode.document_id)
            .join(Organisation, Organisation.id == WithdrawalDocument.organisation_id)
            .where(WithdrawalCode.gtin == gtin, WithdrawalCode.serial == serial,
                   WithdrawalCode.state.in_(("pending", "confirmed")))
            .order_by(WithdrawalDocument.submitted_at.desc()).limit(1))
    async with db.session() as session:
        row = (await session.execute(stmt)).first()
    return InstitutionMark(row[0], row[1], row[2], row[3], row[4] == "confirmed") if row else None


async def settle_codes(session, document_id: int, marked_at: datetime, errors: dict[str, str], all_failed: bool,
                       error: str | None = None) -> None:
    """Record the national system's answer: refused codes (or all, when the document failed) get their
    error and their mirror row back as it was; the others are confirmed."""
    codes, mirror = WithdrawalCode.__table__, CodeStatus.__table__
    mine = codes.c.document_id == document_id
    await session.execute(update(codes).where(mine).values(state="rejected" if all_failed else "confirmed",
                                                           error=error if all_failed else None))
    refused = [{"g": gtin, "s": serial, "e": why} for (gtin, serial), why in
               ((from_wire(code), why) for code, why in errors.items()) if gtin]
    if refused:
        await session.execute(
            update(codes).where(mine, codes.c.gtin == bindparam("g"), codes.c.serial == bindparam("s"))
            .values(state="rejected", error=bindparam("e")), refused)
    rejected = select(codes.c.id).where(mine, codes.c.state == "rejected", codes.c.gtin == mirror.c.gtin,
                                        codes.c.serial == mirror.c.serial)
    # Only our own mark is undone (a newer row from the feed stands): back to what was on record, or to nothing.
    ours = mirror.c.changed_at == marked_at
    await session.execute(delete(mirror).where(ours, rejected.where(codes.c.prev_status.is_(None)).exists()))

    def before(column):
        return (select(column).where(mine, codes.c.gtin == mirror.c.gtin, codes.c.serial == mirror.c.serial)
                .scalar_subquery())
    await session.execute(update(mirror).where(ours, rejected.exists()).values(
        status=before(codes.c.prev_status), reason=before(codes.c.prev_reason),
        changed_at=before(codes.c.prev_changed_at)))


def from_wire(code: str) -> tuple[str | None, str | None]:
    """GTIN and serial of a code as the national system names it; (None, None) for anything else."""
    if len(code) > 18 and code.startswith("01") and code[16:18] == "21":
        return code[2:16], code[18:]
    return None, None


def wire_code(gtin: str, serial: str) -> str:
    """The code as the national system names a pack: GTIN and serial with their application identifiers."""
    return f"01{gtin}21{serial}"
