"""Text from the log shown as text: every character that could steer a terminal, by its code."""

from __future__ import annotations

import json

import pytest

from events.inert import inert, inert_json


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Storm \x1b]0;pwned\x07 warning", "Storm \\x1b]0;pwned\\x07 warning"),  # retitles
        ("clear\x1b[2J\x1b[H", "clear\\x1b[2J\\x1b[H"),
        ("hidden \x1b[8mtext", "hidden \\x1b[8mtext"),
        ("over\rwritten", "over\\x0dwritten"),
        ("two\nlines\ttab", "two\\x0alines\\x09tab"),
        ("del\x7f c1\x9b31m nel\x85", "del\\x7f c1\\x9b31m nel\\x85"),
        ("abc\u202edcba\u2066x\u2069", "abc\\u202edcba\\u2066x\\u2069"),
        ("line\u2028sep", "line\\u2028sep"),
        ("not utf-8: \udc9b, lone \ud800", "not utf-8: \\x9b, lone \\ud800"),
        (
            "Bakıda yeni stadion — “Budget [/] talks” 😀",
            "Bakıda yeni stadion — “Budget [/] talks” 😀",
        ),
    ],
)
def test_a_steering_character_is_shown_by_its_code(stored: str, shown: str) -> None:
    assert inert(stored) == shown
    assert inert(shown) == shown  # shown text has nothing left to show


def test_multi_line_text_keeps_its_line_breaks_and_tabs_and_nothing_else() -> None:
    body = "First line\n\tindented\r\nthird \x1b[31mred\x0b"
    assert inert(body, lines=True) == "First line\n\tindented\\x0d\nthird \\x1b[31mred\\x0b"


def test_json_stays_exact_json_with_nothing_raw_in_it() -> None:
    value = {"headline": "a\x1b[2J b\x7f c\x9b d\u202e e\ud800 f\u2028 Bakı"}
    document = inert_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(document) == value
    raw = [ch for ch in document if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0]
    raw += [ch for ch in document if 0xD800 <= ord(ch) < 0xE000 or ch in "\u202e\u2028"]
    assert raw == []
    assert "Bakı" in document  # ordinary letters are kept as they are


def test_json_of_plain_ascii_has_its_del_escaped_too() -> None:
    document = inert_json(json.dumps({"headline": "Snow\x7f in \x1b[2J Baku"}))
    assert document == '{"headline": "Snow\\u007f in \\u001b[2J Baku"}'
    assert json.loads(document) == {"headline": "Snow\x7f in \x1b[2J Baku"}
