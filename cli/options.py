"""Every option a run takes: global flags lifted out of argv, and every NEWSROOM_* variable.

This is the one module that reads the environment. Global options are accepted before
or after the command (`newsroom --json show X`, `newsroom show X --json`); Typer only
knows options at the level they are declared, so `split_global_options` moves them
aside and commands read them through `settings()`.
"""

from __future__ import annotations

import getpass
import math
import os
import pwd
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from events.catalog import HEADLINE_LIMIT, HEADLINE_MAX
from events.errors import BadInput
from events.instants import parse_time

DEFAULT_STORE = "sqlite:///newsroom.db"
DEFAULT_TZ = "Asia/Baku"
DEFAULT_SITE_URL = "http://localhost/"
DEFAULT_NATS_URL = "nats://127.0.0.1:4222"
DEFAULT_KEY = Path("~/.config/newsroom/key")
# Beside the person's key, never beside the store: a copy of the store or of its folder
# must not carry the key that unseals its hook secrets.
DEFAULT_SECRET_KEY = Path("~/.config/newsroom/secret-key")
MIB = 1024 * 1024
DEFAULT_BODY_LIMIT, BODY_LIMIT_MAX = MIB, 64 * MIB  # bytes of UTF-8
DEFAULT_PHOTO_LIMIT, PHOTO_LIMIT_MAX = 50 * MIB, 1024 * MIB  # bytes of the image file
# Pixels; past Pillow's own guard against decompression bombs (89,478,485) images/ refuses
# the file anyway.
DEFAULT_PHOTO_PIXELS, PHOTO_PIXELS_MAX = 80_000_000, 89_478_485
SECONDS_MAX = 86_400.0  # a day: SQLite's busy timeout is a 32-bit count of milliseconds
FLAGS = {"--json": "json", "--log-json": "log_json"}
VALUED = {"--store": "store", "--as": "actor", "--key": "key", "--profile": "profile"}


@dataclass(slots=True)
class RunRecord:
    """What one run did, for its single structured log line."""

    command: str = ""
    article_id: str | None = None
    events: int = 0


@dataclass(frozen=True, slots=True)
class Settings:
    store_url: str
    actor: str
    json: bool
    log_json: bool
    tz: ZoneInfo
    pinned_now: datetime | None
    media_dir: Path
    busy_seconds: float  # SQLite's busy timeout, and PostgreSQL's lock_timeout
    pg_statement_seconds: float  # PostgreSQL's statement_timeout; 0: none
    pg_idle_seconds: float  # PostgreSQL's idle_in_transaction_session_timeout; 0: none
    hook_attempts: int
    hook_backoff: float
    hook_timeout: float
    hook_allow_networks: tuple[IPv4Network | IPv6Network, ...]  # inner networks hooks may reach
    hook_programs: Path | None  # the operator's allowlist of hook programs; None: none may run
    hook_user: str | None  # the OS user hook programs run as; None: the worker's own
    headline_limit: int
    body_limit: int  # bytes
    photo_limit: int  # bytes
    photo_pixels: int
    site_url: str
    media_url: str | None  # where hooks' receivers find the photos
    nats_url: str
    key_path: Path  # the acting person's private key
    key_passphrase: str | None
    log_key_path: Path  # the key the newsroom signs its checkpoints with
    secret_key_path: Path  # the keys that seal hook secrets
    secret_key_default: bool  # not named: made on first need, not refused when missing

    def now(self) -> datetime:
        """NEWSROOM_NOW when pinned, else the real clock; read only at the edge. What a
        reader's "now" is; acts take the store's clock unless pinned."""
        return self.pinned_now or datetime.now(UTC)


def resolve(options: dict[str, Any], env: dict[str, str] | None = None) -> Settings:
    env = with_profile(options, dict(os.environ) if env is None else env)
    store_url = options.get("store") or env.get("NEWSROOM_STORE") or DEFAULT_STORE
    tz = zone(env.get("NEWSROOM_TZ") or DEFAULT_TZ)
    pinned = env.get("NEWSROOM_NOW")
    return Settings(
        store_url=store_url,
        actor=options.get("actor") or env.get("NEWSROOM_ACTOR") or _login_name(),
        json=bool(options.get("json")),
        log_json=wants_log_json(options, env),
        tz=tz,
        pinned_now=parse_time(pinned, tz, "NEWSROOM_NOW") if pinned else None,
        media_dir=Path(env.get("NEWSROOM_MEDIA") or default_media_dir(store_url)),
        busy_seconds=_seconds(env, "NEWSROOM_BUSY_TIMEOUT", 30.0),
        # No statement limit by default: an import or a rebuild of millions of events is
        # one long statement after another, and must not be cut off half-way.
        pg_statement_seconds=_seconds(env, "NEWSROOM_PG_STATEMENT_TIMEOUT", 0.0),
        pg_idle_seconds=_seconds(env, "NEWSROOM_PG_IDLE_TIMEOUT", 60.0),
        hook_attempts=_whole(env, "NEWSROOM_HOOK_ATTEMPTS", 5, 1, 1000),
        hook_backoff=_seconds(env, "NEWSROOM_HOOK_BACKOFF", 0.5),
        hook_timeout=_seconds(env, "NEWSROOM_HOOK_TIMEOUT", 10.0),
        hook_allow_networks=_networks(env, "NEWSROOM_HOOK_ALLOW_NETWORKS"),
        hook_programs=Path(env["NEWSROOM_HOOK_PROGRAMS"]).expanduser()
        if env.get("NEWSROOM_HOOK_PROGRAMS")
        else None,
        hook_user=_user(env, "NEWSROOM_HOOK_USER"),
        headline_limit=_whole(env, "NEWSROOM_HEADLINE_LIMIT", HEADLINE_LIMIT, 1, HEADLINE_MAX),
        body_limit=_whole(env, "NEWSROOM_BODY_LIMIT", DEFAULT_BODY_LIMIT, 1, BODY_LIMIT_MAX),
        photo_limit=_whole(env, "NEWSROOM_PHOTO_LIMIT", DEFAULT_PHOTO_LIMIT, 1, PHOTO_LIMIT_MAX),
        photo_pixels=_whole(
            env, "NEWSROOM_PHOTO_PIXELS", DEFAULT_PHOTO_PIXELS, 1, PHOTO_PIXELS_MAX
        ),
        site_url=env.get("NEWSROOM_SITE_URL") or DEFAULT_SITE_URL,
        media_url=env.get("NEWSROOM_MEDIA_URL") or None,
        nats_url=env.get("NEWSROOM_NATS_URL") or DEFAULT_NATS_URL,
        key_path=Path(options.get("key") or env.get("NEWSROOM_KEY") or DEFAULT_KEY).expanduser(),
        key_passphrase=env.get("NEWSROOM_KEY_PASSPHRASE") or None,
        log_key_path=Path(env.get("NEWSROOM_LOG_KEY") or default_log_key(store_url)).expanduser(),
        secret_key_path=Path(
            env.get("NEWSROOM_SECRET_KEY_FILE") or DEFAULT_SECRET_KEY
        ).expanduser(),
        secret_key_default=not env.get("NEWSROOM_SECRET_KEY_FILE"),
    )


def with_profile(options: Mapping[str, Any], env: dict[str, str]) -> dict[str, str]:
    """The environment over the chosen profile: a variable set (not empty) wins."""
    from cli.profiles import chosen

    return {**chosen(options, env), **{name: value for name, value in env.items() if value}}


def config_file() -> Path:
    """Where this run looks for its profiles."""
    from cli.profiles import config_path

    return config_path(os.environ)


def wants_log_json(options: dict[str, Any], env: Mapping[str, str] = os.environ) -> bool:
    return bool(options.get("log_json")) or env.get("NEWSROOM_LOG", "") == "json"


def debugging() -> bool:
    """NEWSROOM_DEBUG: let a bug's traceback out instead of one line."""
    return bool(os.environ.get("NEWSROOM_DEBUG"))


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"Unknown time zone {name!r} in NEWSROOM_TZ (try Asia/Baku or UTC)."
        ) from None


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    text = env.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= SECONDS_MAX:  # nan is neither
        raise BadInput(
            f"{name} must be a number of seconds from 0 to {SECONDS_MAX:.0f}, not {text!r}."
        )
    return value


def _networks(env: dict[str, str], name: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """Comma-separated networks (`10.0.0.0/8, fd00::/8`; an address alone is its own)."""
    parts = [part.strip() for part in env.get(name, "").split(",") if part.strip()]
    try:
        return tuple(ip_network(part, strict=False) for part in parts)
    except ValueError:
        raise BadInput(
            f"{name} must be networks separated by commas, like 10.0.0.0/8,fd00::/8, "
            f"not {env[name]!r}."
        ) from None


def _user(env: dict[str, str], name: str) -> str | None:
    text = env.get(name)
    if not text:
        return None
    try:
        pwd.getpwnam(text)
    except KeyError:
        raise BadInput(f"{name} names no user of this machine: {text!r}.") from None
    return text


def worker_environment() -> Mapping[str, str]:
    """The environment the hook programs' named variables are taken from, at run time."""
    return os.environ


def _whole(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name)
    if not text:
        return default
    value = whole_number(text)
    if value is None or not low <= value <= high:
        raise BadInput(f"{name} must be a whole number from {low} to {high}, not {text!r}.")
    return value


def whole_number(text: str) -> int | None:
    """Plain digits as a number, or None: `int` also takes ` 12`, `1_000` and `١٢`, and
    fails on a string of thousands of digits, beyond any bound here anyway."""
    digits = text.lstrip("0") or "0"
    if not (text.isascii() and text.isdigit()) or len(digits) > 20:
        return None
    return int(digits)


def _sqlite_folder(store_url: str) -> Path | None:
    """The folder of a SQLite store's file; None for a server or an in-memory store."""
    prefix = "sqlite:///"
    if store_url.startswith(prefix) and store_url[len(prefix) :] not in ("", ":memory:"):
        return Path(store_url[len(prefix) :]).parent
    return None


def default_media_dir(store_url: str) -> Path:
    """`media/` beside a SQLite file; `./media` for a server store."""
    folder = _sqlite_folder(store_url)
    return folder / "media" if folder is not None else Path("media")


def default_log_key(store_url: str) -> Path:
    """`newsroom.logkey` beside a SQLite store; `~/.config/newsroom/log-key` for a server."""
    folder = _sqlite_folder(store_url)
    return folder / "newsroom.logkey" if folder is not None else Path("~/.config/newsroom/log-key")


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class GlobalOptionError(Exception):
    pass


def split_global_options(argv: list[str]) -> tuple[list[str], dict[str, Any]]:
    """The arguments without the global options, and the global options found."""
    rest: list[str] = []
    found: dict[str, Any] = {}
    items = iter(argv)
    for arg in items:
        if arg == "--":
            rest.append(arg)
            rest.extend(items)
            break
        name, _, inline = arg.partition("=")
        if arg in FLAGS:
            found[FLAGS[arg]] = True
        elif name in VALUED:
            value = inline if "=" in arg else next(items, None)
            if value is None:
                raise GlobalOptionError(f"Option {name} needs a value.")
            found[VALUED[name]] = value
        else:
            rest.append(arg)
    return rest, found


_options: ContextVar[dict[str, Any] | None] = ContextVar("options", default=None)
_record: ContextVar[RunRecord | None] = ContextVar("record", default=None)


def begin_run(options: dict[str, Any]) -> RunRecord:
    record = RunRecord()
    _options.set(options)
    _record.set(record)
    return record


def settings() -> Settings:
    return resolve(_options.get() or {})


def record() -> RunRecord:
    current = _record.get()
    if current is None:
        current = begin_run({})
    return current
