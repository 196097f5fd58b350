"""What `verify` says of the erasures the log records: where, by whose request and
confirmation, on what legal basis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from events.store import LogQuery

if TYPE_CHECKING:
    from cli.bootstrap import Session


def erasure_report(session: Session, up_to: int) -> list[dict[str, Any]]:
    query = LogQuery(to_position=up_to, event_types=("RedactionRequested", "RedactionConfirmed"))
    asked: dict[str, str] = {}
    report = []
    for record in session.store.read_log(query):
        data = record.data
        if record.event_type == "RedactionRequested":
            asked[str(data["request_id"])] = record.actor
            continue
        report.append(
            {
                "request_id": data["request_id"],
                "article_id": data["article_id"],
                "positions": sorted(int(p) for p in data["rewritten"]),
                "asked_by": asked.get(str(data["request_id"]), ""),
                "confirmed_by": record.actor,
                "confirmed_at": record.global_position,
                "reason": data["reason"],
            }
        )
    return report


def erasure_lines(report: list[dict[str, Any]]) -> list[str]:
    return [
        f"Erased by court order at positions {', '.join(map(str, e['positions']))} of article "
        f"{e['article_id']} ({e['request_id']}: asked by {e['asked_by']}, confirmed by "
        f"{e['confirmed_by']} at position {e['confirmed_at']}): {e['reason']}. What stands "
        "there is what the confirmation names; the signatures cover the words as they were."
        for e in report
    ]
