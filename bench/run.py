"""The benchmark suite: `make bench` (1k, 100k and 1M events) and `make bench-quick`.

    .venv/bin/python -m bench.run [--quick] [--sizes 1000,100000] [--runs 9]
                                  [--peer-articles 10000] [--no-pg] [--out bench/results]

Builds (or reuses) stores of each size, then measures command latency, replay
speed beside raw sqlite3, the `eventsourcing` peer on the same workload, and the
same on PostgreSQL. Writes OUT/latest.json, OUT/latest.md and OUT/latest.png.
Figures only: no threshold here fails the run; the report says which targets are met.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.latency import latencies
from bench.machine import machine
from bench.measure import PYTHON, run_measured, timed
from bench.report import targets, write_report
from bench.stores import sqlite_store, sqlite_url, working_copy
from bench.throughput import pg_passes, sqlite_passes
from tests.support.pg import pg_schema_url

FULL = {
    "sizes": [1_000, 100_000, 1_000_000],
    "runs": 15,
    "peer": 10_000,
    "pg_sizes": [1_000, 100_000],
}
QUICK = {"sizes": [1_000, 10_000], "runs": 3, "peer": 300, "pg_sizes": [10_000]}


def main(argv: list[str] | None = None) -> int:
    options = _parse(argv)
    plan: dict[str, Any] = dict(QUICK if options.quick else FULL)
    if options.sizes:
        sizes = [int(size) for size in options.sizes.split(",")]
        plan["sizes"] = sizes
        plan["pg_sizes"] = [size for size in plan["pg_sizes"] if size in sizes] or sizes[-1:]
    plan["runs"] = options.runs or plan["runs"]
    plan["peer"] = options.peer_articles if options.peer_articles is not None else plan["peer"]
    results: dict[str, Any] = {"machine": machine(), "quick": options.quick, "plan": plan}
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as scratch:
        work = Path(scratch)
        results["sqlite"] = _sqlite(plan, work)
        if plan["peer"]:
            results["peer"] = _peer(plan["peer"], work)
        if not options.no_pg:
            results["postgresql"] = _postgresql(plan, work)
    options.out.mkdir(parents=True, exist_ok=True)
    results["targets"] = targets(results)
    (options.out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    write_report(results, options.out, chart=not options.no_chart)
    print(f"Wrote {options.out / 'latest.md'}")
    return 0


def _sqlite(plan: dict[str, Any], work: Path) -> dict[str, Any]:
    sizes: dict[str, Any] = {}
    urls: dict[str, str] = {}
    for size in plan["sizes"]:
        _say(f"SQLite store of {size:,} events")
        store, built = sqlite_store(size)
        sizes[str(size)] = {"events": _count(store), "build_seconds": built}
        urls[str(size)] = sqlite_url(working_copy(store, work, f"latency-{size}.db"))
    _say("Command latency on SQLite")
    for size, figures in latencies(urls, plan["runs"]).items():
        sizes[size]["latency"] = {name: asdict(stat) for name, stat in figures.items()}
    largest = max(plan["sizes"])
    _say(f"Replays over {largest:,} events")
    store, _ = sqlite_store(largest)
    passes = sqlite_passes(store, sizes[str(largest)]["events"], work)
    return {
        "sizes": sizes,
        "replay": {"events": largest, **{k: asdict(v) for k, v in passes.items()}},
    }


def _peer(articles: int, work: Path) -> dict[str, Any]:
    figures = {}
    for name in ("newsroom", "eventsourcing"):
        _say(f"Peer workload in {name}: {articles:,} articles × 10 events")
        _wall, peak, printed = run_measured(
            [PYTHON, "-m", "bench.peer", name, str(articles), str(work)]
        )
        count, events, append, replay = printed.split()
        figures[name] = {
            "articles": int(count),
            "events": int(events),
            "append_seconds": float(append),
            "replay_seconds": float(replay),
            "peak_mb": peak,
        }
    return figures


def _postgresql(plan: dict[str, Any], work: Path) -> dict[str, Any]:
    sizes: dict[str, Any] = {}
    urls: dict[str, str] = {}
    with ExitStack() as schemas:
        for size in plan["pg_sizes"]:
            _say(f"PostgreSQL store of {size:,} events")
            store, _ = sqlite_store(size)
            export = store.with_suffix(".jsonl")
            if not export.exists():
                timed(["--store", sqlite_url(store), "export", str(export)])
            url = schemas.enter_context(pg_schema_url("newsroom_bench"))
            passes = pg_passes(export, _count(store), url)
            sizes[str(size)] = {
                "events": _count(store),
                "replay": {k: asdict(v) for k, v in passes.items()},
            }
            urls[str(size)] = url
        _say("Command latency on PostgreSQL")
        for size, figures in latencies(urls, plan["runs"]).items():
            sizes[size]["latency"] = {name: asdict(stat) for name, stat in figures.items()}
    return {"sizes": sizes}


def _count(store: Path) -> int:
    import sqlite3

    with sqlite3.connect(store) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


def _say(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small stores, few runs (< 2 min)")
    parser.add_argument("--sizes", help="comma-separated store sizes in events")
    parser.add_argument("--runs", type=int, help="runs per command (median, min, max)")
    parser.add_argument("--peer-articles", type=int, help="articles in the peer workload (0: skip)")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--no-chart", action="store_true", help="skip latest.png")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
