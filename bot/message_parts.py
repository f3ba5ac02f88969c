"""A long HTML message cut into parts Telegram accepts: 4 096 characters each once its HTML is parsed."""
from __future__ import annotations

import html
import re

MESSAGE_LIMIT = 4096  # characters (UTF-16 units) of text after entities parsing, as the Bot API counts
_ATOM = re.compile(r"<[^<>]+>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.S)  # a tag, an entity, a character


def message_parts(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` in parts that each show at most `limit` characters.

    A part ends at the last paragraph break that leaves it at least half full, else at a line
    break, else a space, else anywhere; never inside a tag or an entity, nor inside an element
    (<b>…</b>), so each part is valid HTML on its own.
    """
    parts, rest = [], text.strip()
    while _shown(rest) > limit:
        cut = _cut(rest, limit)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return parts + [rest] if rest else parts


def _shown(text: str) -> int:
    return sum(_size(m.group()) for m in _ATOM.finditer(text))


def _size(atom: str) -> int:
    """What an atom counts for: a tag nothing, an entity the character it stands for."""
    if len(atom) > 1 and atom[0] == "<":
        return 0
    return len(html.unescape(atom).encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> int:
    best, best_key = None, None
    size = depth = 0
    for m in _ATOM.finditer(text):
        atom = m.group()
        size += _size(atom)
        if size > limit:
            break
        if len(atom) > 1 and atom[0] == "<":
            depth += -1 if atom[1] == "/" else 1
        if depth:
            continue
        kind = 3 if text[m.end() - 2:m.end()] == "\n\n" else 2 if atom == "\n" else 1 if atom == " " else 0
        key = (2 * size >= limit, kind)
        if best_key is None or key >= best_key:  # the later of two equally good places
            best, best_key = m.end(), key
    if best is None:
        raise ValueError("an HTML element is longer than one message")
    return best
