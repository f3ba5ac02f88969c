"""Leak and clone alerts (issue 14, "The mirror and the citizen"): raised on the check path, told to operators once,
exported for the regulator.

The domain on SQLite and PostgreSQL; the whole loop through the real bot and the local Bot API server
(SQLite by long polling, PostgreSQL by webhook), across a restart.
"""
from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import sys
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine

from alerts.export import export_csv
from alerts.models import Alert, AlertNotice
from alerts.service import AlertRules, claim_notices, queue_notices, raise_alerts
from core.db import Database
from core.i18n import Translator
from core.spreadsheet import FilterError
from core.users import set_role, touch_user
from register.demo import load_directory
from register.models import Product
from tests.botapi.server import parse_html
from tests.conftest import PACKS, REPO
from tests.harness import BotProcess, running_bot
from verification.history import record_check
from verification.models import Check
from verification.service import verify_text

I18N = Translator()
VERDICTS = [json.loads(line) for line in (PACKS / "verdicts.jsonl").read_text().splitlines() if line.strip()]
LEAKED = next(row for row in VERDICTS if "ycDeZ6dqmVe5M" in row["text"])   # withdrawn: medical_use
SOLD = next(row for row in VERDICTS if "6Qd8Mj7zdnbMj" in row["text"])     # withdrawn: sale
GREEN = next(row for row in VERDICTS if row["expect_reason"] == "in_circulation")
OPERATOR = 990001
FORMULA = '=HYPERLINK("http://evil.example/","Aspirin")'


def said(lang: str, key: str, **args) -> str:
    return parse_html(I18N(lang, key, **args))[0]


@pytest.fixture
async def register(db):
    await load_directory(db, PACKS)
    return db


async def check(db, user_id: int, row: dict, today, rules: AlertRules | None = None) -> list[str]:
    """A citizen's check as the bot makes it: verified, recorded, then alerts raised."""
    await touch_user(db, user_id, "ru", "ru", frozenset())
    [result] = await verify_text(db, row["text"], today)
    await record_check(db, user_id, result)
    return await raise_alerts(db, result, rules or AlertRules())


async def age(db, model, *where, days: int, window: int = 7) -> None:
    """Move rows `days` into the past (an alert into the window of its new time, as it would have been)."""
    async with db.session() as session:
        for row in (await session.scalars(select(model).where(*where))).all():
            row.created_at -= timedelta(days=days)
            if model is Alert:
                row.period = int(row.created_at.timestamp() // (window * 86400))
        await session.commit()


async def alerts(db) -> list[Alert]:
    async with db.session() as session:
        return list(await session.scalars(select(Alert).order_by(Alert.id)))


# ----------------------------------------------------------------------------- the domain

async def test_a_code_withdrawn_by_an_institution_raises_one_leak_alert(register, today):
    assert await check(register, 1, LEAKED, today) == ["leak"]
    assert await check(register, 2, LEAKED, today) == []  # the same pack again within the window
    [alert] = await alerts(register)
    assert (alert.kind, alert.gtin, alert.serial, alert.batch, alert.reason) == (
        "leak", LEAKED["gtin"], LEAKED["serial"], LEAKED["batch"], "medical_use")
    assert alert.product and alert.withdrawn_at is not None and alert.notified_at is None
    assert alert.institution is None and alert.location is None


async def test_codes_withdrawn_for_other_reasons_or_in_circulation_raise_nothing(register, today):
    assert await check(register, 1, SOLD, today) == []
    assert await check(register, 1, GREEN, today) == []
    assert await alerts(register) == []


async def test_a_leak_names_the_institution_that_withdrew_the_pack(register, today):
    [result] = await verify_text(register, LEAKED["text"], today)
    result = replace(result, code_status=replace(result.code_status, reason="free_prescription"))
    asked = []

    async def institution() -> str:
        asked.append(1)
        return "City Hospital No. 2"

    for user_id, raises in ((1, ["leak"]), (2, [])):  # each check recorded first, as the bot does
        await touch_user(register, user_id, "ru", "ru", frozenset())
        await record_check(register, user_id, result)
        assert await raise_alerts(register, result, institution=institution) == raises
    [alert] = await alerts(register)
    assert (alert.institution, alert.reason) == ("City Hospital No. 2", "free_prescription")
    assert asked == [1]  # the second check found the alert raised and did not look the institution up


async def test_three_different_people_in_the_window_make_one_clone_alert(register, today):
    assert await check(register, 1, GREEN, today) == []
    assert await check(register, 1, GREEN, today) == []  # one person checking again is not a clone
    assert await check(register, 2, GREEN, today) == []
    assert await check(register, 3, GREEN, today) == ["clone"]
    assert await check(register, 4, GREEN, today) == []  # once per code per window
    [alert] = await alerts(register)
    assert (alert.kind, alert.gtin, alert.serial, alert.users) == ("clone", GREEN["gtin"], GREEN["serial"], 3)


async def test_checks_older_than_the_window_do_not_count(register, today):
    rules = AlertRules(clone_users=3, clone_days=7)
    await check(register, 1, GREEN, today, rules)
    await check(register, 2, GREEN, today, rules)
    await age(register, Check, Check.user_id == 1, days=8)
    assert await check(register, 3, GREEN, today, rules) == []
    assert await check(register, 4, GREEN, today, rules) == ["clone"]


async def test_a_new_window_may_raise_again(register, today):
    rules = AlertRules(clone_users=2, clone_days=7)
    await check(register, 1, GREEN, today, rules)
    assert await check(register, 2, GREEN, today, rules) == ["clone"]
    await age(register, Alert, days=8)  # the alert and its checks are eight days old now
    await age(register, Check, days=8)
    await check(register, 3, GREEN, today, rules)
    assert await check(register, 4, GREEN, today, rules) == ["clone"]
    assert [a.kind for a in await alerts(register)] == ["clone", "clone"]


async def test_raising_costs_one_statement_unless_an_alert_is_written(register, today):
    async def statements(user_id: int, row: dict, raises: list[str]) -> int:
        [result] = await verify_text(register, row["text"], today)
        await touch_user(register, user_id, "ru", "ru", frozenset())
        await record_check(register, user_id, result)
        seen = []

        def count(conn, cursor, statement, *args) -> None:
            seen.append(statement)

        event.listen(Engine, "before_cursor_execute", count)
        try:
            assert await raise_alerts(register, result) == raises
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return len(seen)

    assert await statements(1, GREEN, []) == 1
    assert await statements(2, GREEN, []) == 1
    assert await statements(3, GREEN, ["clone"]) > 1
    assert await statements(4, GREEN, []) == 1  # a code alerted on already costs no more than any other
    assert await statements(1, LEAKED, ["leak"]) > 1
    assert await statements(2, LEAKED, []) == 1


async def test_a_database_failing_after_the_answer_is_logged_not_raised(register, today, caplog):
    [result] = await verify_text(register, LEAKED["text"], today)
    broken = Database("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")  # nothing listens on port 1
    try:
        assert await raise_alerts(broken, result) == []
    finally:
        await broken.close()
    assert "the database failed" in caplog.text


async def test_each_operator_is_told_once(register, today):
    async with register.session() as session:
        await set_role(session, OPERATOR, "operator")
        await set_role(session, OPERATOR + 1, "support")  # support staff are not told
    await check(register, 1, LEAKED, today)
    assert await queue_notices(register) == 1
    assert await queue_notices(register) == 0
    [notice] = await claim_notices(register)
    assert (notice.user_id, notice.language, notice.alert.kind) == (OPERATOR, "ru", "leak")
    assert await claim_notices(register) == []
    async with register.session() as session:
        assert (await session.scalar(select(AlertNotice.sent_at))) is not None


async def test_the_export_is_safe_for_spreadsheets(register, today):
    async with register.session() as session:
        await session.execute(update(Product).where(Product.gtin == LEAKED["gtin"]).values(trade_name=FORMULA))
        await session.commit()
    await check(register, 1, LEAKED, today)
    for user_id in (1, 2, 3):
        await check(register, user_id, GREEN, today)
    data, count = await export_csv(register)
    assert data.startswith(b"\xef\xbb\xbf") and count == 2
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["kind"] for r in rows] == ["leak", "clone"]
    assert rows[0]["product"] == "'" + FORMULA
    assert (rows[0]["gtin"], rows[0]["serial"], rows[0]["batch"]) == (LEAKED["gtin"], LEAKED["serial"], LEAKED["batch"])
    assert rows[0]["withdrawal_reason"] == "medical_use" and rows[0]["withdrawn_at_utc"].endswith("Z")
    assert rows[1]["different_people"] == "3" and rows[1]["withdrawal_reason"] == ""
    assert "user" not in ",".join(rows[0])  # nothing names who checked
    data, count = await export_csv(register, kind="clone", since=today.isoformat())
    assert count == 1
    data, count = await export_csv(register, until="2000-01-01")
    assert count == 0
    with pytest.raises(FilterError):
        await export_csv(register, kind="theft")
    with pytest.raises(FilterError):
        await export_csv(register, since="yesterday")


async def test_medcheck_alerts_export(register, today, tmp_path):
    await check(register, 1, LEAKED, today)
    env = {**os.environ, "DATABASE_URL": register.url, "PYTHONPATH": str(REPO), "LOG_LEVEL": "WARNING",
           "LOAD_DEMO": "false"}

    async def medcheck(*args: str) -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "alerts", *args, env=env,
                                                    cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate()
        return proc.returncode, out.decode("utf-8-sig"), err.decode()

    code, out, _ = await medcheck("export")
    assert code == 0 and out.splitlines()[1].split(",")[2] == "leak"
    code, _, err = await medcheck("export", "-o", str(tmp_path / "alerts.csv"), "--kind", "leak")
    assert code == 0 and "1 alert(s)" in err and (tmp_path / "alerts.csv").read_bytes().count(b"\r\n") == 2
    code, _, err = await medcheck("export", "--since", "31.12.2026")
    assert code == 2 and "--since" in err


# ----------------------------------------------------------------------------- through the real bot

@pytest.fixture
async def bot_db(sample_bot_db, monkeypatch):
    """The sample register with an operator; the in-process bot's alerts sender looks every 0.2 s (not 2 s),
    so that waiting a second for a second alert is waiting five of its rounds."""
    import bot.jobs.alerts
    monkeypatch.setattr(bot.jobs.alerts, "SEND_EVERY_S", 0.2)
    db, mode = sample_bot_db
    async with db.session() as session:
        await set_role(session, OPERATOR, "operator")  # their language: ru
    return db, mode


def start(db, mode: str, botapi):
    """The bot on the sample register; the samples' dates are old on the real clock, and not the point here."""
    return running_bot(db, mode=mode, server=botapi, register_max_age_days=36500)


async def quiet(tg, user: int, seconds: float = 1.0) -> None:
    with pytest.raises(TimeoutError):
        await tg.server.wait_for(user, timeout=seconds)


async def test_operators_are_told_of_a_leak_once_also_after_a_restart(bot_db, botapi):
    db, mode = bot_db
    async with start(db, mode, botapi) as tg:
        [card] = await tg.ask(7001, LEAKED["text"], language_code="en")
        assert card.text.startswith("🔴")
        [alert] = await tg.server.wait_for(OPERATOR, timeout=10)
        assert alert.text.startswith(said("ru", "alert-leak-title"))
        for line in (said("ru", "alert-batch", batch=LEAKED["batch"]), said("ru", "alert-serial", serial=LEAKED["serial"]),
                     "использована в медицинских целях", said("ru", "alert-leak-help")):
            assert line in alert.text
        [card] = await tg.ask(7002, LEAKED["text"], language_code="en")  # another citizen, same pack
        assert card.text.startswith("🔴")
        await quiet(tg, OPERATOR)
    async with start(db, mode, botapi) as tg:
        await quiet(tg, OPERATOR)  # nothing is told twice across a restart
    [alert] = await alerts(db)
    assert alert.notified_at is not None


async def test_a_leak_survives_kill_9_right_after_the_answer(bot_db, botapi, tmp_path):
    """The citizen's answer means the alert is on record: killed at once, the bot tells it after the restart."""
    db, _ = bot_db
    bot = BotProcess(botapi, db, tmp_path / "bot.log", REGISTER_MAX_AGE_DAYS="36500")
    try:
        await bot.start()
        botapi.send_text(7004, LEAKED["text"])
        [card] = await botapi.wait_for(7004, timeout=20)
        assert card.text.startswith("🔴")
        await bot.kill()
        await bot.start()
        [alert] = await botapi.wait_for(OPERATOR, timeout=20)  # sent before the kill, or after the restart
        assert alert.text.startswith(said("ru", "alert-leak-title"))
        with pytest.raises(TimeoutError):
            await botapi.wait_for(OPERATOR, timeout=2.5)  # the sender in the process looks every 2 s
    finally:
        await bot.stop()
    assert [a.kind for a in await alerts(db)] == ["leak"]


async def test_an_alert_raised_while_no_bot_runs_is_told_after_the_start(bot_db, botapi, today):
    db, mode = bot_db
    assert await check(db, 7003, LEAKED, today) == ["leak"]  # raised, then the bot went down before telling
    async with start(db, mode, botapi) as tg:
        [alert] = await tg.server.wait_for(OPERATOR, timeout=10)
        assert alert.text.startswith(said("ru", "alert-leak-title"))
        await quiet(tg, OPERATOR)
    async with start(db, mode, botapi) as tg:
        await quiet(tg, OPERATOR)


async def test_three_people_checking_one_code_make_one_clone_alert(bot_db, botapi):
    db, mode = bot_db
    async with start(db, mode, botapi) as tg:
        for user_id in (7011, 7012):
            [card] = await tg.ask(user_id, GREEN["text"], language_code="uz")
            assert card.text.startswith("🟢")
        await quiet(tg, OPERATOR)
        await tg.ask(7013, GREEN["text"], language_code="uz")
        [alert] = await tg.server.wait_for(OPERATOR, timeout=10)
        assert alert.text.startswith(said("ru", "alert-clone-title"))
        assert said("ru", "alert-clone-users", users=3) in alert.text
        await tg.ask(7014, GREEN["text"])  # a fourth person within the window: no second alert
        await quiet(tg, OPERATOR)
    assert [(a.kind, a.users) for a in await alerts(db)] == [("clone", 3)]
