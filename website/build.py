"""`site build`: read what the site shows, render it, put it in place whole.

A refusal (the folder, a path from the log, a missing or changed photo) leaves the
old site as it was. Photos come in as their public copies, from whoever built them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from events.catalog import ARTICLE_PREFIX, PUBLISHED, RETRACTED
from events.store import EventStore, LogQuery
from projections.past import AsOf, LogViews, fold_articles, ticker_items
from website import folder
from website.folder import PhotoBytes
from website.pages import Site, SiteContent, is_public, render_site

if TYPE_CHECKING:
    from projections.sql.queries import Views


@dataclass(frozen=True, slots=True)
class Where:
    """Where the site goes and what it links to."""

    directory: Path
    site_url: str
    tz: ZoneInfo


def content_now(views: Views | LogViews) -> SiteContent:
    """Today's site, from the projection tables: one query per table."""
    published, _ = views.articles(status=PUBLISHED)
    retracted, _ = views.articles(status=RETRACTED)
    return SiteContent([*published, *retracted], views.ticker(limit=None))


def content_then(store: EventStore, moment: AsOf) -> SiteContent:
    """The site as it stood: the same folds as `show --as-of` and `ticker --as-of`."""
    records = list(store.read_log(moment.narrow(LogQuery(stream_prefix=ARTICLE_PREFIX))))
    return SiteContent(list(fold_articles(records).values()), ticker_items(records))


def build(content: SiteContent, where: Where, photo_bytes: PhotoBytes) -> dict[str, Any]:
    """Render and swap the site into place; what was built, for the summary.
    `photo_bytes` gives each photo as the site shows it (its public copy)."""
    target = folder.check_target(where.directory)
    site = render_site(content, where.tz, where.site_url)
    folder.replace_folder(target, site.files, site.photos, photo_bytes)
    return summary(target, site, content)


def summary(target: Path, site: Site, content: SiteContent) -> dict[str, Any]:
    public = [view for view in content.articles if is_public(view)]
    retracted = sum(1 for view in public if view.status == RETRACTED)
    return {
        "path": str(target),
        "index": str(target / "index.html"),
        "pages": site.pages,
        "files": len(site.files) + len(site.photos),
        "articles": len(public) - retracted,
        "retracted": retracted,
        "photos": len(site.photos),
        "languages": sorted({item.language for item in content.ticker}),
    }
