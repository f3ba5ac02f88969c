"""Every user-visible text comes from the Fluent files in `core/locales/<lang>/*.ftl`."""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast

from core.languages import LANGUAGES

LOCALES = Path(__file__).with_name("locales")
FALLBACK = "en"
# fluent.runtime makes the whole message "{???}" when one placeable is over 2 500 characters (its
# MAX_PART_LENGTH), so string values longer than this go in after formatting.
LONG = 1000
_SLOT = re.compile("\ufffc([\\w-]+)\ufffc")  # where a long value goes: U+FFFC around its name

log = logging.getLogger("medcheck.i18n")

Translate = Callable[..., str]


class Html(str):
    """A formatted message: already HTML, so passing it as an argument of another message keeps it as it is.

    Any other string argument (register data, what a user typed, a string built from pieces) is escaped.
    """


class Translator:
    """Formats a message key in a language; string arguments are HTML-escaped once (we send HTML)."""

    def __init__(self, root: Path = LOCALES) -> None:
        self.bundles: dict[str, FluentBundle] = {}
        self.message_ids: dict[str, set[str]] = {}  # the bundle does not list its messages, so we keep them
        for lang in LANGUAGES:
            bundle = FluentBundle([lang], use_isolating=False)
            ids: set[str] = set()
            for path in sorted((root / lang).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                errors = bundle.add_resource(resource)
                if errors:
                    raise ValueError(f"{path}: {errors[0]}")
                ids.update(entry.id.name for entry in resource.body if isinstance(entry, ast.Message))
            self.bundles[lang], self.message_ids[lang] = bundle, ids

    def __call__(self, lang: str, key: str, **args: object) -> Html:
        bundle = self.bundles.get(lang) or self.bundles[FALLBACK]
        if not bundle.has_message(key):
            bundle = self.bundles[FALLBACK]
            if not bundle.has_message(key):
                return Html(key)  # a missing key shows itself instead of crashing; a test keeps this from shipping
        args = _escape(args)
        long = {name: value for name, value in args.items() if isinstance(value, str) and len(value) > LONG}
        slots = {name: f"\ufffc{name}\ufffc" for name in long}
        text, errors = bundle.format_pattern(bundle.get_message(key).value, {**args, **slots})
        if errors:
            log.warning("%s/%s: %s", lang, key, "; ".join(map(str, errors)))
        return Html(_SLOT.sub(lambda m: long.get(m[1], m[0]), text) if long else text)

    def bind(self, lang: str) -> Translate:
        return lambda key, **args: self(lang, key, **args)

    def keys(self, lang: str) -> set[str]:
        """The message ids of a language (terms, `-name`, are not messages)."""
        return set(self.message_ids[lang])


def _escape(args: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in args.items():
        if value is None:
            value = ""
        if isinstance(value, Decimal):
            value = f"{value:,.2f}".replace(",", " ").replace(".00", "")
        if isinstance(value, str) and not isinstance(value, Html):
            value = html.escape(value, quote=False)
        out[name] = value
    return out
