"""The staff decider: who works in the newsroom, in which role. One stream, `staff`."""

from __future__ import annotations

from datetime import datetime

from events import models as ev
from events.catalog import CHIEF, STAFF_STREAM
from events.errors import NotFound, RuleRefused
from workflow import commands as cmd
from workflow.decider import Decider
from workflow.roles import SCHEDULER, Actor, Roster, require

RESERVED_NAMES = frozenset({SCHEDULER})


def evolve(roster: Roster, event: ev.Event, actor: str = "") -> Roster:
    if isinstance(event, ev.StaffMemberAdded | ev.StaffRoleChanged):
        return {**roster, event.name: event.role}
    return roster


def decide(command: cmd.Command, roster: Roster, actor: Actor, now: datetime) -> list[ev.Event]:
    if isinstance(command, cmd.AddStaffMember):
        return _add(command, roster, actor)
    if isinstance(command, cmd.ChangeStaffRole):
        return _change_role(command, roster, actor)
    raise TypeError(f"no staff decision for {type(command).__name__}")


def _add(command: cmd.AddStaffMember, roster: Roster, actor: Actor) -> list[ev.Event]:
    if command.name in RESERVED_NAMES:
        raise RuleRefused(f"{command.name} is the name of the newsroom's own scheduler.")
    if not roster:
        # The founding member: nobody can authorise them, so they must be a chief.
        if command.role != CHIEF:
            raise RuleRefused("The first member of a newsroom's staff must be a chief.")
    else:
        require(actor, "staff")
    if command.name in roster:
        raise RuleRefused(
            f"{command.name} is already on the staff as {roster[command.name]}.",
            hint="change-role",
            name=command.name,
        )
    return [ev.StaffMemberAdded(name=command.name, role=command.role)]


def _change_role(command: cmd.ChangeStaffRole, roster: Roster, actor: Actor) -> list[ev.Event]:
    require(actor, "staff")
    previous = roster.get(command.name)
    if previous is None:
        raise NotFound(f"{command.name} is not on the staff.")
    if previous == command.role:
        raise RuleRefused(f"{command.name} is already {command.role}.")
    chiefs = [name for name, role in roster.items() if role == CHIEF]
    if chiefs == [command.name]:
        raise RuleRefused(f"{command.name} is the only chief; name another chief first.")
    return [ev.StaffRoleChanged(name=command.name, role=command.role, previous_role=previous)]


STAFF: Decider[cmd.Command, Roster] = Decider(
    initial={},
    evolve=evolve,
    decide=decide,
    stream=lambda command: STAFF_STREAM,
    subject=lambda command: "The staff list",
    status=lambda roster: "active",
)
