"""Commands: what a person asks the newsroom to do, validated before any decision."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError

from events.catalog import DEFAULT_LANGUAGE, ClockPolicy, Language, Role, TargetKind
from events.errors import BadInput
from events.photo import Photo

ARTICLE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
STAFF_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
HEADLINE_MAX = 300

ArticleId = Annotated[str, StringConstraints(pattern=ARTICLE_ID_PATTERN)]
Headline = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=HEADLINE_MAX)
]
Category = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Byline = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
StaffName = Annotated[str, StringConstraints(pattern=STAFF_NAME_PATTERN)]


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleCommand(Command):
    article_id: ArticleId


class DraftArticle(ArticleCommand):
    headline: Headline
    body: str = ""
    category: Category
    language: Language = DEFAULT_LANGUAGE
    byline: Byline | None = None


class ReviseArticle(ArticleCommand):
    headline: Headline | None = None
    body: str | None = None
    category: Category | None = None
    language: Language | None = None
    byline: Byline | None = None


class AddPhoto(ArticleCommand):
    photo: Photo  # its file's facts, read at the edge, with its caption and credit


class RemovePhoto(ArticleCommand):
    photo_id: str


class ReorderPhotos(ArticleCommand):
    photo_ids: tuple[str, ...]


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
    body: str | None = None
    allow_lint: Reason | None = None


class RetractArticle(ArticleCommand):
    reason: Reason


class SpikeArticle(ArticleCommand):
    reason: str = ""


class PublishDue(ArticleCommand):
    """The scheduler's command: publish an embargoed article whose time has come."""


HOOK_NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
HookName = Annotated[str, StringConstraints(pattern=HOOK_NAME_PATTERN)]


class RegisterHook(Command):
    name: HookName
    event_types: tuple[str, ...]
    target_kind: TargetKind
    target: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    signed: bool = False
    start_after: int = 0


class RemoveHook(Command):
    name: HookName


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


class SetPinnedClockPolicy(Command):
    policy: ClockPolicy


ORIGIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._~:/-]{0,199}$"  # a schema-less URL, no spaces


class ChangeLogKey(Command):
    origin: Annotated[str, StringConstraints(pattern=ORIGIN_PATTERN)]
    public_key: PublicKey


def build(command_type: type[C], **fields: Any) -> C:
    """The command, or `BadInput` naming the first field that is wrong."""
    try:
        return command_type(**fields)
    except ValidationError as exc:
        raise BadInput(explain(exc)) from None


# What a valid value looks like, for each pattern a field is checked by.
PATTERN_HINTS = {
    HOOK_NAME_PATTERN: "use lower-case letters, digits, dashes and underscores (at most 64)",
    ARTICLE_ID_PATTERN: "use lower-case letters, digits and dashes (at most 80)",
    STAFF_NAME_PATTERN: "use letters, digits, dots, dashes and underscores (at most 64)",
    ORIGIN_PATTERN: "use a schema-less URL such as news.example/log (no spaces, no plus)",
}


def explain(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "input"
    value, kind, ctx = error.get("input"), error["type"], error.get("ctx", {})
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(str(ctx.get("pattern")), "check its form")
        return f"{field} {value!r} is not valid: {hint}."
    if kind in ("string_too_short", "missing"):
        return f"{field} must not be empty."
    if kind == "string_too_long":
        return f"{field} is too long: at most {ctx.get('max_length')} characters."
    if kind == "value_error":
        return f"{field} is not usable: {ctx.get('error')}."
    if kind == "literal_error":
        return f"{field} {value!r} is not one of {ctx.get('expected')}."
    return f"{field}: {error['msg']}."
