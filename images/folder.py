"""The content-addressed media folder: approved photos can never change under the article.

`MEDIA/ab/abcdef….jpg` holds the bytes whose SHA-256 names it, read-only, as added;
`MEDIA/public/ab/abcdef….jpg` the copy of it that may be published (`images.public`),
made when a hook first needs it. The originals are their owner's alone (folders 0700,
files 0400, whatever the umask): a photo may be of an article still under embargo.
Public copies are made for published articles only, to be served to hooks' receivers:
`public/` is readable by everyone (0755, 0444), and the media folder newsroom makes is
0711, so a web server can reach `public/` without listing or reading anything beside it.

Writing is race-free: the bytes go to a temporary file in the final file's own folder,
which is then linked to its name, never over it. Two commands adding the same picture
at once both find the one file; a command that fails removes only its own temporary
file, never a file someone else may already have recorded. Reading trusts nothing:
the file must be a regular file reached without following a symbolic link (only the
media folder itself may be one), and its bytes must still have the hash the log
records.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from events.errors import BadInput, IntegrityFailure, NotFound
from events.photo import Photo
from events.private import PRIVATE_FOLDER, make_private_folder
from images.public import CannotClean, public_rendition

PUBLIC = "public"  # the folder of public copies, inside the media folder
ROOT_MODE = 0o711
ORIGINAL_FILE, PUBLIC_FILE, PUBLIC_FOLDER = 0o400, 0o444, 0o755
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
DIRECTORY = getattr(os, "O_DIRECTORY", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted under a photo's name never blocks us


@dataclass(frozen=True, slots=True)
class MediaProblem:
    """A media file that is not what the log says: missing, changed, a link, not a file."""

    path: str  # inside the media folder, as `ab/abcdef….jpg`
    problem: str
    photo: Photo

    def sentence(self, root: Path) -> str:
        return f"{root / self.path} {self.problem}"


@dataclass(frozen=True, slots=True)
class PublicFile:
    """A public copy: its path inside the media folder, and its size in bytes."""

    path: str
    size: int


class _Unfit(Exception):
    """Why a media file cannot be used; `problem` completes "MEDIA/ab/… {problem}"."""

    def __init__(self, problem: str, missing: bool = False):
        super().__init__(problem)
        self.problem, self.missing = problem, missing


class MediaFolder:
    def __init__(self, root: Path):
        self.root = root

    def path_of(self, photo: Photo) -> Path:
        return self.root / photo.stored_name

    # --- photo add ------------------------------------------------------------------

    def stage(self, photo: Photo, content: bytes) -> Staged:
        """The bytes in a temporary, read-only file beside the photo's final name."""
        folder = PurePosixPath(photo.stored_name).parent.parts
        name = f".{photo.sha256[:12]}.{secrets.token_hex(6)}.tmp"
        try:
            _make_root(self.root)
            with _folder(self.root, folder, create=True) as fd:
                _write_new(fd, name, content)
        except _Unfit as unfit:
            raise IntegrityFailure(f"{self.path_of(photo)} {unfit.problem}.") from None
        except OSError as exc:
            raise _cannot_write(self.root, exc) from None
        return Staged(self, photo, name)

    # --- site build and hooks --------------------------------------------------------

    def read(self, photo: Photo) -> bytes:
        """The photo's bytes, checked; `NotFound` if absent, `IntegrityFailure` if not
        what the log says (changed, a symbolic link, not a regular file)."""
        try:
            return _checked(self.root, photo)
        except _Unfit as unfit:
            path = self.root / photo.stored_name
            if unfit.missing:
                raise NotFound(
                    f"Photo {photo.photo_id} ({photo.file}) is missing from the media folder "
                    f"{self.root}.",
                    hint="media-folder",
                ) from None
            raise IntegrityFailure(
                f"{path} {unfit.problem}; run `newsroom verify --media`."
            ) from None

    def public_bytes(self, photo: Photo) -> bytes:
        """The copy of the photo that may be published, made from the checked original."""
        try:
            return public_rendition(self.read(photo), photo.media_type)
        except CannotClean as reason:
            raise IntegrityFailure(
                f"{self.path_of(photo)} cannot be published cleaned of its metadata: {reason}."
            ) from None

    def public_copy(self, photo: Photo) -> PublicFile:
        """The public copy in the media folder (`public/ab/…`), written there first if it is
        not there yet or not what the original gives."""
        content = self.public_bytes(photo)
        relative = f"{PUBLIC}/{photo.stored_name}"
        parts = PurePosixPath(relative).parts
        try:
            with _folder(self.root, parts[:-1], create=True, mode=PUBLIC_FOLDER) as fd:
                if not _holds(fd, parts[-1], content):
                    # Derived bytes: a stale or planted file is replaced, never written through.
                    name = f".{parts[-1]}.{secrets.token_hex(6)}.tmp"
                    _write_new(fd, name, content, PUBLIC_FILE)
                    os.replace(name, parts[-1], src_dir_fd=fd, dst_dir_fd=fd)
        except _Unfit as unfit:
            raise IntegrityFailure(f"{self.root / relative} {unfit.problem}.") from None
        except OSError as exc:
            raise _cannot_write(self.root, exc) from None
        return PublicFile(relative, len(content))

    # --- redact --photos ---------------------------------------------------------------

    def erase(self, photo: Photo) -> list[Path]:
        """Remove the photo's file and its public copy, by court order; the files removed.
        A link in their place is removed as a link, never followed."""
        gone = []
        for path in (self.path_of(photo), self.root / PUBLIC / photo.stored_name):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise _cannot_write(self.root, exc) from None
            gone.append(path)
        return gone

    # --- verify --media --------------------------------------------------------------

    def problems(self, photos: list[Photo]) -> Iterator[MediaProblem]:
        """Each photo's file that is not what the log says, and each public copy that is
        there but is not the copy its original gives."""
        for photo in photos:
            try:
                original = _checked(self.root, photo)
            except _Unfit as unfit:
                yield MediaProblem(photo.stored_name, unfit.problem, photo)
                continue
            public = f"{PUBLIC}/{photo.stored_name}"
            try:
                copy = _read_inside(self.root, PurePosixPath(public).parts)
            except _Unfit as unfit:
                if not unfit.missing:
                    yield MediaProblem(public, unfit.problem, photo)
                continue
            try:
                expected = public_rendition(original, photo.media_type)
            except CannotClean:
                expected = b""
            if copy != expected:
                yield MediaProblem(public, "is not the public copy of its original", photo)


@dataclass(frozen=True, slots=True)
class Staged:
    """A photo's bytes in a temporary file of the media folder, not yet under its name."""

    folder: MediaFolder
    photo: Photo
    name: str

    def file(self) -> None:
        """Give the bytes the photo's name, unless a file already has it (checked to hold
        the same bytes). Called under the store's write lock, just before the event
        commits: nobody else records or removes the name meanwhile."""
        root, parts = self.folder.root, PurePosixPath(self.photo.stored_name).parts
        try:
            with _folder(root, parts[:-1], create=False) as fd:
                try:
                    os.link(self.name, parts[-1], src_dir_fd=fd, dst_dir_fd=fd)
                    return
                except FileExistsError:
                    pass
                except OSError as exc:
                    if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                        raise
                    if _current(fd, parts[-1]) is None:  # a file system without hard links
                        os.replace(self.name, parts[-1], src_dir_fd=fd, dst_dir_fd=fd)
                        return
        except _Unfit as unfit:
            raise IntegrityFailure(f"{self.folder.path_of(self.photo)} {unfit.problem}.") from None
        except OSError as exc:
            raise _cannot_write(root, exc) from None
        self.folder.read(self.photo)  # someone else's file: it must be the same picture

    def discard(self) -> None:
        """Remove the temporary file (only it: the final name may be someone else's)."""
        root, parts = self.folder.root, PurePosixPath(self.photo.stored_name).parts
        with contextlib.suppress(OSError, _Unfit), _folder(root, parts[:-1], create=False) as fd:
            os.unlink(self.name, dir_fd=fd)


# --- files reached without following links ---------------------------------------------


@contextlib.contextmanager
def _folder(
    root: Path, parts: tuple[str, ...], *, create: bool, mode: int = PRIVATE_FOLDER
) -> Iterator[int]:
    """A descriptor of `root/parts…`, each part opened without following a link; a part
    made here gets `mode` exactly, whatever the umask."""
    try:
        fd = os.open(root, os.O_RDONLY | DIRECTORY)
    except FileNotFoundError:
        raise _Unfit("is missing", missing=True) from None
    try:
        for part in parts:
            made = False
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, mode, dir_fd=fd)
                    made = True
            try:
                inner = os.open(part, os.O_RDONLY | DIRECTORY | NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                raise _Unfit("is missing", missing=True) from None
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _Unfit(
                        f"is reached through {part}, a symbolic link or not a folder: newsroom "
                        "never follows links in the media folder"
                    ) from None
                raise
            if made:
                os.fchmod(inner, mode)
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def _read_inside(root: Path, parts: tuple[str, ...]) -> bytes:
    try:
        with _folder(root, parts[:-1], create=False) as fd:
            return _read_file(fd, parts[-1])
    except OSError as exc:
        raise _Unfit(f"cannot be read ({exc.strerror})") from None


def _read_file(fd: int, name: str) -> bytes:
    try:
        file = os.open(name, os.O_RDONLY | NOFOLLOW | NONBLOCK, dir_fd=fd)
    except FileNotFoundError:
        raise _Unfit("is missing", missing=True) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Unfit("is a symbolic link, which newsroom never follows") from None
        raise
    with os.fdopen(file, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _Unfit("is not a regular file")
        return handle.read()


def _checked(root: Path, photo: Photo) -> bytes:
    content = _read_inside(root, PurePosixPath(photo.stored_name).parts)
    if hashlib.sha256(content).hexdigest() != photo.sha256:
        raise _Unfit("has changed since it was added: its SHA-256 is not the one the log records")
    return content


def _current(fd: int, name: str) -> bytes | None:
    """What a derived file holds now, None if absent; a link or other non-file is refused."""
    try:
        return _read_file(fd, name)
    except _Unfit as unfit:
        if unfit.missing:
            return None
        raise


def _holds(fd: int, name: str, content: bytes) -> bool:
    """Whether the derived file `name` holds exactly `content` (a link never does)."""
    try:
        return _current(fd, name) == content
    except _Unfit:
        return False


def _write_new(fd: int, name: str, content: bytes, mode: int = ORIGINAL_FILE) -> None:
    """A new read-only file `name` in the folder `fd` (never an existing one, never a
    link), of `mode` exactly: an original is its owner's alone."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW
    file = os.open(name, flags, mode, dir_fd=fd)
    try:
        os.fchmod(file, mode)
        with os.fdopen(file, "wb") as handle:
            handle.write(content)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=fd)
        raise


def _make_root(root: Path) -> None:
    """The media folder and its missing parents, made 0711; one that is there already, a
    shared mount say, keeps the mode its owner gave it."""
    make_private_folder(root, ROOT_MODE)


def _cannot_write(root: Path, exc: OSError) -> BadInput:
    return BadInput(f"Cannot write to the media folder {root}: {exc.strerror or exc}.")
