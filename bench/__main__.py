"""``python -m bench``: run every benchmark once and write BENCHMARKS.md.

Everything runs against the local Connect emulator on loopback, with fake credentials,
in a temporary folder that is removed afterwards. ``--quick`` runs small sizes to try
the benchmark code itself; its figures mean little.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from .harness import UNPACED, emulator, machine, safe_environment
from .hostile import measure_all
from .noop import footprint, noop_up
from .overhead import cold_start, per_task_overhead
from .plot import plot_seeding
from .plugin_seeding import PLUGIN_PARALLEL
from .report import Results, render
from .seeding import (
    PROVIDER_CONCURRENCY,
    Scenario,
    SeedingRun,
    seed_with_boto3,
    seed_with_engine,
    seed_with_plugin,
)
from .validation_speed import validation_speed

__all__ = ["main"]

PLOT = Path("bench") / "output" / "seeding_throughput.png"
PLOTTED = ("real-quota", "scaled", "competing", "faults", "plugin")
REAL_QUOTA = {"StartTaskContact": (2.0, 5.0), "DescribeContact": (10.0, 15.0)}
"""AWS's default quotas, which are the emulator's defaults too."""


def _package_import_seconds() -> float:
    """Seconds the validation command spends importing pulumi_connect_tasks.task.resource (pulumi, boto3)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import pulumi_connect_tasks.files.cli"],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stderr.splitlines():
        found = re.match(
            r"import time:\s+\d+ \|\s+(\d+) \|\s+pulumi_connect_tasks\.task\.resource$", line
        )
        if found:
            return int(found.group(1)) / 1e6
    return 0.0


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def scenarios(n_real: int, n: int, n_faults: int, rate: float, burst: float) -> list[Scenario]:
    """The seeding runs, in the order they run (see seeding.py and the report's section 1)."""
    # AWS's default DescribeContact quota (10/s, burst 15), scaled like StartTaskContact's.
    scale = rate / 2.0
    scaled = {"StartTaskContact": (rate, burst), "DescribeContact": (10.0 * scale, 15.0 * scale)}
    told = {
        "connect-tasks:startTaskContactRate": f"{rate:g}",
        "connect-tasks:startTaskContactBurst": f"{burst:g}",
        "connect-tasks:apiRates": json.dumps(
            {"DescribeContact": {"rate": 10.0 * scale, "burst": 15.0 * scale}}
        ),
    }
    faults = (
        {
            "operation": "StartTaskContact",
            "kind": "error",
            "rate": 0.2,
            "code": "InternalServiceException",
        },
        {"operation": "StartTaskContact", "kind": "drop_after", "rate": 0.1},
    )
    return [
        Scenario("calibration", f"engine, no throttling, N={n}", n, None, provider=UNPACED),
        Scenario(
            "real-quota",
            "AWS's default quota, provider defaults",
            n_real,
            dict(REAL_QUOTA),
            max_ratio=1.05,
            max_throttles=2.0,
        ),
        Scenario(
            "scaled",
            "scaled quota, provider told it",
            n,
            scaled,
            provider=told,
            max_ratio=1.05,
            max_throttles=2.0,
        ),
        # 1b through the provider plugin instead of the engine and the dynamic provider.
        Scenario(
            "plugin",
            f"through the provider plugin, {PLUGIN_PARALLEL} in flight, scaled quota, plugin told it",
            n,
            scaled,
            provider=told,
            seeder="plugin",
            max_ratio=1.05,
        ),
        Scenario(
            "competing",
            f"scaled quota, a competitor at R/2 = {rate / 2:g}/s",
            n,
            scaled,
            provider=told,
            competitor_rate=rate / 2,
            max_ratio=1.10,
        ),
        # 1d without the quota: what this engine takes for the same N and faults, 1d's floor.
        Scenario(
            "calibration-faults",
            f"engine, no throttling, N={n_faults}, 1d's faults",
            n_faults,
            None,
            provider=UNPACED,
            faults=faults,
        ),
        Scenario(
            "faults",
            "scaled quota, 20% HTTP 500 + 10% dropped after start",
            n_faults,
            scaled,
            provider=told,
            faults=faults,
        ),
        Scenario(
            "boto3-loop",
            f"boto3 loop, legacy retries, {PROVIDER_CONCURRENCY} threads",
            n,
            scaled,
            seeder="boto3",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=300, help="tasks to seed at the scaled quota (default 300)"
    )
    parser.add_argument(
        "--n-real", type=int, default=45, help="tasks to seed at AWS's default quota (default 45)"
    )
    parser.add_argument(
        "--n-faults", type=int, default=1000, help="tasks to seed with faults (default 1000)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=20.0,
        help="scaled StartTaskContact rate R per second (default 20)",
    )
    parser.add_argument(
        "--burst", type=float, default=5.0, help="scaled StartTaskContact burst B (default 5)"
    )
    parser.add_argument(
        "--files", type=int, default=2000, help="definitions for the validation benchmark"
    )
    parser.add_argument(
        "--samples", type=int, default=100, help="samples for the per-task overhead"
    )
    parser.add_argument(
        "--output", default="BENCHMARKS.md", help="the report to write (default BENCHMARKS.md)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, to try the benchmark code"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.n_real, args.n, args.n_faults, args.files, args.samples = 12, 40, 100, 100, 10
    safe_environment()
    started, began = datetime.now(UTC), time.monotonic()
    host = machine()
    runs: dict[str, SeedingRun] = {}
    engines = {}

    with tempfile.TemporaryDirectory(prefix="bench-") as temp, emulator() as emu:
        work = Path(temp)
        for scenario in scenarios(args.n_real, args.n, args.n_faults, args.rate, args.burst):
            quota = (
                f"R={scenario.rate:g}/s B={scenario.burst:g}"
                if scenario.rate is not None
                else "throttling off"
            )
            _say(f"seeding {scenario.n} tasks: {scenario.label} ({quota})")
            if scenario.seeder == "boto3":
                runs[scenario.key] = seed_with_boto3(emu, scenario)
            elif scenario.seeder == "plugin":
                runs[scenario.key] = seed_with_plugin(emu, work, scenario)
            else:
                runs[scenario.key], engines[scenario.key] = seed_with_engine(emu, work, scenario)
            run = runs[scenario.key]
            _say(
                f"  {run.created} created, {run.failed} failed, first Create → last answered {run.span:.2f} s"
                + (f" = {run.ratio:.2f}× bound" if run.ratio else "")
                + f", {'up' if scenario.seeder == 'engine' else 'whole run'} {run.elapsed:.2f} s, "
                f"{run.throttled} throttled"
            )
            for error in run.errors:
                _say(f"  error: {error[:300]}")
        _say("no-op up")
        noop = noop_up(emu, engines["scaled"])
        sizes = footprint(engines["scaled"].store.path)
        _say("per-task overhead")
        overhead = per_task_overhead(emu, work, args.samples)
        _say("cold start")
        cold = cold_start(emu, work)
        _say(f"validation throughput over {args.files} files")
        speed = validation_speed(work, args.files)
    _say("hostile definition files")
    hostile = measure_all()
    output = Path(args.output)
    # Beside the report, where its relative link finds it.
    plotted = plot_seeding([runs[key] for key in PLOTTED], output.parent / PLOT)
    host["load_end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    results = Results(
        started=started,
        seconds=time.monotonic() - began,
        machine=host,
        runs=runs,
        noop=noop,
        footprint=sizes,
        overhead=overhead,
        cold=cold,
        validation=speed,
        validation_import_s=_package_import_seconds(),
        plot=PLOT.as_posix() if plotted else None,
        hostile=hostile,
    )
    output.write_text(render(results))
    _say(f"wrote {output} in {results.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
