"""``python -m bench``: run every benchmark once and write BENCHMARKS.md.

Everything runs against the local Connect emulator on loopback, with fake credentials,
in a temporary folder that is removed afterwards. ``--quick`` runs small sizes to try
the benchmark code itself; its figures mean little.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from .harness import REGION, emulator, machine, safe_environment
from .noop import footprint, noop_up
from .overhead import cold_start, per_task_overhead
from .plot import plot_seeding
from .report import Results, render
from .seeding import seed_with_boto3, seed_with_engine
from .validation_speed import validation_speed

__all__ = ["main"]

PLOT = Path("bench") / "output" / "seeding_throughput.png"


def _package_import_seconds() -> float:
    """Seconds the validation command spends importing dynamic_providers.resource (pulumi, boto3)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import dynamic_providers.cli"],
        capture_output=True, text=True, check=False,
    )
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s+dynamic_providers\.resource$", line)
        if found:
            return int(found.group(1)) / 1e6
    return 0.0


def _provider_attempts() -> int:
    from dynamic_providers import aws

    return int(aws.client_for(REGION, None).meta.config.retries["total_max_attempts"])


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="tasks to seed (default 300)")
    parser.add_argument("--rate", type=float, default=20.0, help="StartTaskContact rate R per second (default 20)")
    parser.add_argument("--burst", type=float, default=5.0, help="StartTaskContact burst B (default 5)")
    parser.add_argument("--files", type=int, default=2000, help="definitions for the validation benchmark")
    parser.add_argument("--samples", type=int, default=100, help="samples for the per-task overhead")
    parser.add_argument("--output", default="BENCHMARKS.md", help="the report to write (default BENCHMARKS.md)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the benchmark code")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.files, args.samples = 40, 100, 10
    safe_environment()
    started, began = datetime.now(timezone.utc), time.monotonic()
    host = machine()
    # AWS's default DescribeContact quota (10/s, burst 15) scaled like StartTaskContact's.
    scale = args.rate / 2.0
    describe = (10.0 * scale, 15.0 * scale)
    limits = {"StartTaskContact": (args.rate, args.burst), "DescribeContact": describe}

    with tempfile.TemporaryDirectory(prefix="bench-") as temp, emulator() as emu:
        work = Path(temp)
        _say(f"calibration: {args.n} tasks through the engine, throttling off")
        calibration, _ = seed_with_engine(emu, work, args.n, None, "standard", "engine, no throttling")
        runs = []
        for mode in ("standard", "adaptive"):
            _say(f"seeding {args.n} tasks through the engine, {mode} retries, R={args.rate:g}/s B={args.burst:g}")
            run, engine = seed_with_engine(emu, work, args.n, limits, mode, f"engine + provider, {mode} retries")
            runs.append(run)
            if mode == "standard":
                standard_engine = engine
        _say(f"seeding {args.n} tasks with a plain boto3 loop")
        loop = seed_with_boto3(emu, args.n, limits)
        _say("no-op up")
        noop = noop_up(emu, standard_engine)
        sizes = footprint(standard_engine.store.path)
        _say("per-task overhead")
        overhead = per_task_overhead(emu, work, args.samples)
        _say("cold start")
        cold = cold_start(emu, work)
        _say(f"validation throughput over {args.files} files")
        speed = validation_speed(work, args.files)
    output = Path(args.output)
    # Beside the report, where its relative link finds it.
    plotted = plot_seeding(runs + [loop], output.parent / PLOT)
    host["load_end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    results = Results(
        started=started, seconds=time.monotonic() - began, machine=host, n=args.n, rate=args.rate,
        burst=args.burst, describe_limit=describe, calibration=calibration, engine_runs=runs, boto3_run=loop,
        noop=noop, footprint=sizes, overhead=overhead, cold=cold, validation=speed,
        validation_import_s=_package_import_seconds(), provider_attempts=_provider_attempts(),
        plot=PLOT.as_posix() if plotted else None,
    )
    output.write_text(render(results))
    _say(f"wrote {output} in {results.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
