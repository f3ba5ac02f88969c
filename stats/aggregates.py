"""The figures behind /stats, the weekly digest and `medcheck stats export`: four grouped queries over a period.

Days are Tashkent days (the regulator's), counted in the database so that only the groups travel:
a month of a busy bot is a few hundred rows, not millions of checks.
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Date, cast, func, literal_column, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from alerts.models import Alert
from complaints.models import Complaint
from core.clock import today_in
from core.db import Database
from core.spreadsheet import start_of_day
from recalls.models import OutboxRow, RecallCampaign
from stats.models import CheckDay
from stats.regions import region_of
from verification.models import Check
from verification.verdict import REASONS

TOP = 6                # products and regions shown
MAX_DAYS = 366
TASHKENT_OFFSET = "+5 hours"  # Asia/Tashkent has kept UTC+5 without summer time since 1992
REACH_STATES = ("sent", "blocked", "failed")


@dataclass(frozen=True)
class Period:
    """Whole Tashkent days, `first` to `last` inclusive."""
    first: date
    last: date

    @classmethod
    def last_days(cls, days: int, today: date) -> Period:
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def start(self) -> datetime:
        return start_of_day(self.first)

    @property
    def end(self) -> datetime:
        return start_of_day(self.last + timedelta(days=1))


@dataclass(frozen=True)
class Ranked:
    """A product or region by its overprice complaints, with the median excess over the cap (percent)."""
    name: str
    complaints: int
    median_excess_percent: float | None


@dataclass(frozen=True)
class Reach:
    """One recall campaign's notices by outcome."""
    campaign_id: int
    product: str
    sent: int
    blocked: int
    failed: int


@dataclass
class StatsReport:
    period: Period
    checks: dict[date, Counter] = field(default_factory=dict)       # day -> verdict -> checks
    red_reasons: Counter = field(default_factory=Counter)           # reason -> red checks it decided
    complaints: Counter = field(default_factory=Counter)            # kind -> complaints made
    overprice_products: list[Ranked] = field(default_factory=list)
    overprice_regions: list[Ranked] = field(default_factory=list)   # region keys (stats/regions.py)
    handling_hours: list[float] = field(default_factory=list)       # each complaint closed in the period
    recalls: list[Reach] = field(default_factory=list)
    alerts: dict[date, Counter] = field(default_factory=dict)       # day -> leak/clone -> alerts

    def verdicts(self) -> Counter:
        total: Counter = Counter()
        for counts in self.checks.values():
            total.update(counts)
        return total


def _day(db: Database, column):
    """The Tashkent day of a UTC timestamp column, in SQL."""
    if db.is_sqlite:
        return func.date(column, TASHKENT_OFFSET)
    # The fixed offset, not timezone('Asia/Tashkent', ...): a zone looked up per row was a third slower.
    return cast(func.timezone("UTC", column) + literal_column(f"interval '{TASHKENT_OFFSET}'"), Date)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _ranked(groups: dict[str, list[float | None]], top: int | None) -> list[Ranked]:
    rows = []
    for name, excesses in groups.items():
        known = [e for e in excesses if e is not None]
        rows.append(Ranked(name, len(excesses), round(statistics.median(known), 1) if known else None))
    return sorted(rows, key=lambda r: (-r.complaints, r.name))[:top]


async def gather(db: Database, period: Period, top: int | None = TOP, today: date | None = None) -> StatsReport:
    """Everything /stats shows for `period`: the `top` products, regions and latest campaigns (None: all)."""
    report = StatsReport(period)
    start, end = period.start, period.end
    for day, verdict, reasons, count in await _check_days(db, period, today or today_in()):
        report.checks.setdefault(day, Counter())[verdict] += count
        if verdict == "red":
            deciding = next((r for r in (reasons or "").split() if REASONS.get(r) == "red"), "other")
            report.red_reasons[deciding] += count
    async with db.session() as session:
        # Complaints are few (a person writes each one): their rows come whole, medians are taken here.
        rows = await session.execute(
            select(Complaint.kind, Complaint.created_at, Complaint.closed_at, Complaint.status,
                   Complaint.product_name, Complaint.excess_percent, Complaint.latitude, Complaint.longitude)
            .where(or_(Complaint.created_at.between(start, end), Complaint.closed_at.between(start, end))))
        products: dict[str, list] = defaultdict(list)
        regions: dict[str, list] = defaultdict(list)
        for kind, created, closed, status, product, excess, lat, lon in rows:
            if start <= created < end:
                report.complaints[kind] += 1
                if kind == "overprice":
                    excess = float(excess) if excess is not None else None
                    products[product or "?"].append(excess)
                    regions[region_of(lat, lon)].append(excess)
            if closed is not None and start <= closed < end and status in ("closed", "rejected", "answered"):
                report.handling_hours.append((closed - created).total_seconds() / 3600)
        report.overprice_products, report.overprice_regions = _ranked(products, top), _ranked(regions, top)

        rows = await session.execute(
            select(RecallCampaign.id, RecallCampaign.product_name, RecallCampaign.gtin, OutboxRow.state, func.count())
            .join(OutboxRow, OutboxRow.campaign_id == RecallCampaign.id)
            .where(RecallCampaign.created_at >= start, RecallCampaign.created_at < end)
            .group_by(RecallCampaign.id, RecallCampaign.product_name, RecallCampaign.gtin, OutboxRow.state))
        reach: dict[tuple[int, str], Counter] = defaultdict(Counter)
        for campaign_id, product, gtin, state, count in rows:
            reach[(campaign_id, product or gtin)][state] += count
        report.recalls = [Reach(cid, product, c["sent"], c["blocked"], c["failed"])
                          for (cid, product), c in sorted(reach.items())][-top if top else 0:]

        day = _day(db, Alert.created_at)
        rows = await session.execute(
            select(day, Alert.kind, func.count()).where(Alert.created_at >= start, Alert.created_at < end)
            .group_by(day, Alert.kind))
        for when, kind, count in rows:
            report.alerts.setdefault(_as_date(when), Counter())[kind] += count
    return report


async def _check_days(db: Database, period: Period, today: date) -> list[tuple[date, str, str, int]]:
    """(day, verdict, reasons, checks) for the period: closed days from stats_check_days, the rest counted.

    A month of a busy bot is a million checks; counted once when its days are closed, a /stats after
    that counts only today's. The closed days counted now are kept (another replica may keep them too).
    """
    closed = [day for day in period.days if day < today]
    async with db.session() as session:
        kept = (await session.execute(
            select(CheckDay.day, CheckDay.verdict, CheckDay.reasons, CheckDay.checks)
            .where(CheckDay.day.between(period.first, period.last)))).all()
        known = {row.day for row in kept}
        missing = [day for day in closed if day not in known]
        first = missing[0] if missing else min(today, period.last + timedelta(days=1))
        counted: list[tuple[date, str, str, int]] = []
        if first <= period.last:
            day = _day(db, Check.created_at)
            rows = await session.execute(
                select(day, Check.verdict, Check.reasons, func.count())
                .where(Check.created_at >= start_of_day(first), Check.created_at < period.end)
                .group_by(day, Check.verdict, Check.reasons))
            counted = [(_as_date(when), verdict, reasons or "", count) for when, verdict, reasons, count in rows]
    keep = [{"day": d, "verdict": v, "reasons": r, "checks": n} for d, v, r, n in counted if d in missing]
    keep += [{"day": d, "verdict": "", "reasons": "", "checks": 0} for d in set(missing) - {row["day"] for row in keep}]
    if keep:
        async with db.writing() as conn:
            await conn.execute(_KEEP[conn.dialect.name], keep)
    fresh = [row for row in counted if row[0] not in known]  # a day kept meanwhile is counted once
    return [tuple(row) for row in kept if row.checks] + fresh


_KEEP = {"sqlite": sqlite.insert(CheckDay).on_conflict_do_nothing(),
         "postgresql": postgresql.insert(CheckDay).on_conflict_do_nothing()}
