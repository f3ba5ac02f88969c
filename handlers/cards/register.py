"""What operators are told about the register mirror: parts gone missing or stale, or fresh again."""
from __future__ import annotations

from core.i18n import Translate
from handlers.cards.layout import day_text, fit
from verification.coverage import RESTS_ON
from verification.watch import RegisterStateNotice


def register_notice_card(t: Translate, notices: list[RegisterStateNotice]) -> str:
    """One operator's message about the parts of the register gone missing or stale, or fresh again."""
    def lines(states: tuple[str, ...]) -> list[str]:
        return [t(f"register-notice-line-{n.state}", what=t(f"part-{n.part}"), sources=", ".join(RESTS_ON[n.part]),
                  date=day_text(n.as_of)) for n in notices if n.state in states]

    sections = []
    if problems := lines(("missing", "stale")):
        sections.append([t("register-notice-problems"), *problems, t("register-notice-help")])
    if recovered := lines(("fresh",)):
        sections.append([t("register-notice-recovered"), *recovered])
    return fit(sections)
