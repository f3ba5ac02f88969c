"""Rows written on every update (users, checks) share transactions when they arrive together (core.db.Batches).

On SQLite and PostgreSQL: each caller gets its own row's id, one bad row fails only its own caller,
and a row is on record when its caller's await returns.
"""
from __future__ import annotations

import asyncio

from sqlalchemy import event, func, select

from core.users import User, touch_user
from tests.conftest import SAMPLES_TODAY
from tests.test_verification_service import sample
from verification.history import recent_checks, record_check
from verification.models import Check
from verification.service import verify_text


def counting_commits(db) -> list[int]:
    commits: list[int] = []
    event.listen(db.engine.sync_engine, "commit", lambda _conn: commits.append(1))
    return commits


async def test_checks_recorded_together_share_a_transaction_and_each_gets_its_own_row(register_db):
    users = range(5001, 5041)
    await asyncio.gather(*(touch_user(register_db, user, "en", "en", frozenset()) for user in users))
    [result] = await verify_text(register_db, sample("in_circulation")["text"], SAMPLES_TODAY)
    commits = counting_commits(register_db)

    ids = await asyncio.gather(*(record_check(register_db, user, result) for user in users))

    assert len(commits) <= 10, "forty checks recorded at once should take a few transactions, not forty"
    for user, check_id in zip(users, ids):
        [record] = await recent_checks(register_db, user)
        assert record.id == check_id


async def test_users_met_together_are_created_together_once_each(db):
    commits = counting_commits(db)
    users = await asyncio.gather(*(touch_user(db, user, lang, "ru", frozenset())
                                   for user in range(6001, 6031) for lang in ("uz", "uz")))
    assert len(commits) <= 10, "thirty new users met at once should take a few transactions, not thirty"
    assert {u.id for u in users} == set(range(6001, 6031)) and {u.language for u in users} == {"uz"}
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 30


async def test_a_bad_row_fails_only_its_own_caller(register_db):
    await touch_user(register_db, 5101, "en", "en", frozenset())
    [result] = await verify_text(register_db, sample("in_circulation")["text"], SAMPLES_TODAY)
    # 5199 is nobody: its check breaks the foreign key to users, and it alone is refused.
    outcomes = await asyncio.gather(*(record_check(register_db, user, result) for user in (5101, 5199, 5101)),
                                    return_exceptions=True)
    assert isinstance(outcomes[1], Exception)
    assert all(isinstance(outcomes[i], int) for i in (0, 2))
    async with register_db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Check)) == 2
