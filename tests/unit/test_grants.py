"""The writer's grants name every table of the log, so a new table cannot be forgotten."""

from __future__ import annotations

import pytest

from events.errors import BadInput
from events.sql.grants import APPEND_ONLY, WRITER_GRANTS, Roles, grant_statements
from events.sql.tables import log_metadata


def test_every_log_table_has_the_writers_grants() -> None:
    assert set(WRITER_GRANTS) == {*log_metadata.tables, "alembic_version"}


def test_the_writer_may_only_read_and_insert_the_log_itself() -> None:
    """Not even an erasure: the writer could append a row shaped like a confirmation."""
    for table in APPEND_ONLY:
        assert WRITER_GRANTS[table] == "SELECT, INSERT"
    script = grant_statements("news", Roles("o", "w"), ["proj_articles"])
    granted = [line for line in script if line.startswith("GRANT") and '"events"' in line]
    assert granted == ['GRANT SELECT, INSERT ON "news"."events" TO "w"']
    assert 'ALTER TABLE IF EXISTS "news"."proj_articles" OWNER TO "w"' in script


@pytest.mark.parametrize("name", ["Writer", "w-1", "1w", "w;drop", "x" * 64])
def test_role_names_are_plain_identifiers(name: str) -> None:
    with pytest.raises(BadInput, match="not a role name"):
        Roles("newsroom_owner", name)
