"""Benchmark stores: built once per size and recipe, then copied for each run that writes."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from functools import cache
from pathlib import Path

from bench.build import build

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# Tests point this elsewhere, so they never reuse (or leave) a benchmark's stores.
STORES = Path(os.environ.get("NEWSROOM_BENCH_STORES", BENCH / "stores"))
# A store is rebuilt when any of these change: what it holds or how it is laid out.
RECIPE_FILES = (
    "bench/build.py",
    "events/models.py",
    "events/sql/tables.py",
    "projections/sql/tables.py",
)


@cache
def recipe() -> str:
    """Computed once per run, so stores built early and late in a run match."""
    digest = hashlib.sha256()
    for name in RECIPE_FILES:
        digest.update((REPO / name).read_bytes())
    return digest.hexdigest()[:10]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_store(size: int) -> tuple[Path, float | None]:
    """The cached store of `size` events, and its build time in seconds if built now."""
    STORES.mkdir(exist_ok=True)
    path = STORES / f"{size}-{recipe()}.db"
    if path.exists():
        return path, None
    partial = path.with_suffix(".building")
    remove_sqlite(partial)
    started = time.perf_counter()
    build(sqlite_url(partial), size)
    checkpoint(partial)
    elapsed = time.perf_counter() - started
    partial.rename(path)
    return path, elapsed


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so one file copy is the whole store."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def working_copy(path: Path, directory: Path, name: str) -> Path:
    copy = directory / name
    remove_sqlite(copy)
    shutil.copyfile(path, copy)
    return copy


def remove_sqlite(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
