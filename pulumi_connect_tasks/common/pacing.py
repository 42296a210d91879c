"""Client-side pacing at Amazon Connect's request quotas.

AWS throttles Connect "by account, and per Region": StartTaskContact at 2 requests/s with
a burst of 5, other contact calls at 10/s burst 15, everything else at 2/s burst 5. A call
sent into an empty bucket is bounced with ThrottlingException and costs a backoff, so
instead every call waits here for a token of its own bucket first, and the buckets of one
account, Region and endpoint are shared by every thread of the process.

Each bucket is adaptive, because other clients spend the same quota: a throttle empties
the bucket (AWS's is empty) and cuts the rate by :data:`CUT`; every answered call raises it
by :data:`CLIMB` of the ceiling again (less near the rate that was throttled, see
:data:`PLATEAU`), never above the configured rate. At most one cut per round trip: a
throttle of a call sent before the last cut is old news.

Nothing here sleeps or reads a clock itself: :class:`Pacer` takes both, so tests run on a
fake clock.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Limit",
    "Settings",
    "Bucket",
    "Pacer",
    "DEFAULT_DEADLINE",
    "default_limit",
    "settings_from",
    "configure",
    "current_settings",
    "pacer_for",
    "reset",
]


@dataclass(frozen=True)
class Limit:
    """A quota: steady requests per second and the bucket's size."""

    rate: float
    burst: float


_START = Limit(2.0, 5.0)
_CONTACT = Limit(10.0, 15.0)
_OTHER = Limit(2.0, 5.0)
_CONTACT_CALLS = frozenset(
    {
        "DescribeContact",
        "StopContact",
        "UpdateContact",
        "UpdateContactAttributes",
        "GetContactAttributes",
        "ListContactReferences",
    }
)

DEFAULT_DEADLINE = 300.0
"""Seconds a call is retried (throttling, 5xx, a dropped response) before it fails."""

# A throttle cuts the rate to 80%; each answered call gives back 1% of the ceiling, a
# quarter of that near the rate that was throttled (from 90% to 105% of it, where the share
# left by other clients probably is), so a steady competitor costs a throttle every 40-odd
# calls, not every 20. The cut is mild because, with another client on the quota, AWS's
# bucket banks the shortfall while the rate climbs (up to its burst), and a deeper cut
# would only lose time.
CUT = 0.8
CLIMB = 0.01
PLATEAU = (0.9, 1.05, 0.25)
# The lowest rate a cut reaches, as a share of the ceiling.
FLOOR = 0.05
# Tokens the bucket keeps below AWS's burst: a call that reaches AWS a little faster than
# the one before it would otherwise find AWS's bucket a fraction of a token short.
MARGIN = 0.5


def default_limit(operation: str) -> Limit:
    """AWS's default quota for an operation (see docs/aws.md: Pacing and retries)."""
    if operation in ("StartTaskContact", "UpdateContactSchedule"):
        return _START
    return _CONTACT if operation in _CONTACT_CALLS else _OTHER


@dataclass(frozen=True)
class Settings:
    """What the user configured: quotas raised above AWS's defaults, and the retry deadline."""

    limits: tuple[tuple[str, Limit], ...] = ()
    """Operations whose quota differs from AWS's default (a tuple, so settings can key a dict)."""
    deadline: float = DEFAULT_DEADLINE
    max_attempts: int | None = None
    """AWS_MAX_ATTEMPTS when set: a cap on attempts per call besides the deadline."""

    def limit(self, operation: str) -> Limit:
        return dict(self.limits).get(operation) or default_limit(operation)


# Stack config keys (namespace connect-tasks, whatever the project's name) and the
# environment variables that stand for them outside Pulumi.
RATE_KEY = "connect-tasks:startTaskContactRate"
BURST_KEY = "connect-tasks:startTaskContactBurst"
RATES_KEY = "connect-tasks:apiRates"
DEADLINE_KEY = "connect-tasks:retryDeadline"
_ENVIRONMENT = {
    RATE_KEY: "CONNECT_TASKS_START_TASK_CONTACT_RATE",
    BURST_KEY: "CONNECT_TASKS_START_TASK_CONTACT_BURST",
    RATES_KEY: "CONNECT_TASKS_API_RATES",
    DEADLINE_KEY: "CONNECT_TASKS_RETRY_DEADLINE",
}


def _number(name: str, value: Any, minimum: float, unit: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not number >= minimum or number == float("inf"):
        raise ValueError(
            f"{name} must be a number of {unit} of at least {minimum:g}, got {value!r}"
        )
    return number


def _rates(name: str, value: Any) -> dict[str, Limit]:
    """``{"Operation": rate}`` or ``{"Operation": {"rate": r, "burst": b}}``, as an object or its JSON."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"{name} must be a JSON object of operation names, not valid JSON: {error.msg}"
            ) from None
    if not isinstance(value, Mapping):
        raise ValueError(
            f'{name} must be an object such as {{"DescribeContact": {{"rate": 20, "burst": 30}}}}'
        )
    limits = {}
    for operation, given in value.items():
        where = f"{name}.{operation}"
        if isinstance(given, Mapping):
            unknown = sorted(set(given) - {"rate", "burst"})
            if unknown:
                raise ValueError(f"{where} has unknown member {unknown[0]!r}; use rate and burst")
            rate = _number(
                f"{where}.rate",
                given.get("rate", default_limit(operation).rate),
                0.001,
                "requests per second",
            )
            burst = _number(
                f"{where}.burst", given.get("burst", default_limit(operation).burst), 1, "requests"
            )
        else:
            rate = _number(where, given, 0.001, "requests per second")
            burst = default_limit(operation).burst
        limits[operation] = Limit(rate, burst)
    return limits


def settings_from(config: Any, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from stack config, each key falling back to its environment variable.

    Raises ValueError naming the key (or variable) and the rule when a value is not valid.
    """
    environ = os.environ if environ is None else environ

    def given(key: str) -> tuple[str, Any] | None:
        # Only get(): the provider server hands in a pulumi.dynamic.Config, not a dict.
        value = config.get(key)
        if value not in (None, ""):
            return key, value
        variable = _ENVIRONMENT[key]
        return (variable, environ[variable]) if environ.get(variable) else None

    limits: dict[str, Limit] = {}
    if found := given(RATES_KEY):
        limits.update(_rates(*found))
    start = limits.get("StartTaskContact", _START)
    rate, burst = start.rate, start.burst
    if found := given(RATE_KEY):
        rate = _number(*found, 0.001, "requests per second")
    if found := given(BURST_KEY):
        burst = _number(*found, 1, "requests")
    if (rate, burst) != (_START.rate, _START.burst):
        limits["StartTaskContact"] = Limit(rate, burst)
    deadline = DEFAULT_DEADLINE
    if found := given(DEADLINE_KEY):
        deadline = _number(*found, 0, "seconds")
    attempts = environ.get("AWS_MAX_ATTEMPTS")
    max_attempts = int(_number("AWS_MAX_ATTEMPTS", attempts, 1, "attempts")) if attempts else None
    return Settings(tuple(sorted(limits.items())), deadline, max_attempts)


class Bucket:
    """One operation's adaptive token bucket. Not thread-safe: :class:`Pacer` locks."""

    def __init__(self, limit: Limit, now: float) -> None:
        self.ceiling = limit.rate
        self.rate = limit.rate
        self.burst = max(1.0, limit.burst - MARGIN)
        self.tokens = self.burst
        self.stamp = now
        self.cut_at = float("-inf")
        self.cut_from = limit.rate
        """The rate the last cut was made from: about what AWS's bucket has left for us."""

    def _refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def reserve(self, now: float) -> float:
        """Take a token; the seconds to wait before sending (0 when one is there).

        Tokens may go negative: each caller reserves the next free slot, so callers are
        served in order and spaced 1/rate apart however many wait.
        """
        self._refill(now)
        self.tokens -= 1.0
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate

    def throttled(self, sent_at: float, now: float) -> None:
        """AWS bounced a call sent at ``sent_at``: its bucket is empty, and someone else spends it."""
        self._refill(now)
        self.tokens = min(self.tokens, 0.0)
        if sent_at >= self.cut_at:
            self.cut_from = self.rate
            self.rate = max(self.ceiling * FLOOR, self.rate * CUT)
            self.cut_at = now

    def answered(self, now: float) -> None:
        """AWS took a call: climb back towards the ceiling."""
        if self.rate < self.ceiling:
            self._refill(now)
            low, high, share = PLATEAU
            step = self.ceiling * CLIMB
            if low * self.cut_from <= self.rate <= high * self.cut_from:
                step *= share
            self.rate = min(self.ceiling, self.rate + step)


class Pacer:
    """The buckets of one account, Region and endpoint, shared by every thread."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._buckets: dict[str, Bucket] = {}
        self.throttles = 0
        """Throttled calls seen, for benchmarks and tests."""

    def _bucket(self, operation: str) -> Bucket:
        bucket = self._buckets.get(operation)
        if bucket is None:
            bucket = self._buckets[operation] = Bucket(
                self.settings.limit(operation), self._clock()
            )
        return bucket

    def wait(self, operation: str) -> float:
        """Block until the operation may be sent; returns the time it is sent at."""
        with self._lock:
            delay = self._bucket(operation).reserve(self._clock())
        if delay > 0:
            self._sleep(delay)
        return self._clock()

    def throttled(self, operation: str, sent_at: float) -> None:
        with self._lock:
            self.throttles += 1
            self._bucket(operation).throttled(sent_at, self._clock())

    def answered(self, operation: str) -> None:
        with self._lock:
            self._bucket(operation).answered(self._clock())

    def rate(self, operation: str) -> float:
        """The rate the operation is paced at now."""
        with self._lock:
            return self._bucket(operation).rate


# -- the process's pacers ---------------------------------------------------------------------
_lock = threading.Lock()
_configured: Settings | None = None
_from_environment: dict[tuple, Settings] = {}
_pacers: dict[tuple, Pacer] = {}


def configure(config: Any) -> Settings:
    """Settings from the stack config the provider's ``configure`` receives, for the whole process."""
    global _configured
    settings = settings_from(config)
    with _lock:
        _configured = settings
    return settings


def current_settings() -> Settings:
    """What :func:`configure` was given, else the environment's (the CLI and scripts).

    Called before every request: the environment's settings are parsed once per set of
    values, not per call.
    """
    if _configured is not None:
        return _configured
    values = tuple(os.environ.get(name) for name in (*_ENVIRONMENT.values(), "AWS_MAX_ATTEMPTS"))
    settings = _from_environment.get(values)
    if settings is None:
        settings = _from_environment[values] = settings_from({})
    return settings


def pacer_for(key: tuple, settings: Settings) -> Pacer:
    """The pacer of ``key`` (account, Region, endpoint) under ``settings``, built on first use.

    Settings are part of the key: a quota configured differently gets buckets of its own.
    """
    with _lock:
        pacer = _pacers.get((key, settings))
        if pacer is None:
            pacer = _pacers[(key, settings)] = Pacer(settings)
        return pacer


def reset() -> None:
    """Forget the configured settings and every pacer (tests)."""
    global _configured
    with _lock:
        _configured = None
        _from_environment.clear()
        _pacers.clear()
