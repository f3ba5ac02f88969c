"""aiogram routers, one per conversation. Order matters: commands and staff first, the catch-alls last."""
from aiogram import Router


def all_routers() -> list[Router]:
    from handlers import check, complaint, errors, recall, staff, start
    return [errors.router, start.router, staff.router, recall.router, complaint.router, check.router]
