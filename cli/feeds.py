"""The News line as RSS 2.0, Atom and HTML, for `ticker --format rss|atom|html`.

Feeds are built with feedgen (a maintained library), never by string pasting.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cli.timefmt import local
from projections.ticker import TickerItem

TITLE = "News line"
ALL_LINK = "Hamısı"
DEFAULT_SITE_URL = "http://localhost/"
# feedgen stamps an empty feed with the clock; a fixed instant keeps rebuilds identical.
NEVER_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


def site_url() -> str:
    """Where the site lives (NEWSROOM_SITE_URL), for the absolute links feeds need."""
    return os.environ.get("NEWSROOM_SITE_URL") or DEFAULT_SITE_URL


def article_url(site: str, article_id: str) -> str:
    return f"{site.rstrip('/')}/articles/{article_id}.html"


def feed(items: Sequence[TickerItem], kind: str, site: str, tz: ZoneInfo) -> str:
    """RSS 2.0 or Atom 1.0, newest first."""
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(site.rstrip("/") + "/")
    generator.title(TITLE)
    generator.link(href=site, rel="alternate")
    generator.description("Published headlines, newest first.")
    generator.generator("newsroom")
    generator.updated(local(items[0].published_at, tz) if items else NEVER_UPDATED)
    for item in items:
        entry = generator.add_entry(order="append")
        entry.id(f"urn:newsroom:article:{item.article_id}")
        entry.guid(f"urn:newsroom:article:{item.article_id}", permalink=False)
        entry.title(item.headline)
        entry.link(href=article_url(site, item.article_id))
        entry.published(local(item.published_at, tz))
        entry.updated(local(item.published_at, tz))
        entry.category(term=item.category)
    raw: bytes = (
        generator.rss_str(pretty=True) if kind == "rss" else generator.atom_str(pretty=True)
    )
    return raw.decode("utf-8")


def html_news_line(items: Sequence[TickerItem], site: str, tz: ZoneInfo) -> str:
    """A semantic HTML fragment: the News line as the seed page shows it, as the site does."""
    from cli.sitepages import news_line_fragment, news_line_lines

    return news_line_fragment(news_line_lines(items, tz), site.rstrip("/") + "/")
