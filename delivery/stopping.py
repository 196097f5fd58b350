"""Stop requests: the run's (SIGTERM, SIGINT), and each lane's, which also hears the run's."""

from __future__ import annotations

import threading
import time

CHILD_LOOK_SECONDS = 0.1  # how often a lane's pause looks for the run's stop request


class StopFlag:
    """Set by SIGTERM or SIGINT (or, for a lane, when its hook is removed): finish or cut
    short the send in flight, then stop."""

    def __init__(self, parent: StopFlag | None = None) -> None:
        self.event = threading.Event()
        self.parent = parent

    def __call__(self) -> bool:
        return self.event.is_set() or (self.parent is not None and self.parent())

    def sleep(self, seconds: float) -> None:
        """A back-off pause that a stop request cuts short."""
        # A lane waits on its own event only: the signal handler sets the run's, and
        # setting a lane's from there could wait on a lock the interrupted code holds.
        step = seconds if self.parent is None else CHILD_LOOK_SECONDS
        until = time.monotonic() + seconds
        while not self() and (left := until - time.monotonic()) > 0:
            self.event.wait(min(left, step))

    def child(self) -> StopFlag:
        return StopFlag(self)

    def root(self) -> StopFlag:
        return self if self.parent is None else self.parent.root()
