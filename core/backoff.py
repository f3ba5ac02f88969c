"""The one backoff rule of every durable outbox: the wait doubles with each failure, up to a cap."""
from __future__ import annotations


def backoff(attempts: int, base: float, cap: float) -> float:
    """Seconds before the next try after `attempts` failures: base, 2*base, 4*base, ... up to `cap`."""
    return min(cap, base * 2 ** max(0, min(attempts, 30) - 1))
