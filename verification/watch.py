"""The register's state for the people who run the bot: start-up warnings, /healthz, notices to operators.

Each part of a verdict (coverage.RESTS_ON) is fresh, stale or missing. A change of state is announced
once: the state last announced is a row (register_alerts) changed by compare-and-set, so of several
replicas one announces it and a restart does not announce it again. The operators to tell are written
with the change (register_notices); a notice is claimed by setting its `sent_at` before it is sent, so
it goes out at most once.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.db import Database
from core.users import User
from register.demo import demo_sources
from register.freshness import MaxAge, SourceFreshness, register_freshness
from verification.coverage import PartState, coverage
from verification.models import RegisterAlert, RegisterNotice

log = logging.getLogger("medcheck.register")
OPERATOR_ROLES = ("operator", "admin")  # admins pass every staff check
DEMO_BANNER = "*" * 78


@dataclass(frozen=True)
class RegisterState:
    sources: dict[str, SourceFreshness]
    parts: dict[str, PartState]
    demo: list[str]  # sources holding the shipped demo data

    @property
    def degraded(self) -> bool:
        return any(not part.checkable for part in self.parts.values())

    def report(self) -> dict:
        """The JSON /healthz shows: every source, and what each part of a verdict can vouch for."""
        return {
            "demo": bool(self.demo),
            "sources": {name: {"loaded": s.loaded, "as_of": s.as_of.isoformat() if s.as_of else None,
                               "fresh": s.fresh, "max_age_days": s.max_age_days}
                        for name, s in self.sources.items()},
            "parts": {name: part.state for name, part in self.parts.items()},
        }


@dataclass(frozen=True)
class RegisterStateNotice:
    """One operator is told that a part of the register changed state: missing, stale, or fresh again."""

    user_id: int
    language: str
    part: str
    state: str
    as_of: datetime | None


async def register_state(db: Database, max_age: MaxAge, today: date) -> RegisterState:
    sources = await register_freshness(db, max_age, today)
    return RegisterState(sources, coverage(sources), await demo_sources(db))


async def check_at_start(db: Database, max_age: MaxAge, today: date) -> RegisterState:
    """Say in the log, at every start, what the register cannot vouch for; record changes to announce."""
    state = await register_state(db, max_age, today)
    if state.demo:
        log.warning(DEMO_BANNER)
        log.warning("THE DEMO REGISTER IS LOADED (%s): sample data, NOT the real register of medicines.",
                    ", ".join(state.demo))
        log.warning("Its verdicts are for trying the bot only. Load the real register (SYNC_CONFIG, see "
                    "sync.example.toml, or `medcheck import`) and set LOAD_DEMO=false.")
        log.warning(DEMO_BANNER)
    for part in state.parts.values():
        if not part.checkable:
            log.warning("register: %s", describe(part, state.sources))
    await record_changes(db, state.parts)
    return state


def describe(part: PartState, sources: dict[str, SourceFreshness]) -> str:
    """One line for the log: the part, its sources, their dates and limits, and what it does to verdicts."""
    detail = ", ".join(
        f"{s.source} {'as of ' + s.as_of_day.isoformat() if s.loaded else 'not loaded'} "
        f"(max {s.max_age_days} days)" for s in (sources[name] for name in part.sources))
    return f"{part.part} is {part.state} [{detail}]: checks that need it say \"cannot check right now\""


async def record_changes(db: Database, parts: dict[str, PartState]) -> list[PartState]:
    """Compare each part with the state last announced; record each change with the operators to tell."""
    async with db.session() as session:
        announced = dict((await session.execute(select(RegisterAlert.part, RegisterAlert.state))).all())
    changed = []
    for part in parts.values():
        before = announced.get(part.part)
        if before == part.state:
            continue
        if before is None and part.checkable:
            await _first_sight(db, part)  # fresh from the start: nothing to tell
        elif await _announce(db, part, before):
            changed.append(part)
    return changed


async def _first_sight(db: Database, part: PartState) -> None:
    async with db.session() as session:
        session.add(RegisterAlert(part=part.part, state=part.state, as_of=part.as_of))
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()  # another replica saw it first


async def _announce(db: Database, part: PartState, before: str | None) -> bool:
    """Move the part to its new state and queue a notice per operator, in one transaction; False if another won."""
    async with db.session() as session:
        if before is None:
            session.add(RegisterAlert(part=part.part, state=part.state, as_of=part.as_of))
        else:
            moved = await session.execute(
                update(RegisterAlert).where(RegisterAlert.part == part.part, RegisterAlert.state == before)
                .values(state=part.state, as_of=part.as_of, changed_at=utcnow()))
            if moved.rowcount != 1:
                await session.rollback()
                return False
        # News of an earlier state that is still unsent is out of date now.
        await session.execute(delete(RegisterNotice).where(RegisterNotice.part == part.part,
                                                           RegisterNotice.sent_at.is_(None)))
        operators = (await session.scalars(
            select(User.id).where(User.role.in_(OPERATOR_ROLES), User.active.is_(True)))).all()
        session.add_all(RegisterNotice(user_id=user_id, part=part.part, state=part.state, as_of=part.as_of)
                        for user_id in operators)
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            return False
    log.log(logging.INFO if part.checkable else logging.WARNING, "register: %s is %s now; %d operator(s) to tell",
            part.part, part.state, len(operators))
    return True


async def claim_notices(db: Database, limit: int = 100) -> list[RegisterStateNotice]:
    """Notices not sent yet, each claimed (marked sent) before it is returned: at most once."""
    async with db.session() as session:
        rows = (await session.execute(
            select(RegisterNotice, User.language).join(User, User.id == RegisterNotice.user_id)
            .where(RegisterNotice.sent_at.is_(None)).order_by(RegisterNotice.id).limit(limit))).all()
    claimed = []
    for row, language in rows:
        async with db.session() as session:  # a write first in its own transaction: no lock upgrade on SQLite
            done = await session.execute(update(RegisterNotice).where(
                RegisterNotice.id == row.id, RegisterNotice.sent_at.is_(None)).values(sent_at=utcnow()))
            await session.commit()
        if done.rowcount == 1:
            claimed.append(RegisterStateNotice(row.user_id, language, row.part, row.state, row.as_of))
    return claimed
