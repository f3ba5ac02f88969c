"""The desk job: posts stored complaints to the support chat and tells citizens what happens to them.

Citizens hear from it that a complaint was received, and every status change and staff answer.

Both directions read outbox rows (complaints.outbox), so a support chat that is down, a flood limit
or a restart only delays them. Woken at once by a new complaint or answer; otherwise it sleeps until
the next row is due. It also purges receipt images past the retention period, once an hour.
"""
from __future__ import annotations

import asyncio
import logging
import time

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.types import BufferedInputFile, InputMediaPhoto, ReplyParameters

from complaints import outbox
from complaints.outbox import ComplaintNotice, DeskItem, DeskPhoto
from complaints.retention import purge_images
from complaints.service import get_complaint
from core.clock import utcnow
from core.db import DB_DOWN
from core.i18n import Translate
from core.users import mark_unreachable
from handlers.cards.complaint import accepted_card
from handlers.cards.desk import desk_card, desk_keyboard, desk_topic_name, notice_messages, photo_caption

log = logging.getLogger("medcheck.desk")
IDLE_S = 30.0           # look at the outbox at least this often (another replica may have added rows)
PURGE_EVERY_S = 3600.0
SENDING_ERRORS = (TelegramAPIError, TelegramNetworkError, asyncio.TimeoutError, OSError)


async def run_desk(services, bot: Bot) -> None:
    """Run for as long as the bot runs (one of bot.jobs.every_job)."""
    desk = Desk(services, bot)
    if services.settings.support_chat_id is None:
        log.warning("SUPPORT_CHAT_ID is not set: complaints are stored and wait until it is")
    last_purge = 0.0
    while True:
        try:
            await desk.round()
            if time.monotonic() - last_purge > PURGE_EVERY_S:
                purged = await purge_images(services.db, services.settings.receipt_retention_days)
                last_purge = time.monotonic()
                if purged:
                    log.info("purged the images of %d photo(s) past the retention period", purged)
            wait = await desk.idle_time()
        except asyncio.CancelledError:
            await desk.release()
            raise
        except DB_DOWN:
            log.exception("desk: database unreachable")
            wait = 5.0
        except Exception:  # noqa: BLE001 - the desk must outlive any one bad row
            log.exception("desk round failed")
            wait = 5.0
        await outbox.wait_for_work(services.db, wait)


async def settle(coro):
    """Run a piece of outbox bookkeeping to its end even if the job is being stopped meanwhile.

    A row claimed but never written back would sit leased until the lease runs out; a topic made
    but not recorded would be made again. The stop still happens, just after the write.
    """
    task = asyncio.ensure_future(coro)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise


class Desk:
    def __init__(self, services, bot: Bot) -> None:
        self.db, self.settings, self.i18n, self.bot = services.db, services.settings, services.i18n, bot
        self.lang = self.settings.default_language  # the support chat reads the default language
        self.t: Translate = self.i18n.bind(self.lang)
        self.held: set[int] = set()          # complaints leased to us and not yet written back
        self.held_notices: set[int] = set()

    async def release(self) -> None:
        """Stopping: hand back what we hold, so the next start (or another replica) takes it at once."""
        held, notices = list(self.held), list(self.held_notices)
        self.held.clear(), self.held_notices.clear()
        try:
            await outbox.release_complaints(self.db, held)
            await outbox.release_notices(self.db, notices)
        except Exception:  # noqa: BLE001 - the leases run out by themselves anyway
            log.warning("desk: could not release leases on stop", exc_info=True)

    async def _claim_complaints(self) -> list[int]:
        claimed = await outbox.claim_complaints(self.db)
        self.held.update(claimed)
        return claimed

    async def _claim_notices(self) -> list[ComplaintNotice]:
        notices = await outbox.claim_notices(self.db)
        self.held_notices.update(n.event_id for n in notices)
        return notices

    async def _done(self, complaint_id: int, write) -> None:
        await settle(write)
        self.held.discard(complaint_id)

    async def _notice_done(self, event_id: int, write):
        result = await settle(write)
        self.held_notices.discard(event_id)
        return result

    async def round(self) -> None:
        await self._deliver_due()  # first: a citizen's receipt does not wait for the support chat
        if self.settings.support_chat_id is not None:
            await self._post_due()

    async def idle_time(self) -> float:
        due = await outbox.next_due(self.db, posting=self.settings.support_chat_id is not None)
        if due is None:
            return IDLE_S
        return min(IDLE_S, max(0.0, (due - utcnow()).total_seconds()))

    # ------------------------------------------------------------------ complaints -> support chat
    async def _post_due(self) -> None:
        claimed = await settle(self._claim_complaints())
        for index, complaint_id in enumerate(claimed):
            try:
                await self._post(complaint_id)
            except TelegramRetryAfter as exc:
                # Telegram asked for a pause: this one and the rest wait, none counts as failed.
                log.warning("desk: flood limit, waiting %ss", exc.retry_after)
                for waiting in claimed[index:]:
                    await self._done(waiting, outbox.desk_defer(self.db, waiting, exc.retry_after))
                return
            except SENDING_ERRORS as exc:
                if isinstance(exc, TelegramBadRequest) and "thread not found" in exc.message:
                    await settle(outbox.topic_lost(self.db, complaint_id))
                delay = await settle(outbox.desk_failed(self.db, complaint_id, _describe(exc)))
                self.held.discard(complaint_id)
                log.warning("desk: complaint %s not posted (%s); next try in %.1fs",
                            complaint_id, _describe(exc), delay)

    async def _post(self, complaint_id: int) -> None:
        item = await outbox.desk_item(self.db, complaint_id)
        if item is None:
            self.held.discard(complaint_id)
            return
        view, chat_id = item.complaint, self.settings.support_chat_id
        state, thread_id = view.desk_state, view.desk_thread_id
        if view.desk_chat_id not in (None, chat_id):  # the desk moved to another chat: start over there
            state, thread_id = "pending", None
        # Each step is written down as soon as Telegram confirms it, and a retry or a restart goes on from
        # the last step written: the topic is made once, then reused. A crash within a step's own round
        # trip (Telegram did it, we never heard) repeats that one step: at most an empty extra topic, or
        # the photos or the card once more, per crash. Telegram offers no way to find a topic or message
        # we made but did not record, so this is the best there is.
        if state == "pending" or thread_id is None:
            topic = await self.bot.create_forum_topic(chat_id, name=desk_topic_name(self.t, view))
            thread_id = topic.message_thread_id
            await settle(outbox.topic_made(self.db, complaint_id, chat_id, thread_id))
            state = "topic"
        if state == "topic":
            await self._send_photos(chat_id, thread_id, item)
            await settle(outbox.photos_posted(self.db, complaint_id))
        card = await self.bot.send_message(chat_id, desk_card(self.t, view, self.lang), message_thread_id=thread_id,
                                           reply_markup=desk_keyboard(self.t, view))
        await self._done(complaint_id, outbox.card_posted(self.db, complaint_id, card.message_id))
        log.info("desk: complaint %s posted in topic %s", complaint_id, thread_id)

    async def _send_photos(self, chat_id: int, thread_id: int, item: DeskItem) -> None:
        photos = [p for p in item.photos if p.data is not None]  # purged ones have nothing left to show
        media = [self._media(p, item.complaint.id) for p in photos]
        if len(media) >= 2 and all(_photo_shaped(p) for p in photos):
            await self.bot.send_media_group(chat_id, media=media, message_thread_id=thread_id)
            return
        for photo, one in zip(photos, media):
            if _photo_shaped(photo):
                await self.bot.send_photo(chat_id, one.media, caption=one.caption, message_thread_id=thread_id)
            else:  # a very long receipt is refused as a photo; as a file it arrives whole
                await self.bot.send_document(chat_id, one.media, caption=one.caption, message_thread_id=thread_id)

    def _media(self, photo: DeskPhoto, complaint_id: int) -> InputMediaPhoto:
        # Our EXIF-free copy is what staff see, never the citizen's original file.
        upload = BufferedInputFile(photo.data, filename=f"complaint-{complaint_id}-{photo.role}.jpg")
        return InputMediaPhoto(media=upload, caption=photo_caption(self.t, photo.role, complaint_id))

    # ------------------------------------------------------------------ notices -> citizens
    async def _deliver_due(self) -> None:
        notices = await settle(self._claim_notices())
        for index, notice in enumerate(notices):
            event_id = notice.event_id
            parts = await self._notice_messages(notice)
            try:
                # A long answer goes in several messages. If one fails after others went, the whole
                # notice is tried again later: a part may arrive twice, but nothing goes missing.
                for part in parts:
                    await self.bot.send_message(notice.user_id, part)
            except TelegramRetryAfter as exc:
                for waiting in notices[index:]:
                    await self._notice_done(waiting.event_id,
                                            outbox.notice_defer(self.db, waiting.event_id, exc.retry_after))
                return
            except (TelegramForbiddenError, TelegramBadRequest) as exc:
                if isinstance(exc, TelegramBadRequest) and not _gone(exc):
                    # Telegram refuses the message itself: sending it again would change nothing.
                    await self._notice_done(event_id, outbox.notice_undeliverable(self.db, event_id))
                    log.warning("desk: notice %s refused: %s", event_id, exc.message)
                    await self._confirm(notice, "desk-not-delivered", reason=exc.message)
                    continue
                # Blocked, deactivated or never started: no retry will change that.
                await self._notice_done(event_id, outbox.notice_undeliverable(self.db, event_id))
                await settle(self._mark_unreachable(notice.user_id))
                log.info("desk: notice %s undeliverable: %s", event_id, exc.message)
                await self._confirm(notice, "desk-undeliverable")
            except SENDING_ERRORS as exc:
                delay = await self._notice_done(event_id, outbox.notice_failed(self.db, event_id))
                if delay is None:
                    log.warning("desk: notice %s not sent (%s); given up", event_id, _describe(exc))
                    await self._confirm(notice, "desk-not-delivered", reason=_describe(exc))
                else:
                    log.warning("desk: notice %s not sent (%s); next try in %.1fs", event_id, _describe(exc), delay)
            else:
                await self._notice_done(event_id, outbox.notice_sent(self.db, event_id))
                await self._confirm(notice, "desk-delivered")

    async def _notice_messages(self, notice: ComplaintNotice) -> list[str]:
        t = self.i18n.bind(notice.language)
        if notice.kind == "received":  # the receipt tells what was stored and how the price compares
            return [accepted_card(t, await get_complaint(self.db, notice.complaint_id))]
        return notice_messages(t, notice)

    async def _mark_unreachable(self, user_id: int) -> None:
        async with self.db.session() as session:
            await mark_unreachable(session, user_id)

    async def _confirm(self, notice: ComplaintNotice, key: str, **args) -> None:
        """Tell staff, under their answer, whether it reached the citizen whole (best effort)."""
        if notice.kind != "answer" or notice.desk_chat_id is None or notice.desk_thread_id is None:
            return
        reply = (ReplyParameters(message_id=notice.desk_message_id, allow_sending_without_reply=True)
                 if notice.desk_message_id else None)
        try:
            await self.bot.send_message(notice.desk_chat_id, self.t(key, **args),
                                        message_thread_id=notice.desk_thread_id, reply_parameters=reply)
        except SENDING_ERRORS as exc:
            log.info("desk: could not confirm delivery in the topic: %s", _describe(exc))


def _gone(exc: TelegramBadRequest) -> bool:
    """The citizen cannot be reached at all (as opposed to a message Telegram did not like)."""
    text = exc.message.lower()
    return any(words in text for words in ("chat not found", "user is deactivated", "bot was blocked"))


def _photo_shaped(photo: DeskPhoto) -> bool:
    # Telegram refuses photos with a side ratio over 20 or width + height over 10000.
    w, h = photo.width or 1, photo.height or 1
    return max(w, h) <= 20 * min(w, h) and w + h <= 10000


def _describe(exc: BaseException) -> str:
    return getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"[:300]

