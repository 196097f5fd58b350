"""The delivery ledger's chains checked in memory: what `verify` finds when a row is
changed, removed, moved, forged or names what the log does not hold."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest

from delivery.ledger import (
    DEAD_LETTERED,
    DELIVERED,
    FAILED,
    FIRST_LINK,
    Attempt,
    Entry,
    Logged,
    chained,
    entry_hash,
    one_line,
)
from delivery.ledger_check import LedgerProblem, LedgerVerified, verify_ledger

WIRED = {"site": "2024-11-14T06:00:00.000000Z", "bus": ""}
OUTCOMES = [(12, FAILED), (12, DELIVERED), (15, FAILED), (15, DEAD_LETTERED)]


def event_id(position: int) -> str:
    return f"00000000-0000-4000-8000-{position:012d}"


def chain(name: str = "site", outcomes: list[tuple[int, str]] = OUTCOMES) -> list[Entry]:
    """A hook's chain as appends make it: numbered, timed and linked."""
    entries: list[Entry] = []
    counts: dict[int, int] = {}
    for seq, (position, outcome) in enumerate(outcomes, start=1):
        counts[position] = counts.get(position, 0) + 1
        tried = Attempt(
            name,
            position,
            event_id(position),
            "ArticlePublished",
            "article:snow",
            outcome,
            200 if outcome == DELIVERED else 503,
            "" if outcome == DELIVERED else "HTTP 503",
        )
        previous = entries[-1].hash if entries else FIRST_LINK
        when = f"2024-11-14T07:00:{seq:02d}.000000Z"
        entries.append(chained(tried, seq, counts[position], when, previous))
    return entries


def logged(entry: Entry) -> Logged:
    return Logged(entry.event_id, entry.event_type, entry.stream_id)


def checked(
    entries: list[Entry], heads: dict[str, tuple[int, str]] | None = None
) -> LedgerVerified | LedgerProblem:
    if heads is None:
        heads = {}
        for entry in entries:
            heads[entry.name] = (entry.seq, entry.hash)
    return verify_ledger([(e, logged(e)) for e in entries], heads, WIRED)


def problem(result: LedgerVerified | LedgerProblem) -> tuple[str, int, str]:
    assert isinstance(result, LedgerProblem), result
    return result.name, result.seq, result.kind


def test_an_intact_ledger_is_counted_and_its_heads_given() -> None:
    entries = chain("bus") + chain("site")
    result = checked(entries)
    assert isinstance(result, LedgerVerified) and result.rows == 8
    assert result.heads == {"bus": (4, entries[3].hash), "site": (4, entries[7].hash)}


def test_each_row_links_to_the_one_before_and_covers_every_field() -> None:
    entries = chain()
    assert entries[0].prev_hash == FIRST_LINK
    assert all(b.prev_hash == a.hash for a, b in pairwise(entries))
    for name, value in [
        ("code", 201),
        ("attempt", 9),
        ("retry", True),
        ("error", "x"),
        ("recorded_at", "2024-11-14T08:00:00.000000Z"),
        ("outcome", FAILED),
    ]:
        assert entry_hash(replace(entries[1], **{name: value})) != entries[1].hash, name


def test_a_changed_row_is_found() -> None:
    entries = chain()
    entries[1] = replace(entries[1], code=204)
    assert problem(checked(entries, {"site": (4, entries[3].hash)})) == ("site", 2, "changed")


def test_a_removed_row_is_found_in_the_middle_at_the_end_and_whole() -> None:
    entries = chain()
    assert problem(checked(entries[:1] + entries[2:])) == ("site", 3, "missing")
    heads = {"site": (4, entries[3].hash)}
    assert problem(checked(entries[:3], heads)) == ("site", 4, "missing")
    assert problem(checked([], heads)) == ("site", 1, "missing")


def test_rows_moved_or_rehashed_in_place_are_found() -> None:
    entries = chain()
    swapped = [entries[0], replace(entries[2], seq=2), replace(entries[1], seq=3), entries[3]]
    assert problem(checked(swapped, {"site": (4, entries[3].hash)}))[2] == "bad link"
    forged = replace(entries[3], prev_hash=FIRST_LINK)
    forged = replace(forged, hash=entry_hash(forged))
    assert problem(checked([*entries[:3], forged]))[2] == "bad link"


def test_a_row_that_names_another_event_than_the_logs_is_found() -> None:
    entries = chain()
    pairs = [(e, logged(e)) for e in entries]
    pairs[2] = (entries[2], Logged(event_id(99), "ArticleDrafted", "article:frost"))
    result = verify_ledger(pairs, {"site": (4, entries[3].hash)}, WIRED)
    assert problem(result) == ("site", 3, "not the log's event")
    pairs[2] = (entries[2], None)
    result = verify_ledger(pairs, {"site": (4, entries[3].hash)}, WIRED)
    assert "the log has no event at position 15" in result.sentence()  # type: ignore[union-attr]


def test_a_hook_never_wired_or_wired_only_later_is_found() -> None:
    assert problem(checked(chain("ghost")))[2] == "not wired"
    late = {"site": "2024-11-14T09:00:00.000000Z"}
    entries = chain()
    result = verify_ledger([(e, logged(e)) for e in entries], {"site": (4, entries[3].hash)}, late)
    assert problem(result) == ("site", 1, "not wired")


def test_attempts_at_one_event_count_up() -> None:
    entries = chain()
    again = replace(entries[1], attempt=1)
    again = replace(again, hash=entry_hash(again))
    rest = [replace(entries[2], prev_hash=again.hash)]
    rest[0] = replace(rest[0], hash=entry_hash(rest[0]))
    result = checked([entries[0], again, *rest])
    assert problem(result) == ("site", 2, "bad attempt")


def test_a_head_with_no_rows_and_rows_with_no_head() -> None:
    entries = chain()
    assert problem(checked(entries, {}))[2] == "beyond the head"
    assert problem(checked(entries, {"site": (4, FIRST_LINK)}))[2] == "bad head"


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("NATS nats://desk:hunter2@bus:4222 refused", "NATS nats://desk:***@bus:4222 refused"),
        ("first line\nsecond\tline", "first line second line"),
        ("x" * 900, "x" * 500),
    ],
)
def test_an_error_is_kept_on_one_line_without_a_password(said: str, kept: str) -> None:
    assert one_line(said) == kept
