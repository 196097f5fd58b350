"""Shared fixtures: a fresh newsroom store per test, driven through the real CLI in-process."""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cli.app import run
from events.db import open_engine
from events.envelope import RecordedEvent
from events.sql import SqlEventStore
from tests.stores import EDITORS, pg_schema_url

# The project's shared folder (the seed page, the ninjs schema) lies beside the checkout.
SHARED = Path(os.environ.get("NEWSROOM_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SEED_PAGE = SHARED / "corpus" / "seed-page.txt"
START = "10:00 14.11.2024"
STAFF = {
    "umud": "chief",
    "aysel": "reporter",
    "rashad": "reporter",
    "kamran": "editor",
    "leyla": "editor",
}


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class NewsroomCli:
    """The `newsroom` command as a user runs it, with its store in a temporary folder."""

    def __init__(
        self, workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ):
        self.workdir = workdir
        self.store_url = f"sqlite:///{workdir / 'newsroom.db'}"
        self._monkeypatch = monkeypatch
        self._capsys = capsys

    def run(self, *args: str, actor: str | None = None) -> Result:
        argv = [*args, *(["--as", actor] if actor else [])]
        self._capsys.readouterr()
        code = run(argv)
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def line(self, command: str, actor: str | None = None) -> Result:
        return self.run(*shlex.split(command), actor=actor)

    def ok(self, command: str, actor: str | None = None) -> Result:
        result = self.line(command, actor)
        assert result.code == 0, f"`newsroom {command}` as {actor} failed: {result.err}"
        return result

    def at(self, when: str) -> None:
        self._monkeypatch.setenv("NEWSROOM_NOW", when)

    def events(self) -> list[RecordedEvent]:
        engine = open_engine(self.store_url)
        try:
            return list(SqlEventStore(engine).read_all())
        finally:
            engine.dispose()

    def image(self, name: str, size: tuple[int, int] = (800, 600), kind: str = "JPEG") -> Path:
        path = self.workdir / name
        Image.new("RGB", size, (180, 40, 40)).save(path, kind)
        return path


@pytest.fixture
def newsroom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[NewsroomCli]:
    for name in ("NEWSROOM_ACTOR", "NEWSROOM_LOG", "NEWSROOM_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    cli = NewsroomCli(tmp_path, monkeypatch, capsys)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSROOM_STORE", cli.store_url)
    monkeypatch.setenv("NEWSROOM_TZ", "Asia/Baku")
    monkeypatch.setenv("NEWSROOM_MEDIA", str(tmp_path / "media"))
    monkeypatch.setenv("NEWSROOM_NOW", START)
    yield cli


@pytest.fixture
def staffed(newsroom: NewsroomCli) -> NewsroomCli:
    """A store with a chief (umud), two reporters and two editors."""
    newsroom.ok("init --chief umud", actor="umud")
    for name, role in STAFF.items():
        if role != "chief":
            newsroom.ok(f"staff add {name} --role {role}", actor="umud")
    return newsroom


@pytest.fixture(params=["sqlite", "postgresql"])
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
    assert run(["init", "--chief", "umud", "--as", "umud"]) == 0
    for name, role in [
        ("aysel", "reporter"),
        ("kamran", "editor"),
        *((e, "editor") for e in EDITORS),
    ]:
        assert run(["staff", "add", name, "--role", role, "--as", "umud"]) == 0
    return url
