"""`inbox` at scale: a store of ARTICLES articles (about six events each, some still in
progress and some assigned: `bench.build`), then `newsroom inbox` as an editor and as a
reporter, whole processes, and the projection query alone.

    .venv/bin/python -m bench.inbox 100000 [runs]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from sqlalchemy import create_engine, func, select

from bench.measure import NEWSROOM, run_measured
from bench.stores import STORES, sqlite_store, sqlite_url
from projections.sql import tables as t
from projections.sql.queries import Views

EVENTS_PER_ARTICLE = 6  # what `bench.build`'s scripts average


def main(articles: int, runs: int) -> None:
    built, seconds = sqlite_store(articles * EVENTS_PER_ARTICLE)
    print(f"store: {built.name}" + (f", built in {seconds:.0f} s" if seconds else ", cached"))
    path = STORES / f"inbox-{built.name}"
    shutil.copyfile(built, path)
    url = sqlite_url(path)
    env = {"NEWSROOM_STORE": url}
    views = Views(create_engine(url))
    with views.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(t.articles)).scalar()
    print(f"{count:,} articles")
    for name, role in (("kamran", "editor"), ("aysel", "reporter")):
        waiting = views.inbox(name, role, None)
        query = _median(runs, partial(views.inbox, name, role, 50))
        wall = [
            run_measured([str(NEWSROOM), "inbox", "--json", "--as", name], env)[0]
            for _ in range(runs)
        ]
        mine = _median(runs, partial(views.articles, mine=name, limit=50))
        print(
            f"inbox as {name} ({role}): {len(waiting):,} waiting; query {query * 1000:.1f} ms "
            f"(list --mine {mine * 1000:.1f} ms), "
            f"command {statistics.median(wall) * 1000:.0f} ms "
            f"({min(wall) * 1000:.0f}–{max(wall) * 1000:.0f})"
        )


def _median(runs: int, call: Callable[[], object]) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
