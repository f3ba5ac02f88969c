"""The last line of defence: a failure becomes a polite message, and a log line with the traceback."""
import logging

from aiogram import Router
from aiogram.types import ErrorEvent

from core.i18n import Translator

log = logging.getLogger("medcheck.errors")


async def on_error(event: ErrorEvent, i18n: Translator, lang: str = "en", trace=None) -> bool:
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    if trace is not None:
        trace.outcome = "error"
    inner = event.update.message or (event.update.callback_query and event.update.callback_query.message)
    if inner is not None:
        try:
            await inner.answer(i18n(lang, "error-generic"))
        except Exception:  # noqa: BLE001 - Telegram itself may be what failed
            log.warning("could not tell the user about the failure")
    return True


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
