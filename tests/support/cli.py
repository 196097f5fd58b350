"""The `newsroom` command as a user runs it, in-process, with its store in a temporary folder."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from cli.app import run
from events.envelope import RecordedEvent
from events.instants import parse_time
from events.sql.engine import open_engine
from events.sql.store import SqlEventStore
from tests.support.keys import acting_as, key_file


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class NewsroomCli:
    """The `newsroom` command as a user runs it, with its store in a temporary folder.

    Each person acts holding their own key. The store's clock is the test's: `at` moves
    it, as time passing would, so acts are stamped by the store and never pinned.
    """

    def __init__(
        self, workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ):
        self.workdir = workdir
        self.store_url = f"sqlite:///{workdir / 'newsroom.db'}"
        self._monkeypatch = monkeypatch
        self._capsys = capsys
        self.now = ""
        monkeypatch.setattr("events.sql.store.process_clock", self.store_clock)

    def store_clock(self) -> datetime:
        if not self.now:
            return datetime.now(UTC)
        return parse_time(self.now, ZoneInfo("Asia/Baku"))

    def run(self, *args: str, actor: str | None = None) -> Result:
        acting = acting_as(actor) if actor else []
        if "--key" in args:  # the person names their key themselves
            acting = acting[:2]
        argv = [*args, *acting]
        if args[:2] == ("staff", "add") and "--public-key" not in args:
            argv += ["--public-key", f"{key_file(args[2])}.pub"]
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

    def publish_new(self, article_id: str, headline: str) -> None:
        """An article drafted by aysel, approved and published by kamran: the usual path."""
        self.ok(f"draft --id {article_id} --headline '{headline}' --category Society", "aysel")
        self.ok(f"submit {article_id}", actor="aysel")
        self.ok(f"approve {article_id}", actor="kamran")
        self.ok(f"publish {article_id}", actor="kamran")

    def at(self, when: str) -> None:
        """The store's clock reads `when` from now on ("": the real clock)."""
        self.now = when

    def pinned(self, when: str) -> None:
        """Acts are stamped `when` (NEWSROOM_NOW, a backfill) whatever the store's clock."""
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
