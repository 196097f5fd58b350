"""The staff decider: founding chief, chiefs manage staff, at least one chief remains."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events import models as ev
from events.errors import NotFound, PermissionDenied, RuleRefused
from workflow import commands as cmd
from workflow.roles import Actor, Roster
from workflow.staff import STAFF

NOW = datetime(2024, 11, 14, 10, 0, tzinfo=UTC)


def decide_staff(command: cmd.Command, roster: Roster, actor: Actor) -> list[ev.Event]:
    return STAFF.decide(command, roster, actor, NOW)


ROSTER: Roster = STAFF.fold(
    [
        (ev.StaffMemberAdded(name="umud", role="chief"), "umud"),
        (ev.StaffMemberAdded(name="kamran", role="editor"), "umud"),
    ]
)


def test_the_founding_member_must_be_a_chief() -> None:
    with pytest.raises(RuleRefused, match="must be a chief"):
        decide_staff(cmd.AddStaffMember(name="aysel", role="editor"), {}, Actor("aysel", None))
    assert decide_staff(cmd.AddStaffMember(name="umud", role="chief"), {}, Actor("umud", None)) == [
        ev.StaffMemberAdded(name="umud", role="chief")
    ]


def test_only_chiefs_manage_staff() -> None:
    with pytest.raises(PermissionDenied, match="needs a chief"):
        decide_staff(
            cmd.AddStaffMember(name="aysel", role="reporter"), ROSTER, Actor("kamran", "editor")
        )


def test_a_role_change_records_the_previous_role() -> None:
    events = decide_staff(
        cmd.ChangeStaffRole(name="kamran", role="chief"), ROSTER, Actor("umud", "chief")
    )
    assert events == [ev.StaffRoleChanged(name="kamran", role="chief", previous_role="editor")]


def test_the_last_chief_cannot_step_down() -> None:
    with pytest.raises(RuleRefused, match="only chief"):
        decide_staff(
            cmd.ChangeStaffRole(name="umud", role="editor"), ROSTER, Actor("umud", "chief")
        )


def test_unknown_and_duplicate_names() -> None:
    with pytest.raises(NotFound):
        decide_staff(
            cmd.ChangeStaffRole(name="nobody", role="editor"), ROSTER, Actor("umud", "chief")
        )
    with pytest.raises(RuleRefused, match="already on the staff"):
        decide_staff(
            cmd.AddStaffMember(name="kamran", role="reporter"), ROSTER, Actor("umud", "chief")
        )


def test_the_schedulers_name_is_reserved() -> None:
    with pytest.raises(RuleRefused, match="scheduler"):
        decide_staff(
            cmd.AddStaffMember(name="scheduler", role="editor"), ROSTER, Actor("umud", "chief")
        )
