"""Text from the log shown as text: no character in it may steer the screen it lands on.

A headline, a caption or a hook's error is whatever someone typed, imported or wrote
into the database. On a terminal an escape sequence in it could retitle the window,
clear the screen or hide the text around it; in an XML feed a control character makes
the whole feed invalid. So every such character is shown by its code instead, the way
Python writes it in a string: ESC as `\\x1b`, DEL as `\\x7f`, a C1 control as `\\x9b`, a
bidirectional override as `\\u202e`. A lone surrogate (a byte of a file name or an
argument that was not UTF-8, or a `\\ud800` in imported JSON) cannot be printed at all;
it is shown the same way. The log itself is never changed: only what is shown.
"""

from __future__ import annotations

import re

# Characters that steer a terminal or a text layout rather than stand for themselves:
# C0 and C1 controls and DEL, the bidirectional marks, embeddings, overrides and
# isolates (they reorder what a reader sees), and the Unicode line and paragraph
# separators (some tools break lines at them).
_STEERING = (
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
)


# Python keeps an undecodable byte B of a name or an argument as the surrogate U+DC00+B.
_SURROGATES = range(0xD800, 0xE000)
_UNDECODED = range(0xDC80, 0xDD00)


def _code(point: int) -> str:
    if point in _UNDECODED:
        return f"\\x{point - 0xDC00:02x}"
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


_ONE_LINE = {point: _code(point) for point in (*_STEERING, *_SURROGATES)}
# Multi-line text (an article's body) keeps its line breaks and tabs.
_LINES = {point: code for point, code in _ONE_LINE.items() if point not in (0x09, 0x0A)}
# In JSON, C0 controls are escaped by `json.dumps` already; the rest get JSON's own escape,
# so the document parses to exactly the same strings.
_JSON = {point: f"\\u{point:04x}" for point in (*_STEERING, *_SURROGATES) if point >= 0x7F}
# A JSON document needs `_JSON` only if it holds one of its characters: a search finds out
# ten times faster than a translation, and an export of a million events passes through here.
_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def inert(text: str, *, lines: bool = False) -> str:
    """`text` with every steering character shown by its code; with `lines`, newlines and
    tabs are kept. Idempotent: shown text has nothing left to show."""
    if text.isprintable():  # nothing printable steers: most text leaves here at once
        return text
    return text.translate(_LINES if lines else _ONE_LINE)


def inert_json(document: str) -> str:
    """A serialised JSON document with DEL, C1 controls, lone surrogates and the
    bidirectional and separator characters escaped as `\\uXXXX` (they can only occur
    inside its strings, so it parses to exactly the same value)."""
    if document.isascii():  # then only DEL can be there: found a hundred times faster
        return document.replace("\x7f", "\\u007f")
    return document.translate(_JSON) if _IN_JSON.search(document) else document
