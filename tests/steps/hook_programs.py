"""Step definitions for what a hook program may be and what it gets: the operator's list.

The tests' operator lists this Python (`hook_programs`, in tests/support/fixtures.py); a
step here lists another program, takes them all off, or sets no list at all. The
programs are real ones, written into the scenario's folder; each leaves what it saw
in a file beside itself, for a Then step to read.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_bdd import given, then, when

from tests.steps.common import Scene, quoted, step
from tests.steps.hooks import dead_letters
from tests.support.cli import Result
from tests.support.keys import acting_as

ENV_DUMP = """\
import json, os, pathlib, sys
sys.stdin.read()
here = pathlib.Path(__file__).resolve().parent
(here / "environment.json").write_text(json.dumps(dict(os.environ)))
"""
STUCK = """\
import pathlib, subprocess, sys, time
here = pathlib.Path(__file__).resolve().parent
helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
(here / "helper.pid").write_text(str(helper.pid))
time.sleep(300)
"""
CHATTY = """\
import sys
sys.stdin.read()
chunk = b"x" * (1024 * 1024)
for _ in range({megabytes}):
    {writes}
sys.exit({code})
"""
WHOAMI = """\
#!/bin/sh
cat > /dev/null
id -un > "$(dirname "$0")/out/ran-as"
"""
STRANGER = "#!/bin/sh\ncat > /dev/null\n"
MIB = 1024 * 1024


def _python(scene: Scene, name: str, source: str) -> str:
    """A Python hook program in the scenario's folder, as its --exec command line."""
    program = scene.cli.workdir / f"{name}.py"
    program.write_text(source, encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(program))}"


def _allow(allowlist: Path, program: str) -> None:
    with allowlist.open("a", encoding="utf-8") as listed:
        listed.write(f"{program}\n")


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder any user may read, with `out/` any user may write: for another user's
    program, which cannot reach the test's own folder."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-hook-"))
    folder.chmod(0o755)
    (folder / "out").mkdir(mode=0o777)
    (folder / "out").chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# --- Given: the operator's list and the programs ---------------------------------------


@given(step("a hook program ${name:Field} that the operator has not listed"))
def _(scene: Scene, name: str) -> None:
    program = scene.cli.workdir / f"{name}.sh"
    program.write_text(STRANGER, encoding="utf-8")
    program.chmod(0o755)
    scene.noted[name] = str(program)


@given("the operator lists no hook programs")
def _(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSROOM_HOOK_PROGRAMS")


@given(step('the operator also allows the program "{name}"'))
def _(scene: Scene, hook_programs: Path, name: str) -> None:
    found = shutil.which(name)
    assert found is not None, f"no {name} on this machine"
    _allow(hook_programs, found)
    scene.noted[name] = found


@given("the operator takes every program off the list of hook programs")
def _(hook_programs: Path) -> None:
    hook_programs.write_text("# nothing may run for now\n", encoding="utf-8")


@given(step('the operator runs hook programs as "{user}"'))
def _(monkeypatch: pytest.MonkeyPatch, user: str) -> None:
    monkeypatch.setenv("NEWSROOM_HOOK_USER", user)


@given(step("hooks time out after {seconds:d} s"))
def _(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    monkeypatch.setenv("NEWSROOM_HOOK_TIMEOUT", str(seconds))


@given(step('the worker\'s environment holds {name} "{value}" and {other} "{other_value}"'))
def _(monkeypatch: pytest.MonkeyPatch, name: str, value: str, other: str, other_value: str) -> None:
    monkeypatch.setenv(name, value)
    monkeypatch.setenv(other, other_value)


@given(step("a receiver program ${name:Field} that writes down its environment"))
def _(scene: Scene, name: str) -> None:
    scene.noted[name] = _python(scene, name, ENV_DUMP)


@given(step("a hook program ${name:Field} that starts a helper and then waits for ever"))
def _(scene: Scene, name: str) -> None:
    scene.noted[name] = _python(scene, name, STUCK)


@given(
    step(
        "a hook program ${name:Field} that writes {out:d} MB to its standard output "
        "and {err:d} MB to its standard error"
    )
)
def _(scene: Scene, name: str, out: int, err: int) -> None:
    assert out == err, "the program writes both in step"
    writes = "sys.stdout.buffer.write(chunk); sys.stderr.buffer.write(chunk)"
    source = CHATTY.format(megabytes=out, writes=writes, code=0)
    scene.noted[name] = _python(scene, name, source)


@given(
    step("a hook program ${name:Field} that writes {err:d} MB to its standard error, then fails")
)
def _(scene: Scene, name: str, err: int) -> None:
    source = CHATTY.format(megabytes=err, writes="sys.stderr.buffer.write(chunk)", code=4)
    scene.noted[name] = _python(scene, name, source)


@given(step("a receiver program ${name:Field} that writes down the user it runs as"))
def _(scene: Scene, hook_programs: Path, shared_folder: Path, name: str) -> None:
    program = shared_folder / f"{name}.sh"
    program.write_text(WHOAMI, encoding="utf-8")
    program.chmod(0o755)
    _allow(hook_programs, str(program))
    scene.noted[name] = str(program)


# --- When -------------------------------------------------------------------------------


@when(step("{person:Name} runs `{command}` and its memory is watched"), target_fixture="result")
def _(scene: Scene, person: str, command: str) -> Result:
    """The command as its own process, its peak memory taken from the kernel as it ends."""
    newsroom = Path(sys.executable).parent / "newsroom"
    argv = [str(newsroom), *shlex.split(scene.command(command)), *acting_as(person)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(started.pid, 0)
        started.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        scene.noted["peak_kib"] = str(usage.ru_maxrss)
        return Result(started.returncode, out.read().decode(), err.read().decode())


# --- Then -------------------------------------------------------------------------------


def _environment(scene: Scene) -> dict[str, str]:
    seen: dict[str, str] = json.loads((scene.cli.workdir / "environment.json").read_text())
    return seen


@then(step("the program's environment held exactly {names}"))
def _(scene: Scene, names: str) -> None:
    wanted = re.split(r", | and ", names)
    assert sorted(_environment(scene)) == sorted(wanted), _environment(scene)


@then(step("the program was given {pairs}"))
def _(scene: Scene, pairs: str) -> None:
    seen = _environment(scene)
    for name, value in re.findall(r'([A-Z_]+) "([^"]*)"', pairs):
        assert seen.get(name) == value, f"{name} is {seen.get(name)!r}, not {value!r}"


@then(step('the HookRegistered event records the program "{name}" by its absolute path, {rest}'))
def _(scene: Scene, name: str, rest: str) -> None:
    [args] = quoted(rest)
    target = scene.new_event("HookRegistered").data["target"]
    assert target == f"{scene.noted[name]} {args}", target
    assert os.path.isabs(shlex.split(target)[0])


@then(step("the log registers hook {name:Name} with the variables {names}, and no values"))
def _(scene: Scene, name: str, names: str) -> None:
    [wired] = [e for e in scene.log() if e.event_type == "HookRegistered"]
    assert wired.data["name"] == name
    assert wired.data["env"] == quoted(names), wired.data


@then("the program's helper is no longer running")
def _(scene: Scene) -> None:
    pid = int((scene.cli.workdir / "helper.pid").read_text())
    deadline = time.monotonic() + 10  # a generous bound: the kill is already sent
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid), f"the helper {pid} still runs"


def _running(pid: int) -> bool:
    """Alive, and not merely a zombie waiting for whoever inherited it to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@then(step("the run's peak memory stayed under {megabytes:d} MB"))
def _(scene: Scene, megabytes: int) -> None:
    peak = int(scene.noted["peak_kib"]) * 1024
    assert peak < megabytes * MIB, f"the run peaked at {peak / MIB:.0f} MB"


@then(step("the dead letter of hook {name:Name} is at most {length:d} characters long"))
def _(scene: Scene, name: str, length: int) -> None:
    [letter] = dead_letters(scene, name)
    assert len(letter["error"]) <= length, len(letter["error"])


@then(step('the program ran as the user "{user}"'))
def _(scene: Scene, shared_folder: Path, user: str) -> None:
    ran_as = (shared_folder / "out" / "ran-as").read_text().strip()
    assert ran_as == user
