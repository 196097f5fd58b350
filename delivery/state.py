"""Where each publishing hook stands: its checkpoint, its dead letters, its secret; and
what it did, in the delivery ledger (`delivery.ledger_store`), written with them."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select, update

from delivery.deliver import DeadLetter
from delivery.ledger import Attempt
from delivery.ledger_store import append_attempt
from events.errors import Conflict
from events.sql.engine import write_transaction
from events.sql.tables import hook_checkpoints, hook_dead_letters, hook_secrets


class HookState:
    def __init__(self, engine: Engine):
        self.engine = engine

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
        with write_transaction(self.engine) as conn:
            conn.execute(delete(hook_secrets).where(hook_secrets.c.name == name))
            if secret is not None:
                conn.execute(insert(hook_secrets).values(name=name, secret=secret))

    def replace_secret(self, name: str, old: str | None, new: str) -> None:
        """Change a hook's stored secrets from `old` (None: there are none) to `new`,
        unless another chief changed them in the meantime: then nothing is written."""
        with write_transaction(self.engine) as conn:
            changed = _swap_secret(conn, name, old, new)
        if not changed:
            raise Conflict(f"The secrets of hook {name} changed meanwhile; nothing was written.")

    def secret(self, name: str) -> str | None:
        query = select(hook_secrets.c.secret).where(hook_secrets.c.name == name)
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else str(found)

    def forget(self, name: str) -> None:
        """A removed hook leaves no secret and no delivery state behind."""
        with write_transaction(self.engine) as conn:
            for table in (hook_secrets, hook_checkpoints, hook_dead_letters):
                conn.execute(delete(table).where(table.c.name == name))


def _set_checkpoint(conn: Connection, name: str, position: int) -> None:
    table = hook_checkpoints
    moved = conn.execute(update(table).where(table.c.name == name).values(position=position))
    if moved.rowcount == 0:
        conn.execute(insert(table).values(name=name, position=position))


def _swap_secret(conn: Connection, name: str, old: str | None, new: str) -> bool:
    table = hook_secrets
    if old is not None:
        moved = conn.execute(
            update(table).where(table.c.name == name, table.c.secret == old).values(secret=new)
        )
        return bool(moved.rowcount == 1)
    if conn.execute(select(table.c.name).where(table.c.name == name)).first() is not None:
        return False
    conn.execute(insert(table).values(name=name, secret=new))
    return True
