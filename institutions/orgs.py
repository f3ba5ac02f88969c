"""Organisations and their staff: admins add organisations and grant the `institution` role tied to one."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.db import Database
from core.users import get_user, set_role
from institutions.models import GATEWAYS, InstitutionStaff, Organisation


class OrgError(ValueError):
    """Why an organisation or a grant is refused: bad_tin, bad_gateway, bad_key_env, duplicate_tin,
    unknown_org, fixed_admin."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OrgInfo:
    id: int
    name: str
    tin: str
    business_place_id: str
    region: str | None
    gateway: str
    api_key_env: str | None


def _info(org: Organisation) -> OrgInfo:
    return OrgInfo(org.id, org.name, org.tin, org.business_place_id, org.region, org.gateway, org.api_key_env)


async def add_org(db: Database, name: str, tin: str, business_place_id: str, region: str | None = None,
                  gateway: str = "file", api_key_env: str | None = None) -> OrgInfo:
    """Record an organisation; `api_key_env` names the environment variable holding its xTrace API key."""
    tin = tin.strip()
    if not re.fullmatch(r"\d{9}|\d{14}", tin):  # a company's TIN, or a person's PINFL
        raise OrgError("bad_tin")
    if gateway not in GATEWAYS:
        raise OrgError("bad_gateway")
    if api_key_env is not None and not re.fullmatch(r"[A-Z_][A-Z0-9_]{0,63}", api_key_env):
        raise OrgError("bad_key_env")  # a variable's name, never the key itself
    if gateway == "xtrace" and not api_key_env:
        raise OrgError("bad_key_env")
    org = Organisation(name=name.strip(), tin=tin, business_place_id=business_place_id.strip(),
                       region=region, gateway=gateway, api_key_env=api_key_env)
    async with db.session() as session:
        session.add(org)
        try:
            await session.commit()
        except IntegrityError:
            raise OrgError("duplicate_tin") from None
        return _info(org)


async def list_orgs(db: Database) -> list[OrgInfo]:
    async with db.session() as session:
        return [_info(o) for o in (await session.scalars(select(Organisation).order_by(Organisation.id))).all()]


async def get_org(db: Database, org_id: int) -> OrgInfo | None:
    async with db.session() as session:
        org = await session.get(Organisation, org_id)
        return _info(org) if org else None


async def grant_institution(db: Database, user_id: int, org_id: int, admin_ids: frozenset[int]) -> str:
    """Make a user staff of organisation `org_id` (created if they have not written yet); returns the old role."""
    if user_id in admin_ids:
        raise OrgError("fixed_admin")
    async with db.session() as session:
        if await session.get(Organisation, org_id) is None:
            raise OrgError("unknown_org")
        before = await get_user(session, user_id)
        await set_role(session, user_id, "institution")  # commits; the user row exists from here
        staff = await session.get(InstitutionStaff, user_id)
        if staff is None:
            session.add(InstitutionStaff(user_id=user_id, organisation_id=org_id))
        else:
            staff.organisation_id = org_id
        await session.commit()
    return before.role if before else "citizen"


async def staff_organisation(db: Database, user_id: int) -> OrgInfo | None:
    """The organisation this user works for, or None unless they hold the `institution` role."""
    async with db.session() as session:
        row = (await session.execute(
            select(Organisation).join(InstitutionStaff, InstitutionStaff.organisation_id == Organisation.id)
            .where(InstitutionStaff.user_id == user_id))).scalar_one_or_none()
        user = await get_user(session, user_id)
    return _info(row) if row is not None and user is not None and user.role == "institution" else None
