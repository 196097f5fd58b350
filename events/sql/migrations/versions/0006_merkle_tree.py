"""The log's Merkle tree (RFC 9162): its perfect nodes, its right edge in the head, and
the signed checkpoints made of it.

Built here over the events already in the log, as appends build it from now on; and
from here on the log's tables refuse UPDATE and DELETE.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from events.merkle import Frontier

    op.create_table(
        "tree_nodes",
        sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    op.create_table(
        "checkpoints",
        sa.Column("tree_size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    with op.batch_alter_table("log_head") as head:
        head.add_column(sa.Column("frontier", sa.Text))
    conn = op.get_bind()
    frontier, nodes = Frontier(), []
    hashes = conn.execute(sa.text("SELECT hash FROM events ORDER BY global_position"))
    for (link,) in hashes:
        nodes += frontier.append(bytes.fromhex(link))
        if len(nodes) >= 10_000:
            _insert(conn, nodes)
            nodes = []
    _insert(conn, nodes)
    conn.execute(sa.text("UPDATE log_head SET frontier = :f"), {"f": frontier.text()})
    for statement in append_only(conn.dialect.name):
        conn.execute(sa.text(statement))


GUARDED = ("events", "tree_nodes")
REFUSAL = "the log is append-only: its events and tree are never changed or removed"


def append_only(dialect: str) -> list[str]:
    """Triggers that refuse UPDATE and DELETE (and on PostgreSQL TRUNCATE) on the log's
    tables. Whoever owns the database can drop them; the checkpoints published outside
    then expose the rewrite."""
    if dialect == "postgresql":
        function = (
            "CREATE OR REPLACE FUNCTION newsroom_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        rows = [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION newsroom_append_only()"
            for table in GUARDED
        ]
        whole = [
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION newsroom_append_only()"
            for table in GUARDED
        ]
        return [function, *rows, *whole]
    return [
        f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        for table in GUARDED
        for action in ("UPDATE", "DELETE")
    ]


def _insert(conn: sa.Connection, nodes: list[tuple[int, int, bytes]]) -> None:
    if nodes:
        rows = [{"level": lv, "idx": ix, "hash": h} for lv, ix, h in nodes]
        conn.execute(
            sa.text("INSERT INTO tree_nodes (level, idx, hash) VALUES (:level, :idx, :hash)"), rows
        )


def downgrade() -> None:
    conn = op.get_bind()
    for table in GUARDED:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"))
            conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"))
        else:
            for action in ("update", "delete"):
                conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_{action}"))
    with op.batch_alter_table("log_head") as head:
        head.drop_column("frontier")
    op.drop_table("checkpoints")
    op.drop_table("tree_nodes")
