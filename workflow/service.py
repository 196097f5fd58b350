"""The command service: load a stream, decide, append with the version decided against.

Every command is decided under the store's write lock (appends queue on it anyway,
since the chain has one head), so no decision can be overtaken by another writer's;
a version the user expected but the stream has left is the user's conflict.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from events.catalog import (
    HOOKS_STREAM,
    PINNED,
    REDACTIONS_STREAM,
    STAFF_STREAM,
    article_of,
    article_stream,
)
from events.chain import canonical_json
from events.envelope import Metadata, NewEvent, RecordedEvent
from events.errors import BadInput, Conflict, PermissionDenied
from events.instants import occurred_at_text, utc_iso
from events.models import (
    ArticleApproved,
    ArticleCorrected,
    Event,
    StaffKeyChanged,
    StaffMemberAdded,
)
from events.signer import Signer, refusal
from events.store import CommandRecord, DuplicateCommand, EventStore, StreamLog, Transaction
from workflow import commands as cmd
from workflow.article import ARTICLE, Article
from workflow.decider import C, Decider, S, When
from workflow.hooks import HOOKS, Registry
from workflow.redaction import REDACTIONS, Requests
from workflow.roles import Actor, Roster, require_maintainer, require_staff
from workflow.staff import STAFF, Staff, actor_of, refuse_pinned_clock

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# A command made under the write lock, and what it does there after its events are appended.
Prepare = Callable[[Transaction], tuple[cmd.Command, Callable[[Transaction], None]]]
# The command a command id already did, rebuilt from its events (or refused).
Replayed = Callable[[CommandRecord], cmd.Command]

# Which decider hears which command; a command's class or any class above it.
DECIDERS: dict[type[cmd.Command], Decider[Any, Any]] = {
    cmd.ArticleCommand: ARTICLE,
    cmd.AddStaffMember: STAFF,
    cmd.ChangeStaffRole: STAFF,
    cmd.ChangeStaffKey: STAFF,
    cmd.SetPinnedClockPolicy: STAFF,
    cmd.ChangeLogKey: STAFF,
    cmd.RemoveStaffMember: STAFF,
    cmd.RegisterHook: HOOKS,
    cmd.RemoveHook: HOOKS,
    cmd.RequestRedaction: REDACTIONS,
    cmd.ConfirmRedaction: REDACTIONS,
}


def decider_for(command: cmd.Command) -> Decider[Any, Any]:
    for kind in type(command).__mro__:
        if (decider := DECIDERS.get(kind)) is not None:
            return decider
    raise TypeError(f"no decider for {type(command).__name__}")


@dataclass(frozen=True, slots=True)
class Context:
    """Who asks, holding which key, under which command id (given by the user for
    idempotency), and the pinned clock they act under, if any (a backfill)."""

    actor: str
    key: Ed25519PrivateKey
    pinned: datetime | None = None
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


def state_of(
    decider: Decider[Any, S], log: StreamLog, stream_id: str, to_version: int | None = None
) -> S:
    """A stream's state as `log` holds it (up to a version), folded by its decider."""
    return decider.fold(typed_history(log.read_stream(stream_id, to_version)))


def roster_of(log: StreamLog) -> Roster:
    """Who is on the staff, and in which role, as `log` holds it."""
    return state_of(STAFF, log, STAFF_STREAM).roles


class Newsroom:
    def __init__(self, store: EventStore):
        self.store = store

    def hooks(self) -> Registry:
        return state_of(HOOKS, self.store, HOOKS_STREAM)

    def roster(self) -> Roster:
        return roster_of(self.store)

    def redactions(self) -> Requests:
        return state_of(REDACTIONS, self.store, REDACTIONS_STREAM)

    def staff(self) -> Staff:
        """The roles and the keys."""
        return state_of(STAFF, self.store, STAFF_STREAM)

    def article(self, article_id: str, to_version: int | None = None) -> Article | None:
        return state_of(ARTICLE, self.store, article_stream(article_id), to_version)

    def admit(self, ctx: Context) -> None:
        """Refuse unless `ctx` could sign an act now: its actor on the staff, holding their
        registered key, under a clock the store's policy allows."""
        staff = self.staff()
        actor = actor_of(staff, ctx.actor)
        require_staff(actor)
        _signer(ctx, staff.keys.get(ctx.actor))
        self._admit_clock(ctx, staff, actor)

    def admit_maintainer(self, ctx: Context, task: str) -> None:
        """Refuse unless `ctx`'s actor is a chief or the scheduler holding their registered
        key: maintenance signs nothing of its own, so this is its proof of who runs it."""
        staff = self.staff()
        actor = actor_of(staff, ctx.actor)
        require_maintainer(actor, task)
        _signer(ctx, staff.keys.get(ctx.actor))

    def _admit_clock(self, ctx: Context, staff: Staff, actor: Actor) -> None:
        if ctx.pinned is not None:
            refuse_pinned_clock(staff, actor)
            with self.store.locked() as log:
                _refuse_future(ctx.pinned, log.recorded_now())

    def handle(
        self,
        command: cmd.Command,
        ctx: Context,
        expected_version: int | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> Outcome:
        """Decide and append `command`. `before_commit` runs once its events are appended,
        under the write lock, before they commit (whatever it raises writes nothing): where
        a photo's file takes its name, so no other command can see it half-recorded."""
        if ctx.command_id is not None:
            prior = self.store.find_command(ctx.command_id)
            if prior is not None:
                return self._replay(prior, command, ctx)
        command_id = ctx.command_id or str(uuid.uuid4())
        try:
            with self.store.locked() as log:
                outcome = self._decide(command, ctx, command_id, expected_version, log)
                if before_commit is not None and outcome.events:
                    before_commit()
                return outcome
        except DuplicateCommand as duplicate:
            return self._replay(duplicate.record, command, ctx)

    def handle_prepared(
        self, prepare: Prepare, ctx: Context, replayed: Replayed | None = None
    ) -> Outcome:
        """Like `handle`, for a command made from the log as it stands under the write
        lock (an erasure's new data). `prepare` gives the command, and what to do once its
        events are appended, before they commit (rewrite the erased rows). `replayed`
        rebuilds the command a command id already did, or refuses one asked otherwise."""
        if ctx.command_id is not None and replayed is not None:
            prior = self.store.find_command(ctx.command_id)
            if prior is not None:
                return self._replay(prior, replayed(prior), ctx)
        try:
            with self.store.locked() as log:
                command, then = prepare(log)
                command_id = ctx.command_id or str(uuid.uuid4())
                outcome = self._decide(command, ctx, command_id, None, log)
                if outcome.events:
                    then(log)
                return outcome
        except DuplicateCommand as duplicate:
            if replayed is None:
                raise
            return self._replay(duplicate.record, replayed(duplicate.record), ctx)

    def _decide(
        self,
        command: cmd.Command,
        ctx: Context,
        command_id: str,
        expected: int | None,
        log: Transaction,
    ) -> Outcome:
        decider = decider_for(command)
        stream_id = decider.stream(command)
        history = log.read_stream(stream_id)
        version = history[-1].stream_version if history else 0
        if expected is not None and expected != version:
            raise Conflict(
                f"{decider.subject(command)} is at version {version}, not {expected}: someone "
                "else changed it since you looked. Nothing was written.",
                stream_id=stream_id,
                expected=expected,
                actual=version,
            )
        typed = typed_history(history)
        state = decider.fold(typed)
        # A staff command has just read the staff: its own stream.
        staff = state if stream_id == STAFF_STREAM else state_of(STAFF, log, STAFF_STREAM)
        actor = actor_of(staff, ctx.actor)
        command = _with_assignee_role(command, staff)
        registered = staff.keys.get(ctx.actor)
        if registered is not None:  # who you are comes before what you may do
            _refuse_unless_own_key(ctx, registered)
        clock = log.recorded_now()
        _refuse_future(ctx.pinned, clock)
        _refuse_out_of_order(ctx.pinned, history, decider.subject(command))
        decided = decider.decide(command, state, actor, When(ctx.pinned or clock, clock))
        signer = _signer(ctx, registered or claimed_key(ctx.actor, decided))
        acting = Actor(ctx.actor, actor.role or founding_role(ctx.actor, decided))
        if ctx.pinned is not None:
            refuse_pinned_clock(staff, acting)
        metadata = _metadata(command, ctx, command_id, acting, decided)
        recorded = log.append(
            stream_id,
            [NewEvent(event, metadata) for event in decided],
            version,
            now=ctx.pinned,
            command_id=command_id,
            command_name=type(command).__name__,
            signer=signer,
            fingerprint=fingerprint(command),
            fresh_id=ctx.command_id is None,
        )
        for event in decided:
            state = decider.evolve(state, event, ctx.actor)
        return Outcome(
            stream_id,
            article_of(stream_id),
            version + len(recorded),
            decider.status(state),
            tuple(recorded),
        )

    def _replay(self, record: CommandRecord, command: cmd.Command, ctx: Context) -> Outcome:
        decider = decider_for(command)
        stream_id = decider.stream(command)
        same = (record.command_name, record.stream_id) == (type(command).__name__, stream_id)
        by = record.events[-1].actor if record.events else ctx.actor
        if not same or by != ctx.actor or record.fingerprint not in (None, fingerprint(command)):
            raise command_id_reused(record, by if by != ctx.actor else "")
        self.admit(ctx)  # "already done" is said only to whoever could have done it
        last = record.events[-1].stream_version
        state = decider.fold(typed_history(self.store.read_stream(record.stream_id, last)))
        return Outcome(
            record.stream_id,
            article_of(stream_id),
            last,
            decider.status(state),
            record.events,
            True,
        )


def _with_assignee_role(command: C, staff: Staff) -> C:
    """An assignment names its assignee's role as the staff stands under the write lock,
    so no change of role between the edge's look-up and the append makes it unlawful."""
    if not isinstance(command, cmd.AssignArticle):
        return command
    return command.model_copy(update={"assignee_role": staff.roles.get(command.assignee)})


def command_id_reused(record: CommandRecord, by: str = "") -> BadInput:
    """A command id given again for another command (`by`: someone else's)."""
    whose = f"by {by} " if by else ""
    return BadInput(
        f"Command id {record.command_id} was already used {whose}for another command "
        f"on {record.stream_id}.",
        hint="new-command-id",
        command=record.command_name,
        command_id=record.command_id,
        stream_id=record.stream_id,
        by=by,
    )


def fingerprint(command: cmd.Command) -> str:
    """What a command asked for, as a hash: a retry matches it, a reused id does not."""
    asked = [type(command).__name__, command.model_dump(mode="json")]
    return hashlib.sha256(canonical_json(asked).encode()).hexdigest()


def _metadata(
    command: cmd.Command, ctx: Context, command_id: str, actor: Actor, decided: list[Event]
) -> Metadata:
    overrides = [
        e.lint_override for e in decided if isinstance(e, ArticleApproved | ArticleCorrected)
    ]
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
        role=actor.role,
        command=type(command).__name__,
        extra={**ctx.extra, **(PINNED if ctx.pinned is not None else {})},
    )


def founding_role(name: str, decided: Sequence[Event]) -> str | None:
    """The founding chief's role, by the event that adds them."""
    founding = [e.role for e in decided if isinstance(e, StaffMemberAdded) and e.name == name]
    return founding[0] if founding else None


def claimed_key(name: str, decided: Sequence[Event]) -> str | None:
    """The key a keyless actor gives themselves: the founding chief's, or the first chief's
    on a store from before keys (the decider has allowed the claim)."""
    for event in decided:
        if isinstance(event, StaffMemberAdded | StaffKeyChanged) and event.name == name:
            return event.public_key
    return None


def _refuse_future(pinned: datetime | None, clock: datetime) -> None:
    """A pinned clock backdates an act (a backfill); it never stamps one ahead of the store."""
    if pinned is not None and pinned > clock:
        raise BadInput(
            f"NEWSROOM_NOW ({utc_iso(pinned)}) is later than the store's clock "
            f"({utc_iso(clock)}): a pinned clock may only backdate an act. Nothing was written."
        )


def _refuse_out_of_order(
    pinned: datetime | None, history: Sequence[RecordedEvent], subject: str
) -> None:
    """A backfill keeps each stream's own order: no act before the one it follows."""
    if pinned is None or not history:
        return
    last = history[-1].occurred_at
    if occurred_at_text(pinned) < last:
        raise BadInput(
            f"NEWSROOM_NOW ({utc_iso(pinned)}) is before the last act on {subject} "
            f"({last}): a backfill keeps the order of what it records. Nothing was written."
        )


def _refuse_unless_own_key(ctx: Context, registered: str) -> None:
    from events.sshsig import public_line

    used = public_line(ctx.key.public_key())
    if used != registered:
        raise refusal(ctx.actor, used, registered)


def _signer(ctx: Context, registered: str | None) -> Signer:
    if registered is None:
        raise PermissionDenied(
            f"{ctx.actor} has no registered key to sign with; nothing was written.",
            hint="register-key",
            name=ctx.actor,
        )
    _refuse_unless_own_key(ctx, registered)
    return Signer(ctx.actor, ctx.key, registered)
