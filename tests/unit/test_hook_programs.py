"""What a hook program may be, what it is given, and how its failure reads: no processes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli.options import resolve
from delivery import programs
from delivery.deliver import DeliveryFailed
from delivery.process import Finished, RunAs
from events.envelope import RecordedEvent
from events.errors import BadInput
from events.models import decode_event
from workflow.decider import When
from workflow.hooks import HOOKS, Hook, check_env
from workflow.roles import Actor

LIST = Path("/etc/newsroom/hook-programs")
HOOK = Hook("archive", ("ArticlePublished",), "exec", "/usr/bin/archive", False, 0, ("TOKEN",))


def record() -> RecordedEvent:
    return RecordedEvent(
        global_position=9,
        stream_id="article:snow",
        stream_version=3,
        event_id="ev-1",
        event_type="ArticlePublished",
        schema_version=1,
        data={},
        metadata={},
        occurred_at="2024-11-14T10:00:00.000000Z",
        prev_hash="",
        hash="",
    )


def test_the_allowlist_lists_one_absolute_path_a_line_with_blank_lines_and_comments() -> None:
    text = "# archive\n/usr/local/bin/archive\n\n   /usr/bin/cat  \n#/usr/bin/sh\n"
    assert programs.listed(text, LIST) == ["/usr/local/bin/archive", "/usr/bin/cat"]


def test_a_relative_path_in_the_allowlist_is_refused_naming_its_line() -> None:
    with pytest.raises(BadInput, match=r"hook-programs, line 3: 'bin/archive' is not an absolute"):
        programs.listed("/usr/bin/cat\n\nbin/archive\n", LIST)


def test_no_allowlist_lets_no_program_run() -> None:
    with pytest.raises(BadInput, match="none is set"):
        programs.allowed("/usr/bin/cat", programs.ProgramRules())


def test_the_program_gets_only_the_named_variables_and_the_fixed_few() -> None:
    worker = {"TOKEN": "t-1", "NEWSROOM_STORE": "postgresql://u:pw@db/news", "HOME": "/root"}
    assert programs.environment(HOOK, record(), worker) == {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TOKEN": "t-1",
        "NEWSROOM_HOOK": "archive",
        "NEWSROOM_EVENT_ID": "ev-1",
        "NEWSROOM_EVENT_TYPE": "ArticlePublished",
    }


def test_a_named_path_takes_the_place_of_the_safe_one() -> None:
    hook = Hook("a", ("ArticlePublished",), "exec", "/bin/x", False, 0, ("PATH",))
    given = programs.environment(hook, record(), {"PATH": "/opt/bin"})
    assert given["PATH"] == "/opt/bin"


def test_a_named_variable_the_worker_lacks_fails_the_attempt() -> None:
    with pytest.raises(DeliveryFailed, match="given TOKEN, which the worker's environment"):
        programs.environment(HOOK, record(), {})


@pytest.mark.parametrize(
    ("kind", "names", "said"),
    [
        ("url", ("TOKEN",), r"Only a program \(exec\) hook"),
        ("exec", ("NEWSROOM_KEY_PASSPHRASE",), "the worker's own setting"),
        ("exec", ("newsroom_store",), "the worker's own setting"),
        ("exec", ("A-B",), "is not an environment variable's name"),
        ("exec", ("",), "is not an environment variable's name"),
        ("exec", tuple(f"V{n}" for n in range(51)), "at most 50"),
    ],
)
def test_a_hook_names_only_variables_it_may_be_given(
    kind: str, names: tuple[str, ...], said: str
) -> None:
    with pytest.raises(BadInput, match=said):
        check_env(kind, names)  # type: ignore[arg-type]


def test_good_names_pass() -> None:
    check_env("exec", ("ARCHIVE_TOKEN", "_x", "LANG"))


def test_a_failure_names_the_exit_code_and_the_start_of_the_last_line_of_errors() -> None:
    failed = programs._failure("/usr/bin/archive", Finished(3, b"warming up\n" + b"y" * 9000))
    assert failed == "/usr/bin/archive exited with 3: " + "y" * programs.LINE_SHOWN


def test_a_program_killed_by_a_signal_says_which() -> None:
    assert programs._failure("/bin/x", Finished(-11, b"")) == "/bin/x was killed by SIGSEGV"


def test_a_worker_that_cannot_switch_user_fails_the_attempt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    with pytest.raises(DeliveryFailed, match="uid 1000 cannot switch to it"):
        programs._can_switch(RunAs("nobody", 65534, 65534))
    programs._can_switch(RunAs("me", 1000, 1000))  # already that user: nothing to switch


def test_the_operator_settings_are_read_from_the_environment() -> None:
    settings = resolve({}, {"NEWSROOM_HOOK_PROGRAMS": "/etc/x", "NEWSROOM_HOOK_USER": "root"})
    assert (settings.hook_programs, settings.hook_user) == (Path("/etc/x"), "root")
    assert resolve({}, {}).hook_programs is None


def test_an_unknown_hook_user_is_a_bad_setting() -> None:
    with pytest.raises(BadInput, match="NEWSROOM_HOOK_USER names no user of this machine"):
        resolve({}, {"NEWSROOM_HOOK_USER": "no-such-user-here"})


@pytest.mark.parametrize(
    "data",
    [
        # as logs written before hooks named their variables hold it: no `env` at all
        {
            "name": "archive",
            "event_types": ["ArticlePublished"],
            "target_kind": "exec",
            "target": "cat",
            "signed": False,
            "start_after": 7,
        },
        {
            "name": "archive",
            "event_types": ["ArticlePublished"],
            "target_kind": "exec",
            "target": "/usr/bin/cat",
            "signed": False,
            "start_after": 7,
            "env": ["TOKEN"],
        },
    ],
)
def test_a_registration_old_or_new_is_what_the_rules_decide_for_its_command(
    data: dict[str, object],
) -> None:
    """What `verify` replays: the event's command, decided again, gives the event."""
    event = decode_event("HookRegistered", data)
    command = HOOKS.command_of([event], {})
    assert HOOKS.decide(
        command, {}, Actor("umud", "chief"), When.at(datetime(2024, 11, 14, tzinfo=UTC))
    ) == [event]
    assert HOOKS.evolve({}, event)["archive"].env == tuple(str(n) for n in data.get("env", ()))
