"""Projection rows read back, checked as they are read.

The tables are derived and anyone who can write the database can edit them; a row that
no longer holds what the fold wrote is named in one line (exit 7), never a traceback,
and `rebuild` makes it again from the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

from events.errors import IntegrityFailure
from events.inert import inert
from projections.article import ArticleView, Doc
from projections.history import HistoryEntry
from projections.ticker import TickerItem

T = TypeVar("T")

_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[T]) -> TypeAdapter[T]:
    """Built on first use: a command that reads one kind of row (`show`) builds only its
    checker, not all three at start-up."""
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    return cast(TypeAdapter[T], _ADAPTERS[kind])


class DamagedProjection(IntegrityFailure):
    """A projection row that is not what the fold wrote: edited, or written by hand."""


def article_view(doc: str | bytes, article_id: str) -> ArticleView:
    try:
        return _adapter(ArticleView).validate_json(doc)
    except ValidationError as exc:
        raise _damaged("article", article_id, exc) from None


def article_doc(doc: str | bytes, article_id: str) -> Doc:
    """The stored document, checked, for the fold to carry on from."""
    return article_view(doc, article_id).to_doc()


def ticker_item(row: Mapping[Any, Any]) -> TickerItem:
    return _checked(_adapter(TickerItem), row, "News line")


def history_entry(row: Mapping[Any, Any]) -> HistoryEntry:
    return _checked(_adapter(HistoryEntry), row, "history")


def _checked(adapter: TypeAdapter[T], row: Mapping[Any, Any], what: str) -> T:
    try:
        return adapter.validate_python(dict(row))
    except ValidationError as exc:
        raise _damaged(what, str(row.get("article_id", "?")), exc) from None


def _damaged(what: str, article_id: str, exc: ValidationError) -> DamagedProjection:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "the row"
    return DamagedProjection(
        inert(
            f"The {what} row of article {article_id} in the projections is damaged "
            f"({where}: {first['msg']}); the log is untouched, and a chief's "
            "`newsroom rebuild` makes the projections again from it."
        )
    )
