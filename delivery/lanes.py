"""Each hook delivers in a thread of its own, and the scheduler in another: a hook that
hangs or backs off holds up only itself, never another hook or an embargo.

A lane runs its work once when it starts and again each time it is woken, until it is
stopped (SIGTERM, SIGINT) or retired (its hook was removed). A failure that is not a
failed delivery (the store is gone) stops every lane and is raised in the main thread,
which says it in one line as any failure.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager

import structlog

from delivery.deliver import Summary, Tools
from delivery.stopping import StopFlag
from workflow.hooks import Hook

log = structlog.get_logger()

Work = Callable[[], Summary | None]
OpenWork = Callable[[StopFlag], AbstractContextManager[Work]]
OpenTools = Callable[[StopFlag], AbstractContextManager[Tools]]
Deliver = Callable[[Hook, Tools], Summary]


class Lane:
    """One thread, its work and its own stop flag, a child of the run's."""

    def __init__(
        self,
        name: str,
        opened: OpenWork,
        parent: StopFlag,
        *,
        once: bool = False,
        hook: Hook | None = None,
    ):
        self.name = name
        self.hook = hook
        self.opened = opened
        self.stop = parent.child()
        self.once = once
        self.woken = threading.Event()
        self.total = Summary()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Lane:
        self.thread.start()
        return self

    def wake(self) -> None:
        self.woken.set()

    def retire(self) -> None:
        self.stop.event.set()
        self.woken.set()

    def _run(self) -> None:
        try:
            with self.opened(self.stop) as work:
                while not self.stop():
                    self._add(work())
                    if self.once:
                        return
                    self.woken.wait()
                    self.woken.clear()
        except BaseException as failure:
            self.failure = failure
            self.stop.root().event.set()

    def _add(self, summary: Summary | None) -> None:
        if summary is not None:
            self.total.delivered += summary.delivered
            self.total.dead_lettered += summary.dead_lettered
            self.total.last_error = summary.last_error or self.total.last_error


class Lanes:
    """A lane per hook, kept in step with the hooks wired as the run goes on."""

    def __init__(self, open_tools: OpenTools, deliver: Deliver, stopping: StopFlag):
        self.open_tools, self.deliver, self.stopping = open_tools, deliver, stopping
        self.running: dict[str, Lane] = {}
        self.others: list[Lane] = []  # the scheduler's, and retired lanes still finishing

    def sync(self, hooks: Mapping[str, Hook], *, once: bool = False) -> None:
        """A lane for each new hook; a removed (or rewired) hook's lane is retired."""
        self.others = [lane for lane in self.others if lane.thread.is_alive() or lane.failure]
        for name, lane in list(self.running.items()):
            if hooks.get(name) != lane.hook:
                lane.retire()
                self.others.append(self.running.pop(name))
                log.info("hooks.lane.stopped", hook=name)
        for name, hook in hooks.items():
            if name not in self.running:
                opened = _hook_work(hook, self.open_tools, self.deliver)
                lane = Lane(f"hook {name}", opened, self.stopping, once=once, hook=hook)
                self.running[name] = lane.start()
                if not once:  # a pass of `hooks run` says what it delivered instead
                    log.info("hooks.lane.started", hook=name)

    def add(self, lane: Lane) -> Lane:
        """A lane for other work than a hook's (the scheduler), stopped with the rest."""
        self.others.append(lane.start())
        return lane

    def wake(self) -> None:
        for lane in self.running.values():
            lane.wake()
        for lane in self.others:
            lane.wake()

    def totals(self) -> dict[str, Summary]:
        return {name: lane.total for name, lane in self.running.items()}

    def raise_failure(self) -> None:
        for lane in (*self.running.values(), *self.others):
            if lane.failure is not None:
                raise lane.failure

    def stop(self, grace: float) -> None:
        """Stop every lane and wait up to `grace` seconds for them all (a send in flight
        is bounded by the deadline); a lane still busy then is left to the exit."""
        lanes = [*self.running.values(), *self.others]
        for lane in lanes:
            lane.retire()
        join_all(lanes, time.monotonic() + grace)

    def finish(self, stop_within: float) -> None:
        """Wait for lanes that run once, cutting them short on a stop request."""
        lanes = list(self.running.values())
        while any(lane.thread.is_alive() for lane in lanes) and not self.stopping():
            join_all(lanes, time.monotonic() + 0.1)
        if self.stopping():
            self.stop(stop_within)


def join_all(lanes: list[Lane], until: float) -> None:
    for lane in lanes:
        lane.thread.join(max(0.0, until - time.monotonic()))


def _hook_work(hook: Hook, open_tools: OpenTools, deliver: Deliver) -> OpenWork:
    @contextmanager
    def opened(stop: StopFlag) -> Iterator[Work]:
        with open_tools(stop) as tools:
            yield lambda: _logged(hook, deliver, tools)

    return opened


def _logged(hook: Hook, deliver: Deliver, tools: Tools) -> Summary:
    started = time.perf_counter()
    summary = deliver(hook, tools)
    if summary.delivered or summary.dead_lettered:
        log.info(
            "hooks.delivered",
            hook=hook.name,
            delivered=summary.delivered,
            dead_lettered=summary.dead_lettered,
            last_error=summary.last_error or None,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
    return summary


def repeating(work: Callable[[], None]) -> OpenWork:
    """A lane's work that needs nothing opened for it (the scheduler's pass)."""

    @contextmanager
    def opened(_stop: StopFlag) -> Iterator[Work]:
        yield work

    return opened
