"""Keys and signatures against OpenSSH's own `ssh-keygen`: each side checks the other's work."""

from __future__ import annotations

import base64
import os
import pty
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from events import sshsig
from signing.keyfile import create, load
from tests.support.cli import NewsroomCli

MESSAGE = b'{"stream":"article:cop29","version":3,"event_type":"ArticleApproved"}\n'


def keygen(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["ssh-keygen", *args], input=stdin, capture_output=True, check=False)


def test_openssh_verifies_what_newsroom_signs(tmp_path: Path) -> None:
    key = create(tmp_path / "aysel", "aysel@newsroom")
    signature = tmp_path / "act.sig"
    signature.write_text(sshsig.sign(key, MESSAGE))
    allowed = tmp_path / "allowed_signers"
    allowed.write_text("aysel " + (tmp_path / "aysel.pub").read_text())
    check = ["-Y", "verify", "-f", str(allowed), "-I", "aysel", "-n", "newsroom", "-s"]
    done = keygen(*check, str(signature), stdin=MESSAGE)
    assert done.returncode == 0 and b'Good "newsroom" signature for aysel' in done.stdout
    assert keygen(*check, str(signature), stdin=MESSAGE + b"x").returncode != 0
    other = ["-Y", "verify", "-f", str(allowed), "-I", "aysel", "-n", "git", "-s"]
    assert keygen(*other, str(signature), stdin=MESSAGE).returncode != 0


def test_newsroom_verifies_what_openssh_signs(tmp_path: Path) -> None:
    made = keygen("-q", "-t", "ed25519", "-N", "", "-C", "kamran", "-f", str(tmp_path / "kamran"))
    assert made.returncode == 0, made.stderr
    (tmp_path / "act").write_bytes(MESSAGE)
    signed = keygen(
        "-Y", "sign", "-f", str(tmp_path / "kamran"), "-n", "newsroom", str(tmp_path / "act")
    )
    assert signed.returncode == 0, signed.stderr
    armored = (tmp_path / "act.sig").read_text()
    public = sshsig.load_public_line((tmp_path / "kamran.pub").read_text())
    sshsig.verify(armored, MESSAGE, public, "newsroom")
    assert load(tmp_path / "kamran").public_key().public_bytes_raw() == public.public_bytes_raw()
    with pytest.raises(sshsig.BadSignature):
        sshsig.verify(armored, MESSAGE.replace(b"Approved", b"Retracted"), public, "newsroom")


def test_a_person_at_a_terminal_is_asked_for_the_passphrase(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    assert keygen("-q", "-t", "ed25519", "-N", "kitten", "-f", str(locked)).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_KEY")}
    newsroom = Path(sys.executable).parent / "newsroom"
    pid, fd = pty.fork()
    if pid == 0:  # the child: newsroom at a terminal
        os.execve(str(newsroom), [str(newsroom), "keys", "show", "--key", str(locked)], env)
    seen = _read_until(fd, rb"Passphrase for \S+: ")
    os.write(fd, b"kitten\n")
    seen += _read_until(fd, rb"ssh-ed25519 \S+")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    expected = (tmp_path / "locked.pub").read_text().split()[1]
    assert expected.encode() in seen


def _read_until(fd: int, pattern: bytes, seconds: float | None = None) -> bytes:
    """What the terminal shows until `pattern` appears, the program ends, or `seconds`
    pass with nothing more shown."""
    seen = b""
    while re.search(pattern, seen) is None:
        if seconds is not None and not select.select([fd], [], [], seconds)[0]:
            break
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the program has ended
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_an_auditor_checks_one_act_with_plain_openssh(staffed: NewsroomCli) -> None:
    """`signature POSITION` gives what `ssh-keygen -Y verify` needs, and OpenSSH agrees."""
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    staffed.ok("submit snow", actor="aysel")
    staffed.ok("approve snow", actor="kamran")
    act = staffed.ok("signature 10").json()
    assert (act["position"], act["signer"], act["namespace"]) == (10, "kamran", "newsroom")
    folder = staffed.workdir
    (folder / "act.sig").write_text(act["signature"])
    signed = base64.b64decode(act["signed_bytes"])
    allowed = folder / "allowed_signers"
    allowed.write_text(f'kamran namespaces="newsroom" {act["public_key"]}\n')
    check = ["-Y", "verify", "-f", str(allowed), "-I", "kamran", "-n", "newsroom", "-s"]
    done = keygen(*check, str(folder / "act.sig"), stdin=signed)
    assert done.returncode == 0 and b'Good "newsroom" signature for kamran' in done.stdout
    forged = signed.replace(b"kamran", b"leyla")
    assert keygen(*check, str(folder / "act.sig"), stdin=forged).returncode != 0
    assert staffed.line("signature 99").code == 3


def test_a_key_made_by_ssh_keygen_signs_acts_that_verify(staffed: NewsroomCli) -> None:
    key = staffed.workdir / "id_ed25519"
    assert keygen("-q", "-t", "ed25519", "-N", "", "-C", "zaur", "-f", str(key)).returncode == 0
    staffed.ok(f"staff add zaur --role reporter --public-key {key}.pub", actor="umud")
    drafted = staffed.run(
        "draft",
        "--id",
        "rain",
        "--headline",
        "Rain",
        "--category",
        "Society",
        "--as",
        "zaur",
        "--key",
        str(key),
    )
    assert drafted.code == 0, drafted.err
    assert "every event is signed" in staffed.ok("verify").out


def test_a_chief_founding_a_newsroom_at_a_terminal_types_the_passphrase_once(
    tmp_path: Path,
) -> None:
    """`init` signs the founding, the clock policy and the log key: one passphrase for all."""
    locked = tmp_path / "locked"
    assert keygen("-q", "-t", "ed25519", "-N", "kitten", "-f", str(locked)).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
    env |= {"HOME": str(tmp_path), "NEWSROOM_STORE": f"sqlite:///{tmp_path / 'n.db'}"}
    newsroom = Path(sys.executable).parent / "newsroom"
    argv = ["init", "--chief", "umud", "--pinned-clock", "everyone", "--key", str(locked)]
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(str(newsroom), [str(newsroom), *argv], env)
    seen = _read_until(fd, rb"Passphrase for \S+: ")
    os.write(fd, b"kitten\n")
    seen += _read_until(fd, rb"Checkpoints are signed|Passphrase for", seconds=30)
    asked_again = seen.count(b"Passphrase for") > 1
    if asked_again:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert not asked_again, seen
    assert os.waitstatus_to_exitcode(status) == 0, seen
