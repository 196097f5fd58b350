"""The staff decider: who works in the newsroom, in which role, signing with which key.

One stream, `staff`. Its state is the roles and the keys; the roster is the roles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from events import models as ev
from events.catalog import CHIEF, DEFAULT_CLOCK_POLICY, SCHEDULER, STAFF_STREAM, ClockPolicy
from events.errors import NotFound, PermissionDenied, RuleRefused
from events.fingerprint import key_fingerprint
from events.instants import utc_iso
from workflow import commands as cmd
from workflow.decider import Decider, When
from workflow.roles import SCHEDULER as SCHEDULER_NAME
from workflow.roles import Actor, Roster, require


@dataclass(frozen=True, slots=True)
class Staff:
    roles: Roster = field(default_factory=dict)
    keys: Mapping[str, str] = field(default_factory=dict)  # name -> `ssh-ed25519 AAAA…`
    clock_policy: ClockPolicy = DEFAULT_CLOCK_POLICY
    # Every key ever registered, and whose: a retired key never passes to someone else.
    owners: Mapping[str, str] = field(default_factory=dict)
    # The key the newsroom signs its checkpoints with, and every one it ever had.
    log_keys: tuple[tuple[str, str], ...] = ()  # (origin, public line), oldest first
    # Who left the staff, and when: their acts stand, their key signs nothing new.
    removed: Mapping[str, str] = field(default_factory=dict)  # name -> UTC instant


def actor_of(staff: Staff, name: str) -> Actor:
    """The person acting as the staff stands: their role, or when they left it."""
    return Actor(name, staff.roles.get(name), staff.removed.get(name))


def evolve(staff: Staff, event: ev.Event, actor: str = "") -> Staff:
    if isinstance(event, ev.StaffMemberAdded | ev.StaffRoleChanged):
        staff = replace(staff, roles={**staff.roles, event.name: event.role})
    if isinstance(event, ev.StaffMemberAdded) and event.name in staff.removed:
        staff = replace(staff, removed=_without(staff.removed, event.name))
    if isinstance(event, ev.StaffMemberRemoved):
        staff = _removed(staff, event)
    if isinstance(event, ev.StaffMemberAdded | ev.StaffKeyChanged) and event.public_key:
        keys, owners = {**staff.keys, event.name: event.public_key}, dict(staff.owners)
        owners.setdefault(event.public_key, event.name)
        staff = replace(staff, keys=keys, owners=owners)
    if isinstance(event, ev.PinnedClockPolicySet):
        staff = replace(staff, clock_policy=event.policy)
    if isinstance(event, ev.LogKeyChanged):
        staff = replace(staff, log_keys=(*staff.log_keys, (event.origin, event.public_key)))
    return staff


def _without(mapping: Mapping[str, str], name: str) -> dict[str, str]:
    return {key: value for key, value in mapping.items() if key != name}


def _removed(staff: Staff, event: ev.StaffMemberRemoved) -> Staff:
    # Their key leaves `keys` (it signs nothing new) but stays in `owners`: never anyone else's.
    return replace(
        staff,
        roles=_without(staff.roles, event.name),
        keys=_without(staff.keys, event.name),
        removed={**staff.removed, event.name: event.removed_at},
    )


def decide(command: cmd.Command, staff: Staff, actor: Actor, when: When) -> list[ev.Event]:
    if isinstance(command, cmd.AddStaffMember):
        return _add(command, staff, actor)
    if isinstance(command, cmd.ChangeStaffRole):
        return _change_role(command, staff.roles, actor)
    if isinstance(command, cmd.ChangeStaffKey):
        return _change_key(command, staff, actor)
    if isinstance(command, cmd.RemoveStaffMember):
        return _remove(command, staff, actor, when)
    if isinstance(command, cmd.ChangeLogKey):
        require(actor, "staff")
        if staff.log_keys and staff.log_keys[-1] == (command.origin, command.public_key):
            raise RuleRefused("The newsroom already signs its checkpoints with that key.")
        if command.public_key in staff.owners:
            raise RuleRefused(f"That key is {staff.owners[command.public_key]}'s, not the log's.")
        return [ev.LogKeyChanged(origin=command.origin, public_key=command.public_key)]
    if isinstance(command, cmd.SetPinnedClockPolicy):
        require(actor, "staff")
        if command.policy == staff.clock_policy:
            raise RuleRefused(f"The pinned-clock policy is already {command.policy}.")
        return [ev.PinnedClockPolicySet(policy=command.policy)]
    raise TypeError(f"no staff decision for {type(command).__name__}")


def refuse_pinned_clock(staff: Staff, actor: Actor) -> None:
    """A pinned clock (NEWSROOM_NOW) backdates an act: only as the store's policy allows."""
    policy = staff.clock_policy
    if policy == "everyone" or (policy == "chiefs" and actor.role == CHIEF):
        return
    who = "chiefs only" if policy == "chiefs" else "nobody"
    raise PermissionDenied(
        f"This newsroom lets {who} act under a pinned clock (NEWSROOM_NOW); "
        f"{actor.name} acts at the store's time instead. Nothing was written.",
        hint="unpin-clock",
    )


def _refuse_scheduler_mismatch(name: str, role: str) -> None:
    """The scheduler is a program: one member, by its own name, that only runs the clock."""
    if (name == SCHEDULER_NAME) != (role == SCHEDULER):
        raise RuleRefused(
            f"Only the member named {SCHEDULER_NAME} takes the role {SCHEDULER}, "
            "and it takes no other."
        )


def _add(command: cmd.AddStaffMember, staff: Staff, actor: Actor) -> list[ev.Event]:
    roster = staff.roles
    _refuse_scheduler_mismatch(command.name, command.role)
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
    _refuse_scheduler_mismatch(command.name, command.role)
    chiefs = [name for name, role in roster.items() if role == CHIEF]
    if chiefs == [command.name]:
        raise RuleRefused(f"{command.name} is the only chief; name another chief first.")
    return [ev.StaffRoleChanged(name=command.name, role=command.role, previous_role=previous)]


def _remove(
    command: cmd.RemoveStaffMember, staff: Staff, actor: Actor, when: When
) -> list[ev.Event]:
    require(actor, "staff")
    previous = staff.roles.get(command.name)
    if previous is None and command.name in staff.removed:
        raise RuleRefused(f"{command.name} was already removed from the staff.")
    if previous is None:
        raise NotFound(f"{command.name} is not on the staff.")
    chiefs = [name for name, role in staff.roles.items() if role == CHIEF]
    if chiefs == [command.name]:
        raise RuleRefused(f"{command.name} is the only chief; name another chief first.")
    removed_at = utc_iso(when.effective)
    return [ev.StaffMemberRemoved(name=command.name, previous_role=previous, removed_at=removed_at)]


def _change_key(command: cmd.ChangeStaffKey, staff: Staff, actor: Actor) -> list[ev.Event]:
    if not _may_change_key(command.name, staff, actor):
        require(actor, "staff")
    if command.name not in staff.roles:
        raise NotFound(f"{command.name} is not on the staff.")
    if staff.keys.get(command.name) == command.public_key:
        raise RuleRefused(f"{command.name} already signs with that key.")
    _refuse_shared(command.public_key, command.name, staff)
    return [ev.StaffKeyChanged(name=command.name, public_key=command.public_key)]


def _may_change_key(name: str, staff: Staff, actor: Actor) -> bool:
    """Besides a chief: the member themselves, signing with their old key; or, on a store
    from before keys, its first chief claiming the first key of all."""
    if actor.name != name:
        return False
    return name in staff.keys or (actor.role == CHIEF and not staff.keys)


def _refuse_shared(public_key: str, name: str, staff: Staff) -> None:
    """One key, one person: a signature must name who made it."""
    if any(key == public_key for _, key in staff.log_keys):
        raise RuleRefused(f"The key {key_fingerprint(public_key)} is the newsroom log's own.")
    owner = staff.owners.get(public_key)
    if owner is not None and owner != name:
        now = "is already" if staff.keys.get(owner) == public_key else "was"
        raise RuleRefused(f"The key {key_fingerprint(public_key)} {now} {owner}'s.")


def command_of(events: Sequence[ev.Event], staff: Staff) -> cmd.Command:
    """The command that decided `events`: every staff command decides one event."""
    [event] = events
    if isinstance(event, ev.StaffMemberAdded):
        return cmd.AddStaffMember(name=event.name, role=event.role, public_key=event.public_key)
    if isinstance(event, ev.StaffRoleChanged):
        return cmd.ChangeStaffRole(name=event.name, role=event.role)
    if isinstance(event, ev.StaffKeyChanged):
        return cmd.ChangeStaffKey(name=event.name, public_key=event.public_key)
    if isinstance(event, ev.PinnedClockPolicySet):
        return cmd.SetPinnedClockPolicy(policy=event.policy)
    if isinstance(event, ev.LogKeyChanged):
        return cmd.ChangeLogKey(origin=event.origin, public_key=event.public_key)
    if isinstance(event, ev.StaffMemberRemoved):
        return cmd.RemoveStaffMember(name=event.name)
    raise ValueError(f"{event.event_type} is not a staff event")


STAFF: Decider[cmd.Command, Staff] = Decider(
    initial=Staff(),
    evolve=evolve,
    decide=decide,
    stream=lambda command: STAFF_STREAM,
    subject=lambda command: "The staff list",
    status=lambda staff: "active",
    command_of=command_of,
)
