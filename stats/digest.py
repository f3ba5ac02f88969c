"""The weekly digest: last week's /stats for every operator, on Monday morning, once across replicas.

The week is a row before anything is sent (its key is unique, so two replicas cannot both queue it)
and each operator's notice is claimed before it is sent, as alerts are: a restart finishes what
was queued, and nothing is sent twice.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.db import Database
from core.languages import DEFAULT_ZONE
from core.users import User
from stats.aggregates import Period
from stats.models import StatsDigest, StatsDigestNotice
from verification.watch import OPERATOR_ROLES

log = logging.getLogger("medcheck.stats")
SEND_HOUR = 9  # Monday, Tashkent time: the week before is complete and operators are at work


@dataclass(frozen=True)
class DigestNotice:
    user_id: int
    language: str
    period: Period


def week_key(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_period(key: str) -> Period:
    monday = date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    return Period(monday, monday + timedelta(days=6))


def due_week(now: datetime) -> str | None:
    """The week whose digest is due at `now` (the one before this, from Monday SEND_HOUR); None before that."""
    local = now.astimezone(DEFAULT_ZONE)
    monday = local.date() - timedelta(days=local.weekday())
    if local.weekday() == 0 and local.hour < SEND_HOUR:
        monday -= timedelta(days=7)  # this Monday's digest is not due yet: the previous one may still be
    return week_key(monday - timedelta(days=7))


async def queue_digest(db: Database, week: str) -> int:
    """Write the week's row and a notice per active operator, unless written already; returns notices written."""
    async with db.session() as session:
        if await session.get(StatsDigest, week) is not None:
            return 0
        operators = (await session.scalars(
            select(User.id).where(User.role.in_(OPERATOR_ROLES), User.active.is_(True)))).all()
        session.add(StatsDigest(week=week))
        await session.flush()  # the week's row first: the notices refer to it
        session.add_all(StatsDigestNotice(week=week, user_id=user_id) for user_id in operators)
        try:
            await session.commit()
        except IntegrityError:
            return 0  # another replica queued it this very moment
    log.info("weekly digest %s: %d operator(s) to tell", week, len(operators))
    return len(operators)


async def claim_notices(db: Database, limit: int = 50) -> list[DigestNotice]:
    """Notices not sent yet, each claimed (marked sent) before it is returned: at most once."""
    async with db.session() as session:
        rows = (await session.execute(
            select(StatsDigestNotice.id, StatsDigestNotice.user_id, User.language, StatsDigestNotice.week)
            .join(User, User.id == StatsDigestNotice.user_id)
            .where(StatsDigestNotice.sent_at.is_(None)).order_by(StatsDigestNotice.id).limit(limit))).all()
    claimed = []
    for notice_id, user_id, language, week in rows:
        async with db.session() as session:
            done = await session.execute(update(StatsDigestNotice).where(
                StatsDigestNotice.id == notice_id, StatsDigestNotice.sent_at.is_(None)).values(sent_at=utcnow()))
            await session.commit()
        if done.rowcount == 1:
            claimed.append(DigestNotice(user_id, language, week_period(week)))
    return claimed
