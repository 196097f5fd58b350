"""One shape for every decider: an initial state, `evolve`, `decide`; and the fold they share.

A decider is one value (Chassaing's "functional event sourcing decider"): the
service runs any of them the same way, and `verify` can replay any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from events.models import Event
from workflow.commands import Command
from workflow.roles import Actor

S = TypeVar("S")
C = TypeVar("C", bound=Command)
# Each event with the name of the person who caused it: four eyes needs to know.
History = Iterable[tuple[Event, str]]


@dataclass(frozen=True, slots=True)
class When:
    """An act's two times. `effective` is what it is stamped with: the store's clock, or a
    pinned one for a backfill. `recorded` is the store's clock, which embargoes are
    measured by, so no pinned clock lifts one early."""

    effective: datetime
    recorded: datetime

    @classmethod
    def at(cls, moment: datetime) -> When:
        return cls(moment, moment)


@dataclass(frozen=True, slots=True)
class Decider(Generic[C, S]):
    """What one kind of stream allows, as pure functions of its own events."""

    initial: S
    evolve: Callable[[S, Event, str], S]
    decide: Callable[[C, S, Actor, When], list[Event]]
    stream: Callable[[C], str]  # the stream a command is decided on
    subject: Callable[[C], str]  # how a refusal names that stream: "Article cop29"
    status: Callable[[S], str]  # what `--json` reports the stream's state as
    # The command that decided these events, rebuilt from them: `verify` decides it again
    # over the state before and must get the same events.
    command_of: Callable[[Sequence[Event], S], C]

    def fold(self, history: History) -> S:
        state = self.initial
        for event, actor in history:
            state = self.evolve(state, event, actor)
        return state
