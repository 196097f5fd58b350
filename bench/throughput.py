"""Replay speed over a whole log: import, rebuild and verify as `newsroom` processes,
beside raw sqlite3 doing the least the same job needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.measure import PYTHON, run_measured, timed
from bench.stores import remove_sqlite, sqlite_url, working_copy
from tests.support.keys import acting_as


@dataclass(frozen=True, slots=True)
class Pass:
    events: int
    seconds: float
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds


def sqlite_passes(store: Path, events: int, work: Path) -> dict[str, Pass]:
    """Export, import, rebuild, verify, and the two raw baselines, on SQLite."""
    passes: dict[str, Pass] = {}
    export = store.with_suffix(".jsonl")
    if not export.exists():
        partial = export.with_suffix(".partial")
        passes["export"] = Pass(
            events, *timed(["--store", sqlite_url(store), "export", str(partial)])
        )
        partial.rename(export)
    imported = work / "imported.db"
    remove_sqlite(imported)
    passes["import"] = Pass(
        events, *timed(["--store", sqlite_url(imported), "import", str(export)])
    )
    remove_sqlite(imported)
    copy = working_copy(store, work, "replay.db")
    url = sqlite_url(copy)
    passes["rebuild"] = Pass(events, *timed(["--store", url, "rebuild", *acting_as("umud")]))
    passes["verify"] = Pass(events, *timed(["--store", url, "verify"]))
    remove_sqlite(copy)
    passes["raw executemany"] = _raw(["executemany", str(store), str(work / "raw.db")], events)
    remove_sqlite(work / "raw.db")
    passes["raw scan+decode"] = _raw(["scan", str(store)], events)
    return passes


def pg_passes(export: Path, events: int, fresh_url: str) -> dict[str, Pass]:
    """Import into an empty schema, then rebuild and verify there."""
    return {
        "import": Pass(events, *timed(["--store", fresh_url, "import", str(export)])),
        "rebuild": Pass(events, *timed(["--store", fresh_url, "rebuild", *acting_as("umud")])),
        "verify": Pass(events, *timed(["--store", fresh_url, "verify"])),
    }


def _raw(args: list[str], events: int) -> Pass:
    """A baseline process: its own count and measured seconds, its peak RSS."""
    _wall, peak, printed = run_measured([PYTHON, "-m", "bench.raw", *args])
    count_text, seconds_text = printed.split()
    count, seconds = int(count_text), float(seconds_text)
    if count != events:
        raise RuntimeError(f"bench.raw {args[0]} saw {count} rows, not {events}")
    return Pass(count, seconds, peak)
