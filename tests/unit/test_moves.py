"""The workflow's later moves, decided and then decided again from their own events, as
`verify` does: `command_of` must rebuild exactly the command that gave each event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events import models as ev
from events.errors import PermissionDenied, RuleRefused
from tests.unit.test_decider import PHOTO as DECIDER_PHOTO
from workflow import commands as cmd
from workflow.article import ARTICLE, decide
from workflow.decider import When
from workflow.roles import Actor, require_staff
from workflow.staff import STAFF, actor_of

NOW = When.at(datetime(2024, 11, 14, 6, 0, tzinfo=UTC))
A = "snow"
DRAFTED = ev.ArticleDrafted(
    article_id=A, headline="Snow", body="Text", category="Society", language="en", byline="aysel"
)
PHOTO = DECIDER_PHOTO.model_copy(update={"article_id": A, "caption": "Square"})
PUBLISHED = [
    (ev.ArticleSubmitted(article_id=A), "aysel"),
    (ev.ArticleApproved(article_id=A), "kamran"),
    (
        ev.ArticlePublished(
            article_id=A,
            published_at="2024-11-14T06:00:00+00:00",
            headline="Snow",
            category="Society",
            language="en",
        ),
        "kamran",
    ),
]
CASES = {
    "withdraw": ([(ev.ArticleSubmitted(article_id=A), "aysel")], cmd.WithdrawArticle, "aysel"),
    "photo edit": ([(PHOTO, "aysel")], cmd.EditPhoto, "rashad"),
    "note": ([], cmd.AddNote, "kamran"),
    "correct": (PUBLISHED, cmd.CorrectArticle, "leyla"),
}
FIELDS = {
    cmd.WithdrawArticle: {"reason": "A figure"},
    cmd.EditPhoto: {"photo_id": "p1", "alt": "A square in snow"},
    cmd.AddNote: {"text": "Call the ministry"},
    cmd.CorrectArticle: {"note": "Section", "category": "Weather", "byline": "Aysel M."},
}


@pytest.mark.parametrize("move", sorted(CASES))
def test_each_move_is_decided_again_from_its_own_event(move: str) -> None:
    history, kind, who = CASES[move]
    state = ARTICLE.fold([(DRAFTED, "aysel"), *history])
    actor = Actor(who, "editor" if who in ("kamran", "leyla") else "reporter")
    events = decide(kind(article_id=A, **FIELDS[kind]), state, actor, NOW)
    again = ARTICLE.command_of(events, state)
    assert decide(again, state, actor, NOW) == events


def test_a_correction_of_the_section_alone_changes_no_text() -> None:
    state = ARTICLE.fold([(DRAFTED, "aysel"), *PUBLISHED])
    command = cmd.CorrectArticle(article_id=A, note="Section", category="Weather")
    [corrected] = decide(command, state, Actor("leyla", "editor"), NOW)
    assert isinstance(corrected, ev.ArticleCorrected)
    assert (corrected.category, corrected.headline, corrected.body) == ("Weather", None, None)


def test_a_photo_edit_that_changes_nothing_is_refused() -> None:
    state = ARTICLE.fold([(DRAFTED, "aysel"), (PHOTO, "aysel")])
    command = cmd.EditPhoto(article_id=A, photo_id="p1", caption=" Square ")
    with pytest.raises(RuleRefused, match="changes nothing"):
        decide(command, state, Actor("aysel", "reporter"), NOW)


def test_a_removed_member_is_refused_and_named_as_removed() -> None:
    added = [
        (ev.StaffMemberAdded(name="umud", role="chief"), "umud"),
        (ev.StaffMemberAdded(name="rashad", role="reporter", public_key=None), "umud"),
    ]
    staff = STAFF.fold(added)
    [removed] = STAFF.decide(
        cmd.RemoveStaffMember(name="rashad"), staff, Actor("umud", "chief"), NOW
    )
    after = STAFF.evolve(staff, removed, "umud")
    again = STAFF.command_of([removed], staff)
    assert STAFF.decide(again, staff, Actor("umud", "chief"), NOW) == [removed]
    with pytest.raises(
        PermissionDenied, match=r"rashad was removed from the staff on 14\.11\.2024"
    ):
        require_staff(actor_of(after, "rashad"))
