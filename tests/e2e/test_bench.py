"""`make bench-quick`'s correctness side at a tiny size: every store built, every count right.

No timing is asserted: speed is judged by `make bench` on a quiet machine, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.stores import REPO

pytestmark = [pytest.mark.slow, pytest.mark.pg]

SIZES = (200, 400)
PEER_ARTICLES = 5


def test_the_quick_benchmark_builds_and_counts_everything(tmp_path: Path) -> None:
    out = tmp_path / "results"
    env = {**os.environ, "NEWSROOM_BENCH_STORES": str(tmp_path / "stores")}
    argv = [sys.executable, "-m", "bench.run", "--quick", "--sizes", ",".join(map(str, SIZES))]
    argv += ["--runs", "1", "--peer-articles", str(PEER_ARTICLES), "--out", str(out)]
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((out / "latest.json").read_text())

    sqlite = results["sqlite"]
    assert {size: figures["events"] for size, figures in sqlite["sizes"].items()} == {
        str(size): size for size in SIZES
    }
    for figures in sqlite["sizes"].values():
        assert set(figures["latency"]) == {
            "floor",
            "typer floor",
            "--help",
            "completion",
            "show",
            "ticker",
            "approve",
        }
    replay = sqlite["replay"]
    for name in ("import", "rebuild", "verify", "raw executemany", "raw scan+decode"):
        assert replay[name]["events"] == max(SIZES), name
    postgresql = results["postgresql"]["sizes"][str(max(SIZES))]
    assert postgresql["events"] == max(SIZES)
    assert {name: p["events"] for name, p in postgresql["replay"].items()} == {
        "import": max(SIZES),
        "rebuild": max(SIZES),
        "verify": max(SIZES),
    }
    for library in ("newsroom", "eventsourcing"):
        assert results["peer"][library]["events"] == PEER_ARTICLES * 10, library

    report = (out / "latest.md").read_text()
    assert len(results["targets"]) == 18
    for target in results["targets"]:
        assert target["target"] in report
    assert (out / "latest.png").stat().st_size > 10_000
