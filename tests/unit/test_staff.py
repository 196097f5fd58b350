"""The staff decider: founding chief, chiefs manage staff, at least one chief remains."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events import models as ev
from events.errors import NotFound, PermissionDenied, RuleRefused
from workflow import commands as cmd
from workflow.decider import When
from workflow.roles import Actor
from workflow.staff import STAFF, Staff

NOW = When.at(datetime(2024, 11, 14, 10, 0, tzinfo=UTC))


def decide_staff(command: cmd.Command, staff: Staff, actor: Actor) -> list[ev.Event]:
    return STAFF.decide(command, staff, actor, NOW)


ROSTER: Staff = STAFF.fold(
    [
        (ev.StaffMemberAdded(name="umud", role="chief"), "umud"),
        (ev.StaffMemberAdded(name="kamran", role="editor"), "umud"),
    ]
)


def test_the_founding_member_must_be_a_chief() -> None:
    with pytest.raises(RuleRefused, match="must be a chief"):
        decide_staff(cmd.AddStaffMember(name="aysel", role="editor"), Staff(), Actor("aysel", None))
    assert decide_staff(
        cmd.AddStaffMember(name="umud", role="chief"), Staff(), Actor("umud", None)
    ) == [ev.StaffMemberAdded(name="umud", role="chief")]


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


KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEdGGT5mqhR5DDD02LsM4y3uAvQAUdp+RmwL7GTyt701"
OTHER = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDJEQbgMCta4+Uk4AGn9BSMRE7kRpl/BH7s0Fid7ua1x"


def test_keys_are_kept_per_person_and_a_new_one_replaces_the_old() -> None:
    staff = STAFF.fold(
        [
            (ev.StaffMemberAdded(name="umud", role="chief", public_key=KEY), "umud"),
            (ev.StaffMemberAdded(name="aysel", role="reporter"), "umud"),
            (ev.StaffKeyChanged(name="aysel", public_key=OTHER), "umud"),
        ]
    )
    assert (dict(staff.roles), dict(staff.keys)) == (
        {"umud": "chief", "aysel": "reporter"},
        {"umud": KEY, "aysel": OTHER},
    )


def test_a_key_change_names_the_new_key_and_no_two_people_share_one() -> None:
    staff = STAFF.fold(
        [
            (ev.StaffMemberAdded(name="umud", role="chief", public_key=KEY), "umud"),
            (ev.StaffMemberAdded(name="aysel", role="reporter"), "umud"),
        ]
    )
    chief = Actor("umud", "chief")
    change = cmd.build(cmd.ChangeStaffKey, name="aysel", public_key=OTHER + " aysel@laptop")
    assert change.public_key == OTHER  # the comment is not part of the key
    assert decide_staff(change, staff, chief) == [
        ev.StaffKeyChanged(name="aysel", public_key=OTHER)
    ]
    with pytest.raises(RuleRefused, match="already umud's"):
        decide_staff(cmd.ChangeStaffKey(name="aysel", public_key=KEY), staff, chief)
    with pytest.raises(PermissionDenied, match="needs a chief"):
        decide_staff(change, staff, Actor("aysel", "reporter"))
    with pytest.raises(NotFound):
        decide_staff(cmd.ChangeStaffKey(name="zaur", public_key=OTHER), staff, chief)


def test_a_public_key_must_be_an_ed25519_line() -> None:
    from events.errors import BadInput

    with pytest.raises(BadInput, match="public_key is not usable"):
        cmd.build(cmd.AddStaffMember, name="zaur", role="reporter", public_key="ssh-rsa AAAA")
