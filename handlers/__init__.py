"""aiogram routers, one per conversation. Order matters: commands and staff first, the catch-alls last."""
from aiogram import Router


def all_routers() -> list[Router]:
    from handlers import check, complaint, errors, history, recall, staff, start
    routers = [errors.router, start.router, staff.router, recall.router, complaint.router, history.router,
               check.router]
    for router in routers:
        # Module-level routers outlive a Dispatcher (tests start one per bot); aiogram has no public detach.
        router._parent_router = None
    return routers
