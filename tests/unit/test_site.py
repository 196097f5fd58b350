"""The site's pure rendering, with no store: the media layout it assumes, escaping, sameness."""

from __future__ import annotations

import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

from events.catalog import MEDIA_TYPES
from events.photo import Photo
from images.folder import MediaFolder
from images.reading import FORMATS
from projections.article import ArticleView, Note
from projections.ticker import TickerItem
from website.pages import SiteContent, photo_path, render_site

BAKU = ZoneInfo("Asia/Baku")
PUBLISHED = "2024-11-14T14:08:00+00:00"


def photo(media_type: str = "image/jpeg") -> Photo:
    digest = hashlib.sha256(media_type.encode()).hexdigest()
    return Photo(digest[:12], "a.jpg", digest, 10, 800, 600, media_type, "Caption", "Credit")


def article(article_id: str, headline: str, status: str = "published") -> ArticleView:
    return ArticleView(
        article_id=article_id,
        version=5,
        status=status,
        headline=headline,
        body="One.\n\nTwo.",
        category="Society",
        language="en",
        byline="aysel",
        drafted_by="aysel",
        drafted_at=PUBLISHED,
        updated_at=PUBLISHED,
        position=9,
        photos=(photo(),),
        published_at=PUBLISHED,
        retraction=Note(PUBLISHED, "umud", "Wrong city") if status == "retracted" else None,
    )


def test_photos_are_looked_for_where_the_media_folder_keeps_them() -> None:
    assert set(FORMATS.values()) == set(MEDIA_TYPES)
    for media_type, extension in MEDIA_TYPES.items():
        shown = photo(media_type)
        stored = MediaFolder(Path("m")).path_of(shown)
        assert stored.suffix == extension and stored.parent.name == shown.sha256[:2]
        assert Path("m") / photo_path(shown).removeprefix("media/") == stored


def test_text_is_escaped_and_two_renders_are_the_same() -> None:
    headline = '<script>alert("x")</script> & more'
    item = TickerItem("a1", headline, "Society", "en", PUBLISHED, 9)
    content = SiteContent(
        [article("a1", headline), article("gone", "Frost in Ganja", "retracted")], [item]
    )
    site = render_site(content, BAKU, "https://news.example.az/")
    assert site == render_site(content, BAKU, "https://news.example.az/")
    for path in ("index.html", "articles/a1.html"):
        page = site.files[path].decode()
        assert "<script>" not in page and "&lt;script&gt;alert(&#34;x&#34;)" in page
    tombstone = site.files["articles/gone.html"].decode()
    assert "18:08 14.11.2024</time>, reason: Wrong city" in tombstone
    assert "Frost in Ganja" not in tombstone
    assert list(site.photos) == [f"media/{photo().stored_name}"]
