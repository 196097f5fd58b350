"""A PostgreSQL store's roles: newsroom commands log in as a writer that can append to
the log but never change it; the owner runs migrations, and only migrations get past the
append-only triggers."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from events.sql.grants import Roles
from tests.support.cli import NewsroomCli
from tests.support.pg import pg_base_url, pg_schema_url

pytestmark = pytest.mark.pg

EDITS = [
    "UPDATE events SET hash = hash",
    "UPDATE events SET salt = salt",  # an erasure needs the owner's login
    "UPDATE events SET data = data, salt = salt",
    "DELETE FROM events",
    "TRUNCATE events",
    "UPDATE tree_nodes SET hash = hash",
    "DELETE FROM tree_nodes",
    "TRUNCATE tree_nodes CASCADE",
    "ALTER TABLE events DISABLE TRIGGER ALL",
    "DROP TRIGGER events_append_only ON events",
    "DROP TABLE events CASCADE",
    "UPDATE commands SET command_id = command_id",
    "UPDATE hook_deliveries SET code = code",
    "DELETE FROM hook_deliveries",
    "TRUNCATE hook_deliveries",
    "DELETE FROM hook_ledger_heads",
    "DROP TRIGGER hook_deliveries_append_only ON hook_deliveries",
]


@pytest.fixture
def roles() -> Iterator[Roles]:
    """Two roles of this test's own: roles belong to the whole server, so they go after."""
    tag = uuid.uuid4().hex[:10]
    made = Roles(owner=f"nr_owner_{tag}", writer=f"nr_writer_{tag}")
    yield made
    drop_roles(made.writer, made.owner)


def drop_roles(*names: str) -> None:
    """As the server's administrator: each role, what it owns and what it was granted."""
    admin = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for role in names:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                conn.execute(text(f'DROP OWNED BY "{role}" CASCADE'))
                conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


@pytest.fixture
def admin_url(
    newsroom: NewsroomCli, monkeypatch: pytest.MonkeyPatch, roles: Roles
) -> Iterator[str]:
    """The store's schema, logged into as the superuser; dropped before the roles go."""
    with pg_schema_url() as url:
        newsroom.store_url = url
        monkeypatch.setenv("NEWSROOM_STORE", url)
        yield url


def login_as(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def schema_of(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        schema = str(conn.execute(text("SELECT current_schema()")).scalar())
    engine.dispose()
    return schema


def refusal(engine: Engine, statement: str) -> str:
    with engine.connect() as conn:
        with pytest.raises(DBAPIError) as refused:
            conn.execute(text(statement))
        conn.rollback()
    return str(refused.value.orig)


def a_day_as(newsroom: NewsroomCli, url: str) -> None:
    """The editorial loop, each act appended by the writer login."""

    def ok(command: str, actor: str) -> None:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("NEWSROOM_STORE", url)
            newsroom.ok(command, actor=actor)

    ok("staff add aysel --role reporter", "umud")
    ok("staff add kamran --role editor", "umud")
    ok("draft --id snow --headline 'Snow closes the pass' --category Society", "aysel")
    ok("submit snow", "aysel")
    ok("approve snow", "kamran")
    ok("publish snow", "kamran")
    # A program the worker's operator allows (the tests' allowlist names this Python).
    ok(
        f"hooks add archive --on ArticlePublished,ArticleCorrected --exec '{sys.executable} -c pass'",
        "umud",
    )
    ok("correct snow --headline 'Snow closes two passes' --note 'Two, not one'", "kamran")
    ok("hooks run", "umud")  # the writer keeps the delivery in the ledger
    ok("rebuild", "umud")
    ok("checkpoint --out checkpoint.txt", "umud")
    ok("verify --against checkpoint.txt", "umud")


def test_the_writer_appends_but_never_changes_the_log(
    newsroom: NewsroomCli, admin_url: str, roles: Roles
) -> None:
    newsroom.ok(f"init --chief umud --writer {roles.writer} --owner {roles.owner}", "umud")
    writer_url = login_as(admin_url, roles.writer)
    a_day_as(newsroom, writer_url)
    assert len(newsroom.events()) > 8

    writer = create_engine(writer_url)
    try:
        for statement in EDITS:
            reason = refusal(writer, statement)
            refused = ("permission denied", "must be owner", "append-only")
            assert any(word in reason for word in refused), statement
        with writer.begin() as conn:  # its own row of the store's settings, and no other
            conn.execute(text("DELETE FROM newsroom_meta"))
        with writer.connect() as conn:
            kept = conn.execute(text("SELECT key FROM newsroom_meta")).scalars().all()
        assert "created_by" in kept and "writer_role" in kept
    finally:
        writer.dispose()
    a_day_as_verify = newsroom.line(f"--store {writer_url} verify", "umud")
    assert a_day_as_verify.code == 0, a_day_as_verify.err


def test_each_persons_login_writes_as_the_writer_role(
    newsroom: NewsroomCli, admin_url: str, roles: Roles
) -> None:
    newsroom.ok(f"init --chief umud --writer {roles.writer} --owner {roles.owner}", "umud")
    person = roles.writer.replace("writer", "aysel")
    admin = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{person}" LOGIN IN ROLE "{roles.writer}"'))
    admin.dispose()
    try:
        url = login_as(admin_url, person) + f"%20-crole%3D{roles.writer}"
        a_day_as(newsroom, url)
        alone = create_engine(login_as(admin_url, person))  # the writer's rights, no more
        try:
            assert "permission denied" in refusal(alone, "DELETE FROM events")
        finally:
            alone.dispose()
    finally:
        drop_roles(person)


def test_only_a_migration_run_by_the_owner_gets_past_the_triggers(
    newsroom: NewsroomCli, admin_url: str, roles: Roles
) -> None:
    newsroom.ok(f"init --chief umud --writer {roles.writer} --owner {roles.owner}", "umud")
    admin = create_engine(admin_url)
    try:
        owner = f'SET ROLE "{roles.owner}"; '
        reason = refusal(admin, owner + "UPDATE events SET salt = salt")
        assert "the log is append-only" in reason
        assert "the log is append-only" in refusal(admin, owner + "TRUNCATE tree_nodes")
        ledger_edit = owner + "TRUNCATE hook_deliveries"
        assert "the delivery ledger is append-only" in refusal(admin, ledger_edit)
        with admin.connect() as conn:  # as `newsroom init` marks an upgrade
            conn.execute(text(owner + "SET LOCAL newsroom.migration = 'on'"))
            changed = conn.execute(text("UPDATE events SET salt = salt")).rowcount
            conn.rollback()
        assert changed == len(newsroom.events())
        writer = f"SET ROLE \"{roles.writer}\"; SET newsroom.migration = 'on'; "
        assert "permission denied" in refusal(admin, writer + "DELETE FROM events")
    finally:
        admin.dispose()


def test_an_upgrade_by_the_owner_gives_the_writer_back_its_tables(
    newsroom: NewsroomCli, admin_url: str, roles: Roles
) -> None:
    newsroom.ok(f"init --chief umud --writer {roles.writer} --owner {roles.owner}", "umud")
    admin = create_engine(admin_url)
    with admin.begin() as conn:  # a newer layout of the projections, remade by the admin
        conn.execute(text("DELETE FROM newsroom_meta WHERE key = 'projections_version'"))
    admin.dispose()
    newsroom.ok("list", "umud")
    upgraded = newsroom.ok("--json init", "umud").json()
    assert (upgraded["writer"], upgraded["owner"]) == (roles.writer, roles.owner)
    a_day_as(newsroom, login_as(admin_url, roles.writer))


def test_db_grants_prints_what_init_runs(
    newsroom: NewsroomCli, admin_url: str, roles: Roles
) -> None:
    newsroom.ok("init --chief umud", "umud")
    options = f"--writer {roles.writer} --owner {roles.owner}"
    script = newsroom.ok(f"db grants {options}", "umud").out
    assert script.startswith("-- ") and script.rstrip().endswith("COMMIT;")
    assert f'GRANT SELECT, INSERT ON "{schema_of(admin_url)}"."events"' in script
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:  # as an administrator would, with psql
            conn.exec_driver_sql(script)
    finally:
        admin.dispose()
    a_day_as(newsroom, login_as(admin_url, roles.writer))
    applied = newsroom.ok(f"--json db grants {options} --apply", "umud").json()
    assert applied["applied"] is True and applied["writer"] == roles.writer


def test_a_writer_that_could_rewrite_the_log_is_refused_before_anything_is_made(
    newsroom: NewsroomCli, admin_url: str
) -> None:
    refused = newsroom.line("init --chief umud --writer postgres", "umud")
    assert refused.code == 5 and "superuser" in refused.err
    admin = create_engine(admin_url)
    with admin.connect() as conn:
        tables = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar()
    admin.dispose()
    assert tables == 0


def test_roles_are_refused_on_sqlite_and_with_names_newsroom_does_not_make(
    newsroom: NewsroomCli,
) -> None:
    newsroom.ok("init --chief umud", "umud")
    for command in ("db grants", "init --writer newsroom_writer"):
        refused = newsroom.line(command, "umud")
        assert refused.code == 2 and "PostgreSQL's" in refused.err, command
    bad = newsroom.line("db grants --writer 'Robert; DROP TABLE events'", "umud")
    assert bad.code == 2 and "not a role name" in bad.err
    same = newsroom.line("db grants --writer a --owner a", "umud")
    assert same.code == 2 and "two roles" in same.err
