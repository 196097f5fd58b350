"""Who may do what: the roles, the actions each allows, and the refusal when one does not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from events.catalog import CHIEF, ROLES
from events.catalog import SCHEDULER as SCHEDULER_ROLE
from events.errors import PermissionDenied

# Anyone on the staff may run the clock: editors took the decisions when scheduling.
SCHEDULER_ACTIONS = frozenset({"publish-due"})
REPORTER_ACTIONS = SCHEDULER_ACTIONS | {
    "draft",
    "revise",
    "photo",
    "submit",
    "withdraw",
    "note",
}
EDITOR_ACTIONS = REPORTER_ACTIONS | {
    "request-changes",
    "approve",
    "publish",
    "unschedule",
    "correct",
    "spike",
    "assign",
}
CHIEF_ACTIONS = EDITOR_ACTIONS | {"retract", "staff", "hooks", "redact"}
ACTIONS_BY_ROLE: Mapping[str, frozenset[str]] = MappingProxyType(
    dict(
        zip(
            ROLES, (REPORTER_ACTIONS, EDITOR_ACTIONS, CHIEF_ACTIONS, SCHEDULER_ACTIONS), strict=True
        )
    )
)
LEAST_ROLE_FOR = {
    action: next(role for role in ROLES if action in ACTIONS_BY_ROLE[role])
    for action in CHIEF_ACTIONS
}
SCHEDULER = "scheduler"  # the member's name; their role is `catalog.SCHEDULER`


@dataclass(frozen=True, slots=True)
class Actor:
    """The person acting, and their role now (None when not on the staff)."""

    name: str
    role: str | None
    removed_at: str | None = None  # when they left the staff, if they did


Roster = Mapping[str, str]


# How a refusal names each action: "approving needs an editor or above".
ACTION_PHRASES = {
    "draft": "drafting",
    "revise": "revising",
    "photo": "changing photos",
    "submit": "submitting",
    "request-changes": "requesting changes",
    "approve": "approving",
    "publish": "publishing",
    "unschedule": "unscheduling",
    "correct": "correcting",
    "spike": "spiking",
    "retract": "retracting",
    "staff": "managing the staff",
    "publish-due": "publishing what is due",
    "hooks": "wiring publishing hooks",
    "redact": "erasing content by court order",
    "assign": "assigning work",
    "withdraw": "withdrawing a submission",
    "note": "writing notes",
}


def require_staff(actor: Actor) -> None:
    if actor.role is None and actor.removed_at is not None:
        on = datetime.fromisoformat(actor.removed_at).strftime("%d.%m.%Y")
        raise PermissionDenied(
            f"{actor.name} was removed from the staff on {on}; they can no longer act here."
        )
    if actor.role is None:
        hint = "add-scheduler" if actor.name == SCHEDULER else "add-staff"
        raise PermissionDenied(
            f"{actor.name} is not on the staff of this newsroom.", hint=hint, name=actor.name
        )


def require(actor: Actor, action: str) -> None:
    """Refuse unless the actor's role allows `action`."""
    require_staff(actor)
    assert actor.role is not None
    if action not in ACTIONS_BY_ROLE[actor.role]:
        raise PermissionDenied(
            f"{actor.name} is {_a(actor.role)}; {ACTION_PHRASES[action]} needs "
            f"{_a(LEAST_ROLE_FOR[action])} or above."
        )


# Rebuilding views, delivering to hooks, signing checkpoints: work on the whole store that
# editors and reporters have no need of, and that a stolen login should not be able to do.
MAINTAINERS = frozenset({CHIEF, SCHEDULER_ROLE})


def require_maintainer(actor: Actor, task: str) -> None:
    """Refuse unless the actor is a chief or the scheduler (`task`: "rebuilding the views")."""
    require_staff(actor)
    assert actor.role is not None
    if actor.role not in MAINTAINERS:
        raise PermissionDenied(
            f"{actor.name} is {_a(actor.role)}; {task} needs a chief's or the scheduler's key."
        )


def _a(role: str) -> str:
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"
