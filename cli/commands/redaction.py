"""`newsroom redact`: erasure the law orders, asked by one chief, confirmed by another."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cli.commands import CommandId, app
from cli.options import record, settings
from events.errors import BadInput

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from workflow.redacting import Ask

STDIN = "-"


@app.command()
def redact(
    article_id: Annotated[
        str | None, typer.Argument(help="The article whose content the order names.")
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="The legal basis, shown where the content was."),
    ] = None,
    versions: Annotated[
        str | None, typer.Option("--versions", help="The versions to erase: N,M,…")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Erase every version that holds words.")
    ] = False,
    photos: Annotated[
        bool, typer.Option("--photos", help="Remove its photo files too (used nowhere else).")
    ] = False,
    phrase: Annotated[
        str | None,
        typer.Option("--text", help="Remove only this exact phrase, everywhere (- for stdin)."),
    ] = None,
    replacement: Annotated[
        str | None, typer.Option("--replacement", help="What stands in the phrase's place.")
    ] = None,
    confirm: Annotated[
        str | None,
        typer.Option("--confirm", help="Carry out a request another chief made (REQUEST_ID)."),
    ] = None,
    command_id: CommandId = None,
) -> None:
    """Erase an article's content by court order (chiefs only): a request, then a second
    chief's --confirm, which erases it from the log, the views and the media folder."""
    given = _read_phrase(phrase)
    if confirm is not None:
        _refuse_with_confirm(article_id, reason, versions, all_, photos, replacement)
        _refuse_malformed(confirm)
        _confirm(confirm, given, command_id)
        return
    _ask(_asked(article_id, reason, versions, all_, photos, given, replacement), command_id)


def _asked(
    article_id: str | None,
    reason: str | None,
    versions: str | None,
    all_: bool,
    photos: bool,
    phrase: str | None,
    replacement: str | None,
) -> Ask:
    from workflow.redacting import Ask

    if article_id is None or reason is None:
        raise BadInput("Name the article and the legal basis: redact ARTICLE --reason '…'.")
    if sum((versions is not None, all_, phrase is not None)) != 1:
        raise BadInput("Say what goes with one of --versions N,M, --all or --text PHRASE.")
    if replacement is not None and phrase is None:
        raise BadInput("--replacement stands in for a phrase: give it with --text.")
    if phrase is not None and not phrase.strip():
        raise BadInput("--text names the phrase to remove: it cannot be empty.")
    if phrase is not None and replacement is not None and phrase in replacement:
        raise BadInput("--replacement must not hold the phrase it stands in for.")
    if photos and phrase is not None:
        raise BadInput("--photos removes the photo files of whole versions, not of a phrase.")
    numbers = _versions(versions) if versions is not None else ()
    return Ask(article_id, reason, numbers, photos, phrase, replacement)


def _ask(ask: Ask, command_id: str | None) -> None:
    import secrets

    from cli import render
    from cli.bootstrap import open_session
    from events.inert import inert
    from workflow.redacting import asking, replaying_request

    current = settings()
    record().article_id = ask.article_id
    with open_session(current, record()) as session:
        prepare = asking(ask, f"rd-{secrets.token_hex(4)}", secrets.token_hex(16))
        outcome = session.handle_prepared(prepare, command_id, replaying_request(ask))
        asked = outcome.events[0].data
        kept = _kept_reasons(session, ask, tuple(asked["versions"]))
    request_id = str(asked["request_id"])  # a replay's is the first one's
    shown = ", ".join(str(v) for v in asked["versions"])
    what = "a phrase in versions" if asked.get("phrase_digest") else "versions"
    again = "Already done (same command id): " if outcome.replayed else ""
    text = again + inert(
        f"Redaction {request_id} asked for article {ask.article_id} ({what} {shown}): "
        f"nothing is erased until another chief runs `newsroom redact --confirm {request_id}`."
    )
    if kept:
        render.warn(
            f"the reasons given for versions {', '.join(map(str, kept))} of article "
            f"{ask.article_id} are covered by their signatures and stay in the log "
            "(`log --json`, exports); only the article's own words are erased"
        )
    data = {**render.outcome_data(outcome), "request_id": request_id, "reasons_kept": kept}
    render.say(current.json, data, text)


def _kept_reasons(session: Session, ask: Ask, versions: tuple[int, ...]) -> list[int]:
    from events.catalog import article_stream
    from workflow.erasure import kept_reasons

    history = session.store.read_stream(article_stream(ask.article_id))
    return kept_reasons(history, versions, ask.phrase)


def _confirm(request_id: str, phrase: str | None, command_id: str | None) -> None:
    import secrets

    from cli import render
    from cli.bootstrap import open_session
    from events.inert import inert
    from events.sql.scrub import scrub
    from workflow.redacting import confirming, replaying_confirmation

    current = settings()
    with open_session(current, record()) as session:
        prepare = confirming(
            request_id,
            current.actor,
            phrase,
            lambda moment: moment.astimezone(current.tz).strftime("%d.%m.%Y"),
            lambda: secrets.token_hex(16),
            _rebuild_views,
        )
        replayed = replaying_confirmation(request_id)
        outcome = session.handle_prepared(prepare, command_id, replayed)
        done = outcome.events[0].data
        # The confirmation itself says whether the files go, and whose.
        removed = _remove_photos(session, str(done["article_id"])) if done.get("photos") else []
        left = scrub(session.engine)
    rewritten = len(done["rewritten"])
    text = ("Already done (same command id): " if outcome.replayed else "") + (
        f"Redaction {request_id} carried out: {rewritten} events of article "
        f"{done['article_id']} rewritten, {len(removed)} photo files removed."
    )
    if left is not None:
        text += f"\nThe store's files still hold the old rows until they are vacuumed: {left}."
    data = {**render.outcome_data(outcome), "rewritten": rewritten, "photo_files": removed}
    render.say(current.json, data | {"vacuumed": left is None}, inert(text))


def _rebuild_views(log: object) -> None:
    """The views, made again from the rewritten log in the same transaction."""
    from events.sql.store import LockedLog
    from projections.sql.runner import rebuild_on

    assert isinstance(log, LockedLog)
    rebuild_on(log.conn)


def _remove_photos(session: Session, article_id: str) -> list[str]:
    """The article's photo files that no other article uses, removed; their paths."""
    from events.catalog import article_stream
    from events.photo import PHOTO_FIELDS, Photo
    from events.store import LogQuery

    stream = article_stream(article_id)
    added = list(session.store.read_log(LogQuery(event_types=("PhotoAdded",))))
    elsewhere = {e.data["sha256"] for e in added if e.stream_id != stream}
    ours = [e for e in added if e.stream_id == stream and e.data["sha256"] not in elsewhere]
    gone = []
    for event in ours:
        photo = Photo(**{name: event.data[name] for name in PHOTO_FIELDS if name in event.data})
        gone += [str(path) for path in session.media.erase(photo)]
    return gone


def _refuse_with_confirm(
    article_id: str | None,
    reason: str | None,
    versions: str | None,
    all_: bool,
    photos: bool,
    replacement: str | None,
) -> None:
    asked = (article_id, reason, versions, replacement)
    if any(value is not None for value in asked) or all_ or photos:
        raise BadInput(
            "--confirm carries out a request as it was made: give only its id "
            "(and --text with the phrase, for a phrase)."
        )


def _refuse_malformed(request_id: str) -> None:
    import re

    from workflow.fields import REQUEST_ID_PATTERN

    if not re.match(REQUEST_ID_PATTERN, request_id):
        raise BadInput(f"{request_id!r} is not a redaction request id like rd-3f9a2c1e.")


def _versions(text: str) -> tuple[int, ...]:
    from cli.options import whole_number

    numbers = [whole_number(part.strip()) for part in text.split(",")]
    if not numbers or any(n is None or n < 1 for n in numbers):
        raise BadInput(f"--versions {text!r} is not a list of versions like 2,5.")
    return tuple(n for n in numbers if n is not None)


def _read_phrase(given: str | None) -> str | None:
    if given != STDIN:
        return given
    return sys.stdin.read().strip("\n")
