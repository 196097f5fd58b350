"""The staff decider: who works in the newsroom, in which role, signing with which key.

One stream, `staff`. Its state is the roles and the keys; the roster is the roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from events import models as ev
from events.catalog import CHIEF, STAFF_STREAM
from events.errors import NotFound, RuleRefused
from events.fingerprint import key_fingerprint
from workflow import commands as cmd
from workflow.decider import Decider
from workflow.roles import SCHEDULER, Actor, Roster, require

RESERVED_NAMES = frozenset({SCHEDULER})


@dataclass(frozen=True, slots=True)
class Staff:
    roles: Roster = field(default_factory=dict)
    keys: Mapping[str, str] = field(default_factory=dict)  # name -> `ssh-ed25519 AAAA…`


def evolve(staff: Staff, event: ev.Event, actor: str = "") -> Staff:
    if isinstance(event, ev.StaffMemberAdded | ev.StaffRoleChanged):
        staff = Staff({**staff.roles, event.name: event.role}, staff.keys)
    if isinstance(event, ev.StaffMemberAdded | ev.StaffKeyChanged) and event.public_key:
        staff = Staff(staff.roles, {**staff.keys, event.name: event.public_key})
    return staff


def decide(command: cmd.Command, staff: Staff, actor: Actor, now: datetime) -> list[ev.Event]:
    if isinstance(command, cmd.AddStaffMember):
        return _add(command, staff, actor)
    if isinstance(command, cmd.ChangeStaffRole):
        return _change_role(command, staff.roles, actor)
    if isinstance(command, cmd.ChangeStaffKey):
        return _change_key(command, staff, actor)
    raise TypeError(f"no staff decision for {type(command).__name__}")


def _add(command: cmd.AddStaffMember, staff: Staff, actor: Actor) -> list[ev.Event]:
    roster = staff.roles
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
    if command.public_key is not None:
        _refuse_shared(command.public_key, command.name, staff)
    added = ev.StaffMemberAdded(name=command.name, role=command.role, public_key=command.public_key)
    return [added]


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


def _change_key(command: cmd.ChangeStaffKey, staff: Staff, actor: Actor) -> list[ev.Event]:
    require(actor, "staff")
    if command.name not in staff.roles:
        raise NotFound(f"{command.name} is not on the staff.")
    if staff.keys.get(command.name) == command.public_key:
        raise RuleRefused(f"{command.name} already signs with that key.")
    _refuse_shared(command.public_key, command.name, staff)
    return [ev.StaffKeyChanged(name=command.name, public_key=command.public_key)]


def _refuse_shared(public_key: str, name: str, staff: Staff) -> None:
    """One key, one person: a signature must name who made it."""
    owner = next((who for who, key in staff.keys.items() if key == public_key), None)
    if owner is not None and owner != name:
        raise RuleRefused(f"The key {key_fingerprint(public_key)} is already {owner}'s.")


STAFF: Decider[cmd.Command, Staff] = Decider(
    initial=Staff(),
    evolve=evolve,
    decide=decide,
    stream=lambda command: STAFF_STREAM,
    subject=lambda command: "The staff list",
    status=lambda staff: "active",
)
