"""The log's tables. Projections keep their own tables in `projections/sql/tables.py`."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# The Alembic revisions of the log's schema, oldest first (events/sql/migrations/versions).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
HEAD_REVISION = REVISIONS[-1]

log_metadata = MetaData()

newsroom_meta = Table(
    "newsroom_meta",
    log_metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

events_table = Table(
    "events",
    log_metadata,
    Column("global_position", BigInteger, primary_key=True, autoincrement=False),
    Column("stream_id", String(200), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(64), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("metadata", Text, nullable=False),
    Column("occurred_at", String(32), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # From 0005 on: the store's clock, the salted digest of `data` and the actor's SSHSIG.
    Column("recorded_at", String(32)),
    Column("salt", String(32)),
    Column("data_digest", String(64)),
    Column("signature", Text),
    UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
)
Index("ix_events_type", events_table.c.event_type)
Index("ix_events_occurred_at", events_table.c.occurred_at)
Index("ix_events_recorded_at", events_table.c.recorded_at)

# One row: the last position and hash. Locking it serialises appenders, so commit
# order is position order and the chain stays one line (see `sql.SqlEventStore`).
log_head = Table(
    "log_head",
    log_metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("position", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("recorded_at", String(32)),  # the last event's: the log's clock never goes back
    Column("frontier", Text),  # the Merkle tree's right edge (`merkle.Frontier.text`)
)

# The Merkle tree's perfect nodes above the leaves (level >= 1): the 2^level leaves from
# idx * 2^level. Leaves are the events' own hashes, so they are not kept twice.
tree_nodes = Table(
    "tree_nodes",
    log_metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

commands_table = Table(
    "commands",
    log_metadata,
    Column("command_id", String(200), primary_key=True),
    Column("command_name", String(64), nullable=False),
    Column("stream_id", String(200), nullable=False),
    Column("first_position", BigInteger, nullable=False),
    Column("last_position", BigInteger, nullable=False),
    # SHA-256 of the command's canonical JSON; NULL for commands stored before 0003.
    Column("fingerprint", String(64)),
)

# Every signed checkpoint the newsroom made of its tree (C2SP tlog-checkpoint notes), by size.
checkpoints_table = Table(
    "checkpoints",
    log_metadata,
    Column("tree_size", BigInteger, primary_key=True, autoincrement=False),
    Column("note", Text, nullable=False),
)

# Publishing hooks' delivery state: operational, not derived from the log, so kept
# beside it (the secret never enters the log).
hook_secrets = Table(
    "hook_secrets",
    log_metadata,
    Column("name", String(64), primary_key=True),
    Column("secret", Text, nullable=False),
)
hook_checkpoints = Table(
    "hook_checkpoints",
    log_metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
hook_dead_letters = Table(
    "hook_dead_letters",
    log_metadata,
    Column("name", String(64), primary_key=True),
    Column("global_position", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", String(32), nullable=False),
)

# The delivery ledger (0008): every attempt to send an event to a hook, as it ended.
# Append-only (triggers; the writer may only insert), and one hash chain per hook, so
# hooks delivering at once never wait for each other; a hook's head row is locked by
# whoever appends to its chain. Kept when a hook is removed: it is history, not state.
hook_deliveries = Table(
    "hook_deliveries",
    log_metadata,
    Column("name", String(64), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),  # 1, 2, 3 … per hook
    Column("global_position", BigInteger, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("stream_id", String(200), nullable=False),
    Column("attempt", Integer, nullable=False),  # per hook and event, counted across runs
    Column("retry", Boolean, nullable=False),  # sent by `hooks retry`
    Column("outcome", String(16), nullable=False),  # delivered | failed | dead-lettered
    Column("code", Integer),  # the receiver's HTTP status or the program's exit code
    Column("error", Text, nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_hook_deliveries_stream", hook_deliveries.c.stream_id)
Index("ix_hook_deliveries_event", hook_deliveries.c.name, hook_deliveries.c.global_position)
hook_ledger_heads = Table(
    "hook_ledger_heads",
    log_metadata,
    Column("name", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("recorded_at", String(32), nullable=False),
)
