"""Decode photos (and re-encode receipts) in worker processes, off the event loop, with a deadline and a bounded queue.

Each worker is a one-process executor of its own, so a worker stuck in native code (a decoder
library past its own timeout) is killed and replaced without disturbing the others.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from core.metrics import DECODE_SECONDS, DECODER_BUSY, DECODER_QUEUE, DECODES
from verification.decode import GIVE_UP_S, DecodeResult, decode_image
from verification.image import ImageError

T = TypeVar("T")


class DecoderBusy(Exception):
    """Every worker is busy and the queue is full: the user should try again in a moment."""


class DecodeTimeout(Exception):
    """A photo took longer than the pool's deadline; its worker was replaced."""


def _warm_up() -> int:
    """Runs first in every new worker: imports the decoders so the first photo is not slow; returns its pid."""
    import verification.decode  # noqa: F401
    return os.getpid()


@dataclass
class _Worker:
    executor: concurrent.futures.Executor
    ready: concurrent.futures.Future[int]  # the warm-up; its result is the worker's pid

    @property
    def pid(self) -> int | None:
        ready = self.ready
        return ready.result() if ready.done() and not ready.cancelled() and ready.exception() is None else None


class DecoderPool:
    """Decode images in `workers` processes (None: one per CPU; 0: in a thread of this process).

    `deadline_s` bounds each photo: the decoder chain gives up at half of it (at GIVE_UP_S when that
    is sooner), and a worker still busy at the full deadline is killed and replaced (DecodeTimeout).
    At most `max_pending` photos are decoding or waiting; one more raises DecoderBusy at once.
    `job(data, deadline_s)` is what `decode` runs in the worker (decode_image; tests pass a
    stand-in); `run` takes any other task.
    """

    def __init__(self, workers: int | None = None, *, deadline_s: float = 3.0, max_pending: int = 32,
                 job: Callable[[bytes, float], DecodeResult] = decode_image) -> None:
        self.deadline_s = deadline_s
        self.max_pending = max_pending
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self._job = job
        self._pending = 0
        self._closed = False
        self._all: list[_Worker] = [self._start_worker() for _ in range(self.workers)]
        self._idle: list[_Worker] = list(self._all)
        self._free: asyncio.Semaphore | None = None  # made on first use, inside the running loop

    def worker_pids(self) -> list[int]:
        """The process ids of the workers that have started."""
        return [pid for worker in self._all if (pid := worker.pid) is not None]

    async def started(self) -> None:
        """Until every worker has imported the decoders (a second or two after start-up)."""
        await asyncio.gather(*(asyncio.wrap_future(worker.ready) for worker in self._all))

    @property
    def full(self) -> bool:
        """True while one more photo would be refused with DecoderBusy."""
        return self._pending >= self.max_pending

    async def decode(self, data: bytes) -> DecodeResult:
        """Decode one image's bytes; raises DecoderBusy, DecodeTimeout or ImageError."""
        outcome = "error"
        try:
            result = await self.run(self._job, data, min(self.deadline_s / 2, GIVE_UP_S))
            outcome = "symbols" if result.symbols else "nothing"
            DECODE_SECONDS.observe(result.ms / 1000)
            return result
        except DecoderBusy:
            outcome = "busy"
            raise
        except DecodeTimeout:
            outcome = "timeout"
            raise
        except ImageError:
            outcome = "bad_image"
            raise
        finally:
            DECODES.labels(outcome).inc()

    async def run(self, task: Callable[..., T], *args: Any, deadline_s: float | None = None) -> T:
        """Run `task(*args)` in a worker under the same queue and deadline as a photo (or `deadline_s`).

        Any work that opens a user's image goes through here (re-encoding a receipt too), so that
        with worker processes no user file is decoded in the bot's own process; so does other heavy
        work that would hold the event loop (the operators' charts, with a longer `deadline_s`). `task`
        must be a module-level function (it reaches the worker by name). Raises DecoderBusy,
        DecodeTimeout, or what `task` raises.
        """
        if self._closed:
            raise RuntimeError("the decoder pool is closed")
        if self._pending >= self.max_pending:
            DECODER_BUSY.inc()
            raise DecoderBusy(f"{self._pending} photos in the queue")
        self._pending += 1
        DECODER_QUEUE.inc()
        try:
            if self.workers == 0:  # no processes to spare: the chain's own deadline bounds the thread
                return await asyncio.to_thread(task, *args)
            if self._free is None:
                self._free = asyncio.Semaphore(self.workers)
            async with self._free:
                return await self._run(self._idle.pop(), task, args, deadline_s or self.deadline_s)
        finally:
            self._pending -= 1
            DECODER_QUEUE.dec()

    async def _run(self, worker: _Worker, task: Callable[..., T], args: tuple, deadline_s: float) -> T:
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wrap_future(worker.ready)  # a fresh worker's start-up is not the photo's time
            future = loop.run_in_executor(worker.executor, task, *args)
            return await asyncio.wait_for(future, deadline_s)
        except asyncio.TimeoutError:
            worker = self._replace(worker)
            raise DecodeTimeout(f"no result within {deadline_s} s") from None
        except BrokenProcessPool:  # the worker died (a crash in native code): the photo may be the cause
            worker = self._replace(worker)
            raise DecodeTimeout("the decoder worker stopped") from None
        finally:
            self._idle.append(worker)

    def _start_worker(self) -> _Worker:
        if sys.platform.startswith("linux"):
            # Workers fork from a clean server process (no event loop, no threads) that has the
            # decoders imported already: a replacement worker is ready in milliseconds.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["verification.decode"])
        else:
            context = multiprocessing.get_context("spawn")
        executor = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
        return _Worker(executor, executor.submit(_warm_up))

    def _replace(self, worker: _Worker) -> _Worker:
        _kill(worker)
        fresh = self._start_worker()
        self._all[self._all.index(worker)] = fresh
        return fresh

    async def close(self) -> None:
        """Stop every worker (photos still decoding are abandoned)."""
        self._closed = True
        workers, self._all, self._idle = self._all, [], []
        starting = [asyncio.wrap_future(worker.ready) for worker in workers if not worker.ready.done()]
        if starting:  # a worker names its process once it has started
            await asyncio.wait(starting, timeout=10)
        processes = [process for worker in workers for process in _kill(worker)]
        await asyncio.to_thread(lambda: [process.join(5) for process in processes])


def _kill(worker: _Worker) -> list[multiprocessing.Process]:
    """Kill a worker's process and shut its executor down; returns the process (to join)."""
    # ProcessPoolExecutor kills its workers itself only from Python 3.14 (kill_workers()); before,
    # the worker's own pid finds its process among ours.
    processes = [process for process in multiprocessing.active_children() if process.pid == worker.pid]
    for process in processes:
        process.kill()
    worker.executor.shutdown(wait=False, cancel_futures=True)
    return processes
