"""Command latency as whole processes, beside the import floors, interleaved run by run
so that a noisy moment hits every figure alike."""

from __future__ import annotations

import os
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import create_engine, text

from bench.measure import NEWSROOM, PYTHON, run_timed
from tests.support.keys import acting_as

FLOOR = "import sqlalchemy, pydantic, typer, structlog"
COMPLETION_ENV = {
    "_NEWSROOM_COMPLETE": "complete_bash",
    "COMP_WORDS": "newsroom sh",
    "COMP_CWORD": "1",
}


Command = Callable[[int], tuple[list[str], dict[str, str]]]


@dataclass(frozen=True, slots=True)
class Stat:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, seconds: list[float]) -> Stat:
        return cls(statistics.median(seconds), min(seconds), max(seconds))


def latencies(urls: dict[str, str], runs: int) -> dict[str, dict[str, Stat]]:
    """For each store: median, min and max wall seconds of each command and floor.

    Rounds interleave every store and every command, so a busy moment on the
    machine lands on all of them rather than on one store's figures.
    """
    plans = {label: _commands(url, runs) for label, url in urls.items()}
    seconds: dict[str, dict[str, list[float]]] = {
        label: {name: [] for name in plan} for label, plan in plans.items()
    }
    for i in range(runs):
        for label, plan in plans.items():
            for name, command in plan.items():
                argv, extra = command(i)
                seconds[label][name].append(run_timed(argv, extra)[0])
    return {
        label: {name: Stat.of(values) for name, values in figures.items()}
        for label, figures in seconds.items()
    }


def _commands(url: str, runs: int) -> dict[str, Command]:
    env = {"NEWSROOM_STORE": url}
    article = _article_to_show(url)
    reviews = _articles_in_review(env, runs)
    return {
        "floor": lambda i: ([PYTHON, "-c", FLOOR], {}),
        "typer floor": lambda i: ([PYTHON, "-c", "import typer"], {}),
        "--help": lambda i: ([str(NEWSROOM), "--help"], env),
        "completion": lambda i: ([str(NEWSROOM)], {**env, **COMPLETION_ENV}),
        "show": lambda i: ([str(NEWSROOM), "show", article], env),
        "ticker": lambda i: ([str(NEWSROOM), "ticker"], env),
        "approve": lambda i: ([str(NEWSROOM), "approve", reviews[i], *acting_as("kamran")], env),
    }


def _article_to_show(url: str) -> str:
    """The published article with the most photos: the largest page `show` prints."""
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT article_id FROM proj_articles WHERE status = 'published' "
                "ORDER BY length(doc) DESC, article_id LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return str(found)


def _articles_in_review(env: dict[str, str], count: int) -> list[str]:
    """Fresh articles waiting for approval, one for each timed `approve`."""
    ids = [f"bench-review-{n}" for n in range(count)]
    for article_id in ids:
        for args in (
            [
                "draft",
                "--id",
                article_id,
                "--headline",
                "Bench review",
                "--category",
                "Society",
                "--body",
                "Text.",
                *acting_as("aysel"),
            ],
            ["submit", article_id, *acting_as("aysel")],
        ):
            subprocess.run(
                [str(NEWSROOM), *args], env={**os.environ, **env}, check=True, capture_output=True
            )
    return ids
