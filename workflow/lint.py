"""Headline and text lint: the dirty data real newsrooms publish by mistake.

Pure functions over text. Errors stop an approval (unless overridden, with a reason
that goes into the log); warnings are only shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import categories

from events.catalog import HEADLINE_LIMIT

SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
# ‘ ’ are left out: ’ is also the apostrophe ("Azerbaijan’s").
PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
WORD = re.compile(r"\w+")
ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The library looks each character up in a large table; headlines repeat characters.
script_of = lru_cache(maxsize=8192)(categories.alias)


@dataclass(frozen=True, slots=True)
class Finding:
    field: str  # headline | body
    code: str
    severity: str  # error | warning
    start: int  # character offsets in the field, end exclusive
    end: int
    message: str


def lint_article(headline: str, body: str, headline_limit: int = HEADLINE_LIMIT) -> list[Finding]:
    findings = [*_text_findings("headline", headline), *_text_findings("body", body)]
    findings += _headline_findings(headline, headline_limit)
    return sorted(findings, key=lambda f: (f.field != "headline", f.start, f.code))


def errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == "error"]


def lint_errors(headline: str, body: str) -> list[Finding]:
    """Only what lint counts as errors, in `lint_article`'s order: what approval gates on."""
    found = [*_error_findings("headline", headline), *_error_findings("body", body)]
    return sorted(found, key=lambda f: (f.field != "headline", f.start, f.code))


def _text_findings(field: str, text: str) -> list[Finding]:
    return [*_error_findings(field, text), *_unbalanced(field, text)]


def _error_findings(field: str, text: str) -> list[Finding]:
    return [*_mixed_scripts(field, text), *_invisible(field, text)]


def _mixed_scripts(field: str, text: str) -> list[Finding]:
    if text.isascii():  # one script only: nothing can be mixed
        return []
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        scripts = {script_of(ch) for ch in word if ch.isalpha()} & set(SCRIPTS)
        if len(scripts) < 2:
            continue
        major = max(scripts, key=lambda s: sum(script_of(ch) == s for ch in word))
        odd = [(i, ch) for i, ch in enumerate(word) if ch.isalpha() and script_of(ch) != major]
        i, ch = odd[0]
        script = script_of(ch).title()
        found.append(
            Finding(
                field,
                "mixed-script",
                "error",
                match.start(),
                match.end(),
                f"“{word}” mixes scripts: {script} “{ch}” at {match.start() + i} inside a "
                f"{major.title()} word",
            )
        )
    return found


def _invisible(field: str, text: str) -> list[Finding]:
    allowed = "\n\t" if field == "body" else ""
    found = []
    # ASCII holds no format characters: only its controls can hide, and a regex finds them.
    where = (
        (m.start() for m in ASCII_CONTROL.finditer(text)) if text.isascii() else range(len(text))
    )
    for i in where:
        ch = text[i]
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed:
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            found.append(
                Finding(
                    field,
                    "invisible",
                    "error",
                    i,
                    i + 1,
                    f"an invisible or control character ({name}) at {i}",
                )
            )
    return found


def _unbalanced(field: str, text: str) -> list[Finding]:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append((ch, i))
        elif ch in PAIRS.values():
            if not stack or PAIRS[stack[-1][0]] != ch:
                return [
                    Finding(
                        field, "unbalanced", "warning", i, i + 1, f"“{ch}” at {i} closes nothing"
                    )
                ]
            stack.pop()
    if stack:
        ch, i = stack[-1]
        return [Finding(field, "unbalanced", "warning", i, i + 1, f"“{ch}” at {i} is never closed")]
    if text.count('"') % 2:
        i = text.rfind('"')
        return [
            Finding(
                field,
                "unbalanced",
                "warning",
                i,
                i + 1,
                f"an odd number of straight quotes; the last at {i}",
            )
        ]
    return []


def _headline_findings(headline: str, limit: int) -> list[Finding]:
    found = []
    if headline != headline.strip():
        found.append(
            Finding("headline", "spaces", "warning", 0, len(headline), "leading or trailing spaces")
        )
    if (at := headline.find("  ")) >= 0:
        found.append(
            Finding("headline", "spaces", "warning", at, at + 2, f"a double space at {at}")
        )
    if len(headline) > limit:
        found.append(
            Finding(
                "headline",
                "length",
                "warning",
                limit,
                len(headline),
                f"{len(headline)} characters, over the limit of {limit}",
            )
        )
    letters = [ch for ch in headline if ch.isalpha()]
    if len(letters) >= 8 and all(ch.isupper() for ch in letters):
        found.append(
            Finding(
                "headline", "all-caps", "warning", 0, len(headline), "the headline is in capitals"
            )
        )
    return found
