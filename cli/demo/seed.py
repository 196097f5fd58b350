"""Reading a published page like `corpus/seed-page.txt`: one article and its News line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from projections.ticker import ALL_LINK, TICKER_LABEL

DATELINE = re.compile(r"^(?P<category>.+) (?P<time>\d{2}:\d{2} \d{2}\.\d{2}\.\d{4})$")
TIME_LINE = re.compile(r"^\d{2}:\d{2} \d{2}\.\d{2}\.\d{4}$")
PHOTO_LINE = re.compile(r"^[\w-]+\.(jpe?g|png|webp)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SeedPage:
    headline: str
    category: str
    published: str
    paragraphs: tuple[str, ...]
    photos: tuple[str, ...]
    ticker: tuple[tuple[str, str], ...]


def bundled_seed_text() -> str:
    return resources.files("cli.demo").joinpath("seed-page.txt").read_text(encoding="utf-8")


def parse_seed(text: str) -> SeedPage:
    article_part, _, news_part = text.partition(f"\n{TICKER_LABEL}\n")
    blocks = [b.strip() for b in article_part.split("\n\n") if b.strip()]
    headline, dateline, *rest = blocks
    match = DATELINE.match(dateline)
    if match is None:
        raise ValueError(f"no dateline in the seed page: {dateline!r}")
    photos = tuple(b for b in rest if PHOTO_LINE.match(b))
    first_photo = rest.index(photos[0]) if photos else len(rest)
    return SeedPage(
        headline=headline,
        category=match["category"],
        published=match["time"],
        paragraphs=tuple(rest[:first_photo]),
        photos=photos,
        ticker=_ticker_items(news_part),
    )


def _ticker_items(text: str) -> tuple[tuple[str, str], ...]:
    lines = [line for line in text.splitlines() if line.strip() and line.strip() != ALL_LINK]
    pairs = zip(lines[0::2], lines[1::2], strict=True)
    items = tuple((headline, when) for headline, when in pairs)
    if not all(TIME_LINE.match(when) for _, when in items):
        raise ValueError("the News line does not alternate headline and time lines")
    return items
