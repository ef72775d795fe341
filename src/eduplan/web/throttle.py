"""Login throttling per (user name, client address), kept in the process's memory.

Five failures within fifteen minutes lock that pair for fifteen minutes. The memory is
per process: several workers each count on their own, and a restart forgets. That is
accepted for the district deployments (one process); a shared store would be needed
behind a load balancer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60

Key = tuple[str, str]


@dataclass
class LoginThrottle:
    """Counts failed logins and says how long a (user name, address) pair must wait."""

    max_failures: int = MAX_FAILURES
    window: float = WINDOW_SECONDS
    lockout: float = LOCKOUT_SECONDS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[Key, list[float]] = field(default_factory=dict)
    _locked_until: dict[Key, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until the pair may try again; 0 when it may try now."""
        key = _key(username, address)
        with self._lock:
            until = self._locked_until.get(key, 0.0)
            left = until - self.clock()
            if left <= 0:
                self._locked_until.pop(key, None)
                return 0
            return int(left) + 1

    def failed(self, username: str, address: str) -> None:
        """Count a failure; the last allowed one starts the lockout."""
        key = _key(username, address)
        now = self.clock()
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if now - t < self.window] + [now]
            if len(recent) >= self.max_failures:
                self._locked_until[key] = now + self.lockout
                recent = []
            self._failures[key] = recent

    def succeeded(self, username: str, address: str) -> None:
        """Forget the pair's failures."""
        with self._lock:
            self._failures.pop(_key(username, address), None)


def _key(username: str, address: str) -> Key:
    return username.strip().lower(), address
