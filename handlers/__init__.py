"""aiogram routers, one per conversation. Order matters: commands and staff first, the catch-alls last."""
from aiogram import Router


def all_routers() -> list[Router]:
    """New routers for one Dispatcher (tests and replicas start several; a router joins only one)."""
    from handlers import (
        check,
        complaint,
        errors,
        history,
        leaflet,
        nearby,
        recall,
        reminders,
        staff,
        start,
        stats,
        withdrawal,
    )
    return [module.router() for module in (errors, start, staff, stats, recall, withdrawal, nearby, complaint, history,
                                           leaflet, reminders, check)]
