"""Auditing through the command line: the past is a prefix of the log, on both backends."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import NewsroomCli
from tests.support.keys import acting_as
from tests.support.stores import drop_append_only_guards


def test_a_backfill_stamps_its_own_time_but_the_past_is_cut_by_the_store_clock(
    staffed: NewsroomCli,
) -> None:
    staffed.at("08:00 14.11.2024")
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    staffed.ok("submit snow", actor="aysel")
    staffed.at("08:30 14.11.2024")
    staffed.ok("approve snow", actor="kamran")
    staffed.at("10:05 14.11.2024")
    staffed.pinned("09:00 14.11.2024")  # a chief backfills the time it really went out
    staffed.ok("publish snow", actor="umud")
    staffed.pinned("07:00 14.11.2024")  # but never before what it follows
    refused = staffed.line("correct snow --note 'Earlier'", actor="umud")
    assert refused.code == 2 and "keeps the order" in refused.err
    staffed.pinned("")
    before = "09:30 14.11.2024"  # published then by its own account, but not yet recorded
    assert staffed.ok(f"show snow --as-of '{before}' --json").json()["status"] == "approved"
    assert staffed.ok(f"ticker --as-of '{before}'").out == ""
    assert staffed.line("show snow --as-of '07:30 14.11.2024'").code == 3
    after = "10:30 14.11.2024"
    assert staffed.ok(f"show snow --as-of '{after}' --json").json()["status"] == "published"
    assert staffed.ok(f"ticker --as-of '{after}'").out == "Snow in Baku\n09:00 14.11.2024\n"


def test_pinned_clocks_are_marked_in_the_log_and_allowed_to_chiefs_only(
    staffed: NewsroomCli,
) -> None:
    staffed.pinned("08:00 14.11.2024")
    refused = staffed.line("draft --id rain --headline 'Rain' --category Society", actor="aysel")
    assert refused.code == 5 and "chiefs only" in refused.err
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="umud")
    [event] = staffed.ok("log --type ArticleDrafted --json").json()["events"]
    assert event["metadata"]["clock"] == "pinned"
    assert (event["occurred_at"], event["recorded_at"]) == (
        "2024-11-14T04:00:00.000000Z",
        "2024-11-14T06:00:00.000000Z",
    )


def test_verify_json_and_against_on_the_demo_like_store(staffed: NewsroomCli) -> None:
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    proof = staffed.ok("verify --json").json()
    assert proof["ok"] and proof["events"] == proof["head_position"] == 8
    assert (proof["signed_from"], proof["unsigned_events"]) == (1, 0)
    anchor = f"{proof['head_position']}:{proof['head_hash']}"
    staffed.ok("submit snow", actor="aysel")
    assert "still has the hash" in staffed.ok(f"verify --against {anchor}").out
    forged = f"{proof['head_position']}:{'0' * 64}"
    result = staffed.line(f"verify --against {forged}")
    assert result.code == 7 and "not anchored" in result.err
    assert (
        json.loads(staffed.line(f"verify --against {forged} --json").err)["error"]["code"]
        == "integrity"
    )


def test_tampering_is_caught_on_both_backends(store_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from cli.app import run
    from events.sql.engine import open_engine, write_transaction

    assert (
        run(
            [
                "draft",
                "--id",
                "snow",
                "--headline",
                "Snow in Baku",
                "--category",
                "Society",
                *acting_as("aysel"),
            ]
        )
        == 0
    )
    assert run(["verify"]) == 0
    engine = open_engine(store_url)
    rewrite = text(
        "UPDATE events SET data = replace(data, 'Baku', 'Moscow') "
        "WHERE event_type = 'ArticleDrafted'"
    )
    for refused in (rewrite, text("DELETE FROM events"), text("DELETE FROM tree_nodes")):
        with pytest.raises(DBAPIError, match="append-only"), write_transaction(engine) as conn:
            conn.execute(refused)
    drafting = ["draft", "--id", "rain", "--headline", "Rain", "--category", "Society"]
    assert run([*drafting, *acting_as("aysel")]) == 0
    with write_transaction(engine) as conn:  # whoever owns the database drops the guards
        drop_append_only_guards(lambda sql: conn.execute(text(sql)), conn.dialect.name)
        conn.execute(rewrite)
        position = conn.execute(
            text("SELECT global_position FROM events WHERE event_type = 'ArticleDrafted'")
        ).scalar()
    engine.dispose()
    capsys.readouterr()
    assert run(["verify"]) == 7
    assert f"position {position}: changed" in capsys.readouterr().err


def test_a_merkle_tree_that_is_not_the_logs_is_caught(staffed: NewsroomCli) -> None:
    import sqlite3

    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    with sqlite3.connect(staffed.workdir / "newsroom.db") as db:
        drop_append_only_guards(db.execute)
        db.execute("UPDATE tree_nodes SET hash = ? WHERE level = 1 AND idx = 0", (bytes(32),))
        size = db.execute("SELECT frontier FROM log_head").fetchone()[0].split()[0]
        db.execute("UPDATE log_head SET frontier = ?", (f"{size} 2:{'00' * 32} 0:{'11' * 32}",))
    result = staffed.line("verify")
    assert result.code == 7 and "its Merkle tree" in result.err
