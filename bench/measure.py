"""Run one `newsroom` command as a whole process: wall seconds and peak RSS (MB)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

NEWSROOM = Path(sys.executable).parent / "newsroom"


def timed(
    args: list[str], env: dict[str, str] | None = None, stdout: int | None = subprocess.DEVNULL
) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of `newsroom ARGS` in a fresh process."""
    script = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "w = time.perf_counter() - t;"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
        "print(done.returncode, w, r)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(NEWSROOM), *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    code, wall, rss = out.stdout.split()
    if code != "0":
        raise RuntimeError(f"newsroom {' '.join(args)} exited {code}")
    return float(wall), float(rss)


if __name__ == "__main__":
    print(timed(sys.argv[1:]), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
