"""The redactions decider alone: a chief asks, a second chief confirms, nobody else may."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events import models as ev
from events.errors import NotFound, PermissionDenied, RuleRefused
from workflow import commands as cmd
from workflow.decider import When
from workflow.redaction import REDACTIONS, erased_by, pending
from workflow.roles import Actor

NOW = When.at(datetime(2025, 6, 13, 9, 0, tzinfo=UTC))
UMUD = Actor("umud", "chief")
LEYLA = Actor("leyla", "chief")
KAMRAN = Actor("kamran", "editor")
COURT = "Baku Court of Appeal, order 2-1234/2025: defamation"
ASKED = ev.RedactionRequested(
    request_id="rd-0000a1b2", article_id="cop29", versions=(1, 3), reason=COURT
)
CONFIRMED = ev.RedactionConfirmed(
    request_id="rd-0000a1b2",
    article_id="cop29",
    reason=COURT,
    rewritten={"7": "ab" * 32, "9": "cd" * 32},
)


def decide(command: cmd.Command, history: list[tuple[ev.Event, str]], actor: Actor) -> list:
    return REDACTIONS.decide(command, REDACTIONS.fold(history), actor, NOW)


def ask(**changes: object) -> cmd.RequestRedaction:
    fields = {"request_id": "rd-0000a1b2", "article_id": "cop29", "versions": (3, 1, 3)}
    return cmd.RequestRedaction(**{**fields, "reason": COURT, **changes})


def test_a_chief_asks_and_the_request_names_versions_never_content() -> None:
    [asked] = decide(ask(), [], UMUD)
    assert asked == ASKED  # the versions sorted, once each
    assert pending(REDACTIONS.fold([(asked, "umud")]))[0].requested_by == "umud"


def test_a_second_chief_confirms_with_what_the_store_leaves_behind() -> None:
    rewritten = {"7": "ab" * 32, "9": "cd" * 32}
    confirm = cmd.ConfirmRedaction(request_id="rd-0000a1b2", rewritten=rewritten)
    [done] = decide(confirm, [(ASKED, "umud")], LEYLA)
    assert done == CONFIRMED
    state = REDACTIONS.fold([(ASKED, "umud"), (done, "leyla")])
    assert pending(state) == [] and state["rd-0000a1b2"].confirmed_by == "leyla"
    assert erased_by(state, "cop29", 3) is state["rd-0000a1b2"]
    assert erased_by(state, "cop29", 2) is None


def test_the_chief_who_asked_may_not_confirm() -> None:
    confirm = cmd.ConfirmRedaction(request_id="rd-0000a1b2")
    with pytest.raises(PermissionDenied, match="four eyes: another chief must confirm it"):
        decide(confirm, [(ASKED, "umud")], UMUD)


@pytest.mark.parametrize(
    "command",
    [ask(), cmd.ConfirmRedaction(request_id="rd-0000a1b2")],
    ids=["asking", "confirming"],
)
def test_erasing_is_for_chiefs(command: cmd.Command) -> None:
    with pytest.raises(PermissionDenied, match="erasing content by court order needs a chief"):
        decide(command, [(ASKED, "umud")], KAMRAN)


def test_a_request_is_confirmed_once() -> None:
    confirm = cmd.ConfirmRedaction(request_id="rd-0000a1b2")
    with pytest.raises(RuleRefused, match="was confirmed by leyla already"):
        decide(confirm, [(ASKED, "umud"), (CONFIRMED, "leyla")], Actor("sona", "chief"))


def test_a_request_that_does_not_exist() -> None:
    with pytest.raises(NotFound, match="There is no redaction request rd-0000ffff"):
        decide(cmd.ConfirmRedaction(request_id="rd-0000ffff"), [], LEYLA)


def test_a_request_id_is_used_once() -> None:
    with pytest.raises(RuleRefused, match="There is a redaction request rd-0000a1b2 already"):
        decide(ask(versions=(2,)), [(ASKED, "umud")], LEYLA)


def test_a_version_erased_whole_is_not_erased_again() -> None:
    again = ask(request_id="rd-0000c3d4", versions=(2, 3))
    with pytest.raises(RuleRefused, match="Version 3 of article cop29 is erased already"):
        decide(again, [(ASKED, "umud"), (CONFIRMED, "leyla")], UMUD)


def test_a_phrase_may_be_taken_out_of_an_erased_article_too() -> None:
    phrase = ask(
        request_id="rd-0000c3d4", phrase_salt="0f" * 16, phrase_digest="ef" * 32, replacement="X."
    )
    [asked] = decide(phrase, [(ASKED, "umud"), (CONFIRMED, "leyla")], UMUD)
    assert asked.phrase_digest == "ef" * 32 and asked.replacement == "X."


def test_a_replacement_needs_a_phrase() -> None:
    with pytest.raises(RuleRefused, match="A replacement stands in for a phrase"):
        decide(ask(replacement="X."), [], UMUD)


@pytest.mark.parametrize("event", [ASKED, CONFIRMED], ids=["request", "confirmation"])
def test_each_event_is_what_its_rebuilt_command_decides(event: ev.Event) -> None:
    """What `verify` relies on: the command rebuilt from the event decides it again."""
    history = [] if event is ASKED else [(ASKED, "umud")]
    state = REDACTIONS.fold(history)
    command = REDACTIONS.command_of([event], state)
    assert REDACTIONS.decide(command, state, LEYLA, NOW) == [event]
