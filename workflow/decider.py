"""One shape for every decider: an initial state, `evolve`, `decide`; and the fold they share.

A decider is one value (Chassaing's "functional event sourcing decider"): the
service runs any of them the same way, and `verify` can replay any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
class Decider(Generic[C, S]):
    """What one kind of stream allows, as pure functions of its own events."""

    initial: S
    evolve: Callable[[S, Event, str], S]
    decide: Callable[[C, S, Actor, datetime], list[Event]]
    stream: Callable[[C], str]  # the stream a command is decided on
    subject: Callable[[C], str]  # how a refusal names that stream: "Article cop29"
    status: Callable[[S], str]  # what `--json` reports the stream's state as

    def fold(self, history: History) -> S:
        state = self.initial
        for event, actor in history:
            state = self.evolve(state, event, actor)
        return state
