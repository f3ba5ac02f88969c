"""Who works the desk: admins (from ADMIN_IDS) grant and revoke the support and operator roles."""
from __future__ import annotations

from core.db import Database
from core.users import get_user, set_role

GRANTABLE = ("support", "operator")
DESK_ROLES = ("support",)                  # may take, answer, close and reject complaints (admins too)
EXPORT_ROLES = ("support", "operator")     # may export complaints for the regulator (admins too)


class RoleError(ValueError):
    """Why a role change is refused: unknown_role, fixed_admin or unknown_user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def grant_role(db: Database, user_id: int, role: str, admin_ids: frozenset[int]) -> str:
    """Give `role` to a user (created if they have not written to the bot yet); returns the old role."""
    role = role.strip().lower()
    if role not in GRANTABLE:
        raise RoleError("unknown_role")
    if user_id in admin_ids:
        raise RoleError("fixed_admin")  # ADMIN_IDS decides who is admin, on every update
    before = await get_user_role(db, user_id)
    async with db.session() as session:
        await set_role(session, user_id, role)
    return before or "citizen"


async def revoke_role(db: Database, user_id: int, admin_ids: frozenset[int]) -> str:
    """Make a staff member a citizen again; returns the role they had."""
    if user_id in admin_ids:
        raise RoleError("fixed_admin")
    before = await get_user_role(db, user_id)
    if before is None:
        raise RoleError("unknown_user")
    async with db.session() as session:
        await set_role(session, user_id, "citizen")
    return before


async def get_user_role(db: Database, user_id: int) -> str | None:
    async with db.session() as session:
        user = await get_user(session, user_id)
    return user.role if user else None
