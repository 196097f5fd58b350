"""A long log's signatures are checked on a pool of processes: the first bad one is still
the one reported, whichever finishes first."""

from __future__ import annotations

from dataclasses import replace

import pytest

from events import sshsig
from events.chain import sealed_hash
from events.envelope import RecordedEvent, authored_of
from events.signatures import Claim, SignatureChecks
from events.verify import Problem, Verified, verify_events
from tests.support.cli import NewsroomCli
from tests.support.keys import key_of, public_of
from workflow.lawful import LawfulReplay


def claims(count: int, forged: set[int]) -> list[Claim]:
    made = []
    for position in range(1, count + 1):
        message = f"act {position}".encode()
        signer = "mallory" if position in forged else "aysel"
        signature = sshsig.sign(key_of(signer), message)
        made.append(Claim(position, "aysel", public_of("aysel"), signature, message))
    return made


def test_the_earliest_forgery_is_found_on_the_pool() -> None:
    with SignatureChecks(inline_up_to=5, batch_size=7, workers=2) as checks:
        for claim in claims(60, forged={44, 23}):
            checks.add(claim)
        found = checks.settle()
    assert isinstance(found, Problem) and (found.position, found.kind) == (23, "forged signature")
    assert checks.checked == 60


def test_a_clean_run_on_the_pool_finds_nothing() -> None:
    with SignatureChecks(inline_up_to=5, batch_size=7, workers=2) as checks:
        assert all(checks.add(claim) is None or True for claim in claims(40, forged=set()))
        assert checks.settle() is None


@pytest.fixture
def staffed_events(staffed: NewsroomCli) -> list[RecordedEvent]:
    for n in range(12):
        staffed.ok(f"draft --id a{n} --headline 'Item {n}' --category News", actor="aysel")
    return staffed.events()


def test_verify_names_a_forgery_the_pool_finds_while_the_walk_has_gone_on(
    staffed_events: list[RecordedEvent],
) -> None:
    """Mallory re-signs position 9 and links every later event again: only the signature
    check can catch it, on the pool, while the walk has gone on to the end."""
    events, previous = [], staffed_events[7].hash
    for event in staffed_events:
        if event.global_position == 9:
            event = replace(event, signature=sshsig.sign(key_of("mallory"), authored_of(event)))
        if event.global_position >= 9:
            assert event.signature is not None
            link = sealed_hash(previous, event.global_position, authored_of(event), event.signature)
            event = replace(event, prev_hash=previous, hash=link)
            previous = event.hash
        events.append(event)
    checks = SignatureChecks(inline_up_to=2, batch_size=4, workers=2)
    with LawfulReplay(checks) as replay:
        result = verify_events(events, check=replay.check, finish=replay.finish)
    assert isinstance(result, Problem)
    assert (result.position, result.kind) == (9, "forged signature")


def test_a_lawful_log_verifies_with_its_signatures_on_the_pool(
    staffed_events: list[RecordedEvent],
) -> None:
    checks = SignatureChecks(inline_up_to=2, batch_size=4, workers=2)
    with LawfulReplay(checks) as replay:
        result = verify_events(staffed_events, check=replay.check, finish=replay.finish)
    assert isinstance(result, Verified) and result.signed_from == 1
    assert checks.checked == len(staffed_events)
