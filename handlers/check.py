"""The verification conversation: a photo, a picture file, an album or a typed code in; a verdict card out.

The handlers only translate: Telegram gives bytes or text, `verification` gives results, `cards`
renders them. Decoding runs in the worker pool; the event loop only awaits it.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyParameters
from aiogram.utils.chat_action import ChatActionSender

from alerts.service import AlertRules, raise_alerts
from core.clock import Clock, today_for
from core.db import DB_DOWN, Database
from core.i18n import Translate
from core.users import UserInfo
from handlers.cards.check import (
    album_no_code_card,
    check_keyboard,
    fit_to_buy,
    has_cap,
    no_code_card,
    not_a_code_card,
    verdict_card,
)
from handlers.cards.miniapp import scan_live_keyboard
from handlers.downloads import Downloads, DownloadsBusy, FileTooBig, is_image
from handlers.trace import Trace
from institutions.documents import institution_mark
from register.freshness import MaxAge
from register.importers.feeds import INSTITUTION_REASONS
from verification.decoder_pool import DecoderBusy, DecoderPool, DecodeTimeout
from verification.gs1 import CodeError, PackCode, pack_codes, parse_code
from verification.history import record_check
from verification.image import ImageError
from verification.service import CheckResult, verify_code, verify_text

log = logging.getLogger("medcheck.check")

ALBUM_QUIET_S = 0.8   # an album's photos arrive as separate updates within a moment of each other
ALBUM_KEEP_S = 120.0  # how long an album remembers the codes it answered


@dataclass
class Reading:
    """What one image gave: parsed codes, or why there are none."""
    codes: list[PackCode] = field(default_factory=list)
    hints: tuple[str, ...] = ()
    foreign: bool = False          # symbols were read, but none is a pack code
    error: str | None = None       # a locale key when the image could not be read at all
    message: Message | None = None


@dataclass
class Turn:
    """One citizen's update and what answering it needs (all injected into the handler)."""
    bot: Bot
    chat_id: int
    db: Database
    user: UserInfo
    lang: str
    t: Translate
    trace: Trace
    clock: Clock | None = None
    max_age: MaxAge = MaxAge()  # how old register data may be to vouch for "not on record"
    alert_rules: AlertRules = field(default_factory=AlertRules)
    webapp_url: str | None = None  # the Mini App's base: "no code found" offers live scanning

    def today(self) -> date:
        return today_for(self.lang, self.clock)


# ----------------------------------------------------------------------------- photos and files

async def photo(message: Message, bot: Bot, dispatcher: Dispatcher, decoder: DecoderPool, downloads: Downloads,
                db: Database, user: UserInfo, lang: str, t: Translate, trace: Trace, max_age: MaxAge,
                clock: Clock | None = None, alert_rules: AlertRules = AlertRules(),
                webapp_url: str | None = None) -> None:
    """A photo: Telegram's largest size is the one we read."""
    turn = Turn(bot, message.chat.id, db, user, lang, t, trace, clock, max_age, alert_rules, webapp_url)
    await _image(turn, message, decoder, downloads, dispatcher)


async def document(message: Message, bot: Bot, dispatcher: Dispatcher, decoder: DecoderPool, downloads: Downloads,
                   db: Database, user: UserInfo, lang: str, t: Translate, trace: Trace, max_age: MaxAge,
                   clock: Clock | None = None, alert_rules: AlertRules = AlertRules(),
                   webapp_url: str | None = None) -> None:
    """A picture sent as a file keeps its original quality; anything else, or too big, is refused kindly."""
    if not is_image(message.document):
        trace.outcome = "not_image"
        await message.reply(t("check-not-an-image"))
        return
    turn = Turn(bot, message.chat.id, db, user, lang, t, trace, clock, max_age, alert_rules, webapp_url)
    await _image(turn, message, decoder, downloads, dispatcher)


async def _image(turn: Turn, message: Message, decoder: DecoderPool, downloads: Downloads,
                 dispatcher: Dispatcher) -> None:
    if message.media_group_id:
        albums: Albums = dispatcher.workflow_data.setdefault("check_albums", Albums())
        await _album_photo(turn, albums, message, decoder, downloads)
        return
    reading = await read_image(turn.bot, decoder, downloads, message)
    if reading.error:
        turn.trace.outcome = reading.error.removeprefix("check-")
        await message.reply(turn.t(reading.error))
    elif not reading.codes:
        turn.trace.outcome = "no_code"
        await message.reply(no_code_card(turn.t, _hints([reading])),
                            reply_markup=scan_live_keyboard(turn.t, turn.webapp_url))
    else:
        await _verify_and_answer(turn, reading.codes, reply_to=message)


async def read_image(bot: Bot, decoder: DecoderPool, downloads: Downloads, message: Message) -> Reading:
    """Download the message's image (a photo's largest size, or a file) and decode it in a worker, showing "typing"."""
    if decoder.full:  # say so before spending a download on a photo that cannot be decoded now
        return Reading(error="check-busy", message=message)
    file = message.photo[-1] if message.photo else message.document
    async with ChatActionSender.typing(bot=bot, chat_id=message.chat.id):
        try:
            async with downloads.fetch(bot, file.file_id, file.file_size) as data:
                decoded = await decoder.decode(data)
        except FileTooBig:
            return Reading(error="check-file-too-big", message=message)
        except (DownloadsBusy, DecoderBusy):
            return Reading(error="check-busy", message=message)
        except DecodeTimeout:
            return Reading(error="check-timeout", message=message)
        except ImageError as exc:
            return Reading(error=f"check-image-{exc.reason}", message=message)
    codes = pack_codes(symbol.payload for symbol in decoded.symbols)
    return Reading(codes=codes, hints=tuple(decoded.hints), foreign=bool(decoded.symbols) and not codes,
                   message=message)


def _hints(readings: list[Reading]) -> list[str]:
    """What the decoder saw in photos without a pack code ("foreign": some other code was read)."""
    found = {hint for r in readings for hint in (("foreign",) if r.foreign else r.hints)}
    return sorted(found)


# ----------------------------------------------------------------------------- albums

@dataclass
class _Album:
    pending: int = 0                       # photos still being downloaded or decoded
    last: float = field(default_factory=time.monotonic)
    leader: bool = False                   # one update is gathering and answering for the album
    readings: list[Reading] = field(default_factory=list)
    answered: set[str] = field(default_factory=set)


class Albums:
    """Photos of one album, gathered for a quiet moment so that the same code is answered once."""

    def __init__(self) -> None:
        self.albums: dict[tuple[int, str], _Album] = {}

    def join(self, key: tuple[int, str]) -> _Album:
        now = time.monotonic()
        if any(now - album.last > ALBUM_KEEP_S for album in self.albums.values()):
            self.albums = {k: a for k, a in self.albums.items() if now - a.last <= ALBUM_KEEP_S or a.pending}
        album = self.albums.setdefault(key, _Album())
        album.pending += 1
        album.last = now
        return album


async def _album_photo(turn: Turn, albums: Albums, message: Message, decoder: DecoderPool,
                       downloads: Downloads) -> None:
    """Every photo is read; the first one read leads: it waits for the album to settle and answers for all.

    A photo read after the leader took its share leads the rest, and the album remembers what it
    answered, so a code is answered once even when updates arrive one by one.
    """
    album = albums.join((message.chat.id, message.media_group_id))
    try:
        reading = await read_image(turn.bot, decoder, downloads, message)
    finally:
        album.pending -= 1
        album.last = time.monotonic()
    album.readings.append(reading)
    if album.leader:
        turn.trace.outcome = "album_joined"
        return
    album.leader = True
    try:
        while album.pending or time.monotonic() - album.last < ALBUM_QUIET_S:
            await asyncio.sleep(0.1)
        readings, album.readings = album.readings, []
    finally:
        album.leader = False
    todo: list[tuple[PackCode, Message]] = []
    for r in readings:
        for code in pack_codes(c.element_string for c in r.codes):
            if code.identity not in album.answered:
                album.answered.add(code.identity)
                todo.append((code, r.message))
    outcomes = [await _verify_and_answer(turn, [code], reply_to=source) for code, source in todo]
    for error in dict.fromkeys(r.error for r in readings if r.error):
        await message.answer(turn.t(error))
    blank = [r for r in readings if not r.error and not r.codes]
    if blank:
        await message.answer(album_no_code_card(turn.t, len(blank), _hints(blank)),
                             reply_markup=scan_live_keyboard(turn.t, turn.webapp_url))
    turn.trace.outcome = "album:" + ("+".join(outcomes) or "no_code")


# ----------------------------------------------------------------------------- text

async def unknown_command(message: Message, t: Translate, trace: Trace) -> None:
    trace.outcome = "unknown_command"
    await message.answer(t("check-unknown-command"))


async def text(message: Message, bot: Bot, db: Database, user: UserInfo, lang: str, t: Translate, trace: Trace,
               max_age: MaxAge, clock: Clock | None = None, alert_rules: AlertRules = AlertRules()) -> None:
    """A typed or pasted code, a bare GTIN/EAN-13, or a GS1 Digital Link."""
    try:
        code = parse_code(message.text)
    except CodeError as exc:
        trace.outcome = f"not_a_code:{exc.reason}"
        await message.answer(not_a_code_card(t, exc.reason))
        return
    turn = Turn(bot, message.chat.id, db, user, lang, t, trace, clock, max_age, alert_rules)
    await _verify_and_answer(turn, [code])


async def anything_else(message: Message, t: Translate, trace: Trace) -> None:
    """Stickers, voice, locations...: say what we can read."""
    trace.outcome = "unsupported"
    await message.answer(t("check-unsupported"))


async def unknown_button(query: CallbackQuery, t: Translate, trace: Trace) -> None:
    """A button no router knows (an older version's, or crafted): stop the spinner with a short word."""
    trace.outcome = "unknown_button"
    await query.answer(t("button-inactive"))


# ----------------------------------------------------------------------------- answering

async def _verify_and_answer(turn: Turn, codes: list[PackCode], *, reply_to: Message | None = None) -> str:
    """Verify each code, record it in the user's history and send its card; returns the outcome."""
    levels = []
    try:
        for code in codes:
            result, check_id = await run_check(turn, code)
            await send_card(turn.bot, turn.chat_id, result, check_id, t=turn.t, lang=turn.lang, today=turn.today(),
                            reply_to=reply_to)
            levels.append(result.verdict.level)
    except DB_DOWN:
        # The middleware answers for a database that is down before we start; this one failed mid-way.
        log.exception("database failed during a check")
        turn.trace.outcome = "db_down"
        await turn.bot.send_message(turn.chat_id, turn.t("service-unavailable"))
        return "db_down"
    turn.trace.outcome = "+".join(levels)
    return turn.trace.outcome


async def run_check(turn: Turn, code: PackCode) -> tuple[CheckResult, int]:
    """One check as every way in makes it (a photo, a typed code, the Mini App): the verdict, recorded in the
    user's history (returns its id, for the card's buttons) and its alerts raised; the caller sends the card."""
    result = await verify_code(turn.db, code, turn.today(), turn.max_age)
    check_id = await record_check(turn.db, turn.user.id, result)
    # one indexed read (two when a pack an institution withdrew raises its leak alert); on record before the answer
    await raise_alerts(turn.db, result, turn.alert_rules, institution=partial(_institution, turn.db, result))
    return result, check_id


async def _institution(db: Database, result: CheckResult) -> str | None:
    """The medical institution whose document withdrew this pack, for the operators' leak alert."""
    status, code = result.code_status, result.code
    if status is None or status.status != "withdrawn" or status.reason not in INSTITUTION_REASONS:
        return None
    mark = await institution_mark(db, code.gtin, code.serial)
    return mark.organisation if mark else None


async def send_card(bot: Bot, chat_id: int, result: CheckResult, check_id: int, *, t: Translate, lang: str,
                    today: date, reply_to: Message | None = None) -> InlineKeyboardMarkup:
    """One answer card with its buttons, replying to the photo that held the code when there is one;
    returns the buttons (the Mini App names them under its copy of the card)."""
    reply = ReplyParameters(message_id=reply_to.message_id, allow_sending_without_reply=True) if reply_to else None
    keyboard = card_keyboard(result, check_id, t=t, today=today)
    await bot.send_message(chat_id, verdict_card(t, result, lang=lang), reply_markup=keyboard, reply_parameters=reply)
    return keyboard


def card_keyboard(result: CheckResult, check_id: int, *, t: Translate, today: date) -> InlineKeyboardMarkup:
    """The buttons under a verdict card: those that fit this result (a leaflet only when there is one)."""
    remind = bool(result.code and result.code.is_pack and result.expiry and result.expiry > today)
    return check_keyboard(t, check_id, has_cap=has_cap(result), where_to_buy=fit_to_buy(result),
                          leaflet=result.has_leaflet, remind=remind)


async def verify_again(db: Database, code_text: str, *, lang: str, clock: Clock | None,
                       max_age: MaxAge = MaxAge()) -> CheckResult:
    """The fresh verdict for a code from the history (its normalised element string)."""
    [result] = await verify_text(db, code_text, today_for(lang, clock), max_age)
    return result


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="check")
    router.message.filter(F.chat.type == "private")  # citizens check in private; groups belong to staff
    router.message.register(photo, F.photo)
    router.message.register(document, F.document)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(text, F.text)
    router.message.register(anything_else)
    router.callback_query.register(unknown_button)
    return router
