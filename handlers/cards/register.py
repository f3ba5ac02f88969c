"""What operators are told about the register mirror: parts gone missing or stale, or fresh again."""
from __future__ import annotations

from datetime import datetime

from core.i18n import Translate
from handlers.cards.layout import day_text, fit
from verification.coverage import RESTS_ON


def register_notice_card(t: Translate, changes: list[tuple[str, str, datetime | None]]) -> str:
    """Operators' notice of parts of the register (part, state, as of) gone missing or stale, or fresh again."""
    def lines(states: tuple[str, ...]) -> list[str]:
        return [t(f"register-notice-line-{state}", what=t(f"part-{part}"), sources=", ".join(RESTS_ON[part]),
                  date=day_text(as_of)) for part, state, as_of in changes if state in states]

    sections = []
    if problems := lines(("missing", "stale")):
        sections.append([t("register-notice-problems"), *problems, t("register-notice-help")])
    if recovered := lines(("fresh",)):
        sections.append([t("register-notice-recovered"), *recovered])
    return fit(sections)
