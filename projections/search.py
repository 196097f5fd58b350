"""Search, the pure part: what a query asks for, what an article offers, what a hit shows.

A query is words (all must match), "quoted phrases" and `prefix*` words. The user's
text is never handed to a backend's own query syntax: it is cut into terms here, and
each backend builds its query from the terms alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.catalog import RETRACTED, SPIKED
from projections.article import Doc

# Searched only when asked for by --status: spiked copy was dropped, retracted copy
# withdrawn from readers; an editor who wants them names the status.
HIDDEN_STATUSES = (SPIKED, RETRACTED)
# PostgreSQL's text search configuration per language; Azerbaijani has none: `simple`.
PG_CONFIGS = {"en": "english", "ru": "russian", "az": "simple"}
# The backends mark matches in snippets with these; no article text holds them
# (control characters are refused at the door), so they cannot be forged.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 24
QUERY_MAX = 500
TERMS_MAX = 16

_WORD = re.compile(r"\w+\*?")
_SPACES = re.compile(r"\s+")


class QueryError(ValueError):
    """The query cannot be searched for; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase's words in order
    prefix: bool = False  # the (last) word may go on: `edit*` finds "editor"


@dataclass(frozen=True, slots=True)
class Filters:
    status: str | None = None
    language: str | None = None
    since: str | None = None  # an occurred-at text: changed at or after it
    limit: int | None = 20


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: str
    headline: str
    status: str
    language: str
    changed_at: str
    rank: float
    snippet: str  # plain text, matches unmarked
    matches: tuple[tuple[int, int], ...]  # [start, end) of each match in `snippet`


def parse_query(text: str) -> tuple[Term, ...]:
    """The terms of a query; an odd double quote closes at the end of the query."""
    if len(text) > QUERY_MAX:
        raise QueryError(f"The query is longer than {QUERY_MAX} characters.")
    terms: list[Term] = []
    for index, part in enumerate(text.split('"')):
        words = _WORD.findall(part)
        if index % 2:  # inside quotes: one phrase
            if phrase := tuple(w.rstrip("*") for w in words if w.rstrip("*")):
                terms.append(Term(phrase))
        else:
            terms.extend(_word_term(w) for w in words if w.rstrip("*"))
    if not terms:
        raise QueryError("The query has no words to search for.")
    if len(terms) > TERMS_MAX:
        raise QueryError(f"The query has more than {TERMS_MAX} words and phrases.")
    return tuple(terms)


def _word_term(word: str) -> Term:
    return Term((word.rstrip("*"),), prefix=word.endswith("*"))


def fts5_match(terms: tuple[Term, ...]) -> str:
    """An FTS5 MATCH expression: each term a quoted string (words are \\w only), ANDed."""
    return " AND ".join(f'"{" ".join(t.words)}"' + ("*" if t.prefix else "") for t in terms)


def pg_tsquery(terms: tuple[Term, ...]) -> str:
    """A `to_tsquery` text: words are \\w only, so quoting each one makes it literal."""
    return " & ".join(
        "(" + " <-> ".join(f"'{w}'" for w in t.words) + (":*" if t.prefix else "") + ")"
        for t in terms
    )


def search_row(doc: Doc, key: int) -> tuple[object, ...]:
    """The search projection's row of an article, in the table's column order."""
    return (
        doc["article_id"],
        key,
        doc["status"],
        doc["language"],
        doc["updated_at"],
        doc["headline"],
        doc["body"],
    )


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A backend's marked snippet as plain text and the spans of its matches."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, -1
    for piece in re.split(f"([{MARK_START}{MARK_END}])", marked):
        if piece == MARK_START:
            start = length
        elif piece == MARK_END:
            if start >= 0 and length > start:
                spans.append((start, length))
            start = -1
        else:
            piece = _SPACES.sub(" ", piece)  # a snippet is one line, whatever the body's
            text.append(piece)
            length += len(piece)
    return "".join(text), tuple(spans)
