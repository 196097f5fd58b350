"""What an erasure leaves in the log: the named events' data with their content replaced.

Pure. Given an article's events as stored, it says which rows to rewrite and with what:
each row's data with its text in place of the content, a new salt, and the salted digest
a `RedactionConfirmed` carries, so `verify` can check what stands there now. The chain
and the signatures cover the old salted digests, which stay: they still verify.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from events.catalog import REMOVED_MARK
from events.chain import canonical_json, salted_digest
from events.envelope import RecordedEvent
from events.erasures import CONTENT_FIELDS
from events.errors import NotFound, RuleRefused


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One row of the log, rewritten: its position, new data, new salt and their digest."""

    position: int
    data_json: str
    salt: str
    digest: str


def removal_mark(day: str, reason: str) -> str:
    """What readers see where the content was."""
    return f"{REMOVED_MARK}{day}: {reason}]"


def content_versions(history: Sequence[RecordedEvent]) -> tuple[int, ...]:
    """Every version of the article that holds any words: what `--all` erases."""
    return tuple(record.stream_version for record in history if _words(record))


def check_versions(
    article_id: str, history: Sequence[RecordedEvent], versions: Sequence[int]
) -> None:
    """Refuse versions an erasure cannot take: missing, wordless, or from before signing."""
    by_version = {record.stream_version: record for record in history}
    for version in versions:
        record = by_version.get(version)
        if record is None:
            raise NotFound(f"Article {article_id} has no version {version}.")
        if not _words(record):
            raise RuleRefused(
                f"Version {version} of article {article_id} ({record.event_type}) holds "
                "no words to erase."
            )
    _refuse_unsigned(article_id, [by_version[version] for version in versions])


def check_phrase(article_id: str, history: Sequence[RecordedEvent], phrase: str) -> None:
    found = [record for record in history if holds(record, phrase)]
    if not found:
        raise RuleRefused(f"The phrase is in no version of article {article_id}.")
    _refuse_unsigned(article_id, found)


def erase_versions(
    history: Sequence[RecordedEvent],
    versions: Sequence[int],
    mark: str,
    salts: Callable[[], str],
) -> list[Rewrite]:
    """The named versions' words become `mark`; so does the same text wherever the article
    repeats it (the headline an `ArticlePublished` carries)."""
    named = [record for record in history if record.stream_version in versions]
    gone = {text for record in named for text in _texts(record)}

    def erased(record: RecordedEvent, value: str) -> str:
        return mark if record.stream_version in versions or value in gone else value

    return _rewrites(history, erased, salts)


def left_standing(
    history: Sequence[RecordedEvent], rewrites: Sequence[Rewrite], after: int, mark: str
) -> int | None:
    """The first version recorded after position `after` whose words an erasure of whole
    versions leaves standing: the article changed after the request was made."""
    new = {rewrite.position: json.loads(rewrite.data_json) for rewrite in rewrites}
    for record in history:
        if record.global_position <= after or not _words(record):
            continue
        data = new.get(record.global_position, record.data)
        fields = CONTENT_FIELDS.get(record.event_type, ())
        if any(isinstance(data.get(n), str) and data[n] not in ("", mark) for n in fields):
            return record.stream_version
    return None


def replace_phrase(
    history: Sequence[RecordedEvent], phrase: str, replacement: str, salts: Callable[[], str]
) -> list[Rewrite]:
    """The phrase becomes `replacement` in every version; every other word stays."""
    return _rewrites(history, lambda record, value: value.replace(phrase, replacement), salts)


def kept_reasons(
    history: Sequence[RecordedEvent], versions: Sequence[int], phrase: str | None
) -> list[int]:
    """The versions whose reason (a correction note, why changes were asked for) holds the
    words: it is in the act's metadata, which its signature covers, so it stays."""

    def kept(record: RecordedEvent) -> bool:
        reason = record.metadata.get("reason")
        if not isinstance(reason, str) or not reason:
            return False
        return phrase in reason if phrase is not None else record.stream_version in versions

    return [record.stream_version for record in history if kept(record)]


def phrase_digest(salt: str, phrase: str) -> str:
    return salted_digest(salt, phrase)


def _rewrites(
    history: Sequence[RecordedEvent],
    change: Callable[[RecordedEvent, str], str],
    salts: Callable[[], str],
) -> list[Rewrite]:
    rewrites = []
    for record in history:
        data = dict(record.data)
        for name in CONTENT_FIELDS.get(record.event_type, ()):
            if isinstance(value := data.get(name), str) and value:
                data[name] = change(record, value)
        if data != record.data:
            data_json, salt = canonical_json(data), salts()
            digest = salted_digest(salt, data_json)
            rewrites.append(Rewrite(record.global_position, data_json, salt, digest))
    return rewrites


def holds(record: RecordedEvent, phrase: str) -> bool:
    return any(phrase in text for text in _texts(record))


def _texts(record: RecordedEvent) -> list[str]:
    fields = CONTENT_FIELDS.get(record.event_type, ())
    return [value for name in fields if isinstance(value := record.data.get(name), str) and value]


def _words(record: RecordedEvent) -> bool:
    return bool(_texts(record))


def _refuse_unsigned(article_id: str, records: Sequence[RecordedEvent]) -> None:
    for record in records:
        if record.salt is None or record.data_digest is None:
            raise RuleRefused(
                f"Version {record.stream_version} of article {article_id} is from before "
                "signing began: its hash covers its words, so erasing them would break "
                "the chain."
            )
