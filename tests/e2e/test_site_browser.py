"""The built site in a real browser: Debian's headless Chromium, driven by Selenium.

The seed page's day (the demo's script) is replayed into a fresh store, the site is
built and served on loopback; Chromium opens the index, follows the News line to the
article, sees its six photos load, and every link on the pages it visits answers 200.
Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import threading
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from cli.app import run
from cli.demo.day import replay_day
from cli.demo.seed import bundled_seed_text, parse_seed
from projections.ticker import ALL_LINK

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
)


@pytest.fixture
def chromium_present() -> None:
    """CI must run this test; elsewhere a missing browser skips it, saying how to get one."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if not missing:
        return
    message = f"{' and '.join(missing)} missing: apt-get install chromium chromium-driver"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def seed_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The site of the seed page's day: 41 articles, the oldest with six photos."""
    monkeypatch.setenv("NEWSROOM_STORE", f"sqlite:///{tmp_path / 'newsroom.db'}")
    monkeypatch.setenv("NEWSROOM_TZ", "Asia/Baku")
    monkeypatch.setenv("NEWSROOM_NOW", "")  # the demo pins and unpins it; put back afterwards
    for name in ("NEWSROOM_MEDIA", "NEWSROOM_ACTOR", "NEWSROOM_LOG", "NEWSROOM_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    replay_day(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        assert run(["site", "build", str(tmp_path / "site")]) == 0
    return tmp_path / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1, on a port the system picks; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)  # with both paths given, Selenium Manager never runs
    for flag in (*FLAGS, "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def follow(driver: Any, link_text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.LINK_TEXT, link_text).click()


def assert_no_broken_links(driver: Any) -> int:
    """Every link, stylesheet and image of the page answers 200; returns how many."""
    urls = driver.execute_script(
        "return [...document.querySelectorAll('a[href], link[href]')].map(e => e.href)"
        ".concat([...document.images].map(i => i.src))"
    )
    for url in sorted(set(urls)):
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200, f"{url} on {driver.current_url}: {response.status}"
    return len(set(urls))


def all_photos_loaded(driver: Any) -> list[int]:
    widths: list[int] = driver.execute_script(
        "return [...document.images].map(i => i.complete ? i.naturalWidth : 0)"
    )
    return widths


def screenshot(driver: Any, name: str, width: int = 1280) -> Path:
    """The whole page, not only the window: the window grows to the page's height first."""
    driver.set_window_size(width, 1000)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 120, 16000))
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


def test_a_reader_follows_the_news_line_to_the_article_and_its_six_photos(
    chromium_present: None, seed_site: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    seed = parse_seed(bundled_seed_text())
    with serving(seed_site) as base, chromium() as driver:
        driver.get(base + "index.html")
        assert driver.title.startswith("News line")
        assert assert_no_broken_links(driver) > 40
        screenshot(driver, "site-index.png")

        follow(driver, ALL_LINK)
        follow(driver, "Older")  # the seed's article is the 41st headline: the archive's page 2
        follow(driver, seed.headline)
        assert driver.find_element("css selector", "article h1").text == seed.headline
        WebDriverWait(driver, 20).until(lambda d: all(all_photos_loaded(d)))
        assert all_photos_loaded(driver) == [1200] * 6
        assert assert_no_broken_links(driver) > 40
        screenshot(driver, "site-article.png")

        driver.set_window_size(390, 844)  # a phone: nothing wider than the screen
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"the article is {overflow}px wider than a phone's screen"
        screenshot(driver, "site-article-phone.png", width=390)
