"""Creating a newsroom, and who works in it: init, staff add, staff role, staff list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.commands import CommandId, app, read_at_most, staff_app, write
from cli.options import Settings, record, settings
from events.errors import BadInput, BadStore, PermissionDenied
from events.inert import inert

if TYPE_CHECKING:
    from cli.bootstrap import Session

PublicKeyOption = Annotated[
    str | None,
    typer.Option(
        "--public-key",
        help="The key they sign with: its public line (ssh-ed25519 AAAA…) or a .pub file.",
    ),
]


KEY_LINE_TYPES = ("ssh-", "ecdsa-", "sk-")  # how OpenSSH public lines begin
PUBLIC_FILE_MAX = 64 * 1024  # a public line is a hundred bytes or so


def public_key_text(given: str | None) -> str | None:
    """The public line itself, or the first line of the `.pub` file it names; refused
    unless it is an Ed25519 key."""
    if given is None:
        return None
    line = given.strip() if given.strip().startswith(KEY_LINE_TYPES) else _read_pub(given)
    from workflow.commands import canonical_public_key

    try:
        canonical_public_key(line)
    except ValueError as exc:
        raise BadInput(f"--public-key {_short(given)} is not usable: {exc}.") from None
    return line


def _read_pub(given: str) -> str:
    path = Path(given).expanduser()
    if not given.strip() or not path.is_file():
        why = "there is no such file" if given.strip() and not path.exists() else "not a file"
        raise BadInput(
            f"--public-key {given!r} is neither a public key line nor a .pub file ({why})."
        )
    content = read_at_most(path, PUBLIC_FILE_MAX + 1, "the public key file")
    if len(content) > PUBLIC_FILE_MAX:
        raise _unreadable(given, f"larger than {PUBLIC_FILE_MAX} bytes")
    try:
        return content.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise _unreadable(given, "not a text file") from None


def _unreadable(given: str, reason: str) -> BadInput:
    return BadInput(
        f"--public-key {given!r} is neither a public key line nor a readable .pub file ({reason})."
    )


def _short(given: str) -> str:
    return repr(given if len(given) <= 40 else given[:37] + "…")


@app.command()
def init(
    chief: Annotated[str | None, typer.Option(help="The first chief (default: you).")] = None,
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="The chief's key: its public line or a .pub file (default: the key in use).",
        ),
    ] = None,
    pinned_clock: Annotated[
        str | None,
        typer.Option(
            "--pinned-clock",
            help="Who may act under NEWSROOM_NOW: chiefs (the default), everyone or nobody.",
        ),
    ] = None,
    log_key: Annotated[
        Path | None,
        typer.Option(
            "--log-key",
            help="The key checkpoints are signed with, made if missing (default: "
            "newsroom.logkey beside a SQLite store, else ~/.config/newsroom/log-key).",
        ),
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(help="The log's name in its checkpoints (default: SITE_HOST/newsroom)."),
    ] = None,
    writer: Annotated[
        str | None,
        typer.Option(help="PostgreSQL: set up this writer login and an owner role too."),
    ] = None,
    owner: Annotated[
        str, typer.Option(help="PostgreSQL, with --writer: the role that owns the log.")
    ] = "newsroom_owner",
) -> None:
    """Create a newsroom store (or upgrade it, or say it is already there)."""
    from cli import render
    from cli.bootstrap import create_store, open_session, removed_unless_done
    from cli.commands.database import checked_roles, set_up_roles
    from events.sql.engine import display_url
    from events.sql.tables import HEAD_REVISION
    from workflow import commands as cmd

    current = settings()
    policy = _policy(pinned_clock)
    roles = checked_roles(current, owner, writer)
    log_origin = origin or _default_origin(current)
    _refuse_bad_founding(current, chief or current.actor, public_key, log_origin)
    # A founding refused halfway (a bad name, a log key that cannot be made) leaves no store.
    with removed_unless_done(current):
        before = create_store(current)
        data: dict[str, Any] = {
            "store": display_url(current.store_url),
            "revision": HEAD_REVISION,
            "created": before is None,
            "upgraded_from": before if before != HEAD_REVISION else None,
        }
        with open_session(current, record()) as session:
            founder, signing_from = _first_chief(session, chief or current.actor, public_key)
            if policy is not None and policy != session.newsroom.staff().clock_policy:
                setting = cmd.build(cmd.SetPinnedClockPolicy, policy=policy)
                session.handle(setting, actor=founder or chief or current.actor)
                data["pinned_clock"] = policy
            acting = founder or chief or current.actor
            where = (log_key or current.log_key_path).expanduser()
            if _register_log_key(session, where, log_origin, acting):
                data["log_key"] = str(where)
            data |= _secured(current, session)
        applied = set_up_roles(current, roles)
    if applied is not None:
        data |= {"owner": applied.owner, "writer": applied.writer}
    data |= {"chief": founder, "signing_key_of": signing_from}
    news = _init_news(current, before, data, HEAD_REVISION, chief or public_key)
    render.say(current.json, data, inert(news))


def _refuse_bad_founding(
    current: Settings, founder: str, public_key: str | None, origin: str
) -> None:
    """A new newsroom's first acts are signed too: without the founder's key, or with a
    name or log origin the founding acts would refuse, refuse before anything is created."""
    from cli.bootstrap import open_session, signing_key
    from events.fingerprint import key_fingerprint
    from events.sshsig import BadSignature, load_public_line, public_line
    from workflow.fields import ORIGIN_PATTERN, STAFF_NAME_PATTERN, refuse_malformed

    try:
        with open_session(current, catch_up_first=False) as session:
            if session.newsroom.roster():
                return
    except BadStore:
        pass  # no store yet, or one to upgrade first
    refuse_malformed("the founding chief's name", founder, STAFF_NAME_PATTERN)
    refuse_malformed("origin", origin, ORIGIN_PATTERN)
    used = public_line(signing_key(current, founder).public_key())
    given = public_key_text(public_key)
    try:
        registered = public_line(load_public_line(given)) if given else used
    except BadSignature:
        return  # the founding command names what is wrong with it
    if registered != used:
        raise PermissionDenied(
            f"The key in use ({key_fingerprint(used)}) is not the one --public-key gives for "
            f"{founder} ({key_fingerprint(registered)}): the founding act is signed with it. "
            "Nothing was written.",
            hint="use-own-key",
        )


def _default_origin(current: Settings) -> str:
    from urllib.parse import urlsplit

    return f"{urlsplit(current.site_url).hostname or 'localhost'}/newsroom"


def _register_log_key(session: Session, path: Path, origin: str, actor: str) -> bool:
    """A newsroom without a log key gets one, registered by its chief. False when there is
    one already, or nobody here to register it."""
    from cli.commands.proofs import register_log_key
    from events.catalog import CHIEF

    staff = session.newsroom.staff()
    if staff.log_keys or staff.roles.get(actor) != CHIEF:
        return False
    register_log_key(session, path, origin, actor)
    return True


def _policy(text: str | None) -> str | None:
    from events.catalog import CLOCK_POLICIES

    if text is not None and text not in CLOCK_POLICIES:
        raise BadInput(f"--pinned-clock {text!r}: choose chiefs, everyone or nobody.")
    return text


def _first_chief(
    session: Session, name: str, public_key: str | None
) -> tuple[str | None, str | None]:
    """A new store's founding chief; on a store from before keys, its chief's first key.
    Returns who was founded and whose key signing began with."""
    from cli.bootstrap import signing_key
    from events.catalog import CHIEF
    from events.sshsig import public_line
    from workflow import commands as cmd

    staff = session.newsroom.staff()
    if staff.roles and (staff.keys or staff.roles.get(name) != CHIEF):
        return None, None
    key = public_key_text(public_key) or public_line(
        signing_key(session.settings, name).public_key()
    )
    if not staff.roles:
        session.handle(
            cmd.build(cmd.AddStaffMember, name=name, role=CHIEF, public_key=key), actor=name
        )
        return name, None
    session.handle(cmd.build(cmd.ChangeStaffKey, name=name, public_key=key), actor=name)
    return None, name


def _secured(current: Settings, session: Session) -> dict[str, Any]:
    """What `init` does to an older store's secrets: plain hook secrets sealed, loose
    file modes made private."""
    from cli.render import warn
    from cli.sealing import seal_plain_secrets, tighten_store

    sealed, problem = seal_plain_secrets(session)
    if problem is not None:
        warn(f"hook secrets stay in plain text in the store: {problem}")
    loosened = tighten_store(current)
    return {
        **({"sealed_secrets": sealed} if sealed else {}),
        **({"made_private": loosened} if loosened else {}),
    }


def _secured_news(settings: Settings, done: dict[str, Any]) -> str:
    news = ""
    if done.get("sealed_secrets"):
        count = done["sealed_secrets"]
        news += f" Sealed the secrets of {count} hook{'s' if count > 1 else ''} with the key "
        news += f"{settings.secret_key_path}."
    if done.get("made_private"):
        news += f" Made private to you (0600, 0700): {', '.join(done['made_private'])}."
    return news


def _init_news(
    settings: Settings, before: str | None, done: dict[str, Any], head: str, named: str | None
) -> str:
    from events.sql.engine import display_url

    founder, signer, policy = done["chief"], done["signing_key_of"], done.get("pinned_clock")
    where = display_url(settings.store_url)
    if before is None:
        news = f"Created a newsroom store at {where} with {founder} as chief."
    elif before != head:
        news = f"Upgraded the store from schema revision {before} to {head}; "
        news += "no event was changed."
    else:
        news = f"The store is up to date (schema revision {head})."
    if founder and before is not None:
        news += f" {founder} is the newsroom's first chief."
    if signer:
        news += f" Signing begins with {signer}'s key; the events before stay unsigned."
    if policy:
        news += f" Who may act under a pinned clock: {policy}."
    if done.get("log_key"):
        news += f" Checkpoints are signed with the log key {done['log_key']}."
    news += _secured_news(settings, done)
    if done.get("writer"):
        news += f" Commands log in as {done['writer']}, which can append to the log but "
        news += f"never change it; {done['owner']} owns it."
    if named and not (founder or signer):
        news += " --chief and --public-key name only a new newsroom's first chief; "
        news += "change a key with `newsroom staff key`."
    return news


@staff_app.command("add")
def staff_add(
    name: str,
    role: Annotated[str, typer.Option(help="reporter, editor or chief.")],
    public_key: PublicKeyOption = None,
    command_id: CommandId = None,
) -> None:
    """Add someone to the staff (chiefs only), with the key they sign with."""
    key = public_key_text(public_key)
    write("AddStaffMember", None, command_id, name=name, role=role, public_key=key)


@staff_app.command("key")
def staff_key(
    name: str,
    public_key: Annotated[
        str,
        typer.Option(
            "--public-key", help="The new key: its public line (ssh-ed25519 AAAA…) or a .pub file."
        ),
    ],
    command_id: CommandId = None,
) -> None:
    """Give someone a new key to sign with (chiefs only); the old one stays in the history."""
    key = public_key_text(public_key)
    write("ChangeStaffKey", None, command_id, name=name, public_key=key)


@staff_app.command("role")
def staff_role(
    name: str,
    role: Annotated[str, typer.Option(help="reporter, editor or chief.")],
    command_id: CommandId = None,
) -> None:
    """Change someone's role (chiefs only)."""
    write("ChangeStaffRole", None, command_id, name=name, role=role)


@staff_app.command("remove")
def staff_remove(name: str, command_id: CommandId = None) -> None:
    """Take someone off the staff (chiefs only): their acts stay, they can act no more."""
    write("RemoveStaffMember", None, command_id, name=name)


@staff_app.command("list")
def staff_list() -> None:
    """Everyone on the staff, with their role; and who was removed, and when."""
    from cli import render, tables
    from cli.bootstrap import open_session

    current = settings()
    from events.fingerprint import key_fingerprint

    with open_session(current, catch_up_first=False) as session:
        staff = session.newsroom.staff()
    rows = [
        {
            "name": name,
            "role": staff.roles[name],
            "public_key": staff.keys.get(name),
            "fingerprint": key_fingerprint(staff.keys[name]) if name in staff.keys else None,
        }
        for name in sorted(staff.roles)
    ]
    removed = [{"name": name, "removed_at": at} for name, at in sorted(staff.removed.items())]
    if current.json:
        render.print_json({"staff": rows, "removed": removed})
    else:
        tables.staff_table(rows + [_removed_row(row, current) for row in removed])


def _removed_row(row: dict[str, Any], current: Settings) -> dict[str, Any]:
    from events.instants import display

    when = display(row["removed_at"], current.tz)
    return row | {"role": f"removed {when}", "fingerprint": None}
