"""A competing client: another program of the same account and Region taking part of the quota.

It runs in its own process (as another program would), with the same access key and
Region as the seeding run, so the emulator charges both to one StartTaskContact bucket.
It wants one new task every ``1 / rate`` seconds, steadily, and sends with plain boto3
one request at a time, botocore's own retries off: a throttled request is re-sent (same
ClientToken) after botocore's standard-mode backoff, rand(0, 1) × 2^(attempt − 1) s capped
at 20 s, besides the new tasks, which keep coming. So it sends ``rate`` requests per
second while it gets them through, and more, as a real client would, while it does not.

Its own tally (each request's send and answer times and outcome) is what tells its
requests apart from the seeding client's, since the emulator sees one account.
"""

from __future__ import annotations

import heapq
import multiprocessing
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Competitor", "CompetitorResult"]

_BACKOFF_CAP = 20.0


@dataclass
class CompetitorResult:
    """What the competitor did, one entry per request in the order sent."""

    rate: float
    requests: list[tuple[float, float, str]] = field(default_factory=list)
    """(sent, answered, outcome): ``time.monotonic()`` seconds (one clock for the host on
    Linux, so they compare with the emulator's record) and ok, throttled or error."""
    pending: int = 0
    """Tasks still waiting for a retry when it was stopped."""

    def during(self, start: float, end: float) -> list[tuple[float, float, str]]:
        """The requests sent from ``start`` to ``end``."""
        return [r for r in self.requests if start <= r[0] <= end]


def _run(
    url: str,
    region: str,
    keys: dict[str, str],
    instance_id: str,
    flow_id: str,
    rate: float,
    ready: Any,
    stop: Any,
    results: Any,
) -> None:
    """The child process: new tasks at ``rate`` until ``stop`` is set; the tally goes to ``results``."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    client = boto3.client(
        "connect",
        endpoint_url=url,
        region_name=region,
        config=Config(retries={"total_max_attempts": 1}),
        **keys,
    )
    result = CompetitorResult(rate)
    due: list[tuple[float, int, str, int]] = []  # (when, task index, ClientToken, attempt)
    index, next_new = 0, time.monotonic()
    ready.set()
    while not stop.is_set():
        now = time.monotonic()
        while next_new <= now:
            heapq.heappush(due, (next_new, index, uuid.uuid4().hex, 1))
            index, next_new = index + 1, next_new + 1.0 / rate
        when = min(next_new, due[0][0]) if due else next_new
        if when > now:
            stop.wait(when - now)
            continue
        _, task, token, attempt = heapq.heappop(due)
        sent = time.monotonic()
        try:
            client.start_task_contact(
                InstanceId=instance_id,
                ContactFlowId=flow_id,
                Name=f"Competing task {task:05d}",
                ClientToken=token,
            )
            outcome = "ok"
        except ClientError as error:
            throttled = error.response.get("Error", {}).get("Code") == "ThrottlingException"
            outcome = "throttled" if throttled else "error"
        except BotoCoreError:
            outcome = "error"
        answered = time.monotonic()
        result.requests.append((sent, answered, outcome))
        if outcome != "ok":
            backoff = random.random() * min(_BACKOFF_CAP, 2.0 ** (attempt - 1))
            heapq.heappush(due, (answered + backoff, task, token, attempt + 1))
    result.pending = len(due)
    results.put(result)


class Competitor:
    """``with Competitor(...) as competitor:`` runs the competing process for the block.

    Entering returns once the process sends; ``result`` holds its tally after the block.
    """

    def __init__(
        self,
        url: str,
        region: str,
        keys: dict[str, str],
        instance_id: str,
        flow_id: str,
        rate: float,
    ) -> None:
        self._args = (url, region, dict(keys), instance_id, flow_id, rate)
        self.result: CompetitorResult | None = None

    def __enter__(self) -> Competitor:
        # spawn, not fork: the benchmark process runs gRPC threads.
        context = multiprocessing.get_context("spawn")
        self._ready, self._stop, self._results = context.Event(), context.Event(), context.Queue()
        self._process = context.Process(
            target=_run,
            args=(*self._args, self._ready, self._stop, self._results),
            name="bench-competitor",
            daemon=True,
        )
        self._process.start()
        if not self._ready.wait(60):
            self._process.terminate()
            raise RuntimeError("the competing client did not start")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        try:
            self.result = self._results.get(timeout=30)
        finally:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.terminate()
