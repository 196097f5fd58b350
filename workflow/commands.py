"""Commands: what a person asks the newsroom to do, validated before any decision.

`build` is the edge: it validates with `EDGE`, and only then are the edge's own checks
applied (control characters, photo ids, caption lengths). The deciders' replays over the
log (`verify`, `import`) make commands from stored events without it, so an event once
written is never refused by a check added since.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from events.catalog import (
    DEFAULT_LANGUAGE,
    HEADLINE_MAX,
    URGENCY_LEAST,
    URGENCY_MOST,
    VERSION_MAX,
    ClockPolicy,
    Language,
    Role,
    TargetKind,
    Work,
)
from events.errors import BadInput
from events.photo import Photo
from workflow.fields import (
    ARTICLE_ID_PATTERN,
    DIGEST_PATTERN,
    HOOK_NAME_PATTERN,
    ORIGIN_PATTERN,
    PATTERN_HINTS,
    PHOTO_ID_PATTERN,
    REQUEST_ID_PATTERN,
    STAFF_NAME_PATTERN,
    BadCharacter,
    bad_character,
)

REASON_MAX = 2000
NAME_MAX = 200  # a byline, a photo's credit
EDGE = {"edge": True}  # the validation context `build` gives: a person's input


def _at_edge(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("edge"))


def _refuse_text(
    value: str, *, lines: bool = False, max_length: int | None = None, field: str | None = None
) -> None:
    named = {"field": field} if field else {}
    if (bad := bad_character(value, lines=lines)) is not None:
        facts = {"what": bad.what, "position": bad.position, **named}
        raise PydanticCustomError("bad_character", "has {what} at position {position}", facts)
    if max_length is not None and len(value.strip()) > max_length:
        facts = {"max_length": max_length, **named}
        raise PydanticCustomError("string_too_long", "at most {max_length} characters", facts)


def _edge_text(*, lines: bool = False, max_length: int | None = None) -> BeforeValidator:
    """Refuse control characters (a body keeps tab and newline) and, if given, more than
    `max_length` characters; before stripping, so no control character is stripped away."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and _at_edge(info):
            _refuse_text(value, lines=lines, max_length=max_length)
        return value

    return BeforeValidator(check)


def _edge_pattern(pattern: str, field: str) -> BeforeValidator:
    def check(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and _at_edge(info) and re.fullmatch(pattern, value) is None:
            facts = {"pattern": pattern, "field": field}
            raise PydanticCustomError("string_pattern_mismatch", "", facts)
        return value

    return BeforeValidator(check)


ArticleId = Annotated[str, StringConstraints(pattern=ARTICLE_ID_PATTERN)]
Line = _edge_text()
Headline = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=HEADLINE_MAX), Line
]
Category = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), Line
]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=REASON_MAX), Line
]
Byline = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX), Line
]
Body = Annotated[str, _edge_text(lines=True)]
StaffName = Annotated[str, StringConstraints(pattern=STAFF_NAME_PATTERN)]
PhotoId = Annotated[str, _edge_pattern(PHOTO_ID_PATTERN, "photo_id")]
Urgency = Annotated[int, Field(ge=URGENCY_MOST, le=URGENCY_LEAST)]


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleCommand(Command):
    article_id: ArticleId


class DraftArticle(ArticleCommand):
    headline: Headline
    body: Body = ""
    category: Category
    language: Language = DEFAULT_LANGUAGE
    byline: Byline | None = None
    urgency: Urgency | None = None


class ReviseArticle(ArticleCommand):
    headline: Headline | None = None
    body: Body | None = None
    category: Category | None = None
    language: Language | None = None
    byline: Byline | None = None
    urgency: Urgency | None = None


class AddPhoto(ArticleCommand):
    photo: Photo  # its file's facts, read at the edge, with its caption and credit

    @field_validator("photo")
    @classmethod
    def _words(cls, photo: Photo, info: ValidationInfo) -> Photo:
        if _at_edge(info):
            _refuse_text(photo.caption, max_length=REASON_MAX, field="caption")
            _refuse_text(photo.credit, max_length=NAME_MAX, field="credit")
            _refuse_text(photo.alt, max_length=REASON_MAX, field="alt")
            _refuse_text(photo.file, field="file name")
        return photo


class RemovePhoto(ArticleCommand):
    photo_id: PhotoId


class EditPhoto(ArticleCommand):
    photo_id: PhotoId
    caption: Annotated[str, _edge_text(max_length=REASON_MAX)] | None = None
    credit: Annotated[str, _edge_text(max_length=NAME_MAX)] | None = None
    alt: Annotated[str, _edge_text(max_length=REASON_MAX)] | None = None


class ReorderPhotos(ArticleCommand):
    photo_ids: tuple[PhotoId, ...]


class SubmitArticle(ArticleCommand):
    pass


class RequestChanges(ArticleCommand):
    reason: Reason


class ApproveArticle(ArticleCommand):
    allow_lint: Reason | None = None


class PublishArticle(ArticleCommand):
    at: datetime | None = None


class UnschedulePublication(ArticleCommand):
    pass


class CorrectArticle(ArticleCommand):
    note: Reason
    headline: Headline | None = None
    body: Body | None = None
    allow_lint: Reason | None = None
    category: Category | None = None
    byline: Byline | None = None


class RetractArticle(ArticleCommand):
    reason: Reason


class SpikeArticle(ArticleCommand):
    reason: Annotated[str, _edge_text(max_length=REASON_MAX)] = ""


class AssignArticle(ArticleCommand):
    """Give the article to `assignee` to write or review. `assignee_role` is theirs as the
    staff stands when assigned (None: not on the staff), looked up by whoever builds it."""

    assignee: StaffName
    work: Work
    assignee_role: Role | None = None


class WithdrawArticle(ArticleCommand):
    reason: Annotated[str, _edge_text(max_length=REASON_MAX)] = ""


class AddNote(ArticleCommand):
    text: Reason


class PublishDue(ArticleCommand):
    """The scheduler's command: publish an embargoed article whose time has come."""


HookName = Annotated[str, StringConstraints(pattern=HOOK_NAME_PATTERN)]


class RegisterHook(Command):
    name: HookName
    event_types: tuple[str, ...]
    target_kind: TargetKind
    target: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Line]
    signed: bool = False
    start_after: int = 0
    env: tuple[str, ...] = ()  # names the program's environment is taken from


class RemoveHook(Command):
    name: HookName


RequestId = Annotated[str, StringConstraints(pattern=REQUEST_ID_PATTERN)]
Digest = Annotated[str, StringConstraints(pattern=DIGEST_PATTERN)]
Salt = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Version = Annotated[int, Field(ge=1, le=VERSION_MAX)]


class RequestRedaction(Command):
    """Erase content of an article's versions (all its versions: `--all` at the edge)."""

    request_id: RequestId
    article_id: ArticleId
    versions: Annotated[tuple[Version, ...], Field(min_length=1)]
    # The legal basis, which stands wherever the content was: short enough for a headline.
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX), Line
    ]
    photos: bool = False
    phrase_salt: Salt | None = None
    phrase_digest: Digest | None = None
    replacement: Annotated[str, StringConstraints(max_length=NAME_MAX), Line] | None = None


class ConfirmRedaction(Command):
    request_id: RequestId
    # Filled in by the store as it erases, in the same transaction: position -> the
    # salted digest of what it leaves there.
    rewritten: dict[str, Digest] = {}


C = TypeVar("C", bound=Command)


def canonical_public_key(line: str) -> str:
    """An OpenSSH Ed25519 public line as the log keeps it: `ssh-ed25519 AAAA…`, no comment."""
    from events.sshsig import BadSignature, load_public_line, public_line

    try:
        return public_line(load_public_line(line))
    except BadSignature as exc:
        raise ValueError(str(exc)) from None


PublicKey = Annotated[str, AfterValidator(canonical_public_key)]


class AddStaffMember(Command):
    name: StaffName
    role: Role
    public_key: PublicKey | None = None


class ChangeStaffKey(Command):
    name: StaffName
    public_key: PublicKey


class ChangeStaffRole(Command):
    name: StaffName
    role: Role


class RemoveStaffMember(Command):
    name: StaffName


class SetPinnedClockPolicy(Command):
    policy: ClockPolicy


class ChangeLogKey(Command):
    origin: Annotated[str, StringConstraints(pattern=ORIGIN_PATTERN)]
    public_key: PublicKey


def build(command_type: type[C], **fields: Any) -> C:
    """The command as a person gave it, with the edge's checks, or `BadInput` naming the
    first field that is wrong."""
    try:
        return command_type.model_validate(fields, context=EDGE)
    except ValidationError as exc:
        message, field = explain(exc)
        raise BadInput(message, field=field, named=field) from None


def explain(exc: ValidationError) -> tuple[str, str]:
    """The first error as one sentence, and the field it names."""
    error = exc.errors()[0]
    value, kind, ctx = error.get("input"), error["type"], error.get("ctx", {})
    field = ctx.get("field") or ".".join(str(part) for part in error["loc"]) or "input"
    return _sentence(field, value, kind, ctx, error["msg"]), field


def _sentence(field: str, value: Any, kind: str, ctx: dict[str, Any], msg: str) -> str:
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(str(ctx.get("pattern")), "check its form")
        return f"{field} {value!r} is not valid: {hint}."
    if kind in ("string_too_short", "missing"):
        return f"{field} must not be empty."
    if kind == "string_too_long":
        return f"{field} is too long: at most {ctx.get('max_length')} characters."
    if kind == "bad_character":
        return BadCharacter(ctx["position"], ctx["what"]).sentence(field)
    if kind == "value_error":
        return f"{field} is not usable: {ctx.get('error')}."
    if kind == "literal_error":
        return f"{field} {value!r} is not one of {ctx.get('expected')}."
    return f"{field}: {msg}."
