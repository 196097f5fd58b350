"""The auditor's commands: diff, the raw log, verify, export, import, rebuild."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.commands import ArticleIdArg, ForceOption, app, refuse_upside_down
from cli.options import Settings, settings, whole_number
from cli.paging import PAGE, Page, hint
from events.catalog import (
    ARTICLE_PREFIX,
    EVENT_TYPES,
    HOOKS_STREAM,
    POSITION_MAX,
    REDACTIONS_STREAM,
    STAFF_STREAM,
    VERSION_MAX,
)
from events.errors import BadInput, BadStore, IntegrityFailure, NotFound
from workflow.fields import ARTICLE_ID_PATTERN, STAFF_NAME_PATTERN, refuse_malformed

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from delivery.ledger_check import LedgerVerified
    from events.merkle import Frontier
    from events.note import Checkpoint
    from events.sql.store import Snapshot
    from events.verify import Verified

IMPORT_BATCH = 5_000


def _staff_name_given(value: str | None) -> str | None:
    if value is not None:
        refuse_malformed("--actor", value, STAFF_NAME_PATTERN)
    return value


@app.command()
def diff(
    article_id: ArticleIdArg,
    from_version: Annotated[int, typer.Argument(min=1, max=VERSION_MAX, help="The older version.")],
    to_version: Annotated[int, typer.Argument(min=1, max=VERSION_MAX, help="The newer version.")],
) -> None:
    """What changed between two versions: headline, byline, language, category, photos, body."""
    from cli import render
    from cli.bootstrap import open_session
    from events.catalog import article_stream
    from projections.past import fold_article

    current = settings()
    with open_session(current, catch_up_first=False) as session:
        records = session.store.read_stream(article_stream(article_id))
    if not records:
        raise NotFound(f"There is no article {article_id}.")
    last = records[-1].stream_version
    for version in (from_version, to_version):
        if version > last:
            raise NotFound(f"Article {article_id} has no version {version}; it is at {last}.")
    before = fold_article(r for r in records if r.stream_version <= from_version)
    after = fold_article(r for r in records if r.stream_version <= to_version)
    assert before is not None and after is not None
    if current.json:
        render.print_json(render.diff_data(before, after))
    else:
        print(render.diff_text(before, after), end="")


@app.command()
def log(
    from_position: Annotated[
        int, typer.Option("--from", min=1, max=POSITION_MAX, help="First global position.")
    ] = 1,
    limit: Annotated[
        int, typer.Option(min=0, max=POSITION_MAX, help="At most this many (0: all).")
    ] = PAGE,
    stream: Annotated[str | None, typer.Option(help="An article id, article:ID or staff.")] = None,
    types: Annotated[
        str | None, typer.Option("--type", help="Event types, comma-separated.")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Only this person's events.", callback=_staff_name_given),
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this time on.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this time.")] = None,
) -> None:
    """The raw log, in commit order, with each event's hash; 50 events a page."""
    from cli import render, tables
    from cli.bootstrap import open_session
    from events.instants import occurred_at_text, parse_time
    from events.store import LogQuery

    current = settings()
    tz = current.tz
    after = occurred_at_text(parse_time(since, tz, "--since")) if since else None
    before = occurred_at_text(parse_time(until, tz, "--until")) if until else None
    refuse_upside_down(f"--since {since}", after, f"--until {until}", before)
    query = LogQuery(
        from_position=from_position,
        stream_id=_stream_named(stream) if stream is not None else None,
        event_types=_event_types(types) if types else (),
        since=after,
        until=before,
    )
    filtered = actor is not None or query != LogQuery(from_position=from_position)
    page = Page(limit)
    # Streams: a log of millions of events is printed in constant memory.
    with open_session(current, catch_up_first=False) as session:
        matching = (r for r in session.store.read_log(query) if actor is None or r.actor == actor)
        records = page.take(matching, "global_position")

        def rest() -> dict[str, Any]:
            # Positions have no gaps, so what follows a page of the whole log is counted
            # from the head; a filtered one would need a read of the rest to count.
            return page.rest(None if filtered else session.store.head()[0] - page.last)

        if current.json:
            render.stream_json_events(records, rest)
        else:
            tables.log_tables(records, tz)
            if (line := hint(rest(), page.shown)) is not None:
                print(line)


def _stream_named(name: str) -> str:
    """`staff`, `hooks`, `article:ID`, or just an article's id."""
    from events.catalog import article_stream

    if name in (STAFF_STREAM, HOOKS_STREAM, REDACTIONS_STREAM):
        return name
    article_id = name.removeprefix(ARTICLE_PREFIX)
    if re.fullmatch(ARTICLE_ID_PATTERN, article_id) is None:
        raise BadInput(
            f"--stream {name!r} is not a stream: name staff, hooks, redactions, "
            "an article id or article:ID."
        )
    return article_stream(article_id)


def _event_types(text: str) -> tuple[str, ...]:
    wanted = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in wanted if name not in EVENT_TYPES]
    if unknown:
        raise BadInput(
            f"Unknown event type {unknown[0]!r}; the types are {', '.join(EVENT_TYPES)}."
        )
    return wanted


@app.command()
def verify(
    against: Annotated[
        str | None,
        typer.Option(
            help="POSITION:HASH or a checkpoint file published earlier: prove that today's "
            "log extends it."
        ),
    ] = None,
    media: Annotated[
        bool,
        typer.Option(
            "--media",
            help="Also hash again every photo file the log names in the media folder: each "
            "missing, changed or linked one is reported.",
        ),
    ] = False,
) -> None:
    """Prove the log: every hash and link, every signature, every act lawful by the rules;
    then compare every projection with a fresh rebuild (and, with --media, the photos)."""
    from cli.bootstrap import open_session
    from cli.erasures import erasure_report
    from cli.progress import progress_bar
    from events.erasures import CONFIRMED, erasures_of
    from events.store import LogQuery
    from events.verify import Problem, verify_events
    from projections.sql.compare import differences_from_rebuild
    from projections.sql.runner import standing
    from workflow.lawful import LawfulReplay

    current = settings()
    published = _published_checkpoint(against)
    anchor = None if published is not None else _anchor(against)
    with open_session(current) as session, LawfulReplay() as replay:
        with session.store.snapshot() as log:
            head = log.head()
            replay.erasures = erasures_of(
                (row.global_position, row.data_json)
                for row in log.read_raw(LogQuery(event_types=(CONFIRMED,)))
            )
            with progress_bar("Checking the log", head[0], quiet=current.json) as advance:
                rows = log.read_raw(LogQuery())
                result = verify_events(
                    rows,
                    head,
                    locate=log.locate,
                    anchor=anchor,
                    on_event=advance,
                    check=replay.check,
                    finish=replay.finish,
                    not_after=_time_of_checking(),
                    erasures=replay.erasures,
                )
            tree = log.tree()
            if isinstance(result, Problem):
                raise IntegrityFailure(result.sentence())
            _refuse_other_tree(tree, result)
            ledger = _checked_ledger(log)
            if published is not None:
                _refuse_unless_extends(session, log, tree, published)
        # A store that can only be read keeps its tables where they stand: compared there.
        up_to = standing(session.engine) if session.views_from_log else result.head_position
        problems = []
        if up_to is not None:
            with progress_bar("Rebuilding to compare", up_to, quiet=current.json) as advance:
                problems = differences_from_rebuild(session.engine, up_to, advance)
        if problems:
            raise IntegrityFailure(problems[0])
        checked = _checked_media(session, current, result.head_position) if media else None
        erased = erasure_report(session, result.head_position)
    _report_verified(current, result, anchor, published, up_to, checked, ledger, erased)


def _checked_ledger(log: Snapshot) -> LedgerVerified:
    """The delivery ledger, in the snapshot the log was proven in; else exit 7."""
    from delivery.ledger_check import LedgerProblem, verify_stored_ledger

    checked = verify_stored_ledger(log.conn)
    if isinstance(checked, LedgerProblem):
        raise IntegrityFailure(checked.sentence())
    return checked


def _checked_media(session: Session, current: Settings, up_to: int) -> int:
    """How many media files the log names, all as it says; else exit 7 (with --json,
    the list of every problem first)."""
    from cli import render
    from cli.media import check_media, refusal

    count, problems = check_media(session, up_to)
    if problems:
        if current.json:
            render.print_json({"ok": False, "media_files": count, "media_problems": problems})
        raise refusal(current.media_dir, problems)
    return count


def _published_checkpoint(against: str | None) -> Checkpoint | None:
    """`--against` naming a checkpoint file (anything else is POSITION:HASH)."""
    if against is None or not Path(against).is_file():
        return None
    from cli.commands.proofs import read_checkpoint

    return read_checkpoint(Path(against))


def _refuse_unless_extends(
    session: Session, log: Snapshot, tree: Frontier, published: Checkpoint
) -> None:
    """The checkpoint is this newsroom's, and today's tree begins with the one it signed."""
    from events import merkle, note
    from events.sshsig import load_public_line

    keys = [
        line for origin, line in session.newsroom.staff().log_keys if origin == published.origin
    ]
    for line in keys:
        try:
            note.verify(published, published.origin, load_public_line(line))
            break
        except note.BadNote:
            continue
    else:
        raise IntegrityFailure(
            f"The checkpoint is not signed by this newsroom's log key for {published.origin}."
        )
    size = tree.size
    if published.size > size:
        raise IntegrityFailure(
            f"The log is not intact: it holds {size} events, fewer than the "
            f"{published.size} the checkpoint signed: its end was cut off."
        )
    then = (
        merkle.subtree_root(0, published.size, log.node_at) if published.size else merkle.EMPTY_ROOT
    )
    if then != published.root:
        raise IntegrityFailure(
            f"The log is not intact: its first {published.size} events are not the ones the "
            f"checkpoint signed (their root is {then.hex()}, "
            f"the checkpoint's {published.root.hex()})."
        )


def _refuse_other_tree(tree: Frontier, result: Verified) -> None:
    """The Merkle tree the log keeps must be the one its events make."""
    if (tree.size, tree.root()) != (result.events, result.tree_root):
        raise IntegrityFailure(
            f"The log is not intact: its Merkle tree (size {tree.size}, root "
            f"{tree.root().hex()}) is not the one its {result.events} events make "
            f"(root {result.tree_root.hex()})."
        )


def _time_of_checking() -> str:
    """Now by this machine's clock, with five minutes' grace for a server's clock ahead of it."""
    from datetime import UTC, datetime, timedelta

    from events.instants import occurred_at_text

    return occurred_at_text(datetime.now(UTC) + timedelta(minutes=5))


def _anchor(text: str | None) -> tuple[int, str] | None:
    if text is None:
        return None
    given, _, digest = text.partition(":")
    position = whole_number(given)
    if position is None or not 1 <= position <= POSITION_MAX or len(digest) != 64:
        raise BadInput(f"--against {text!r}: give POSITION:HASH, as `verify` printed it.")
    return position, digest.lower()


def _report_verified(
    current: Settings,
    result: Verified,
    anchor: tuple[int, str] | None,
    published: Checkpoint | None,
    compared_to: int | None,
    media_files: int | None = None,
    ledger: LedgerVerified | None = None,
    erasures: list[dict[str, Any]] | None = None,
) -> None:
    from cli import render
    from cli.erasures import erasure_lines

    signed_from = result.signed_from
    unsigned = (signed_from - 1) if signed_from is not None else result.events
    data = {
        "ok": True,
        "events": result.events,
        "head_position": result.head_position,
        "head_hash": result.head_hash,
        "tree_size": result.events,
        "tree_root": result.tree_root.hex(),
        "signed_from": signed_from,
        "unsigned_events": unsigned,
        "projections_match": True if compared_to is not None else None,
        "projections_at": compared_to,
        "against": f"{anchor[0]}:{anchor[1]}" if anchor else None,
        "extends_checkpoint": published.size if published else None,
        "media_files": media_files,
        "deliveries": ledger.rows if ledger else None,
        "delivery_heads": {n: f"{seq}:{h}" for n, (seq, h) in ledger.heads.items()}
        if ledger
        else None,
        "erasures": erasures or [],
    }
    lines = [
        f"The log is intact: {result.events} events, every hash and link checked.",
        f"Head: {result.head_position}:{result.head_hash}",
        f"Merkle tree: {result.events} leaves, root {result.tree_root.hex()}",
        *_signing_lines(result.events, signed_from),
        _projections_line(result.head_position, compared_to),
        *_ledger_lines(ledger),
    ]
    if anchor:
        lines.append(f"Position {anchor[0]} still has the hash published for it.")
    if published:
        lines.append(
            f"The log extends the checkpoint {published.origin} of {published.size} events."
        )
    if media_files is not None:
        lines.append(f"Every one of the {media_files} media files the log names is as added.")
    lines += erasure_lines(erasures or [])
    render.say(current.json, data, "\n".join(lines))


def _ledger_lines(ledger: LedgerVerified | None) -> list[str]:
    if ledger is None:
        return []
    rows, hooks = ledger.rows, len(ledger.heads)
    return [
        f"Delivery ledger: {rows} attempt{'s' if rows != 1 else ''} in {hooks} hook chain"
        f"{'s' if hooks != 1 else ''}, every link checked, each naming the log's own event."
    ]


def _projections_line(head: int, compared_to: int | None) -> str:
    if compared_to == head:
        return "Every projection matches a fresh rebuild."
    if compared_to is None:
        return (
            "The projection tables are of another newsroom's layout and the store can only "
            "be read: they were not compared, and reads fold the log instead."
        )
    after = head - compared_to
    events = "the event" if after == 1 else f"the {after} events"
    return (
        f"Every projection matches a fresh rebuild up to position {compared_to}, where its "
        f"tables stand; the store can only be read, so reads fold {events} after it from "
        "the log."
    )


def _signing_lines(events: int, signed_from: int | None) -> list[str]:
    if signed_from is None:
        return (
            [f"No event is signed: all {events} are from before signing began."] if events else []
        )
    lines = []
    if signed_from > 1:
        lines.append(f"Positions 1-{signed_from - 1} are unsigned: from before signing began.")
    lines.append(
        f"From position {signed_from} on, every event is signed by its actor's key at the "
        "time and is what the rules allowed."
    )
    return lines


@app.command()
def signature(
    position: Annotated[
        int, typer.Argument(min=1, max=POSITION_MAX, help="The event's global position.")
    ],
) -> None:
    """One act's signature as JSON: check it with `ssh-keygen -Y verify -n newsroom`."""
    import base64

    from cli import render
    from cli.bootstrap import open_session
    from events.envelope import authored_of
    from events.sshsig import NAMESPACE
    from events.store import LogQuery
    from workflow.service import claimed_key, typed_history
    from workflow.staff import STAFF

    current = settings()
    with open_session(current, catch_up_first=False) as session:
        found = list(session.store.read_all(position, position))
        if not found:
            raise NotFound(f"There is no event at position {position}.")
        [event] = found
        if event.signature is None:
            raise NotFound(f"The event at position {position} is from before signing began.")
        # The staff as it stood just before: the key the signer had then.
        before = LogQuery(to_position=position - 1, stream_id=STAFF_STREAM)
        staff = STAFF.fold(typed_history(list(session.store.read_log(before))))
    key = staff.keys.get(event.actor) or claimed_key(event.actor, [event.event()])
    render.print_json(
        {
            "position": position,
            "signer": event.actor,
            "public_key": key,
            "namespace": NAMESPACE,
            "signed_bytes": base64.b64encode(authored_of(event)).decode(),
            "signature": event.signature,
        }
    )


@app.command()
def export(
    file: Annotated[
        Path | None, typer.Argument(help="Where to write: a new file, or - for stdout (default).")
    ] = None,
    from_position: Annotated[int, typer.Option("--from", min=1, max=POSITION_MAX)] = 1,
    until_position: Annotated[int | None, typer.Option("--until", min=1, max=POSITION_MAX)] = None,
    force: ForceOption = False,
) -> None:
    """Write the log as JSON Lines: one envelope per line, hashes included."""
    from cli.bootstrap import open_session
    from cli.output_file import output_file, refuse_unsafe_output, to_stdout
    from events.export import export_lines
    from events.inert import inert, inert_json

    refuse_upside_down(
        f"--from {from_position}", from_position, f"--until {until_position}", until_position
    )
    current = settings()
    if file is not None and not to_stdout(file):  # refused before the store is even opened
        refuse_unsafe_output(file, force=force, store_url=current.store_url)
    with open_session(current, catch_up_first=False) as session:
        events = session.store.read_all(from_position, until_position, batch_size=5000)
        with output_file(file, force=force, store_url=current.store_url) as handle:
            # The same bytes to a file as to a terminal: nothing raw for either.
            count = sum(1 for line in export_lines(events) if handle.write(inert_json(line))) - 1
    if not to_stdout(file):
        print(inert(f"Exported {count} events to {file}."), file=sys.stderr)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A file written by `newsroom export`.")],
) -> None:
    """Load an exported log into an empty store, proving it as `verify` does; a bad or
    unlawful file writes nothing."""
    from cli import render
    from cli.bootstrap import creating_store
    from cli.progress import progress_bar
    from events.erasures import erasures_of
    from events.export import confirmations_in
    from events.sql.loader import import_into
    from projections.sql.runner import rebuild_on
    from workflow.lawful import LawfulReplay

    current = settings()
    if not file.is_file():
        raise BadInput(f"There is no file {file}.")
    _require_empty(current)
    importing = progress_bar("Importing", file.stat().st_size, quiet=current.json)
    # One transaction from schema to projections: a bad file leaves no trace.
    erasures = erasures_of(confirmations_in(file))
    with (
        importing as advance,
        creating_store(current) as (_before, conn),
        LawfulReplay(erasures=erasures) as law,
    ):
        loaded = import_into(conn, file, IMPORT_BATCH, advance, law.check, law.finish, erasures)
        rebuild_on(conn)
    head = (loaded.head_position, loaded.head_hash)
    data = {"imported": loaded.events, "head_position": head[0], "head_hash": head[1]}
    text = f"Imported {loaded.events} events; head {head[0]}:{head[1]}. Projections rebuilt."
    render.say(current.json, data, text)


def _require_empty(current: Settings) -> None:
    """Refuse a store that holds events; a missing or schema-only store is fine."""
    from cli.bootstrap import open_session

    try:
        with open_session(current, catch_up_first=False) as session:
            position, _ = session.store.head()
    except BadStore:
        return
    if position:
        raise BadStore(f"The store already holds {position} events; import needs an empty store.")


@app.command()
def rebuild() -> None:
    """Drop every projection and replay the whole log into it."""
    from cli import render
    from cli.bootstrap import open_session
    from projections.sql.runner import rebuild as rebuild_projections

    current = settings()
    with open_session(current, catch_up_first=False) as session:
        session.admit_maintainer(current.actor, "rebuilding the views")
        applied = rebuild_projections(session.engine)
    message = f"Rebuilt every projection from {applied} events."
    render.say(current.json, {"rebuilt": True, "events_applied": applied}, message)
