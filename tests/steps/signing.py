"""Steps for features/signing.feature: keys checked against OpenSSH's own `ssh-keygen`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from pytest_bdd import given, then

from tests.steps.common import Scene, step
from tests.support.cli import Result


def where(scene: Scene, path: str) -> Path:
    """A path as the scenario names it: `~` is the scenario's home, others its folder."""
    if path.startswith("~/"):
        return Path(os.environ["HOME"]) / path[2:]
    return scene.cli.workdir / path


def keygen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ssh-keygen", *args], capture_output=True, text=True, check=False)


def openssh_public(path: Path, passphrase: str = "") -> str:
    """The public key as OpenSSH derives it from the private key file: `type base64`."""
    done = keygen("-y", "-P", passphrase, "-f", str(path))
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split()[:2])


@given(step('the environment sets {name} to "{value}"'))
def _(scene: Scene, monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    # `scene` first: the newsroom's own fixture clears these variables when it starts.
    monkeypatch.setenv(name, value)


@given(step('an Ed25519 key "{name}" made by ssh-keygen with the passphrase "{passphrase}"'))
def _(scene: Scene, name: str, passphrase: str) -> None:
    made = keygen("-q", "-t", "ed25519", "-N", passphrase, "-C", "", "-f", str(where(scene, name)))
    assert made.returncode == 0, made.stderr


@given(step('an RSA key "{name}" made by ssh-keygen'))
def _(scene: Scene, name: str) -> None:
    made = keygen("-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", str(where(scene, name)))
    assert made.returncode == 0, made.stderr


@then(step('the file "{path}" is readable by its owner alone'))
def _(scene: Scene, path: str) -> None:
    mode = where(scene, path).stat().st_mode & 0o777
    assert mode == 0o600, oct(mode)


@then(step('the output is the public line OpenSSH reads from "{path}"'))
def _(scene: Scene, result: Result, path: str) -> None:
    assert " ".join(result.out.split()[:2]) == openssh_public(where(scene, path))


@then(step('the output is the public line OpenSSH reads from "{path}" with the passphrase "{pw}"'))
def _(scene: Scene, result: Result, path: str, pw: str) -> None:
    assert " ".join(result.out.split()[:2]) == openssh_public(where(scene, path), pw)


@then(step('the file "{path}" holds the output'))
def _(scene: Scene, result: Result, path: str) -> None:
    assert where(scene, path).read_text(encoding="utf-8") == result.out


@then(step('OpenSSH reads "{path}" only with the passphrase "{passphrase}"'))
def _(scene: Scene, result: Result, path: str, passphrase: str) -> None:
    assert keygen("-y", "-P", "", "-f", str(where(scene, path))).returncode != 0
    shown = json.loads(result.out)["public_key"]
    assert " ".join(shown.split()[:2]) == openssh_public(where(scene, path), passphrase)


@given(step('{person:Name} has a key "{file}"'))
def _(scene: Scene, person: str, file: str) -> None:
    scene.given(f"keys create --file {file}", person)
    scene.noted["public_line"] = where(scene, f"{file}.pub").read_text(encoding="utf-8").strip()


@then(step('the {event_type:Event} event records the public key of "{file}"'))
def _(scene: Scene, event_type: str, file: str) -> None:
    [event] = [e for e in scene.log()[len(scene.before) :] if e.event_type == event_type]
    expected = where(scene, f"{file}.pub").read_text(encoding="utf-8").split()[:2]
    assert event.data["public_key"] == " ".join(expected)


@then(step('the staff list shows {person:Name}\'s key as ssh-keygen fingerprints "{file}"'))
def _(scene: Scene, person: str, file: str) -> None:
    listed = json.loads(scene.cli.ok("--json staff list").out)["staff"]
    [row] = [row for row in listed if row["name"] == person]
    shown = keygen("-l", "-f", str(where(scene, file)))
    assert shown.returncode == 0, shown.stderr
    assert row["fingerprint"] == shown.stdout.split()[1]
