"""Long HTML messages in parts: each part valid HTML within Telegram's limit, nothing lost or changed."""
from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.message_parts import message_parts
from tests.botapi.server import parse_html


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check(text: str, limit: int) -> list[str]:
    parts = message_parts(text, limit)
    for part in parts:
        shown, _entities = parse_html(part)        # valid HTML on its own, as the Bot API parses it
        assert 0 < u16(shown) <= limit
    # Only whitespace at the cuts goes (Telegram trims each message anyway).
    assert "".join("".join(parse_html(p)[0].split()) for p in parts) == "".join(parse_html(text)[0].split())
    return parts


def test_a_short_message_is_one_part():
    assert message_parts("<b>Hello</b> &amp; bye") == ["<b>Hello</b> &amp; bye"]


def test_cuts_at_the_last_paragraph_then_line_then_space():
    text = "a" * 30 + "\n\n" + "b" * 30 + "\n" + "c c"
    assert check(text, 66) == [text]
    assert check(text, 64) == ["a" * 30, "b" * 30 + "\nc c"]
    assert check("b" * 30 + "\nc c", 33) == ["b" * 30, "c c"]
    assert check("x" * 10 + " " + "y" * 10, 15) == ["x" * 10, "y" * 10]
    assert check("x" * 20, 15) == ["x" * 15, "x" * 5]


def test_entities_count_as_one_character_and_are_never_cut():
    text = "&lt;" * 10        # ten characters on screen, forty in HTML
    assert check(text, 10) == [text]
    assert check(text, 4) == ["&lt;" * 4, "&lt;" * 4, "&lt;" * 2]


def test_an_element_is_never_cut():
    assert check("<b>one two</b> three four", 10) == ["<b>one two</b>", "three four"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet="ab <>&😀\n", min_size=1, max_size=30).map(html.escape),
                          st.sampled_from(["\n\n", " ", "\n"]),
                          st.text(alphabet="xy z", min_size=1, max_size=8).map(lambda s: f"<b>{html.escape(s)}</b>")),
                max_size=40),
       st.integers(min_value=12, max_value=60))
def test_any_text_in_parts_loses_nothing(pieces, limit):
    text = "".join(pieces)
    if parse_html(text)[0].strip():
        check(text, limit)
