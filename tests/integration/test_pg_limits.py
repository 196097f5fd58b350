"""A PostgreSQL store's sessions are limited: a writer stuck behind a held log head gives
up with a conflict, and a transaction left idle is ended by the server."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from events.sql.engine import describe_db_error, open_engine
from tests.support.cli import NewsroomCli
from tests.support.pg import pg_schema_url

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_newsroom(newsroom: NewsroomCli, monkeypatch: pytest.MonkeyPatch) -> Iterator[NewsroomCli]:
    with pg_schema_url() as url:
        newsroom.store_url = url
        monkeypatch.setenv("NEWSROOM_STORE", url)
        newsroom.ok("init --chief umud", actor="umud")
        newsroom.ok("staff add aysel --role reporter", actor="umud")
        yield newsroom


def test_a_writer_behind_a_held_log_head_gives_up_with_a_conflict_and_writes_nothing(
    pg_newsroom: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_BUSY_TIMEOUT", "0.5")
    before = len(pg_newsroom.events())
    holder = create_engine(pg_newsroom.store_url)
    with holder.connect() as conn, conn.begin():
        conn.execute(text("SELECT position FROM log_head FOR UPDATE"))  # a stuck writer
        started = time.monotonic()
        refused = pg_newsroom.line(
            "draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel"
        )
        waited = time.monotonic() - started
    holder.dispose()
    assert refused.code == 6, refused.err
    assert refused.err.count("\n") == 1 and "Traceback" not in refused.err
    assert "stayed locked by another writer; try again." in refused.err
    assert waited < 10, f"waited {waited:.1f} s for a 0.5 s lock timeout"
    assert len(pg_newsroom.events()) == before
    # Once the head is free again, the same command goes through.
    pg_newsroom.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")


def test_sessions_carry_the_limits_and_keep_the_urls_own_options() -> None:
    with pg_schema_url() as url:
        engine = open_engine(url, busy_seconds=2, statement_seconds=0, idle_seconds=0.3)
        with engine.connect() as conn:
            shown = [
                conn.execute(text(f"SHOW {name}")).scalar()
                for name in ("lock_timeout", "statement_timeout", "search_path")
            ]
            idle = conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
        engine.dispose()
    assert shown[:2] == ["2s", "0"]  # no statement limit: long imports and rebuilds go on
    assert str(shown[2]).startswith("newsroom_test_")
    assert idle == "300ms"


def test_a_transaction_left_idle_is_ended_by_the_server() -> None:
    with pg_schema_url() as url:
        engine = open_engine(url, idle_seconds=0.3)
        with engine.connect() as conn:
            conn.begin()
            conn.execute(text("SELECT 1"))
            time.sleep(1.0)  # a hung process holding its transaction open
            with pytest.raises(SQLAlchemyError) as ended:
                conn.execute(text("SELECT 1"))
        engine.dispose()
    problem = describe_db_error(ended.value, url)
    assert "store" in str(problem) and "\n" not in str(problem)
