"""Benchmark 1: seeding N tasks against Amazon Connect's StartTaskContact quota.

A run is a :class:`Scenario`: how the emulator throttles and faults, what the provider is
told (its stack config), whether a competing client spends the same quota, and the
targets. Each run, into a fresh instance of the one emulator:

1. set the emulator's throttling (buckets per access key, Region and operation) and
   fault rules;
2. start the competing client, if any, a second before the seeding (see competitor.py);
3. `up` of a generated program of N ConnectTasks through the local engine and the real
   provider server (``python -m pulumi.dynamic``); or N Tasks through the provider plugin,
   sent as the engine sends them (plugin_seeding.py); or, for the reference, a plain boto3
   loop;
4. read the emulator's request record from the run's start and take the competitor's
   requests out of it, matched against its own tally (both use one access key);
5. count the instance's tasks: created, and duplicates (a second task of one definition).

Time runs from the first Create sent to the last one answered: the local engine records
no step times, so both ends come from the emulator's record (the first StartTaskContact of
the seeding client received, the last of its requests answered, a DescribeContact for the
provider). The whole `up` is kept beside it.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError

from localengine.engine import Engine

from .competitor import Competitor, CompetitorResult
from .harness import FAKE_CREDENTIALS, REGION, Emulator, Request, Target, write_program
from .plugin_seeding import PLUGIN_PARALLEL, config_args, seed, task_inputs

__all__ = [
    "PROVIDER_CONCURRENCY",
    "Scenario",
    "Second",
    "SeedingRun",
    "seed_with_boto3",
    "seed_with_engine",
    "seed_with_plugin",
    "task_definitions",
]

PROVIDER_CONCURRENCY = 4
"""Calls the dynamic provider server runs at once (its gRPC thread pool)."""

_COMPETITOR_LEAD = 1.0
"""Seconds the competing client runs before the seeding starts."""
_PROJECT = "bench-tasks"
"""The project of every generated program (harness.write_program's too)."""


def task_definitions(n: int) -> list[dict[str, Any]]:
    """N small, realistic task definitions with unique names."""
    return [
        {
            "name": f"task-{i:04d}",
            "args": {
                "name": f"Bench task {i:04d}",
                "description": "Seeded by the benchmark",
                "attributes": {"batch": "bench", "index": str(i)},
                "references": {
                    "runbook": {"type": "URL", "value": f"https://wiki.example.com/runbook/{i}"}
                },
            },
        }
        for i in range(n)
    ]


@dataclass(frozen=True)
class Scenario:
    """One seeding run to make: the emulator's limits and faults, the provider's config, the targets."""

    key: str
    """Short name, also the stack's."""
    label: str
    n: int
    limits: Mapping[str, tuple[float, float]] | None
    """The emulator's (rate, burst) per operation; None turns throttling off."""
    provider: Mapping[str, str] = field(default_factory=dict)
    """Stack config for the provider (``connect-tasks:*``); empty leaves its defaults."""
    env: Mapping[str, str] = field(default_factory=dict)
    """Added to the provider server's environment."""
    faults: Sequence[Mapping[str, Any]] = ()
    """Emulator fault rules for the run (connect_emulator/faults.py)."""
    competitor_rate: float | None = None
    """StartTaskContact requests per second of a competing client on the same access key."""
    max_ratio: float | None = None
    """Target: first Create → last answered at most this many times the bound."""
    max_throttles: float | None = None
    """Target: at most this many ThrottlingExceptions per 100 tasks (seeding client's StartTaskContact)."""
    seeder: str = "engine"
    """What sends the Creates: ``engine`` (`up` through the local engine and the dynamic
    provider server), ``plugin`` (the provider plugin, driven as the engine drives it) or
    ``boto3`` (a plain loop)."""

    @property
    def rate(self) -> float | None:
        """StartTaskContact's quota R, if throttled."""
        return (self.limits or {}).get("StartTaskContact", (None, None))[0]

    @property
    def burst(self) -> float | None:
        return (self.limits or {}).get("StartTaskContact", (None, None))[1]

    @property
    def left_rate(self) -> float | None:
        """The rate the competitor leaves to the seeding client: R, or R minus its rate."""
        if self.rate is None:
            return None
        return self.rate - (self.competitor_rate or 0.0)

    @property
    def bound(self) -> float | None:
        """max(0, N − B) / (the rate left): the least time the quota allows."""
        if self.left_rate is None or self.burst is None:
            return None
        return max(0.0, self.n - self.burst) / self.left_rate


@dataclass(frozen=True)
class Second:
    """One second of a run, counted from the first Create sent: the seeding client's
    StartTaskContact requests by outcome, tasks it started, and the competitor's requests."""

    second: int
    sent: int
    started: int
    """Requests answered ok in this second (a task started, or a dropped one found again)."""
    throttled: int
    faults: int
    dropped: int
    competitor_sent: int = 0
    competitor_throttled: int = 0


@dataclass
class SeedingRun:
    """One run and what the emulator saw of it."""

    scenario: Scenario
    elapsed: float = 0.0
    """The whole `up` (or the whole boto3 loop, or the plugin's whole run: start, configure,
    N Check + Create, stop)."""
    first_sent: float = 0.0
    """Seconds from the start of the `up` to the first StartTaskContact the emulator received from it."""
    last_answered: float = 0.0
    """Seconds from the start of the `up` to the last of its requests answered."""
    created: int = 0
    """Distinct tasks in the instance."""
    failed: int = 0
    """Creates that failed (engine steps and check failures, or boto3 calls that raised)."""
    duplicates: int = 0
    """Tasks beyond the first for one definition (same name)."""
    starts: Counter[str] = field(default_factory=Counter)
    """The seeding client's StartTaskContact requests by outcome (ok, throttled, fault, dropped, error)."""
    describes: Counter[str] = field(default_factory=Counter)
    """Its DescribeContact requests by outcome."""
    competitor: Counter[str] | None = None
    """The competitor's requests by outcome between the first Create sent and the last answered."""
    unmatched: int = 0
    """Competitor requests its tally has and the record did not match (should be 0)."""
    per_second: list[Second] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.scenario.label

    @property
    def n(self) -> int:
        return self.scenario.n

    @property
    def span(self) -> float:
        """First Create sent → last answered."""
        return self.last_answered - self.first_sent

    @property
    def ratio(self) -> float | None:
        bound = self.scenario.bound
        return self.span / bound if bound else None

    @property
    def throttled(self) -> int:
        return self.starts["throttled"]

    @property
    def throttles_per_100(self) -> float:
        return 100.0 * self.throttled / self.n

    @property
    def admitted(self) -> int:
        """StartTaskContact requests that took a token (not throttled, not an injected error)."""
        return sum(self.starts.values()) - self.starts["throttled"] - self.starts["fault"]

    @property
    def admitted_bound(self) -> float | None:
        """max(0, admitted − B) / the rate left: the bound for the tokens the run had to spend."""
        left, burst = self.scenario.left_rate, self.scenario.burst
        return max(0.0, self.admitted - burst) / left if left and burst is not None else None

    @property
    def sent_bound(self) -> float | None:
        """max(0, requests sent − B) / the rate left: the bound if every request sent spent a token."""
        left, burst = self.scenario.left_rate, self.scenario.burst
        return (
            max(0.0, sum(self.starts.values()) - burst) / left
            if left and burst is not None
            else None
        )

    @property
    def mean_rate(self) -> float:
        """Tasks per second from the first Create sent to the last answered."""
        return self.created / self.span if self.span > 0 else 0.0

    def median_rate(self, from_second: int = 1) -> float:
        """Median tasks started per second from ``from_second`` on, the last second left out."""
        seconds = [row.started for row in self.per_second[from_second:-1]]
        return float(statistics.median(seconds)) if seconds else 0.0

    def first_second_at(self, share: float) -> int | None:
        """The first whole second, after the burst's, in which at least ``share`` of the rate left started."""
        left = self.scenario.left_rate
        for row in self.per_second[1:-1]:
            if left and row.started >= share * left:
                return row.second
        return None

    def missed(self) -> list[str]:
        """The scenario's targets this run missed, each said with its figure; empty when all are met."""
        s = self.scenario
        missed = []
        if self.created != self.n:
            missed.append(f"{self.created} of {self.n} tasks created")
        if self.failed:
            missed.append(f"{self.failed} failed")
        if self.duplicates:
            missed.append(f"{self.duplicates} duplicates")
        if s.max_ratio is not None and (self.ratio is None or self.ratio > s.max_ratio):
            missed.append(f"{self.ratio:.3f}× > {s.max_ratio:.2f}× the bound")
        if s.max_throttles is not None and self.throttles_per_100 > s.max_throttles:
            missed.append(
                f"{self.throttles_per_100:.1f} > {s.max_throttles:g} throttles per 100 tasks"
            )
        return missed


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-")


@contextlib.contextmanager
def _competition(emulator: Emulator, scenario: Scenario) -> Iterator[Competitor | None]:
    """The scenario's competing client, running for the block, or None."""
    if scenario.competitor_rate is None:
        yield None
        return
    target = emulator.new_target()  # its own instance: the seeding instance holds only seeded tasks
    keys = {
        "aws_access_key_id": FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }
    with Competitor(
        emulator.url, REGION, keys, target.instance_id, target.flow_id, scenario.competitor_rate
    ) as c:
        time.sleep(_COMPETITOR_LEAD)
        yield c


def _without_competitor(
    records: list[Request], competitor: CompetitorResult
) -> tuple[list[Request], int]:
    """StartTaskContact ``records`` less the competitor's, and how many of its requests found no record.

    The competitor sends one request at a time, so each of its requests is the record of
    its outcome received within its own (sent, answered) window; a seeding request in the
    same window with the same outcome could be taken for it, which moves a time by at
    most that window (milliseconds) and no count.
    """
    taken: set[int] = set()
    unmatched = 0
    first = 0
    for sent, answered, outcome in competitor.requests:
        while first < len(records) and records[first].received < sent - 0.001:
            first += 1
        for index in range(first, len(records)):
            record = records[index]
            if record.received > answered + 0.001:
                unmatched += 1
                break
            if index not in taken and (record.outcome == outcome or outcome == "error"):
                taken.add(index)
                break
        else:
            unmatched += 1
    return [r for i, r in enumerate(records) if i not in taken], unmatched


def _measure(
    run: SeedingRun,
    emulator: Emulator,
    target: Target,
    began: float,
    competitor: CompetitorResult | None,
) -> None:
    """Fill ``run`` from the emulator's request record (since ``began``) and its tasks."""
    since = began - (_COMPETITOR_LEAD if competitor else 0.0)
    records = emulator.requests(since)
    starts = [r for r in records if r.operation == "StartTaskContact"]
    others = [r for r in records if r.operation != "StartTaskContact"]
    theirs: list[tuple[float, float, str]] = []
    if competitor is not None:
        theirs = competitor.during(since, math.inf)
        starts, run.unmatched = _without_competitor(
            starts, CompetitorResult(competitor.rate, theirs)
        )
    starts = [r for r in starts if r.received >= began]
    run.starts = Counter(r.outcome for r in starts)
    run.describes = Counter(r.outcome for r in others if r.operation == "DescribeContact")
    mine = starts + [r for r in others if r.received >= began]
    if starts:
        origin = min(r.received for r in starts)
        run.first_sent = origin - began
        run.last_answered = max(r.answered for r in mine) - began
        run.per_second = _per_second(starts, theirs, origin, math.ceil(run.span) or 1)
        if competitor is not None:
            end = began + run.last_answered
            run.competitor = Counter(
                outcome for sent, _, outcome in theirs if origin <= sent <= end
            )
    contacts = emulator.contacts(target.instance_id)
    names = Counter(c["name"] for c in contacts)
    run.created = len(contacts)
    run.duplicates = sum(count - 1 for count in names.values())


def _per_second(
    starts: list[Request], theirs: list[tuple[float, float, str]], origin: float, seconds: int
) -> list[Second]:
    def bucket(t: float) -> int | None:
        index = int(t - origin)
        return index if 0 <= t - origin and index < seconds else None

    counts: list[Counter[str]] = [Counter() for _ in range(seconds)]
    for r in starts:
        sent = bucket(r.received)
        if sent is not None:
            counts[sent]["sent"] += 1
            counts[sent][r.outcome] += 1
        answered = bucket(r.answered)
        if r.outcome == "ok" and answered is not None:
            counts[answered]["started"] += 1
    for sent_at, _, outcome in theirs:
        index = bucket(sent_at)
        if index is not None:
            counts[index]["competitor_sent"] += 1
            counts[index]["competitor_throttled"] += outcome == "throttled"
    return [
        Second(
            i,
            c["sent"],
            c["started"],
            c["throttled"],
            c["fault"],
            c["dropped"],
            c["competitor_sent"],
            c["competitor_throttled"],
        )
        for i, c in enumerate(counts)
    ]


def _prepare(emulator: Emulator, scenario: Scenario) -> Target:
    target = emulator.new_target()
    emulator.throttle(scenario.limits)
    emulator.faults(list(scenario.faults))
    return target


def seed_with_engine(
    emulator: Emulator, workdir: Path, scenario: Scenario, parallel: int = PROVIDER_CONCURRENCY
) -> tuple[SeedingRun, Engine]:
    """`up` of a generated N-task program; returns the run and the engine (for later ups)."""
    program = workdir / f"program-{scenario.n}"
    if not (program / "__main__.py").exists():
        write_program(program, task_definitions(scenario.n))
    target = _prepare(emulator, scenario)
    stack = _slug(scenario.key)
    env = {**FAKE_CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": emulator.url, **scenario.env}
    config = {**target.config(), **scenario.provider}
    engine = Engine(
        program, stack, workdir / "state" / stack, config=config, env=env, parallel=parallel
    )
    run = SeedingRun(scenario)
    try:
        with _competition(emulator, scenario) as competitor:
            began = time.monotonic()
            summary = engine.up()
            run.elapsed = time.monotonic() - began
    finally:
        emulator.faults([])
    run.failed = len(summary.failed) + len(summary.check_failures)
    run.errors = sorted({step.error for step in summary.failed})[:3] + summary.errors[:3]
    _measure(run, emulator, target, began, competitor.result if competitor else None)
    return run, engine


def seed_with_boto3(
    emulator: Emulator, scenario: Scenario, workers: int = PROVIDER_CONCURRENCY
) -> SeedingRun:
    """StartTaskContact N times on ``workers`` threads with botocore's default retries (legacy, 5 attempts)."""
    target = _prepare(emulator, scenario)
    client = emulator.client(Config(retries={"mode": "legacy"}))
    definitions = task_definitions(scenario.n)

    def start(definition: dict[str, Any]) -> str | None:
        args = definition["args"]
        try:
            client.start_task_contact(
                InstanceId=target.instance_id,
                ContactFlowId=target.flow_id,
                Name=args["name"],
                Description=args["description"],
                Attributes=args["attributes"],
                References={
                    k: {"Type": v["type"], "Value": v["value"]}
                    for k, v in args["references"].items()
                },
            )
        except ClientError as error:
            return error.response.get("Error", {}).get("Code", "Unknown")
        return None

    run = SeedingRun(scenario)
    with ThreadPoolExecutor(workers) as pool:
        began = time.monotonic()
        outcomes = list(pool.map(start, definitions))
        run.elapsed = time.monotonic() - began
    failures = Counter(code for code in outcomes if code is not None)
    run.failed = sum(failures.values())
    run.errors = [f"{count} x {code}" for code, count in failures.most_common()]
    _measure(run, emulator, target, began, None)
    return run


def seed_with_plugin(
    emulator: Emulator, workdir: Path, scenario: Scenario, parallel: int = PLUGIN_PARALLEL
) -> SeedingRun:
    """N Tasks through the provider plugin, started from a program folder in a clean
    environment and told the scenario's provider config, ``parallel`` Check + Create pairs in
    flight (plugin_seeding.py). The program folder holds only Pulumi.yaml: nothing runs it."""
    program = workdir / "plugin-program"
    program.mkdir(parents=True, exist_ok=True)
    (program / "Pulumi.yaml").write_text(f"name: {_PROJECT}\nruntime: yaml\n")
    target = _prepare(emulator, scenario)
    stack = _slug(scenario.key)
    # What a user's shell gives the plugin, and nothing of this process's (no PYTHONPATH).
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        **FAKE_CREDENTIALS,
        "AWS_ENDPOINT_URL_CONNECT": emulator.url,
        "AWS_REGION": REGION,
        **scenario.env,
    }
    resources = [
        (task["name"], task_inputs(target.instance_id, target.flow_id, task["args"]))
        for task in task_definitions(scenario.n)
    ]
    config = config_args(scenario.provider, REGION)
    run = SeedingRun(scenario)
    try:
        with _competition(emulator, scenario) as competitor:
            began = time.monotonic()
            outcomes = seed(
                program,
                env,
                workdir / f"plugin-{stack}.log",
                _PROJECT,
                stack,
                config,
                resources,
                parallel,
            )
            run.elapsed = time.monotonic() - began
    finally:
        emulator.faults([])
    failures = Counter(outcome for outcome in outcomes if outcome is not None)
    run.failed = sum(failures.values())
    run.errors = [f"{count} x {text}" for text, count in failures.most_common(3)]
    _measure(run, emulator, target, began, competitor.result if competitor else None)
    return run
