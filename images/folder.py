"""The content-addressed media folder: approved photos can never change under the article.

Reading and checking an image is separate from storing it, so a refused command
can remove a file it had just stored and leave the folder as it found it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from events.errors import BadInput
from events.photo import Photo


class MediaFolder:
    def __init__(self, root: Path):
        self.root = root

    def path_of(self, photo: Photo) -> Path:
        return self.root / photo.stored_name

    def store(self, photo: Photo, content: bytes) -> bool:
        """Copy the bytes into the folder, read-only; True if this call created the file."""
        target = self.path_of(photo)
        if target.exists():
            return False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp.write(content)
            os.chmod(tmp.name, 0o444)
            os.replace(tmp.name, target)
        except OSError as exc:
            raise BadInput(
                f"Cannot write to the media folder {self.root}: {exc.strerror}."
            ) from None
        return True

    def discard(self, photo: Photo) -> None:
        self.path_of(photo).unlink(missing_ok=True)
