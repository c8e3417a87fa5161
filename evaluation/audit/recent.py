"""What was read last from a report's files, by their bytes' SHA-256 (a changed file is
another key): verify reads each PDF of a folder more than once, and a check is repeated."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Recent(Generic[T]):
    """A thread-safe memory of the last values made, bounded in count and in the total
    `weight` of what it keeps (the oldest go first; the newest always stays)."""

    def __init__(self, kept: int, budget: int = 0, weight: Callable[[T], int] = lambda v: 0):
        self.kept, self.budget, self.weight = kept, budget, weight
        self._values: dict[Hashable, T] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for `key`, or `make()` (outside the lock), then kept."""
        with self._lock:
            if key in self._values:
                return self._values[key]
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > 1 and (
                len(self._values) > self.kept
                or (self.budget and sum(map(self.weight, self._values.values())) > self.budget)
            ):
                self._values.pop(next(iter(self._values)))
        return value
