"""The real worker process signs webhooks with a secret sealed in the store, unsealing it
with the key NEWSROOM_SECRET_KEY_FILE names, and posts nothing under another key."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e.test_worker import background, wait_until
from tests.steps.hooks import verifies
from tests.support.cli import NewsroomCli

pytestmark = pytest.mark.slow
SECRET = "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    got: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            got.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/in", got
    server.shutdown()
    server.server_close()


def _signed_hook(cli: NewsroomCli, url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    key = cli.workdir / "keys" / "hooks.key"
    cli.ok(f"hooks secret-key --file {key}")
    monkeypatch.setenv("NEWSROOM_SECRET_KEY_FILE", str(key))
    monkeypatch.setenv("NEWSROOM_HOOK_ALLOW_NETWORKS", "127.0.0.0/8")
    (cli.workdir / "site.secret").write_text(SECRET, encoding="utf-8")
    cli.ok(f"hooks add site --on ArticlePublished --url {url} --secret-file site.secret", "umud")
    return key


def test_the_worker_signs_with_the_sealed_secret(
    staffed: NewsroomCli, receiver: tuple[str, list[tuple[dict[str, str], bytes]]], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    url, got = receiver
    _signed_hook(staffed, url, monkeypatch)
    staffed.publish_new("snow", "Snow in Baku")
    worker = background("worker", "--poll", "0.2")
    try:
        wait_until(lambda: len(got) == 1, timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=10) == 0
    [(headers, body)] = got
    assert verifies(SECRET, {k.lower(): v for k, v in headers.items()}, body)


def test_under_another_key_the_worker_posts_nothing_and_parks_it(
    staffed: NewsroomCli, receiver: tuple[str, list[tuple[dict[str, str], bytes]]], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    url, got = receiver
    _signed_hook(staffed, url, monkeypatch)
    other = staffed.workdir / "other.key"
    staffed.ok(f"hooks secret-key --file {other}")
    monkeypatch.setenv("NEWSROOM_SECRET_KEY_FILE", str(other))
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", "1")
    staffed.publish_new("snow", "Snow in Baku")
    worker = background("worker", "--poll", "0.2")
    try:
        wait_until(lambda: staffed.ok("hooks dead-letters --json").json()["dead_letters"])
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=10) == 0
    [letter] = staffed.ok("hooks dead-letters --json").json()["dead_letters"]
    assert (
        "Cannot unseal the secret of hook site: wrong NEWSROOM_SECRET_KEY_FILE" in letter["error"]
    )
    assert got == []
