"""The editorial commands on one article: draft, revise, review, publish, correct, retract."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.commands import (
    ArticleIdArg,
    BodyFileOption,
    BodyOption,
    CommandId,
    ExpectedVersion,
    UrgencyOption,
    app,
    print_outcome,
    read_at_most,
    urgency_of,
    write,
)
from cli.confirm import confirm_final
from cli.options import record, settings
from events.catalog import DEFAULT_LANGUAGE, LANGUAGES
from events.errors import BadInput
from workflow.fields import refuse_bad_character

Reason = Annotated[str, typer.Option("--reason", help="Why (required, recorded in the log).")]
LANGUAGE_HELP = f"{', '.join(LANGUAGES[:-1])} or {LANGUAGES[-1]}."
LanguageOption = Annotated[str | None, typer.Option("--language", help=LANGUAGE_HELP)]


def read_body(body: str | None, body_file: str | None) -> str | None:
    """The text from --body, or --body-file (a file, or - for stdin) read no further than
    the body limit, so an endless file is refused, not read until memory runs out. Line
    endings become newlines, as Python reads any text file."""
    if body is not None and body_file is not None:
        raise BadInput("Give the text with --body or --body-file, not both.")
    limit = settings().body_limit
    if body_file is None:
        if body is None:
            return None
        _refuse_over_limit("--body", len(body.encode("utf-8", "surrogatepass")), limit)
        return _clean_body("--body", body)
    source = f"--body-file {body_file}" + (" (standard input)" if body_file == "-" else "")
    raw = _read_at_most(body_file, limit + 1)
    _refuse_over_limit(source, len(raw), limit)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{source} is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02X}); "
            "save it as UTF-8."
        ) from None
    return _clean_body(source, text)


def _read_at_most(body_file: str, size: int) -> bytes:
    if body_file != "-":
        return read_at_most(Path(body_file), size, "the body file")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        return stream.read(size)  # type: ignore[no-any-return]
    # A text stream with no bytes beneath (as tests give): a character is a byte or more.
    return sys.stdin.read(size).encode("utf-8", "surrogatepass")


def _refuse_over_limit(source: str, size: int, limit: int) -> None:
    if size > limit:
        raise BadInput(
            f"{source} is longer than the body limit of {limit} bytes (NEWSROOM_BODY_LIMIT); "
            "shorten the text."
        )


def _clean_body(source: str, text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    refuse_bad_character(source, text, lines=True)
    return text


@app.command()
def draft(
    headline: Annotated[str, typer.Option(help="The headline.")],
    category: Annotated[str, typer.Option(help="The section, e.g. Society.")],
    body: BodyOption = None,
    body_file: BodyFileOption = None,
    language: Annotated[str, typer.Option(help=LANGUAGE_HELP)] = DEFAULT_LANGUAGE,
    byline: Annotated[str | None, typer.Option(help="Who signs it (default: you).")] = None,
    article_id: Annotated[str | None, typer.Option("--id", help="Choose the article id.")] = None,
    urgency: UrgencyOption = None,
    command_id: CommandId = None,
) -> None:
    """Start a new article as a draft."""
    from cli.bootstrap import open_session
    from workflow import commands as cmd
    from workflow.ids import new_article_id

    text = read_body(body, body_file) or ""
    fields: dict[str, object] = {"headline": headline, "category": category, "body": text}
    fields |= {"language": language, "byline": byline}
    fields |= {"urgency": urgency_of("--urgency", urgency)}
    with open_session(settings(), record()) as session:
        article_id = article_id or new_article_id(session.store, headline, command_id)
        command = cmd.build(cmd.DraftArticle, article_id=article_id, **fields)
        outcome = session.handle(command, command_id=command_id)
    print_outcome(outcome)


@app.command()
def revise(
    article_id: ArticleIdArg,
    headline: Annotated[str | None, typer.Option()] = None,
    body: BodyOption = None,
    body_file: BodyFileOption = None,
    category: Annotated[str | None, typer.Option()] = None,
    language: LanguageOption = None,
    byline: Annotated[str | None, typer.Option()] = None,
    urgency: UrgencyOption = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit the headline and text in $EDITOR.")
    ] = False,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Change a draft's headline, text, category, language, byline or urgency."""
    if edit:
        headline, body = _edited(article_id, headline, body, body_file)
        if (headline, body, category, language, byline, urgency) == (None,) * 6:
            print(f"Nothing changed in article {article_id}; nothing was written.")
            return
    text = read_body(body, body_file)
    level = urgency_of("--urgency", urgency)
    if all(v is None for v in (headline, text, category, language, byline, level)):
        raise BadInput(
            "Say what to revise: --headline, --body, --category, --language, --byline or --urgency."
        )
    fields: dict[str, object] = {"headline": headline, "body": text, "category": category}
    fields |= {"language": language, "byline": byline, "urgency": level}
    write("ReviseArticle", expected_version, command_id, article_id=article_id, **fields)


def _edited(
    article_id: str, headline: str | None, body: str | None, body_file: str | None
) -> tuple[str | None, str | None]:
    """The headline and body the person changed in their editor (None: left as it was)."""
    from cli.bootstrap import open_session
    from cli.editing import edited
    from events.catalog import DRAFT, STATUS_WORDS
    from events.errors import RuleRefused

    if headline is not None or body is not None or body_file is not None:
        raise BadInput("Give --edit or --headline/--body/--body-file, not both.")
    with open_session(settings(), record()) as session:
        article = session.newsroom.article(article_id)
    if article is None:
        from events.errors import NotFound

        raise NotFound(f"There is no article {article_id}.")
    if article.status != DRAFT:  # before the editor opens: no work done for nothing
        raise RuleRefused(
            f"Cannot revise article {article_id}: it is {STATUS_WORDS[article.status]}; "
            "that is allowed only when it is a draft."
        )
    headline, body = edited(article.headline, article.body)
    return (
        headline if headline != article.headline else None,
        body if body != article.body else None,
    )


@app.command()
def submit(
    article_id: ArticleIdArg, expected_version: ExpectedVersion = None, command_id: CommandId = None
) -> None:
    """Send a draft to the editors for review (lint findings are shown as warnings)."""
    from cli import render
    from cli.bootstrap import open_session
    from projections.article import plain
    from workflow import commands as cmd
    from workflow.lint import lint_article

    current = settings()
    record().article_id = article_id
    command = cmd.build(cmd.SubmitArticle, article_id=article_id)
    with open_session(current, record()) as session:
        outcome = session.handle(command, expected=expected_version, command_id=command_id)
        article = session.newsroom.article(article_id)
    limit = current.headline_limit
    findings = lint_article(article.headline, article.body, limit) if article else []
    print_outcome(outcome, lint=[plain(f) for f in findings])
    if not current.json:
        for finding in findings:
            render.warn(render.finding_text(finding))


@app.command("request-changes")
def request_changes(
    article_id: ArticleIdArg,
    reason: Reason,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Send an article in review back to draft, saying why."""
    write("RequestChanges", expected_version, command_id, article_id=article_id, reason=reason)


@app.command()
def withdraw(
    article_id: ArticleIdArg,
    reason: Annotated[str, typer.Option(help="Why you take it back.")] = "",
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Take your own submission back from review to draft."""
    write("WithdrawArticle", expected_version, command_id, article_id=article_id, reason=reason)


@app.command()
def note(
    article_id: ArticleIdArg,
    text: Annotated[str, typer.Argument(help="The note, for the newsroom's eyes only.")],
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Leave an internal note on an article: in `show` and `history`, never published."""
    write("AddNote", expected_version, command_id, article_id=article_id, text=text)


@app.command()
def approve(
    article_id: ArticleIdArg,
    allow_lint: Annotated[
        str | None,
        typer.Option(
            "--allow-lint", help="Approve despite lint errors; why (recorded in the log)."
        ),
    ] = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Approve an article in review (not your own: four eyes; lint errors refuse)."""
    fields = {"article_id": article_id, "allow_lint": allow_lint}
    write("ApproveArticle", expected_version, command_id, **fields)


@app.command()
def publish(
    article_id: ArticleIdArg,
    at: Annotated[
        str | None, typer.Option(help="Embargo: publish at this time (HH:MM DD.MM.YYYY or ISO).")
    ] = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Publish an approved article now, or schedule it with --at."""
    from events.instants import parse_time

    tz = settings().tz
    # In the newsroom's zone, so a refusal quotes the time as editors read it.
    when = parse_time(at, tz, "--at").astimezone(tz) if at is not None else None
    write("PublishArticle", expected_version, command_id, article_id=article_id, at=when)


@app.command()
def unschedule(
    article_id: ArticleIdArg, expected_version: ExpectedVersion = None, command_id: CommandId = None
) -> None:
    """Lift an embargo before it passes; the article goes back to approved."""
    write("UnschedulePublication", expected_version, command_id, article_id=article_id)


@app.command()
def correct(
    article_id: ArticleIdArg,
    note: Annotated[str, typer.Option(help="The public correction note (required).")],
    headline: Annotated[str | None, typer.Option()] = None,
    body: BodyOption = None,
    body_file: BodyFileOption = None,
    category: Annotated[str | None, typer.Option(help="Move it to another section.")] = None,
    byline: Annotated[str | None, typer.Option(help="Who signs it.")] = None,
    allow_lint: Annotated[
        str | None,
        typer.Option(
            "--allow-lint", help="Correct despite lint errors; why (recorded in the log)."
        ),
    ] = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Correct a published article's headline, text, category or byline, with a public note
    (not by its own authors)."""
    fields = {"note": note, "headline": headline, "body": read_body(body, body_file)}
    fields |= {"allow_lint": allow_lint, "category": category, "byline": byline}
    write("CorrectArticle", expected_version, command_id, article_id=article_id, **fields)


YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do not ask at a terminal; it is for good.")
]


@app.command()
def retract(
    article_id: ArticleIdArg,
    reason: Reason,
    yes: YesOption = False,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Withdraw a published or scheduled article for good (chiefs only)."""
    confirm_final(article_id, "retract", "retracted", yes=yes)
    write("RetractArticle", expected_version, command_id, article_id=article_id, reason=reason)


@app.command()
def spike(
    article_id: ArticleIdArg,
    reason: Annotated[str, typer.Option(help="Why it is dropped.")] = "",
    yes: YesOption = False,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Drop a draft, an article in review or an approved one for good."""
    confirm_final(article_id, "spike", "spiked", yes=yes)
    write("SpikeArticle", expected_version, command_id, article_id=article_id, reason=reason)


@app.command()
def tick(command_id: CommandId = None) -> None:
    """Publish every embargoed article whose time has come by the store's clock, signed by you."""
    from cli import render
    from cli.bootstrap import open_session

    current = settings()
    with open_session(current, record()) as session:
        outcomes = session.publish_due(current.actor, command_id)
    if current.json:
        render.print_json({"published": [render.outcome_data(o) for o in outcomes]})
        return
    if not outcomes:
        print("Nothing is due for publication.")
    for outcome in outcomes:
        print(render.outcome_text(outcome, current.tz))


@app.command()
def assign(
    article_id: ArticleIdArg,
    to: Annotated[str, typer.Option("--to", help="Who on the staff gets it.")],
    work: Annotated[str, typer.Option("--for", help="writing or review.")] = "writing",
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Give an article to a staff member to write or to review (editors and chiefs)."""
    from cli.bootstrap import open_session
    from cli.commands import one_of
    from events.catalog import WORKS
    from workflow import commands as cmd

    kind = one_of("--for", work, WORKS)
    record().article_id = article_id
    fields = {"article_id": article_id, "assignee": to, "work": kind}
    cmd.build(cmd.AssignArticle, **fields)  # the name's form first, before any lookup
    with open_session(settings(), record()) as session:
        # The service names the role again under the write lock; looked up here too, so
        # a retry under the same --command-id asks for what the first run recorded.
        role = session.newsroom.roster().get(to)
        command = cmd.build(cmd.AssignArticle, **fields, assignee_role=role)
        outcome = session.handle(command, expected=expected_version, command_id=command_id)
    print_outcome(outcome)
