"""The in-memory store passes the same contract as SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from events.memory import MemoryEventStore
from events.store import EventStore
from tests.support.contract import StoreContract


class TestMemoryStore(StoreContract):
    @pytest.fixture
    def store(self) -> EventStore:
        return MemoryEventStore()
