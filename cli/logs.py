"""structlog set-up: quiet by default, one JSON line per command when asked."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import structlog

from cli.options import RunRecord, settings
from events.inert import inert_json


def configure_json(enabled: bool = True) -> None:
    """JSON lines on stderr; with `enabled` false, every log call is dropped."""
    level = logging.DEBUG if enabled else logging.CRITICAL
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(level),
        processors=[
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.add_log_level,
            structlog.processors.JSONRenderer(_json_line, ensure_ascii=False),
        ],
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )


def _json_line(event: Any, **options: Any) -> str:
    """JSON as `json.dumps` writes it, nothing in it live on a terminal."""
    return inert_json(json.dumps(event, **options))


def log_command(
    record: RunRecord, options: dict[str, object], exit_code: int, duration_ms: float
) -> None:
    configure_json()

    try:
        actor = settings().actor
    except Exception:  # a bad environment was already reported; still log the run
        actor = str(options.get("actor") or "")
    structlog.get_logger().info(
        "command.finished",
        command=record.command,
        actor=actor,
        article_id=record.article_id,
        events_appended=record.events,
        exit_code=exit_code,
        duration_ms=duration_ms,
    )
