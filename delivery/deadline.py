"""One send under a hard deadline: connecting, sending and reading the answer all count.

The network targets (webhooks, NATS) run their sends as coroutines on an event loop of
their own, one per delivering thread (a loop is never shared between threads). The
per-phase timeouts of the libraries restart with every byte that trickles in; this
deadline does not, and a stop request cuts the send short as well.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from delivery.deliver import DeliveryFailed

T = TypeVar("T")
STOP_LOOK_SECONDS = 0.05  # how often a send in flight looks for a stop request


class SendCutShort(DeliveryFailed):
    """A stop request ended the send before its answer: it counts as not delivered."""


class DeadlineLoop:
    """An event loop for one thread's sends, each bounded by `seconds`."""

    def __init__(self, seconds: float, stopping: Callable[[], bool] = lambda: False):
        self.seconds = seconds
        self.stopping = stopping
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        # Made at the first send: a lane has a poster and a publisher, and uses one.
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop

    def run(self, send: Coroutine[Any, Any, T], what: str) -> T:
        """The send's result; `DeliveryFailed` naming `what` past the deadline."""
        return self.loop.run_until_complete(self._bounded(send, what))

    def finish(self, work: Coroutine[Any, Any, None]) -> None:
        """Tidy-up work (closing a connection), bounded too, its failures ignored."""
        with contextlib.suppress(Exception):
            self.loop.run_until_complete(asyncio.wait_for(work, self.seconds))

    async def _bounded(self, send: Coroutine[Any, Any, T], what: str) -> T:
        task = asyncio.ensure_future(send)
        watcher = asyncio.ensure_future(self._stop_requested())
        done, _ = await asyncio.wait(
            {task, watcher}, timeout=self.seconds, return_when=asyncio.FIRST_COMPLETED
        )
        watcher.cancel()
        if task in done:
            return task.result()
        task.cancel()
        with contextlib.suppress(BaseException):
            await task
        if watcher in done:
            raise SendCutShort(f"{what}: cut short by a stop request")
        raise DeliveryFailed(f"{what}: no answer within {self.seconds:g} s")

    async def _stop_requested(self) -> None:
        while not self.stopping():
            await asyncio.sleep(STOP_LOOK_SECONDS)

    def close(self) -> None:
        """Cancel what a failed send left behind (a half-made connection's readers),
        which would otherwise print a traceback as the process exits."""
        if self._loop is not None:
            self.cancel_leftovers()
            self._loop.close()

    def cancel_leftovers(self) -> None:
        if self._loop is None:
            return
        pending = [task for task in asyncio.all_tasks(self.loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
