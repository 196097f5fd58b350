"""A writer process for the benchmarks: `python -m bench.writers MODE ARTICLE_OR_PREFIX FILES...`.

Runs `newsroom` commands through the CLI entry point, one after another, with the
structured log on stderr (NEWSROOM_LOG=json) so the parent can count conflicts.
"""

from __future__ import annotations

import contextlib
import io
import sys

from cli.app import run


def main() -> None:
    mode, target, *rest = sys.argv[1:]
    if mode == "photos":
        commands = [["photo", "add", target, path] for path in rest]
    else:
        commands = [
            ["draft", "--id", f"{target}-{n}", "--headline", f"Item {n}", "--category", "News"]
            for n in range(int(rest[0]))
        ]
    failed = 0
    for argv in commands:
        with contextlib.redirect_stdout(io.StringIO()):
            failed += run(argv) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
