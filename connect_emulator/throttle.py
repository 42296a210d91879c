"""Token buckets per (account, Region, operation) with Amazon Connect's default API quotas.

AWS applies its API throttling quotas "by account, and per Region, not by user
and not by instance": two instances reached with one account in one Region draw
from one bucket, while another account or another Region has buckets of its own.
The emulator has no IAM, so one access key id is one account (see
``auth.authenticate``, which refuses unsigned requests before throttling);
``ANONYMOUS_ACCOUNT``, ``""``, is the account of no key (``auth.credential_scope``
of a header it cannot read).

A bucket holds up to ``burst`` tokens and refills at ``rate`` tokens per
second of real monotonic time (never the task clock). Each request takes one
token; a request that finds the bucket empty gets ThrottlingException (429).

A limit is set per operation and applies to every account and Region; a scoped
override applies to one account, one Region, or one account in one Region. The
most specific limit wins: account and Region, then account, then Region, then
the operation's override for everyone, then ``DEFAULT_LIMITS``, then
``GENEROUS_LIMIT``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ANONYMOUS_ACCOUNT", "DEFAULT_LIMITS", "GENEROUS_LIMIT", "Limit", "Throttle"]

ANONYMOUS_ACCOUNT = ""
"""The account of requests without a parsable Authorization header."""


@dataclass(frozen=True)
class Limit:
    """Steady requests per second and bucket size."""

    rate: float
    burst: float


_CONTACT = Limit(10.0, 15.0)
GENEROUS_LIMIT = Limit(100.0, 200.0)
"""For operations without a task quota (instances, flows, quick connects and task templates, their List operations included)."""

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

_Scope = tuple[
    str, str | None, str | None
]  # (operation, account or None for every, Region or None for every)
_Bucket = tuple[str, str, str]  # (account, Region, operation)


class Throttle:
    """Token buckets per (account, Region, operation); thread-safe.

    ``limits`` overrides defaults per operation for every account and Region,
    as ``{name: Limit}`` or ``{name: (rate, burst)}``. ``enabled=False`` lets
    every request through.
    """

    def __init__(
        self,
        limits: Mapping[str, Limit | tuple[float, float]] | None = None,
        enabled: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._initial: tuple[dict[_Scope, Limit], bool] = (
            {(k, None, None): _as_limit(v) for k, v in (limits or {}).items()},
            enabled,
        )
        self._overrides: dict[_Scope, Limit] = {}
        self._buckets: dict[_Bucket, tuple[float, float]] = {}
        self.enabled = enabled
        self.reset()

    def reset(self) -> None:
        """Back to the limits and switch given to the constructor, buckets full."""
        with self._lock:
            self._overrides = dict(self._initial[0])
            self.enabled = self._initial[1]
            self._buckets.clear()

    def limit(self, operation: str, account: str | None = None, region: str | None = None) -> Limit:
        """The limit in force for an operation, in one account and Region (None: the limit for every one)."""
        for scope in (
            (operation, account, region),
            (operation, account, None),
            (operation, None, region),
            (operation, None, None),
        ):
            found = self._overrides.get(scope)
            if found is not None:
                return found
        return DEFAULT_LIMITS.get(operation, GENEROUS_LIMIT)

    def set_limit(
        self,
        operation: str,
        rate: float,
        burst: float,
        account: str | None = None,
        region: str | None = None,
    ) -> None:
        """Override one operation's limit, for every account and Region unless given one; its buckets start full."""
        if rate < 0 or burst < 1:
            raise ValueError("rate must be >= 0 and burst >= 1")
        with self._lock:
            self._overrides[(operation, account, region)] = Limit(float(rate), float(burst))
            for key in [k for k in self._buckets if _covers(k, operation, account, region)]:
                del self._buckets[key]

    def set_enabled(self, enabled: bool) -> None:
        """Switch throttling on or off; switching refills every bucket."""
        with self._lock:
            self.enabled = enabled
            self._buckets.clear()

    def allow(self, operation: str, account: str = ANONYMOUS_ACCOUNT, region: str = "") -> bool:
        """Take a token from the (account, Region, operation) bucket for one request; False means throttle it."""
        if not self.enabled:
            return True
        now = self._monotonic()
        key = (account, region, operation)
        with self._lock:
            tokens = self._tokens(key, now)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            return allowed

    def describe(self) -> dict[str, Any]:
        """JSON view: the switch, limits for every account and Region, scoped overrides, and buckets.

        ``{"enabled": b, "limits": {op: {"rate", "burst"}}, "default": {"rate", "burst"},
        "scoped": [{"operation", "account", "region", "rate", "burst"}],
        "buckets": [{"account", "region", "operation", "tokens"}]}``; a scoped
        override's ``account`` or ``region`` is null when it applies to every
        one; ``tokens`` is the bucket's content now (buckets not yet used are full
        and not listed).
        """
        now = self._monotonic()
        with self._lock:
            everyone = {
                op for op, account, region in self._overrides if account is None and region is None
            }
            scoped = sorted(
                (k for k in self._overrides if k[1:] != (None, None)),
                key=lambda k: (k[0], k[1] or "", k[2] or ""),
            )
            return {
                "enabled": self.enabled,
                "limits": {
                    name: _limit_json(self.limit(name))
                    for name in sorted(set(DEFAULT_LIMITS) | everyone)
                },
                "default": _limit_json(GENEROUS_LIMIT),
                "scoped": [
                    {
                        "operation": op,
                        "account": account,
                        "region": region,
                        **_limit_json(self._overrides[(op, account, region)]),
                    }
                    for op, account, region in scoped
                ],
                "buckets": [
                    {
                        "account": account,
                        "region": region,
                        "operation": op,
                        "tokens": self._tokens((account, region, op), now),
                    }
                    for account, region, op in sorted(self._buckets)
                ],
            }

    def _tokens(self, key: _Bucket, now: float) -> float:
        """A bucket's tokens at ``now``: refilled since its last use, at most its burst; a bucket never used is full."""
        account, region, operation = key
        limit = self.limit(operation, account, region)
        state = self._buckets.get(key)
        if state is None:
            return limit.burst
        tokens, last = state
        return min(limit.burst, tokens + (now - last) * limit.rate)


def _covers(bucket: _Bucket, operation: str, account: str | None, region: str | None) -> bool:
    """Whether an override for (operation, account, region) applies to ``bucket``."""
    bucket_account, bucket_region, bucket_operation = bucket
    return (
        bucket_operation == operation
        and account in (None, bucket_account)
        and region in (None, bucket_region)
    )


def _limit_json(limit: Limit) -> dict[str, float]:
    return {"rate": limit.rate, "burst": limit.burst}


def _as_limit(value: Limit | tuple[float, float]) -> Limit:
    if isinstance(value, Limit):
        return value
    rate, burst = value
    return Limit(float(rate), float(burst))
