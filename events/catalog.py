"""The names of the log, without the models: event types, their schema versions, streams.

Read commands and replays need only these; importing them must not build the
pydantic models (`events.models`), which costs more than a whole `show`.
"""

from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "StaffMemberAdded",
    "StaffRoleChanged",
    "ArticleDrafted",
    "ArticleRevised",
    "PhotoAdded",
    "PhotoRemoved",
    "PhotosReordered",
    "ArticleSubmitted",
    "ChangesRequested",
    "ArticleApproved",
    "PublicationScheduled",
    "PublicationUnscheduled",
    "ArticlePublished",
    "ArticleCorrected",
    "ArticleRetracted",
    "ArticleSpiked",
    "HookRegistered",
    "HookRemoved",
)
# The schema each event type is written in today; older rows are upcast on read.
SCHEMA_VERSIONS: dict[str, int] = {name: 1 for name in EVENT_TYPES} | {
    "ArticleDrafted": 2,  # v1 had no `language`: every article was in English then
}


ARTICLE_PREFIX = "article:"


def article_stream(article_id: str) -> str:
    return f"{ARTICLE_PREFIX}{article_id}"


def article_of(stream_id: str) -> str | None:
    """The article a stream belongs to; None for the staff and hooks streams."""
    return stream_id.removeprefix(ARTICLE_PREFIX) if stream_id.startswith(ARTICLE_PREFIX) else None
