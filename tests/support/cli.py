"""The `newsroom` command as a user runs it, in-process, with its store in a temporary folder."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cli.app import run
from events.envelope import RecordedEvent
from events.sql.engine import open_engine
from events.sql.store import SqlEventStore


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
