"""The article decider's urgency and assignments, alone: given events, when a command,
then events or a refusal; and each event's command rebuilt exactly, for `verify`."""

from __future__ import annotations

import pytest

from events import models as ev
from events.errors import NotFound, PermissionDenied, RuleRefused
from events.memory import MemoryEventStore
from tests.support.keys import public_of
from tests.unit.test_decider import CHIEF, DRAFTED, EDITOR, NOW, REPORTER, A, fold, given
from tests.unit.test_service import Clock, act, drafted
from workflow import commands as cmd
from workflow.article import ARTICLE, command_of, decide
from workflow.service import Newsroom


def _assign(name: str, work: str = "writing", role: str | None = "reporter") -> cmd.AssignArticle:
    fields = {"assignee": name, "work": work, "assignee_role": role}
    return cmd.AssignArticle.model_validate({"article_id": A, **fields})


def test_drafting_records_the_urgency_given() -> None:
    command = cmd.DraftArticle(article_id=A, headline="Quake", category="Society", urgency=1)
    [event] = decide(command, None, REPORTER, NOW)
    assert isinstance(event, ev.ArticleDrafted) and event.urgency == 1
    assert command_of([event], None) == command.model_copy(update={"byline": "aysel"})


def test_an_article_drafted_without_urgency_has_none_and_its_data_omits_it() -> None:
    command = cmd.DraftArticle(article_id=A, headline="Quake", category="Society")
    [event] = decide(command, None, REPORTER, NOW)
    assert "urgency" not in ev.event_data(event)


def test_revising_the_urgency_records_only_it() -> None:
    command = cmd.ReviseArticle(article_id=A, urgency=2)
    [event] = decide(command, given("draft"), REPORTER, NOW)
    assert event == ev.ArticleRevised(article_id=A, urgency=2)
    assert command_of([event], given("draft")) == command
    state = fold([DRAFTED, (event, "aysel")])
    assert state is not None and state.urgency == 2


@pytest.mark.parametrize("urgency", [0, 10, -1])
def test_urgency_is_from_1_to_9(urgency: int) -> None:
    with pytest.raises(ValueError, match="urgency"):
        cmd.ReviseArticle(article_id=A, urgency=urgency)


def test_old_events_without_urgency_still_load() -> None:
    data = ev.event_data(DRAFTED[0])
    assert ev.validated_event("ArticleDrafted", data) == DRAFTED[0]


def test_an_editor_assigns_writing_and_the_command_is_rebuilt_exactly() -> None:
    command = _assign("rashad")
    [event] = decide(command, given("draft"), EDITOR, NOW)
    assert event == ev.ArticleAssigned(
        article_id=A, assignee="rashad", work="writing", assignee_role="reporter"
    )
    assert command_of([event], given("draft")) == command


def test_an_assignment_leaves_the_status_and_is_remembered() -> None:
    before = given("in_review")
    [event] = decide(_assign("leyla", "review", "editor"), before, CHIEF, NOW)
    after = fold([DRAFTED, (ev.ArticleSubmitted(article_id=A), "aysel"), (event, "umud")])
    assert after is not None
    assert after.status == "in_review" and after.version == before.version + 1
    with pytest.raises(RuleRefused, match="already assigned to leyla for review"):
        decide(_assign("leyla", "review", "editor"), after, CHIEF, NOW)


def test_a_reporter_may_not_assign() -> None:
    with pytest.raises(PermissionDenied, match="assigning work needs an editor"):
        decide(_assign("rashad"), given("draft"), REPORTER, NOW)


def test_the_assignee_must_be_on_the_staff() -> None:
    with pytest.raises(NotFound, match="nigar is not on the staff"):
        decide(_assign("nigar", role=None), given("draft"), EDITOR, NOW)


@pytest.mark.parametrize(("work", "role"), [("review", "reporter"), ("writing", "scheduler")])
def test_the_assignee_must_be_able_to_do_the_work(work: str, role: str) -> None:
    with pytest.raises(RuleRefused, match=f"only .* can be assigned {work}"):
        decide(_assign("someone", work, role), given("draft"), EDITOR, NOW)


def test_four_eyes_nobody_is_assigned_to_review_what_they_wrote() -> None:
    with pytest.raises(PermissionDenied, match="four eyes"):
        decide(_assign("aysel", "review", "editor"), given("in_review"), CHIEF, NOW)


@pytest.mark.parametrize(
    ("work", "status"),
    [("writing", "in_review"), ("writing", "approved"), ("review", "published")],
)
def test_work_is_assigned_only_while_it_waits_to_be_done(work: str, status: str) -> None:
    role = "editor"
    with pytest.raises(RuleRefused, match=f"Cannot assign the {work} of article {A}"):
        decide(_assign("leyla", work, role), given(status), CHIEF, NOW)


def test_work_given_back_to_an_earlier_assignee_is_a_new_assignment() -> None:
    state = given("draft")
    for name in ("rashad", "aysel", "rashad"):
        [event] = decide(_assign(name), state, EDITOR, NOW)
        after = ARTICLE.evolve(state, event, "kamran")
        assert after is not None
        state = after
    assert state.writer == "rashad"


def test_the_service_names_the_assignee_role_the_staff_gives_under_the_write_lock() -> None:
    """Whatever role the edge looked up (here none), the one recorded is the staff's."""
    newsroom = Newsroom(MemoryEventStore(Clock()))
    for name, role in (("umud", "chief"), ("kamran", "editor"), ("aysel", "reporter")):
        member = cmd.AddStaffMember.model_validate(
            {"name": name, "role": role, "public_key": public_of(name)}
        )
        act(newsroom, member, "umud")
    drafted(newsroom)
    act(newsroom, cmd.AssignArticle(article_id="cop29", assignee="aysel", work="writing"), "kamran")
    [*_, last] = newsroom.store.read_stream("article:cop29")
    assert last.data["assignee_role"] == "reporter"
