"""The ticker as RSS 2.0 and Atom feeds, and as an HTML fragment.

Feeds are built with feedgen (a maintained library), never by string pasting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from events.catalog import article_uri
from events.inert import inert
from events.instants import local
from projections.ticker import TICKER_LABEL, TickerItem

# feedgen stamps an empty feed with the clock; a fixed instant keeps rebuilds identical.
NEVER_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


def article_url(site: str, article_id: str) -> str:
    return f"{site.rstrip('/')}/articles/{article_id}.html"


def feed(items: Sequence[TickerItem], kind: str, site: str, tz: ZoneInfo) -> str:
    """RSS 2.0 or Atom 1.0, newest first."""
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(site.rstrip("/") + "/")
    generator.title(TICKER_LABEL)
    generator.link(href=site, rel="alternate")
    generator.description("Published headlines, newest first.")
    generator.generator("newsroom")
    generator.updated(local(items[0].published_at, tz) if items else NEVER_UPDATED)
    for item in items:
        entry = generator.add_entry(order="append")
        entry.id(article_uri(item.article_id))
        entry.guid(article_uri(item.article_id), permalink=False)
        entry.title(inert(item.headline))  # XML holds no control characters: shown, not dropped
        entry.link(href=article_url(site, item.article_id))
        entry.published(local(item.published_at, tz))
        entry.updated(local(item.published_at, tz))
        entry.category(term=inert(item.category))
    raw: bytes = (
        generator.rss_str(pretty=True) if kind == "rss" else generator.atom_str(pretty=True)
    )
    return raw.decode("utf-8")


def html_ticker(items: Sequence[TickerItem], site: str, tz: ZoneInfo) -> str:
    """A semantic HTML fragment: the ticker as the seed page shows it, as the site does."""
    from website.pages import ticker_fragment, ticker_lines

    return ticker_fragment(ticker_lines(items, tz), site.rstrip("/") + "/")
