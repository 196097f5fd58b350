"""The one composition root: the store, the services, the clock and the delivery tools.

Built from the settings for one run, never at import.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from cli.options import RunRecord, Settings
from events.errors import BadStore, IntegrityFailure, NotFound, PermissionDenied
from events.instants import utc_iso
from events.sql.engine import (
    open_engine,
    opened_read_only,
    read_only_store,
    sqlite_path,
    translated,
    write_if_allowed,
    write_transaction,
)
from events.sql.schema import check_newsroom_store, refuse_foreign_tables, upgrade_log_schema
from events.sql.store import SqlEventStore
from projections.past import LogViews
from projections.sql.queries import Views
from projections.sql.runner import catch_up, ensure_projection_schema, lag
from projections.sql.tables import PROJECTIONS_VERSION

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from sqlalchemy import Connection, Engine

    from delivery.deliver import Summary, Tools
    from delivery.lanes import Lanes, OpenTools
    from delivery.programs import ProgramRules
    from delivery.state import HookState
    from delivery.worker import StopFlag
    from images.folder import MediaFolder
    from workflow import commands as cmd
    from workflow.hooks import Hook
    from workflow.service import Context, Newsroom, Outcome, Prepare, Replayed


@dataclass(frozen=True)
class Session:
    settings: Settings
    engine: Engine
    store: SqlEventStore
    record: RunRecord = field(default_factory=RunRecord)
    # The store can only be read and its projection tables lag behind its log: today's
    # views are folded from the log instead, and nothing is written.
    views_from_log: bool = False

    @cached_property
    def newsroom(self) -> Newsroom:
        # Imported on first use: read commands never load the deciders and their models.
        from workflow.service import Newsroom

        return Newsroom(self.store)

    @cached_property
    def views(self) -> Views | LogViews:
        return LogViews(self.store) if self.views_from_log else Views(self.engine)

    @cached_property
    def media(self) -> MediaFolder:
        from images.folder import MediaFolder

        return MediaFolder(self.settings.media_dir)

    @cached_property
    def hook_state(self) -> HookState:
        from cli.sealing import sealer_for
        from delivery.state import HookState

        return HookState(self.engine, sealer_for(self.settings))

    def handle(
        self,
        command: cmd.Command,
        *,
        expected: int | None = None,
        command_id: str | None = None,
        actor: str | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> Outcome:
        """Decide and append one command as the acting person, then bring the views up."""
        ctx = self.context(actor or self.settings.actor, command_id)
        outcome = self.newsroom.handle(command, ctx, expected, before_commit)
        self.record.article_id = outcome.article_id
        self.record.events += 0 if outcome.replayed else len(outcome.events)
        self.catch_up_after_write()
        return outcome

    def handle_prepared(
        self, prepare: Prepare, command_id: str | None = None, replayed: Replayed | None = None
    ) -> Outcome:
        """A command made under the write lock (an erasure), as the acting person."""
        ctx = self.context(self.settings.actor, command_id)
        outcome = self.newsroom.handle_prepared(prepare, ctx, replayed)
        self.record.article_id = outcome.article_id
        self.record.events += 0 if outcome.replayed else len(outcome.events)
        self.catch_up_after_write()
        return outcome

    def context(self, actor: str, command_id: str | None = None) -> Context:
        from workflow.fields import STAFF_NAME_PATTERN, refuse_bad_command_id, refuse_malformed
        from workflow.service import Context

        # Both go into every event's metadata: checked as any field is, before the key.
        refuse_malformed("actor", actor, STAFF_NAME_PATTERN)
        refuse_bad_command_id(command_id)
        # The key is read for each act (a tenth of a millisecond), so a refusal names who acts.
        key = signing_key(self.settings, actor)
        return Context(actor, key, self.settings.pinned_now, command_id)

    def admit(self, actor: str) -> None:
        """Refuse now, not at the first act, unless `actor` could sign an act here."""
        self.newsroom.admit(self.context(actor))

    def admit_maintainer(self, actor: str, task: str) -> None:
        """Refuse unless `actor` is a chief or the scheduler holding their registered key."""
        self.newsroom.admit_maintainer(self.context(actor), task)

    def catch_up_after_write(self) -> None:
        """The events are committed: a failing catch-up must not make the command look failed."""
        try:
            with translated(self.settings.store_url):
                catch_up(self.engine)
        except (BadStore, IntegrityFailure) as problem:
            from cli.render import warn

            warn(f"done, but the views lag behind: {problem}")

    def publish_due(self, actor: str, command_id: str | None = None) -> list[Outcome]:
        """What `tick` and the worker share: publish every embargo that has passed."""
        from workflow.schedule import publish_due

        ctx = self.context(actor, command_id)
        self.newsroom.admit(ctx)  # even when nothing is due: who runs the clock is known
        # Embargoes are lifted by the store's clock: no pinned clock publishes early.
        due = self.views.due_for_publication(utc_iso(self.store.clock()))
        if not due:
            return []
        outcomes = publish_due(self.newsroom, due, ctx)
        self.catch_up_after_write()
        self.record.events += sum(len(o.events) for o in outcomes)
        return outcomes


# Keys read in this process, by file, its modification and the passphrase given: `init`
# signs up to four acts, and a person at a terminal types the passphrase once.
_KEYS_READ: dict[tuple[str, int, str | None], Ed25519PrivateKey] = {}


def key_in_use(settings: Settings) -> Ed25519PrivateKey:
    """The acting person's private key; at a terminal, its passphrase is asked for once."""
    import getpass

    from signing.keyfile import is_protected, load

    path, passphrase = settings.key_path, settings.key_passphrase
    try:
        read = (str(path.resolve()), path.stat().st_mtime_ns, passphrase)
    except OSError:
        read = None  # `load` says what is wrong with the path
    if read in _KEYS_READ:
        return _KEYS_READ[read]
    if passphrase is None and sys.stdin.isatty() and is_protected(path):
        passphrase = getpass.getpass(f"Passphrase for {path}: ")
    key = load(path, passphrase)
    if read is not None:
        _KEYS_READ[read] = key
    return key


def signing_key(settings: Settings, actor: str | None = None) -> Ed25519PrivateKey:
    """The key in use, for an act: without one it is refused as any unsigned act is."""
    try:
        return key_in_use(settings)
    except NotFound:
        path = settings.key_path
        raise PermissionDenied(
            f"There is no key at {path} to sign {actor or settings.actor}'s acts with; "
            "nothing was written.",
            hint="create-key",
        ) from None


def store_engine(settings: Settings, *, must_exist: bool = True) -> Engine:
    """The store's engine, its sessions limited in how long they wait for a lock, run a
    statement or idle in a transaction, as the settings say."""
    return open_engine(
        settings.store_url,
        must_exist=must_exist,
        busy_seconds=settings.busy_seconds,
        statement_seconds=settings.pg_statement_seconds,
        idle_seconds=settings.pg_idle_seconds,
    )


@contextmanager
def open_session(
    settings: Settings, record: RunRecord | None = None, *, catch_up_first: bool = True
) -> Iterator[Session]:
    """A session on an existing newsroom store; database failures become one sentence.

    The projections are brought up to the log first. On a store that can only be read
    they cannot be: if they lag (or are of another layout), reads fold the log instead.
    """
    engine = store_engine(settings)
    try:
        with translated(settings.store_url):
            meta = check_newsroom_store(engine, settings.store_url)
            current = meta.get("projections_version") == PROJECTIONS_VERSION
            brought_up = not opened_read_only(engine) and write_if_allowed(
                lambda: _bring_up(engine, current, catch_up_first)
            )
            from_log = catch_up_first and not brought_up and (not current or lag(engine) > 0)
            store = SqlEventStore(engine)
            yield Session(settings, engine, store, record or RunRecord(), views_from_log=from_log)
    finally:
        engine.dispose()


def _bring_up(engine: Engine, current: bool, catch_up_first: bool) -> None:
    """The projection tables made to this code's layout, then caught up with the log."""
    if not current:
        with write_transaction(engine) as conn:
            ensure_projection_schema(conn)
    if catch_up_first:
        catch_up(engine)


@contextmanager
def creating_store(settings: Settings) -> Iterator[tuple[str | None, Connection]]:
    """Create or upgrade the schema and hold its write transaction open for more work.

    Yields the revision the store had (None: it is new) and the connection. A database
    that already holds other tables is refused; if anything fails, the transaction is
    rolled back and a SQLite file this call created is removed again.
    """
    with removed_unless_done(settings):
        engine = store_engine(settings, must_exist=False)
        try:
            with translated(settings.store_url), write_transaction_on_new_store(engine) as conn:
                before, _after = upgrade_log_schema(conn)
                ensure_projection_schema(conn)
                yield before, conn
        finally:
            engine.dispose()


@contextmanager
def removed_unless_done(settings: Settings) -> Iterator[None]:
    """A SQLite store that was missing (or an empty file) when the block began is left as
    it was found if the block fails: a refused `init` or `import` leaves no file behind."""
    path = sqlite_path(settings.store_url)
    fresh_file = path is not None and not os.path.lexists(path)
    empty_file = path is not None and os.path.isfile(path) and os.path.getsize(path) == 0
    try:
        yield
    except BaseException:
        if path is not None and (fresh_file or empty_file):
            _undo_sqlite_file(path, keep_empty=empty_file)
        raise


@contextmanager
def write_transaction_on_new_store(engine: Engine) -> Iterator[Connection]:
    from events.sql.engine import enable_wal

    refuse_foreign_tables(engine)
    enable_wal(engine)
    with write_transaction(engine) as conn:
        yield conn


def create_store(settings: Settings) -> str | None:
    """Create or upgrade the schema; returns the revision the store had (None: it is new)."""
    with creating_store(settings) as (before, _conn):
        return before


def _undo_sqlite_file(path: str, *, keep_empty: bool) -> None:
    """Leave the file as it was found: absent, or there but empty (WAL mode outlives a
    rollback, so the header it wrote must go too)."""
    for leftover in (f"{path}-wal", f"{path}-shm", *([] if keep_empty else [path])):
        with contextlib.suppress(FileNotFoundError):
            os.remove(leftover)
    if keep_empty:
        os.truncate(path, 0)


@dataclass(frozen=True)
class Delivering:
    """A session ready to deliver to hooks, that SIGTERM or SIGINT asks to stop."""

    session: Session
    open_tools: OpenTools  # one lane's targets and pauses, made in the lane's thread
    stopping: StopFlag
    wait: Callable[[float], None]  # until new events, a stop request, or the seconds pass
    stop_within: float  # how long a stop may take: the deadline of a send, and a margin

    def lanes(self) -> Lanes:
        from delivery.lanes import Lanes

        return Lanes(self.open_tools, self.deliver(), self.stopping)

    def deliver(self) -> Callable[[Hook, Tools], Summary]:
        from delivery.worker import delivering_to

        return delivering_to(self.session.store, self.session.hook_state)


def program_rules(settings: Settings) -> ProgramRules:
    """The operator's rules for hook programs, from this process's own settings."""
    from cli.options import worker_environment
    from delivery.programs import ProgramRules, run_as

    user = None if settings.hook_user is None else run_as(settings.hook_user)
    return ProgramRules(settings.hook_programs, user, worker_environment())


@contextmanager
def delivering(settings: Settings) -> Iterator[Delivering]:
    from delivery.payload import payload_builder
    from delivery.worker import Delivery, delivery_tools, grace, stop_on_signals
    from events.sql.notify import appends_waiter

    delivery = Delivery(
        settings.hook_attempts,
        settings.hook_backoff,
        settings.hook_timeout,
        settings.nats_url,
        settings.hook_allow_networks,
        program_rules(settings),
    )
    media_base = settings.media_url or settings.media_dir.resolve().as_uri()
    with stop_on_signals() as stopping, open_session(settings) as session:
        if opened_read_only(session.engine):  # nothing sent that could not be recorded
            raise read_only_store(settings.store_url)
        payload = payload_builder(session.store, media_base, session.media.public_copy)
        # Made here, in the main thread: the lanes share them and must not race to.
        state, _ = session.hook_state, session.newsroom
        open_tools = functools.partial(delivery_tools, delivery, state, payload, settings.now)
        with appends_waiter(session.engine, stopping, stopping.sleep) as wait:
            yield Delivering(session, open_tools, stopping, wait, grace(delivery))
