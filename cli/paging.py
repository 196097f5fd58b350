"""Pages of a long read: at most `limit` items, whether more follow, and where they start.

A page reads one item past its limit to know whether there is more, never the rest:
`log` on a log of millions of events stops after the page it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

PAGE = 50  # what `log` and `history` show unless told otherwise


@dataclass(slots=True)
class Page:
    limit: int  # 0: all
    shown: int = 0
    last: int = 0  # the position (or version) of the last item shown
    more: bool = False

    def take(self, items: Iterable[Any], key: str) -> Iterator[Any]:
        """The items up to the limit; `key` names the attribute a next page starts after."""
        for item in items:
            if self.limit and self.shown == self.limit:
                self.more = True
                return
            self.shown += 1
            self.last = int(getattr(item, key))
            yield item

    def rest(self, left: int | None) -> dict[str, Any]:
        """`more`: how many follow (None: some, not counted); `next_from`: None at the end."""
        if not self.more:
            return {"more": 0, "next_from": None}
        return {"more": left, "next_from": self.last + 1}


def hint(rest: dict[str, Any], shown: int) -> str | None:
    """The line after a page that is not the last: what was left out, and how to see it."""
    if rest["next_from"] is None:
        return None
    more = "more match" if rest["more"] is None else f"{rest['more']:,} more"
    return (
        f"{shown:,} event{'s' if shown != 1 else ''} shown; {more}: "
        f"--from {rest['next_from']} for the next page, --limit 0 for all."
    )
