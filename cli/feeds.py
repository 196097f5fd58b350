"""The News line as RSS 2.0, Atom and HTML, for `ticker --format rss|atom|html`.

Feeds are built with feedgen (a maintained library), never by string pasting.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from cli.timefmt import display, local
from projections.ticker import TickerItem

TITLE = "News line"
ALL_LINK = "Hamısı"


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
    if items:
        generator.updated(local(items[0].published_at, tz))
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
    """A semantic HTML fragment: the News line as the seed page shows it."""
    rows = [
        "  <li>"
        f'<a href="{html.escape(article_url(site, item.article_id))}" lang="{item.language}">'
        f"{html.escape(item.headline)}</a> "
        f'<time datetime="{local(item.published_at, tz).isoformat()}">'
        f"{display(item.published_at, tz)}</time></li>"
        for item in items
    ]
    return "\n".join(
        [
            '<section class="news-line" aria-labelledby="news-line-title">',
            f'<h2 id="news-line-title">{TITLE}</h2>',
            "<ol>",
            *rows,
            "</ol>",
            f'<a class="all" href="{html.escape(site.rstrip("/"))}/news-line/">{ALL_LINK}</a>',
            "</section>",
            "",
        ]
    )
