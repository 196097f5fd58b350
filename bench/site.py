"""Time `newsroom site build` on a store of over 10,000 published articles.

    .venv/bin/python -m bench.site [EVENTS]

The store comes from `bench.build` (80,000 events give about 11,000 published
articles, a few hundred of them retracted, most with photos); the media folder gets
each photo's small JPEG (`bench.build.photo_content`), since the benchmark's photos
exist only as events until then. Each is checked and cleaned as a real build does.
The build runs twice as a whole process, into a new folder and then replacing it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.build import build, photo_content
from bench.measure import timed
from events.sql.engine import open_engine
from projections.sql.queries import Views

STORES = Path(__file__).resolve().parent / "stores"
RESULTS = Path(__file__).resolve().parent / "results" / "site.md"


def store_with_photos(events: int) -> tuple[str, Path]:
    """A benchmark store of `events` events (built once, then reused) and its media folder."""
    STORES.mkdir(exist_ok=True)
    database = STORES / f"site-{events}.db"
    url = f"sqlite:///{database}"
    if not database.exists():
        build(url, events)
    media = STORES / f"site-{events}-media"
    engine = open_engine(url)
    try:
        views, _ = Views(engine).articles(status="published")
    finally:
        engine.dispose()
    for photo in (photo for view in views for photo in view.photos):
        path = media / photo.stored_name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(photo_content(photo.file))
    return url, media


def main(events: int) -> None:
    url, media = store_with_photos(events)
    site = STORES / f"site-{events}-out"
    shutil.rmtree(site, ignore_errors=True)
    env = {"NEWSROOM_STORE": url, "NEWSROOM_MEDIA": str(media)}
    rows = []
    for run in ("into a new folder", "replacing it"):
        seconds, rss = timed(["site", "build", str(site)], env)
        pages = sum(1 for _ in site.rglob("*.html"))
        articles = sum(1 for _ in (site / "articles").iterdir())
        rows.append(
            f"| {run} | {articles:,} | {pages:,} | {seconds:.1f} | {pages / seconds:,.0f} "
            f"| {rss:.0f} |"
        )
        print(rows[-1], flush=True)
    report = "\n".join(
        [
            f"# `newsroom site build`: {events:,} events (SQLite)",
            "",
            "| build | article pages | pages | seconds | pages/s | peak RSS MB |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
    RESULTS.write_text(report, encoding="utf-8")
    print(f"\n{report}\nwritten to {RESULTS}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 80_000)
