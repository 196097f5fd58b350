"""The names of the log, without the models: event types, schema versions, streams, statuses,
roles, languages and media types. Each word of the domain is defined here once.

Read commands and replays need only these; importing them must not build the
pydantic models (`events.models`), which costs more than a whole `show`.
"""

from __future__ import annotations

from typing import Literal, get_args

EVENT_TYPES: tuple[str, ...] = (
    "StaffMemberAdded",
    "StaffRoleChanged",
    "StaffKeyChanged",
    "PinnedClockPolicySet",
    "LogKeyChanged",
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
    "RedactionRequested",
    "RedactionConfirmed",
    "ArticleAssigned",
    "ArticleWithdrawn",
    "PhotoEdited",
    "StaffMemberRemoved",
    "NoteAdded",
)
# The schema each event type is written in today; older rows are upcast on read.
SCHEMA_VERSIONS: dict[str, int] = {name: 1 for name in EVENT_TYPES} | {
    "ArticleDrafted": 2,  # v1 had no `language`: every article was in English then
}

# Streams: one per article, one for the staff, one for the publishing hooks, one for erasures.
ARTICLE_PREFIX = "article:"
STAFF_STREAM = "staff"
HOOKS_STREAM = "hooks"
# Erasures a court or the law ordered: asked by one chief, carried out when a second confirms.
REDACTIONS_STREAM = "redactions"
# How erased words begin where they stood: "[removed on 13.06.2025: court order …]".
REMOVED_MARK = "[removed on "


def article_stream(article_id: str) -> str:
    return f"{ARTICLE_PREFIX}{article_id}"


def article_of(stream_id: str) -> str | None:
    """The article a stream belongs to; None for the staff and hooks streams."""
    return stream_id.removeprefix(ARTICLE_PREFIX) if stream_id.startswith(ARTICLE_PREFIX) else None


# The headline length past which lint warns (a ticker line's worth), and the longest one
# the newsroom stores at all.
HEADLINE_LIMIT = 140
HEADLINE_MAX = 300

# The largest numbers a store's columns hold: positions and counts are BIGINT, a stream's
# versions INTEGER. Every number a command takes is kept within them.
POSITION_MAX = 2**63 - 1
VERSION_MAX = 2**31 - 1

# The words of a photo, which `photo edit` may change without removing it.
PHOTO_WORDS = ("caption", "credit", "alt")

# What an article is made of: what a revision may change, what a correction may change.
REVISABLE_FIELDS = ("headline", "body", "category", "language", "byline", "urgency")
CORRECTABLE_FIELDS = ("headline", "body", "category", "byline")


def article_uri(article_id: str) -> str:
    """The article's name outside the newsroom: in feeds, ninjs documents and receipts."""
    return f"urn:newsroom:article:{article_id}"


# An article's statuses, and the event that puts it in each.
DRAFT = "draft"
IN_REVIEW = "in_review"
APPROVED = "approved"
SCHEDULED = "scheduled"
PUBLISHED = "published"
RETRACTED = "retracted"
SPIKED = "spiked"
STATUSES = (DRAFT, IN_REVIEW, APPROVED, SCHEDULED, PUBLISHED, RETRACTED, SPIKED)
STATUS_AFTER: dict[str, str] = {
    "ArticleDrafted": DRAFT,
    "ArticleSubmitted": IN_REVIEW,
    "ChangesRequested": DRAFT,
    "ArticleApproved": APPROVED,
    "PublicationScheduled": SCHEDULED,
    "PublicationUnscheduled": APPROVED,
    "ArticlePublished": PUBLISHED,
    "ArticleRetracted": RETRACTED,
    "ArticleSpiked": SPIKED,
    "ArticleWithdrawn": DRAFT,
}
# A retraction withdraws what was published, or an embargo that had not lifted yet.
RetractedFrom = Literal["published", "scheduled"]
# How people read a status: "it is in review".
STATUS_WORDS = {
    DRAFT: "a draft",
    IN_REVIEW: "in review",
    APPROVED: "approved",
    SCHEDULED: "scheduled",
    PUBLISHED: "published",
    RETRACTED: "retracted",
    SPIKED: "spiked",
}

Role = Literal["reporter", "editor", "chief", "scheduler"]
ROLES: tuple[Role, ...] = get_args(Role)
CHIEF: Role = "chief"  # the founding member's role, and the last one a newsroom may lose
# The role of the one member who is a program: `tick` and the worker sign as it.
SCHEDULER: Role = "scheduler"

# Who may stamp an act with a pinned clock (NEWSROOM_NOW) instead of the store's.
ClockPolicy = Literal["chiefs", "everyone", "nobody"]
CLOCK_POLICIES: tuple[ClockPolicy, ...] = get_args(ClockPolicy)
DEFAULT_CLOCK_POLICY: ClockPolicy = "chiefs"
PINNED = {"clock": "pinned"}  # how an event's metadata flags a pinned clock


def is_pinned(metadata: dict[str, object]) -> bool:
    return all(metadata.get(name) == value for name, value in PINNED.items())


Language = Literal["az", "en", "ru"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
LANGUAGE_NAMES: dict[str, str] = {"az": "Azərbaycanca", "en": "English", "ru": "Русский"}
DEFAULT_LANGUAGE: Language = "en"

# Where a publishing hook sends: a program, a URL, a NATS JetStream subject.
TargetKind = Literal["exec", "url", "nats"]
TARGET_KINDS: tuple[TargetKind, ...] = get_args(TargetKind)

# The photos the newsroom accepts, and the extension each keeps in the media folder.
MEDIA_TYPES: dict[str, str] = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}

# How urgent an article is, on the IPTC scale ninjs uses: 1 is a flash, 9 the least urgent.
# An article given none has none (ninjs then omits it); 1 and 2 show as breaking news.
URGENCY_MOST, URGENCY_LEAST, BREAKING_UP_TO = 1, 9, 2
# What an article may be assigned to someone for, and who can do it.
Work = Literal["writing", "review"]
WORKS: tuple[Work, ...] = get_args(Work)
ROLES_FOR_WORK: dict[str, tuple[str, ...]] = {
    "writing": ("reporter", "editor", "chief"),
    "review": ("editor", "chief"),
}
