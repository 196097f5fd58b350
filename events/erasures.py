"""Erasures the log records: which positions a `RedactionConfirmed` rewrote, and with what.

`verify` reads them before it walks the log: an erased event's data is checked against
the digest its confirmation names (the chain and the signature still cover the old one),
and the rules are not run again over erased words they can no longer see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from events.catalog import article_stream

CONFIRMED = "RedactionConfirmed"

# Where an article's events keep words a court may order gone.
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "ArticleDrafted": ("headline", "body", "byline"),
    "ArticleRevised": ("headline", "body", "byline"),
    "ArticleCorrected": ("headline", "body", "byline", "note"),
    "ArticlePublished": ("headline",),
    "PhotoAdded": ("caption", "credit", "file", "alt"),
    "PhotoEdited": ("caption", "credit", "alt"),
    "NoteAdded": ("text",),
}


@dataclass(frozen=True, slots=True)
class Erasures:
    # position -> the salted digest of the data there now (the latest confirmation's)
    digests: dict[int, str] = field(default_factory=dict)
    # position -> the position of the confirmation that rewrote it last
    confirmed_at: dict[int, int] = field(default_factory=dict)
    # stream -> its first rewritten position: from there on its words are not all there
    first_erased: dict[str, int] = field(default_factory=dict)
    # confirmations that name a position at or after their own: never lawful
    ahead: set[int] = field(default_factory=set)
    # position -> the stream of the article its confirmation says it erased
    streams: dict[int, str] = field(default_factory=dict)

    def expected_digest(self, position: int, stored: str | None) -> str | None:
        return self.digests.get(position, stored)


def erasures_of(confirmations: Iterable[tuple[int, str]]) -> Erasures:
    """From each confirmation's position and data (as stored), in log order. Data that
    is not a confirmation is left to the walk, which reports it where it stands."""
    found = Erasures()
    for at, data_json in confirmations:
        try:
            data = json.loads(data_json)
            stream = article_stream(str(data["article_id"]))
            rewritten = {
                int(position): str(digest) for position, digest in data["rewritten"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if any(position >= at for position in rewritten):
            found.ahead.add(at)
        for position, digest in rewritten.items():
            found.digests[position] = digest
            found.confirmed_at[position] = at
            found.streams[position] = stream
            if position < found.first_erased.get(stream, position + 1):
                found.first_erased[stream] = position
    return found
