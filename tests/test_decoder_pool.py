"""The decoder pool: results come back, the event loop keeps ticking, a full queue says busy, and a
worker stuck past the deadline is replaced without taking the pool down."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from verification.decode import GIVE_UP_S, DecodeResult
from verification.decoder_pool import DecoderBusy, DecoderPool, DecodeTimeout
from verification.image import ImageError

# Not from tests.conftest: the workers import this module for sleepy_job, and conftest's imports
# (SQLAlchemy, Alembic) would slow their start past the short deadlines below.
PHOTOS = Path(__file__).resolve().parent / "data" / "packs" / "photos"
PACK_001 = b"010478018159083021EtfjgVvVqE1Sk\x1d917XJ8\x1d92dMlHUvTCQCyEZDz/TddJ8HyS5SUkCnD8zRA9a9SkpXz="


def sleepy_job(data: bytes, deadline_s: float) -> DecodeResult:
    """A stand-in decoder (runs in the worker): sleeps for the number of seconds in `data`."""
    time.sleep(float(data))
    return DecodeResult(symbols=[], hints=("slept",))


async def _gone(pid: int, within_s: float = 2.0) -> bool:
    """True once no process has this pid (a killed worker is reaped a moment after it dies)."""
    for _ in range(int(within_s / 0.05)):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        await asyncio.sleep(0.05)
    return False


@pytest.fixture
async def pool():
    pool = DecoderPool(workers=2, deadline_s=3.0, max_pending=8)
    yield pool
    await pool.close()


async def test_pool_decodes_a_pack_photo(pool):
    result = await pool.decode((PHOTOS / "pack_001.jpg").read_bytes())
    assert [s.payload for s in result.symbols] == [PACK_001]


async def test_image_errors_come_back_from_the_worker(pool):
    with pytest.raises(ImageError) as caught:
        await pool.decode(b"this is a text file, not a photo")
    assert caught.value.reason == "not_an_image"


async def test_event_loop_keeps_ticking_while_photos_decode(pool):
    # The slowest kinds: no code at all (every look is tried) and the smallest modules; as many as the
    # queue holds, sent again until the workers have been busy for a while on any machine.
    names = ["nocode_0.jpg", "nocode_1.jpg", "nocode_2.jpg", "nocode_3.jpg",
             "pack_005.jpg", "pack_014.jpg", "pack_041.jpg", "pack_107.jpg"]  # 2.6 px per module
    photos = [(PHOTOS / name).read_bytes() for name in names]
    await pool.decode(photos[-1])  # workers up and warm
    worst_lag = 0.0

    async def ticker(stop: asyncio.Event) -> None:
        nonlocal worst_lag
        while not stop.is_set():
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            worst_lag = max(worst_lag, time.perf_counter() - start - 0.01)

    stop = asyncio.Event()
    ticking = asyncio.create_task(ticker(stop))
    started = time.perf_counter()
    while time.perf_counter() - started < 0.5:
        results = await asyncio.gather(*(pool.decode(photo) for photo in photos))
        assert len(results) == len(photos) and all(r.symbols for r in results[4:])
    stop.set()
    await ticking
    assert worst_lag < 0.1


async def test_a_full_queue_is_busy_at_once():
    pool = DecoderPool(workers=1, deadline_s=5.0, max_pending=2, job=sleepy_job)
    try:
        running = [asyncio.create_task(pool.decode(b"0.5")) for _ in range(2)]
        await asyncio.sleep(0)  # both are in: one decoding, one waiting
        assert pool.full
        started = time.perf_counter()
        with pytest.raises(DecoderBusy):
            await pool.decode(b"0")
        assert time.perf_counter() - started < 0.05
        assert [r.hints for r in await asyncio.gather(*running)] == [("slept",), ("slept",)]
        assert not pool.full
        assert (await pool.decode(b"0")).hints == ("slept",)  # room again
    finally:
        await pool.close()


async def test_a_stuck_worker_is_killed_at_the_deadline_and_the_pool_recovers():
    pool = DecoderPool(workers=1, deadline_s=0.5, max_pending=4, job=sleepy_job)
    try:
        await pool.decode(b"0")  # the worker is up
        [stuck] = pool.worker_pids()
        started = time.perf_counter()
        with pytest.raises(DecodeTimeout):
            await pool.decode(b"60")
        assert time.perf_counter() - started < 2
        assert await _gone(stuck)  # killed, not left running
        assert (await pool.decode(b"0.01")).hints == ("slept",)
        assert pool.worker_pids() != [stuck]
    finally:
        await pool.close()


async def test_one_stuck_photo_does_not_stop_the_others():
    pool = DecoderPool(workers=2, deadline_s=0.8, max_pending=4, job=sleepy_job)
    try:
        stuck, quick = await asyncio.gather(pool.decode(b"60"), pool.decode(b"0.05"), return_exceptions=True)
        assert isinstance(stuck, DecodeTimeout) and quick.hints == ("slept",)
    finally:
        await pool.close()


async def test_closed_pool_refuses_work_and_its_processes_are_gone():
    pool = DecoderPool(workers=1, deadline_s=3.0, job=sleepy_job)
    await pool.decode(b"0")
    [pid] = pool.worker_pids()
    await pool.close()
    assert pid not in {p.pid for p in multiprocessing.active_children()}
    assert await _gone(pid)  # the process itself, not merely our record of it
    with pytest.raises(RuntimeError):
        await pool.decode(b"0")


async def test_workers_zero_decodes_in_a_thread():
    pool = DecoderPool(workers=0, deadline_s=3.0)
    try:
        result = await pool.decode((PHOTOS / "pack_001.jpg").read_bytes())
        assert [s.payload for s in result.symbols] == [PACK_001]
    finally:
        await pool.close()


async def test_the_chain_gives_up_long_before_the_pool_would_kill_its_worker():
    """The chain's own give-up time (GIVE_UP_S), not half the pool's kill deadline, bounds a photo."""
    given: list[float] = []

    def job(data: bytes, deadline_s: float) -> DecodeResult:
        given.append(deadline_s)
        return DecodeResult(symbols=[])

    pool = DecoderPool(workers=0, deadline_s=3.0, job=job)
    try:
        await pool.decode(b"")
    finally:
        await pool.close()
    assert given == [GIVE_UP_S] and GIVE_UP_S < 3.0 / 2


async def test_started_returns_once_every_worker_is_up():
    pool = DecoderPool(workers=2, deadline_s=3.0, job=sleepy_job)
    try:
        await pool.started()
        assert len(set(pool.worker_pids())) == 2
    finally:
        await pool.close()
