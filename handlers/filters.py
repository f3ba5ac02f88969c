"""Who may do what: staff commands and buttons check the role the user middleware loaded."""
from aiogram.filters import Filter
from aiogram.types import TelegramObject

from core.users import UserInfo


class HasRole(Filter):
    """Passes when the user holds one of `roles`; admins pass every staff check."""

    def __init__(self, *roles: str) -> None:
        self.roles = set(roles) | {"admin"}

    async def __call__(self, event: TelegramObject, user: UserInfo | None = None) -> bool:
        return user is not None and user.role in self.roles
