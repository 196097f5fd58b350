"""The redactions decider: erasure a court or the law ordered, with four eyes.

One stream, `redactions`. A chief asks (`RedactionRequested`, with the legal basis and
which versions of which article, never their content); a second chief confirms
(`RedactionConfirmed`), and only then does the store erase. Deciding is pure: which
versions an article has, and what the erasure leaves behind, are found at the edge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from events import models as ev
from events.catalog import REDACTIONS_STREAM
from events.errors import NotFound, PermissionDenied, RuleRefused
from workflow import commands as cmd
from workflow.decider import Decider, When
from workflow.roles import Actor, require


@dataclass(frozen=True, slots=True)
class Request:
    request_id: str
    article_id: str
    versions: tuple[int, ...]
    reason: str
    requested_by: str
    photos: bool = False
    phrase_salt: str | None = None
    phrase_digest: str | None = None
    replacement: str | None = None
    confirmed_by: str | None = None


Requests = Mapping[str, Request]


def evolve(requests: Requests, event: ev.Event, actor: str = "") -> Requests:
    if isinstance(event, ev.RedactionRequested):
        request = Request(
            request_id=event.request_id,
            article_id=event.article_id,
            versions=event.versions,
            reason=event.reason,
            requested_by=actor,
            photos=event.photos,
            phrase_salt=event.phrase_salt,
            phrase_digest=event.phrase_digest,
            replacement=event.replacement,
        )
        return {**requests, event.request_id: request}
    if isinstance(event, ev.RedactionConfirmed):
        done = replace(requests[event.request_id], confirmed_by=actor)
        return {**requests, event.request_id: done}
    return requests


def decide(command: cmd.Command, requests: Requests, actor: Actor, when: When) -> list[ev.Event]:
    require(actor, "redact")
    if isinstance(command, cmd.RequestRedaction):
        return [_request(command, requests)]
    if isinstance(command, cmd.ConfirmRedaction):
        return [_confirm(command, requests, actor)]
    raise TypeError(f"no redaction decision for {type(command).__name__}")


def _request(command: cmd.RequestRedaction, requests: Requests) -> ev.RedactionRequested:
    if command.request_id in requests:
        raise RuleRefused(f"There is a redaction request {command.request_id} already.")
    if command.phrase_digest is None and command.replacement is not None:
        raise RuleRefused("A replacement stands in for a phrase: give the phrase too.")
    if (command.phrase_digest is None) != (command.phrase_salt is None):
        raise RuleRefused("A phrase is named by its digest and the salt it was made with.")
    if command.phrase_digest is None:
        for version in command.versions:
            if (done := erased_by(requests, command.article_id, version)) is not None:
                raise RuleRefused(
                    f"Version {version} of article {command.article_id} is erased already "
                    f"(request {done.request_id})."
                )
    return ev.RedactionRequested(
        request_id=command.request_id,
        article_id=command.article_id,
        versions=tuple(sorted(set(command.versions))),
        reason=command.reason,
        photos=command.photos,
        phrase_salt=command.phrase_salt,
        phrase_digest=command.phrase_digest,
        replacement=command.replacement,
    )


def _confirm(
    command: cmd.ConfirmRedaction, requests: Requests, actor: Actor
) -> ev.RedactionConfirmed:
    request = requests.get(command.request_id)
    if request is None:
        raise NotFound(f"There is no redaction request {command.request_id}.")
    if request.confirmed_by is not None:
        raise RuleRefused(
            f"Redaction {command.request_id} was confirmed by {request.confirmed_by} already."
        )
    if request.requested_by == actor.name:
        raise PermissionDenied(
            f"{actor.name} asked for redaction {command.request_id}; four eyes: "
            "another chief must confirm it."
        )
    return ev.RedactionConfirmed(
        request_id=command.request_id,
        article_id=request.article_id,
        reason=request.reason,
        rewritten=dict(command.rewritten),
        photos=request.photos,
    )


def erased_by(requests: Requests, article_id: str, version: int) -> Request | None:
    """The confirmed request that erased this version's content whole, if any."""
    for request in requests.values():
        whole = request.phrase_digest is None and request.confirmed_by is not None
        if whole and request.article_id == article_id and version in request.versions:
            return request
    return None


def pending(requests: Requests) -> list[Request]:
    return [request for request in requests.values() if request.confirmed_by is None]


def command_of(events: Sequence[ev.Event], requests: Requests) -> cmd.Command:
    """The command that decided `events`: every redactions command decides one event."""
    [event] = events
    if isinstance(event, ev.RedactionRequested):
        return cmd.RequestRedaction(
            request_id=event.request_id,
            article_id=event.article_id,
            versions=event.versions,
            reason=event.reason,
            photos=event.photos,
            phrase_salt=event.phrase_salt,
            phrase_digest=event.phrase_digest,
            replacement=event.replacement,
        )
    if isinstance(event, ev.RedactionConfirmed):
        return cmd.ConfirmRedaction(request_id=event.request_id, rewritten=event.rewritten)
    raise ValueError(f"{event.event_type} is not a redactions event")


REDACTIONS: Decider[cmd.Command, Requests] = Decider(
    initial={},
    evolve=evolve,
    decide=decide,
    stream=lambda command: REDACTIONS_STREAM,
    subject=lambda command: "The redactions",
    status=lambda requests: f"{len(pending(requests))} pending",
    command_of=command_of,
)
