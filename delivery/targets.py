"""The three kinds of hook target: a program, a URL, a NATS JetStream subject.

Each `send` either returns (delivered: the HTTP status, 0 from a program, None from NATS)
or raises `DeliveryFailed` with one line and, where the receiver gave one, its code.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import ssl
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from delivery import addresses, webhooks
from delivery.addresses import Address, Network, Resolver
from delivery.deadline import DeadlineLoop
from delivery.deliver import DeliveryFailed
from delivery.programs import ProgramRules, run_program
from events.envelope import RecordedEvent
from events.errors import NewsroomError
from events.sql.engine import display_url
from workflow.hooks import Hook

TIMEOUT_SECONDS = 10.0
ANSWER_CAP = 64 * 1024  # bytes of a webhook's answer read at most: its status is what counts


class WebPoster:
    """POSTs for a whole run, each to an address checked just before (`delivery.addresses`).

    The URL's host is resolved before every delivery and the connection made to the
    checked address itself, the request still naming the host (`Host`, and for https the
    TLS server name the certificate is checked against). One kept-alive client per host,
    so a connection made for one host never carries another host's request.

    Resolving, connecting, sending and reading the answer share one deadline, and of the
    answer's body no more than `ANSWER_CAP` bytes are read: nothing in it is used.
    """

    def __init__(
        self,
        timeout: float = TIMEOUT_SECONDS,
        allowed: Sequence[Network] = (),
        resolve: Resolver | None = None,
        stopping: Callable[[], bool] = lambda: False,
    ):
        self.timeout = timeout
        self.allowed = tuple(allowed)
        self.resolve = resolve or addresses.resolve
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.tls: ssl.SSLContext | None = None
        self.sends = DeadlineLoop(timeout, stopping)

    def post(self, hook: Hook, body: bytes, record: RecordedEvent, signing: list[bytes]) -> int:
        url = _url(hook.target)
        sent = {
            "Content-Type": "application/json",
            "X-Newsroom-Event-Id": record.event_id,
            **webhooks.headers(record.event_id, attempt_time(), body, signing),
            "Host": url.netloc.decode("ascii"),
        }
        shown = display_url(hook.target)
        status, retry_after = self.sends.run(self._send(url, body, sent), shown)
        if 300 <= status < 400:
            raise DeliveryFailed(
                f"HTTP {status} from {shown} (redirects are not followed; fix the URL)",
                code=status,
                permanent=True,
            )
        if not 200 <= status < 300:
            raise refused_by_receiver(status, shown, retry_after)
        return status

    async def _send(
        self, url: httpx.URL, body: bytes, headers: dict[str, str]
    ) -> tuple[int, str | None]:
        """POST to the first checked address that takes the connection; its status and
        its `Retry-After`."""
        pinned = await self._checked(url)
        client = self._client(url)
        failure: Exception | None = None
        for address in pinned:
            try:
                return await _post(client, _pinned(url, str(address)), body, headers, url)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                failure = exc  # nothing was sent to this address: try the next one
            except httpx.HTTPError as exc:
                raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from None
        raise DeliveryFailed(f"{type(failure).__name__}: {failure}")

    async def _checked(self, url: httpx.URL) -> list[Address]:
        """The host's addresses the hook may reach; a resolver that hangs counts against
        the deadline too."""
        host = url.raw_host.decode("ascii")
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(None, self.resolve, host, _port(url))
        return addresses.checked(host, found, self.allowed)

    def _client(self, url: httpx.URL) -> httpx.AsyncClient:
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        if origin not in self.clients:
            if self.tls is None:
                self.tls = httpx.create_ssl_context()  # honours SSL_CERT_FILE
            # No proxy from the environment: it would resolve the host itself, unchecked.
            self.clients[origin] = httpx.AsyncClient(
                timeout=self.timeout, verify=self.tls, trust_env=False, follow_redirects=False
            )
        return self.clients[origin]

    def close(self) -> None:
        for client in self.clients.values():
            self.sends.finish(client.aclose())
        self.sends.close()


async def _post(
    client: httpx.AsyncClient, to: httpx.URL, body: bytes, headers: dict[str, str], url: httpx.URL
) -> tuple[int, str | None]:
    """One POST; of the answer's body at most `ANSWER_CAP` bytes are read, and a longer
    one is left unread (its connection is closed, not kept)."""
    request = client.build_request(
        "POST", to, content=body, headers=headers, extensions=_server_name(url)
    )
    answer = await client.send(request, stream=True)
    try:
        read = 0
        async for chunk in answer.aiter_raw():
            read += len(chunk)
            if read >= ANSWER_CAP:
                break
        return answer.status_code, answer.headers.get("retry-after")
    finally:
        await answer.aclose()


# Answers that say "not now" rather than "never": tried again, as a timeout would be.
TRY_AGAIN = frozenset({408, 425, 429})


def refused_by_receiver(status: int, shown: str, retry_after: str | None) -> DeliveryFailed:
    """A non-2xx answer. A client error other than "not now" is the receiver refusing this
    event (a 410 says the endpoint is gone): trying again cannot help, so it is a dead
    letter at once. A server error or "not now" is tried again, after `Retry-After`."""
    permanent = 400 <= status < 500 and status not in TRY_AGAIN
    said = f"HTTP {status} from {shown}" + (
        " (not retried: the receiver refused it)" if permanent else ""
    )
    return DeliveryFailed(
        said, code=status, permanent=permanent, retry_after=seconds_after(retry_after)
    )


def seconds_after(header: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now: delta-seconds or an HTTP date (RFC 9110)."""
    if header is None:
        return None
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def attempt_time() -> int:
    """The attempt's `webhook-timestamp`: the real clock, never NEWSROOM_NOW, since the
    receiver checks it against its own clock."""
    return int(time.time())


@functools.lru_cache(maxsize=256)
def _url(target: str) -> httpx.URL:
    """A hook's URL, parsed once for a whole run."""
    try:
        return httpx.URL(target)
    except httpx.InvalidURL as exc:
        raise DeliveryFailed(f"{display_url(target)!r} is not a URL: {exc}") from None


@functools.lru_cache(maxsize=256)
def _pinned(url: httpx.URL, address: str) -> httpx.URL:
    """The URL with the checked address in place of its host."""
    return url.copy_with(host=address)


def _server_name(url: httpx.URL) -> dict[str, Any]:
    """For https, the TLS server name: the host, which the certificate is checked against."""
    return {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


class NatsPublisher:
    """One connection to NATS for a whole run; JetStream drops a repeated Nats-Msg-Id.

    Connecting and publishing share one deadline: a server that takes the connection and
    never answers fails the attempt in `timeout` seconds, as one that refuses it does.
    """

    def __init__(
        self,
        url: str,
        timeout: float = TIMEOUT_SECONDS,
        stopping: Callable[[], bool] = lambda: False,
    ):
        self.url = url
        self.timeout = timeout
        self.sends = DeadlineLoop(timeout, stopping)
        self.connection: Any = None

    def publish(self, hook: Hook, body: bytes, record: RecordedEvent) -> None:
        # A dead letter is shown to anyone who lists them: never the bus's password.
        shown = display_url(self.url)
        try:
            self.sends.run(self._publish(hook.target, body, record.event_id), f"NATS {shown}")
        except DeliveryFailed:
            self._drop_connection()
            raise
        except Exception as exc:  # nats raises many types; each is one failed delivery
            self._drop_connection()
            said = str(exc).replace(self.url, shown)
            raise DeliveryFailed(f"NATS {shown}: {type(exc).__name__} {said}".strip()) from None

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
        self.sends.close()

    def _drop_connection(self) -> None:
        """Close the connection a failure left behind, and whatever a connection cut off
        half-made left running: its reader and pinger tasks would otherwise outlive the
        loop and print a traceback as the process exits."""
        connection, self.connection = self.connection, None
        if connection is not None and not connection.is_closed:
            self.sends.finish(connection.close())
        self.sends.cancel_leftovers()


def sender(
    keys_of: Callable[[str], list[bytes]],
    nats: NatsPublisher,
    web: WebPoster,
    timeout: float = TIMEOUT_SECONDS,
    programs: ProgramRules | None = None,
) -> Callable[[Hook, bytes, RecordedEvent], int | None]:
    """One `send` for every kind of hook; `keys_of` gives a hook's signing keys. Without
    `programs` (the operator's rules) no exec hook runs."""
    rules = programs or ProgramRules()

    def send(hook: Hook, body: bytes, record: RecordedEvent) -> int | None:
        if hook.target_kind == "exec":
            run_program(hook, body, record, rules, timeout)
            return 0
        if hook.target_kind == "url":
            return web.post(hook, body, record, signing_keys(hook, keys_of))
        nats.publish(hook, body, record)
        return None

    return send


def signing_keys(hook: Hook, keys_of: Callable[[str], list[bytes]]) -> list[bytes]:
    """A signed hook's keys; without them it fails closed, never posting unsigned."""
    if not hook.signed:
        return []
    try:
        found = keys_of(hook.name)
    except NewsroomError as refusal:  # its sealing key missing or wrong: a dead letter
        raise DeliveryFailed(str(refusal), permanent=True) from None
    if not found:
        raise DeliveryFailed(f"the secret of hook {hook.name} is missing", permanent=True)
    return found
