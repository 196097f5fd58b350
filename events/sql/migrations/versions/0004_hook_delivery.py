"""Publishing hooks: each hook's secret, its delivery checkpoint and its dead letters.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hook_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("secret", sa.Text, nullable=False),
    )
    op.create_table(
        "hook_checkpoints",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "hook_dead_letters",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("global_position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("failed_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in ("hook_dead_letters", "hook_checkpoints", "hook_secrets"):
        op.drop_table(table)
