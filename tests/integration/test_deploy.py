"""The worker's systemd unit in `deploy/`, as an operator installs it, checked by systemd."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "newsroom-worker.service"
INSTALLED_AT = "/opt/newsroom/.venv/bin/newsroom"


def analyze(unit: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("systemd-analyze") is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze is missing; .ci/run installs systemd")
        pytest.skip("systemd-analyze is not installed")
    return subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )


def installed(tmp_path: Path, text: str) -> Path:
    """The unit as installed here: its program is this checkout's `newsroom`."""
    newsroom = Path(sys.executable).with_name("newsroom")
    unit = tmp_path / UNIT.name
    unit.write_text(text.replace(INSTALLED_AT, str(newsroom)), encoding="utf-8")
    return unit


def setting(text: str, name: str) -> str:
    found = re.search(rf"^{name}=(\S+)$", text, re.M)
    assert found is not None, f"the unit sets no {name}"
    return found[1]


def test_systemd_takes_the_worker_unit_without_a_word(tmp_path: Path) -> None:
    done = analyze(installed(tmp_path, UNIT.read_text(encoding="utf-8")))
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


def test_systemd_names_a_mistake_in_the_unit(tmp_path: Path) -> None:
    """The check above can fail: a misspelt setting is reported."""
    broken = UNIT.read_text(encoding="utf-8").replace("KillSignal=", "KilSignal=")
    done = analyze(installed(tmp_path, broken))
    assert "KilSignal" in done.stderr


def test_the_unit_sets_only_settings_newsroom_reads() -> None:
    named = set(re.findall(r"^Environment=(NEWSROOM_[A-Z_]+)=", UNIT.read_text(), re.M))
    read = "".join(path.read_text() for path in (ROOT / "cli").rglob("*.py"))
    assert named and {name for name in named if f'"{name}"' not in read} == set()


def test_the_unit_stops_the_worker_with_sigterm_after_the_hook_deadline() -> None:
    text = UNIT.read_text(encoding="utf-8")
    deadline = float(setting(text, "Environment=NEWSROOM_HOOK_TIMEOUT"))
    stop = float(setting(text, "TimeoutStopSec"))
    assert "KillSignal=SIGTERM" in text and "Restart=always" in text and stop > deadline
