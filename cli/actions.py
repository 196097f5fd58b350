"""What each command does, once its options are parsed: call a service, render the result.

Imported lazily by `cli.app`, so `newsroom --help` never loads the database stack.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from cli import render
from cli.runrecord import RunRecord
from cli.settings import Settings
from cli.timefmt import parse_time
from cli.wiring import Session, create_store, open_session
from events.catalog import ARTICLE_PREFIX, article_stream
from events.db import describe_db_error, display_url
from events.errors import BadInput
from events.instants import utc_iso
from events.tables import HEAD_REVISION
from projections import queries
from projections.article import plain
from projections.runner import catch_up
from workflow import commands as cmd
from workflow import media
from workflow.lint import lint_article
from workflow.schedule import publish_due
from workflow.service import Context, Outcome


def init(settings: Settings, chief: str | None, record: RunRecord) -> None:
    """Create or upgrade the store; a store without staff gets its founding chief."""
    before = create_store(settings)
    data: dict[str, Any] = {
        "store": settings.store_url,
        "revision": HEAD_REVISION,
        "created": before is None,
        "upgraded_from": before if before != HEAD_REVISION else None,
    }
    founder = None
    with open_session(settings) as session:
        if not session.newsroom.roster():
            founder = chief or settings.actor
            founding = cmd.build(cmd.AddStaffMember, name=founder, role="chief")
            outcome = _handle(session, founding, record, actor=founder)
            data |= {"chief": founder, **render.outcome_data(outcome)}
    _say(settings, data, _init_news(settings, before, founder))


def _init_news(settings: Settings, before: str | None, founder: str | None) -> str:
    where = display_url(settings.store_url)
    if before is None:
        return f"Created a newsroom store at {where} with {founder} as chief."
    if before != HEAD_REVISION:
        news = f"Upgraded the store from schema revision {before} to {HEAD_REVISION}; "
        news += "no event was changed."
    else:
        news = f"The store is up to date (schema revision {HEAD_REVISION}); nothing changed."
    return news + (f" {founder} is the newsroom's first chief." if founder else "")


def write(
    settings: Settings,
    record: RunRecord,
    command_type: str,
    expected: int | None,
    command_id: str | None,
    /,
    **fields: Any,
) -> None:
    record.article_id = fields.get("article_id")
    command = cmd.build(getattr(cmd, command_type), **fields)
    with open_session(settings) as session:
        outcome = _handle(session, command, record, expected=expected, command_id=command_id)
    _print_outcome(settings, outcome)


def submit(
    settings: Settings,
    record: RunRecord,
    article_id: str,
    expected: int | None,
    command_id: str | None,
) -> None:
    """Submit, then show what lint finds: warnings now, so approval holds no surprise."""
    record.article_id = article_id
    command = cmd.build(cmd.SubmitArticle, article_id=article_id)
    with open_session(settings) as session:
        outcome = _handle(session, command, record, expected=expected, command_id=command_id)
        article = session.newsroom.article(article_id)
    findings = (
        lint_article(article.headline, article.body, settings.headline_limit) if article else []
    )
    if settings.json:
        render.print_json({**render.outcome_data(outcome), "lint": [plain(f) for f in findings]})
        return
    print(render.outcome_text(outcome, settings.tz))
    for finding in findings:
        print(f"newsroom: warning: {render.finding_text(finding)}", file=sys.stderr)


def draft(
    settings: Settings,
    record: RunRecord,
    article_id: str | None,
    command_id: str | None,
    **fields: Any,
) -> None:
    with open_session(settings) as session:
        article_id = article_id or _new_article_id(
            session, fields.get("headline") or "", command_id
        )
        command = cmd.build(cmd.DraftArticle, article_id=article_id, **fields)
        outcome = _handle(session, command, record, expected=None, command_id=command_id)
    _print_outcome(settings, outcome)


def add_photo(
    settings: Settings,
    record: RunRecord,
    article_id: str,
    path: Path,
    caption: str,
    credit: str,
    expected: int | None,
    command_id: str | None,
) -> None:
    record.article_id = article_id
    image = media.read_image(path)
    command = cmd.build(
        cmd.AddPhoto, article_id=article_id, photo=image.facts, caption=caption, credit=credit
    )
    with open_session(settings) as session:
        created = media.store_image(image, settings.media_dir)
        try:
            outcome = _handle(session, command, record, expected=expected, command_id=command_id)
        except BaseException:
            if created:
                media.discard(image, settings.media_dir)
            raise
    _print_outcome(settings, outcome)


def publish(
    settings: Settings,
    record: RunRecord,
    article_id: str,
    at: str | None,
    expected: int | None,
    command_id: str | None,
) -> None:
    record.article_id = article_id
    # In the newsroom's zone, so a refusal quotes the time as editors read it.
    when = parse_time(at, settings.tz, "--at").astimezone(settings.tz) if at is not None else None
    write(settings, record, "PublishArticle", expected, command_id, article_id=article_id, at=when)


def tick(settings: Settings, record: RunRecord, command_id: str | None) -> None:
    with open_session(settings) as session:
        outcomes = publish_what_is_due(session, settings.actor, command_id)
    record.events += sum(len(o.events) for o in outcomes)
    if settings.json:
        render.print_json({"published": [render.outcome_data(o) for o in outcomes]})
        return
    if not outcomes:
        print("Nothing is due for publication.")
    for outcome in outcomes:
        print(render.outcome_text(outcome, settings.tz))


def _handle(
    session: Session,
    command: cmd.Command,
    record: RunRecord,
    *,
    expected: int | None = None,
    command_id: str | None = None,
    actor: str | None = None,
) -> Outcome:
    settings = session.settings
    ctx = Context(
        actor=actor or settings.actor,
        now=settings.now(),
        command_id=command_id,
        extra=_clock(settings),
    )
    outcome = session.newsroom.handle(command, ctx, expected)
    record.article_id = outcome.article_id
    record.events += 0 if outcome.replayed else len(outcome.events)
    _catch_up_after_write(session)
    return outcome


def _catch_up_after_write(session: Session) -> None:
    """The events are committed: a failing catch-up must not make the command look failed."""
    try:
        catch_up(session.engine)
    except SQLAlchemyError as exc:
        problem = describe_db_error(exc, session.settings.store_url)
        print(f"newsroom: warning: done, but the views lag behind: {problem}", file=sys.stderr)


def publish_what_is_due(
    session: Session, actor: str, command_id: str | None = None
) -> list[Outcome]:
    """What `tick` and the worker share: publish every embargo that has passed, then catch up."""
    settings = session.settings
    now = settings.now()
    due = queries.due_for_publication(session.engine, utc_iso(now))
    if not due:
        return []
    ctx = Context(actor=actor, now=now, command_id=command_id, extra=_clock(settings))
    outcomes = publish_due(session.newsroom, due, ctx)
    catch_up(session.engine)
    return outcomes


def _clock(settings: Settings) -> dict[str, str]:
    """Events written under NEWSROOM_NOW say so: an auditor sees every backdated entry."""
    return {"clock": "pinned"} if settings.pinned_now else {}


def _print_outcome(settings: Settings, outcome: Outcome) -> None:
    if settings.json:
        render.print_json(render.outcome_data(outcome))
    else:
        print(render.outcome_text(outcome, settings.tz))


def _say(settings: Settings, data: dict[str, Any], text: str) -> None:
    if settings.json:
        render.print_json(data)
    else:
        print(text)


def _new_article_id(session: Session, headline: str, command_id: str | None) -> str:
    """A readable id from the headline, made unique; a replayed command keeps its first id."""
    if command_id and (prior := session.store.find_command(command_id)):
        return prior.stream_id.removeprefix(ARTICLE_PREFIX)
    base = slugify(headline)
    candidate, n = base, 1
    while session.store.stream_version(article_stream(candidate)) > 0:
        n += 1
        candidate = f"{base[:70]}-{n}"
    return candidate


_TRANSLIT = str.maketrans(
    {"ə": "e", "ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d", "ł": "l"}
    | dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeezijklmnoprstufye", strict=True))
    | {
        "ж": "zh",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "yu",
        "я": "ya",
        "ь": "",
        "ъ": "",
    }
)


def slugify(headline: str, max_length: int = 60) -> str:
    folded = unicodedata.normalize("NFKD", headline.lower().translate(_TRANSLIT))
    ascii_text = folded.encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug:
        if words:
            return str(words[0][:max_length])
        raise BadInput(
            "The headline has no letters or digits to make an article id from; pass --id."
        )
    return slug
