"""Step definitions for secrets at rest: hook secrets sealed in the store, and the store's
files, media, exports and keys private to their owner whatever the umask.

The store's bytes are read as an attacker who copied its files would read them: the
SQLite file and its -wal and -shm files, raw, never through newsroom.
"""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_bdd import given, then
from sqlalchemy import text

from events.sql.engine import open_engine, write_transaction
from tests.steps.common import Scene, step
from tests.steps.hooks import WebReceiver, verifies

STORE_FILES = ("newsroom.db", "newsroom.db-wal", "newsroom.db-shm")


def _path(scene: Scene, name: str) -> Path:
    """A path as a scenario names it: under the scenario's folder, or `~/…` under HOME."""
    if name.startswith("~/"):
        return Path(os.environ["HOME"]) / name[2:]
    return scene.cli.workdir / name


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _secret_forms(secret: str) -> list[bytes]:
    """The secret as written, and its key bytes: neither may be in the store."""
    body = secret.removeprefix("whsec_")
    return [secret.encode(), body.rstrip("=").encode(), base64.b64decode(body)]


def _stored_secret(scene: Scene, name: str) -> str:
    engine = open_engine(scene.cli.store_url)
    try:
        with engine.connect() as conn:
            query = text("SELECT secret FROM hook_secrets WHERE name = :name")
            return str(conn.execute(query, {"name": name}).scalar_one())
    finally:
        engine.dispose()


# --- Given ---------------------------------------------------------------------------------


@pytest.fixture
def _umask() -> Iterator[list[int]]:
    """The umask a scenario sets, put back after it."""
    previous: list[int] = []
    yield previous
    if previous:
        os.umask(previous[0])


@given(step("the umask is {mask}"))
def _(_umask: list[int], mask: str) -> None:
    old = os.umask(int(mask, 8))
    if not _umask:
        _umask.append(old)


@given(step('NEWSROOM_SECRET_KEY_FILE names "{name}"'))
def _(scene: Scene, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("NEWSROOM_SECRET_KEY_FILE", str(_path(scene, name)))


@given(step('the store holds the secret of hook {name:Name} in plain text, from "{file}"'))
def _(scene: Scene, name: str, file: str) -> None:
    """As a newsroom from before sealing wrote it."""
    secret = (scene.cli.workdir / file).read_text(encoding="utf-8").strip()
    engine = open_engine(scene.cli.store_url)
    with write_transaction(engine) as conn:
        statement = text("UPDATE hook_secrets SET secret = :secret WHERE name = :name")
        conn.execute(statement, {"secret": secret, "name": name})
    engine.dispose()


@given(step('"{name}" is made readable by everyone'))
def _(scene: Scene, name: str) -> None:
    _open_to_everyone(_path(scene, name))


@given(step('"{name}" and everything in "{folder}" are made readable by everyone'))
def _(scene: Scene, name: str, folder: str) -> None:
    """As a newsroom from before made them, under the usual umask 022."""
    root = _path(scene, folder)
    for path in [_path(scene, name), root, *root.rglob("*")]:
        _open_to_everyone(path)


def _open_to_everyone(path: Path) -> None:
    os.chmod(path, 0o755 if path.is_dir() else 0o644)


# --- Then ----------------------------------------------------------------------------------


@then(step('no file of the store holds the secret in "{file}"'))
def _(scene: Scene, file: str) -> None:
    secret = (scene.cli.workdir / file).read_text(encoding="utf-8").strip()
    files = [scene.cli.workdir / name for name in STORE_FILES]
    contents = [path.read_bytes() for path in files if path.exists()]
    assert contents, "the store has no files"
    for form in _secret_forms(secret):
        assert not any(form in content for content in contents), f"{form!r} is in the store"


@then(step("the store holds the secret of hook {name:Name} sealed"))
def _(scene: Scene, name: str) -> None:
    stored = _stored_secret(scene, name)
    assert all(part.startswith("fernet:") for part in stored.split(" ")), stored


@then(step('"{name}" is private to its owner'))
def _(scene: Scene, name: str) -> None:
    path = _path(scene, name)
    wanted = 0o700 if path.is_dir() else 0o600
    assert _mode(path) == wanted, f"{path} is {_mode(path):04o}, not {wanted:04o}"


@then(step('"{name}" and everything in it are private to their owner'))
def _(scene: Scene, name: str) -> None:
    root = _path(scene, name)
    found = [root, *root.rglob("*")]
    assert len(found) > 1, f"{root} is empty"
    loose = [f"{p} {_mode(p):04o}" for p in found if _mode(p) & 0o077]
    assert not loose, f"readable by others: {loose}"


@then(step('"{name}" and everything in it can be read by everyone, changed by its owner only'))
def _(scene: Scene, name: str) -> None:
    root = _path(scene, name)
    found = [root, *root.rglob("*")]
    assert len(found) > 1, f"{root} is empty"
    wrong = [
        f"{p} {_mode(p):04o}"
        for p in found
        if (_mode(p) != 0o755 if p.is_dir() else _mode(p) & 0o466 not in (0o444, 0o644))
    ]
    assert not wrong, f"not 0755 folders and 0644 or 0444 files: {wrong}"


@then(step('nothing in "{name}" but its public copies can be read by others'))
def _(scene: Scene, name: str) -> None:
    """Others reach a path only through folders they may pass (x), and read it if they
    may (r): the test a login other than the owner would make."""
    root = _path(scene, name)
    assert [p for p in root.rglob("*") if p.is_file()], f"{root} holds no file"
    readable = []
    for path in root.rglob("*"):
        if "public" in path.relative_to(root).parts:
            continue
        if _others_pass(root, path.parent) and _mode(path) & 0o044:
            readable.append(f"{path} {_mode(path):04o}")
    assert not readable, f"others can read: {readable}"


def _others_pass(root: Path, folder: Path) -> bool:
    """Whether others may pass through every folder from `root` down to `folder`."""
    while _mode(folder) & 0o011:
        if folder == root:
            return True
        folder = folder.parent
    return False


@then(step('"{name}" has mode {mode}'))
def _(scene: Scene, name: str, mode: str) -> None:
    path = _path(scene, name)
    assert _mode(path) == int(mode, 8), f"{path} is {_mode(path):04o}, not {mode}"


@then("while the store is open, its -wal and -shm files are private to their owner")
def _(scene: Scene) -> None:
    engine = open_engine(scene.cli.store_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM events")).scalar()
            for suffix in ("-wal", "-shm"):
                path = scene.cli.workdir / f"newsroom.db{suffix}"
                assert _mode(path) == 0o600, f"{path} is {_mode(path):04o}"
    finally:
        engine.dispose()


@then(step('the old key of "{file}" no longer opens the secret of hook {name:Name}'))
def _(scene: Scene, file: str, name: str) -> None:
    from cryptography.fernet import Fernet, InvalidToken

    newest, old = _path(scene, file).read_text(encoding="ascii").split()
    stored = _stored_secret(scene, name).removeprefix("fernet:").encode()
    assert Fernet(newest.encode()).decrypt(stored)
    with pytest.raises(InvalidToken):
        Fernet(old.encode()).decrypt(stored)


@then(step('the next `hooks run` delivers article {article_id:Id} signed with "{secret}"'))
def _(scene: Scene, web_receiver: WebReceiver, article_id: str, secret: str) -> None:
    assert "1 delivered" in scene.cli.ok("hooks run", actor="umud").out
    headers, body = web_receiver.delivery_of(article_id)
    assert verifies(secret, headers, body)
