"""Work that runs beside the handlers for as long as the bot runs.

The Dispatcher starts the jobs from `dp.startup` and stops them from `dp.shutdown` (aiogram's
examples/web_app), so long polling, the webhook server and the tests' harness run them the same way.
Each job is `async def job(services, bot)` and runs until it is cancelled.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher

if TYPE_CHECKING:
    from bot.app import Services

Job = Callable[["Services", Bot], Awaitable[Any]]


def every_job() -> list[Job]:
    """The jobs of a running bot: register sync, recall sender, complaints desk, register watch, alerts,
    withdrawals, expiry reminders, the weekly digest."""
    from bot.jobs.alerts import send_alerts
    from bot.jobs.broadcast import run_sender
    from bot.jobs.desk import run_desk
    from bot.jobs.digest import send_digests
    from bot.jobs.register_watch import watch_register
    from bot.jobs.reminders import send_reminders
    from bot.jobs.withdrawals import run_withdrawals
    from register.sync import sync_forever
    return [sync_forever, run_sender, run_desk, watch_register, send_alerts, run_withdrawals, send_reminders,
            send_digests]


class BackgroundJobs:
    """One Dispatcher's jobs: started when it starts, cancelled (and awaited) when it shuts down."""

    def __init__(self, jobs: Sequence[Job]) -> None:
        self.jobs = list(jobs)
        self.tasks: list[asyncio.Task] = []

    def attach(self, dp: Dispatcher) -> None:
        dp.startup.register(self.start)
        dp.shutdown.register(self.stop)

    async def start(self, services: Services, bot: Bot) -> None:
        self.tasks = [asyncio.create_task(job(services, bot), name=f"{job.__module__}.{job.__name__}")
                      for job in self.jobs]

    async def stop(self) -> None:
        tasks, self.tasks = self.tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError, Exception):  # a job that failed has logged it
                await task
