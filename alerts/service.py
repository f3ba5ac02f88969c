"""Alerts raised on the check path, and the operators' notices a background job sends.

A leak: a citizen checks a code the mirror says a medical institution withdrew (used in a hospital,
or given out on a free prescription) - a pack that should never be on sale. A clone: one code
checked by `clone_users` different people within `clone_days` - one printed code on many packs.

On every check raising costs one indexed read (who checked this code lately, at most `clone_users`
rows, and whether it has an alert already); only a code that needs a new alert writes. Each alert is
written once per code per window: a recent alert of its kind stops it, and the unique key on the
window's number stops two replicas raising it at the same moment.

Operators are reached as the register watch reaches them (verification.watch): an alert's notices,
one per active operator, are written in the transaction that marks it `notified_at`; a notice is
claimed by setting its `sent_at` before it is sent, so it goes out at most once, also across restarts.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from alerts.models import Alert, AlertNotice
from core.clock import utcnow
from core.db import DB_DOWN, Database
from core.settings import Settings
from core.users import User
from register.importers.feeds import INSTITUTION_REASONS
from verification.models import Check
from verification.service import CheckResult
from verification.watch import OPERATOR_ROLES

log = logging.getLogger("medcheck.alerts")
Institution = Callable[[], Awaitable[str | None]]  # the name of the institution that withdrew the pack, if any
KINDS = ("leak", "clone")
LEAK_REASONS = INSTITUTION_REASONS  # a pack a medical institution withdrew is not for sale


@dataclass(frozen=True)
class AlertRules:
    clone_users: int = 3   # different people checking one code ...
    clone_days: int = 7    # ... within this many days make a clone alert
    leak_days: int = 7     # a leaked code raises one alert per this many days

    @classmethod
    def of(cls, settings: Settings | None) -> AlertRules:
        if settings is None:
            return cls()
        return cls(settings.clone_alert_users, settings.clone_alert_days, settings.leak_alert_days)


@dataclass(frozen=True)
class AlertView:
    """An alert as operators and the regulator read it."""

    id: int
    kind: str
    gtin: str
    serial: str
    batch: str | None
    product: str | None
    reason: str | None
    institution: str | None
    withdrawn_at: datetime | None
    checked_at: datetime
    location: str | None
    users: int | None
    created_at: datetime


@dataclass(frozen=True)
class AlertNoticeView:
    """One operator is told of one alert, in their language."""

    user_id: int
    language: str
    alert: AlertView


def _alerted(kind: str):
    """Whether this code has an alert of `kind` younger than its window (an index seek on the unique key)."""
    return select(Alert.id).where(Alert.kind == kind, Alert.gtin == bindparam("gtin"),
                                  Alert.serial == bindparam("serial"),
                                  Alert.created_at > bindparam(f"{kind}_since")).exists()


# Who checked this code lately, and whether it was alerted on already: one round trip. DISTINCT with LIMIT
# stops at the threshold however often the code was checked, and the check just recorded makes one row.
_CHECKERS = (select(Check.user_id, _alerted("leak").label("leaked"), _alerted("clone").label("cloned"))
             .where(Check.gtin == bindparam("gtin"), Check.serial == bindparam("serial"),
                    Check.created_at >= bindparam("since"))
             .distinct().limit(bindparam("most")))


async def raise_alerts(db: Database, result: CheckResult, rules: AlertRules = AlertRules(), *,
                       location: str | None = None, institution: Institution | None = None) -> list[str]:
    """Raise the alerts a just recorded check calls for; returns their kinds (usually none).
    `institution`: finds the medical institution whose document withdrew the pack, when one did; asked only
    when a leak alert is written (not at each later check of a pack already alerted on).

    A database that fails here is logged: the citizen still gets their answer.
    """
    code = result.code
    if code is None or not code.gtin or not code.serial:
        return []  # without a serial a code names no single pack
    try:
        return await _raise(db, result, rules, location, institution)
    except DB_DOWN:
        log.exception("alerts: the database failed; this check raised none")
        return []


async def _raise(db: Database, result: CheckResult, rules: AlertRules, location: str | None,
                 institution: Institution | None) -> list[str]:
    code = result.code
    now = utcnow()
    params = {"gtin": code.gtin, "serial": code.serial, "since": now - timedelta(days=rules.clone_days),
              "most": rules.clone_users, "leak_since": now - timedelta(days=rules.leak_days),
              "clone_since": now - timedelta(days=rules.clone_days)}
    checkers = await db.read(_CHECKERS, params)
    leaked, cloned = (checkers[0].leaked, checkers[0].cloned) if checkers else (False, False)
    raised = []
    status = result.code_status
    if status is not None and status.status == "withdrawn" and status.reason in LEAK_REASONS and not leaked:
        row = _row(result, "leak", now, rules.leak_days, location=location, reason=status.reason,
                   institution=await institution() if institution else None, withdrawn_at=status.changed_at)
        if await _write(db, row, rules.leak_days):
            raised.append("leak")
    if len(checkers) >= rules.clone_users and not cloned:
        row = _row(result, "clone", now, rules.clone_days, location=location, users=len(checkers))
        if await _write(db, row, rules.clone_days):
            raised.append("clone")
    return raised


def _row(result: CheckResult, kind: str, now: datetime, days: int, **values) -> dict:
    return dict(kind=kind, gtin=result.code.gtin, serial=result.code.serial, batch=result.batch,
                product=result.product.trade_name if result.product else None, checked_at=now, created_at=now,
                period=int(now.timestamp() // (days * 86400)), **values)


async def _write(db: Database, row: dict, days: int) -> bool:
    """Insert the alert unless one of its kind for this code is younger than `days`; False if not written."""
    recent = select(Alert.id).where(Alert.kind == row["kind"], Alert.gtin == row["gtin"],
                                    Alert.serial == row["serial"],
                                    Alert.created_at > row["created_at"] - timedelta(days=days)).limit(1)
    try:
        async with db.writing() as conn:
            if (await conn.execute(recent)).first() is not None:
                return False
            await conn.execute(insert(Alert), row)
    except IntegrityError:
        return False  # another replica wrote it this very moment
    log.warning("alert: %s of a code of GTIN %s", row["kind"], row["gtin"])
    return True


async def queue_notices(db: Database, limit: int = 100) -> int:
    """For each alert not yet handed to operators: a notice per active operator, written with its mark."""
    async with db.session() as session:
        waiting = (await session.scalars(select(Alert.id).where(Alert.notified_at.is_(None))
                                         .order_by(Alert.id).limit(limit))).all()
    queued = 0
    for alert_id in waiting:
        async with db.session() as session:
            marked = await session.execute(update(Alert).where(Alert.id == alert_id, Alert.notified_at.is_(None))
                                           .values(notified_at=utcnow()))
            if marked.rowcount != 1:
                await session.rollback()
                continue  # another replica took it
            operators = (await session.scalars(
                select(User.id).where(User.role.in_(OPERATOR_ROLES), User.active.is_(True)))).all()
            session.add_all(AlertNotice(alert_id=alert_id, user_id=user_id) for user_id in operators)
            await session.commit()
        if not operators:
            log.warning("alert %d: no operator to tell (grant one with `medcheck role grant`)", alert_id)
        queued += len(operators)
    return queued


async def claim_notices(db: Database, limit: int = 100) -> list[AlertNoticeView]:
    """Notices not sent yet, each claimed (marked sent) before it is returned: at most once."""
    async with db.session() as session:
        rows = (await session.execute(
            select(AlertNotice.id, AlertNotice.user_id, User.language, Alert)
            .join(User, User.id == AlertNotice.user_id).join(Alert, Alert.id == AlertNotice.alert_id)
            .where(AlertNotice.sent_at.is_(None)).order_by(AlertNotice.id).limit(limit))).all()
    claimed = []
    for notice_id, user_id, language, alert in rows:
        async with db.session() as session:  # a write first in its own transaction: no lock upgrade on SQLite
            done = await session.execute(update(AlertNotice).where(
                AlertNotice.id == notice_id, AlertNotice.sent_at.is_(None)).values(sent_at=utcnow()))
            await session.commit()
        if done.rowcount == 1:
            claimed.append(AlertNoticeView(user_id, language, view(alert)))
    return claimed


async def list_alerts(db: Database, *, kinds: tuple[str, ...] = (), since: datetime | None = None,
                      until: datetime | None = None) -> list[AlertView]:
    """Alerts oldest first, of the given kinds (all when none), created in [since, until)."""
    stmt = select(Alert).order_by(Alert.id)
    if kinds:
        stmt = stmt.where(Alert.kind.in_(kinds))
    if since:
        stmt = stmt.where(Alert.created_at >= since)
    if until:
        stmt = stmt.where(Alert.created_at < until)
    async with db.session() as session:
        return [view(row) for row in await session.scalars(stmt)]


def view(row: Alert) -> AlertView:
    return AlertView(row.id, row.kind, row.gtin, row.serial, row.batch, row.product, row.reason, row.institution,
                     row.withdrawn_at, row.checked_at, row.location, row.users, row.created_at)
