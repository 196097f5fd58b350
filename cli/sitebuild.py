"""`site build`: read what the site shows, render it, put it in place whole.

Imported lazily by `cli.site`, so `newsroom --help` never loads the database stack.
Every refusal (the folder, the time, a missing photo) comes before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli import render, sitefiles
from cli.asof import parse_as_of
from cli.feeds import site_url
from cli.settings import Settings
from cli.sitepages import Site, SiteContent, is_public, render_site
from cli.wiring import Session, open_session
from events.catalog import ARTICLE_PREFIX
from events.store import LogQuery
from projections import queries
from projections.asof import fold_articles, ticker_items


def build(settings: Settings, directory: Path, as_of: str | None) -> None:
    target = sitefiles.check_target(directory)
    with open_session(settings, catch_up_first=as_of is None) as session:
        content, label = _content_now(session) if as_of is None else _content_then(session, as_of)
    site = render_site(content, settings.tz, site_url())
    photos = sitefiles.media_sources(site.photos, settings.media_dir)
    sitefiles.replace_folder(target, site.files, photos)
    summary = _summary(target, site, content, label)
    if settings.json:
        render.print_json(summary)
    else:
        print(
            f"Built {summary['pages']} pages into {target}: {summary['articles']} articles, "
            f"{summary['retracted']} retracted, {summary['photos']} photos."
        )
        print(summary["index"])


def _content_now(session: Session) -> tuple[SiteContent, str | None]:
    """Today's site, from the projection tables: one query per table."""
    published, _ = queries.articles(session.engine, status="published")
    retracted, _ = queries.articles(session.engine, status="retracted")
    news_line = queries.ticker(session.engine, limit=None)
    return SiteContent([*published, *retracted], news_line), None


def _content_then(session: Session, as_of: str) -> tuple[SiteContent, str | None]:
    """The site as it stood: the same folds as `show --as-of` and `ticker --as-of`."""
    moment = parse_as_of(as_of, session.settings.tz, session.store)
    records = list(session.store.read_log(moment.narrow(LogQuery(stream_prefix=ARTICLE_PREFIX))))
    views = list(fold_articles(records).values())
    return SiteContent(views, ticker_items(records)), moment.label


def _summary(target: Path, site: Site, content: SiteContent, as_of: str | None) -> dict[str, Any]:
    public = [view for view in content.articles if is_public(view)]
    retracted = sum(1 for view in public if view.status == "retracted")
    return {
        "path": str(target),
        "index": str(target / "index.html"),
        "pages": site.pages,
        "files": len(site.files) + len(site.photos),
        "articles": len(public) - retracted,
        "retracted": retracted,
        "photos": len(site.photos),
        "languages": sorted({item.language for item in content.news_line}),
        "as_of": as_of,
    }
