"""Step definitions for the lawful log: forgeries a database writer can make, and their proof.

Each forgery is written behind newsroom's back, straight into the SQLite file, the way
someone holding the database (and perhaps a staff member's own key) could: new events
signed and linked as the store would link them, or old ones rewritten with every later
hash recomputed. `verify` and `import` must catch each one.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

from pytest_bdd import given, then

from events.chain import sealed_hash
from events.envelope import Metadata, NewEvent, authored_of
from events.instants import occurred_at_text
from events.models import decode_event
from events.signer import Signer
from events.store import Place, chain_events
from tests.steps.audit import database, insert, set_head, stored_event
from tests.steps.common import Scene, instant, step
from tests.support.keys import key_of, public_of


def _append_forged(
    scene: Scene, kind: str, stream: str, who: tuple[str, str, str], data: str, elsewhere: bool
) -> None:
    actor, role, signer = who
    event = decode_event(kind, json.loads(data))
    command_id = str(uuid.uuid4())
    metadata = Metadata(actor, command_id, command_id, command_id, role=role, command="Forged")
    when = occurred_at_text(instant(scene.cli.now))
    with database(scene) as db:
        position, head_hash = db.execute("SELECT position, hash FROM log_head").fetchone()
        version = db.execute(
            "SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = ?", (stream,)
        ).fetchone()[0]
        first = db.execute("SELECT event_id FROM events WHERE global_position = 1").fetchone()
        log_id = str(uuid.uuid4()) if elsewhere else first[0]
        place = Place(position, head_hash, when, when, log_id)
        key = Signer(signer, key_of(signer), public_of(signer))
        [forged] = chain_events([NewEvent(event, metadata)], stream, version, place, key)
        insert(db, forged)
        set_head(db, forged.global_position, forged.hash)


@given(
    step(
        "a database writer appends {event_type:Event} to {stream} as {actor:Name} "
        "the {role:Name}, signed with {signer:Name}'s key, with data {data}"
    )
)
def _(
    scene: Scene, event_type: str, stream: str, actor: str, role: str, signer: str, data: str
) -> None:
    _append_forged(scene, event_type, stream, (actor, role, signer), data, elsewhere=False)


@given(
    step(
        "a database writer copies in {event_type:Event} to {stream} as {actor:Name} "
        "the {role:Name}, signed with {signer:Name}'s key for another newsroom, with data {data}"
    )
)
def _(
    scene: Scene, event_type: str, stream: str, actor: str, role: str, signer: str, data: str
) -> None:
    _append_forged(scene, event_type, stream, (actor, role, signer), data, elsewhere=True)


@given(
    step(
        'a database writer blanks the salt of position {position:d} and changes "{old}" '
        'to "{new}" in its data'
    )
)
def _(scene: Scene, position: int, old: str, new: str) -> None:
    with database(scene) as db:
        data = db.execute("SELECT data FROM events WHERE global_position = ?", (position,))
        changed = data.fetchone()[0].replace(old, new)
        db.execute(
            "UPDATE events SET data = ?, salt = NULL WHERE global_position = ?",
            (changed, position),
        )


@given(step('a database writer sets the log\'s last recorded time to "{moment}"'))
def _(scene: Scene, moment: str) -> None:
    with database(scene) as db:
        db.execute("UPDATE log_head SET recorded_at = ?", (moment,))


@given(
    step(
        "a database writer rewrites the actor of position {position:d} to {actor:Name} "
        "and recomputes every hash after it"
    )
)
def _(scene: Scene, position: int, actor: str) -> None:
    with database(scene) as db:
        last = db.execute("SELECT position FROM log_head").fetchone()[0]
        previous = stored_event(db, position - 1).hash if position > 1 else "0" * 64
        for at in range(position, last + 1):
            event = stored_event(db, at)
            if at == position:
                event = replace(event, metadata={**event.metadata, "actor": actor})
            assert event.signature is not None
            link = sealed_hash(previous, at, authored_of(event), event.signature)
            event = replace(event, prev_hash=previous, hash=link)
            db.execute("DELETE FROM events WHERE global_position = ?", (at,))
            insert(db, event)
            previous = event.hash
        set_head(db, last, previous)


@then(step('importing the log into a fresh store is refused with "{fragment}"'))
def _(scene: Scene, fragment: str) -> None:
    exported = scene.cli.workdir / "forged.jsonl"
    scene.cli.ok(f"export {exported}")
    fresh = scene.cli.workdir / "fresh.db"
    result = scene.cli.run("--store", f"sqlite:///{fresh}", "import", str(exported))
    assert result.code == 7, f"exit {result.code}: {result.err}"
    assert fragment in result.err, result.err
    assert not fresh.exists() or fresh.stat().st_size == 0, "the refused import wrote a store"
