"""One run of a hook program: its own process group, a deadline, and bounded output.

The event goes in on standard input while standard output and standard error are read,
all in one loop, so a program that writes before it reads (or never reads) cannot
stall the worker. Standard output is drained and dropped; only the last `cap` bytes of
standard error are kept. At the deadline the whole group is killed; once the program
exits, whatever it left running in its group is killed too.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass

CHUNK = 65536
STDERR_CAP = 64 * 1024
TICK = 0.05  # how often to look for the program's exit where no pidfd tells us


@dataclass(frozen=True, slots=True)
class RunAs:
    """The OS user hook programs run as; its groups are its primary group alone."""

    name: str
    uid: int
    gid: int


@dataclass(frozen=True, slots=True)
class Finished:
    returncode: int | None  # None: still running at the deadline, and killed
    stderr: bytes  # its last STDERR_CAP bytes


@dataclass(frozen=True, slots=True)
class Launch:
    argv: list[str]  # argv[0] as the hook names it
    executable: str  # the real path that was checked, and is run
    env: Mapping[str, str]
    run_as: RunAs | None = None


def run(launch: Launch, body: bytes, timeout: float, cap: int = STDERR_CAP) -> Finished:
    """Raises OSError when the program cannot start at all."""
    who = launch.run_as
    process = subprocess.Popen(
        launch.argv,
        executable=launch.executable,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
        env=dict(launch.env),
        cwd="/",
        start_new_session=True,
        user=None if who is None else who.uid,
        group=None if who is None else who.gid,
        extra_groups=None if who is None else [],
    )
    try:
        return _pump(process, body, time.monotonic() + timeout, cap)
    finally:
        if process.returncode is None:  # never a reaped pid: another process may have it now
            _kill_group(process.pid)
            process.wait()
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


def _pump(process: subprocess.Popen[bytes], body: bytes, deadline: float, cap: int) -> Finished:
    streams = _Streams(process, body, cap)
    watch = _exit_watch(process.pid)
    if watch is not None:
        streams.selector.register(watch, selectors.EVENT_READ, "exit")
    exited = False
    try:
        while not (exited and not streams.open()) and (left := deadline - time.monotonic()) > 0:
            before = exited
            for key, _ in streams.selector.select(left if watch is not None else min(left, TICK)):
                if key.data == "exit":
                    streams.selector.unregister(key.fd)
                    exited = True
                else:
                    streams.move(key)
            exited = exited or (watch is None and _has_exited(process.pid))
            if exited and not before:
                _kill_group(process.pid)  # what it left running dies too: their pipes end
                deadline = min(deadline, time.monotonic() + 1.0)
    finally:
        streams.selector.close()
        if watch is not None:
            os.close(watch)
    if not exited and _has_exited(process.pid):  # at the very deadline
        _kill_group(process.pid)
        exited = True
    return Finished(process.wait() if exited else None, bytes(streams.stderr))


class _Streams:
    """The program's three pipes in one selector: stdin written, stdout and stderr read."""

    def __init__(self, process: subprocess.Popen[bytes], body: bytes, cap: int):
        assert process.stdin and process.stdout and process.stderr
        self.selector = selectors.DefaultSelector()
        self.body = memoryview(body)
        self.cap = cap
        self.stderr = bytearray()
        self.stdin = process.stdin.fileno()
        self.errors = process.stderr.fileno()
        os.set_blocking(self.stdin, False)
        self.selector.register(process.stdout.fileno(), selectors.EVENT_READ, "out")
        self.selector.register(self.errors, selectors.EVENT_READ, "err")
        if body:
            self.selector.register(self.stdin, selectors.EVENT_WRITE, "in")
        else:
            process.stdin.close()
        self.process = process

    def open(self) -> bool:
        return any(key.data != "exit" for key in self.selector.get_map().values())

    def move(self, key: selectors.SelectorKey) -> None:
        if key.data == "in":
            self._write()
            return
        chunk = os.read(key.fd, CHUNK)
        if not chunk:
            self.selector.unregister(key.fd)
        elif key.fd == self.errors:
            self.stderr += chunk
            del self.stderr[: max(0, len(self.stderr) - self.cap)]

    def _write(self) -> None:
        try:
            sent = os.write(self.stdin, self.body[:CHUNK])
        except BlockingIOError:
            return
        except BrokenPipeError:
            sent = len(self.body)  # it stopped reading: what it read is what it gets
        self.body = self.body[sent:]
        if not self.body:
            self.selector.unregister(self.stdin)
            assert self.process.stdin is not None
            self.process.stdin.close()


def _exit_watch(pid: int) -> int | None:
    """A descriptor that turns readable when the program exits; None where there is none."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _has_exited(pid: int) -> bool:
    """Whether it exited, without reaping it: while it is unreaped its pid, and so its
    group's id, cannot be given to another process, so killing the group stays safe."""
    try:
        found = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return True
    return found is not None


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
