"""Step definitions for the delivery ledger: what `deliveries` shows, and the ledger's rows
touched behind newsroom's back, as someone who owns the store's file could.

The store in the features is a SQLite file; to change a row of the ledger at all, that
someone first drops the trigger that refuses it (as `sqlite3 newsroom.db` would let them).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from pytest_bdd import given, then, when
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from events.instants import display
from events.sql.engine import open_engine, write_transaction
from events.sql.tables import hook_deliveries
from tests.steps.common import Scene, step

BAKU = ZoneInfo("Asia/Baku")


def _engine(scene: Scene) -> Engine:
    return open_engine(scene.cli.store_url)


@given(
    step(
        "someone who owns the store's file changed the code of row {seq:d} of hook {name:Name}'s ledger"
    )
)
def _(scene: Scene, seq: int, name: str) -> None:
    engine = _engine(scene)
    with write_transaction(engine) as conn:
        conn.execute(text("DROP TRIGGER hook_deliveries_no_update"))
        conn.execute(
            text("UPDATE hook_deliveries SET code = 1 WHERE name = :name AND seq = :seq"),
            {"name": name, "seq": seq},
        )
    engine.dispose()


@when(
    step("someone changes and removes the rows of hook {name:Name}'s ledger with SQL"),
    target_fixture="refusals",
)
def _(scene: Scene, name: str) -> list[str]:
    refusals = []
    engine = _engine(scene)
    for statement in (
        "UPDATE hook_deliveries SET code = 200, outcome = 'delivered' WHERE name = :name",
        "DELETE FROM hook_deliveries WHERE name = :name",
    ):
        with pytest.raises(DBAPIError) as refused, write_transaction(engine) as conn:
            conn.execute(text(statement), {"name": name})
        refusals.append(str(refused.value.orig))
    engine.dispose()
    return refusals


@then(step('the store refused each with "{reason}"'))
def _(refusals: list[str], reason: str) -> None:
    assert len(refusals) == 2 and all(reason in said for said in refusals), refusals


@then(step("hook {name:Name}'s ledger holds {count:d} delivery"))
def _(scene: Scene, name: str, count: int) -> None:
    engine = _engine(scene)
    c = hook_deliveries.c
    query = select(func.count()).where(c.name == name, c.outcome == "delivered")
    with engine.connect() as conn:
        assert conn.execute(query).scalar() == count
    engine.dispose()


@then(step('{person:Name} can run `{command}` and its output says "{text}"'))
def _(scene: Scene, person: str, command: str, text: str) -> None:
    said = scene.cli.ok(command, actor=person).out
    assert text in said, said


@then(step('every delivery of article {article_id:Id} was at "{when}"'))
def _(scene: Scene, article_id: str, when: str) -> None:
    listed = scene.cli.ok(f"--json deliveries {article_id}").json()["deliveries"]
    assert {display(line["at"], BAKU) for line in listed} == {when}
