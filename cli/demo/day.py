"""The scripted newsroom day of `make demo`, on a fresh SQLite store, through the real CLI.

The seed page's article is drafted, illustrated, reviewed and published at 18:08
14.11.2024; then each of its 40 News line items is drafted, submitted, approved and
published at its own time (one under embargo, lifted by `tick`). Finally the article
and the News line are printed; the News line reproduces the seed's, line for line.
Last, the static site is built beside the store and the path of its index printed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from cli.app import run
from cli.demo.seed import SeedPage, bundled_seed_text, parse_seed
from events.instants import NEWSROOM_FORMAT
from projections.ticker import ALL_LINK, TICKER_LABEL

STAFF = (("aysel", "reporter"), ("rashad", "reporter"), ("kamran", "editor"), ("leyla", "editor"))
CATEGORY_WORDS = (
    ("World", ("Israel", "Iran", "Jordan", "IDF", "US ", "CBS", "Serbian", "Swedish", "Tokayev")),
    ("Economy", ("exports", "flights", "AZAL", "Emirates", "tourism", "Economic", "cadastre")),
    ("Sports", ("judo", "NOC", "medals")),
    ("Society", ("IEPF", "youth", "Song Contest", "landmines")),
)


class DemoStep(Exception):
    pass


# Each person's key, made in the demo's folder by `make_keys`.
KEYS: dict[str, Path] = {}


def newsroom(*args: str, actor: str, at: str) -> dict[str, Any]:
    """One CLI command by `actor`, signed with their key, at a pinned time (the day is
    replayed after the fact); its JSON result, or `DemoStep` with its error."""
    os.environ["NEWSROOM_NOW"] = at
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--json", "--as", actor, "--key", str(KEYS[actor]), *args])
    if code != 0:
        raise DemoStep(f"`newsroom {' '.join(args)}` failed ({code}): {err.getvalue().strip()}")
    result: dict[str, Any] = json.loads(out.getvalue() or "{}")
    return result


def shifted(display_time: str, minutes: int) -> str:
    moment = datetime.strptime(display_time, NEWSROOM_FORMAT) + timedelta(minutes=minutes)
    return moment.strftime(NEWSROOM_FORMAT)


def category_of(headline: str) -> str:
    for category, words in CATEGORY_WORDS:
        if any(word in headline for word in words):
            return category
    return "Politics"


def stand_in_photos(names: tuple[str, ...], folder: Path) -> list[Path]:
    """JPEGs standing in for the seed's photos, which the page gives only by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, name in enumerate(names, start=1):
        image = Image.new("RGB", (1200, 800), (40 * number, 90, 200 - 25 * number))
        ImageDraw.Draw(image).text((40, 40), f"IEPF visit, photo {number}\n{name}", fill="white")
        path = folder / name
        image.save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


def publish_seed_article(seed: SeedPage, photos: list[Path]) -> str:
    at = seed.published
    drafted = newsroom(
        "draft",
        "--headline",
        seed.headline,
        "--category",
        seed.category,
        "--body",
        "\n\n".join(seed.paragraphs),
        actor="aysel",
        at=shifted(at, -120),
    )
    article_id = str(drafted["article_id"])
    for number, path in enumerate(photos, start=1):
        newsroom(
            "photo",
            "add",
            article_id,
            str(path),
            "--caption",
            f"The IEPF meeting, {number} of 6",
            "--credit",
            "IEPF",
            actor="aysel",
            at=shifted(at, -90 + number),
        )
    newsroom("submit", article_id, actor="aysel", at=shifted(at, -60))
    newsroom("approve", article_id, actor="kamran", at=shifted(at, -15))
    newsroom("publish", article_id, actor="kamran", at=at)
    return article_id


def publish_ticker(seed: SeedPage) -> None:
    oldest_first = list(reversed(seed.ticker))
    for index, (headline, at) in enumerate(oldest_first):
        reporter, editor = STAFF[index % 2][0], STAFF[2 + index % 2][0]
        drafted = newsroom(
            "draft",
            "--headline",
            headline,
            "--category",
            category_of(headline),
            actor=reporter,
            at=shifted(at, -12),
        )
        article_id = str(drafted["article_id"])
        newsroom("submit", article_id, actor=reporter, at=shifted(at, -8))
        # The seed page went out with a Cyrillic "с" in one headline; lint flags it and
        # the editor overrides, on the record, so the day reproduces the page as it was.
        why = "Reproducing the seed page exactly as it was published"
        newsroom("approve", article_id, "--allow-lint", why, actor=editor, at=shifted(at, -4))
        if index == len(oldest_first) - 1:
            # The day's last item goes out under embargo; the scheduler lifts it.
            newsroom("publish", article_id, "--at", at, actor=editor, at=shifted(at, -3))
            newsroom("tick", actor="scheduler", at=at)
        else:
            newsroom("publish", article_id, actor=editor, at=at)


def make_keys(folder: Path) -> None:
    """An Ed25519 key for each person and for the scheduler, as `newsroom keys create` makes."""
    for name in ("umud", *(name for name, _ in STAFF), "scheduler"):
        KEYS[name] = folder / name
        newsroom("keys", "create", "--file", str(KEYS[name]), actor=name, at="")


def replay_day(folder: Path) -> str:
    """The seed page's day, into the store NEWSROOM_STORE names; returns the article's id."""
    seed = parse_seed(bundled_seed_text())
    make_keys(folder / "keys")
    # A day replayed after the fact: everyone acts under the clock the seed page gives.
    hiring = shifted(seed.published, -600)
    newsroom("init", "--chief", "umud", "--pinned-clock", "everyone", actor="umud", at=hiring)
    for name, role in (*STAFF, ("scheduler", "scheduler")):
        key = f"{KEYS[name]}.pub"
        newsroom("staff", "add", name, "--role", role, "--public-key", key, actor="umud", at=hiring)
    article_id = publish_seed_article(seed, stand_in_photos(seed.photos, folder / "photos"))
    publish_ticker(seed)
    os.environ.pop("NEWSROOM_NOW")
    return article_id


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="newsroom-demo-"))
    store = f"sqlite:///{folder / 'newsroom.db'}"
    os.environ.update({"NEWSROOM_STORE": store, "NEWSROOM_TZ": "Asia/Baku"})
    os.environ.pop("NEWSROOM_MEDIA", None)
    try:
        article_id = replay_day(folder)
    except DemoStep as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    print(f"A newsroom day, replayed into {store}\n")
    run(["show", article_id])
    print(f"\n{TICKER_LABEL}\n")
    run(["ticker"])
    print(ALL_LINK)
    print()
    run(["verify"])
    print(
        f"\nExplore it: . .venv/bin/activate; export NEWSROOM_STORE={store}; "
        f"newsroom history {article_id}\n"
    )
    # The site goes last, so the final line printed is the path of its front page.
    return run(["site", "build", str(folder / "site")])
