"""End to end: the installed `newsroom` command, in real processes, reproduces the seed page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from cli.demo.seed import bundled_seed_text, parse_seed
from projections.ticker import ALL_LINK, TICKER_LABEL
from tests.support.fixtures import SEED_PAGE
from tests.support.keys import key_file
from tests.support.stores import pg_schema_url

pytestmark = pytest.mark.slow

NEWSROOM = Path(sys.executable).parent / "newsroom"
NEWEST = 12  # of the seed's News line, each a process per command


def seed_text() -> str:
    return SEED_PAGE.read_text(encoding="utf-8") if SEED_PAGE.exists() else bundled_seed_text()


class Shell:
    def __init__(self, workdir: Path, store_url: str):
        self.workdir = workdir
        self.env = {**os.environ, "NEWSROOM_STORE": store_url, "NEWSROOM_TZ": "Asia/Baku"}
        for name in ("NEWSROOM_ACTOR", "NEWSROOM_NOW", "NEWSROOM_MEDIA", "NEWSROOM_LOG"):
            self.env.pop(name, None)

    def __call__(self, *args: str, actor: str = "umud", at: str | None = None) -> str:
        env = {**self.env, "NEWSROOM_ACTOR": actor, **({"NEWSROOM_NOW": at} if at else {})}
        env["NEWSROOM_KEY"] = str(key_file(actor))
        done = subprocess.run(
            [str(NEWSROOM), *args],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, (
            f"newsroom {' '.join(args)} -> {done.returncode}: {done.stderr}"
        )
        return done.stdout


def publish_item(sh: Shell, number: int, headline: str, at: str) -> None:
    article_id = f"item-{number:02d}"
    sh(
        "draft",
        "--id",
        article_id,
        "--headline",
        headline,
        "--category",
        "News",
        actor="aysel",
        at=at,
    )
    sh("submit", article_id, actor="aysel", at=at)
    sh(
        "approve",
        article_id,
        "--allow-lint",
        "As published on the seed page",
        actor="kamran",
        at=at,
    )
    sh("publish", article_id, actor="kamran", at=at)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def shell(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Shell]:
    if request.param == "sqlite":
        yield Shell(tmp_path, f"sqlite:///{tmp_path / 'newsroom.db'}")
    else:
        with pg_schema_url() as url:
            yield Shell(tmp_path, url)


def test_the_installed_cli_reproduces_the_seed_page(shell: Shell, tmp_path: Path) -> None:
    assert NEWSROOM.exists(), f"the newsroom command is not installed beside {sys.executable}"
    seed = parse_seed(seed_text())
    sh = shell
    # The seed's day is replayed after it happened: everyone acts under its clock.
    sh("init", "--chief", "umud", "--pinned-clock", "everyone", at="09:00 14.11.2024")
    for name, role in (("aysel", "reporter"), ("kamran", "editor")):
        key = f"{key_file(name)}.pub"
        sh("staff", "add", name, "--role", role, "--public-key", key, at="09:00 14.11.2024")
    (tmp_path / "body.txt").write_text("\n\n".join(seed.paragraphs), encoding="utf-8")
    sh(
        "draft",
        "--id",
        "iepf",
        "--headline",
        seed.headline,
        "--category",
        seed.category,
        "--body-file",
        "body.txt",
        actor="aysel",
        at="17:00 14.11.2024",
    )
    for n, name in enumerate(seed.photos):
        Image.new("RGB", (1200, 800), (30 * n, 80, 160)).save(tmp_path / name, "JPEG")
        sh("photo", "add", "iepf", name, "--credit", "IEPF", actor="aysel", at="17:10 14.11.2024")
    sh("submit", "iepf", actor="aysel", at="17:30 14.11.2024")
    sh("approve", "iepf", actor="kamran", at="18:00 14.11.2024")
    sh("publish", "iepf", actor="kamran", at=seed.published)

    # The newest items are independent articles: four writers at once, as in a busy
    # newsroom. (All 40, in one process, are `make demo`'s, checked below.)
    newest = seed.ticker[:NEWEST]
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [
            pool.submit(publish_item, sh, n, headline, at)
            for n, (headline, at) in enumerate(newest)
        ]
        for job in jobs:
            job.result()

    expected_ticker = "".join(f"{headline}\n{at}\n" for headline, at in newest)
    assert sh("ticker", "--limit", str(NEWEST)) == expected_ticker
    shown = sh("show", "iepf")
    assert shown.startswith(
        f"{seed.headline}\n\n{seed.category} {seed.published}\n\n" + "\n\n".join(seed.paragraphs)
    )
    assert all(name in shown for name in seed.photos)
    every = json.loads(sh("ticker", "--json", "--limit", "0"))["items"]
    assert [item["article_id"] for item in every][-1] == "iepf" and len(every) == NEWEST + 1


def ticker_block(text: str) -> str:
    """The seed's News line exactly as printed, from its title to the 'All' link."""
    start = text.index(TICKER_LABEL)
    end = text.index(ALL_LINK, start) + len(ALL_LINK)
    return text[start:end]


def test_make_demo_prints_the_seed_news_line_exactly() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli.demo"], capture_output=True, text=True, timeout=300, check=True
    )
    assert ticker_block(done.stdout) == ticker_block(seed_text())
    seed = parse_seed(seed_text())
    assert f"{seed.headline}\n\n{seed.category} {seed.published}\n\n" in done.stdout


@pytest.mark.skipif(not SEED_PAGE.exists(), reason="shared/corpus is not beside this checkout")
def test_the_bundled_seed_page_is_the_shared_one() -> None:
    assert bundled_seed_text() == SEED_PAGE.read_text(encoding="utf-8")
