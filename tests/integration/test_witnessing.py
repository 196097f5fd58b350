"""The worker's checkpoints: after each publication, correction or retraction, and hourly."""

from __future__ import annotations

from cli.bootstrap import open_session
from cli.commands.proofs import Witnessing
from cli.options import resolve
from events import note
from tests.support.cli import NewsroomCli


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_checkpoint_follows_each_publication_and_the_hour(staffed: NewsroomCli) -> None:
    clock = Clock()
    with open_session(resolve({})) as session:
        witnessing = Witnessing(session, clock)
        staffed.ok("draft --id snow --headline 'Snow' --category Society", actor="aysel")
        assert witnessing.checkpoint_if_due() is None  # a draft is not news yet
        staffed.ok("submit snow", actor="aysel")
        staffed.ok("approve snow", actor="kamran")
        staffed.ok("publish snow", actor="kamran")
        made = witnessing.checkpoint_if_due()
        assert made is not None and made.size == len(staffed.events())
        assert witnessing.checkpoint_if_due() is None  # nothing new since
        staffed.ok("draft --id rain --headline 'Rain' --category Society", actor="aysel")
        assert witnessing.checkpoint_if_due() is None
        clock.now += Witnessing.HOURLY
        hourly = witnessing.checkpoint_if_due()
        assert hourly is not None and hourly.size == made.size + 1
        kept = session.store.latest_checkpoint()
        assert kept is not None and note.parse(kept).size == hourly.size
