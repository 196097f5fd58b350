"""What a well-formed field is: ids by their patterns, text free of control characters.

Pure and light (no pydantic), so read commands check an id as write commands do. The
command models (`workflow.commands`) apply these at the edge; events already in the
log are never judged by them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.errors import BadInput

ARTICLE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
STAFF_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
HOOK_NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
PHOTO_ID_PATTERN = r"^[0-9a-f]{12}$"  # the start of the picture's SHA-256
REQUEST_ID_PATTERN = r"^rd-[0-9a-f]{8}$"  # an erasure request, as the second chief types it
DIGEST_PATTERN = r"^[0-9a-f]{64}$"
ORIGIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._~:/-]{0,199}$"  # a schema-less URL, no spaces

# What a valid value looks like, for each pattern a field is checked by.
PATTERN_HINTS = {
    HOOK_NAME_PATTERN: "use lower-case letters, digits, dashes and underscores (at most 64)",
    ARTICLE_ID_PATTERN: "use lower-case letters, digits and dashes (at most 80)",
    STAFF_NAME_PATTERN: "use letters, digits, dots, dashes and underscores (at most 64)",
    PHOTO_ID_PATTERN: "a photo id is 12 of the digits 0-9 and letters a-f",
    ORIGIN_PATTERN: "use a schema-less URL such as news.example/log (no spaces, no plus)",
}

# C0 and C1 controls (Unicode's Cc), and the lone surrogates Python makes of bytes that are
# not UTF-8. A body keeps its tabs and newlines; every other field is one line.
_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# How Python's surrogateescape keeps an undecodable byte: U+DC80 to U+DCFF.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)
COMMAND_ID_MAX = 200  # the store's command id column


@dataclass(frozen=True, slots=True)
class BadCharacter:
    """The first character a field may not hold: where it is (from 0, as lint counts)."""

    position: int
    what: str  # "a control character U+001B"

    def sentence(self, field: str) -> str:
        return f"{field} has {self.what} at position {self.position}; remove it."


def bad_character(text: str, *, lines: bool = False) -> BadCharacter | None:
    """The first control character in `text` (tab and newline allowed with `lines`), or a
    byte that was not UTF-8; None when the text is clean."""
    found = (_LINES if lines else _ONE_LINE).search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code in _ESCAPED_BYTES:
        what = f"a byte that is not UTF-8 (0x{code - 0xDC00:02X})"
    elif 0xD800 <= code <= 0xDFFF:
        what = f"an unpaired surrogate U+{code:04X}"
    else:
        what = f"a control character U+{code:04X}"
    return BadCharacter(found.start(), what)


def refuse_bad_character(field: str, text: str, *, lines: bool = False) -> None:
    """`BadInput` naming the field and the position of its first bad character."""
    if (bad := bad_character(text, lines=lines)) is not None:
        raise BadInput(bad.sentence(field), field=field, named=field)


def refuse_malformed(field: str, value: str, pattern: str) -> None:
    """`BadInput` unless `value` matches the pattern, saying what a valid one looks like."""
    if re.fullmatch(pattern, value) is None:
        hint = PATTERN_HINTS.get(pattern, "check its form")
        raise BadInput(f"{field} {value!r} is not valid: {hint}.", field=field, named=field)


def refuse_bad_command_id(command_id: str | None) -> None:
    """A command id is kept in the log's metadata and the store's command table."""
    if command_id is None:
        return
    refuse_bad_character("command_id", command_id)
    if len(command_id) > COMMAND_ID_MAX:
        raise BadInput(
            f"command_id is too long: at most {COMMAND_ID_MAX} characters.",
            field="command_id",
            named="command_id",
        )
