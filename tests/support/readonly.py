"""A folder as on a read-only disk or a mounted snapshot, for the test run's user, root too."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def make_read_only(folder: Path, request: pytest.FixtureRequest) -> None:
    """Nothing in `folder` (nor the folder) can be written until the test ends.

    Root writes through permissions, so for root each path gets the immutable attribute
    (`chattr +i`), which root cannot write through either; anyone else loses the write
    permissions. Skips the test where neither is possible.
    """
    paths = [*folder.iterdir(), folder]
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(path.stat().st_mode & ~0o222)
        request.addfinalizer(lambda: [p.chmod(p.stat().st_mode | 0o200) for p in paths])
        return
    if shutil.which("chattr") is None:
        pytest.skip("no chattr: no way to make a folder read-only for root")
    done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, check=False)
    request.addfinalizer(
        lambda: subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True, check=False)
    )
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {done.stderr.decode().strip()}")
