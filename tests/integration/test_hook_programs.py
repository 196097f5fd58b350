"""Hook programs as real processes: which may run, and how one run ends, whatever it does."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from delivery import process
from delivery.process import Launch
from delivery.programs import ProgramRules, allowed, registered_target
from events.errors import BadInput

SH = shutil.which("sh") or "/bin/sh"


def script(folder: Path, name: str, body: str = "cat > /dev/null\n") -> Path:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}", encoding="utf-8")
    path.chmod(0o755)
    return path


def rules(folder: Path, *listed: Path | str) -> ProgramRules:
    allowlist = folder / "hook-programs"
    allowlist.write_text("".join(f"{entry}\n" for entry in listed), encoding="utf-8")
    allowlist.chmod(0o644)
    return ProgramRules(allowlist, None, {"PATH": f"{folder}:/usr/bin:/bin"})


def shell(command: str) -> Launch:
    return Launch([SH, "-c", command], SH, {"PATH": "/usr/bin:/bin"})


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_bare_name_is_found_on_path_and_recorded_by_its_absolute_path(tmp_path: Path) -> None:
    archive = script(tmp_path, "archive")
    assert registered_target("archive --bucket 'news desk'", rules(tmp_path, archive)) == (
        f"{archive} --bucket 'news desk'"
    )


def test_a_link_to_a_program_not_listed_is_refused_naming_what_it_leads_to(
    tmp_path: Path,
) -> None:
    listed = script(tmp_path, "archive")
    (tmp_path / "innocent").symlink_to(SH)
    with pytest.raises(BadInput, match=rf"innocent \(that is, {os.path.realpath(SH)}\) is not"):
        allowed(str(tmp_path / "innocent"), rules(tmp_path, listed))


def test_a_listed_link_allows_the_program_it_leads_to(tmp_path: Path) -> None:
    real = script(tmp_path, "archive-2.1")
    (tmp_path / "archive").symlink_to(real)
    argv, run = allowed(str(real), rules(tmp_path, tmp_path / "archive"))
    assert (argv, run) == ([str(real)], str(real))


def test_a_link_moved_to_another_program_after_the_hook_was_added_is_refused_at_run_time(
    tmp_path: Path,
) -> None:
    archive = script(tmp_path, "archive")
    link = tmp_path / "current"
    link.symlink_to(archive)
    operator = rules(tmp_path, archive)
    target = registered_target(str(link), operator)
    link.unlink()
    link.symlink_to(SH)
    with pytest.raises(BadInput, match="is not in the allowed hook programs"):
        allowed(target, operator)


def test_no_such_program_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="There is no program 'archive' to run"):
        allowed("archive", rules(tmp_path, tmp_path / "archive"))


def test_a_program_that_never_reads_its_input_and_exits_is_done_at_once() -> None:
    started = time.monotonic()
    done = process.run(shell("exit 0"), b"x" * (4 * 1024 * 1024), timeout=30)
    assert done.returncode == 0
    assert time.monotonic() - started < 10  # far below the deadline: nothing waited on it


def test_a_program_that_never_reads_its_input_and_never_exits_is_killed_at_the_deadline() -> None:
    started = time.monotonic()
    done = process.run(shell("sleep 300"), b"x" * (4 * 1024 * 1024), timeout=1)
    assert done.returncode is None
    assert time.monotonic() - started < 10


def test_what_a_program_leaves_running_when_it_exits_is_killed_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "left.pid"
    started = time.monotonic()
    done = process.run(shell(f"sleep 300 & echo $! > {pid_file}; echo bye >&2"), b"{}", 30)
    assert (done.returncode, done.stderr) == (0, b"bye\n")
    assert time.monotonic() - started < 10  # the leftover held the pipes; it was not waited for
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(pid)


def test_a_program_that_closes_its_output_and_goes_on_is_still_held_to_the_deadline() -> None:
    done = process.run(shell("exec >&- 2>&-; sleep 300"), b"{}", timeout=1)
    assert done.returncode is None


def test_only_the_end_of_a_flood_of_errors_is_kept() -> None:
    flood = f"{sys.executable} -c \"import sys; sys.stderr.write('e' * 5000000 + 'the end')\""
    done = process.run(shell(flood), b"", timeout=30)
    assert done.returncode == 0
    assert len(done.stderr) == process.STDERR_CAP and done.stderr.endswith(b"the end")


def test_a_list_others_may_change_is_refused(tmp_path: Path) -> None:
    archive = script(tmp_path, "archive")
    operator = rules(tmp_path, archive)
    assert operator.allowlist is not None
    operator.allowlist.chmod(0o664)
    with pytest.raises(BadInput, match=r"may be changed by others than its owner \(mode 0664\)"):
        allowed(str(archive), operator)
