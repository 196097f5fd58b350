"""Checking the delivery ledger in one pass: each hook's chain, and each row against the log.

Rows come hook by hook in chain order, each beside the log's event at its position
(`ledger_store.checked_rows`), so nothing is looked up row by row. What holds for an
intact ledger: each hook's rows count 1, 2, 3 …, link to the row before and match their
hashes; the last one is the head the store records; each names the event the log holds
at its position; its hook was wired in the log before it; its time never goes back; and
a hook's attempts at one event count up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delivery.ledger import FIRST_LINK, OUTCOMES, Entry, Logged, entry_hash
from delivery.ledger_store import chain_heads, checked_rows, registrations

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    name: str
    seq: int
    kind: str  # changed | missing | bad link | bad head | not the log's event | not wired | …
    detail: str

    def sentence(self) -> str:
        return (
            f"The delivery ledger is not intact at hook {self.name}, row {self.seq}: "
            f"{self.kind} ({self.detail})."
        )


@dataclass(frozen=True, slots=True)
class LedgerVerified:
    rows: int
    heads: dict[str, tuple[int, str]]  # each hook's last row and its hash, to publish


@dataclass
class _Chain:
    name: str
    seq: int = 0
    previous: str = FIRST_LINK
    last_time: str = ""
    attempts: dict[int, int] = field(default_factory=dict)


def verify_ledger(
    rows: Iterable[tuple[Entry, Logged | None]],
    heads: dict[str, tuple[int, str]],
    wired: dict[str, str],
) -> LedgerVerified | LedgerProblem:
    """`heads`: each hook's chain head as stored; `wired`: when each hook name was first
    registered in the log ("" if the log does not say)."""
    chain: _Chain | None = None
    count, seen = 0, set()
    for entry, logged in rows:
        if chain is None or entry.name != chain.name:
            ended = _ended(chain, heads)
            if ended is not None:
                return ended
            chain = _Chain(entry.name)
            seen.add(entry.name)
        problem = (
            _link(entry, chain) or _against_log(entry, logged, wired) or _counted(entry, chain)
        )
        if problem is not None:
            return problem
        count += 1
    ended = _ended(chain, heads) or _emptied(heads, seen)
    if ended is not None:
        return ended
    return LedgerVerified(count, dict(sorted(heads.items())))


def _link(entry: Entry, chain: _Chain) -> LedgerProblem | None:
    at = entry.seq
    if at != chain.seq + 1:
        return _problem(entry, "missing", f"row {chain.seq + 1} is gone; the next is {at}")
    if entry.prev_hash != chain.previous:
        return _problem(entry, "bad link", "prev_hash is not the hash of the row before")
    if entry_hash(entry) != entry.hash:
        return _problem(entry, "changed", "its content no longer matches its hash")
    if entry.recorded_at < chain.last_time:
        return _problem(
            entry, "clock set back", f"recorded at {entry.recorded_at}, before the row ahead"
        )
    chain.seq, chain.previous, chain.last_time = at, entry.hash, entry.recorded_at
    return None


def _against_log(
    entry: Entry, logged: Logged | None, wired: dict[str, str]
) -> LedgerProblem | None:
    where = f"position {entry.global_position}"
    if logged is None:
        return _problem(entry, "not the log's event", f"the log has no event at {where}")
    if (logged.event_id, logged.event_type, logged.stream_id) != (
        entry.event_id,
        entry.event_type,
        entry.stream_id,
    ):
        detail = f"the log's event at {where} is {logged.event_type} {logged.event_id}"
        return _problem(entry, "not the log's event", detail)
    if entry.name not in wired:
        return _problem(entry, "not wired", f"the log never registered a hook {entry.name}")
    if wired[entry.name] and entry.recorded_at < wired[entry.name]:
        detail = f"recorded at {entry.recorded_at}, before the hook was wired"
        return _problem(entry, "not wired", detail)
    return None


def _counted(entry: Entry, chain: _Chain) -> LedgerProblem | None:
    if entry.outcome not in OUTCOMES:
        return _problem(entry, "changed", f"{entry.outcome!r} is not an outcome")
    before = chain.attempts.get(entry.global_position, 0)
    if entry.attempt != before + 1:
        detail = f"attempt {entry.attempt} at position {entry.global_position} follows {before}"
        return _problem(entry, "bad attempt", detail)
    chain.attempts[entry.global_position] = entry.attempt
    return None


def _ended(chain: _Chain | None, heads: dict[str, tuple[int, str]]) -> LedgerProblem | None:
    """A hook's rows are over: the last one must be the head the store records."""
    if chain is None:
        return None
    head = heads.get(chain.name)
    if head is None:
        return LedgerProblem(chain.name, chain.seq, "beyond the head", "the hook has no head row")
    if head[0] > chain.seq:
        detail = f"the rows end at {chain.seq} but the head says {head[0]}"
        return LedgerProblem(chain.name, chain.seq + 1, "missing", detail)
    if head != (chain.seq, chain.previous):
        detail = f"the head records row {head[0]} with another hash"
        return LedgerProblem(chain.name, head[0], "bad head", detail)
    return None


def _emptied(heads: dict[str, tuple[int, str]], seen: set[str]) -> LedgerProblem | None:
    """A head whose hook has no row left: its whole chain was removed."""
    for name, (seq, _hash) in sorted(heads.items()):
        if name not in seen and seq > 0:
            return LedgerProblem(name, 1, "missing", f"all {seq} rows are gone")
    return None


def _problem(entry: Entry, kind: str, detail: str) -> LedgerProblem:
    return LedgerProblem(entry.name, entry.seq, kind, detail)


def verify_stored_ledger(conn: Connection) -> LedgerVerified | LedgerProblem:
    """The store's ledger, read on `conn` (the snapshot the log was checked in)."""
    return verify_ledger(checked_rows(conn), chain_heads(conn), registrations(conn))
