"""Every event type of the newsroom log, as frozen pydantic models.

Events are facts in the past tense. Each model's `data` is what lands in the log's
`data` column; the envelope (who, when, position, hash) lives in `envelope.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from events.catalog import (
    EVENT_TYPES,
    MEDIA_TYPES,
    SCHEMA_VERSIONS,
    URGENCY_LEAST,
    URGENCY_MOST,
    ClockPolicy,
    Language,
    RetractedFrom,
    Role,
    TargetKind,
    Work,
)
from events.chain import canonical_json
from events.errors import IntegrityFailure

Urgency = Annotated[int, Field(ge=URGENCY_MOST, le=URGENCY_LEAST)]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StaffMemberAdded(_Event):
    event_type: Literal["StaffMemberAdded"] = "StaffMemberAdded"
    name: str
    role: Role
    public_key: str | None = None  # the key they sign with (`ssh-ed25519 AAAA…`)


class StaffKeyChanged(_Event):
    """A staff member signs with another key from now on (`ssh-ed25519 AAAA…`)."""

    event_type: Literal["StaffKeyChanged"] = "StaffKeyChanged"
    name: str
    public_key: str


class LogKeyChanged(_Event):
    """The newsroom signs its checkpoints with this key, under this origin, from now on."""

    event_type: Literal["LogKeyChanged"] = "LogKeyChanged"
    origin: str  # the checkpoints' first line and their signatures' key name
    public_key: str  # `ssh-ed25519 AAAA…`


class PinnedClockPolicySet(_Event):
    """Who may act under a pinned clock (NEWSROOM_NOW) from now on."""

    event_type: Literal["PinnedClockPolicySet"] = "PinnedClockPolicySet"
    policy: ClockPolicy


class StaffRoleChanged(_Event):
    event_type: Literal["StaffRoleChanged"] = "StaffRoleChanged"
    name: str
    role: Role
    previous_role: Role


class ArticleDrafted(_Event):
    event_type: Literal["ArticleDrafted"] = "ArticleDrafted"
    article_id: str
    headline: str
    body: str
    category: str
    language: Language
    byline: str
    urgency: Urgency | None = None  # IPTC: 1 most urgent, 9 least; none given: none


class ArticleRevised(_Event):
    """Only the fields that changed are set; `None` means unchanged."""

    event_type: Literal["ArticleRevised"] = "ArticleRevised"
    article_id: str
    headline: str | None = None
    body: str | None = None
    category: str | None = None
    language: Language | None = None
    byline: str | None = None
    urgency: Urgency | None = None


def _media_type(value: str) -> str:
    if value not in MEDIA_TYPES:
        raise ValueError(f"not one of {', '.join(MEDIA_TYPES)}")
    return value


# A photo's hash and media type name its file in the media folder and on the site.
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
MediaType = Annotated[str, AfterValidator(_media_type)]


class PhotoAdded(_Event):
    event_type: Literal["PhotoAdded"] = "PhotoAdded"
    article_id: str
    photo_id: str
    file: str
    sha256: Sha256
    size: Annotated[int, Field(gt=0)]
    width: Annotated[int, Field(gt=0)]
    height: Annotated[int, Field(gt=0)]
    media_type: MediaType
    caption: str = ""
    credit: str = ""
    alt: str = ""


class PhotoRemoved(_Event):
    event_type: Literal["PhotoRemoved"] = "PhotoRemoved"
    article_id: str
    photo_id: str


class PhotosReordered(_Event):
    event_type: Literal["PhotosReordered"] = "PhotosReordered"
    article_id: str
    photo_ids: tuple[str, ...]


class ArticleSubmitted(_Event):
    event_type: Literal["ArticleSubmitted"] = "ArticleSubmitted"
    article_id: str


class ChangesRequested(_Event):
    event_type: Literal["ChangesRequested"] = "ChangesRequested"
    article_id: str
    reason: str


class ArticleApproved(_Event):
    event_type: Literal["ArticleApproved"] = "ArticleApproved"
    article_id: str
    lint_override: str | None = None  # why it was approved despite lint errors


class PublicationScheduled(_Event):
    event_type: Literal["PublicationScheduled"] = "PublicationScheduled"
    article_id: str
    publish_at: str = Field(description="UTC instant, ISO-8601")


class PublicationUnscheduled(_Event):
    event_type: Literal["PublicationUnscheduled"] = "PublicationUnscheduled"
    article_id: str
    publish_at: str


class ArticlePublished(_Event):
    """Carries what went out, so readers of the log need not refold the draft."""

    event_type: Literal["ArticlePublished"] = "ArticlePublished"
    article_id: str
    published_at: str = Field(description="UTC instant, ISO-8601")
    headline: str
    category: str
    language: Language
    scheduled: bool = False


class ArticleCorrected(_Event):
    event_type: Literal["ArticleCorrected"] = "ArticleCorrected"
    article_id: str
    note: str
    headline: str | None = None
    body: str | None = None
    lint_override: str | None = None  # why the new text went out despite lint errors
    category: str | None = None
    byline: str | None = None


class ArticleRetracted(_Event):
    event_type: Literal["ArticleRetracted"] = "ArticleRetracted"
    article_id: str
    reason: str
    was: RetractedFrom


class ArticleSpiked(_Event):
    event_type: Literal["ArticleSpiked"] = "ArticleSpiked"
    article_id: str
    reason: str = ""


class HookRegistered(_Event):
    """A publishing hook was wired: which events it hears and where they go."""

    event_type: Literal["HookRegistered"] = "HookRegistered"
    name: str
    event_types: tuple[str, ...]
    target_kind: TargetKind
    target: str
    signed: bool = False  # a secret is kept for it, outside the log
    start_after: int = 0  # the log position it starts after
    # Names of the worker's environment variables an exec hook's program gets; never values.
    env: tuple[str, ...] = ()


class HookRemoved(_Event):
    event_type: Literal["HookRemoved"] = "HookRemoved"
    name: str


class RedactionRequested(_Event):
    """A chief asks to erase an article's content, giving the legal basis. Names what goes,
    never the content itself: for a phrase, only its salted digest."""

    event_type: Literal["RedactionRequested"] = "RedactionRequested"
    request_id: str
    article_id: str
    versions: tuple[int, ...]  # the article's events whose content goes
    reason: str  # the legal basis, shown wherever the content was
    photos: bool = False  # the photo files too, where no other article uses them
    phrase_salt: str | None = None  # erase only this phrase: its digest is SHA-256 of the
    phrase_digest: str | None = None  # salt's bytes and the phrase, which the confirmer retypes
    replacement: str | None = None  # what stands in the phrase's place


class RedactionConfirmed(_Event):
    """A second chief confirms: the content is erased in the same transaction. Each erased
    event's new data is named by its salted digest, so `verify` checks what stands there."""

    event_type: Literal["RedactionConfirmed"] = "RedactionConfirmed"
    request_id: str
    article_id: str
    reason: str  # the legal basis again: the act that erases carries it too
    rewritten: dict[str, str]  # log position -> salted digest of the data left there
    photos: bool = False  # the photo files were removed too


class ArticleAssigned(_Event):
    """An editor gives an article to a staff member to write or to review; the role is
    theirs when assigned, so `verify` can decide the assignment again."""

    event_type: Literal["ArticleAssigned"] = "ArticleAssigned"
    article_id: str
    assignee: str
    work: Work
    assignee_role: Role


class ArticleWithdrawn(_Event):
    """The reporter who submitted an article took it back from review to draft."""

    event_type: Literal["ArticleWithdrawn"] = "ArticleWithdrawn"
    article_id: str
    reason: str = ""


class PhotoEdited(_Event):
    """New words for a photo of a draft: only the ones that changed are given."""

    event_type: Literal["PhotoEdited"] = "PhotoEdited"
    article_id: str
    photo_id: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


class StaffMemberRemoved(_Event):
    """Someone left the staff: their past acts stand, they may act no more."""

    event_type: Literal["StaffMemberRemoved"] = "StaffMemberRemoved"
    name: str
    previous_role: Role
    removed_at: str = Field(description="UTC instant, ISO-8601")


class NoteAdded(_Event):
    """A word between reporter and editor on an article; the newsroom's, never published."""

    event_type: Literal["NoteAdded"] = "NoteAdded"
    article_id: str
    text: str


Event = Annotated[
    StaffMemberAdded
    | StaffRoleChanged
    | StaffKeyChanged
    | PinnedClockPolicySet
    | LogKeyChanged
    | ArticleDrafted
    | ArticleRevised
    | PhotoAdded
    | PhotoRemoved
    | PhotosReordered
    | ArticleSubmitted
    | ChangesRequested
    | ArticleApproved
    | PublicationScheduled
    | PublicationUnscheduled
    | ArticlePublished
    | ArticleCorrected
    | ArticleRetracted
    | ArticleSpiked
    | HookRegistered
    | HookRemoved
    | RedactionRequested
    | RedactionConfirmed
    | ArticleAssigned
    | ArticleWithdrawn
    | PhotoEdited
    | StaffMemberRemoved
    | NoteAdded,
    Field(discriminator="event_type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def event_data(event: Event) -> dict[str, object]:
    """The `data` column of an event: its fields without the type tag, unset options dropped."""
    return event.model_dump(mode="json", exclude={"event_type"}, exclude_none=True)


def decode_event(event_type: str, data: dict[str, object]) -> Event:
    return EVENT_ADAPTER.validate_python({**data, "event_type": event_type})


# Each event type's model, by its name.
MODELS: dict[str, type[BaseModel]] = {
    model.model_fields["event_type"].default: model for model in get_args(get_args(Event)[0])
}


class InvalidEvent(ValueError):
    """Data from the log or a file that is not the event its type names; `reason` says why."""

    def __init__(self, event_type: str, reason: str):
        super().__init__(f"not a valid {event_type} ({reason})")
        self.reason = reason


def validated_event(event_type: str, data: dict[str, object] | str) -> Event:
    """The event its stored JSON (today's schema) spells, checked strictly against its
    model: JSON's own types, nothing missing, nothing extra; or `InvalidEvent`."""
    model = MODELS.get(event_type)
    if model is None:
        raise InvalidEvent(event_type, "no such event type")
    text = data if isinstance(data, str) else canonical_json(data)
    try:
        event = model.model_validate_json(text, strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "its data"
        raise InvalidEvent(event_type, f"{where}: {first['msg']}") from None
    return event  # type: ignore[return-value]  # MODELS holds only the members of Event


def event_at(position: int, event_type: str, data: dict[str, object] | str) -> Event:
    """`validated_event` for an event read back from the log at `position`: a log that holds
    anything else was written behind newsroom's back, an integrity failure."""
    try:
        return validated_event(event_type, data)
    except InvalidEvent as invalid:
        raise IntegrityFailure(
            f"The log is not intact at position {position}: its data is {invalid}; "
            "run `newsroom verify`."
        ) from None


__all__ = ["EVENT_TYPES", "SCHEMA_VERSIONS", "Language", "Role"]  # re-exported from `catalog`
