"""The log's Merkle tree (RFC 9162): its perfect nodes, its right edge in the head, and
the signed checkpoints made of it.

Built here over the events already in the log, as appends build it from now on.

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


def _insert(conn: sa.Connection, nodes: list[tuple[int, int, bytes]]) -> None:
    if nodes:
        rows = [{"level": lv, "idx": ix, "hash": h} for lv, ix, h in nodes]
        conn.execute(
            sa.text("INSERT INTO tree_nodes (level, idx, hash) VALUES (:level, :idx, :hash)"), rows
        )


def downgrade() -> None:
    with op.batch_alter_table("log_head") as head:
        head.drop_column("frontier")
    op.drop_table("checkpoints")
    op.drop_table("tree_nodes")
