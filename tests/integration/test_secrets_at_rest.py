"""Secrets at rest on both backends: the hook_secrets rows hold no secret (PostgreSQL
included, read through SQL as its owner would dump it), and a new SQLite store's files
are private before newsroom ever tightens them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from cli.app import run
from cli.options import resolve
from cli.sealing import sealer_for
from delivery.sealing_key import create, rotate_keys
from events.sql.engine import enable_wal, open_engine, write_transaction
from tests.support.keys import acting_as

SECRET = "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="


@pytest.fixture
def umask_000() -> Iterator[None]:
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def _rows(url: str) -> list[str]:
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT name, secret FROM hook_secrets"))
            return [" ".join(map(str, row)) for row in rows]  # a Row's repr cuts long values
    finally:
        engine.dispose()


def signed_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sealing key made and named, and a webhook wired with a secret from a file."""
    key, secret = tmp_path / "hooks.key", tmp_path / "site.secret"
    secret.write_text(SECRET, encoding="utf-8")
    assert run(["hooks", "secret-key", "--file", str(key)]) == 0
    monkeypatch.setenv("NEWSROOM_SECRET_KEY_FILE", str(key))
    add = ["hooks", "add", "site", "--on", "ArticlePublished", "--url", "https://example.com/x"]
    assert run([*add, "--secret-file", str(secret), *acting_as("umud")]) == 0
    return key


def test_the_stored_secret_is_sealed_on_every_backend(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_hook(tmp_path, monkeypatch)
    [row] = _rows(store_url)
    assert "fernet:" in row
    assert SECRET not in row and SECRET[6:30] not in row


def test_a_plain_secret_is_sealed_and_rotates_on_every_backend(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_hook(tmp_path, monkeypatch)
    engine = open_engine(store_url)
    with write_transaction(engine) as conn:  # as a newsroom from before wrote it
        conn.execute(text("UPDATE hook_secrets SET secret = :s"), {"s": SECRET})
    engine.dispose()
    assert run(["hooks", "reseal", *acting_as("umud")]) == 0
    assert run(["hooks", "secret", "site", "--add", "generate", *acting_as("umud")]) == 0
    [row] = _rows(store_url)
    assert row.count("fernet:") == 2 and SECRET not in row


def test_a_new_sqlite_store_and_its_wal_are_private_under_umask_000(
    tmp_path: Path, umask_000: None
) -> None:
    path = tmp_path / "fresh.db"
    engine = open_engine(f"sqlite:///{path}", must_exist=False)
    try:
        enable_wal(engine)
        with write_transaction(engine) as conn:
            conn.exec_driver_sql("CREATE TABLE t (x)")
        with engine.connect() as reading:  # the -wal and -shm files are there while it is open
            reading.exec_driver_sql("SELECT count(*) FROM t").scalar()
            modes = {
                end: stat.S_IMODE(os.stat(f"{path}{end}").st_mode) for end in ("", "-wal", "-shm")
            }
    finally:
        engine.dispose()
    assert modes == {"": 0o600, "-wal": 0o600, "-shm": 0o600}


def test_a_running_worker_seals_with_the_key_a_rotation_put_first(tmp_path: Path) -> None:
    path = tmp_path / "hooks.key"
    create(path)
    sealer = sealer_for(resolve({}, {"NEWSROOM_SECRET_KEY_FILE": str(path)}))
    before = sealer(False).seal(SECRET)
    rotate_keys(path)
    newest = path.read_text(encoding="ascii").split()[0]
    after = sealer(False).seal(SECRET)
    assert Fernet(newest.encode()).decrypt(after.removeprefix("fernet:").encode())
    assert sealer(False).unseal(before) == SECRET
