"""How late the event loop runs: a 10 ms ticker whose oversleeps the benchmarks report."""
from __future__ import annotations

import asyncio


async def ticker(stop: asyncio.Event, lags: list[float], interval: float = 0.01) -> None:
    """Sleep `interval` again and again until `stop`, recording how late each wake-up came."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        due = loop.time() + interval
        await asyncio.sleep(interval)
        lags.append(max(0.0, loop.time() - due))
