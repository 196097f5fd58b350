"""Refusals as the command line says them: one exit code per kind, hints in CLI syntax."""

from __future__ import annotations

from enum import IntEnum

from events.errors import (
    BadInput,
    BadStore,
    Conflict,
    IntegrityFailure,
    NewsroomError,
    NotFound,
    PermissionDenied,
    RuleRefused,
)


class ExitCode(IntEnum):
    OK = 0
    BUG = 1
    BAD_INPUT = 2
    NOT_FOUND = 3
    RULE_REFUSED = 4
    PERMISSION_DENIED = 5
    CONFLICT = 6
    INTEGRITY = 7
    ABORTED = 130


EXIT_CODES: dict[type[NewsroomError], ExitCode] = {
    BadInput: ExitCode.BAD_INPUT,
    BadStore: ExitCode.BAD_INPUT,
    NotFound: ExitCode.NOT_FOUND,
    RuleRefused: ExitCode.RULE_REFUSED,
    PermissionDenied: ExitCode.PERMISSION_DENIED,
    Conflict: ExitCode.CONFLICT,
    IntegrityFailure: ExitCode.INTEGRITY,
}


def exit_code_for(error: NewsroomError) -> ExitCode:
    """The code of the nearest mapped class: a subclass of `NotFound` exits 3 too."""
    for kind in type(error).__mro__:
        if kind in EXIT_CODES:
            return EXIT_CODES[kind]
    return ExitCode.BUG


# What the person could do instead, as a `newsroom` command line (`NewsroomError.hint`).
HINTS = {
    "use-own-key": "sign with your own key (--key PATH or NEWSROOM_KEY)",
    "register-key": "a chief registers one with `newsroom staff key {name} --public-key KEY`",
    "add-scheduler": (
        "a chief adds it with `newsroom staff add scheduler --role scheduler --public-key KEY`"
    ),
    "unpin-clock": (
        "unset NEWSROOM_NOW, or have a chief allow it with `newsroom init --pinned-clock everyone`"
    ),
    "revise": "revise it instead",
    "allow-lint": "fix it, or approve with --allow-lint REASON",
    "allow-lint-correct": "fix it, or correct with --allow-lint REASON",
    "publish-now": "publish now with `newsroom publish {article_id}`",
    "retract-or-publish-due": "retract it instead, or run `newsroom tick` to publish it",
    "change-role": "change it with `newsroom staff role {name} --role ROLE`",
    "add-staff": "a chief can add them with `newsroom staff add {name} --role reporter`",
    "pass-id": "pass --id",
    "create-store": "create one with `newsroom init`",
    "upgrade-store": "upgrade it with `newsroom init`",
    "init": "run `newsroom init`",
    "media-folder": "is NEWSROOM_MEDIA right?",
    "create-key": "make one with `newsroom keys create`, or name yours with --key PATH",
    "passphrase": "set NEWSROOM_KEY_PASSPHRASE, or run the command at a terminal to be asked",
}
# The CLI's name for each command, for messages people read.
COMMAND_NAMES = {
    "DraftArticle": "draft",
    "ReviseArticle": "revise",
    "AddPhoto": "photo add",
    "RemovePhoto": "photo remove",
    "ReorderPhotos": "photo reorder",
    "SubmitArticle": "submit",
    "RequestChanges": "request-changes",
    "ApproveArticle": "approve",
    "PublishArticle": "publish",
    "UnschedulePublication": "unschedule",
    "CorrectArticle": "correct",
    "RetractArticle": "retract",
    "SpikeArticle": "spike",
    "PublishDue": "tick",
    "AddStaffMember": "staff add",
    "ChangeStaffRole": "staff role",
    "ChangeStaffKey": "staff key",
    "SetPinnedClockPolicy": "init --pinned-clock",
    "ChangeLogKey": "log-key",
    "RegisterHook": "hooks add",
    "RemoveHook": "hooks remove",
    "RequestRedaction": "redact",
    "ConfirmRedaction": "redact --confirm",
    "WithdrawArticle": "withdraw",
    "EditPhoto": "photo edit",
    "RemoveStaffMember": "staff remove",
    "AddNote": "note",
}


# The option that gave a refused field, put where the refusal names the field.
OPTIONS = {
    "target": "--{kind}",
    "event_types": "for --on",
    "article_id": "--id",  # an id given as an argument is checked as it is parsed
    "headline": "--headline",
    "category": "--category",
    "body": "--body",
    "byline": "--byline",
    "reason": "--reason",
    "note": "--note",
    "allow_lint": "--allow-lint",
    "caption": "--caption",
    "credit": "--credit",
    "alt": "--alt",
    "origin": "--origin",
    "command_id": "--command-id",
    "actor": "--as",
}


def _option(field: str, facts: dict[str, str]) -> str | None:
    """The option a field came from; None when unknown, or when the refusal lacks a fact
    its spelling needs (a hook target refused before its kind is known)."""
    try:
        return OPTIONS[field].format(**facts) if field in OPTIONS else None
    except KeyError:
        return None


def message_of(error: NewsroomError) -> str:
    """The refusal's sentence, with its hint spelled as a command line."""
    message = str(error)
    field, named = error.facts.get("field", ""), error.facts.get("named")
    if named and (option := _option(field, error.facts)):
        message = message.replace(named, option, 1)
    if error.hint == "new-command-id":
        earlier = COMMAND_NAMES.get(error.facts["command"], error.facts["command"])
        whose = f"by {error.facts['by']} " if error.facts.get("by") else ""
        return (
            f"Command id {error.facts['command_id']} was already used {whose}for another "
            f"`{earlier}` on {error.facts['stream_id']}; use a new id."
        )
    if error.hint in HINTS:
        hint = HINTS[error.hint].format(**error.facts)
        return f"{message.rstrip('.')}; {hint}" + ("" if hint.endswith("?") else ".")
    return message
