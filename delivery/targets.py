"""The three kinds of hook target: a program, a URL, a NATS JetStream subject.

Each `send` either returns (delivered) or raises `DeliveryFailed` with one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import subprocess
import time
from collections.abc import Callable
from typing import Any

from delivery import webhooks
from delivery.deliver import DeliveryFailed
from events.envelope import RecordedEvent
from workflow.hooks import Hook

TIMEOUT_SECONDS = 10.0


def run_program(hook: Hook, body: bytes, timeout: float = TIMEOUT_SECONDS) -> None:
    """The event's JSON on the program's standard input; never through a shell."""
    argv = shlex.split(hook.target)
    try:
        done = subprocess.run(argv, input=body, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise DeliveryFailed(f"no program {argv[0]!r}") from None
    except PermissionError:
        raise DeliveryFailed(f"{argv[0]!r} is not executable") from None
    except subprocess.TimeoutExpired:
        raise DeliveryFailed(f"{argv[0]} took longer than {timeout:g} s") from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise DeliveryFailed(f"{argv[0]} exited with {done.returncode}: {said[0]}".rstrip(": "))


class WebPoster:
    """POSTs over one kept-alive HTTP client for a whole run."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS):
        import httpx

        self.client = httpx.Client(timeout=timeout)

    def post(self, hook: Hook, body: bytes, record: RecordedEvent, signing: list[bytes]) -> None:
        import httpx

        headers = {
            "Content-Type": "application/json",
            "X-Newsroom-Event-Id": record.event_id,
            **webhooks.headers(record.event_id, attempt_time(), body, signing),
        }
        try:
            answer = self.client.post(hook.target, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from None
        if not 200 <= answer.status_code < 300:
            raise DeliveryFailed(f"HTTP {answer.status_code} from {hook.target}")

    def close(self) -> None:
        self.client.close()


def attempt_time() -> int:
    """The attempt's `webhook-timestamp`: the real clock, never NEWSROOM_NOW, since the
    receiver checks it against its own clock."""
    return int(time.time())


class NatsPublisher:
    """One connection to NATS for a whole run; JetStream drops a repeated Nats-Msg-Id."""

    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS):
        self.url = url
        self.timeout = timeout
        self.loop = asyncio.new_event_loop()
        self.connection: Any = None

    def publish(self, hook: Hook, body: bytes, record: RecordedEvent) -> None:
        try:
            self.loop.run_until_complete(self._publish(hook.target, body, record.event_id))
        except Exception as exc:  # nats raises many types; each is one failed delivery
            self._drop_connection()
            raise DeliveryFailed(f"NATS {self.url}: {type(exc).__name__} {exc}".strip()) from None

    async def _publish(self, subject: str, body: bytes, event_id: str) -> None:
        import nats

        if self.connection is None or self.connection.is_closed:
            self.connection = await nats.connect(
                self.url,
                connect_timeout=self.timeout,
                max_reconnect_attempts=0,
                allow_reconnect=False,
            )
        stream = self.connection.jetstream(timeout=self.timeout)
        await stream.publish(subject, body, headers={"Nats-Msg-Id": event_id})

    def close(self) -> None:
        self._drop_connection()
        self._cancel_leftovers()
        self.loop.close()

    def _drop_connection(self) -> None:
        """Close the connection a failure left behind: its reader and pinger tasks would
        otherwise outlive the loop and print a traceback as the process exits."""
        connection, self.connection = self.connection, None
        if connection is None or connection.is_closed:
            return
        with contextlib.suppress(Exception):
            self.loop.run_until_complete(asyncio.wait_for(connection.close(), self.timeout))

    def _cancel_leftovers(self) -> None:
        pending = [task for task in asyncio.all_tasks(self.loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def sender(
    keys_of: Callable[[str], list[bytes]],
    nats: NatsPublisher,
    web: WebPoster,
    timeout: float = TIMEOUT_SECONDS,
) -> Callable[[Hook, bytes, RecordedEvent], None]:
    """One `send` for every kind of hook; `keys_of` gives a hook's signing keys."""

    def send(hook: Hook, body: bytes, record: RecordedEvent) -> None:
        if hook.target_kind == "exec":
            run_program(hook, body, timeout)
        elif hook.target_kind == "url":
            web.post(hook, body, record, signing_keys(hook, keys_of))
        else:
            nats.publish(hook, body, record)

    return send


def signing_keys(hook: Hook, keys_of: Callable[[str], list[bytes]]) -> list[bytes]:
    """A signed hook's keys; without them it fails closed, never posting unsigned."""
    if not hook.signed:
        return []
    found = keys_of(hook.name)
    if not found:
        raise DeliveryFailed(f"the secret of hook {hook.name} is missing")
    return found
