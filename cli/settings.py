"""Global options and environment variables, resolved once per run."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cli.timefmt import parse_time, zone
from events.errors import BadInput

DEFAULT_STORE = "sqlite:///newsroom.db"
DEFAULT_TZ = "Asia/Baku"


@dataclass(frozen=True, slots=True)
class Settings:
    store_url: str
    actor: str
    json: bool
    log_json: bool
    tz: ZoneInfo
    pinned_now: datetime | None
    media_dir: Path
    busy_seconds: float
    hook_attempts: int = 5
    hook_backoff: float = 0.5
    hook_timeout: float = 10.0
    headline_limit: int = 140

    def now(self) -> datetime:
        """NEWSROOM_NOW when pinned, else the real clock; read only at the edge."""
        return self.pinned_now or datetime.now(UTC)


def resolve(options: dict[str, Any], env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ) if env is None else env
    store_url = options.get("store") or env.get("NEWSROOM_STORE") or DEFAULT_STORE
    tz = zone(env.get("NEWSROOM_TZ") or DEFAULT_TZ)
    pinned = env.get("NEWSROOM_NOW")
    return Settings(
        store_url=store_url,
        actor=options.get("actor") or env.get("NEWSROOM_ACTOR") or _login_name(),
        json=bool(options.get("json")),
        log_json=bool(options.get("log_json")) or env.get("NEWSROOM_LOG", "") == "json",
        tz=tz,
        pinned_now=parse_time(pinned, tz, "NEWSROOM_NOW") if pinned else None,
        media_dir=Path(env.get("NEWSROOM_MEDIA") or default_media_dir(store_url)),
        busy_seconds=_seconds(env.get("NEWSROOM_BUSY_TIMEOUT"), "NEWSROOM_BUSY_TIMEOUT", 30.0),
        hook_attempts=max(
            1, int(_seconds(env.get("NEWSROOM_HOOK_ATTEMPTS"), "NEWSROOM_HOOK_ATTEMPTS", 5))
        ),
        hook_backoff=_seconds(env.get("NEWSROOM_HOOK_BACKOFF"), "NEWSROOM_HOOK_BACKOFF", 0.5),
        hook_timeout=_seconds(env.get("NEWSROOM_HOOK_TIMEOUT"), "NEWSROOM_HOOK_TIMEOUT", 10.0),
        headline_limit=int(
            _seconds(env.get("NEWSROOM_HEADLINE_LIMIT"), "NEWSROOM_HEADLINE_LIMIT", 140)
        ),
    )


def _seconds(text: str | None, name: str, default: float) -> float:
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise BadInput(f"{name} must be a number, not {text!r}.")
    return value


def default_media_dir(store_url: str) -> Path:
    """`media/` beside a SQLite file; `./media` for a server store."""
    prefix = "sqlite:///"
    if store_url.startswith(prefix) and store_url[len(prefix) :] not in ("", ":memory:"):
        return Path(store_url[len(prefix) :]).parent / "media"
    return Path("media")


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
