"""The command service: load a stream, decide, append with the version decided against.

Without an expected version from the user, a lost race is decided once more, this time
under the store's write lock, where it cannot be lost again; with one, any mismatch is
the user's conflict.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from events.catalog import article_stream
from events.chain import canonical_json
from events.envelope import Metadata, NewEvent, RecordedEvent
from events.errors import BadInput, Conflict
from events.models import ArticleApproved, Event, StaffMemberAdded
from events.store import CommandRecord, DuplicateCommand, EventStore, StreamLog
from workflow import commands as cmd
from workflow.article import Article, fold
from workflow.decide import decide
from workflow.hooks import HOOKS_STREAM, Hook, decide_hooks, fold_hooks
from workflow.roles import SCHEDULER, Actor, Roster, fold_roster
from workflow.staff import STAFF_STREAM, decide_staff


@dataclass(frozen=True, slots=True)
class Context:
    """Who asks, when, and under which command id (given by the user for idempotency)."""

    actor: str
    now: datetime
    command_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a command did: the stream it wrote, where that left it, and the new events."""

    stream_id: str
    article_id: str | None
    version: int
    status: str
    events: tuple[RecordedEvent, ...]
    replayed: bool = False


def typed_history(events: Sequence[RecordedEvent]) -> list[tuple[Event, str]]:
    return [(event.event(), event.actor) for event in events]


class Newsroom:
    def __init__(self, store: EventStore):
        self.store = store

    def hooks(self) -> dict[str, Hook]:
        return fold_hooks(event.event() for event in self.store.read_stream(HOOKS_STREAM))

    def roster(self) -> Roster:
        return roster_of(self.store)

    def article(self, article_id: str, to_version: int | None = None) -> Article | None:
        return fold(typed_history(self.store.read_stream(article_stream(article_id), to_version)))

    def handle(
        self, command: cmd.Command, ctx: Context, expected_version: int | None = None
    ) -> Outcome:
        if ctx.command_id is not None:
            prior = self.store.find_command(ctx.command_id)
            if prior is not None:
                return self._replay(prior, command)
        command_id = ctx.command_id or str(uuid.uuid4())
        try:
            # Decided under the write lock: appends queue on it anyway (the chain has one
            # head), so deciding inside costs a millisecond of lock and no decision can
            # ever be overtaken by another writer's.
            with self.store.locked() as log:
                return self._attempt(command, ctx, command_id, expected_version, log)
        except DuplicateCommand as duplicate:
            return self._replay(duplicate.record, command)

    def _attempt(
        self,
        command: cmd.Command,
        ctx: Context,
        command_id: str,
        expected: int | None,
        log: StreamLog,
    ) -> Outcome:
        target = _target_of(command)
        history = log.read_stream(target.stream_id)
        version = history[-1].stream_version if history else 0
        if expected is not None and expected != version:
            raise Conflict(
                f"{target.subject} is at version {version}, not {expected}: someone else "
                "changed it since you looked. Nothing was written.",
                stream_id=target.stream_id,
                expected=expected,
                actual=version,
            )
        typed = typed_history(history)
        actor = Actor(ctx.actor, target.roster(typed, log).get(ctx.actor))
        decided = target.decide(typed, actor, ctx.now)
        metadata = _metadata(command, ctx, command_id, actor, decided)
        recorded = log.append(
            target.stream_id,
            [NewEvent(event, metadata) for event in decided],
            version,
            now=ctx.now,
            command_id=command_id,
            command_name=type(command).__name__,
            fingerprint=fingerprint(command),
            fresh_id=ctx.command_id is None,
        )
        after = [*typed, *((event, ctx.actor) for event in decided)]
        return Outcome(
            target.stream_id,
            target.article_id,
            version + len(recorded),
            target.status(after),
            tuple(recorded),
        )

    def _replay(self, record: CommandRecord, command: cmd.Command) -> Outcome:
        target = _target_of(command)
        same = (record.command_name, record.stream_id) == (type(command).__name__, target.stream_id)
        if not same or record.fingerprint not in (None, fingerprint(command)):
            earlier = cmd.CLI_NAMES.get(record.command_name, record.command_name) or "a command"
            raise BadInput(
                f"Command id {record.command_id} was already used for another `{earlier}` "
                f"on {record.stream_id}; use a new id."
            )
        last = record.events[-1].stream_version
        typed = typed_history(self.store.read_stream(record.stream_id, to_version=last))
        return Outcome(
            record.stream_id, target.article_id, last, target.status(typed), record.events, True
        )


@dataclass(frozen=True, slots=True)
class _Target:
    stream_id: str
    article_id: str | None
    subject: str
    roster: Callable[[list[tuple[Event, str]], StreamLog], Roster]
    decide: Callable[[list[tuple[Event, str]], Actor, datetime], list[Event]]
    status: Callable[[list[tuple[Event, str]]], str]


def roster_of(log: StreamLog) -> Roster:
    """Who is on the staff, and in which role, as `log` holds it."""
    return fold_roster(event.event() for event in log.read_stream(STAFF_STREAM))


def _staff(_history: list[tuple[Event, str]], log: StreamLog) -> Roster:
    return roster_of(log)


def _target_of(command: cmd.Command) -> _Target:
    if isinstance(command, cmd.ArticleCommand):
        return _Target(
            stream_id=article_stream(command.article_id),
            article_id=command.article_id,
            subject=f"Article {command.article_id}",
            roster=_staff,
            decide=lambda history, actor, now: decide(command, fold(history), actor, now),
            status=lambda history: _status(fold(history)),
        )
    if isinstance(command, cmd.RegisterHook | cmd.RemoveHook):
        return _Target(
            stream_id=HOOKS_STREAM,
            article_id=None,
            subject="The hooks list",
            roster=_staff,
            decide=lambda history, actor, now: decide_hooks(
                command, fold_hooks(event for event, _ in history), actor
            ),
            status=lambda _history: "active",
        )
    return _Target(
        stream_id=STAFF_STREAM,
        article_id=None,
        subject="The staff list",
        roster=lambda history, _log: fold_roster(event for event, _ in history),
        decide=lambda history, actor, now: decide_staff(
            command, fold_roster(event for event, _ in history), actor
        ),
        status=lambda _history: "active",
    )


def _status(article: Article | None) -> str:
    return article.status if article is not None else "none"


def fingerprint(command: cmd.Command) -> str:
    """What a command asked for, as a hash: a retry matches it, a reused id does not."""
    asked = [type(command).__name__, command.model_dump(mode="json")]
    return hashlib.sha256(canonical_json(asked).encode()).hexdigest()


def _metadata(
    command: cmd.Command, ctx: Context, command_id: str, actor: Actor, decided: list[Event]
) -> Metadata:
    overrides = [e.lint_override for e in decided if isinstance(e, ArticleApproved)]
    reason = (
        getattr(command, "reason", None)
        or getattr(command, "note", None)
        or next((why for why in overrides if why), None)
    )
    return Metadata(
        actor=ctx.actor,
        command_id=command_id,
        correlation_id=command_id,
        causation_id=command_id,
        reason=reason,
        role=actor.role or _role_without_roster(ctx.actor, decided),
        command=type(command).__name__,
        extra=dict(ctx.extra),
    )


def _role_without_roster(name: str, decided: list[Event]) -> str | None:
    """The scheduler acts as the system; the founding chief, by the event that adds them."""
    if name == SCHEDULER:
        return "system"
    founding = [e.role for e in decided if isinstance(e, StaffMemberAdded) and e.name == name]
    return founding[0] if founding else None
