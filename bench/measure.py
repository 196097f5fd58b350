"""Run one process and measure it: wall seconds and peak RSS (MB), seen from a parent
that does nothing else, so neither figure includes the harness."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NEWSROOM = Path(sys.executable).parent / "newsroom"
PYTHON = sys.executable

_PARENT = (
    "import resource, subprocess, sys, time;"
    "t = time.perf_counter();"
    "done = subprocess.run(sys.argv[1:], capture_output=True);"
    "w = time.perf_counter() - t;"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
    "sys.stderr.buffer.write(done.stderr);"
    "sys.stdout.buffer.write(done.stdout[-2000:]);"
    "print();"
    "print(done.returncode, w, r)"
)


def run_timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of ARGV in a fresh process; raises if it fails."""
    wall, rss, _output = run_measured(argv, env)
    return wall, rss


def run_measured(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """`run_timed`, and the end of what the process printed."""
    out = subprocess.run(
        [PYTHON, "-c", _PARENT, *argv],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        errors="replace",  # the tail kept of the output may start inside a character
        check=True,
    )
    *printed, figures = out.stdout.rstrip("\n").split("\n")
    code, wall, rss = figures.split()
    if code != "0":
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {out.stderr.strip()[-500:]}")
    return float(wall), float(rss), "\n".join(printed).strip()


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of `newsroom ARGS` in a fresh process."""
    return run_timed([str(NEWSROOM), *args], env)


if __name__ == "__main__":
    print(timed(sys.argv[1:]))
