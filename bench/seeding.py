"""Benchmark 1: seeding N tasks against a throttled StartTaskContact.

Three ways side by side, each into a fresh instance of the same emulator:

* the local engine running a generated program of N ConnectTasks through the real
  provider server (``python -m pulumi.dynamic``), once per retry mode;
* the same engine with throttling off, which measures what the engine and provider can
  do at all on this machine (so the rate limit, not the CPU, is known to bind);
* a plain boto3 loop with botocore's default retries (legacy mode, 5 attempts) on a
  thread pool as large as the provider server's (4 calls at once).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError

from localengine.engine import Engine

from .harness import FAKE_CREDENTIALS, CallSampler, Emulator, Target, write_program

__all__ = ["SeedingRun", "seed_with_boto3", "seed_with_engine", "task_definitions", "PROVIDER_CONCURRENCY"]

PROVIDER_CONCURRENCY = 4
"""Calls the dynamic provider server runs at once (its gRPC thread pool)."""


def task_definitions(n: int) -> list[dict[str, Any]]:
    """N small, realistic task definitions with unique names."""
    return [
        {
            "name": f"task-{i:04d}",
            "args": {
                "name": f"Bench task {i:04d}",
                "description": "Seeded by the benchmark",
                "attributes": {"batch": "bench", "index": str(i)},
                "references": {"runbook": {"type": "URL", "value": f"https://wiki.example.com/runbook/{i}"}},
            },
        }
        for i in range(n)
    ]


@dataclass
class SeedingRun:
    """One way of seeding N tasks and what the emulator saw of it."""

    label: str
    n: int
    rate: float | None
    burst: float | None
    elapsed: float = 0.0
    span: float = 0.0
    """Seconds from the first to the last task the emulator started."""
    created: int = 0
    """Distinct tasks in the emulator."""
    failed: int = 0
    """Creates that failed (engine steps, or boto3 calls that raised)."""
    duplicates: int = 0
    """Tasks beyond the first for one definition (same name)."""
    attempts: int = 0
    """StartTaskContact requests the emulator received."""
    errors: list[str] = field(default_factory=list)
    per_second: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def bound(self) -> float | None:
        """max(0, N - B) / R: the least time the rate limit allows."""
        if self.rate is None or self.burst is None:
            return None
        return max(0.0, self.n - self.burst) / self.rate

    @property
    def mean_rate(self) -> float:
        """Tasks started per second between the first and the last start."""
        return (self.created - 1) / self.span if self.span > 0 else 0.0

    def median_rate(self, from_second: int = 1) -> float:
        """Median tasks started per second from ``from_second`` on, the last second left out."""
        seconds = [row[2] for row in self.per_second[from_second:-1]]
        return float(statistics.median(seconds)) if seconds else 0.0

    @property
    def throttled(self) -> int:
        return max(0, self.attempts - self.created)


def _tally(run: SeedingRun, emulator: Emulator, target: Target) -> None:
    contacts = emulator.contacts(target.instance_id)
    names = Counter(c["name"] for c in contacts)
    run.created = len(contacts)
    run.duplicates = sum(count - 1 for count in names.values())
    started = [c["initiation"] for c in contacts]
    run.span = max(started) - min(started) if started else 0.0


def seed_with_engine(
    emulator: Emulator,
    workdir: Path,
    n: int,
    limits: dict[str, tuple[float, float]] | None,
    retry_mode: str,
    label: str,
    parallel: int = PROVIDER_CONCURRENCY,
) -> tuple[SeedingRun, Engine]:
    """`up` of a generated N-task program; returns the run and the engine (for later ups)."""
    program = workdir / "program"
    if not (program / "__main__.py").exists():
        write_program(program, task_definitions(n))
    target = emulator.new_target()
    emulator.throttle(limits)
    stack = label.replace(" ", "-")
    env = {**FAKE_CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": emulator.url, "AWS_RETRY_MODE": retry_mode}
    engine = Engine(program, stack, workdir / "state" / stack, config=target.config(), env=env, parallel=parallel)
    start_limit = (limits or {}).get("StartTaskContact")
    run = SeedingRun(label, n, *(start_limit if start_limit else (None, None)))
    with CallSampler(emulator, "StartTaskContact") as sampler:
        began = time.monotonic()
        summary = engine.up()
        run.elapsed = time.monotonic() - began
    run.per_second = sampler.per_second()
    run.attempts = sampler.samples[-1][1]
    run.failed = len(summary.failed) + len(summary.check_failures)
    run.errors = sorted({step.error for step in summary.failed})[:3] + summary.errors[:3]
    _tally(run, emulator, target)
    return run, engine


def seed_with_boto3(
    emulator: Emulator, n: int, limits: dict[str, tuple[float, float]], workers: int = PROVIDER_CONCURRENCY
) -> SeedingRun:
    """StartTaskContact N times on ``workers`` threads with botocore's default retries."""
    target = emulator.new_target()
    emulator.throttle(limits)
    # botocore's defaults: legacy mode, 5 attempts in all (the process sets no AWS_MAX_ATTEMPTS).
    client = emulator.client(Config(retries={"mode": "legacy"}))
    definitions = task_definitions(n)

    def start(definition: dict[str, Any]) -> str | None:
        args = definition["args"]
        try:
            client.start_task_contact(
                InstanceId=target.instance_id, ContactFlowId=target.flow_id, Name=args["name"],
                Description=args["description"], Attributes=args["attributes"],
                References={k: {"Type": v["type"], "Value": v["value"]} for k, v in args["references"].items()},
            )
        except ClientError as error:
            return error.response.get("Error", {}).get("Code", "Unknown")
        return None

    rate, burst = limits["StartTaskContact"]
    run = SeedingRun(f"boto3 loop, legacy retries, {workers} threads", n, rate, burst)
    with CallSampler(emulator, "StartTaskContact") as sampler, ThreadPoolExecutor(workers) as pool:
        began = time.monotonic()
        outcomes = list(pool.map(start, definitions))
        run.elapsed = time.monotonic() - began
    run.per_second = sampler.per_second()
    run.attempts = sampler.samples[-1][1]
    failures = Counter(code for code in outcomes if code is not None)
    run.failed = sum(failures.values())
    run.errors = [f"{count} x {code}" for code, count in failures.most_common()]
    _tally(run, emulator, target)
    return run
