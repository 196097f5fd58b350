"""Proving the log lawful: each signed act signed by its actor's key at that position, and
each event what the rules decide given the log before it.

The deciders are replayed over the log: for every event the command that decides it
is rebuilt (`Decider.command_of`) and decided again over the state before it, as the
actor's role, key and clock stood then. Events from before signing began are folded
into the states but not judged: nobody signed them, so nobody can be held to them.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from events.catalog import (
    ARTICLE_PREFIX,
    HOOKS_STREAM,
    REDACTIONS_STREAM,
    STAFF_STREAM,
    is_pinned,
)
from events.envelope import authored_of
from events.erasures import Erasures
from events.errors import NewsroomError
from events.models import ArticleAssigned, Event, InvalidEvent, validated_event
from events.signatures import Claim, SignatureChecks
from events.store import LOG_KEY
from events.upcast import upcast
from events.verify import Link, Problem
from workflow.article import ARTICLE
from workflow.decider import Decider, When
from workflow.hooks import HOOKS
from workflow.redaction import REDACTIONS
from workflow.roles import Actor
from workflow.service import claimed_key, founding_role
from workflow.staff import STAFF, Staff, actor_of, refuse_pinned_clock

UNLAWFUL = "unlawful"


def decider_of(stream_id: str) -> Decider[Any, Any] | None:
    if stream_id == STAFF_STREAM:
        return STAFF
    if stream_id == HOOKS_STREAM:
        return HOOKS
    if stream_id == REDACTIONS_STREAM:
        return REDACTIONS
    return ARTICLE if stream_id.startswith(ARTICLE_PREFIX) else None


class LawfulReplay:
    """`check` each event in log order, then `finish`: each returns the earliest problem
    found so far, or None. Signatures are checked on every core of a long log, so use it
    as a context manager, which stops the processes it started."""

    def __init__(
        self, signatures: SignatureChecks | None = None, erasures: Erasures | None = None
    ) -> None:
        self.staff = Staff()
        self.erasures = erasures or Erasures()
        self.states: dict[str, Any] = {}
        self.signatures = signatures or SignatureChecks()
        self.log_id = ""  # the first event's id: every signed act names it
        self.last_effective: dict[str, str] = {}  # each stream's last occurred_at

    def __enter__(self) -> LawfulReplay:
        return self

    def __exit__(self, *exc: object) -> None:
        self.signatures.__exit__(None, None, None)

    def finish(self) -> Problem | None:
        return self.signatures.settle()

    def check(self, link: Link) -> Problem | None:
        problem = self._judge(link)
        if problem is not None:  # a signature still being checked may lie before it
            earlier = self.signatures.settle()
            return min((p for p in (earlier, problem) if p), key=lambda p: p.position)
        return self.signatures.earliest()

    def _judge(self, link: Link) -> Problem | None:
        if link.global_position == 1:
            self.log_id = link.event_id
        decider = decider_of(link.stream_id)
        if decider is None:
            return Problem(
                link.global_position, UNLAWFUL, f"no rules know the stream {link.stream_id}"
            )
        metadata = json.loads(link.metadata_json)
        actor = str(metadata.get("actor", ""))
        try:
            stored = json.loads(link.data_json)
            current = upcast(link.event_type, link.schema_version, stored)
            text_or_data = link.data_json if current is stored else current
            event = validated_event(link.event_type, text_or_data)
        except InvalidEvent as invalid:
            return Problem(link.global_position, UNLAWFUL, f"its data is {invalid}")
        except (ValueError, KeyError, TypeError):
            return Problem(link.global_position, UNLAWFUL, f"its data is not a {link.event_type}")
        state = self.states.get(link.stream_id, decider.initial)
        if link.signature is not None:
            problem = (
                self._signature(link, actor, event)
                or self.signatures.earliest()
                or self._rules(link, decider, state, actor, metadata, event)
            )
            if problem is not None:
                return problem
        state = decider.evolve(state, event, actor)
        self.states[link.stream_id] = state
        self.last_effective[link.stream_id] = link.occurred_at
        if link.stream_id == STAFF_STREAM:
            self.staff = state
        return None

    def _signature(self, link: Link, actor: str, event: Event) -> Problem | None:
        at = link.global_position
        registered = self.staff.keys.get(actor) or claimed_key(actor, [event])
        if registered is None:
            return Problem(
                at, "unsigned", f"{actor or 'nobody'} had no registered key to sign with"
            )
        assert link.signature is not None
        self.signatures.add(Claim(at, actor, registered, link.signature, authored_of(link)))
        return None

    def _rules(
        self,
        link: Link,
        decider: Decider[Any, Any],
        state: Any,
        actor: str,
        metadata: dict[str, Any],
        event: Event,
    ) -> Problem | None:
        """Decide the event's command again, as the actor stood then; it must give the event."""
        at = link.global_position
        if metadata.get(LOG_KEY) != self.log_id:
            detail = f"it was signed for another log ({metadata.get(LOG_KEY)}), not this one"
            return Problem(at, "copied", detail)
        role = self.staff.roles.get(actor)
        try:
            command = decider.command_of([event], state)
            acting = Actor(actor, role or founding_role(actor, [event]))
            if metadata.get("role") != acting.role:
                said = metadata.get("role")
                return Problem(
                    at, UNLAWFUL, f"it says {actor} acted as {said}, but they were {acting.role}"
                )
            problem = self._clock(link, metadata, acting)
            if problem is not None or self._erased(link):
                return problem
            decided = decider.decide(command, state, actor_of(self.staff, actor), _when(link))
        except NewsroomError as refusal:
            return Problem(at, UNLAWFUL, f"the rules refuse it: {str(refusal).rstrip('.')}")
        except (ValidationError, ValueError, KeyError):
            return Problem(at, UNLAWFUL, f"no command decides a {link.event_type} like it")
        if decided != [event]:
            return Problem(at, UNLAWFUL, "it is not what the rules decide for its command")
        return self._assignee(at, event)

    def _assignee(self, at: int, event: Event) -> Problem | None:
        """An assignment names its assignee's role: the staff stream must have said so then."""
        if not isinstance(event, ArticleAssigned):
            return None
        role = self.staff.roles.get(event.assignee)
        if role == event.assignee_role:
            return None
        were = role or "not on the staff"
        detail = f"it says {event.assignee} was {event.assignee_role}, but they were {were}"
        return Problem(at, UNLAWFUL, detail)

    def _erased(self, link: Link) -> bool:
        """From a stream's first erased event on, its decisions cannot be taken again over
        words the rules no longer see: those acts stand on their signatures, which still
        verify, on their roles and on their clocks."""
        first = self.erasures.first_erased.get(link.stream_id)
        return first is not None and link.global_position >= first

    def _clock(self, link: Link, metadata: dict[str, Any], acting: Actor) -> Problem | None:
        if is_pinned(metadata):
            refuse_pinned_clock(self.staff, acting)
            if link.recorded_at is not None and link.occurred_at > link.recorded_at:
                detail = "its pinned time is later than the store's clock: a backfill backdates"
                return Problem(link.global_position, UNLAWFUL, detail)
            if link.occurred_at < self.last_effective.get(link.stream_id, ""):
                detail = f"its pinned time is before the last act on {link.stream_id}"
                return Problem(link.global_position, UNLAWFUL, detail)
            return None
        if link.occurred_at != link.recorded_at:
            detail = "its time is not the store's clock, yet it does not say the clock was pinned"
            return Problem(link.global_position, UNLAWFUL, detail)
        return None


def _when(link: Link) -> When:
    assert link.recorded_at is not None
    return When(_instant(link.occurred_at), _instant(link.recorded_at))


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
