"""The question `retract` and `spike` ask at a terminal before an act that cannot be undone.

Only a person at a terminal is asked; `--yes` answers for them. A script (no terminal on
standard input) is never asked, so it never hangs waiting: it goes ahead, as it always
has, and its act is signed and logged like any other.
"""

from __future__ import annotations

import sys

from events.errors import RuleRefused

YES = ("y", "yes")


def on_terminal() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def confirm(question: str, refused: str, *, yes: bool) -> None:
    """Ask `question` unless answered already or nobody is there; a "no" is `refused`."""
    if yes or not on_terminal():
        return
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer not in YES:
        raise RuleRefused(refused)


def confirm_final(article_id: str, act: str, done: str, *, yes: bool) -> None:
    """Ask at a terminal before an act that cannot be undone, naming the headline."""
    from cli.bootstrap import open_session
    from cli.options import record, settings
    from events.errors import NotFound
    from events.inert import inert

    if yes or not on_terminal():
        return
    with open_session(settings(), record()) as session:
        article = session.newsroom.article(article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    question = inert(f"{act.capitalize()} article {article_id} (“{article.headline}”) for good?")
    refused = f"Article {article_id} was not {done}: not confirmed. Nothing was written."
    confirm(question, refused, yes=yes)
