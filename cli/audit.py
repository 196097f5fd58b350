"""The auditor's commands: diff, verify, export, import, rebuild.

Imported lazily by `cli.reading`, so `newsroom --help` never loads the database stack.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cli import render
from cli.progress import progress_bar
from cli.settings import Settings
from cli.wiring import creating_store, open_session
from events.catalog import article_stream
from events.errors import BadInput, BadStore, IntegrityFailure, NotFound
from events.portable import export_lines, import_into
from events.store import LogQuery
from events.verify import Problem, Verified, verify_events
from projections.asof import fold_article
from projections.compare import differences_from_rebuild
from projections.runner import rebuild, rebuild_on

IMPORT_BATCH = 5_000


def diff(settings: Settings, article_id: str, older: int, newer: int) -> None:
    with open_session(settings, catch_up_first=False) as session:
        records = session.store.read_stream(article_stream(article_id))
    if not records:
        raise NotFound(f"There is no article {article_id}.")
    current = records[-1].stream_version
    for version in (older, newer):
        if version > current:
            raise NotFound(f"Article {article_id} has no version {version}; it is at {current}.")
    before = fold_article(r for r in records if r.stream_version <= older)
    after = fold_article(r for r in records if r.stream_version <= newer)
    assert before is not None and after is not None
    if settings.json:
        render.print_json(render.diff_data(before, after))
    else:
        print(render.diff_text(before, after), end="")


def verify(settings: Settings, against: str | None) -> None:
    anchor = _anchor(against)
    with open_session(settings) as session:
        with session.store.snapshot() as log:
            head = log.head()
            checking = progress_bar("Checking the chain", head[0], quiet=settings.json)
            with checking as advance:
                rows = log.read_raw(LogQuery())
                result = verify_events(
                    rows, head, locate=log.locate, anchor=anchor, on_event=advance
                )
        if isinstance(result, Problem):
            raise IntegrityFailure(result.sentence())
        problems = _compare_projections(session.engine, result.head_position, settings.json)
    if problems:
        raise IntegrityFailure(problems[0])
    _report_verified(settings, result, anchor)


def _compare_projections(engine: Any, up_to: int, quiet: bool) -> list[str]:
    with progress_bar("Rebuilding to compare", up_to, quiet=quiet) as advance:
        return differences_from_rebuild(engine, up_to, advance)


def _anchor(text: str | None) -> tuple[int, str] | None:
    if text is None:
        return None
    position, _, digest = text.partition(":")
    if not position.isdigit() or len(digest) != 64:
        raise BadInput(f"--against {text!r}: give POSITION:HASH, as `verify` printed it.")
    return int(position), digest.lower()


def _report_verified(settings: Settings, result: Verified, anchor: tuple[int, str] | None) -> None:
    data = {
        "ok": True,
        "events": result.events,
        "head_position": result.head_position,
        "head_hash": result.head_hash,
        "projections_match": True,
        "against": f"{anchor[0]}:{anchor[1]}" if anchor else None,
    }
    lines = [
        f"The log is intact: {result.events} events, every hash and link checked.",
        f"Head: {result.head_position}:{result.head_hash}",
        "Every projection matches a fresh rebuild.",
    ]
    if anchor:
        lines.append(f"Position {anchor[0]} still has the hash published for it.")
    render.say(settings.json, data, "\n".join(lines))


def export(settings: Settings, file: Path | None, first: int, last: int | None) -> None:
    with open_session(settings, catch_up_first=False) as session:
        events = session.store.read_all(first, last, batch_size=5000)
        if file is None:
            sys.stdout.writelines(export_lines(events))
            return
        with _atomic_file(file) as handle:
            count = sum(1 for line in export_lines(events) if handle.write(line)) - 1
    print(f"Exported {count} events to {file}.", file=sys.stderr)


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[Any]:
    """Write beside `path`, then rename: a reader never sees half an export."""
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115  (renamed into place below)
            "w", encoding="utf-8", dir=path.parent or ".", delete=False
        )
    except OSError as exc:
        raise BadInput(f"Cannot write {path}: {exc.strerror}.") from None
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def import_log(settings: Settings, file: Path) -> None:
    """Verify the whole file, then load it into an empty (or not yet created) store."""
    if not file.is_file():
        raise BadInput(f"There is no file {file}.")
    _require_empty(settings)
    importing = progress_bar("Importing", file.stat().st_size, quiet=settings.json)
    # One transaction from schema to projections: a bad file leaves no trace.
    with importing as advance, creating_store(settings) as (_before, conn):
        loaded = import_into(conn, file, IMPORT_BATCH, advance)
        rebuild_on(conn)
    head = (loaded.head_position, loaded.head_hash)
    data = {"imported": loaded.events, "head_position": head[0], "head_hash": head[1]}
    text = f"Imported {loaded.events} events; head {head[0]}:{head[1]}. Projections rebuilt."
    render.say(settings.json, data, text)


def _require_empty(settings: Settings) -> None:
    """Refuse a store that holds events; a missing or schema-only store is fine."""
    try:
        with open_session(settings, catch_up_first=False) as session:
            position, _ = session.store.head()
    except BadStore:
        return
    if position:
        raise BadStore(f"The store already holds {position} events; import needs an empty store.")


def rebuild_projections(settings: Settings) -> None:
    with open_session(settings, catch_up_first=False) as session:
        applied = rebuild(session.engine)
    render.say(
        settings.json,
        {"rebuilt": True, "events_applied": applied},
        f"Rebuilt every projection from {applied} events.",
    )
