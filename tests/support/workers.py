"""Worker processes for the concurrency and crash tests: `python -m tests.support.workers MODE ...`.

Each runs real `newsroom` commands through the CLI's own entry point, many per
process (a process per command would measure Python's start-up, not the store).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import sys
import time

from cli import app
from tests.support.keys import acting_as


def run(argv: list[str]) -> int:
    """One command, its output swallowed: only exit codes travel back to the test."""
    with contextlib.redirect_stdout(io.StringIO()):
        return app.run(argv)


def photos(article_id: str, files: list[str]) -> None:
    codes = [run(["photo", "add", article_id, path, *acting_as("aysel")]) for path in files]
    print(" ".join(map(str, codes)), flush=True)


def photo_pairs(start_at: str, *pairs: str) -> None:
    """`ARTICLE=PATH` pairs, each added in turn once every racer has started."""
    time.sleep(max(0.0, float(start_at) - time.time()))
    codes = []
    for pair in pairs:
        article_id, path = pair.split("=", 1)
        codes.append(run(["photo", "add", article_id, path, *acting_as("aysel")]))
    print(" ".join(map(str, codes)), flush=True)


def approve(article_id: str, version: str, start_at: str) -> None:
    # Start together: every racer has read the same version before anyone writes.
    time.sleep(max(0.0, float(start_at) - time.time()))
    print(run(["approve", article_id, "--expected-version", version]), flush=True)


def drafts(prefix: str, count: str) -> None:
    codes = [
        run(
            [
                "draft",
                "--id",
                f"{prefix}-{n}",
                "--headline",
                f"Item {n}",
                "--category",
                "News",
                *acting_as("aysel"),
            ]
        )
        for n in range(int(count))
    ]
    print(" ".join(map(str, codes)), flush=True)


def churn(prefix: str, photo: str) -> None:
    """The full editorial loop, over and over, until killed."""
    for n in itertools.count():
        article = f"{prefix}-{n}"
        steps = [
            [
                "draft",
                "--id",
                article,
                "--headline",
                f"Story {n}",
                "--category",
                "News",
                *acting_as("aysel"),
            ],
            ["photo", "add", article, photo, *acting_as("aysel")],
            ["submit", article, *acting_as("aysel")],
            ["approve", article, *acting_as("kamran")],
            ["publish", article, *acting_as("kamran")],
            [
                "correct",
                article,
                "--note",
                "Typo",
                "--headline",
                f"Story {n}, corrected",
                *acting_as("kamran"),
            ],
        ]
        for step in steps:
            code = run(step)
            if code != 0:
                print(f"step {step} failed with {code}", file=sys.stderr, flush=True)
                os._exit(code)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "photos":
        photos(args[0], args[1:])
    else:
        modes = {"approve": approve, "drafts": drafts, "churn": churn, "photo_pairs": photo_pairs}
        modes[mode](*args)
