"""Many writers at once, on SQLite and PostgreSQL: commands per second, failures, `show` time.

    .venv/bin/python -m bench.concurrency [--writers 8] [--per-writer 25]

Writes bench/results/concurrency.md. Figures, not assertions: the tests prove
correctness under the same load (tests/test_concurrency.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import AbstractContextManager
from pathlib import Path

from PIL import Image

from events import sshsig
from tests.support.keys import acting_as, key_file, key_of
from tests.support.pg import pg_base_url, pg_schema_url

REPO = Path(__file__).resolve().parents[1]
NEWSROOM = Path(sys.executable).parent / "newsroom"
PG_URL = pg_base_url()


def pg_store() -> AbstractContextManager[str]:
    return pg_schema_url("newsroom_bench", PG_URL)


def newsroom(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(NEWSROOM), *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def prepare(env: dict[str, str], writers: int) -> None:
    newsroom(env, "init", "--chief", "umud", *acting_as("umud"))
    aysel = sshsig.public_line(key_of("aysel").public_key())
    newsroom(
        env,
        "staff",
        "add",
        "aysel",
        "--role",
        "reporter",
        "--public-key",
        aysel,
        *acting_as("umud"),
    )
    newsroom(
        env,
        "draft",
        "--id",
        "gallery",
        "--headline",
        "Gallery",
        "--category",
        "Culture",
        *acting_as("aysel"),
    )


def run_writers(env: dict[str, str], jobs: list[list[str]]) -> tuple[float, int]:
    """Start every writer at once; wall seconds and commands failed."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.writers", *job],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    logs = [p.communicate()[1] for p in processes]
    wall = time.perf_counter() - started
    records = [
        json.loads(line) for log in logs for line in log.splitlines() if line.startswith("{")
    ]
    failed = sum(r["exit_code"] != 0 for r in records)
    return wall, failed


def measure(store_url: str, workdir: Path, writers: int, per_writer: int) -> dict[str, object]:
    env = {
        **os.environ,
        "NEWSROOM_STORE": store_url,
        "NEWSROOM_MEDIA": str(workdir / "media"),
        "NEWSROOM_ACTOR": "aysel",
        "NEWSROOM_KEY": str(key_file("aysel")),
        "NEWSROOM_LOG": "json",
        "PYTHONPATH": str(REPO),
    }
    prepare(env, writers)
    files = []
    for n in range(writers * per_writer):
        path = workdir / f"p{n:04d}.png"
        Image.new("RGB", (8, 8), (n % 256, (n // 256) % 256, 99)).save(path)
        files.append(str(path))
    same_wall, same_failed = run_writers(
        env,
        [
            ["photos", "gallery", *files[w * per_writer : (w + 1) * per_writer]]
            for w in range(writers)
        ],
    )
    many_wall, many_failed = run_writers(
        env, [["drafts", f"w{w}", str(per_writer)] for w in range(writers)]
    )
    quiet = {k: v for k, v in env.items() if k != "NEWSROOM_LOG"}
    shows = sorted(newsroom(quiet, "show", "gallery") for _ in range(9))
    commands = writers * per_writer
    return {
        "one article: commands/s": round(commands / same_wall, 1),
        "one article: failed": same_failed,
        "many articles: commands/s": round(commands / many_wall, 1),
        "many articles: failed": many_failed,
        "show wall ms (median of 9)": round(statistics.median(shows) * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--per-writer", type=int, default=25)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "s").mkdir()
        results["SQLite"] = measure(
            f"sqlite:///{tmp}/s/newsroom.db", Path(tmp) / "s", args.writers, args.per_writer
        )
    with tempfile.TemporaryDirectory() as tmp, pg_store() as url:
        results["PostgreSQL"] = measure(url, Path(tmp), args.writers, args.per_writer)
    rows = list(next(iter(results.values())))
    lines = [
        f"# Concurrent writers: {args.writers} processes × {args.per_writer} commands each",
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "| figure | " + " | ".join(results) + " |",
        "|---|" + "---|" * len(results),
        *(f"| {row} | " + " | ".join(str(r[row]) for r in results.values()) + " |" for row in rows),
    ]
    out = REPO / "bench" / "results" / "concurrency.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
