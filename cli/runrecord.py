"""What one run did, for its single structured log line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class RunRecord:
    command: str = ""
    article_id: str | None = None
    events: int = 0
