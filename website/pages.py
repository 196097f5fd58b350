"""The static site as files: path in the site -> bytes, rendered with Jinja2.

Pure: no clock and no writing; what it shows comes in as views. Links between
pages are relative, so the folder works from any directory or server; only the
feeds, which travel on their own, link absolutely under the site URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from events.catalog import (
    BREAKING_UP_TO,
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    PUBLISHED,
    REMOVED_MARK,
    RETRACTED,
)
from events.instants import NEWSROOM_FORMAT, display, local
from events.paths import safe_name
from events.photo import Photo
from projections.article import ArticleView
from projections.ticker import ALL_LINK, ALL_LINK_LANGUAGE, TICKER_LABEL, TICKER_SIZE, TickerItem
from website.feeds import feed

SITE_NAME = "Newsroom"
PAGE_SIZE = TICKER_SIZE  # an archive page holds as many headlines as the ticker
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class SiteContent:
    """What the site shows: the articles (any status) and the ticker, newest first."""

    articles: Sequence[ArticleView]
    ticker: Sequence[TickerItem]
    # The proof beside the pages: files by path (checkpoint.txt, articles/ID.receipt.json,
    # verify-receipt.py); an article page links its receipt when there is one.
    evidence: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Site:
    """Every generated file, and the photos to copy in from the media folder, by site path."""

    files: dict[str, bytes]
    photos: dict[str, Photo]

    @property
    def pages(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))


@dataclass(frozen=True, slots=True)
class Moment:
    iso: str
    shown: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    article_id: str
    headline: str
    language: str
    iso: str
    shown: str
    breaking: bool = False  # urgency 1 or 2: labelled "Breaking"


@dataclass(frozen=True, slots=True)
class Figure:
    src: str
    alt: str
    caption: str
    credit: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Pager:
    number: int
    count: int
    newer: str | None
    older: str | None


@cache
def environment() -> Environment:
    """One environment per process: each template is compiled once, never re-checked."""
    return Environment(
        loader=PackageLoader("website", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def is_public(view: ArticleView) -> bool:
    """Published once: an article or its tombstone. An embargo retracted in time never was."""
    return view.status in (PUBLISHED, RETRACTED) and view.published_at is not None


def photo_path(photo: Photo) -> str:
    """The photo's place in the site mirrors its place in the media folder."""
    return f"media/{photo.stored_name}"


def article_path(article_id: str) -> str:
    """An article's page; its id comes from the log, so it must be a plain file name."""
    return f"articles/{safe_name(article_id, 'the article id')}.html"


def receipt_path(article_id: str) -> str:
    """The receipt beside an article's page."""
    return f"articles/{safe_name(article_id, 'the article id')}.receipt.json"


def render_site(content: SiteContent, tz: ZoneInfo, site_url: str) -> Site:
    """Every page, the stylesheet and the feeds; and the photos the pages show."""
    breaking = frozenset(v.article_id for v in content.articles if is_breaking(v))
    lines = ticker_lines(content.ticker, tz, breaking)
    languages = sorted({line.language for line in lines})
    names = [(code, LANGUAGE_NAMES.get(code, code)) for code in languages]
    renderer = _Renderer(tz, names, content.evidence)
    css = environment().get_template("site.css").render().encode()
    articles, photos = renderer.articles(content.articles, lines[:TICKER_SIZE])
    newest = list(content.ticker[:TICKER_SIZE])
    feeds = {
        "feed.xml": feed(newest, "rss", site_url, tz).encode(),
        "atom.xml": feed(newest, "atom", site_url, tz).encode(),
    }
    files = {"site.css": css, **renderer.ticker_pages(lines), **articles, **feeds}
    files |= content.evidence
    return Site(files, photos)


def ticker_fragment(lines: Sequence[Line], root: str) -> str:
    """The ticker as the seed page shows it beside an article, links under `root`."""
    return environment().get_template("_ticker.html").render(_common(root, lines=lines))


def ticker_lines(
    items: Sequence[TickerItem], tz: ZoneInfo, breaking: frozenset[str] = frozenset()
) -> list[Line]:
    """`breaking`: the ids of the articles labelled "Breaking" (`is_breaking`)."""
    return [_line(item, tz, item.article_id in breaking) for item in items]


def is_breaking(view: ArticleView) -> bool:
    return view.urgency is not None and view.urgency <= BREAKING_UP_TO


class _Renderer:
    """Renders pages that share the language menu; the root is worked out from the path."""

    def __init__(
        self,
        tz: ZoneInfo,
        languages: list[tuple[str, str]],
        evidence: Mapping[str, bytes] | None = None,
    ) -> None:
        self.tz = tz
        self.languages = languages
        self.evidence = evidence or {}

    def receipted(self, view: ArticleView) -> bool:
        return receipt_path(view.article_id) in self.evidence

    def page(self, template: str, path: str, **context: Any) -> bytes:
        root = "../" * path.count("/")
        context.setdefault("lang", DEFAULT_LANGUAGE)
        context.setdefault("title", TICKER_LABEL)
        variables = _common(root, languages=self.languages, **context)
        return environment().get_template(template).render(variables).encode()

    def ticker_pages(self, lines: list[Line]) -> dict[str, bytes]:
        """The front page, the archive, and the ticker of each language."""
        pages = {
            "index.html": self.page(
                "index.html",
                "index.html",
                lines=lines[:TICKER_SIZE],
                all_href="news-line/index.html",
                pager=None,
            ),
            **self.paged("news-line", lines, DEFAULT_LANGUAGE, f"{TICKER_LABEL}: all"),
        }
        for code, name in self.languages:
            chosen = [line for line in lines if line.language == code]
            folder = f"lang/{safe_name(code, 'the language')}"
            pages |= self.paged(folder, chosen, code, f"{TICKER_LABEL}: {name}")
        return pages

    def paged(self, folder: str, lines: list[Line], lang: str, title: str) -> dict[str, bytes]:
        """`folder/index.html`, `folder/2.html`, … newest first, PAGE_SIZE headlines each."""
        chunks = [lines[i : i + PAGE_SIZE] for i in range(0, len(lines), PAGE_SIZE)] or [[]]
        pages = {}
        for number, chunk in enumerate(chunks, start=1):
            pager = Pager(
                number,
                len(chunks),
                newer=_page_name(number - 1) if number > 1 else None,
                older=_page_name(number + 1) if number < len(chunks) else None,
            )
            path = f"{folder}/{_page_name(number)}"
            pages[path] = self.page(
                "index.html", path, lines=chunk, pager=pager, all_href=None, lang=lang, title=title
            )
        return pages

    def articles(
        self, views: Sequence[ArticleView], newest: list[Line]
    ) -> tuple[dict[str, bytes], dict[str, Photo]]:
        """Article pages and tombstones, and the photos the articles show."""
        aside = Markup(ticker_fragment(newest, "../"))  # the same beside every article
        pages: dict[str, bytes] = {}
        photos: dict[str, Photo] = {}
        for view in filter(is_public, views):
            path = article_path(view.article_id)
            if view.status == RETRACTED:
                pages[path] = self.tombstone(view, path)
            elif taken_down(view):
                pages[path] = self.removed(view, path)
            else:
                pages[path] = self.article(view, path, aside, self.receipted(view))
                photos |= {photo_path(photo): photo for photo in shown_photos(view)}
        return pages, photos

    def article(self, view: ArticleView, path: str, aside: Markup, receipt: bool) -> bytes:
        return self.page(
            "article.html",
            path,
            title=view.headline,
            lang=view.language,
            article=view,
            breaking=is_breaking(view),
            published=self.moment(view.published_at or ""),
            paragraphs=[p.strip() for p in PARAGRAPH_BREAK.split(view.body) if p.strip()],
            figures=_figures(shown_photos(view)),
            receipt=receipt,
            corrections=[self.moment(note.at, note.text) for note in view.corrections],
            aside=aside,
        )

    def tombstone(self, view: ArticleView, path: str) -> bytes:
        assert view.retraction is not None
        return self.page(
            "tombstone.html",
            path,
            title="Retracted",
            removed=None,
            retracted=self.moment(view.retraction.at, view.retraction.text),
            published=self.moment(view.published_at or ""),
        )

    def removed(self, view: ArticleView, path: str) -> bytes:
        """What stands at the address of an article a court order took down."""
        last = view.removals[-1]
        return self.page(
            "tombstone.html",
            path,
            title="Removed",
            removed=self.moment(last.at, last.text),
            published=self.moment(view.published_at or ""),
        )

    def moment(self, iso: str, text: str = "") -> Moment:
        return Moment(local(iso, self.tz).isoformat(), display(iso, self.tz), text)


def preview_page(view: ArticleView, tz: ZoneInfo, now: str) -> bytes:
    """The article's page as `site build` would make it. Not out yet, it is stamped with its
    embargo or `now`; no News line beside it (that is the site's, not the article's)."""
    renderer = _Renderer(tz, [])
    path = article_path(view.article_id)
    if view.status == RETRACTED:
        return renderer.tombstone(view, path)
    if taken_down(view):
        return renderer.removed(view, path)
    shown = view if view.published_at else replace(view, published_at=view.publish_at or now)
    return renderer.article(shown, path, Markup(""), receipt=False)


def taken_down(view: ArticleView) -> bool:
    """A court order erased the words readers would see: the page is a tombstone."""
    gone = (view.headline, view.body)
    return bool(view.removals) and any(text.startswith(REMOVED_MARK) for text in gone)


def shown_photos(view: ArticleView) -> tuple[Photo, ...]:
    """Photos whose files a court order removed are shown no more."""
    return () if view.photos_removed else view.photos


def _common(root: str, **context: Any) -> dict[str, Any]:
    context.setdefault("languages", [])
    return {
        "root": root,
        "site_name": SITE_NAME,
        "ticker_label": TICKER_LABEL,
        "all_link": ALL_LINK,
        "all_link_language": ALL_LINK_LANGUAGE,
        **context,
    }


def _line(item: TickerItem, tz: ZoneInfo, breaking: bool = False) -> Line:
    moment = local(item.published_at, tz)
    return Line(
        item.article_id,
        item.headline,
        item.language,
        moment.isoformat(),
        moment.strftime(NEWSROOM_FORMAT),
        breaking,
    )


def _figures(photos: Sequence[Photo]) -> list[Figure]:
    return [
        Figure(
            src=photo_path(photo),
            alt=photo.alt or photo.caption or f"Photo {number} of {len(photos)}",
            caption=photo.caption,
            credit=photo.credit,
            width=photo.width,
            height=photo.height,
        )
        for number, photo in enumerate(photos, start=1)
    ]


def _page_name(number: int) -> str:
    return "index.html" if number == 1 else f"{number}.html"
