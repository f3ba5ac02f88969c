"""Pacing for broadcasts: a token bucket that every send passes through, and a pause for all of them.

Any window of T seconds holds at most `burst + rate * T` sends; after Telegram's 429 every send
waits, not only the refused one. The clock and the sleep are injectable so tests need no real time.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

BURST_SECONDS = 0.02  # catch up after a late wake-up, but stay well inside a one-second window


class TokenBucket:
    """`await acquire()` returns when one more send may go; `pause(s)` holds every acquirer for `s`."""

    def __init__(self, rate: float, burst: float | None = None, *, clock: Clock = time.monotonic,
                 sleep: Sleep = asyncio.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.capacity = float(burst) if burst is not None else max(1.0, self.rate * BURST_SECONDS)
        self.clock, self.sleep = clock, sleep
        self.tokens = self.capacity
        self.updated = clock()
        self.paused_until = 0.0

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now

    def pause(self, seconds: float) -> None:
        """Nobody sends for `seconds` from now, and the bucket starts empty afterwards."""
        until = self.clock() + seconds
        if until > self.paused_until:
            self.paused_until = until
            self.tokens = 0.0
            self.updated = until

    @property
    def paused(self) -> bool:
        return self.clock() < self.paused_until

    async def acquire(self) -> None:
        while True:
            now = self.clock()
            if now < self.paused_until:
                await self.sleep(self.paused_until - now)
                continue
            self._refill(now)
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return
            await self.sleep((1.0 - self.tokens) / self.rate)
