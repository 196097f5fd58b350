"""Asking for an erasure and carrying it out: commands made under the write lock.

Both read the article as the log holds it at that moment: the request to resolve
`--all` and check the versions or the phrase, the confirmation to make the new data
whose salted digests it carries. The confirmation's rows are rewritten in its own
transaction, so the log never holds a confirmed erasure that was not carried out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from events.catalog import REDACTIONS_STREAM, STAFF_STREAM, article_stream
from events.envelope import RecordedEvent
from events.errors import Conflict, NotFound, PermissionDenied, RuleRefused
from events.store import CommandRecord, Transaction
from workflow import commands as cmd
from workflow.decider import When
from workflow.erasure import (
    Rewrite,
    check_phrase,
    check_versions,
    content_versions,
    erase_versions,
    holds,
    left_standing,
    phrase_digest,
    removal_mark,
    replace_phrase,
)
from workflow.redaction import REDACTIONS, Request, erased_by
from workflow.roles import Actor
from workflow.service import Prepare, Replayed, command_id_reused, state_of
from workflow.staff import STAFF

DEFAULT_REPLACEMENT = "[removed]"


@dataclass(frozen=True, slots=True)
class Ask:
    """What a chief asks to erase; no versions and no phrase: every version with words."""

    article_id: str
    reason: str
    versions: tuple[int, ...] = ()
    photos: bool = False
    phrase: str | None = None
    replacement: str | None = None


def asking(ask: Ask, request_id: str, salt: str) -> Prepare:
    def prepare(log: Transaction) -> tuple[cmd.Command, Callable[[Transaction], None]]:
        history = _article(log, ask.article_id)
        fields: dict[str, object] = {"phrase_salt": None, "phrase_digest": None}
        if ask.phrase is not None:
            check_phrase(ask.article_id, history, ask.phrase)
            versions = tuple(r.stream_version for r in history if holds(r, ask.phrase))
            fields = {"phrase_salt": salt, "phrase_digest": phrase_digest(salt, ask.phrase)}
        else:
            versions = ask.versions or _left(log, ask.article_id, content_versions(history))
            check_versions(ask.article_id, history, versions)
        command = cmd.build(
            cmd.RequestRedaction,
            request_id=request_id,
            article_id=ask.article_id,
            versions=versions,
            reason=ask.reason,
            photos=ask.photos,
            replacement=ask.replacement,
            **fields,
        )
        return command, lambda log: None

    return prepare


def _left(log: Transaction, article_id: str, versions: tuple[int, ...]) -> tuple[int, ...]:
    """`--all`: every version with words that no confirmed request erased whole yet."""
    requests = state_of(REDACTIONS, log, REDACTIONS_STREAM)
    left = tuple(v for v in versions if erased_by(requests, article_id, v) is None)
    if not left:
        raise RuleRefused(f"Every version of article {article_id} is erased already.")
    return left


def confirming(
    request_id: str,
    actor: str,
    phrase: str | None,
    day: Callable[[datetime], str],
    salts: Callable[[], str],
    also: Callable[[Transaction], None],
) -> Prepare:
    """`also` runs after the rows are rewritten, in the same transaction (the views)."""

    def prepare(log: Transaction) -> tuple[cmd.Command, Callable[[Transaction], None]]:
        request = _pending(log, request_id, actor)
        history = _article(log, request.article_id)
        mark_day = day(log.recorded_now())
        rewrites = _rewrites(request, history, phrase, mark_day, salts)
        if request.phrase_digest is None:
            _refuse_changed_since(log, request, history, rewrites, mark_day)
        rewritten = {str(r.position): r.digest for r in rewrites}
        command = cmd.ConfirmRedaction(request_id=request_id, rewritten=rewritten)

        def then(log: Transaction) -> None:
            for rewrite in rewrites:
                log.rewrite(rewrite.position, rewrite.data_json, rewrite.salt)
            also(log)

        return command, then

    return prepare


def _refuse_changed_since(
    log: Transaction,
    request: Request,
    history: list[RecordedEvent],
    rewrites: list[Rewrite],
    day: str,
) -> None:
    """Whole versions were named as the article stood when asked; words written since
    that the erasure would leave standing mean the request no longer says what goes."""
    [asked] = [
        record.global_position
        for record in log.read_stream(REDACTIONS_STREAM)
        if record.event_type == "RedactionRequested"
        and record.data.get("request_id") == request.request_id
    ]
    mark = removal_mark(day, request.reason)
    version = left_standing(history, rewrites, asked, mark)
    if version is not None:
        raise Conflict(
            f"Article {request.article_id} changed after redaction {request.request_id} was "
            f"asked: version {version} holds words it does not name. Nothing is erased; "
            "ask again with the versions as they stand.",
            stream_id=article_stream(request.article_id),
        )


def replaying_request(ask: Ask) -> Replayed:
    """A request asked again with its command id: the same request, if it is the same ask."""

    def rebuilt(record: CommandRecord) -> cmd.Command:
        command = _rebuilt(record)
        same = isinstance(command, cmd.RequestRedaction) and (
            (command.article_id, command.reason, command.photos)
            == (ask.article_id, ask.reason, ask.photos)
        )
        return command if same else _reused(record)

    return rebuilt


def replaying_confirmation(request_id: str) -> Replayed:
    def rebuilt(record: CommandRecord) -> cmd.Command:
        command = _rebuilt(record)
        same = isinstance(command, cmd.ConfirmRedaction) and command.request_id == request_id
        return command if same else _reused(record)

    return rebuilt


def _rebuilt(record: CommandRecord) -> cmd.Command:
    if record.stream_id != REDACTIONS_STREAM or len(record.events) != 1:
        return _reused(record)
    return REDACTIONS.command_of([record.events[0].event()], {})


def _reused(record: CommandRecord) -> cmd.Command:
    raise command_id_reused(record)


def _pending(log: Transaction, request_id: str, actor: str) -> Request:
    """The request, once the rules allow this actor to confirm it: refusals come first."""
    requests = state_of(REDACTIONS, log, REDACTIONS_STREAM)
    roles = state_of(STAFF, log, STAFF_STREAM).roles
    probe = cmd.ConfirmRedaction(request_id=request_id)
    now = When.at(log.recorded_now())
    REDACTIONS.decide(probe, requests, Actor(actor, roles.get(actor)), now)
    return requests[request_id]


def _rewrites(
    request: Request,
    history: list[RecordedEvent],
    phrase: str | None,
    day: str,
    salts: Callable[[], str],
) -> list[Rewrite]:
    if request.phrase_digest is None:
        if phrase is not None:
            raise PermissionDenied(
                f"Redaction {request.request_id} erases whole versions, not a phrase: "
                "confirm it without --text."
            )
        mark = removal_mark(day, request.reason)
        return erase_versions(history, request.versions, mark, salts)
    assert request.phrase_salt is not None
    if phrase is None or phrase_digest(request.phrase_salt, phrase) != request.phrase_digest:
        raise PermissionDenied(
            f"Redaction {request.request_id} removes a phrase: confirm it with --text and "
            "the very phrase the request names (four eyes on what goes)."
        )
    replacement = request.replacement or DEFAULT_REPLACEMENT
    return replace_phrase(history, phrase, replacement, salts)


def _article(log: Transaction, article_id: str) -> list[RecordedEvent]:
    history = log.read_stream(article_stream(article_id))
    if not history:
        raise NotFound(f"There is no article {article_id}.")
    return history
