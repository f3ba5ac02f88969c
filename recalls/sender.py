"""The sender: delivers the outbox's notices at the configured rate, one leader at a time.

It knows nothing of Telegram: `deliver(notice) -> Delivery` says what happened in plain terms and
`report(progress)` shows the operator how a campaign goes (bot/jobs/broadcast.py supplies both).
"""
from __future__ import annotations

import asyncio
import logging
import math
import statistics
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from enum import Enum

from core.clock import utcnow
from core.db import Database
from recalls import outbox
from recalls.campaigns import issue_feed_campaigns
from recalls.leader import AdvisoryLock, SingleProcess, leadership_for
from recalls.outbox import Counts, RecallNotice
from recalls.pacing import TokenBucket

log = logging.getLogger("medcheck.recalls")
REPORT_WAIT_S = 60.0


class Outcome(str, Enum):
    SENT = "sent"
    BLOCKED = "blocked"        # the user blocked the bot
    FAILED = "failed"          # a permanent refusal (chat not found, bad request)
    RETRY = "retry"            # transient: network, server error, timeout
    SLOW_DOWN = "slow_down"    # 429: nobody sends for retry_after seconds


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    retry_after: float = 0.0
    error: str = ""
    paid_refused: str = ""     # sent, but at the free rate: Telegram refused the paid broadcast (why)


@dataclass(frozen=True)
class Progress:
    """How one campaign stands; `final` once every row is settled."""

    counts: Counts
    report_chat_id: int | None
    report_message_id: int | None
    rate: float          # notices sent per second since the previous report
    elapsed_s: float     # since the campaign was created
    final: bool
    paid_booked: int | None = None  # urgent: paid notices booked (recalls/paid.py), an upper bound of those paid


Deliver = Callable[[RecallNotice], Awaitable[Delivery]]
Report = Callable[[Progress], Awaitable[None]]


@dataclass(frozen=True)
class SenderConfig:
    rate: float = 25.0            # notices a second, across all campaigns
    paid_rate: float = 900.0      # notices a second by paid broadcast (urgent campaigns, within their cap)
    paid_max_in_flight: int = 128  # places for paid sends: 900/s with Telegram 100 ms away needs about 115
    burst: float | None = None    # default: 20 ms worth of rate, at least 1
    max_in_flight: int = 32       # the most sends awaiting their answer at once, however slow they are
    claim_size: int = 128         # rows claimed per query
    idle_s: float = 0.5           # how often an idle sender looks for new rows
    progress_s: float = 3.0       # how often the operator's progress message is updated
    max_attempts: int = 8         # transient failures before a row is given up as failed
    backoff_s: float = 2.0        # a row's n-th retry waits backoff_s * 2**(n-1), at most 10 minutes
    stop_grace_s: float = 5.0     # on a clean stop, how long in-flight sends may finish


@dataclass
class Stats:
    """What this sender did since it started (the outbox has the full story)."""

    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retried: int = 0
    slowed: int = 0               # 429 answers
    paid: int = 0                 # notices sent by paid broadcast
    most_in_flight: int = 0
    overlapped: int = 0           # sends that started while another awaited its answer


class GroupWrite:
    """Writes "sent" marks as they come; the marks that arrive while one write runs share the next."""

    def __init__(self, write: outbox.MarkSent) -> None:
        self._write = write
        self._pending: list[int] = []
        self._lock = asyncio.Lock()
        self._error: Exception | None = None

    async def mark(self, row_id: int) -> None:
        """Returns once `row_id` is on record; raises if it may not be (then nothing more is written)."""
        self._pending.append(row_id)
        async with self._lock:
            if self._error is not None:
                raise self._error
            if row_id in self._pending:  # not taken by the write that just finished
                ids, self._pending = self._pending, []
                try:
                    await self._write(ids)
                except Exception as exc:
                    self._error = exc
                    raise


class InFlight:
    """How many sends may await their answer at once: as few as keep the rate.

    Every notice in flight is one a crash can repeat, so the limit starts at one and moves at the
    end of a round (ROUND_SENDS sends and ROUND_S seconds at least):
    - up, while the sends fall behind the rate, as far as the round trip justifies: one place
      while a send fits in the interval between two; beyond that Little's law (rate x how long a
      send takes when it is the only one, and HEADROOM more for the time between sends);
    - back if that did not pay (the pace grew by less than PAYS of what it would if the wait for
      Telegram were all that held it: then the sender's own work was the limit);
    - down, to try one place fewer, after a round on pace, and back up if that falls behind.
    A try that failed is made again only after twice as many rounds as the last time (at most
    MAX_HOLD), so a steady sender spends almost all its time at the right number.
    """

    PACE = 0.95        # below this share of the rate the sends are behind (and a place may be tried)
    HEADROOM = 1.25    # times rate x round trip: a place also waits between an answer and its next send
    PAYS = 0.5         # share of the hoped-for gain a new place must bring
    ROUND_SENDS, ROUND_S = 4, 0.5
    FIRST_HOLD, MAX_HOLD = 2, 64   # rounds

    def __init__(self, rate: float, most: int, remember: int = 1024) -> None:
        self.rate, self.most = rate, most
        self.alone: deque[float] = deque(maxlen=remember)   # how long the last sends took at one place
        self.starts: list[float] = []                      # when the sends of this round began
        self.limit = 1
        self._tried: str | None = None       # "up" or "down": the change made at the end of the last round
        self._pace_before, self._pace_hoped, self._limit_before = 0.0, 0.0, 1
        self._hold = {"up": self.FIRST_HOLD, "down": self.FIRST_HOLD}  # rounds to wait after a failed try
        self._wait = {"up": 0, "down": 0}

    @property
    def typical_s(self) -> float | None:
        """The median time of a send when it was the only one allowed, of the last ones measured."""
        return statistics.median(self.alone) if self.alone else None

    def started(self, at: float) -> None:
        self.starts.append(at)

    def restart_pace(self) -> None:
        """Idle, or paused by Telegram: this round says nothing about the limit."""
        self.starts.clear()
        self._tried = None

    def measured(self, seconds: float, alone: bool) -> None:
        if alone and self.limit == 1:  # sends that share the sender also wait behind one another
            self.alone.append(seconds)
        span = self.starts[-1] - self.starts[0] if self.starts else 0.0
        if len(self.starts) >= self.ROUND_SENDS and span >= self.ROUND_S:
            needed = self.rate * (self.typical_s or seconds)
            ceiling = 1 if needed <= 1 else min(self.most, math.ceil(self.HEADROOM * needed))
            if self.limit > ceiling:
                self._set(ceiling, None)
            else:
                self._end_round((len(self.starts) - 1) / span, ceiling)

    def _end_round(self, pace: float, ceiling: int) -> None:
        behind = pace < self.PACE * self.rate
        tried, self._tried = self._tried, None
        for way in self._wait:
            self._wait[way] = max(0, self._wait[way] - 1)
        if tried == "up" and pace < self._pace_before + self.PAYS * (self._pace_hoped - self._pace_before):
            self._failed("up")
            self._set(self._limit_before, None)
        elif tried == "down" and behind:
            self._failed("down")
            self._set(self.limit + 1, None)
        else:
            if tried:
                self._hold[tried] = self.FIRST_HOLD
            if behind and self.limit < ceiling and not self._wait["up"]:
                # Waiting on Telegram, the pace grows with the places: go most of the way at once.
                limit = min(ceiling, max(self.limit + 1, math.ceil(self.limit * self.rate / pace)))
                self._pace_before, self._limit_before = pace, self.limit
                self._pace_hoped = min(self.rate, pace * limit / self.limit)
                self._set(limit, "up")
            elif not behind and self.limit > 1 and not self._wait["down"]:
                self._set(self.limit - 1, "down")
            else:
                self.starts.clear()

    def _failed(self, way: str) -> None:
        self._wait[way] = self._hold[way]
        self._hold[way] = min(self.MAX_HOLD, 2 * self._hold[way])

    def _set(self, limit: int, trying: str | None) -> None:
        self.limit = limit
        self._tried = trying
        self.starts.clear()


class Sender:
    """Delivers the outbox until cancelled. Run it only while leading (see `serve`).

    Two lanes, each with its pace and its places: the free one at `rate`, and the paid one at
    `paid_rate` for the notices claimed with a paid booking (outbox.claim puts those first).
    """

    def __init__(self, db: Database, deliver: Deliver, config: SenderConfig = SenderConfig(),
                 report: Report | None = None, bucket: TokenBucket | None = None) -> None:
        self.db, self.deliver, self.config, self.report = db, deliver, config, report
        self.bucket = bucket or TokenBucket(config.rate, config.burst)
        self.in_flight = InFlight(config.rate, config.max_in_flight)
        self.paid_bucket = TokenBucket(config.paid_rate, config.burst)
        self.paid_in_flight = InFlight(config.paid_rate, config.paid_max_in_flight)
        self._lane_paid = False                # the lane of the last send
        self._unpaid: set[int] = set()         # campaigns whose paid broadcast Telegram refused
        self.stats = Stats()
        self.lost = False         # set when leadership is gone: then touch no rows on the way out
        self.token = uuid.uuid4().hex  # marks the rows this sender claims (outbox.ClaimLost)
        self._marks: GroupWrite | None = None
        self._tasks: set[asyncio.Task] = set()
        self._room = asyncio.Event()          # set when a send finished
        self._started = 0                     # sends started so far
        self._waiting: deque[RecallNotice] = deque()  # claimed, not yet handed to a send
        self._next: asyncio.Task[list[RecallNotice]] | None = None  # the batch after these, being claimed
        self._kick = asyncio.Event()
        self._failure: BaseException | None = None
        self._transient_streak = 0
        self._last: dict[int, tuple[float, int, Counts | None]] = {}

    async def run(self) -> None:
        resent = await outbox.reset_in_flight(self.db)
        if resent:
            log.warning("recall sender: %d notices claimed by the last sender were left unsettled; sending them "
                        "again", resent)
        progress = asyncio.create_task(self._progress_forever(), name="recall-progress")
        try:
            async with outbox.sent_marks(self.db, self.token) as write:
                self._marks = GroupWrite(write)
                try:
                    while True:
                        self._check()
                        self._waiting = deque(await (self._next or self._claim_next()))
                        self._next = None
                        if not self._waiting:
                            self.in_flight.restart_pace()
                            self.paid_in_flight.restart_pace()
                            self._kick.set()
                            await asyncio.sleep(self.config.idle_s)
                            continue
                        self._claim_next()  # the next batch is claimed while this one goes out
                        await self._dispatch()
                finally:
                    await self._wind_down()
        finally:
            progress.cancel()
            await asyncio.gather(progress, return_exceptions=True)

    def _claim_next(self) -> asyncio.Task[list[RecallNotice]]:
        self._next = asyncio.create_task(outbox.claim(self.db, self.token, self.config.claim_size))
        return self._next

    def _check(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _lane(self, notice: RecallNotice) -> tuple[TokenBucket, InFlight]:
        return (self.paid_bucket, self.paid_in_flight) if notice.paid else (self.bucket, self.in_flight)

    async def _dispatch(self) -> None:
        while self._waiting:
            self._check()
            notice = self._waiting[0]
            if notice.paid and notice.campaign_id in self._unpaid:
                notice = self._waiting[0] = replace(notice, paid=False)
            bucket, in_flight = self._lane(notice)
            if notice.paid != self._lane_paid:  # the other lane's last round is long over
                self._lane_paid = notice.paid
                in_flight.restart_pace()
            if len(self._tasks) >= in_flight.limit:
                self._room.clear()
                await self._room.wait()
                continue  # meanwhile a send may have changed what this notice is
            await bucket.acquire()
            in_flight.started(time.perf_counter())
            self._started += 1
            self.stats.overlapped += bool(self._tasks)
            alone_if = None if self._tasks else self._started  # alone if nothing else starts meanwhile
            task = asyncio.create_task(self._send(self._waiting.popleft(), alone_if))
            self._tasks.add(task)
            task.add_done_callback(self._finished)
            self.stats.most_in_flight = max(self.stats.most_in_flight, len(self._tasks))

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        self._room.set()

    async def _send(self, notice: RecallNotice, alone_if: int | None) -> None:
        started = time.perf_counter()
        try:
            delivery = await self.deliver(notice)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - an unknown failure is treated as transient
            log.exception("recall sender: delivering notice %s failed", notice.id)
            delivery = Delivery(Outcome.RETRY, error=repr(exc))
        try:
            await self._settle(notice, delivery)
        except Exception as exc:  # noqa: BLE001 - stop; the outbox says where to start again
            if isinstance(exc, outbox.ClaimLost):  # another sender leads: leave everything to it
                log.warning("recall sender: %s; stopping", exc)
                self.lost = True
            else:  # the database failed
                log.exception("recall sender: could not record notice %s", notice.id)
            self._failure = self._failure or exc
            self._room.set()
            return
        if delivery.outcome is Outcome.SENT:
            self._lane(notice)[1].measured(time.perf_counter() - started, alone=alone_if == self._started)

    async def _settle(self, notice: RecallNotice, delivery: Delivery) -> None:
        outcome = delivery.outcome
        if outcome is Outcome.SENT:
            self.stats.sent += 1
            self.stats.paid += notice.paid and not delivery.paid_refused
            self._transient_streak = 0
            # The place stays taken until "sent" is on record: the notices that can have reached
            # Telegram without being written down (a crash's duplicates) are only those in flight.
            await self._marks.mark(notice.id)
            if delivery.paid_refused and notice.campaign_id not in self._unpaid:
                # The campaign's cap is closed on record, so no later sender books paid notices for it either.
                self._unpaid.add(notice.campaign_id)
                log.error("recall sender: Telegram refused the paid broadcast of campaign %s (%s); its notices go "
                          "at the free rate", notice.campaign_id, delivery.paid_refused)
                await outbox.stop_paid(self.db, notice.campaign_id)
        elif outcome is Outcome.SLOW_DOWN:
            self.stats.slowed += 1
            bucket, in_flight = self._lane(notice)  # the free and the paid limits are Telegram's two
            bucket.pause(max(delivery.retry_after, 0.1))
            in_flight.restart_pace()
            log.warning("recall sender: Telegram asks to wait %.1f s; every %s send pauses", delivery.retry_after,
                        "paid" if notice.paid else "free")
            await outbox.release(self.db, [notice])
        elif outcome is Outcome.BLOCKED:
            self.stats.blocked += 1
            await outbox.mark_blocked(self.db, notice, delivery.error or "blocked")
        elif outcome is Outcome.FAILED:
            self.stats.failed += 1
            await outbox.mark_failed(self.db, notice, delivery.error or "failed")
        else:
            self._transient_streak += 1
            if self._transient_streak > 1:  # more than a blip: everyone backs off, growing to 30 s
                for bucket in (self.bucket, self.paid_bucket):
                    bucket.pause(min(30.0, 0.25 * 2 ** min(self._transient_streak, 7)))
            if notice.attempts + 1 >= self.config.max_attempts:
                self.stats.failed += 1
                await outbox.mark_failed(self.db, notice, delivery.error or "gave up")
            else:
                self.stats.retried += 1
                delay = min(600.0, self.config.backoff_s * 2 ** notice.attempts)
                await outbox.retry_later(self.db, notice, delay, delivery.error or "transient")

    # ------------------------------------------------------------------ progress for the operator

    async def _progress_forever(self) -> None:
        while True:
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._kick.wait(), self.config.progress_s)
            self._kick.clear()
            try:
                await self.report_progress()
            except Exception:  # noqa: BLE001 - progress is a courtesy; sending goes on
                log.exception("recall sender: progress report failed")
            await asyncio.sleep(min(0.5, self.config.progress_s))

    async def report_progress(self) -> None:
        """Report each open campaign once it moved; close and report finally the finished ones."""
        now = time.monotonic()
        for campaign in await outbox.open_campaigns(self.db):
            counts = await outbox.counts(self.db, campaign.id)
            last_time, last_sent, last_counts = self._last.get(campaign.id, (now, counts.sent, None))
            rate = (counts.sent - last_sent) / (now - last_time) if now > last_time else 0.0
            elapsed = (utcnow() - campaign.created_at).total_seconds()
            # The operator's progress message is sent just after the campaign is; wait for it (a minute at most).
            awaiting = (campaign.report_chat_id is not None and campaign.report_message_id is None
                        and elapsed < REPORT_WAIT_S)
            final = counts.done and not awaiting and await outbox.finish(self.db, campaign.id)
            if counts == last_counts and not final:
                continue
            self._last[campaign.id] = (now, counts.sent, counts)
            if final:
                self._last.pop(campaign.id, None)
                log.info("recall campaign %s done: %s", campaign.id, counts)
            if self.report is not None:
                await self.report(Progress(counts, campaign.report_chat_id, campaign.report_message_id,
                                           rate, elapsed, final, campaign.paid_booked))

    # ------------------------------------------------------------------ stopping

    async def _wind_down(self) -> None:
        """A clean stop lets in-flight sends finish and record what they did; a lost lead touches nothing."""
        if self._tasks and not self.lost:
            await asyncio.wait(set(self._tasks), timeout=self.config.stop_grace_s)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.lost:
            if self._next is not None:
                self._next.cancel()
            return
        try:
            if self._next is not None and not self._next.cancelled():
                self._waiting.extend(await self._next)
            await outbox.release(self.db, list(self._waiting))
        except Exception:  # noqa: BLE001 - the next leader re-sends what is left 'sending'
            log.exception("recall sender: could not release the claimed notices on the way out")


async def watch_feed(db: Database, every_s: float) -> None:
    """Feed recalls reach people too: each new one gets its campaign."""
    while True:
        try:
            for issued in await issue_feed_campaigns(db):
                log.info("feed recall campaign %s: %d recipients", issued.campaign_id, issued.total)
        except Exception:  # noqa: BLE001 - the feed is looked at again next time
            log.exception("recall sender: looking for new feed recalls failed")
        await asyncio.sleep(every_s)


async def serve(db: Database, deliver: Deliver, *, config: SenderConfig = SenderConfig(),
                report: Report | None = None, leadership: SingleProcess | AdvisoryLock | None = None,
                retry_s: float = 5.0, check_s: float = 5.0, feed_s: float = 60.0) -> None:
    """Run forever: become the leader, then send (and watch the feed) for as long as leading."""
    lock = leadership or leadership_for(db)
    while True:
        try:
            leading = await lock.acquire()
        except Exception:  # noqa: BLE001 - the database is down; try again later
            log.exception("recall sender: could not try for leadership")
            leading = False
        if not leading:
            await asyncio.sleep(retry_s)
            continue
        sender = Sender(db, deliver, config, report)
        tasks = [asyncio.create_task(sender.run(), name="recall-sender"),
                 asyncio.create_task(watch_feed(db, feed_s), name="recall-feed")]
        try:
            while True:
                done, _ = await asyncio.wait(tasks, timeout=check_s, return_when=asyncio.FIRST_COMPLETED)
                if done:
                    for task in done:
                        if not task.cancelled() and task.exception() is not None:
                            log.error("recall sender stopped: %r", task.exception())
                    break
                if not await lock.alive():
                    sender.lost = True
                    break
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await lock.release()
            typical = [f"{lane.typical_s * 1000:.2f}" if lane.typical_s is not None else "-"
                       for lane in (sender.in_flight, sender.paid_in_flight)]
            log.info("recall sender stopped: %s, a send on its own takes %s ms (paid: %s ms)", sender.stats, *typical)
        await asyncio.sleep(retry_s)
