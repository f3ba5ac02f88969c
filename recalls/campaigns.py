"""Recall campaigns: put a recall in force and write down everyone to tell, in one transaction.

An operator's recall (`issue`) or a feed recall (`issue_feed_campaigns`): the Recall rows, the campaign
and one outbox row per recipient are committed together, so the sender only reads what is on record.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Integer, String, and_, case, exists, func, insert, literal, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db import Database
from core.text import printable
from core.users import User
from recalls.models import AUDIENCES, OutboxRow, RecallCampaign, RecallOptOut, RecallSubscription
from recalls.paid import notices_for
from register.models import Batch, CodeStatus, Product, Recall
from register.search import find_products
from verification.models import Check

log = logging.getLogger("medcheck.recalls")

SEVERITIES = ("high", "medium", "low")
# Reasons an operator picks with a button; the stored text is what the register feed uses too.
REASONS = {"quality-defect": "quality defect", "falsified": "falsified", "contamination": "contamination",
           "labelling": "labelling error"}
MAX_BATCH = 64        # the width of Recall.batch
MAX_NOTICE = 1200     # what the answer card shows of a notice (handlers/cards/check.py NOTICE_LIMIT)
KNOWN_BATCHES = 24    # batches offered as buttons


def reason_code(reason: str) -> str | None:
    """The button code of a reason we have words for in every language (the feed writes them too)."""
    return next((code for code, text in REASONS.items() if text == reason.strip().lower()), None)


class AlreadyIssued(Exception):
    """This order (or this feed recall) already has its campaign."""


@dataclass(frozen=True)
class ProductRef:
    gtin: str
    name: str | None      # None: the catalogue does not know the GTIN
    registration_number: str | None = None


@dataclass(frozen=True)
class RecallOrder:
    """What an operator (or the feed) decided: product, batches (None: all), reason, severity, texts."""

    gtin: str
    product_name: str | None
    batches: tuple[str, ...] | None
    reason: str
    severity: str
    notice: str
    notices: dict[str, str] = field(default_factory=dict)  # language -> its own text
    everyone: bool = False
    created_by: int | None = None
    urgent_stars: int = 0  # urgent: sent by paid broadcast, spending at most this many Stars (0: not urgent)


@dataclass(frozen=True)
class Audience:
    checked: int
    subscribed: int
    everyone: int  # other active users, counted whether or not they are included

    def total(self, include_everyone: bool) -> int:
        return self.checked + self.subscribed + (self.everyone if include_everyone else 0)


@dataclass(frozen=True)
class Issued:
    campaign_id: int
    total: int
    recall_ids: tuple[int, ...]


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    gtin: str
    product_name: str | None
    batches: tuple[str, ...] | None
    reason: str
    severity: str
    notice: str
    notices: dict[str, str]
    source: str
    total: int
    status: str
    created_at: datetime
    finished_at: datetime | None
    report_chat_id: int | None
    report_message_id: int | None

    def notice_in(self, language: str) -> str:
        """The operator's text for that language, else the one text for everyone."""
        return self.notices.get(language) or self.notice


# ----------------------------------------------------------------------------- choosing what to recall

async def product_by_gtin(db: Database, gtin: str) -> ProductRef:
    async with db.session() as session:
        row = await session.get(Product, gtin)
    return ProductRef(gtin, row.trade_name if row else None, row.registration_number if row else None)


async def products_by_name(db: Database, query: str, limit: int = 8) -> list[ProductRef]:
    """Catalogue products matching a name; register entries without a GTIN cannot be recalled by code."""
    return [ProductRef(m.gtin, m.trade_name, m.registration_number)
            for m in await find_products(db, query, limit=limit * 2) if m.gtin][:limit]


async def known_batches(db: Database, gtin: str, limit: int = KNOWN_BATCHES) -> list[str]:
    """Batches of the product on record: the most checked first, then code statuses, then certificates."""
    async with db.session() as session:
        checked = (await session.execute(
            select(Check.batch).where(Check.gtin == gtin, Check.batch.is_not(None))
            .group_by(Check.batch).order_by(func.count().desc(), Check.batch).limit(limit))).scalars().all()
        coded = (await session.execute(
            select(CodeStatus.batch).where(CodeStatus.gtin == gtin, CodeStatus.batch.is_not(None))
            .distinct().limit(limit))).scalars().all()
        product = await session.get(Product, gtin)
        certified: list[str] = []
        if product is not None and product.registration_number:
            certified = (await session.execute(
                select(Batch.series).where(Batch.registration_number == product.registration_number)
                .distinct().limit(limit))).scalars().all()
    found = list(dict.fromkeys([*checked, *sorted(coded), *sorted(certified)]))
    return found[:limit]


def clean_batches(text: str) -> list[str]:
    """Batch numbers typed by an operator: separated by commas, semicolons, spaces or lines."""
    parts = text.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip() and len(part.strip()) <= MAX_BATCH))


# ----------------------------------------------------------------------------- the audience

def _reachable(user_id_column):
    """Active users who did not send /stop."""
    return and_(User.active.is_(True), ~exists().where(RecallOptOut.user_id == user_id_column))


def _tier(rank: int, gtin: str, batches: tuple[str, ...] | None):
    """(user id, language, rank) of one tier; a user may appear more than once (several checks)."""
    columns = (User.id, User.language, literal(rank, Integer).label("rank"))
    if AUDIENCES[rank] == "checked":
        affected = [Check.gtin == gtin, ~Check.reasons.contains("recalled")]
        if batches is not None:
            affected.append(Check.batch.in_(batches))
        return select(*columns).select_from(Check).join(User, User.id == Check.user_id).where(*affected,
                                                                                            _reachable(User.id))
    if AUDIENCES[rank] == "subscribed":
        return (select(*columns).select_from(RecallSubscription).join(User, User.id == RecallSubscription.user_id)
                .where(RecallSubscription.gtin == gtin, _reachable(User.id)))
    return select(*columns).where(_reachable(User.id))


def _audience(gtin: str, batches: tuple[str, ...] | None, everyone: bool):
    """Each person once, with the first tier that includes them: (id, language, rank).

    Tiers in the order they are told: who checked an affected batch, who follows the product, and (when
    the operator asks) every other active user. A check whose card already said "recalled" has told
    its user, so it does not count.
    One grouped union rather than an insert per tier that skips who is already in: on PostgreSQL an
    insert that reads its own table can be planned as a scan of everything inserted so far, per row.
    """
    ranks = range(len(AUDIENCES)) if everyone else range(len(AUDIENCES) - 1)
    tiers = union_all(*(_tier(rank, gtin, batches) for rank in ranks)).subquery("tiers")
    return (select(tiers.c.id, tiers.c.language, func.min(tiers.c.rank).label("rank"))
            .group_by(tiers.c.id, tiers.c.language).subquery("audience"))


async def count_audience(db: Database, gtin: str, batches: tuple[str, ...] | None) -> Audience:
    """How many people each tier would add (the preview the operator confirms)."""
    people = _audience(gtin, batches, everyone=False)
    async with db.session() as session:
        by_rank = dict((await session.execute(select(people.c.rank, func.count()).group_by(people.c.rank))).all())
        reachable = await session.scalar(select(func.count()).select_from(User).where(_reachable(User.id))) or 0
    checked, subscribed = by_rank.get(0, 0), by_rank.get(1, 0)
    return Audience(checked, subscribed, max(0, reachable - checked - subscribed))


async def _fill_outbox(session: AsyncSession, campaign_id: int, gtin: str, batches: tuple[str, ...] | None,
                       everyone: bool) -> int:
    people = _audience(gtin, batches, everyone)
    audience = case(dict(enumerate(AUDIENCES)), value=people.c.rank)
    # Ordered so that row ids, which the sender follows, put the tiers in their order.
    rows = (select(literal(campaign_id, Integer), people.c.id, audience, people.c.language,
                   literal("pending", String), literal(0, Integer)).order_by(people.c.rank, people.c.id))
    await session.execute(insert(OutboxRow).from_select(
        ["campaign_id", "user_id", "audience", "language", "state", "attempts"], rows))
    return await session.scalar(select(func.count()).where(OutboxRow.campaign_id == campaign_id)) or 0


# ----------------------------------------------------------------------------- issuing

def _check(order: RecallOrder) -> None:
    if order.severity not in SEVERITIES:
        raise ValueError(f"unknown severity {order.severity!r}")
    if not order.notice.strip():
        raise ValueError("a recall needs a notice text")
    if order.batches is not None and not order.batches:
        raise ValueError("name at least one batch, or None for every batch")
    if order.urgent_stars < 0:
        raise ValueError("an urgent recall's Stars cannot be negative")


async def issue(db: Database, order: RecallOrder, key: str, *, report_chat_id: int | None = None) -> Issued:
    """Put an operator's recall in force and queue its notices, all in one transaction.

    `key` makes it idempotent: a second issue of the same order raises AlreadyIssued.
    """
    # What the operator typed is stored without control characters (PostgreSQL refuses a NUL).
    order = replace(order, reason=printable(order.reason), notice=printable(order.notice),
                    notices={lang: printable(text) for lang, text in order.notices.items()})
    _check(order)
    async with db.session() as session:
        recalls = [Recall(gtin=order.gtin, batch=batch, reason=order.reason, severity=order.severity,
                          issued_at=utcnow(), notice=order.notice, notices=order.notices or None,
                          source="operator", created_by=order.created_by, active=True)
                   for batch in (order.batches or (None,))]
        session.add_all(recalls)
        try:
            await session.flush()
            return await _campaign(session, order, key, "operator", [r.id for r in recalls], report_chat_id)
        except IntegrityError:
            await session.rollback()
            raise AlreadyIssued(key) from None


async def _campaign(session: AsyncSession, order: RecallOrder, key: str, source: str, recall_ids: list[int],
                    report_chat_id: int | None) -> Issued:
    campaign = RecallCampaign(
        key=key, gtin=order.gtin, product_name=order.product_name,
        batches=list(order.batches) if order.batches is not None else None, reason=order.reason,
        severity=order.severity, notice=order.notice, notices=order.notices or None, source=source,
        created_by=order.created_by, everyone=order.everyone, recall_ids=recall_ids, status="sending",
        report_chat_id=report_chat_id, paid_max=notices_for(order.urgent_stars) if order.urgent_stars else None)
    session.add(campaign)
    await session.flush()
    total = await _fill_outbox(session, campaign.id, order.gtin, order.batches, order.everyone)
    campaign.total = total
    await session.commit()
    log.info("recall campaign %s (%s) for %s: %d recipients", campaign.id, source, order.gtin, total)
    return Issued(campaign.id, total, tuple(recall_ids))


async def issue_feed_campaigns(db: Database) -> list[Issued]:
    """A campaign for each active feed recall that has none: the feed's recalls reach people too."""
    async with db.session() as session:
        feed = (await session.execute(select(Recall).where(Recall.source == "feed", Recall.active.is_(True))
                                      .order_by(Recall.id))).scalars().all()
        keys = {f"feed:{recall.id}": recall for recall in feed}
        if not keys:
            return []
        done = set((await session.execute(
            select(RecallCampaign.key).where(RecallCampaign.key.in_(list(keys))))).scalars())
        names = dict((await session.execute(
            select(Product.gtin, Product.trade_name).where(Product.gtin.in_({r.gtin for r in feed})))).all())
    issued = []
    for key, recall in keys.items():
        if key in done:
            continue
        severity = recall.severity if recall.severity in SEVERITIES else "high"
        order = RecallOrder(gtin=recall.gtin, product_name=names.get(recall.gtin),
                            batches=(recall.batch,) if recall.batch else None, reason=recall.reason,
                            severity=severity, notice=recall.notice or "", notices=recall.notices or {})
        async with db.session() as session:
            try:
                issued.append(await _campaign(session, order, key, "feed", [recall.id], None))
            except IntegrityError:  # another replica was quicker
                await session.rollback()
    return issued


async def attach_report(db: Database, campaign_id: int, chat_id: int, message_id: int) -> None:
    """Where the operator watches the progress: the sender edits that message."""
    async with db.session() as session:
        await session.execute(update(RecallCampaign).where(RecallCampaign.id == campaign_id)
                              .values(report_chat_id=chat_id, report_message_id=message_id))
        await session.commit()


async def get_campaign(db: Database, campaign_id: int) -> CampaignInfo | None:
    async with db.session() as session:
        row = await session.get(RecallCampaign, campaign_id)
    return _info(row) if row else None


def _info(row: RecallCampaign) -> CampaignInfo:
    return CampaignInfo(row.id, row.gtin, row.product_name, tuple(row.batches) if row.batches is not None else None,
                        row.reason, row.severity, row.notice, dict(row.notices or {}), row.source, row.total,
                        row.status, row.created_at, row.finished_at, row.report_chat_id, row.report_message_id)
