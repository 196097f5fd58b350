"""Search latency at N articles on SQLite and PostgreSQL, as `newsroom search` processes.

    .venv/bin/python -m bench.search [--articles 100000] [--runs 5] [--no-pg]

The store holds one drafted article per event (texts of 40 to 120 words drawn from a
skewed vocabulary in three languages), built by the benchmark's fast builder and its
projections rebuilt, so the build time includes filling the search index. Each query
runs as a whole process, interleaved with the others; the in-process time of the
query alone is shown beside it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from bench.build import STAFF, START, build, staff_events
from bench.measure import NEWSROOM, run_timed
from events import models as ev
from workflow import commands as cmd
from workflow.article import decide
from workflow.decider import When
from workflow.roles import Actor

SYLLABLES = {
    "en": ["ba", "ku", "ren", "ta", "lo", "mi", "ster", "on", "ex", "port", "gas", "sum"],
    "ru": ["ба", "ку", "ре", "на", "ло", "ми", "стр", "он", "экс", "порт", "газ", "сум"],
    "az": ["şə", "kü", "rə", "na", "lı", "mi", "sər", "on", "ğa", "qaz", "çay", "üz"],
}
# Words planted so each query has a known share of the articles to rank.
PLANTED = {"en": ["summit", "pipeline"], "ru": ["саммит", "трубопровод"], "az": ["sammit"]}
QUERIES = [
    ("common word (about 1 in 10)", ["summit"]),
    ("rare word (about 1 in 1,000)", ["pipeline"]),
    ("two words", ["summit pipeline"]),
    ("phrase", ['"summit pipeline"']),
    ("prefix", ["pipe*"]),
    ("common word, Russian only", ["саммит", "--language", "ru"]),
    ("no match", ["zzzunfound"]),
]
LANGUAGES = ("en", "ru", "az")
# What any command costs before it searches: Python, the imports, the option parsing.
FLOOR = "floor: `newsroom --version`"


def vocabulary(language: str, rng: random.Random, size: int = 4_000) -> list[str]:
    parts = SYLLABLES[language]
    return ["".join(rng.choice(parts) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def text_of(words: list[str], rng: random.Random, count: int, language: str) -> str:
    # Skewed like a language: a few words are everywhere, most are rare.
    chosen = [words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(count)]
    planted = PLANTED[language]
    if rng.random() < 0.1:
        chosen.insert(rng.randrange(len(chosen)), planted[0])
    if len(planted) > 1 and rng.random() < 0.001:
        chosen.insert(rng.randrange(len(chosen)), planted[1])
    return " ".join(chosen).capitalize() + "."


def drafts(total: int, seed: int = 7) -> Iterator[tuple[str, str, ev.Event, datetime]]:
    """The staff, then one drafted article per event: `total` events in all."""
    rng = random.Random(seed)
    words = {language: vocabulary(language, rng) for language in LANGUAGES}
    roles = dict(STAFF)
    count, clock = 0, START
    for stream, actor, event in staff_events():
        count += 1
        yield stream, actor, event, clock
    n = 0
    while count < total:
        language = LANGUAGES[n % len(LANGUAGES)]
        draft = cmd.DraftArticle(
            article_id=f"s{n:07d}",
            headline=text_of(words[language], rng, 6, language).rstrip("."),
            category="Society",
            body=text_of(words[language], rng, rng.randint(40, 120), language),
            language=language,
        )
        clock += timedelta(seconds=rng.randint(5, 90))
        for event in decide(draft, None, Actor("aysel", roles["aysel"]), When.at(clock)):
            count += 1
            yield f"article:{draft.article_id}", "aysel", event, clock
        n += 1


def measure(url: str, runs: int) -> dict[str, list[float]]:
    """Wall seconds of each query's process, run after run, interleaved."""
    seconds: dict[str, list[float]] = {label: [] for label, _ in QUERIES}
    seconds[FLOOR] = []
    for _ in range(runs):
        for label, args in QUERIES:
            argv = [str(NEWSROOM), "search", *args, "--store", url, "--json"]
            seconds[label].append(run_timed(argv)[0])
        seconds[FLOOR].append(run_timed([str(NEWSROOM), "--version"])[0])
    return seconds


def in_process(url: str, runs: int) -> dict[str, float]:
    """The median seconds of the query alone, the engine already open."""
    from events.sql.engine import open_engine
    from projections.search import Filters, parse_query
    from projections.sql.search import search
    from projections.sql.tables import TABLES

    engine = open_engine(url)
    medians = {}
    for label, args in QUERIES:
        language = args[2] if len(args) > 2 else None
        terms, filters = parse_query(" ".join(args[:1])), Filters(language=language)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            search(engine, terms, filters, TABLES)
            timings.append(time.perf_counter() - started)
        medians[label] = statistics.median(timings)
    engine.dispose()
    return medians


def report(backend: str, articles: int, built: float, url: str, runs: int) -> list[str]:
    walls, alone = measure(url, runs), in_process(url, runs)
    lines = [
        f"### {backend}: {articles:,} articles (store built and indexed in {built:.0f} s)",
        "",
        "| query | `newsroom search` median wall (min–max) | query alone, median |",
        "|---|---|---|",
    ]
    for label in [*(label for label, _ in QUERIES), FLOOR]:
        values = walls[label]
        query = f"{alone[label] * 1000:.1f} ms" if label in alone else "–"
        lines.append(
            f"| {label} | {statistics.median(values) * 1000:.0f} ms "
            f"({min(values) * 1000:.0f}–{max(values) * 1000:.0f}) | {query} |"
        )
    return [*lines, ""]


def _built(url: str, articles: int) -> float:
    started = time.perf_counter()
    build(url, articles + len(list(staff_events())), source=drafts)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("bench/results/search.md"))
    options = parser.parse_args()
    lines = [f"## Search latency ({options.runs} runs each)", ""]
    with tempfile.TemporaryDirectory() as work:
        url = f"sqlite:///{Path(work) / 'search.db'}"
        built = _built(url, options.articles)
        lines += report("SQLite", options.articles, built, url, options.runs)
        print("\n".join(lines), flush=True)
        if not options.no_pg:
            from tests.support.pg import pg_schema_url

            with pg_schema_url("newsroom_bench") as pg:
                built = _built(pg, options.articles)
                lines += report("PostgreSQL", options.articles, built, pg, options.runs)
    options.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
