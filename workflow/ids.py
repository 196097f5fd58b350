"""Article ids: readable, from the headline, unique in the log."""

from __future__ import annotations

import re
import unicodedata

from events.catalog import article_of, article_stream
from events.errors import BadInput
from events.store import EventStore

_TRANSLIT = str.maketrans(
    {"ə": "e", "ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d", "ł": "l"}
    | dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeezijklmnoprstufye", strict=True))
    | {
        "ж": "zh",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "yu",
        "я": "ya",
        "ь": "",
        "ъ": "",
    }
)


def new_article_id(store: EventStore, headline: str, command_id: str | None) -> str:
    """A readable id from the headline, made unique; a replayed command keeps its first id."""
    if command_id and (prior := store.find_command(command_id)):
        return article_of(prior.stream_id) or prior.stream_id
    base = slugify(headline)
    candidate, n = base, 1
    while store.stream_version(article_stream(candidate)) > 0:
        n += 1
        candidate = f"{base[:70]}-{n}"
    return candidate


def slugify(headline: str, max_length: int = 60) -> str:
    folded = unicodedata.normalize("NFKD", headline.lower().translate(_TRANSLIT))
    ascii_text = folded.encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug:
        if words:
            return str(words[0][:max_length])
        raise BadInput(
            "The headline has no letters or digits to make an article id from.", hint="pass-id"
        )
    return slug
