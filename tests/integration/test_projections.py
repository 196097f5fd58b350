"""Projections: caught up after every command, equal to a rebuild, byte for byte."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from events.sql.engine import open_engine
from events.sql.tables import log_head
from projections.facts import facts_of
from projections.sql import tables as t
from projections.ticker import fold_ticker, newest_first
from tests.support.cli import NewsroomCli


def busy_day(cli: NewsroomCli) -> None:
    """Articles in every state, with photos, a correction, a retraction and an embargo."""
    cli.image("one.jpg")
    cli.image("two.png", kind="PNG")
    for n, (at, headline) in enumerate(
        [
            ("10:00 14.11.2024", "Baku hosts COP29"),
            ("11:00 14.11.2024", "Metro line opens"),
            ("12:00 14.11.2024", "Rain in Ganja"),
        ],
        start=1,
    ):
        cli.at(at)
        cli.ok(
            f"draft --id a{n} --headline '{headline}' --category Society --body 'Text {n}'",
            actor="aysel",
        )
        cli.ok(f"submit a{n}", actor="aysel")
        cli.ok(f"approve a{n}", actor="kamran")
        cli.ok(f"publish a{n}", actor="kamran")
    cli.ok("draft --id p --headline 'With photos' --category Culture", actor="rashad")
    cli.ok("photo add p one.jpg --caption 'Old city' --credit 'R. A.'", actor="rashad")
    cli.ok("photo add p two.png", actor="rashad")
    cli.ok(
        "correct a1 --headline 'Baku hosts COP29 summit' --note 'Name of the summit'", actor="leyla"
    )
    cli.ok("retract a2 --reason 'Wrong line number'", actor="umud")
    cli.ok("draft --id e --headline 'Embargoed budget' --category Economy", actor="aysel")
    cli.ok("submit e", actor="aysel")
    cli.ok("approve e", actor="leyla")
    cli.ok("publish e --at '18:00 14.11.2024'", actor="leyla")
    cli.ok("draft --id s --headline 'Spiked rumour' --category Society", actor="aysel")
    cli.ok("spike s --reason 'Single source'", actor="kamran")


def projection_rows(cli: NewsroomCli) -> dict[str, list[tuple[object, ...]]]:
    engine = open_engine(cli.store_url)
    with engine.connect() as conn:
        rows = {
            table.name: [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key))]
            for table in (t.articles, t.ticker, t.history, t.search, t.checkpoints)
        }
    engine.dispose()
    return rows


def outputs(cli: NewsroomCli) -> list[str]:
    commands = [
        "ticker",
        "ticker --json",
        "list --limit 0",
        "list --json",
        "show a1",
        "show p --json",
        "history a1",
        "history p --json",
        "show e",
        "search text --limit 0 --json",
        "search rumour --status spiked",
    ]
    return [cli.ok(command).out for command in commands]


def test_projections_are_caught_up_after_every_command(staffed: NewsroomCli) -> None:
    busy_day(staffed)
    engine = open_engine(staffed.store_url)
    with engine.connect() as conn:
        head = conn.execute(select(log_head.c.position)).scalar()
        checkpoints = set(conn.execute(select(t.checkpoints.c.position)).scalars())
    engine.dispose()
    assert checkpoints == {head}


def test_rebuild_gives_byte_identical_tables_and_output(staffed: NewsroomCli) -> None:
    busy_day(staffed)
    before_rows, before_out = projection_rows(staffed), outputs(staffed)
    result = staffed.ok("rebuild", actor="umud")
    assert "Rebuilt every projection" in result.out
    assert projection_rows(staffed) == before_rows
    assert outputs(staffed) == before_out


def test_the_ticker_shows_published_corrected_and_hides_retracted_and_scheduled(
    staffed: NewsroomCli,
) -> None:
    busy_day(staffed)
    assert (
        staffed.ok("ticker").out
        == "Rain in Ganja\n12:00 14.11.2024\nBaku hosts COP29 summit\n10:00 14.11.2024\n"
    )
    staffed.at("18:30 14.11.2024")
    staffed.ok("tick", actor="kamran")
    assert staffed.ok("ticker --limit 1").out == "Embargoed budget\n18:00 14.11.2024\n"


def test_the_in_memory_ticker_fold_equals_the_table(staffed: NewsroomCli) -> None:
    busy_day(staffed)
    items = newest_first(fold_ticker(facts_of(staffed.events())).values())
    table = staffed.ok("ticker --json").json()["items"]
    assert [i.article_id for i in items] == [i["article_id"] for i in table]


def test_a_reader_catches_up_what_another_process_appended(staffed: NewsroomCli) -> None:
    from datetime import UTC, datetime

    from events import models as ev
    from events.envelope import Metadata, NewEvent
    from events.signer import Signer
    from events.sql.store import SqlEventStore
    from tests.support.keys import key_of, public_of

    busy_day(staffed)
    engine = open_engine(staffed.store_url)
    retraction = ev.ArticleRetracted(article_id="a3", reason="Crashed writer", was="published")
    SqlEventStore(engine).append(
        "article:a3",
        [NewEvent(retraction, Metadata("umud", "x", "x", "x", role="chief"))],
        4,
        now=datetime.now(UTC),
        command_id="x",
        command_name="RetractArticle",
        signer=Signer("umud", key_of("umud"), public_of("umud")),
    )
    engine.dispose()
    assert "Rain in Ganja" not in staffed.ok("ticker").out
    assert staffed.ok("show a3 --json").json()["status"] == "retracted"


DAMAGES = [
    ("proj_articles", "doc", '\'{"article_id": "a1"}\'', "show a1", "article row of article a1"),
    ("proj_articles", "doc", "'not json'", "list", "article row of article a2"),
    ("proj_ticker", "position", "'soon'", "ticker", "News line row of article a1"),
    ("proj_history", "stream_version", "'first'", "history a1", "history row of article a1"),
]


@pytest.mark.parametrize(("table", "column", "value", "command", "named"), DAMAGES)
def test_a_projection_row_changed_by_hand_is_named_and_rebuilt(
    staffed: NewsroomCli, table: str, column: str, value: str, command: str, named: str
) -> None:
    """Anyone who may write the database may edit a derived row: the reader is told which,
    in one line and exit 7, never a traceback, and a chief's rebuild makes it again."""
    staffed.publish_new("a1", "Baku hosts COP29")
    staffed.ok("draft --id a2 --headline 'Second' --category Society", actor="aysel")
    before = staffed.line("show a1").out
    engine = open_engine(staffed.store_url)
    with engine.begin() as conn:
        conn.execute(
            text(f"UPDATE {table} SET {column} = {value} WHERE article_id IN ('a1', 'a2')")
        )
    engine.dispose()
    head = staffed.line("log --json --limit 0").out

    refused = staffed.line(command, actor="aysel")

    assert refused.code == 7, refused.err
    assert named in refused.err and "rebuild" in refused.err
    assert len(refused.err.strip().splitlines()) == 1 and "Traceback" not in refused.err
    assert staffed.line("log --json --limit 0").out == head  # nothing was written
    staffed.ok("rebuild", actor="umud")
    assert staffed.line("show a1").out == before


def test_a_write_is_kept_when_a_projection_row_it_touches_was_changed_by_hand(
    staffed: NewsroomCli,
) -> None:
    """The act is in the log; the views say they lag, name the row, and a rebuild mends it."""
    staffed.ok("draft --id a2 --headline 'Second' --category Society", actor="aysel")
    engine = open_engine(staffed.store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE proj_articles SET doc = '[]' WHERE article_id = 'a2'"))
    engine.dispose()

    done = staffed.ok("revise a2 --headline 'New words'", actor="aysel")

    assert "views lag behind" in done.err and "article row of article a2" in done.err
    staffed.ok("rebuild", actor="umud")
    assert "New words" in staffed.ok("show a2").out
