"""Decoding off the event loop: worker processes, a deadline per image, and a bounded queue.

The event loop only awaits. A worker stuck past the deadline (libdmtx can spin for minutes) is
killed and replaced, so one bad photo cannot wedge the pool.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from verification.decode import DecodeResult, decode_image

log = logging.getLogger("medcheck.decode")


class DecoderBusy(Exception):
    """Too many photos are waiting: the bot answers "busy, try again"."""


class DecodeTimeout(Exception):
    """The image took longer than the deadline; its worker was replaced."""

    reason = "timeout"


def _warm_up() -> None:
    """Runs once in each worker so the first real photo does not pay for imports."""


class DecoderPool:
    def __init__(self, workers: int | None = None, deadline_s: float = 3.0, max_pending: int = 32) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.deadline_s = deadline_s
        self.max_pending = max_pending
        self.pending = 0
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver: workers never inherit the event loop's threads or sockets.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["verification.decode"])
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm_up)
        return self._executor

    async def decode(self, data: bytes) -> DecodeResult:
        """Every symbol in the image; raises ImageError, DecoderBusy or DecodeTimeout."""
        if self.pending >= self.max_pending:
            raise DecoderBusy
        self.pending += 1
        try:
            return await self._run(data, retry=True)
        finally:
            self.pending -= 1

    async def _run(self, data: bytes, retry: bool) -> DecodeResult:
        loop = asyncio.get_running_loop()
        # The worker stops trying harder a little before the hard deadline, and still answers.
        job = loop.run_in_executor(self._pool(), decode_image, data, self.deadline_s * 0.8)
        try:
            return await asyncio.wait_for(job, self.deadline_s)
        except asyncio.TimeoutError:
            log.warning("decode exceeded %.1f s; replacing the workers", self.deadline_s)
            self._replace()
            raise DecodeTimeout from None
        except BrokenProcessPool:
            self._replace()  # another job's worker was killed under us: try once on a fresh pool
            if not retry:
                raise
            return await self._run(data, retry=False)

    def _replace(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    async def warm_up(self) -> None:
        """Start the workers now rather than on the first photo."""
        loop = asyncio.get_running_loop()
        pool = self._pool()
        await asyncio.gather(*(loop.run_in_executor(pool, _warm_up) for _ in range(self.workers)))

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown)
