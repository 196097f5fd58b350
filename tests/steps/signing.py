"""Steps for features/signing.feature: keys and signatures checked against OpenSSH's own
`ssh-keygen`, and the store's clock as the events record it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pytest_bdd import given, then

from cli.app import run
from events.envelope import authored_of
from events.sshsig import NAMESPACE
from tests.steps.common import Scene, instant, step
from tests.support.cli import Result
from tests.support.keys import acting_as, key_file, public_of


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


# --- acting with keys ------------------------------------------------------------------


@given(step("{person:Name} runs commands without --key"))
def _(scene: Scene, monkeypatch: pytest.MonkeyPatch, person: str) -> None:
    """The harness hands NAME no key of theirs: NEWSROOM_KEY or the default path decides."""

    def acting(name: str) -> list[str]:
        return ["--as", name] if name == person else acting_as(name)

    monkeypatch.setattr("tests.support.cli.acting_as", acting)


@given(step('{person:Name} holds a copy of {owner:Name}\'s key as "{file}"'))
def _(scene: Scene, person: str, owner: str, file: str) -> None:
    original = key_file(owner)
    copy = where(scene, file)
    shutil.copyfile(original, copy)
    copy.chmod(0o600)
    shutil.copyfile(f"{original}.pub", f"{copy}.pub")


@given(step("{chief:Name} has added {name:Name} to the staff as {role:Name}, with no key"))
def _(scene: Scene, capsys: pytest.CaptureFixture[str], chief: str, name: str, role: str) -> None:
    # The harness gives everyone it adds their key; this member is added as a chief would
    # add someone who has none yet: without --public-key.
    capsys.readouterr()
    code = run(["staff", "add", name, "--role", role, *acting_as(chief)])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()


def _verified_by_openssh(scene: Scene, event_type: str, public_line: str) -> None:
    """ssh-keygen -Y verify: the event's signature is the actor's, by this public key."""
    event = scene.new_event(event_type)
    assert event.signature is not None, f"{event_type} is not signed"
    folder = scene.cli.workdir / "openssh-check"
    folder.mkdir(exist_ok=True)
    allowed = folder / "allowed_signers"
    key = " ".join(public_line.split()[:2])
    allowed.write_text(f'{event.actor} namespaces="{NAMESPACE}" {key}\n', encoding="utf-8")
    signature = folder / "event.sig"
    signature.write_text(event.signature, encoding="utf-8")
    check = ["-Y", "verify", "-f", str(allowed), "-I", event.actor, "-n", NAMESPACE]
    done = subprocess.run(
        ["ssh-keygen", *check, "-s", str(signature)],
        input=authored_of(event),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode() or done.stdout.decode()


@then(
    step("the {event_type:Event} event is signed by {person:Name}'s key, as ssh-keygen verifies it")
)
def _(scene: Scene, event_type: str, person: str) -> None:
    _verified_by_openssh(scene, event_type, public_of(person))


@then(step('the {event_type:Event} event is signed by the key "{file}", as ssh-keygen verifies it'))
def _(scene: Scene, event_type: str, file: str) -> None:
    _verified_by_openssh(scene, event_type, openssh_public(where(scene, file)))


@then(step("the {event_type:Event} event records {person:Name}'s public key"))
def _(scene: Scene, event_type: str, person: str) -> None:
    assert scene.new_event(event_type).data["public_key"] == public_of(person)


def _fingerprint(path: Path) -> str:
    shown = keygen("-l", "-f", str(path))
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.split()[1]


def _named_key(scene: Scene, key: str) -> Path:
    """`"FILE.pub"` in the scenario's folder, or `NAME's key` (also `NAME's old key`): the
    key the test gives NAME."""
    if key.startswith('"'):
        return where(scene, key.strip('"'))
    found = re.fullmatch(r"([a-z][a-z0-9_.-]*)'s (?:old )?key", key)
    assert found, f"no key called {key}"
    return Path(f"{key_file(found.group(1))}.pub")


@then(step("the error gives the fingerprint of {key} as the key in use"))
def _(scene: Scene, result: Result, key: str) -> None:
    fingerprint = _fingerprint(_named_key(scene, key))
    assert f"The key in use ({fingerprint})" in result.err, result.err


@then(step("the error gives the fingerprint of {key} as {person:Name}'s registered key"))
def _(scene: Scene, result: Result, key: str, person: str) -> None:
    fingerprint = _fingerprint(_named_key(scene, key))
    assert f"is not {person}'s registered key ({fingerprint})" in result.err, result.err


@then("the log proves every act was signed by its actor and lawful")
def _(scene: Scene) -> None:
    proved = scene.cli.ok("verify")
    assert "every event is signed by its actor's key at the time" in proved.out, proved.out


# --- the store's clock -------------------------------------------------------------------


@then(
    step('the {event_type:Event} event occurred at "{occurred}" and was recorded at "{recorded}"')
)
def _(scene: Scene, event_type: str, occurred: str, recorded: str) -> None:
    event = scene.new_event(event_type)
    assert event.recorded_at is not None, f"{event_type} has no recorded_at"
    assert instant(event.occurred_at) == instant(occurred), event.occurred_at
    assert instant(event.recorded_at) == instant(recorded), event.recorded_at


@then(step("the {event_type:Event} event says the clock was pinned"))
def _(scene: Scene, event_type: str) -> None:
    metadata = scene.new_event(event_type).metadata
    assert metadata.get("clock") == "pinned", metadata


@then(step("the {event_type:Event} event does not say the clock was pinned"))
def _(scene: Scene, event_type: str) -> None:
    metadata = scene.new_event(event_type).metadata
    assert "clock" not in metadata, metadata
