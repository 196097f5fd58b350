"""Checking a log's signatures on every core: the checks need no order, only their answers.

A log's signatures are checked one by one while there are few; past `INLINE_UP_TO` they
go in batches to a pool of processes, one per core, while the caller walks on. What is
found comes back as `Problem`s, and the earliest position is the one reported.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING

from events.fingerprint import key_fingerprint
from events.verify import Problem

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORGED = "forged signature"


@dataclass(frozen=True, slots=True)
class Claim:
    """One act's signature, and the key the log says its signer held."""

    position: int
    signer: str
    public_key: str  # the registered public line
    signature: str
    message: bytes


def check_all(claims: list[Claim]) -> list[Problem]:
    """Each claim whose signature its key does not verify, as a problem at its position."""
    from events import sshsig

    keys: dict[str, Ed25519PublicKey] = {}
    problems = []
    for claim in claims:
        if claim.public_key not in keys:
            keys[claim.public_key] = sshsig.load_public_line(claim.public_key)
        try:
            sshsig.verify(claim.signature, claim.message, keys[claim.public_key], sshsig.NAMESPACE)
        except sshsig.BadSignature as exc:
            who = f"{claim.signer}'s key {key_fingerprint(claim.public_key)}"
            problems.append(Problem(claim.position, FORGED, f"it is not signed by {who}: {exc}"))
    return problems


@dataclass
class SignatureChecks:
    """Claims checked at once while few, then in batches on a process pool."""

    inline_up_to: int = 5_000
    batch_size: int = 2_000
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    checked: int = 0
    found: list[Problem] = field(default_factory=list)
    _batch: list[Claim] = field(default_factory=list)
    _pending: deque[Future[list[Problem]]] = field(default_factory=deque)
    _pool: ProcessPoolExecutor | None = None

    def add(self, claim: Claim) -> Problem | None:
        """Check `claim` (now, or later on the pool); the earliest problem known so far."""
        self.checked += 1
        if self.checked <= self.inline_up_to or self.workers < 2:
            self.found += check_all([claim])
            return self.earliest()
        self._batch.append(claim)
        if len(self._batch) >= self.batch_size:
            self._submit()
        return self.earliest()

    def settle(self) -> Problem | None:
        """Wait for every claim given so far; the earliest problem among them."""
        if self._batch:
            self._submit()
        while self._pending:
            self.found += self._pending.popleft().result()
        return self.earliest()

    def earliest(self) -> Problem | None:
        while self._pending and self._pending[0].done():
            self.found += self._pending.popleft().result()
        return min(self.found, key=lambda p: p.position) if self.found else None

    def _submit(self) -> None:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        # At most two batches a core in flight: memory stays flat however long the log.
        while len(self._pending) >= 2 * self.workers:
            self.found += self._pending.popleft().result()
        self._pending.append(self._pool.submit(check_all, self._batch))
        self._batch = []

    def __enter__(self) -> SignatureChecks:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
