"""Where each publishing hook stands: its checkpoint, its dead letters, its secret; and
what it did, in the delivery ledger (`delivery.ledger_store`), written with them.

Secrets are written sealed (`delivery.sealed`) and unsealed as they are read; `sealer`
gives the keys, read only when a secret is (`make`: a missing default key file may be
made, for sealing; never for unsealing, when only the lost key would do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, delete, insert, select, update

from delivery.deliver import DeadLetter
from delivery.ledger import Attempt
from delivery.ledger_store import append_attempt
from delivery.sealed import CannotUnseal, Sealer, is_sealed, secret_count
from delivery.sealing_key import VARIABLE
from events.errors import Conflict, PermissionDenied
from events.sql.engine import write_transaction
from events.sql.tables import hook_checkpoints, hook_dead_letters, hook_secrets

GetSealer = Callable[[bool], Sealer]


class HookState:
    def __init__(self, engine: Engine, sealer: GetSealer | None = None):
        self.engine = engine
        self._sealer = sealer

    def checkpoint(self, name: str) -> int | None:
        """The last position delivered (or skipped) for this hook; None before its first run."""
        query = select(hook_checkpoints.c.position).where(hook_checkpoints.c.name == name)
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else int(found)

    def move_checkpoint(self, name: str, position: int, sent: Attempt | None = None) -> None:
        """Past `position`; `sent`, the delivery that got there, kept in the same transaction."""
        with write_transaction(self.engine) as conn:
            if sent is not None:
                append_attempt(conn, sent)
            _set_checkpoint(conn, name, position)

    def add_dead_letter(
        self, letter: DeadLetter, then_checkpoint: int, last: Attempt | None = None
    ) -> None:
        """Park an event that kept failing, and move on past it, in one transaction (with
        the last attempt's row in the ledger)."""
        with write_transaction(self.engine) as conn:
            if last is not None:
                append_attempt(conn, last)
            row = {field: getattr(letter, field) for field in DeadLetter.__slots__}
            conn.execute(
                delete(hook_dead_letters).where(
                    hook_dead_letters.c.name == letter.name,
                    hook_dead_letters.c.global_position == letter.global_position,
                )
            )
            conn.execute(insert(hook_dead_letters).values(**row))
            _set_checkpoint(conn, letter.name, then_checkpoint)

    def dead_letters(self, name: str | None = None) -> list[DeadLetter]:
        query = select(hook_dead_letters).order_by(
            hook_dead_letters.c.name, hook_dead_letters.c.global_position
        )
        if name is not None:
            query = query.where(hook_dead_letters.c.name == name)
        with self.engine.connect() as conn:
            return [DeadLetter(**row._mapping) for row in conn.execute(query)]

    def record_attempt(self, attempt: Attempt) -> None:
        with write_transaction(self.engine) as conn:
            append_attempt(conn, attempt)

    def forget_dead_letter(self, name: str, position: int, sent: Attempt | None = None) -> None:
        with write_transaction(self.engine) as conn:
            if sent is not None:
                append_attempt(conn, sent)
            conn.execute(
                delete(hook_dead_letters).where(
                    hook_dead_letters.c.name == name,
                    hook_dead_letters.c.global_position == position,
                )
            )

    def set_secret(self, name: str, secret: str | None) -> None:
        sealed = None if secret is None else self._sealing(make=True).seal(secret)
        with _scrubbing(self.engine) as conn:
            conn.execute(delete(hook_secrets).where(hook_secrets.c.name == name))
            if sealed is not None:
                conn.execute(insert(hook_secrets).values(name=name, secret=sealed))

    def replace_secret(self, name: str, old: str | None, new: str) -> None:
        """Change a hook's stored secrets from `old` (None: there are none) to `new`,
        unless another chief changed them in the meantime: then nothing is written.
        Compared unsealed: the same secret sealed twice is two different tokens."""
        sealed = self._sealing(make=True).seal(new)
        with _scrubbing(self.engine) as conn:
            changed = _swap_secret(conn, name, old, sealed, lambda found: self._open(name, found))
        if not changed:
            raise Conflict(f"The secrets of hook {name} changed meanwhile; nothing was written.")

    def ready_to_seal(self) -> None:
        """Refuse now, before a hook is wired, if no secret could be sealed."""
        self._sealing(make=True)

    def secret(self, name: str) -> str | None:
        """The hook's secrets unsealed; `PermissionDenied` if the key in use did not seal them."""
        stored = self._stored(name)
        return None if stored is None else self._open(name, stored)

    def secret_count(self, name: str) -> int:
        """How many secrets the hook signs with, read without the key."""
        return secret_count(self._stored(name))

    def reseal(self, *, every: bool) -> int:
        """Seal the rows still in plain text (`every`: re-seal the sealed ones too, with
        the newest key); how many rows were written. Nothing is read if none need it."""
        with _scrubbing(self.engine) as conn:
            rows = conn.execute(select(hook_secrets)).all()
            due = [(row.name, row.secret) for row in rows if every or not is_sealed(row.secret)]
            if not due:
                return 0
            sealer = self._sealing(make=True)
            for name, stored in due:
                fresh = sealer.seal(self._open(name, stored))
                where = hook_secrets.c.name == name
                conn.execute(update(hook_secrets).where(where).values(secret=fresh))
        _empty_wal(self.engine)
        return len(due)

    def _stored(self, name: str) -> str | None:
        query = select(hook_secrets.c.secret).where(hook_secrets.c.name == name)
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else str(found)

    def _open(self, name: str, stored: str) -> str:
        if not is_sealed(stored):
            return stored  # written before secrets were sealed
        try:
            return self._sealing(make=False).unseal(stored)
        except CannotUnseal:
            raise PermissionDenied(
                f"Cannot unseal the secret of hook {name}: wrong {VARIABLE}, none of its "
                "keys sealed it."
            ) from None

    def _sealing(self, *, make: bool) -> Sealer:
        if self._sealer is None:
            raise RuntimeError("a HookState that reaches secrets needs a sealer")
        return self._sealer(make)

    def forget(self, name: str) -> None:
        """A removed hook leaves no secret and no delivery state behind."""
        with _scrubbing(self.engine) as conn:
            for table in (hook_secrets, hook_checkpoints, hook_dead_letters):
                conn.execute(delete(table).where(table.c.name == name))


@contextmanager
def _scrubbing(engine: Engine) -> Iterator[Connection]:
    """A write transaction whose deleted and replaced bytes SQLite overwrites with zeros:
    a secret once in plain text must not linger in a free corner of the store's file."""
    with write_transaction(engine) as conn:
        if conn.dialect.name != "sqlite":
            yield conn
            return
        before = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
        conn.exec_driver_sql("PRAGMA secure_delete = ON")  # many builds have it on already
        yield conn
        conn.exec_driver_sql(f"PRAGMA secure_delete = {int(bool(before))}")


def _empty_wal(engine: Engine) -> None:
    """SQLite's -wal file may still hold pages from before, plain secrets and all: copy
    it into the store and cut it to nothing (if a reader holds it, at its next reset)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _set_checkpoint(conn: Connection, name: str, position: int) -> None:
    table = hook_checkpoints
    moved = conn.execute(update(table).where(table.c.name == name).values(position=position))
    if moved.rowcount == 0:
        conn.execute(insert(table).values(name=name, position=position))


def _swap_secret(
    conn: Connection, name: str, old: str | None, new: str, opened: Callable[[str], str]
) -> bool:
    table = hook_secrets
    query = select(table.c.secret).where(table.c.name == name).with_for_update()
    current = conn.execute(query).scalar()
    if current is None:
        if old is not None:
            return False
        conn.execute(insert(table).values(name=name, secret=new))
        return True
    if old is None or opened(str(current)) != old:
        return False
    conn.execute(update(table).where(table.c.name == name).values(secret=new))
    return True
