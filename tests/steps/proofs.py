"""Step definitions for the witnessed log: checkpoints read as the C2SP specs read them,
and trees recomputed by RFC 9162's own definitions (tests.support.rfc9162)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.serialization import load_ssh_public_key
from pytest_bdd import given, then

from tests.steps.common import Scene, step
from tests.steps.signing import where
from tests.support.rfc9162 import mth, path, proof


def spec_read(text: str) -> tuple[list[str], list[tuple[str, bytes]], str]:
    """The checkpoint's lines, its signatures and its signed text, as c2sp.org/signed-note
    and c2sp.org/tlog-checkpoint describe them."""
    body, _, signatures = text.rpartition("\n\n")
    lines = body.split("\n")
    signed_by = []
    for line in signatures.split("\n")[:-1]:
        assert line.startswith("\u2014 "), f"not a signature line: {line!r}"
        name, encoded = line[2:].split(" ")
        signed_by.append((name, base64.b64decode(encoded)))
    return lines, signed_by, body + "\n"


def check_signature(text: str, name: str, public_line: str) -> None:
    key = load_ssh_public_key(public_line.encode())
    raw = key.public_bytes_raw()  # type: ignore[union-attr]
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]
    _, signed_by, body = spec_read(text)
    blobs = [blob for signer, blob in signed_by if signer == name and blob[:4] == key_id]
    assert blobs, f"no signature by {name} with that key"
    key.verify(blobs[0][4:], body.encode())  # type: ignore[union-attr,call-arg]


@then(step('the file "{file}" is a checkpoint of the whole log, signed with its log key'))
def _(scene: Scene, file: str) -> None:
    events = scene.cli.events()
    registered = [e for e in events if e.event_type == "LogKeyChanged"][-1]
    origin, public_line = registered.data["origin"], registered.data["public_key"]
    text = where(scene, file).read_text(encoding="utf-8")
    lines, _, _ = spec_read(text)
    root = mth([bytes.fromhex(e.hash) for e in events])
    assert lines == [origin, str(len(events)), base64.b64encode(root).decode()]
    check_signature(text, origin, public_line)


@then(step('the file "{file}" carries a signature by "{name}" with the key of "{keyfile}"'))
def _(scene: Scene, file: str, name: str, keyfile: str) -> None:
    text = where(scene, file).read_text(encoding="utf-8")
    public_line = where(scene, f"{keyfile}.pub").read_text(encoding="utf-8").strip()
    check_signature(text, name, public_line)


@then(step('the log gained LogKeyChanged with the public key of "{keyfile}"'))
def _(scene: Scene, keyfile: str) -> None:
    [event] = [e for e in scene.new_events() if e.event_type == "LogKeyChanged"]
    public_line = where(scene, f"{keyfile}.pub").read_text(encoding="utf-8").split()
    assert event.data["public_key"] == " ".join(public_line[:2])


@then(step('the key file "{keyfile}" is readable by its owner alone'))
def _(scene: Scene, keyfile: str) -> None:
    mode = stat.S_IMODE(where(scene, keyfile).stat().st_mode)
    assert mode == 0o600, oct(mode)


@given(step('the file "{file}" keeps only its last signature'))
def _(scene: Scene, file: str) -> None:
    path = where(scene, file)
    body, _, signatures = path.read_text(encoding="utf-8").rpartition("\n\n")
    path.write_text(body + "\n\n" + signatures.split("\n")[-2] + "\n", encoding="utf-8")


@given(step("the environment does not set {name}"))
def _(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.delenv(name, raising=False)


@then(step('the receipt "{file}" proves the leaf by RFC 9162\'s own PATH and root'))
def _(scene: Scene, file: str) -> None:
    receipt = json.loads(where(scene, file).read_text(encoding="utf-8"))
    leaves = [bytes.fromhex(e.hash) for e in scene.cli.events()][: receipt["tree_size"]]
    index = receipt["leaf_index"]
    assert receipt["leaf_hash"] == leaves[index].hex()
    assert receipt["inclusion_path"] == [p.hex() for p in path(index, leaves)]
    lines, _, _ = spec_read(receipt["checkpoint"])
    assert lines[2] == base64.b64encode(mth(leaves)).decode()


@then(step('the receipt "{file}" proves consistency by RFC 9162\'s own PROOF'))
def _(scene: Scene, file: str) -> None:
    receipt = json.loads(where(scene, file).read_text(encoding="utf-8"))
    leaves = [bytes.fromhex(e.hash) for e in scene.cli.events()][: receipt["tree_size"]]
    expected = proof(receipt["old_size"], leaves)
    assert receipt["consistency_path"] == [p.hex() for p in expected]
    assert receipt["old_root"] == mth(leaves[: receipt["old_size"]]).hex()


@given(step('{person:Name} has kept the output of `{command}` as "{file}"'))
def _(scene: Scene, person: str, command: str, file: str) -> None:
    where(scene, file).write_text(scene.cli.ok(command, actor=person).out, encoding="utf-8")


@given(step('in the receipt "{file}", "{old}" has become "{new}"'))
def _(scene: Scene, file: str, old: str, new: str) -> None:
    target = where(scene, file)
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")


@then(step('there is no file "{file}"'))
def _(scene: Scene, file: str) -> None:
    assert not where(scene, file).exists()


@then(step('verify proves that the log extends "{file}"'))
def _(scene: Scene, file: str) -> None:
    proven = scene.cli.ok(f"verify --against {file}")
    assert "The log extends the checkpoint" in proven.out


def run_checker(scene: Scene, receipt: str, checkpoint: str) -> subprocess.CompletedProcess[str]:
    """The site's script run as a reader would: Python alone, nothing of the newsroom's."""
    script = where(scene, "site/verify-receipt.py")
    key = os.environ["NEWSROOM_LOG_KEY"] + ".pub"
    return subprocess.run(
        [sys.executable, "-I", "-S", str(script), receipt, checkpoint, "--key", key],
        cwd=scene.cli.workdir,
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", "")},
        check=False,
    )


@then(
    step("the site's verify-receipt.py checks '{receipt}' against '{checkpoint}' with the log key")
)
def _(scene: Scene, receipt: str, checkpoint: str) -> None:
    done = run_checker(scene, receipt, checkpoint)
    assert done.returncode == 0 and done.stdout.startswith("OK: "), done.stderr
    assert "its signature checked" in done.stdout


@then(
    step("the site's verify-receipt.py refuses '{receipt}' against '{checkpoint}', saying '{why}'")
)
def _(scene: Scene, receipt: str, checkpoint: str, why: str) -> None:
    done = run_checker(scene, receipt, checkpoint)
    assert done.returncode == 1 and why in done.stderr, (done.stdout, done.stderr)
