"""The witnessed log: signed checkpoints of its Merkle tree, and witnesses' cosignatures."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.commands import ForceOption, app, article_id_given, read_at_most
from cli.options import Settings, record, settings
from events.catalog import VERSION_MAX
from events.errors import BadInput, IntegrityFailure, NotFound, PermissionDenied
from events.inert import inert

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from events.envelope import RecordedEvent
    from events.note import Checkpoint
    from workflow.service import Outcome

# The most of a file read as a checkpoint (a few lines, and a signature per witness) or as
# a receipt (which carries each version of its article, bodies and all).
CHECKPOINT_MAX, RECEIPT_MAX = 1024 * 1024, 64 * 1024 * 1024
CheckpointFile = Annotated[
    Path, typer.Argument(help="A checkpoint note, as `checkpoint` wrote it.")
]


@app.command()
def checkpoint(
    out: Annotated[
        Path | None, typer.Option(help="Write it to this new file (default, or -: stdout).")
    ] = None,
    log_key: Annotated[
        Path | None,
        typer.Option("--log-key", help="The log key (default: NEWSROOM_LOG_KEY or init's)."),
    ] = None,
    cosign: Annotated[
        Path | None,
        typer.Option(help="Add your signature (the key in use) to this checkpoint: a witness."),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="The witness's key name (default: who you are).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Sign the Merkle tree's size and root as a C2SP checkpoint, or cosign one."""
    from cli.output_file import refuse_unsafe_output, to_stdout

    current = settings()
    if out is not None and not to_stdout(out):  # refused before anything is signed or kept
        refuse_unsafe_output(out, force=force, store_url=current.store_url)
    if cosign is not None:
        made = _cosigned(current, cosign, name or current.actor)
    else:
        from cli.bootstrap import open_session

        with open_session(current, catch_up_first=False) as session:
            session.admit_maintainer(current.actor, "signing a checkpoint")
            made = _signed_now(session, (log_key or current.log_key_path).expanduser())
    _write(made.note(), out, force, current.store_url)


@app.command("log-key")
def log_key_command(
    path: Annotated[Path, typer.Argument(help="The new log key; made here if missing.")],
    origin: Annotated[
        str | None, typer.Option(help="The log's name in checkpoints (default: as before).")
    ] = None,
) -> None:
    """Sign checkpoints with another log key from now on (chiefs only)."""
    from cli import render
    from cli.bootstrap import open_session

    current = settings()
    with open_session(current, record()) as session:
        before = session.newsroom.staff().log_keys
        named = origin or (before[-1][0] if before else None)
        if named is None:
            raise BadInput("Name the log with --origin (say news.example/log).")
        outcome = register_log_key(session, path.expanduser(), named, current.actor)
    data = {"log_key": str(path), "origin": named, **render.outcome_data(outcome)}
    said = inert(f"Checkpoints of {named} are signed with {path} from now on.")
    render.say(current.json, data, said)


def register_log_key(session: Session, path: Path, origin: str, actor: str) -> Outcome:
    """Register the key at `path` (made there if missing) as the log key, acting as `actor`;
    a refused act leaves no key file behind."""
    from events.sshsig import public_line
    from signing.keyfile import create, load, public_path
    from workflow import commands as cmd
    from workflow.fields import ORIGIN_PATTERN, refuse_malformed

    refuse_malformed("origin", origin, ORIGIN_PATTERN)  # before a key file is made for it
    made = not path.exists()
    key = create(path, f"{origin} log") if made else load(path, session.settings.key_passphrase)
    registering = cmd.build(
        cmd.ChangeLogKey, origin=origin, public_key=public_line(key.public_key())
    )
    try:
        return session.handle(registering, actor=actor)
    except BaseException:
        if made:
            path.unlink(missing_ok=True)
            public_path(path).unlink(missing_ok=True)
        raise


def _signed_now(session: Session, path: Path, *, must_keep: bool = True) -> Checkpoint:
    """This moment's checkpoint, signed with the registered log key and kept in the store;
    unless `must_keep`, a store that can only be read gives it without keeping it."""
    from events import note
    from events.sql.engine import opened_read_only, write_if_allowed
    from events.sshsig import public_line
    from signing.keyfile import load

    staff = session.newsroom.staff()
    if not staff.log_keys:
        raise PermissionDenied(
            "This newsroom has no log key yet; a chief registers one with `newsroom init`."
        )
    origin, registered = staff.log_keys[-1]
    key = load(path, session.settings.key_passphrase)
    if public_line(key.public_key()) != registered:
        raise PermissionDenied(f"The key {path} is not this newsroom's registered log key.")
    with session.store.snapshot() as log:
        tree = log.tree()
    made = note.make(origin, tree.size, tree.root(), key)
    if must_keep:
        session.store.keep_checkpoint(made.size, made.note())
    elif not opened_read_only(session.engine):  # else tried, in case only the store knows
        write_if_allowed(lambda: session.store.keep_checkpoint(made.size, made.note()))
    return made


class Witnessing:
    """The worker's checkpoints: one after each publication, correction or retraction, and
    at least hourly while the log grows, signed with the log key if the worker holds it."""

    HOURLY = 3600.0

    def __init__(self, session: Session, clock: Callable[[], float] = time.monotonic) -> None:
        self.session, self.clock = session, clock
        self.last_made = clock()
        kept = session.store.latest_checkpoint()
        self.size = _size_of(kept)
        self.unavailable = False

    def checkpoint_if_due(self) -> Checkpoint | None:
        if self.unavailable:
            return None
        with self.session.store.snapshot() as log:
            size = log.tree().size
        if size <= self.size:
            return None
        hourly = self.clock() - self.last_made >= self.HOURLY
        if not hourly and not self._went_out_since():
            return None
        try:
            made = _signed_now(self.session, self.session.settings.log_key_path)
        except (PermissionDenied, NotFound, BadInput) as refusal:
            from cli.render import warn

            self.unavailable = True  # said once; the worker goes on delivering
            warn(f"no checkpoints from this worker: {refusal}")
            return None
        self.size, self.last_made = made.size, self.clock()
        return made

    def _went_out_since(self) -> bool:
        from events.store import LogQuery

        query = LogQuery(from_position=self.size + 1, event_types=WENT_OUT)
        return next(iter(self.session.store.read_log(query, batch_size=1)), None) is not None


def _size_of(kept: str | None) -> int:
    from events import note

    return note.parse(kept).size if kept else 0


def _cosigned(current: Settings, path: Path, name: str) -> Checkpoint:
    from cli.bootstrap import key_in_use
    from events import note

    try:
        return note.cosigned(read_checkpoint(path), name, key_in_use(current))
    except note.BadNote as exc:
        raise BadInput(f"Cannot cosign {path}: {exc}.") from None


def read_checkpoint(path: Path) -> Checkpoint:
    from events import note

    text = _read_text(path)
    try:
        return note.parse(text)
    except note.BadNote as exc:
        raise IntegrityFailure(f"{path} is not a checkpoint: {exc}.") from None


def _write(text: str, out: Path | None, force: bool, store_url: str) -> None:
    from cli.output_file import output_file, to_stdout

    with output_file(out, force=force, store_url=store_url) as handle:
        handle.write(text)
    if not to_stdout(out):
        print(inert(f"Wrote the checkpoint to {out}."), file=sys.stderr)


@app.command()
def prove(
    article_id: Annotated[
        str | None, typer.Argument(help="The article to prove.", callback=article_id_given)
    ] = None,
    version: Annotated[
        int | None,
        typer.Option(
            min=1, max=VERSION_MAX, help="Its version (default: the latest it went out in)."
        ),
    ] = None,
    since: Annotated[
        Path | None, typer.Option(help="An older checkpoint: prove today's log extends it.")
    ] = None,
) -> None:
    """A receipt anyone can check offline: an article's version is in the signed log, or
    (--since) the log still extends an older checkpoint."""
    from cli import render
    from cli.bootstrap import open_session

    if (article_id is None) == (since is None):
        raise BadInput("Name an article to prove, or give --since CHECKPOINT_FILE.")
    current = settings()
    with open_session(current, catch_up_first=False) as session:
        if since is not None:
            receipt = _consistency(session, read_checkpoint(since))
        else:
            assert article_id is not None
            receipt = inclusion_receipt(session, article_id, version)
    render.print_json(receipt)


WENT_OUT = ("ArticlePublished", "ArticleCorrected", "ArticleRetracted")


def inclusion_receipt(
    session: Session, article_id: str, version: int | None, signed: Checkpoint | None = None
) -> dict[str, Any]:
    from events import merkle
    from events.catalog import article_stream
    from events.errors import NotFound
    from events.export import export_lines

    events = session.store.read_stream(article_stream(article_id))
    if not events:
        raise NotFound(f"There is no article {article_id}.")
    if version is None:
        out = [e.stream_version for e in events if e.event_type in WENT_OUT]
        if not out:
            raise NotFound(f"Article {article_id} has not gone out; name a --version.")
        version = out[-1]
    if version > events[-1].stream_version:
        raise NotFound(f"Article {article_id} has no version {version}.")
    leaf = events[version - 1]
    erasures = _erasures_of(session, {e.global_position for e in events[:version]})
    reach = max([leaf.global_position, *(e.global_position for e in erasures)])
    signed = signed or _covering(session, reach)
    with session.store.snapshot() as log:
        path = merkle.inclusion_path(leaf.global_position - 1, signed.size, log.node_at)
        proven = [_included(e, signed.size, log.node_at) for e in erasures]
    lines = list(export_lines(events[:version]))[:-1]
    receipt = {
        "origin": signed.origin,
        "tree_size": signed.size,
        "leaf_index": leaf.global_position - 1,
        "leaf_hash": leaf.hash,
        "inclusion_path": [p.hex() for p in path],
        "checkpoint": signed.note(),
        "events": [line.rstrip("\n") for line in lines],
    }
    return receipt | ({"erasures": proven} if proven else {})


def _included(
    record: RecordedEvent, size: int, node_at: Callable[[int, int], bytes]
) -> dict[str, Any]:
    """One more event of the receipt, with its own inclusion path in the same tree."""
    from events import merkle
    from events.export import export_lines

    path = merkle.inclusion_path(record.global_position - 1, size, node_at)
    line = next(iter(export_lines([record])))
    return {
        "leaf_index": record.global_position - 1,
        "inclusion_path": [p.hex() for p in path],
        "event": line.rstrip("\n"),
    }


def _erasures_of(session: Session, positions: set[int]) -> list[RecordedEvent]:
    """The confirmed redactions that rewrote any of these positions, in log order."""
    from events.erasures import CONFIRMED
    from events.store import LogQuery

    query = LogQuery(event_types=(CONFIRMED,))
    return [
        record
        for record in session.store.read_log(query)
        if positions & {int(p) for p in record.data.get("rewritten", {})}
    ]


def _consistency(session: Session, older: Checkpoint) -> dict[str, Any]:
    from events import merkle

    newer = _covering(session, older.size)
    if older.size == 0 or older.size > newer.size:
        raise IntegrityFailure(
            f"The checkpoint of {older.size} events is not a prefix of this log of {newer.size}."
        )
    with session.store.snapshot() as log:
        path = merkle.consistency_path(older.size, newer.size, log.node_at)
    return {
        "origin": newer.origin,
        "old_size": older.size,
        "old_root": older.root.hex(),
        "tree_size": newer.size,
        "consistency_path": [p.hex() for p in path],
        "checkpoint": newer.note(),
    }


def latest_signed(session: Session) -> Checkpoint:
    """A signed checkpoint of the whole log as it stands."""
    with session.store.snapshot() as log:
        size = log.tree().size
    return _covering(session, size)


def _covering(session: Session, size: int) -> Checkpoint:
    """The latest signed checkpoint of at least `size` events: kept, or made now."""
    from events import note

    kept = session.store.latest_checkpoint()
    latest = note.parse(kept) if kept is not None else None
    if latest is not None and latest.size >= size:
        return latest
    # A receipt or a site from a store that can only be read still carries a checkpoint.
    return _signed_now(session, session.settings.log_key_path, must_keep=False)


@app.command()
def check(
    receipt: Annotated[Path, typer.Argument(help="A receipt `prove` printed.")],
    checkpoint_file: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="Check against this checkpoint (one you kept)."),
    ] = None,
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="The newsroom's log key (a line or a .pub file), to check the signature.",
        ),
    ] = None,
) -> None:
    """Check a receipt offline, with no store: exit 0, or 7 naming what failed."""
    from cli import render
    from cli.commands.staff import public_key_text
    from events import receipts

    kept = _read_text(checkpoint_file) if checkpoint_file else None
    try:
        found = receipts.check(_read_json(receipt), kept, public_key_text(public_key))
    except receipts.BadReceipt as exc:
        raise IntegrityFailure(f"The receipt does not check: {exc}.") from None
    render.say(settings().json, found, inert(found["summary"]))


def _read_text(path: Path, limit: int = CHECKPOINT_MAX, what: str = "the checkpoint") -> str:
    content = read_at_most(path, limit + 1, what)
    if len(content) > limit:
        raise BadInput(f"Cannot read {what} {path}: it is larger than {limit} bytes.")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"Cannot read {what} {path}: it is not UTF-8 text.") from None


def _read_json(path: Path) -> Any:
    import json

    try:
        return json.loads(_read_text(path, RECEIPT_MAX, "the receipt"))
    except ValueError as exc:
        raise BadInput(f"Cannot read the receipt {path}: {exc}.") from None
