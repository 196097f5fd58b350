"""Creating a newsroom, and who works in it: init, staff add, staff role, staff list."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli.commands import CommandId, app, staff_app, write
from cli.options import Settings, record, settings


@app.command()
def init(
    chief: Annotated[str | None, typer.Option(help="The first chief (default: you).")] = None,
) -> None:
    """Create a newsroom store (or say it is already there)."""
    from cli import render
    from cli.bootstrap import create_store, open_session
    from events.catalog import CHIEF
    from events.sql.tables import HEAD_REVISION
    from workflow import commands as cmd

    current = settings()
    before = create_store(current)
    data: dict[str, Any] = {
        "store": current.store_url,
        "revision": HEAD_REVISION,
        "created": before is None,
        "upgraded_from": before if before != HEAD_REVISION else None,
    }
    founder = None
    with open_session(current, record()) as session:
        if not session.newsroom.roster():
            founder = chief or current.actor
            founding = cmd.build(cmd.AddStaffMember, name=founder, role=CHIEF)
            outcome = session.handle(founding, actor=founder)
            data |= {"chief": founder, **render.outcome_data(outcome)}
    render.say(current.json, data, _init_news(current, before, founder, HEAD_REVISION))


def _init_news(settings: Settings, before: str | None, founder: str | None, head: str) -> str:
    from events.sql.engine import display_url

    where = display_url(settings.store_url)
    if before is None:
        return f"Created a newsroom store at {where} with {founder} as chief."
    if before != head:
        news = f"Upgraded the store from schema revision {before} to {head}; "
        news += "no event was changed."
    else:
        news = f"The store is up to date (schema revision {head}); nothing changed."
    return news + (f" {founder} is the newsroom's first chief." if founder else "")


@staff_app.command("add")
def staff_add(
    name: str,
    role: Annotated[str, typer.Option(help="reporter, editor or chief.")],
    command_id: CommandId = None,
) -> None:
    """Add someone to the staff (chiefs only)."""
    write("AddStaffMember", None, command_id, name=name, role=role)


@staff_app.command("role")
def staff_role(
    name: str,
    role: Annotated[str, typer.Option(help="reporter, editor or chief.")],
    command_id: CommandId = None,
) -> None:
    """Change someone's role (chiefs only)."""
    write("ChangeStaffRole", None, command_id, name=name, role=role)


@staff_app.command("list")
def staff_list() -> None:
    """Everyone on the staff, with their role."""
    from cli import render, tables
    from cli.bootstrap import open_session

    current = settings()
    with open_session(current, catch_up_first=False) as session:
        roster = dict(session.newsroom.roster())
    if current.json:
        render.print_json({"staff": [{"name": n, "role": roster[n]} for n in sorted(roster)]})
    else:
        tables.staff_table(roster)
