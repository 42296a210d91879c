"""Paced, patient Connect calls: botocore event handlers that replace its retry policy.

One call through a client :func:`install` has handled, in the order botocore runs it:

1. ``before-call``: the call gets its pacer (account, Region, endpoint, settings) and its
   deadline, kept in the request's context;
2. ``before-send``, every attempt: wait for the pacer's token, note when the attempt left;
3. ``needs-retry``, every answer, registered first so its answer wins over botocore's:
   - answered (2xx, or a 4xx that is not throttling): the pacer climbs; no retry. Quota
     errors (402) and every other client error are never retried;
   - throttled (429 or a throttling code): the pacer cuts its rate; retry at once, the
     pacer's next token being the wait;
   - a 5xx, or a connection dropped after the request was sent: retry, at once the first
     time (the pacer's token spaces it), then after a jittered backoff (0.1 s doubling, at
     most 5 s);
   - a connection that could not be opened at all (refused, no such host, connect
     timeout): no retry, nothing was sent and waiting will not change the endpoint;
   - no retry once the next attempt would start after the deadline (or AWS_MAX_ATTEMPTS
     attempts were made, when that is set).

botocore re-sends the same serialized request, so StartTaskContact's ClientToken is the
same on every attempt and a retried create returns the task the first attempt made.
Unlike botocore's retry quota, which threads sharing a client spend together, nothing here
runs out: only the deadline ends the retries of one call.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.client import BaseClient
from botocore.exceptions import HTTPClientError

from . import pacing

__all__ = ["install", "THROTTLING_CODES", "BACKOFF_BASE", "BACKOFF_CAP"]

THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "LimitExceededException",
        "Throttling",
        "RequestLimitExceeded",
    }
)
BACKOFF_BASE = 0.1
BACKOFF_CAP = 5.0
_CONTEXT_KEY = "connect_tasks_call"


@dataclass
class _Call:
    pacer: pacing.Pacer
    operation: str
    deadline: float
    max_attempts: int | None
    sent_at: float = 0.0


def _verdict(response: Any, caught: Exception | None) -> str:
    """answered, throttled, transient, or final (an exception no retry can help)."""
    if caught is not None:
        # HTTPClientError is a connection dropped after the request was sent
        # (ConnectionClosedError, ReadTimeoutError): it may have been applied, so only a retry
        # of the same request is safe, and it is. A connection never opened
        # (EndpointConnectionError, ConnectTimeoutError) is not an HTTPClientError: final.
        return "transient" if isinstance(caught, HTTPClientError) else "final"
    http, parsed = response
    code = str((parsed or {}).get("Error", {}).get("Code", ""))
    if http.status_code == 429 or code in THROTTLING_CODES:
        return "throttled"
    if http.status_code >= 500:
        return "transient"
    return "answered"


class _Handlers:
    def __init__(self, key: tuple, clock: Callable[[], float], rand: Callable[[], float]) -> None:
        self.key = key
        self.clock = clock
        self.rand = rand

    def before_call(self, model: Any, context: dict, **_: Any) -> None:
        settings = pacing.current_settings()
        context[_CONTEXT_KEY] = _Call(
            pacing.pacer_for(self.key, settings),
            model.name,
            self.clock() + settings.deadline,
            settings.max_attempts,
        )

    def before_send(self, request: Any, **_: Any) -> None:
        call: _Call | None = (getattr(request, "context", None) or {}).get(_CONTEXT_KEY)
        if call is not None:
            call.sent_at = call.pacer.wait(call.operation)

    def needs_retry(
        self,
        response: Any,
        attempts: int,
        caught_exception: Exception | None,
        request_dict: dict,
        **_: Any,
    ) -> float | bool | None:
        call: _Call | None = request_dict.get("context", {}).get(_CONTEXT_KEY)
        if call is None:
            return None
        verdict = _verdict(response, caught_exception)
        if verdict == "answered":
            call.pacer.answered(call.operation)
            return False
        if verdict == "final":
            return False
        if verdict == "throttled":
            call.pacer.throttled(call.operation, call.sent_at)
            delay = 0.0
        elif attempts == 1:
            # The pacer's token already spaces the retry; an error that comes once in a
            # while (a 5xx, a dropped response) is retried without holding the thread longer.
            delay = 0.0
        else:
            delay = self.rand() * min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempts - 2))
        if call.max_attempts is not None and attempts >= call.max_attempts:
            return False
        if self.clock() + delay > call.deadline:
            return False
        return delay  # 0.0 is not False: botocore retries after sleeping it


def install(
    client: BaseClient,
    key: tuple,
    clock: Callable[[], float] = time.monotonic,
    rand: Callable[[], float] = random.random,
) -> None:
    """Pace and retry every call ``client`` makes, sharing the pacer of ``key``.

    ``key`` names the quota: (account, Region, endpoint). botocore acts on the first
    ``needs-retry`` answer that is not None, so this handler, registered first, decides.
    """
    handlers = _Handlers(key, clock, rand)
    service = client.meta.service_model.service_id.hyphenize()
    events = client.meta.events
    events.register(f"before-call.{service}", handlers.before_call)
    events.register(f"before-send.{service}", handlers.before_send)
    events.register_first(f"needs-retry.{service}", handlers.needs_retry)
