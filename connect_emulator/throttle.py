"""Per-operation token buckets with Amazon Connect's default API quotas.

A bucket holds up to ``burst`` tokens and refills at ``rate`` tokens per
second of real monotonic time (never the task clock). Each request takes one
token; a request that finds the bucket empty gets ThrottlingException (429).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_LIMITS", "GENEROUS_LIMIT", "Limit", "Throttle"]


@dataclass(frozen=True)
class Limit:
    """Steady requests per second and bucket size."""

    rate: float
    burst: float


_CONTACT = Limit(10.0, 15.0)
GENEROUS_LIMIT = Limit(100.0, 200.0)
"""For operations without a task quota (instances, flows, quick connects)."""

DEFAULT_LIMITS: Mapping[str, Limit] = {
    "StartTaskContact": Limit(2.0, 5.0),
    "UpdateContactSchedule": Limit(2.0, 5.0),
    "DescribeContact": _CONTACT,
    "StopContact": _CONTACT,
    "UpdateContact": _CONTACT,
    "UpdateContactAttributes": _CONTACT,
    "GetContactAttributes": _CONTACT,
    "ListContactReferences": _CONTACT,
}


class Throttle:
    """Token buckets per operation; thread-safe.

    ``limits`` overrides defaults per operation, as ``{name: Limit}`` or
    ``{name: (rate, burst)}``. ``enabled=False`` lets every request through.
    """

    def __init__(
        self,
        limits: Mapping[str, Limit | tuple[float, float]] | None = None,
        enabled: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._initial = ({k: _as_limit(v) for k, v in (limits or {}).items()}, enabled)
        self._overrides: dict[str, Limit] = {}
        self._buckets: dict[str, tuple[float, float]] = {}
        self.enabled = enabled
        self.reset()

    def reset(self) -> None:
        """Back to the limits and switch given to the constructor, buckets full."""
        with self._lock:
            self._overrides = dict(self._initial[0])
            self.enabled = self._initial[1]
            self._buckets.clear()

    def limit(self, operation: str) -> Limit:
        """The limit in force for an operation."""
        return self._overrides.get(operation) or DEFAULT_LIMITS.get(operation, GENEROUS_LIMIT)

    def set_limit(self, operation: str, rate: float, burst: float) -> None:
        """Override one operation's limit; its bucket starts full."""
        if rate < 0 or burst < 1:
            raise ValueError("rate must be >= 0 and burst >= 1")
        with self._lock:
            self._overrides[operation] = Limit(float(rate), float(burst))
            self._buckets.pop(operation, None)

    def set_enabled(self, enabled: bool) -> None:
        """Switch throttling on or off; switching refills every bucket."""
        with self._lock:
            self.enabled = enabled
            self._buckets.clear()

    def allow(self, operation: str) -> bool:
        """Take a token for one request; False means throttle it."""
        if not self.enabled:
            return True
        limit = self.limit(operation)
        now = self._monotonic()
        with self._lock:
            tokens, last = self._buckets.get(operation, (limit.burst, now))
            tokens = min(limit.burst, tokens + (now - last) * limit.rate)
            if tokens < 1.0:
                self._buckets[operation] = (tokens, now)
                return False
            self._buckets[operation] = (tokens - 1.0, now)
            return True

    def describe(self) -> dict[str, Any]:
        """JSON view: ``{"enabled": bool, "limits": {op: {"rate": r, "burst": b}}}`` (defaults and overrides)."""
        with self._lock:
            names = sorted(set(DEFAULT_LIMITS) | set(self._overrides))
            return {
                "enabled": self.enabled,
                "limits": {name: {"rate": self.limit(name).rate, "burst": self.limit(name).burst} for name in names},
                "default": {"rate": GENEROUS_LIMIT.rate, "burst": GENEROUS_LIMIT.burst},
            }


def _as_limit(value: Limit | tuple[float, float]) -> Limit:
    if isinstance(value, Limit):
        return value
    rate, burst = value
    return Limit(float(rate), float(burst))
