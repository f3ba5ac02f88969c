"""The sender: reads the outbox and delivers notices at the configured rate, one leader at a time.

It knows nothing of Telegram. It is given `deliver(notice) -> Delivery`, which says what happened
in plain terms (sent, blocked, failed, retry, slow down), and `report(progress)`, which shows the
operator how a campaign goes. bot/jobs/broadcast.py supplies both for the real bot.

Throughput comes from concurrency: a token bucket paces the starts (at most `rate` a second), and up
to `max_in_flight` sends wait for their answers at once, so a slow round trip does not slow the
rate. A 429 pauses every send for `retry_after`; transient errors retry with backoff; a user who
blocked the bot is marked unreachable.

Crash safety: rows are claimed ('sending') before they go out and marked 'sent' as soon as the
answer arrives; the marks of all answers that arrived meanwhile are written in one statement (a group
commit), and a send keeps its slot until its mark is on record. After a crash the next leader re-sends
the rows left 'sending': nobody is skipped, and only messages in flight at the moment of the crash can
arrive twice — at most `max_in_flight`, in practice about rate x (round trip + commit), which is
below one at Telegram's 25-30 a second (bench/broadcast.py measures it at a much higher rate).
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from enum import Enum

from bot.db import Database, utcnow
from recalls import outbox
from recalls.campaigns import issue_feed_campaigns
from recalls.leader import AdvisoryLock, SingleProcess, leadership_for
from recalls.outbox import Counts, Notice
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


@dataclass(frozen=True)
class Progress:
    """How one campaign stands; `final` once every row is settled."""

    counts: Counts
    report_chat_id: int | None
    report_message_id: int | None
    rate: float          # notices sent per second since the previous report
    elapsed_s: float     # since the campaign was created
    final: bool


Deliver = Callable[[Notice], Awaitable[Delivery]]
Report = Callable[[Progress], Awaitable[None]]


@dataclass(frozen=True)
class SenderConfig:
    rate: float = 25.0            # notices a second, across all campaigns
    burst: float | None = None    # default: 20 ms worth of rate, at least 1
    max_in_flight: int = 32       # sends awaiting their answer at once
    claim_size: int = 0           # rows claimed per query; default four times max_in_flight
    idle_s: float = 0.5           # how often an idle sender looks for new rows
    progress_s: float = 3.0       # how often the operator's progress message is updated
    max_attempts: int = 8         # transient failures before a row is given up as failed
    backoff_s: float = 2.0        # a row's n-th retry waits backoff_s * 2**(n-1), at most 10 minutes
    stop_grace_s: float = 5.0     # on a clean stop, how long in-flight sends may finish
    group_commit_s: float = 0.01  # at most one "sent" write per interval; answers in between share it


@dataclass
class Stats:
    """What this sender did since it started (the outbox has the full story)."""

    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retried: int = 0
    slowed: int = 0               # 429 answers


class Sender:
    """Delivers the outbox until cancelled. Run it only while leading (see `serve`)."""

    def __init__(self, db: Database, deliver: Deliver, config: SenderConfig = SenderConfig(),
                 report: Report | None = None, bucket: TokenBucket | None = None) -> None:
        self.db, self.deliver, self.config, self.report = db, deliver, config, report
        self.bucket = bucket or TokenBucket(config.rate, config.burst)
        self.stats = Stats()
        self.lost = False         # set when leadership is gone: then touch no rows on the way out
        self._slots = asyncio.Semaphore(config.max_in_flight)
        self._tasks: set[asyncio.Task] = set()
        self._waiting: list[Notice] = []     # claimed, not yet handed to a send
        self._sent_ids: list[int] = []       # answered "sent", not yet written down
        self._marked = asyncio.Event()
        self._all_answered = asyncio.Event()  # every send in flight is waiting for the next write
        self._written: asyncio.Future | None = None  # resolved when the pending "sent" marks are on record
        self._kick = asyncio.Event()
        self._failure: BaseException | None = None
        self._transient_streak = 0
        self._last: dict[int, tuple[float, int, Counts | None]] = {}

    async def run(self) -> None:
        claim_size = self.config.claim_size or 4 * self.config.max_in_flight
        self._written = asyncio.get_running_loop().create_future()
        resent = await outbox.reset_in_flight(self.db)
        if resent:
            log.warning("recall sender: %d notices were in flight when the last sender stopped; sending again",
                        resent)
        helpers = [asyncio.create_task(self._flush_forever(), name="recall-marks"),
                   asyncio.create_task(self._progress_forever(), name="recall-progress")]
        try:
            while True:
                if self._failure is not None:
                    raise self._failure
                self._waiting = await outbox.claim(self.db, claim_size)
                if not self._waiting:
                    self._kick.set()
                    await asyncio.sleep(self.config.idle_s)
                    continue
                await self._dispatch()
        finally:
            await self._wind_down(helpers)

    async def _dispatch(self) -> None:
        while self._waiting:
            if self._failure is not None:
                raise self._failure
            await self._slots.acquire()
            try:
                await self.bucket.acquire()
            except BaseException:
                self._slots.release()
                raise
            notice = self._waiting.pop(0)
            task = asyncio.create_task(self._send(notice))
            self._tasks.add(task)
            task.add_done_callback(self._sent_one)

    def _sent_one(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        self._slots.release()

    async def _send(self, notice: Notice) -> None:
        try:
            delivery = await self.deliver(notice)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - an unknown failure is treated as transient
            log.exception("recall sender: delivering notice %s failed", notice.id)
            delivery = Delivery(Outcome.RETRY, error=repr(exc))
        try:
            await self._settle(notice, delivery)
        except Exception as exc:  # noqa: BLE001 - the database failed: restart from what is on record
            log.exception("recall sender: could not record notice %s", notice.id)
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        """Stop sending; the sender restarts from what the outbox says (rows left 'sending' go again)."""
        self._failure = self._failure or exc
        if self._written is not None and not self._written.done():
            self._written.set_exception(exc)
            self._written.exception()  # retrieved: each waiting send learns it by raising

    async def _settle(self, notice: Notice, delivery: Delivery) -> None:
        outcome = delivery.outcome
        if outcome is Outcome.SENT:
            self.stats.sent += 1
            self._transient_streak = 0
            if self._failure is not None:  # nobody will write it down any more
                raise self._failure
            written = self._written
            self._sent_ids.append(notice.id)
            self._marked.set()
            if len(self._sent_ids) >= len(self._tasks):
                self._all_answered.set()
            # The slot stays taken until "sent" is on record: at any moment at most max_in_flight
            # notices can have reached Telegram without being written down (the duplicates of a crash).
            await written
        elif outcome is Outcome.SLOW_DOWN:
            self.stats.slowed += 1
            self.bucket.pause(max(delivery.retry_after, 0.1))
            log.warning("recall sender: Telegram asks to wait %.1f s; every send pauses", delivery.retry_after)
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
                self.bucket.pause(min(30.0, 0.25 * 2 ** min(self._transient_streak, 7)))
            if notice.attempts + 1 >= self.config.max_attempts:
                self.stats.failed += 1
                await outbox.mark_failed(self.db, notice, delivery.error or "gave up")
            else:
                self.stats.retried += 1
                delay = min(600.0, self.config.backoff_s * 2 ** notice.attempts)
                await outbox.retry_later(self.db, notice, delay, delivery.error or "transient")

    # ------------------------------------------------------------------ writing down "sent"

    async def _flush_forever(self) -> None:
        loop = asyncio.get_running_loop()
        last = 0.0
        while True:
            await self._marked.wait()
            # A write costs about as much as a send: at high rates let a few more answers gather
            # first, but not when every send in flight has answered (nothing more can come).
            wait = last + self.config.group_commit_s - loop.time()
            if wait > 0 and len(self._sent_ids) < len(self._tasks):
                self._all_answered.clear()
                with suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._all_answered.wait(), wait)
            self._marked.clear()
            last = loop.time()
            try:
                await self._flush()
            except Exception as exc:  # noqa: BLE001
                log.exception("recall sender: could not record sent notices")
                self._fail(exc)
                return

    async def _flush(self) -> None:
        """Write down every "sent" answered so far in one statement (a group commit), then wake their sends."""
        if not self._sent_ids:
            return
        ids, self._sent_ids = self._sent_ids, []
        written, self._written = self._written, asyncio.get_running_loop().create_future()
        try:
            await outbox.mark_sent(self.db, ids)
        except BaseException as exc:
            if not written.done():
                written.set_exception(exc if isinstance(exc, Exception) else RuntimeError("stopped"))
                written.exception()  # retrieved here: the sends waiting on it learn it from _failure
            raise
        if not written.done():
            written.set_result(None)

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
                                           rate, elapsed, final))

    # ------------------------------------------------------------------ stopping

    async def _wind_down(self, helpers: list[asyncio.Task]) -> None:
        """A clean stop lets in-flight sends finish and writes down what they did; a lost lead touches nothing."""
        if self._tasks and not self.lost:
            await asyncio.wait(set(self._tasks), timeout=self.config.stop_grace_s)
        for task in list(self._tasks):
            task.cancel()
        for task in helpers:
            task.cancel()
        await asyncio.gather(*self._tasks, *helpers, return_exceptions=True)
        if self.lost:
            return
        try:
            await self._flush()
            await outbox.release(self.db, self._waiting)
        except Exception:  # noqa: BLE001 - the next leader re-sends what is left 'sending'
            log.exception("recall sender: could not record the last notices on the way out")


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
        await asyncio.sleep(retry_s)
