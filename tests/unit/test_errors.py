"""Refusals as the command line says them: one exit code per kind, hints in CLI syntax."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cli.errors import HINTS, ExitCode, exit_code_for, message_of
from events import models as ev
from events.errors import BadInput, Conflict, NewsroomError, NotFound, RuleRefused
from workflow import commands as cmd
from workflow.article import ARTICLE
from workflow.decider import When
from workflow.roles import Actor

NOW = datetime(2024, 11, 14, 10, 0, tzinfo=UTC)


class PhotoNotFound(NotFound):
    """A kind of refusal added later, below one the table maps."""


def test_an_exit_code_follows_the_class_a_refusal_comes_from() -> None:
    assert exit_code_for(PhotoNotFound("gone")) == ExitCode.NOT_FOUND == 3
    assert exit_code_for(Conflict("moved on")) == 6
    assert exit_code_for(NewsroomError("unmapped")) == ExitCode.BUG


def test_the_decider_names_a_hint_and_the_command_line_spells_it() -> None:
    drafted = ev.ArticleDrafted(
        article_id="a1", headline="H", body="", category="World", language="en", byline="aysel"
    )
    history = [
        (drafted, "aysel"),
        (ev.ArticleSubmitted(article_id="a1"), "aysel"),
        (ev.ArticleApproved(article_id="a1"), "kamran"),
    ]
    state = ARTICLE.fold(history)
    late = cmd.PublishArticle(article_id="a1", at=NOW - timedelta(hours=1))
    with pytest.raises(RuleRefused) as raised:
        ARTICLE.decide(late, state, Actor("kamran", "editor"), When.at(NOW))
    assert "newsroom" not in str(raised.value) and "`" not in str(raised.value)
    assert message_of(raised.value) == (
        "The embargo time 09:00 14.11.2024 has already passed; "
        "publish now with `newsroom publish a1`."
    )


def test_every_hint_has_its_facts() -> None:
    facts = {"article_id": "a1", "name": "zaur"}
    for hint in HINTS:
        said = message_of(BadInput("Refused.", hint=hint, **facts))
        assert said.startswith("Refused; ") and "{" not in said


def test_a_refusal_without_a_hint_is_said_as_it_is() -> None:
    assert message_of(NotFound("There is no article a1.")) == "There is no article a1."


def test_a_refused_hook_target_is_named_as_the_option_that_gave_it() -> None:
    from workflow.hooks import check_target

    with pytest.raises(BadInput) as raised:
        check_target("url", "ftp://example.az/x")
    assert str(raised.value).startswith("The hook target 'ftp://example.az/x' is not")
    assert message_of(raised.value).startswith("--url 'ftp://example.az/x' is not an http://")
