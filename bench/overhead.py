"""Benchmarks 2 and 6: what one Create costs through the provider server, and its cold start.

Per-task overhead interleaves three measurements per sample, with throttling off (and the
provider's pacer told quotas far above what it reaches), so drift on the machine hits all
three alike: Check + Create through a warm provider server, a bare boto3 StartTaskContact,
and a bare StartTaskContact + DescribeContact (what Create itself does: it reads the task
back to record its ARN, creation time and state).
"""

from __future__ import annotations

import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi.dynamic.dynamic import serialize_provider

from localengine.server import ProviderServer
from pulumi_connect_tasks.task.provider import ConnectTaskProvider

from .harness import FAKE_CREDENTIALS, UNPACED, Emulator, Target

__all__ = ["ColdStart", "Overhead", "cold_start", "per_task_overhead"]

_WARMUP = 5


@dataclass
class Overhead:
    samples: int
    provider_ms: float
    """Median Check + Create through the provider server."""
    check_ms: float
    """Median Check alone (its share of the above)."""
    bare_start_ms: float
    bare_start_describe_ms: float

    @property
    def ratio_start(self) -> float:
        return self.provider_ms / self.bare_start_ms

    @property
    def ratio_start_describe(self) -> float:
        return self.provider_ms / self.bare_start_describe_ms


def _inputs(target: Target, label: str) -> dict[str, Any]:
    return {
        "instance_id": target.instance_id,
        "contact_flow_id": target.flow_id,
        "name": f"Overhead task {label}",
        "description": "Seeded by the benchmark",
        "attributes": {"batch": "bench", "index": label},
        "references": {
            "runbook": {"type": "URL", "value": f"https://wiki.example.com/runbook/{label}"}
        },
        "idempotency_key": f"bench/overhead/{label}",
        "__provider": serialize_provider(ConnectTaskProvider()),
    }


def _server(emulator: Emulator, workdir: Path, target: Target) -> ProviderServer:
    cwd = workdir / "provider-cwd"
    cwd.mkdir(parents=True, exist_ok=True)
    env = {**FAKE_CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": emulator.url}
    return ProviderServer(cwd, "bench-tasks", {**target.config(), **UNPACED}, env)


def _provider_create(server: ProviderServer, target: Target) -> tuple[float, float]:
    inputs = _inputs(target, uuid.uuid4().hex[:12])
    began = time.perf_counter()
    checked = server.check({}, inputs)
    checked_at = time.perf_counter()
    server.create(checked.inputs)
    return time.perf_counter() - began, checked_at - began


def per_task_overhead(emulator: Emulator, workdir: Path, samples: int = 100) -> Overhead:
    emulator.throttle(None)
    target = emulator.new_target()
    client = emulator.client()

    def bare(describe: bool) -> float:
        label = uuid.uuid4().hex[:12]
        began = time.perf_counter()
        contact = client.start_task_contact(
            InstanceId=target.instance_id,
            ContactFlowId=target.flow_id,
            Name=f"Overhead task {label}",
            Description="Seeded by the benchmark",
            Attributes={"batch": "bench", "index": label},
            References={
                "runbook": {"Type": "URL", "Value": f"https://wiki.example.com/runbook/{label}"}
            },
        )
        if describe:
            client.describe_contact(InstanceId=target.instance_id, ContactId=contact["ContactId"])
        return time.perf_counter() - began

    provider, checks, starts, both = [], [], [], []
    with _server(emulator, workdir, target) as server:
        for _ in range(_WARMUP):
            _provider_create(server, target)
            bare(False)
            bare(True)
        for _ in range(samples):
            total, check = _provider_create(server, target)
            provider.append(total)
            checks.append(check)
            starts.append(bare(False))
            both.append(bare(True))
    ms = lambda values: statistics.median(values) * 1000  # noqa: E731
    return Overhead(samples, ms(provider), ms(checks), ms(starts), ms(both))


@dataclass
class ColdStart:
    ready_s: list[float]
    """Launch to a configured server (port read, GetPluginInfo, Configure), per repeat."""
    first_create_s: list[float]
    """Launch to the first completed Create (Check + Create included), per repeat."""


def cold_start(emulator: Emulator, workdir: Path, repeats: int = 3) -> ColdStart:
    emulator.throttle(None)
    target = emulator.new_target()
    result = ColdStart([], [])
    for _ in range(repeats):
        began = time.perf_counter()
        with _server(emulator, workdir, target) as server:
            result.ready_s.append(time.perf_counter() - began)
            _provider_create(server, target)
            result.first_create_s.append(time.perf_counter() - began)
    return result
