"""BENCHMARKS.md from the figures of one run."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from .noop import Footprint, NoopResult
from .overhead import ColdStart, Overhead
from .plot import seeding_table
from .seeding import PROVIDER_CONCURRENCY, SeedingRun
from .validation_speed import ValidationSpeed

__all__ = ["Results", "render"]


@dataclass
class Results:
    started: datetime
    seconds: float
    machine: dict[str, str]
    n: int
    rate: float
    burst: float
    describe_limit: tuple[float, float]
    calibration: SeedingRun
    engine_runs: list[SeedingRun]
    boto3_run: SeedingRun
    noop: NoopResult
    footprint: Footprint
    overhead: Overhead
    cold: ColdStart
    validation: ValidationSpeed
    validation_import_s: float
    """Of the project's command start-up: dynamic_providers importing .resource (pulumi, boto3)."""
    provider_attempts: int
    """Attempts in all per AWS call of the provider's boto3 client (botocore's total_max_attempts)."""
    plot: str | None


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _rate(value: float | None) -> str:
    return f"{value:.0f}/s" if value is not None else "too few files to tell"


def _net_verdict(v: ValidationSpeed) -> str:
    if v.ours.net_rate is None or v.theirs.net_rate is None:
        return "–"
    return _met(v.ours.net_rate >= v.theirs.net_rate)


def _overlap_note(v: ValidationSpeed) -> str:
    if max(min(v.ours.runs), min(v.theirs.runs)) <= min(max(v.ours.runs), max(v.theirs.runs)):
        return ("The two commands' whole-command times overlap (min–max above): on this machine the "
                "difference is within the noise of one run. ")
    return ""


def _startup_note(r: Results) -> str:
    startup = r.validation.ours.startup
    if r.validation_import_s < 0.05:
        return (f"The project's command starts in {startup:.2f} s (one file) and imports neither pulumi nor "
                "boto3: the package's `__init__` loads `ConnectTask` only on first use.")
    return (f"Of the project's command's {startup:.2f} s start-up, {r.validation_import_s:.2f} s (`python -X importtime`) is "
            "`dynamic_providers/__init__.py` importing `ConnectTask` and with it pulumi and boto3, though "
            "validation needs only jsonschema.")


def _seeding_ok(run: SeedingRun) -> bool:
    return (run.bound is not None and run.elapsed <= 1.1 * run.bound and run.failed == 0
            and run.duplicates == 0 and run.created == run.n)


def _seeding_rows(runs: list[SeedingRun]) -> list[str]:
    lines = [
        "| run | elapsed | bound | elapsed / bound | first→last start | tasks/s first→last | created | failed "
        "| duplicates | StartTaskContact requests (throttled) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        bound = f"{run.bound:.2f} s" if run.bound is not None else "–"
        ratio = f"{run.elapsed / run.bound:.2f}" if run.bound else "–"
        lines.append(
            f"| {run.label} | {run.elapsed:.2f} s | {bound} | {ratio} | {run.span:.2f} s | {run.mean_rate:.1f} "
            f"| {run.created} | {run.failed} | {run.duplicates} | {run.attempts} ({run.throttled}) |"
        )
    return lines


def _first_second_at_rate(run: SeedingRun) -> int | None:
    """The first second (after the burst's) in which at least 90% of R tasks started."""
    for second, _, started in run.per_second[2:]:
        if run.rate and started >= 0.9 * run.rate:
            return second
    return None


def _seeding_reading(r: Results) -> list[str]:
    met = [run.label for run in r.engine_runs if _seeding_ok(run)]
    by_mode = {run.label.rsplit(", ", 1)[-1]: run for run in r.engine_runs}
    lines = ["What the figures say:", ""]
    lines.append(
        "- Target (within 10% of the bound, no failure, no duplicate): "
        + (f"met by {', '.join(met)}." if met else "met by neither retry mode in this run.")
        + " No run lost or duplicated a task: "
        + ", ".join(f"{run.label.rsplit(', ', 1)[-1]} {run.failed} failed / {run.duplicates} duplicates"
                    for run in r.engine_runs) + "."
    )
    for run in r.engine_runs:
        lines.append(
            f"- {run.label}: {run.elapsed:.2f} s in all, of which {run.elapsed - run.span:.2f} s outside the span "
            "from the first to the last start (running the program, starting the provider server, the last "
            f"Create's DescribeContact and state save), which the bound does not count; the span itself is "
            f"{run.span / run.bound:.2f}× the bound ({run.mean_rate:.1f} tasks/s)."
        )
    standard = by_mode.get("standard retries")
    if standard is not None and standard.rate and standard.mean_rate < 0.95 * standard.rate:
        lines.append(
            f"- Standard mode stays under R between its first and last start, with dips in the plot below: after "
            "a ThrottlingException botocore sleeps rand(0, 1) × 2^(attempt − 1) s (a 1 s base for throttling "
            f"errors), and a Create that sleeps holds one of the provider server's {PROVIDER_CONCURRENCY} threads. "
            f"The bucket banks at most B = {r.burst:g} tokens, so the rate those sleeping threads leave unused is "
            f"lost; the unthrottled pipeline ({r.calibration.n / r.calibration.elapsed:.1f} tasks/s here) has "
            "little headroom over R to make it up."
        )
    adaptive = by_mode.get("adaptive retries")
    if adaptive is not None:
        reached = _first_second_at_rate(adaptive)
        lines.append(
            f"- Adaptive mode ({adaptive.elapsed / adaptive.bound:.2f}× the bound, {adaptive.throttled} throttled "
            "requests): a client-side rate limiter shared by the provider server's threads (one cached client per "
            "process). After the first throttle it drops to a fraction of the rate it measured during the start-up, "
            "then climbs back"
            + (f", reaching 90% of R in second {reached}; from then on it starts a median "
               f"{adaptive.median_rate(reached):.0f} tasks/s with almost no throttling. Its loss is then a start-up "
               "cost, not a steady-state one, so its ratio to the bound should shrink as N grows (not measured here)."
               if reached is not None else
               f", but never reaches 90% of R in this run ({adaptive.mean_rate:.1f} tasks/s on average).")
        )
    loop = r.boto3_run
    lines.append(
        f"- The plain boto3 loop, legacy retries: {loop.elapsed / loop.bound:.2f}× the bound, {loop.failed} tasks "
        f"lost, {loop.throttled} throttled requests; reacting to throttles with random backoff costs it time too."
    )
    lines.append(
        "- What would meet the target: sending at R from the start instead of reacting to throttles (a "
        "client-side limiter set to the known quota), or more calls in flight than the provider server's fixed "
        f"{PROVIDER_CONCURRENCY} threads. Both are design changes, not measured here."
    )
    return lines


def _summary(r: Results) -> list[str]:
    v = r.validation
    rows = [
        ("1", f"seeding {r.n} tasks, R={r.rate:g}/s B={r.burst:g}: engine + provider, "
              + ", ".join(f"{run.label.split(', ')[-1]} {run.elapsed / run.bound:.2f}× bound" for run in r.engine_runs),
         "≤ 1.10× bound, 0 failed, 0 duplicates", _met(any(_seeding_ok(run) for run in r.engine_runs))),
        ("1", f"beside it: boto3 loop, legacy retries: {r.boto3_run.elapsed / r.boto3_run.bound:.2f}× bound, "
              f"{r.boto3_run.failed} tasks lost", "(reference)", "–"),
        ("2", f"Check + Create / bare StartTaskContact = {r.overhead.ratio_start:.2f}× "
              f"(/ bare start + describe = {r.overhead.ratio_start_describe:.2f}×)", "≤ 2×",
         _met(r.overhead.ratio_start <= 2)),
        ("3", f"no-op up of {r.noop.n}: {r.noop.aws_calls} AWS calls; provider {r.noop.provider_ms:.1f} ms "
              f"per resource", "0 AWS calls", _met(r.noop.aws_calls == 0)),
        ("4", f"serialized provider {r.footprint.provider_bytes} B; state {r.footprint.per_task:.0f} B per task",
         "< 512 B (provider)", _met(r.footprint.provider_bytes < 512)),
        ("5", f"validation of {v.ours.files} files: {v.ours.wall:.2f} s vs check-jsonschema {v.theirs.wall:.2f} s "
              f"({v.ratio:.2f}×); per file once started {_rate(v.ours.net_rate)} vs {_rate(v.theirs.net_rate)}",
         "at least as fast", _met(v.ratio >= 1) + " (whole command); " + _net_verdict(v) + " (per file)"),
        ("6", f"cold start to first Create: {statistics.median(r.cold.first_create_s):.2f} s (median of "
              f"{len(r.cold.first_create_s)})", "(no target)", "–"),
    ]
    lines = ["| # | figure | target | verdict |", "|---|---|---|---|"]
    lines += [f"| {n} | {figure} | {target} | {verdict} |" for n, figure, target, verdict in rows]
    return lines


def render(r: Results) -> str:
    m = r.machine
    c = r.calibration
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`python -m bench`) on {r.started:%Y-%m-%d %H:%M} UTC; the whole run took "
        f"{r.seconds:.0f} s. These are the figures of that one run: every ratio compares two things measured "
        "side by side in it, against the same local Connect emulator (`python -m connect_emulator` in its own "
        "process, on loopback). Nothing here is AWS: the emulator's latency is a loopback round trip, so the "
        "figures measure this project's own costs, not Amazon Connect's.",
        "",
        "## Machine",
        "",
        "| nproc | CPU | Python | OS | pulumi | boto3 | botocore | grpcio | jsonschema | check-jsonschema |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {m['nproc']} | {m['cpu']} | {m['python']} | {m['os']} | {m['pulumi']} | {m['boto3']} | {m['botocore']} "
        f"| {m['grpcio']} | {m['jsonschema']} | {m['check-jsonschema']} |",
        "",
        f"Load average (1, 5, 15 min) at the start: {m['load']}; at the end: {m['load_end']}. The machine may "
        "have run other work during the benchmark; on 2 cores the engine, the provider server and the "
        "emulator already share them.",
        "",
        "## Summary",
        "",
        *_summary(r),
        "",
        "## 1. Bulk seeding against a throttled StartTaskContact",
        "",
        f"N = {r.n} ConnectTasks in a generated program (`Pulumi.yaml` + `__main__.py` in a temporary folder), "
        f"`up` through the local engine (`parallel={PROVIDER_CONCURRENCY}`) and the real provider server "
        f"(`python -m pulumi.dynamic`, which runs {PROVIDER_CONCURRENCY} calls at once), into a fresh instance "
        "per run.",
        "",
        f"The emulator throttles StartTaskContact at R = {r.rate:g}/s with burst B = {r.burst:g}: AWS's default "
        f"quota (2/s, burst 5) with the rate scaled by 10, so that {r.n} tasks take "
        f"max(0, N − B) / R = {max(0, r.n - r.burst) / r.rate:.2f} s, long enough to see the steady state and short "
        "enough for `make bench`. DescribeContact, which Create also calls once per task, is scaled the same way "
        f"({r.describe_limit[0]:g}/s, burst {r.describe_limit[1]:g}; AWS: 10/s, burst 15), so StartTaskContact is "
        f"the binding limit as it is on AWS. R is under what the whole pipeline does unthrottled on this machine "
        f"({c.n} tasks in {c.elapsed:.2f} s = {c.n / c.elapsed:.1f} tasks/s, first row), so the limit, not the "
        f"CPU, binds; but R is {100 * r.rate * c.elapsed / c.n:.0f}% of that on 2 cores, little headroom, which "
        "matters below.",
        "",
        *_seeding_rows([c, *r.engine_runs, r.boto3_run]),
        "",
        "- *elapsed* is the whole `up` (program run, provider server start, N Check + Create, a state save per "
        "task), or the whole loop; *first→last start* is the span between the first and last task the emulator "
        "started, which leaves out the start-up; *tasks/s first→last* is the mean rate over that span.",
        "- *duplicates* counts tasks beyond the first per definition in the emulator's `/_emulator/contacts`; "
        "*created* counts distinct tasks there.",
        f"- The boto3 loop uses botocore's defaults (legacy mode, 5 attempts) on a thread pool of "
        f"{PROVIDER_CONCURRENCY}, the provider server's concurrency. Tasks it lost: {r.boto3_run.failed}"
        + (f" ({'; '.join(r.boto3_run.errors)})" if r.boto3_run.errors else "") + ".",
        f"- The provider's client makes {r.provider_attempts} attempts in all per call (botocore's "
        "`total_max_attempts` of the client `dynamic_providers.aws` builds; standard mode unless "
        "AWS_RETRY_MODE says otherwise) and sends a deterministic ClientToken, "
        "so a retried or repeated create returns the same task.",
    ]
    lines += ["", *_seeding_reading(r)]
    for run in r.engine_runs:
        if run.errors:
            lines.append(f"- Errors of `{run.label}`: " + "; ".join(e[:300] for e in run.errors))
    lines.append("")
    if r.plot:
        lines += [f"![tasks started and requests sent per second]({r.plot})", ""]
    else:
        lines += ["Tasks started / StartTaskContact requests, per second (matplotlib is not installed):", "",
                  *seeding_table([*r.engine_runs, r.boto3_run]), ""]
    n = r.noop
    f = r.footprint
    o = r.overhead
    v = r.validation
    cold = r.cold
    lines += [
        "## 2. Per-task overhead (throttling off)",
        "",
        f"Medians of {o.samples} samples, interleaved (one of each per round, after a warm-up):",
        "",
        "| what | median |",
        "|---|---:|",
        f"| Check + Create through the provider server (gRPC, one process hop) | {o.provider_ms:.2f} ms |",
        f"| of which Check (no AWS call) | {o.check_ms:.2f} ms |",
        f"| of which Create (StartTaskContact + DescribeContact) | {o.provider_ms - o.check_ms:.2f} ms |",
        f"| bare boto3 StartTaskContact | {o.bare_start_ms:.2f} ms |",
        f"| bare boto3 StartTaskContact + DescribeContact | {o.bare_start_describe_ms:.2f} ms |",
        "",
        f"Ratio against the bare call: **{o.ratio_start:.2f}×** (target ≤ 2×: {_met(o.ratio_start <= 2)}). "
        "Create makes two AWS calls, not one: it reads the task back with DescribeContact to record its ARN, "
        f"creation time and state. Against a bare StartTaskContact + DescribeContact the ratio is "
        f"**{o.ratio_start_describe:.2f}×**; the rest is the Check round trip and the provider server's gRPC "
        "and property serialization. Against real AWS, where a call takes tens of milliseconds, the fixed "
        "cost weighs less than against a loopback emulator.",
        "",
        "## 3. No-op up",
        "",
        f"A second `up` of the standard-mode stack of {n.n} unchanged tasks: steps {n.steps}, "
        f"**{n.aws_calls} AWS calls** (all operations, from `/_emulator/calls`; target 0: {_met(n.aws_calls == 0)}), "
        f"{n.elapsed:.2f} s in all ({n.elapsed / max(1, n.n) * 1000:.1f} ms per resource, most of it the engine "
        "running the program and registering N resources in-process). The provider's own time, Check + Diff "
        f"sent one at a time to a warm provider server for {n.provider_samples} of the resources: "
        f"**{n.provider_ms:.2f} ms per resource** (median), {n.provider_aws_calls} AWS calls.",
        "",
        "## 4. State footprint",
        "",
        "| what | bytes |",
        "|---|---:|",
        f"| state file per task (the engine's indented JSON, {f.n} tasks) | {f.per_task:.0f} |",
        f"| one task's entry, compact JSON (URN, type, id, inputs, outputs) | {f.resource_bytes:.0f} |",
        f"| of which inputs + outputs | {f.properties_bytes:.0f} |",
        f"| serialized provider (`__provider`, dill by reference) | {f.provider_bytes} |",
        "",
        f"The serialized provider is {f.provider_bytes} B (target < 512 B: {_met(f.provider_bytes < 512)}): the "
        "class pickles by reference to `dynamic_providers.provider.ConnectTaskProvider` and holds no data. "
        f"It is stored twice per task (inputs and outputs, as Pulumi does), {2 * f.provider_bytes} B. "
        "The rest of a task's state is its inputs echoed in its outputs (Pulumi needs them for diff and "
        "delete), the contact id, ARN, creation time, state and region. These tasks are small (a name, a "
        "description, two attributes, one reference); a task's state grows with its own inputs.",
        "",
        "## 5. Validation throughput",
        "",
        f"{v.ours.files} generated StartTaskContact definitions (JSON files, one in ten invalid on a schema "
        "rule), the same schema (`schemas/start_task_contact.schema.json`), each command run "
        f"{len(v.ours.runs)} times interleaved (medians). "
        + "The project's command is `connect-tasks validate FILE...` (`dynamic_providers.cli.main`, started "
        "as its console script would start it), which reads each file as a task definition (a "
        "StartTaskContact request in AWS shape) and checks it with `validate_start_task_contact`."
        + " check-jsonschema runs with `--regex-variant python` (the schema's patterns are Python's).",
        "",
        "| command | whole command (median) | runs, min–max | files/s | start-up (1 file) | files/s once started "
        "| invalid files found | exit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in (v.ours, v.theirs):
        lines.append(f"| {t.label} | {t.wall:.2f} s | {min(t.runs):.2f}–{max(t.runs):.2f} s | {t.rate:.0f} "
                     f"| {t.startup:.2f} s | {_rate(t.net_rate)} "
                     f"| {t.invalid_files} | {t.exit_status} |")
    lines += [
        "",
        f"Whole command: check-jsonschema takes {v.ratio:.2f}× the project's time (target ≥ 1: "
        f"{_met(v.ratio >= 1)}). Per file once started: {_rate(v.ours.net_rate)} against "
        f"{_rate(v.theirs.net_rate)} ({_net_verdict(v)}); the project's validator "
        "also runs the rules the schema cannot say (scheduled-time window, attribute byte budget, reference "
        "values, one target). " + _overlap_note(v) + _startup_note(r),
        "",
        "## 6. Cold start",
        "",
        "From launching `python -m pulumi.dynamic` to the first completed Create (Check + Create, building "
        "the boto3 client included), per repeat:",
        "",
        "| repeat | server ready (port, GetPluginInfo, Configure) | first Create done |",
        "|---:|---:|---:|",
    ]
    for i, (ready, done) in enumerate(zip(cold.ready_s, cold.first_create_s), 1):
        lines.append(f"| {i} | {ready:.2f} s | {done:.2f} s |")
    lines += [
        "",
        f"Median: ready in {statistics.median(cold.ready_s):.2f} s, first Create done in "
        f"{statistics.median(cold.first_create_s):.2f} s.",
        "",
    ]
    return "\n".join(lines)
