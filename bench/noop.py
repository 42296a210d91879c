"""Benchmarks 3 and 4: a no-op `up` of N unchanged tasks, and what the state costs per task.

The no-op is measured twice: the whole `up` through the local engine (which runs the
program, registers N resources and saves its state), and the provider's own share, a
Check and a Diff per resource sent one at a time to a warm provider server.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pulumi.dynamic.dynamic import serialize_provider

from localengine.engine import Engine
from localengine.server import ProviderServer
from pulumi_connect_tasks.task.provider import ConnectTaskProvider

from .harness import FAKE_CREDENTIALS, TASK_TYPE, Emulator

__all__ = ["Footprint", "NoopResult", "footprint", "noop_up"]


@dataclass
class NoopResult:
    n: int
    elapsed: float
    """Wall time of the whole no-op `up`."""
    aws_calls: int
    """AWS requests the emulator received during it (all operations)."""
    steps: dict[str, int]
    provider_ms: float
    """Median Check + Diff round trip per resource through the provider server, in ms."""
    provider_samples: int
    provider_aws_calls: int


def _total_calls(emulator: Emulator) -> int:
    return sum(emulator.get("/_emulator/calls")["calls"].values())


def noop_up(emulator: Emulator, engine: Engine, samples: int = 100) -> NoopResult:
    """A second `up` of the engine's stack, then the provider's Check + Diff per resource."""
    before = _total_calls(emulator)
    began = time.monotonic()
    summary = engine.up()
    elapsed = time.monotonic() - began
    aws_calls = _total_calls(emulator) - before
    steps = dict(Counter(step.op if step.ok else "failed" for step in summary.steps))

    state = engine.store.load()
    resources = [r for r in state.resources.values() if r.type == TASK_TYPE][:samples]
    env = {**FAKE_CREDENTIALS, **engine.env}
    before = _total_calls(emulator)
    timings = []
    with ProviderServer(engine.program_dir, state.project, state.config, env) as server:
        for resource in resources:
            began_one = time.perf_counter()
            checked = server.check(resource.inputs, resource.inputs, urn=resource.urn)
            diff = server.diff(
                resource.id, resource.outputs, checked.inputs, resource.inputs, urn=resource.urn
            )
            timings.append(time.perf_counter() - began_one)
            if diff.changes or checked.failures:
                raise RuntimeError(f"the no-op Diff of {resource.name} found changes")
    provider_calls = _total_calls(emulator) - before
    return NoopResult(
        n=len(summary.steps),
        elapsed=elapsed,
        aws_calls=aws_calls,
        steps=steps,
        provider_ms=statistics.median(timings) * 1000,
        provider_samples=len(timings),
        provider_aws_calls=provider_calls,
    )


@dataclass
class Footprint:
    n: int
    file_bytes: int
    """The state file, as the engine writes it (indented JSON)."""
    resource_bytes: float
    """Mean size of one task's entry in the file, compact JSON, URN key included."""
    properties_bytes: float
    """Mean size of one task's inputs and outputs alone, compact JSON."""
    provider_bytes: int
    """The serialized provider (``__provider``), stored once in the inputs and once in the outputs."""

    @property
    def per_task(self) -> float:
        return self.file_bytes / self.n


def footprint(state_path: Path) -> Footprint:
    """Sizes from one stack's state file of N tasks."""
    raw = json.loads(state_path.read_text())
    tasks = {urn: r for urn, r in raw["resources"].items() if r["type"] == TASK_TYPE}
    compact = [len(json.dumps({urn: r}, separators=(",", ":"))) for urn, r in tasks.items()]
    props = [
        len(json.dumps([r["inputs"], r["outputs"]], separators=(",", ":"))) for r in tasks.values()
    ]
    return Footprint(
        n=len(tasks),
        file_bytes=state_path.stat().st_size,
        resource_bytes=statistics.mean(compact),
        properties_bytes=statistics.mean(props),
        provider_bytes=len(serialize_provider(ConnectTaskProvider())),
    )
