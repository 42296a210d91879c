"""A bounded record of AWS requests: when each was received and answered, and how it ended.

For benchmarks that plot requests and successes per second and count
ThrottlingExceptions. Times are ``time.monotonic()`` seconds (real time, never
the task clock; on Linux one monotonic clock serves every process of the host,
so a benchmark may compare them with its own ``time.monotonic()``). The
record keeps the last ``capacity`` requests; older ones are dropped and
counted.

Outcomes:

- ``ok``: the backend answered 2xx;
- ``throttled``: the emulator's token bucket refused it (429 ThrottlingException);
- ``fault``: an injected fault error (``error`` names its code, which may itself be
  ThrottlingException);
- ``dropped``: an injected drop closed the connection without a response (``status`` null);
- ``error``: any other error answer (validation, not found, not implemented, 500).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["OUTCOMES", "RequestLog", "RequestRecord"]

OUTCOMES = ("ok", "throttled", "fault", "dropped", "error")


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One AWS request, as the emulator saw it."""

    operation: str
    account: str
    """The access key id of its Authorization header; "" without one."""
    region: str
    received: float
    """Monotonic seconds when the emulator began handling it."""
    answered: float
    """Monotonic seconds when the response was ready or the connection was dropped."""
    status: int | None
    """The HTTP status; None when dropped."""
    error: str | None
    """The AWS error code (``x-amzn-ErrorType``); None on success or drop."""
    outcome: str
    """One of OUTCOMES."""

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "region": self.region,
            "received": self.received,
            "answered": self.answered,
            "status": self.status,
            "error": self.error,
            "outcome": self.outcome,
        }


class RequestLog:
    """The last ``capacity`` RequestRecords, oldest first; thread-safe."""

    def __init__(
        self, capacity: int = 100_000, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.monotonic = monotonic
        self._lock = threading.Lock()
        self._records: deque[RequestRecord] = deque(maxlen=capacity)
        self._evicted = 0

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            if len(self._records) == self.capacity:
                self._evicted += 1
            self._records.append(record)

    def reset(self) -> None:
        with self._lock:
            self._records.clear()
            self._evicted = 0

    def describe(self) -> dict[str, Any]:
        """``{"clock": "monotonic", "now": t, "capacity": n, "evicted": n,
        "requests": {op: [{"account", "region", "received", "answered", "status", "error", "outcome"}]}}``,
        each operation's requests in the order received."""
        with self._lock:
            records = sorted(self._records, key=lambda r: r.received)
            evicted = self._evicted
        grouped: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            grouped.setdefault(record.operation, []).append(record.to_json())
        return {
            "clock": "monotonic",
            "now": self.monotonic(),
            "capacity": self.capacity,
            "evicted": evicted,
            "requests": dict(sorted(grouped.items())),
        }
