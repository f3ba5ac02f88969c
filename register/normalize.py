"""Text folded for search, so "Парацетамол", "paracetamol" and "PARACETAMOL-UZ" find each other.

`search_key` is the one folding the register stores and the bot applies to what a user types:
lowercase, ё -> е, Uzbek (and Kyrgyz) Cyrillic -> Uzbek Latin, every apostrophe variant -> ',
dashes -> spaces, runs of spaces collapsed. `loose_key` folds further, by sound, so a Latin INN
("Ceftriaxone") meets its Cyrillic spelling ("Цефтриаксон"); the stored `search_text` holds both.
"""
from __future__ import annotations

import re
import unicodedata

from core.text import printable

# Uzbek Latin alphabet of 1995 (with the Kyrgyz letters) for the lowercase Cyrillic letters.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "'",
    "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "o'", "қ": "q", "ғ": "g'", "ҳ": "h",
    "ң": "ng", "ө": "o", "ү": "u", "і": "i", "ә": "a", "ұ": "u", "һ": "h",
}
# oʻ, gʻ and the tutuq belgisi are typed with any of these.
_APOSTROPHES = "ʻʼʽ‘’‛`´′ʹ"
_DASHES = "-‐‑‒–—―_"
# ё is folded to е before transliteration, so both become e.
_TABLE = str.maketrans({**_CYRILLIC, **{c: "'" for c in _APOSTROPHES}, **{c: " " for c in _DASHES},
                        "ё": _CYRILLIC["е"]})

_LOOSE_STEPS = (
    (re.compile(r"'"), ""),
    (re.compile(r"ks"), "x"),            # амоксициллин ~ amoxicillin
    (re.compile(r"ts"), "s"),            # цефтриаксон ~ ceftriaxone
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c(?!h)"), "k"),        # carbamazepine ~ карбамазепин
    (re.compile(r"y(?![aeiou])"), "i"),  # xylometazoline ~ ксилометазолин
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters are rarely doubled in the other script
    (re.compile(r"(?<=[a-z]{3})e\b"), ""),  # the silent final e of Latin INNs
)


def search_key(text: str | None) -> str:
    """The search form of `text`: apply it to stored names and to queries alike."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", printable(text)).casefold().translate(_TABLE)
    return " ".join(folded.split())


def loose_key(key: str) -> str:
    """A sound-alike form of a `search_key` result, for matching across alphabets."""
    for pattern, replacement in _LOOSE_STEPS:
        key = pattern.sub(replacement, key)
    return key


def search_text(*parts: str | None) -> str:
    """What a row stores in `search_text`: the keys of its names, then their loose forms."""
    keys = [search_key(part) for part in parts if part]
    keys = [key for key in keys if key]
    found = list(dict.fromkeys(keys + [loose_key(key) for key in keys]))
    return " | ".join(found)
