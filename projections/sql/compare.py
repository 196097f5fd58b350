"""A fresh rebuild beside the projection tables, compared row by row in the database.

The rebuild goes into temporary tables on one connection (an auditor needs no right
to write the store's own tables), so memory stays flat however long the log is.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, Table, literal, select, union_all

from projections.sql.runner import BATCH_SIZE, create_empty, drop_projections, replay
from projections.sql.tables import TABLES, projection_tables

SHADOW_PREFIX = "verify_"


def differences_from_rebuild(
    engine: Engine, up_to: int, on_batch: Callable[[int], None] = lambda n: None
) -> list[str]:
    """One sentence per projection that differs from replaying the log up to `up_to`."""
    shadow = projection_tables(SHADOW_PREFIX, temporary=True)
    with engine.connect() as conn:
        with conn.begin():
            create_empty(conn, shadow, indexes=False)
            replay(conn, shadow, BATCH_SIZE, up_to, on_batch)
        with conn.begin():
            problems = [
                f"The {name} projection differs from a fresh rebuild at {where}."
                for name, real in TABLES.by_projection().items()
                if (where := first_difference(conn, real, shadow.by_projection()[name])) is not None
            ]
            checkpoint = _lowest_checkpoint(conn, TABLES.checkpoints)
            if checkpoint != up_to:
                problems.insert(0, f"The projections stand at position {checkpoint}, not {up_to}.")
        with conn.begin():
            drop_projections(conn, shadow)
    return problems


def first_difference(conn: Connection, real: Table, rebuilt: Table) -> str | None:
    """The smallest key whose row differs (or exists on one side only), as `column value`."""
    key = next(iter(real.primary_key.columns)).name
    only_real = select(real).except_(select(rebuilt)).subquery()
    only_rebuilt = select(rebuilt).except_(select(real)).subquery()
    keys = union_all(
        select(only_real.c[key].label("k"), literal(1).label("side")),
        select(only_rebuilt.c[key].label("k"), literal(2).label("side")),
    ).subquery()
    found = conn.execute(select(keys.c.k).order_by(keys.c.k).limit(1)).scalar()
    return None if found is None else f"{key.replace('_', ' ')} {found}"


def _lowest_checkpoint(conn: Connection, checkpoints: Table) -> int:
    positions = conn.execute(select(checkpoints.c.position)).scalars().all()
    return int(min(positions)) if positions else 0
