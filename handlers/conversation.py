"""One way to write a multi-step conversation: a table of named steps over a draft in the conversation storage.

A `Conversation` is an ordered list of `Step`s. Each step has a name (written once, here in its
table), the function that asks its question, the handlers of its answers, and, when it is not
always asked, the condition on the draft that asks it. From that table the conversation knows the
next and the previous question for any draft (`next`, `previous`), so Back and "what now" are
computed in one place. Handlers receive a `Talk`: this update's view of the conversation, with the
draft, the step, and `ask` / `advance` / `back` / `cancel`. Cancel clears the state (and removes
the reply keyboard, if the conversation uses one).

Why our own table rather than aiogram's Scenes: our questions depend on the draft so far (a report
asks no price, a complaint from an answer card asks no product), which is one `when=` here and
scene-to-scene wiring there; drafts must survive a restart in our own storage (database or Redis)
as plain dicts; and answers are often reply-keyboard words in any of four languages, which are
ordinary aiogram filters on ordinary handlers here.

Double taps are not this module's business: event isolation (bot.middlewares.OneUpdateAtATime)
handles one update at a time per user, so the second tap of "Send" finds the conversation moved on.

A new conversation is a draft class with to_dict/from_dict and a table, e.g. a withdrawal document:

    WITHDRAWAL = Conversation("withdrawal", WithdrawalDraft, [
        Step("reason", ask_reason, answers=[pressed(reason_chosen, Withdrawal.filter(F.action == "reason"))]),
        Step("document", ask_document, answers=[typed(document_typed, F.text)]),
        Step("codes", ask_codes, answers=[typed(code_scanned, F.photo | F.text), pressed(codes_done, ...)]),
        Step("confirm", ask_summary, answers=[pressed(confirmed, ...)]),
    ], keyboard="inline", cancelled="withdrawal-cancelled")

where each answer handler takes `talk: Talk`, changes `await talk.draft()` and calls
`talk.advance(draft)` (or `talk.save(draft)` to stay, as `code_scanned` would), and the router
factory calls `WITHDRAWAL.register(router)` between its Back/Cancel handlers and its stale-button one.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from aiogram import BaseMiddleware, Bot, Router
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove, TelegramObject

from core.clock import utcnow

DRAFT = "draft"      # where the draft is kept in the conversation data
TOUCHED = "touched"  # when the draft was last saved (conversations whose drafts expire read it)


class Draft(Protocol):
    """What a conversation collects: a plain object that round-trips through a JSON dict."""

    def to_dict(self) -> dict: ...

    @classmethod
    def from_dict(cls, data: dict) -> Draft: ...


D = TypeVar("D", bound=Draft)
Ask = Callable[..., Awaitable[None]]  # (talk, draft, note, and whatever it names of the handler data) -> None


@dataclass(frozen=True)
class Answer:
    """A handler of a step's answer: a message (typed, photo, contact...) or a pressed inline button."""

    handler: Callable[..., Awaitable[Any]]
    filters: tuple = ()
    button: bool = False


def typed(handler: Callable[..., Awaitable[Any]], *filters: Any) -> Answer:
    """A message that answers the step (text, photo, location...), when `filters` pass."""
    return Answer(handler, filters)


def pressed(handler: Callable[..., Awaitable[Any]], *filters: Any) -> Answer:
    """An inline button that answers the step, when `filters` pass."""
    return Answer(handler, filters, button=True)


@dataclass(frozen=True)
class Step:
    """One question: its name, how it is asked, how it is answered, and when a draft asks it at all."""

    name: str
    ask: Ask
    answers: Sequence[Answer] = ()
    when: Callable[[Any], bool] | None = None  # None: every draft asks it

    def asked(self, draft: Any) -> bool:
        return self.when is None or self.when(draft)


class Conversation(Generic[D]):
    """A multi-step conversation; its state is "<name>:<step>" and its draft lives under DRAFT.

    `keyboard`: "reply" when questions bring reply keyboards: a question asked in answer to a button
    follows the pressed message (whose buttons go), and Cancel removes the keyboard. "inline" when
    every question has inline buttons: a question asked in answer to a button replaces that message.
    """

    def __init__(self, name: str, draft: type[D], steps: Sequence[Step], *, keyboard: Literal["reply", "inline"],
                 cancelled: str) -> None:
        self.name, self.draft_type, self.keyboard, self.cancelled = name, draft, keyboard, cancelled
        self.steps = {step.name: step for step in steps}

    # ------------------------------------------------------------------------- the order of the questions

    def state(self, step: str) -> str:
        if step not in self.steps:
            raise KeyError(f"{self.name} has no step {step!r}")
        return f"{self.name}:{step}"

    def step_of(self, raw_state: str | None) -> str | None:
        """The step a stored state names, or None when it is not this conversation's."""
        prefix, _, step = (raw_state or "").partition(":")
        return step if prefix == self.name and step in self.steps else None

    def __contains__(self, raw_state: str | None) -> bool:
        return self.step_of(raw_state) is not None

    def order(self, draft: D) -> list[str]:
        """The questions this draft asks, in order."""
        return [name for name, step in self.steps.items() if step.asked(draft)]

    def first(self, draft: D) -> str:
        return self.order(draft)[0]

    def next(self, draft: D, step: str) -> str:
        """The question after `step` that this draft asks; the last one stays last."""
        names = list(self.steps)
        return self._first_asked(draft, names[names.index(step) + 1:]) or step

    def previous(self, draft: D, step: str) -> str:
        """The question before `step` that this draft asks; the first one stays where it is."""
        names = list(self.steps)
        return self._first_asked(draft, reversed(names[:names.index(step)])) or step

    def _first_asked(self, draft: D, names: Iterable[str]) -> str | None:
        return next((name for name in names if self.steps[name].asked(draft)), None)

    # ------------------------------------------------------------------------- wiring

    def at(self, *steps: str) -> StateFilter:
        """Filter: the conversation is at one of `steps` (any step when none is given)."""
        return StateFilter(*(self.state(step) for step in steps or self.steps))

    def register(self, router: Router) -> None:
        """Every step's answer handlers, in table order, each for its own step."""
        for step in self.steps.values():
            for answer in step.answers:
                observer = router.callback_query if answer.button else router.message
                observer.register(answer.handler, self.at(step.name), *answer.filters)

    def middleware(self) -> BaseMiddleware:
        """Gives handlers of the router it is set on a `talk` for this conversation."""
        return _TalkMiddleware(self)


class Talk(Generic[D]):
    """One update's view of a conversation: its draft, its step, and the ways to answer."""

    def __init__(self, conversation: Conversation[D], state: FSMContext, bot: Bot, event: TelegramObject,
                 data: dict[str, Any]) -> None:
        self.conversation, self.state, self.bot, self.data = conversation, state, bot, data
        self.chat_id = state.key.chat_id
        self.query = event if isinstance(event, CallbackQuery) else None
        self.step = conversation.step_of(data.get("raw_state"))

    @property
    def is_open(self) -> bool:
        return self.step is not None

    async def draft(self) -> D:
        return self.conversation.draft_type.from_dict((await self.state.get_data()).get(DRAFT) or {})

    async def save(self, draft: D) -> None:
        await self.state.update_data({DRAFT: draft.to_dict(), TOUCHED: utcnow().isoformat()})

    async def begin(self, draft: D, *, ask: bool = True, step: str | None = None) -> None:
        """A new draft at its first question, or at `step` (a stored draft resumed); whatever conversation
        was stored before is forgotten.

        `ask=False`: the handler answers that question itself (/complaint NAME searches at once).
        """
        await self.state.set_data({})
        first = step or self.conversation.first(draft)
        await (self.ask(first, draft) if ask else self.move(first, draft))

    async def move(self, step: str, draft: D) -> None:
        """Be at `step` with `draft`, without asking anything."""
        await self.state.set_state(self.conversation.state(step))
        await self.save(draft)
        self.step = step

    async def ask(self, step: str, draft: D, note: str | None = None) -> None:
        """Move to `step`, keep `draft`, and ask the question (after `note`, e.g. why an answer was refused)."""
        await self.move(step, draft)
        ask = CallableObject(self.conversation.steps[step].ask)
        await ask.call(**{**self.data, "talk": self, "draft": draft, "note": note})

    async def advance(self, draft: D) -> None:
        """The current question is answered: on to the next one this draft asks."""
        await self.ask(self.conversation.next(draft, self.step), draft)

    async def answered(self, **fields: Any) -> None:
        """The current question is answered with these draft fields: store them, and on to the next one."""
        draft = await self.draft()
        for name, value in fields.items():
            setattr(draft, name, value)
        await self.advance(draft)

    async def again(self, note: str | None = None) -> None:
        """The current question once more (the draft as stored)."""
        await self.ask(self.step, await self.draft(), note)

    async def back(self) -> None:
        """The previous question of this draft (the first one stays)."""
        await self._answered()
        draft = await self.draft()
        await self.ask(self.conversation.previous(draft, self.step), draft)

    async def cancel(self) -> None:
        """The draft goes (if there is one), and the conversation says so."""
        await self._answered()
        if self.is_open:
            await self.end()
        await self.say(self.data["t"](self.conversation.cancelled), ReplyKeyboardRemove())

    async def _answered(self) -> None:
        if self.query is not None:
            await self.query.answer()
            if self.conversation.keyboard == "reply":  # its question is answered: the buttons go
                await self.drop_buttons()

    async def end(self) -> None:
        """The conversation is over: state and draft go."""
        await self.state.clear()
        self.step = None

    async def say(self, text: str, markup: Any = None) -> None:
        """Send `text`; in an inline conversation a pressed button's message becomes `text` instead."""
        if self.conversation.keyboard == "reply":
            await self.bot.send_message(self.chat_id, text, reply_markup=markup)
            return
        markup = None if isinstance(markup, ReplyKeyboardRemove) else markup
        if self.query is not None and isinstance(self.query.message, Message):
            await self.query.message.edit_text(text, reply_markup=markup)
            self.query = None  # one message replaced; anything said after it follows
            return
        await self.bot.send_message(self.chat_id, text, reply_markup=markup)

    def keep_pressed_message(self) -> None:
        """The pressed message (a menu, a list) stays as it is: what is said next comes below it."""
        self.query = None

    async def drop_buttons(self) -> None:
        """The pressed message keeps its text and loses its buttons (once)."""
        if self.query is None or not isinstance(self.query.message, Message):
            return
        message, self.query = self.query.message, None
        try:
            await message.edit_reply_markup(reply_markup=None)
        except TelegramBadRequest:
            pass  # already without buttons


async def back(event: TelegramObject, talk: Talk) -> None:
    """Handler of Back (a button, a word or a command): the previous question."""
    await talk.back()


async def cancel(event: TelegramObject, talk: Talk) -> None:
    """Handler of Cancel (a button, a word or a command): the draft goes."""
    await talk.cancel()


class _TalkMiddleware(BaseMiddleware):
    """Inner middleware: a `talk` for the handlers of one conversation's router."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    async def __call__(self, handler: Callable, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if state is not None:
            data["talk"] = Talk(self.conversation, state, data["bot"], event, data)
        return await handler(event, data)
