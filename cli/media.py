"""`verify --media`: every file the log names in the media folder, hashed again."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from events.catalog import article_of
from events.erasures import CONFIRMED
from events.errors import IntegrityFailure
from events.store import LogQuery

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from events.photo import Photo
    from images.folder import MediaProblem


@dataclass
class Named:
    photo: Photo
    articles: list[str] = field(default_factory=list)


def check_media(session: Session, up_to: int) -> tuple[int, list[dict[str, Any]]]:
    """How many media files the log (up to a position) names, and each one's problem."""
    from events.photo import PHOTO_FIELDS, Photo
    from images.folder import MediaFolder

    named: dict[str, Named] = {}
    query = LogQuery(to_position=up_to, event_types=("PhotoAdded",))
    for record in session.store.read_log(query):
        event = record.event()  # checked against its model, as every replayed event is
        photo = Photo(**{name: getattr(event, name) for name in PHOTO_FIELDS})
        entry = named.setdefault(photo.stored_name, Named(photo))
        entry.articles.append(article_of(record.stream_id) or record.stream_id)
    erased = articles_without_photos(session, up_to)
    named = {k: v for k, v in named.items() if not set(v.articles) <= erased}
    folder = MediaFolder(session.settings.media_dir)
    problems = [
        _described(problem, named[problem.photo.stored_name].articles)
        for problem in folder.problems([entry.photo for entry in named.values()])
    ]
    return len(named), problems


def articles_without_photos(session: Session, up_to: int | None = None) -> set[str]:
    """The articles whose photo files a court order removed: their files are meant to be
    gone (and stay so where no other article uses them)."""
    query = LogQuery(to_position=up_to, event_types=(CONFIRMED,))
    return {
        str(record.data["article_id"])
        for record in session.store.read_log(query)
        if record.data.get("photos")
    }


def _described(problem: MediaProblem, articles: list[str]) -> dict[str, Any]:
    return {
        "path": problem.path,
        "problem": problem.problem,
        "photo_id": problem.photo.photo_id,
        "file": problem.photo.file,
        "sha256": problem.photo.sha256,
        "articles": sorted(set(articles)),
    }


def refusal(media_dir: object, problems: list[dict[str, Any]]) -> IntegrityFailure:
    """One line: the first problem, and how many more there are."""
    first = problems[0]
    more = len(problems) - 1
    plural = "s" if more > 1 else ""
    tail = f"; and {more} more media file{plural} not as the log says" if more else ""
    return IntegrityFailure(
        f"The media folder is not what the log says: {media_dir}/{first['path']} "
        f"{first['problem']} (photo {first['photo_id']} from {first['file']}, in "
        f"{', '.join(first['articles'])})"
        f"{tail}; `verify --media --json` lists every one."
    )
