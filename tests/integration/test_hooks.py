"""Publishing hooks with real targets: a program, a loopback HTTP server, NATS JetStream."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, tzinfo
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.support.cli import NewsroomCli
from tests.support.fixtures import SHARED

SECRET = "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="
OTHER_SECRET = "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="
RECEIVER = """
import json, os, sys
event = json.load(sys.stdin)
with open(sys.argv[1], "a") as out:
    out.write(json.dumps(event) + "\\n")
if os.path.exists(sys.argv[1] + ".fail"):
    sys.exit(3)
"""


@pytest.fixture
def hooked(staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch) -> NewsroomCli:
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", "3")
    monkeypatch.setenv("NEWSROOM_HOOK_BACKOFF", "0.01")
    monkeypatch.setenv("NEWSROOM_HOOK_ALLOW_NETWORKS", "127.0.0.0/8")  # the receivers here
    (staffed.workdir / "receiver.py").write_text(RECEIVER)
    return staffed


def exec_hook(cli: NewsroomCli, name: str, on: str, *extra: str) -> Path:
    received = cli.workdir / f"{name}.jsonl"
    program = f"{sys.executable} {cli.workdir / 'receiver.py'} {received}"
    cli.ok(f"hooks add {name} --on {on} --exec '{program}' " + " ".join(extra), actor="umud")
    return received


def secret_file(cli: NewsroomCli, secret: str) -> Path:
    """A secret as an operator keeps it: in a file only they can read, never on argv."""
    path = cli.workdir / f"{secret[6:14].replace('/', '_')}.secret"
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return path


def add_signed(cli: NewsroomCli, web: str) -> None:
    secret = secret_file(cli, SECRET)
    cli.ok(f"hooks add site --on ArticlePublished --url {web} --secret-file {secret}", actor="umud")


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_an_exec_hook_gets_each_event_once_in_log_order_with_ninjs(hooked: NewsroomCli) -> None:
    received = exec_hook(hooked, "archive", "ArticleDrafted,ArticlePublished")
    hooked.publish_new("snow", "Snow in Baku")
    hooked.publish_new("metro", "Metro opens")
    assert "archive: 4 delivered" in hooked.ok("hooks run", actor="umud").out
    events = lines(received)
    assert [e["event_type"] for e in events] == ["ArticleDrafted", "ArticlePublished"] * 2
    positions = [e["global_position"] for e in events]
    assert positions == sorted(positions)
    assert "ninjs" not in events[0] and events[1]["ninjs"]["headlines"] == [
        {"value": "Snow in Baku"}
    ]
    assert "archive: 0 delivered" in hooked.ok("hooks run", actor="umud").out  # nothing twice


def test_a_hook_added_later_starts_at_the_end_of_the_log_unless_from_start(
    hooked: NewsroomCli,
) -> None:
    hooked.publish_new("snow", "Snow in Baku")
    later = exec_hook(hooked, "later", "ArticlePublished")
    everything = exec_hook(hooked, "everything", "ArticlePublished", "--from-start")
    hooked.publish_new("metro", "Metro opens")
    hooked.ok("hooks run", actor="umud")
    assert [e["data"]["headline"] for e in lines(later)] == ["Metro opens"]
    assert [e["data"]["headline"] for e in lines(everything)] == ["Snow in Baku", "Metro opens"]


def test_a_failing_hook_dead_letters_and_goes_on_then_retry_delivers(hooked: NewsroomCli) -> None:
    received = exec_hook(hooked, "flaky", "ArticlePublished")
    Path(f"{received}.fail").touch()
    hooked.publish_new("snow", "Snow in Baku")
    assert "flaky: 0 delivered, 1 dead-lettered" in hooked.ok("hooks run", actor="umud").out
    [letter] = hooked.ok("hooks dead-letters --json").json()["dead_letters"]
    assert (letter["attempts"], letter["event_type"]) == (3, "ArticlePublished")
    assert "exited with 3" in letter["error"]
    Path(f"{received}.fail").unlink()
    hooked.publish_new("metro", "Metro opens")
    # Delivery went on past it.
    assert "flaky: 1 delivered" in hooked.ok("hooks run", actor="umud").out
    assert "1 dead letters delivered" in hooked.ok("hooks retry flaky", actor="umud").out
    assert hooked.ok("hooks dead-letters --json").json()["dead_letters"] == []
    headlines = [
        e["data"]["headline"] for e in lines(received) if e["event_type"] == "ArticlePublished"
    ]
    assert headlines[-2:] == ["Metro opens", "Snow in Baku"]


def test_editorial_work_never_waits_for_hooks(hooked: NewsroomCli) -> None:
    hooked.ok("hooks add down --on ArticlePublished --url http://127.0.0.1:1/nowhere", actor="umud")
    hooked.publish_new("snow", "Snow in Baku")
    assert hooked.ok("show snow --json").json()["status"] == "published"


def test_hooks_are_events_and_secrets_stay_out_of_the_log(hooked: NewsroomCli) -> None:
    hooked.ok(
        f"hooks add web --on ArticlePublished --url http://127.0.0.1:1/x --secret-file {secret_file(hooked, SECRET)}",
        actor="umud",
    )
    listed = hooked.ok("hooks list --json").json()["hooks"]
    assert (listed[0]["secret"], listed[0]["secrets"]) == ("****", 1)
    log = hooked.ok("log --stream hooks --json").out
    assert "HookRegistered" in log and SECRET not in log
    assert (
        hooked.line("hooks add web2 --on ArticlePublished --url http://x", actor="kamran").code == 5
    )
    hooked.ok("hooks remove web", actor="umud")
    assert hooked.ok("hooks list --json").json()["hooks"] == []
    assert [e.event_type for e in hooked.events()[-2:]] == ["HookRegistered", "HookRemoved"]


class Receiver(BaseHTTPRequestHandler):
    """A web receiver on 127.0.0.1: every attempt it saw, and the deliveries it took."""

    failures_left: ClassVar[int] = 0
    answer: ClassVar[int] = 200
    attempts: ClassVar[list[dict[str, str]]] = []
    bodies: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.attempts.append(dict(self.headers))
        if Receiver.failures_left > 0:
            Receiver.failures_left -= 1
            self.send_response(503)
        else:
            Receiver.bodies.append((dict(self.headers), body))
            self.send_response(Receiver.answer)
            if 300 <= Receiver.answer < 400:
                self.send_header("Location", "http://127.0.0.1:1/elsewhere")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def serve(server: HTTPServer) -> Iterator[int]:
    """Serve in a thread until the test ends; yields the port."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def web() -> Iterator[str]:
    Receiver.failures_left, Receiver.answer, Receiver.attempts, Receiver.bodies = 0, 200, [], []
    for port in serve(ThreadingHTTPServer(("127.0.0.1", 0), Receiver)):
        yield f"http://127.0.0.1:{port}/newsroom"


def verified(secret: str | bytes, headers: dict[str, str], body: bytes) -> bool:
    """Whether the reference verifier accepts this delivery with this secret."""
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


def delivered(hooked: NewsroomCli, name: str, headline: str) -> tuple[dict[str, str], bytes]:
    """Publish an article, run the hooks, and give the one delivery it made."""
    before = len(Receiver.bodies)
    hooked.publish_new(headline.split()[0].lower(), headline)
    assert f"{name}: 1 delivered, 0 dead-lettered" in hooked.ok("hooks run", actor="umud").out
    [delivery] = Receiver.bodies[before:]
    return delivery


def test_a_webhook_is_signed_per_standard_webhooks_and_survives_a_target_that_was_down(
    hooked: NewsroomCli, web: str
) -> None:
    add_signed(hooked, web)
    Receiver.failures_left = 2  # down for two attempts, then back
    headers, body = delivered(hooked, "site", "Snow in Baku")
    event = Webhook(SECRET).verify(body, headers)
    assert event["ninjs"]["uri"] == "urn:newsroom:article:snow"
    assert headers["webhook-id"] == headers["X-Newsroom-Event-Id"] == event["event_id"]
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60  # the attempt, not the act
    assert {a["webhook-id"] for a in Receiver.attempts} == {event["event_id"]}  # every retry
    assert len(Receiver.attempts) == 3 and "X-Newsroom-Signature" not in headers


def test_a_delivery_replayed_with_another_id_or_too_late_is_refused(
    hooked: NewsroomCli, web: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_signed(hooked, web)
    headers, body = delivered(hooked, "site", "Snow in Baku")
    assert verified(SECRET, headers, body)
    assert not verified(SECRET, {**headers, "webhook-id": str(uuid.uuid4())}, body)
    stamp = str(int(headers["webhook-timestamp"]) + 1)
    assert not verified(SECRET, {**headers, "webhook-timestamp": stamp}, body)
    assert not verified(OTHER_SECRET, headers, body)

    class SixMinutesLater(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> SixMinutesLater:
            return cls.fromtimestamp(time.time() + 360, tz)

    monkeypatch.setattr("standardwebhooks.webhooks.datetime", SixMinutesLater)
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(SECRET).verify(body, headers)


def test_a_secret_rotates_with_no_delivery_left_unverifiable(hooked: NewsroomCli, web: str) -> None:
    added = hooked.ok(
        f"hooks add site --on ArticlePublished --url {web} --secret generate --json", actor="umud"
    )
    old = added.json()["secret"]
    assert old.startswith("whsec_") and old not in hooked.ok("hooks list --json").out
    new = hooked.ok("hooks secret site --add generate --json", actor="umud").json()["secret"]
    assert hooked.ok("hooks list --json").json()["hooks"][0]["secrets"] == 2
    headers, body = delivered(hooked, "site", "Snow in Baku")
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert verified(old, headers, body) and verified(new, headers, body)
    assert "signs with 1 secret now" in hooked.ok("hooks secret site --drop-old", actor="umud").out
    headers, body = delivered(hooked, "site", "Metro opens")
    assert verified(new, headers, body) and not verified(old, headers, body)


def test_a_secret_stored_before_standard_webhooks_signs_as_its_bytes(
    hooked: NewsroomCli, web: str
) -> None:
    add_signed(hooked, web)
    sql(hooked, "UPDATE hook_secrets SET secret = 'an old s3cret' WHERE name = 'site'")
    headers, body = delivered(hooked, "site", "Snow in Baku")
    assert verified(b"an old s3cret", headers, body)
    hooked.ok(f"hooks secret site --add-file {secret_file(hooked, OTHER_SECRET)}", actor="umud")
    headers, body = delivered(hooked, "site", "Metro opens")
    assert verified(b"an old s3cret", headers, body) and verified(OTHER_SECRET, headers, body)


def test_a_signed_hook_whose_secret_is_gone_fails_closed(hooked: NewsroomCli, web: str) -> None:
    add_signed(hooked, web)
    sql(hooked, "DELETE FROM hook_secrets WHERE name = 'site'")
    hooked.publish_new("snow", "Snow in Baku")
    assert "site: 0 delivered, 1 dead-lettered" in hooked.ok("hooks run", actor="umud").out
    [letter] = hooked.ok("hooks dead-letters --json").json()["dead_letters"]
    assert letter["error"] == "the secret of hook site is missing"
    assert Receiver.attempts == []  # never an unsigned post


def test_a_redirect_is_not_followed(hooked: NewsroomCli, web: str) -> None:
    hooked.ok(f"hooks add site --on ArticlePublished --url {web}", actor="umud")
    Receiver.answer = 302
    hooked.publish_new("snow", "Snow in Baku")
    assert "site: 0 delivered, 1 dead-lettered" in hooked.ok("hooks run", actor="umud").out
    [letter] = hooked.ok("hooks dead-letters --json").json()["dead_letters"]
    assert "HTTP 302" in letter["error"] and "redirects are not followed" in letter["error"]
    # Not tried again (a redirect is the URL's fault), and never to Location.
    assert len(Receiver.attempts) == 1


def test_loopback_is_refused_at_delivery_unless_the_operator_allows_it(
    hooked: NewsroomCli, web: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked.ok(f"hooks add site --on ArticlePublished --url {web}", actor="umud")
    monkeypatch.delenv("NEWSROOM_HOOK_ALLOW_NETWORKS")
    hooked.publish_new("snow", "Snow in Baku")
    assert "site: 0 delivered, 1 dead-lettered" in hooked.ok("hooks run", actor="umud").out
    [letter] = hooked.ok("hooks dead-letters --json").json()["dead_letters"]
    assert letter["error"].startswith("127.0.0.1, a loopback address, which hooks may not reach")
    assert Receiver.attempts == []
    monkeypatch.setenv("NEWSROOM_HOOK_ALLOW_NETWORKS", "10.0.0.0/8, 127.0.0.1")
    assert "1 dead letters delivered" in hooked.ok("hooks retry site", actor="umud").out
    assert len(Receiver.bodies) == 1


def test_a_name_that_resolves_to_loopback_is_refused_at_delivery(
    hooked: NewsroomCli, web: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSROOM_HOOK_ALLOW_NETWORKS")
    named = web.replace("127.0.0.1", "localhost")
    hooked.ok(f"hooks add site --on ArticlePublished --url {named}", actor="umud")  # a name
    hooked.publish_new("snow", "Snow in Baku")
    assert "site: 0 delivered, 1 dead-lettered" in hooked.ok("hooks run", actor="umud").out
    [letter] = hooked.ok("hooks dead-letters --json").json()["dead_letters"]
    assert letter["error"].startswith("localhost resolves to ")
    assert "a loopback address" in letter["error"] and Receiver.attempts == []


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Host names under .test (which no name server knows) that newsroom's own check
    resolves to 127.0.0.1; every name it was asked for, in order."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"] if host.endswith(".test") else []

    monkeypatch.setattr("delivery.addresses.resolve", resolve)
    return asked


def test_the_connection_goes_to_the_address_that_was_checked(
    hooked: NewsroomCli, web: str, names: list[str]
) -> None:
    port = web.split(":")[2].split("/")[0]
    hooked.ok(
        f"hooks add site --on ArticlePublished --url http://newsroom.test:{port}/in", actor="umud"
    )
    headers, _body = delivered(hooked, "site", "Snow in Baku")
    # Only newsroom's check knows newsroom.test: the delivery went to the address it gave.
    assert headers["Host"] == f"newsroom.test:{port}" and names == ["newsroom.test"]


@pytest.fixture
def tls_web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """An https receiver on 127.0.0.1 whose certificate names newsroom.test only, from a
    CA that newsroom trusts through SSL_CERT_FILE; yields its port."""
    import ssl

    import trustme

    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("newsroom.test").configure_cert(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    Receiver.failures_left, Receiver.answer, Receiver.attempts, Receiver.bodies = 0, 200, [], []
    yield from serve(server)


def test_https_checks_the_certificate_against_the_host_not_the_address(
    hooked: NewsroomCli, tls_web: int, names: list[str]
) -> None:
    for name, host in (("site", "newsroom.test"), ("impostor", "other.test")):
        url = f"https://{host}:{tls_web}/in"
        hooked.ok(f"hooks add {name} --on ArticlePublished --url {url}", actor="umud")
    hooked.publish_new("snow", "Snow in Baku")
    out = hooked.ok("hooks run", actor="umud").out
    assert "site: 1 delivered" in out and "impostor: 0 delivered, 1 dead-lettered" in out
    [letter] = hooked.ok("hooks dead-letters --json").json()["dead_letters"]
    assert letter["name"] == "impostor" and "CERTIFICATE_VERIFY_FAILED" in letter["error"]
    assert [headers["Host"] for headers, _ in Receiver.bodies] == [f"newsroom.test:{tls_web}"]


def sql(cli: NewsroomCli, statement: str) -> None:
    """Change the store behind newsroom's back, as a crash or an operator's slip would."""
    from sqlalchemy import text

    from events.sql.engine import open_engine, write_transaction

    engine = open_engine(cli.store_url)
    with write_transaction(engine) as conn:
        conn.execute(text(statement))
    engine.dispose()


def test_the_ninjs_payload_is_valid_ninjs_2_2(hooked: NewsroomCli) -> None:
    import jsonschema

    schema_file = SHARED / "standards" / "ninjs-schema_2.2.json"
    if not schema_file.exists():
        message = f"the official ninjs schema is not at {schema_file} (set NEWSROOM_SHARED)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    schema = json.loads(schema_file.read_text())
    received = exec_hook(hooked, "wire", "ArticlePublished,ArticleCorrected,ArticleRetracted")
    hooked.ok(
        "draft --id snow --headline 'Snow in Baku' --category Society --body 'Heavy snow.'",
        actor="aysel",
    )
    for n, size in enumerate([(640, 480), (300, 200)]):
        hooked.image(f"p{n}.jpg", size)
        hooked.ok(f"photo add snow p{n}.jpg --caption 'Snow {n}' --credit 'R. A.'", actor="aysel")
    hooked.ok("submit snow", actor="aysel")
    hooked.ok("approve snow", actor="kamran")
    hooked.ok("publish snow", actor="kamran")
    hooked.ok("correct snow --note 'Place names' --body 'Heavy snow in Baku.'", actor="kamran")
    hooked.ok("retract snow --reason 'Old photos'", actor="umud")
    hooked.ok("hooks run", actor="umud")
    documents = [e["ninjs"] for e in lines(received)]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for document in documents:
        validator.validate(document)
    published, corrected, retracted = documents
    assert [published["pubstatus"], retracted["pubstatus"]] == ["usable", "canceled"]
    assert corrected["bodies"][0]["value"] == "Heavy snow in Baku."
    [first, second] = published["associations"]
    assert first["renditions"][0]["width"] == 640 and second["renditions"][0]["height"] == 200
    assert first["altids"][0]["role"] == "sha256" and len(first["altids"][0]["value"]) == 64


NATS_URL = "nats://127.0.0.1:4222"


def jetstream_messages(subject: str, stream: str) -> list[tuple[bytes, str]]:
    """Every message the stream holds, with its Nats-Msg-Id, read back from the real server."""
    import asyncio

    import nats

    async def read() -> list[tuple[bytes, str]]:
        connection = await nats.connect(NATS_URL)
        js = connection.jetstream()
        info = await js.stream_info(stream)
        found = []
        for sequence in range(1, info.state.messages + 1):
            message = await js.get_msg(stream, sequence)
            found.append((message.data or b"", (message.headers or {}).get("Nats-Msg-Id", "")))
        await connection.close()
        return found

    return asyncio.run(read())


@pytest.fixture
def jetstream() -> Iterator[tuple[str, str]]:
    import asyncio
    import uuid

    import nats

    stream = f"NEWSROOM_TEST_{uuid.uuid4().hex[:8].upper()}"
    subject = f"newsroom.test.{stream.lower()}"

    async def call(create: bool) -> None:
        connection = await nats.connect(NATS_URL)
        js = connection.jetstream()
        if create:
            await js.add_stream(name=stream, subjects=[subject], duplicate_window=120.0)
        else:
            await js.delete_stream(stream)
        await connection.close()

    asyncio.run(call(True))
    yield subject, stream
    asyncio.run(call(False))


def test_a_nats_hook_publishes_to_jetstream_once_per_event(
    hooked: NewsroomCli, jetstream: tuple[str, str]
) -> None:
    subject, stream = jetstream
    hooked.ok(f"hooks add bus --on ArticlePublished --nats {subject}", actor="umud")
    hooked.publish_new("snow", "Snow in Baku")
    hooked.publish_new("metro", "Metro opens")
    assert "bus: 2 delivered" in hooked.ok("hooks run", actor="umud").out
    # A crash after sending but before the checkpoint moved: the same events go again.
    sql(hooked, "UPDATE hook_checkpoints SET position = 0 WHERE name = 'bus'")
    assert "bus: 2 delivered" in hooked.ok("hooks run", actor="umud").out
    messages = jetstream_messages(subject, stream)
    assert len(messages) == 2  # JetStream dropped the repeats by their Nats-Msg-Id
    bodies = [json.loads(body) for body, _ in messages]
    assert [b["data"]["headline"] for b in bodies] == ["Snow in Baku", "Metro opens"]
    assert [msg_id for _, msg_id in messages] == [b["event_id"] for b in bodies]
