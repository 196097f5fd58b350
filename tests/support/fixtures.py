"""Shared fixtures: a fresh newsroom store per test, driven through the real CLI in-process."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from cli.app import run
from tests.support.cli import NewsroomCli
from tests.support.keys import acting_as, key_file
from tests.support.stores import EDITORS, pg_schema_url

# The project's shared folder (the seed page, the ninjs schema) lies beside the checkout.
SHARED = Path(os.environ.get("NEWSROOM_SHARED") or Path(__file__).resolve().parents[3] / "shared")
SEED_PAGE = SHARED / "corpus" / "seed-page.txt"
START = "10:00 14.11.2024"
STAFF = {
    "umud": "chief",
    "aysel": "reporter",
    "rashad": "reporter",
    "kamran": "editor",
    "leyla": "editor",
    "scheduler": "scheduler",
}
# The staff is taken on before the day the scenarios play in: the store's clock never
# goes back, so nothing may be recorded later than the scenarios' own times.
HIRED_AT = "00:00 14.11.2024"


@pytest.fixture(autouse=True)
def _fresh_logging() -> Iterator[None]:
    """A command run in this process binds structlog to the test's captured stderr: the
    next test (a hook lane logging from a thread, say) must not write to it once closed."""
    yield
    structlog.reset_defaults()


@pytest.fixture(autouse=True)
def _log_key_in_the_test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store on a server keeps its log key under ~/.config: never the real one's."""
    monkeypatch.setenv("NEWSROOM_LOG_KEY", str(tmp_path / "log-key"))


@pytest.fixture(autouse=True)
def hook_programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The worker's operator allows this Python as a hook program, as the tests run theirs
    with it; `tests/steps/hook_programs.py` shows what happens to a program not listed."""
    allowlist = tmp_path / "hook-programs"
    allowlist.write_text(f"# the tests' receivers\n{sys.executable}\n", encoding="utf-8")
    allowlist.chmod(0o644)  # only its owner may change it, whatever the umask
    monkeypatch.setenv("NEWSROOM_HOOK_PROGRAMS", str(allowlist))
    monkeypatch.delenv("NEWSROOM_HOOK_USER", raising=False)
    return allowlist


@pytest.fixture
def newsroom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[NewsroomCli]:
    for name in ("NEWSROOM_ACTOR", "NEWSROOM_LOG", "NEWSROOM_DEBUG", "NEWSROOM_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("NEWSROOM_KEY_PASSPHRASE", raising=False)
    # The config file is looked for under HOME, whatever the machine running the tests.
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("NEWSROOM_PROFILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # keys go under ~/.config/newsroom
    cli = NewsroomCli(tmp_path, monkeypatch, capsys)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSROOM_STORE", cli.store_url)
    monkeypatch.setenv("NEWSROOM_TZ", "Asia/Baku")
    monkeypatch.setenv("NEWSROOM_MEDIA", str(tmp_path / "media"))
    monkeypatch.delenv("NEWSROOM_NOW", raising=False)
    cli.at(START)
    yield cli


@pytest.fixture
def staffed(newsroom: NewsroomCli) -> NewsroomCli:
    """A store with a chief (umud), two reporters, two editors and the scheduler."""
    newsroom.at(HIRED_AT)
    newsroom.ok("init --chief umud", actor="umud")
    for name, role in STAFF.items():
        if role != "chief":
            newsroom.ok(f"staff add {name} --role {role}", actor="umud")
    newsroom.at(START)
    return newsroom


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSROOM_MEDIA", str(tmp_path / "media"))
    monkeypatch.setenv("NEWSROOM_NOW", "10:00 14.11.2024")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'newsroom.db'}"
        monkeypatch.setenv("NEWSROOM_STORE", url)
        yield _staffed(url)
    else:
        with pg_schema_url() as url:
            monkeypatch.setenv("NEWSROOM_STORE", url)
            yield _staffed(url)


def staff_a_newsroom() -> None:
    """Init the store NEWSROOM_STORE names, with a chief, a reporter and editors."""
    _staffed("")


def _staffed(url: str) -> str:
    """PostgreSQL's clock is its own: these stores let everyone pin the clock instead."""
    init = ["init", "--chief", "umud", "--pinned-clock", "everyone"]
    assert run([*init, *acting_as("umud")]) == 0
    for name, role in [
        ("aysel", "reporter"),
        ("kamran", "editor"),
        *((e, "editor") for e in EDITORS),
        ("scheduler", "scheduler"),
    ]:
        member = ["staff", "add", name, "--role", role, "--public-key", f"{key_file(name)}.pub"]
        assert run([*member, *acting_as("umud")]) == 0
    return url
