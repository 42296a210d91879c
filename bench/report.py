"""BENCHMARKS.md from the figures of one run."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from pulumi_connect_tasks.plugin.provider import WORKERS

from .harness import REGION
from .hostile import HOSTILE_TIMEOUT, MEMORY_CAP, Measured
from .hostile import section as hostile_section
from .noop import Footprint, NoopResult
from .overhead import ColdStart, Overhead
from .plot import seeding_table
from .plugin_seeding import PLUGIN_PARALLEL, config_args
from .seeding import PROVIDER_CONCURRENCY, SeedingRun
from .validation_speed import ValidationSpeed

__all__ = ["Results", "render"]

T = TypeVar("T")


def _given(value: T | None) -> T:
    """A figure of a throttled scenario, which is what every seeding reading here is about."""
    if value is None:
        raise ValueError("a seeding reading of a scenario without throttling")
    return value


TARGETS = ("real-quota", "scaled", "competing", "faults", "plugin")
"""The seeding runs with targets, in the report's order (1a to 1e)."""
REFERENCES = ("calibration", "calibration-faults", "boto3-loop")


@dataclass
class Results:
    started: datetime
    seconds: float
    machine: dict[str, str]
    runs: dict[str, SeedingRun]
    """Seeding runs by scenario key (see ``bench.__main__.scenarios``)."""
    noop: NoopResult
    footprint: Footprint
    overhead: Overhead
    cold: ColdStart
    validation: ValidationSpeed
    validation_import_s: float
    """Of the project's command start-up: pulumi_connect_tasks importing task.resource (pulumi, boto3)."""
    plot: str | None
    hostile: list[Measured] | None = None
    """Benchmark 7, each hostile file through ``connect-tasks validate`` (bench.hostile)."""


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
        return (
            "The two commands' whole-command times overlap (min–max above): on this machine the "
            "difference is within the noise of one run. "
        )
    return ""


def _startup_note(r: Results) -> str:
    startup = r.validation.ours.startup
    if r.validation_import_s < 0.05:
        return (
            f"The project's command starts in {startup:.2f} s (one file) and imports neither pulumi nor "
            "boto3: the package's `__init__` loads `ConnectTask` only on first use."
        )
    return (
        f"Of the project's command's {startup:.2f} s start-up, {r.validation_import_s:.2f} s (`python -X importtime`) is "
        "`pulumi_connect_tasks/__init__.py` importing `ConnectTask` and with it pulumi and boto3, though "
        "validation needs only jsonschema."
    )


# -- seeding ----------------------------------------------------------------------------


def _quota(run: SeedingRun) -> str:
    s = run.scenario
    return f"R={s.rate:g}/s B={s.burst:g}" if s.rate is not None else "off"


def _target(run: SeedingRun) -> str:
    """The scenario's targets in words."""
    s = run.scenario
    if s.max_ratio is None and s.max_throttles is None and s.key not in TARGETS:
        return "(reference)"
    parts = []
    if s.max_ratio is not None:
        left = " (R/2 left)" if s.competitor_rate is not None else ""
        parts.append(f"≤ {s.max_ratio:.2f}× bound{left}")
    parts += ["0 failed", "0 duplicates"]
    if s.max_throttles is not None:
        parts.append(f"≤ {s.max_throttles:g} throttles / 100 tasks")
    return ", ".join(parts)


def _verdict(run: SeedingRun) -> str:
    if _target(run) == "(reference)":
        return "–"
    missed = run.missed()
    return "met" if not missed else "**missed** (" + "; ".join(missed) + ")"


def _ratio(run: SeedingRun) -> str:
    return f"{run.ratio:.2f}×" if run.ratio is not None else "–"


def _bound(run: SeedingRun) -> str:
    bound = run.scenario.bound
    return f"{bound:.2f} s" if bound is not None else "–"


def _whole(run: SeedingRun) -> str:
    """What ``run.elapsed`` times, in words."""
    return "whole plugin run" if run.scenario.seeder == "plugin" else "whole `up`"


def _figure(r: Results, run: SeedingRun) -> str:
    """One run's line in the Summary."""
    s = run.scenario
    text = (
        f"seeding N={s.n}, {run.label} ({_quota(run)}): first Create → last answered {run.span:.2f} s = "
        f"{_ratio(run)} bound ({_bound(run)}); {_whole(run)} {run.elapsed:.2f} s; {run.failed} failed, "
        f"{run.duplicates} duplicates; {run.throttles_per_100:.1f} throttles / 100 tasks"
    )
    if run.competitor is not None:
        text += f" (the competitor's own: {run.competitor['throttled']} of {sum(run.competitor.values())} requests)"
    if s.faults and run.admitted_bound and run.sent_bound:
        text += (
            f"; {run.starts['fault']} injected 500s, {run.starts['dropped']} dropped responses; "
            f"{run.span / run.admitted_bound:.2f}× the bound of the {run.admitted} requests that took a token, "
            f"{run.span / run.sent_bound:.2f}× that of all {sum(run.starts.values())} sent"
        )
    floor = _floor(r, run)
    if s.faults and floor is not None and floor[0] > _given(s.bound):
        text += f"; the same run unthrottled takes {floor[1].span:.2f} s: {run.span / floor[0]:.2f}× that"
    return text


def _calibration_for(r: Results, run: SeedingRun) -> SeedingRun | None:
    """The run like this one (same seeder, same N, same faults) without throttling, if there is one."""
    for key in REFERENCES:
        found = r.runs.get(key)
        if (
            found is not None
            and found is not run
            and found.scenario.seeder == run.scenario.seeder
            and found.scenario.limits is None
            and found.n == run.n
            and list(found.scenario.faults) == list(run.scenario.faults)
        ):
            return found
    return None


def _floor(r: Results, run: SeedingRun) -> tuple[float, SeedingRun] | None:
    """max(bound, the same run's time unthrottled), and that unthrottled run."""
    calibration = _calibration_for(r, run)
    if calibration is None or run.scenario.bound is None:
        return None
    return max(run.scenario.bound, calibration.span), calibration


def _reference_figure(run: SeedingRun) -> str:
    if run.scenario.limits is None:
        return (
            f"beside it: {run.label}: first Create → last answered {run.span:.2f} s ({run.mean_rate:.1f} tasks/s), "
            f"whole `up` {run.elapsed:.2f} s"
        )
    return (
        f"beside it: {run.label} ({_quota(run)}): {_ratio(run)} bound, {run.throttled} throttled, "
        f"{run.failed} tasks lost"
    )


def _seeding_summary(r: Results) -> list[tuple[str, str, str, str]]:
    rows = []
    for letter, key in zip("abcde", TARGETS, strict=True):
        if key in r.runs:
            run = r.runs[key]
            rows.append((f"1{letter}", _figure(r, run), _target(run), _verdict(run)))
    for key in REFERENCES:
        if key in r.runs:
            rows.append(("1", _reference_figure(r.runs[key]), "(reference)", "–"))
    return rows


def _seeding_rows(runs: list[SeedingRun]) -> list[str]:
    lines = [
        "| run | N | quota | rate left | bound | first Create → last answered | / bound | whole `up` | created "
        "| failed | duplicates | StartTaskContact requests (throttled) | throttles / 100 tasks "
        "| DescribeContact requests (throttled) | target | verdict |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for run in runs:
        s = run.scenario
        left = f"{s.left_rate:g}/s" if s.left_rate is not None else "–"
        describes = (
            f"{sum(run.describes.values())} ({run.describes['throttled']})"
            if run.describes
            else "–"
        )
        lines.append(
            f"| {run.label} | {run.n} | {_quota(run)} | {left} | {_bound(run)} | {run.span:.2f} s | {_ratio(run)} "
            f"| {run.elapsed:.2f} s | {run.created} | {run.failed} | {run.duplicates} "
            f"| {sum(run.starts.values())} ({run.throttled}) | {run.throttles_per_100:.1f} | {describes} "
            f"| {_target(run)} | {_verdict(run)} |"
        )
    return lines


def _provider_config(r: Results) -> str:
    told = r.runs.get("scaled")
    if told is None or not told.scenario.provider:
        return ""
    pairs = ", ".join(f"`{k}: {v}`" for k, v in told.scenario.provider.items())
    return f"The scaled runs tell the provider the scaled quota in its stack config: {pairs}."


def _run_reading(run: SeedingRun) -> str:
    """Where one run's time went, from its own figures."""
    s = run.scenario
    if s.seeder == "plugin":
        text = (
            f"- {run.label}: the whole run took {run.elapsed:.2f} s, of which {run.first_sent:.2f} s before the "
            "first Create reached the emulator (starting the plugin, CheckConfig, Configure, the first Checks) "
            f"and {run.elapsed - run.last_answered:.2f} s after the last answer (its answer to the driver, "
            "stopping the plugin)"
        )
    else:
        text = (
            f"- {run.label}: the `up` took {run.elapsed:.2f} s, of which {run.first_sent:.2f} s before the "
            f"first Create reached the emulator (running the program, starting the provider server) and "
            f"{run.elapsed - run.last_answered:.2f} s after the last answer (state save, shutdown)"
        )
    text += f"; between them {run.span:.2f} s, {run.mean_rate:.2f} tasks/s against {s.left_rate:g}/s left"
    if s.bound:
        text += f", {run.span - s.bound:+.2f} s against the bound"
    first = run.per_second[0].started if run.per_second else 0
    text += (
        f". It started {first} tasks in its first second (the quota allows B + R = "
        f"{_given(s.burst) + _given(s.left_rate):g})"
    )
    reached = run.first_second_at(0.9)
    if len(run.per_second) < 3:
        text += ", too few whole seconds to see a steady rate"
    elif reached is not None:
        text += (
            f", reached 90% of the rate left in second {reached} and started a median "
            f"{run.median_rate(reached):g} tasks/s from then on"
        )
    else:
        text += f", never 90% of the rate left in a whole second after that (median {run.median_rate(1):g}/s)"
    text += f"; {run.throttled} of its StartTaskContact requests were throttled"
    if run.describes["throttled"]:
        text += f", and {run.describes['throttled']} DescribeContact requests"
    return text + "."


def _competitor_reading(run: SeedingRun) -> str:
    c: Counter[str] = run.competitor or Counter()
    rate = run.scenario.competitor_rate or 0.0
    got = c.get("ok", 0) / run.span if run.span > 0 else 0.0
    text = (
        f"- The competitor sent {sum(c.values())} requests between the seeding's first Create and last answer, "
        f"{c.get('throttled', 0)} of them throttled, and started {got:.1f} tasks/s of the {rate:g}/s it wanted; "
        f"the seeding client started {run.mean_rate:.2f}/s of the {run.scenario.left_rate:g}/s left to it."
    )
    if got < 0.9 * rate:
        text += (
            f" The seeding client took part of the competitor's share: {_given(run.scenario.left_rate) + rate - got:.1f}/s"
            " of the quota went to it."
        )
    if run.unmatched:
        text += (
            f" {run.unmatched} of the competitor's requests found no record to match, so the seeding "
            "client's counts may be off by that many."
        )
    return text


def _faults_reading(run: SeedingRun) -> str:
    sent = sum(run.starts.values())
    return (
        f"- With faults: of the seeding client's {sent} StartTaskContact requests, "
        f"{run.starts['fault']} got an injected HTTP 500 (answered before the emulator's bucket: no token "
        f"spent), {run.starts['dropped']} were applied and their response dropped (a token spent; the retry "
        f"with the same ClientToken returns the same task and spends another), {run.throttled} were "
        f"throttled. The {run.admitted} requests that took a token bound the run at max(0, {run.admitted} − B) "
        f"/ R = {run.admitted_bound:.2f} s, and it took {run.span / _given(run.admitted_bound):.2f}× that; had every "
        f"request sent spent a token (the emulator does not charge the 500s, AWS may), the bound would be "
        f"max(0, {sent} − B) / R = {run.sent_bound:.2f} s, {run.span / _given(run.sent_bound):.2f}× here. "
        f"Against N alone: {run.ratio:.2f}× the bound."
    )


def _floor_reading(r: Results, run: SeedingRun) -> str | None:
    floor = _floor(r, run)
    if floor is None:
        return None
    limit, unthrottled = floor
    if unthrottled.mean_rate >= (run.scenario.left_rate or 0.0):
        return None
    text = (
        f"- At N = {run.n} the engine itself is slower than the quota: the same run with throttling off (the "
        f"same faults, the pacer told a quota far above) takes {unthrottled.span:.2f} s from the first Create "
        f"to the last answer, {unthrottled.mean_rate:.1f} tasks/s < R = {run.scenario.left_rate:g}/s"
    )
    smaller = r.runs.get("calibration")
    if smaller is not None and smaller.n < run.n:
        text += (
            f" (at N = {smaller.n}, without faults, {smaller.mean_rate:.1f}/s: the local engine saves the whole "
            "state after every step, so a step costs more as the state grows)"
        )
    return text + (
        f". Against that floor, max(bound, unthrottled) = {limit:.2f} s, this run took "
        f"{run.span / limit:.2f}×: what the quota and the pacer add."
    )


def _seeding_reading(r: Results) -> list[str]:
    lines = ["What the figures say:", ""]
    for key in TARGETS:
        run = r.runs.get(key)
        if run is None or not run.per_second:
            continue
        lines.append(_run_reading(run))
        if run.competitor is not None:
            lines.append(_competitor_reading(run))
        if run.scenario.faults and run.admitted_bound:
            lines.append(_faults_reading(run))
        floor = _floor_reading(r, run)
        if floor is not None:
            lines.append(floor)
    calibration, scaled = r.runs.get("calibration"), r.runs.get("scaled")
    if (
        calibration is not None
        and scaled is not None
        and scaled.scenario.rate
        and calibration.mean_rate
    ):
        share = scaled.scenario.rate / calibration.mean_rate
        lines.append(
            f"- Unthrottled, the engine and the provider server do {calibration.mean_rate:.1f} tasks/s at N = "
            f"{calibration.n} on this machine, so the scaled R = {scaled.scenario.rate:g}/s is {100 * share:.0f}% "
            "of what the pipeline can do at all: "
            + (
                "the quota, not the CPU, binds" + (", with little headroom" if share > 0.6 else "")
                if share < 1
                else "the CPU, not the quota, binds"
            )
            + "."
        )
    loop = r.runs.get("boto3-loop")
    if loop is not None:
        lines.append(
            f"- The plain boto3 loop, botocore's legacy retries (5 attempts) on {PROVIDER_CONCURRENCY} threads: "
            f"{_ratio(loop)} the bound, {loop.throttled} throttled requests, {loop.failed} tasks lost"
            + (f" ({'; '.join(loop.errors)})" if loop.errors else "")
            + "."
        )
    for run in r.runs.values():
        if run.errors:
            lines.append(f"- Errors of `{run.label}`: " + "; ".join(e[:300] for e in run.errors))
    return lines


def _seeding_section(r: Results) -> list[str]:
    real, scaled = r.runs.get("real-quota"), r.runs.get("scaled")
    competing, faulty = r.runs.get("competing"), r.runs.get("faults")
    plugin = r.runs.get("plugin")
    runs = [r.runs[key] for key in (*TARGETS, *REFERENCES) if key in r.runs]
    lines = [
        "## 1. Bulk seeding against the StartTaskContact quota",
        "",
        f"N ConnectTasks in a generated program (`Pulumi.yaml` + `__main__.py` in a temporary folder), `up` through "
        f"the local engine (`parallel={PROVIDER_CONCURRENCY}`) and the real provider server (`python -m "
        f"pulumi.dynamic`, which runs {PROVIDER_CONCURRENCY} calls at once), into a fresh instance per run (1e: "
        "the same tasks through the provider plugin instead, see below). The "
        "emulator throttles per access key, Region and operation with token buckets; every run uses the one fake "
        "access key and Region.",
        "",
        "Time is measured from the first Create sent to the last one answered, both read from the emulator's "
        "request record (`GET /_emulator/requests`: the first StartTaskContact of the seeding client received, "
        "its last request answered, the last Create's DescribeContact), since the local engine records no step "
        "times; the whole `up` (program run, provider server start, N Check + Create, a state save per task) is "
        "beside it. The bound is max(0, N − B) / R, the least time the quota allows, with R the rate left to "
        "the seeding client.",
        "",
    ]
    if real is not None:
        lines.append(
            f"- **1a** {real.label}: N = {real.n}, the emulator at AWS's default quotas (StartTaskContact "
            f"{_quota(real)}, DescribeContact {_given(real.scenario.limits)['DescribeContact'][0]:g}/s burst "
            f"{_given(real.scenario.limits)['DescribeContact'][1]:g}), the provider's config left at its defaults (it "
            "paces at those same quotas)."
        )
    if scaled is not None:
        describe = _given(scaled.scenario.limits)["DescribeContact"]
        lines.append(
            f"- **1b** {scaled.label}: N = {scaled.n}, StartTaskContact {_quota(scaled)} (AWS's rate × "
            f"{_given(scaled.scenario.rate) / 2:g}, so the steady state shows in a short run) and DescribeContact "
            f"{describe[0]:g}/s burst {describe[1]:g} (scaled alike). " + _provider_config(r)
        )
    if competing is not None:
        lines.append(
            f"- **1c** {competing.label}: as 1b, plus a competing client in its own process with the same access "
            f"key and Region, starting a new task every {1 / _given(competing.scenario.competitor_rate):.2f} s from a "
            "second before the seeding until it ends, with plain boto3; it re-sends a throttled request (same "
            "ClientToken) after botocore's standard-mode backoff, rand(0, 1) × 2^(attempt − 1) s, besides its new "
            "tasks. The provider is told the full R and has to find the half left to it. The competitor's requests "
            "are told apart from the seeding client's by its own tally (same access key, same bucket)."
        )
    if faulty is not None:
        rules = "; ".join(json.dumps(dict(rule)) for rule in faulty.scenario.faults)
        lines.append(
            f"- **1d** {faulty.label}: N = {faulty.n}, as 1b, with the emulator's fault rules `{rules}`: the "
            "500 is answered before the throttle; a dropped response comes after the task was started."
        )
    if plugin is not None:
        args = ", ".join(
            f"`{k}: {v}`" for k, v in config_args(plugin.scenario.provider, REGION).items()
        )
        lines.append(
            f"- **1e** {plugin.label}: N = {plugin.n}, the emulator as in 1b, through the provider plugin "
            "(`pulumi_connect_tasks/plugin`, which runs up to "
            f"{WORKERS} core calls at once) instead of the local engine and the dynamic provider server. There is "
            "no Pulumi CLI here: `bench/plugin_seeding.py` does the engine's part. It starts `python provider "
            "<engine address>` from a generated program folder in a clean environment (PATH, the fake "
            "credentials, `AWS_ENDPOINT_URL_CONNECT`, `AWS_REGION`), sends CheckConfig and Configure with 1b's "
            f"quota ({args}, as stack config gives them: text), then a Check and a Create per task, "
            f"{PLUGIN_PARALLEL} tasks in flight at once: the Pulumi CLI's default `--parallel` is 4 × CPUs, 8 on 2 "
            f"cores (this machine has {r.machine['nproc']}). Each task has its own URN name, hence its own "
            "`name` and default idempotency key. No program runs and no state is saved, so its *whole `up`* "
            "column holds the plugin's whole run (start, configure, N Check + Create, stop)."
        )
    lines += [
        "- References: calibration runs (throttling off, the provider told a quota far above what it can reach) "
        "measure what the engine and the provider server do at all on this machine, at 1b's N, and at 1d's N "
        f"with 1d's faults; the plain boto3 loop (botocore's legacy retries, {PROVIDER_CONCURRENCY} threads) seeds "
        "at the scaled quota.",
        "",
        *_seeding_rows(runs),
        "",
        "- *throttles / 100 tasks* counts the seeding client's throttled StartTaskContact requests per 100 tasks; "
        "*duplicates* counts tasks beyond the first per definition in the instance (`/_emulator/contacts`), "
        "*created* distinct tasks there.",
        "",
        *_seeding_reading(r),
        "",
    ]
    if r.plot:
        lines += [f"![tasks started and requests sent per second]({r.plot})", ""]
    else:
        plotted = [r.runs[key] for key in TARGETS if key in r.runs]
        lines += [
            "Tasks started / StartTaskContact requests (throttled), per second from the first Create "
            "(matplotlib is not installed):",
            "",
            *seeding_table(plotted),
            "",
        ]
    return lines


def _summary(r: Results) -> list[str]:
    v = r.validation
    rows = [
        *_seeding_summary(r),
        (
            "2",
            f"Check + Create / bare StartTaskContact = {r.overhead.ratio_start:.2f}× "
            f"(/ bare start + describe = {r.overhead.ratio_start_describe:.2f}×)",
            "≤ 2×",
            _met(r.overhead.ratio_start <= 2),
        ),
        (
            "3",
            f"no-op up of {r.noop.n}: {r.noop.aws_calls} AWS calls; provider {r.noop.provider_ms:.1f} ms "
            f"per resource",
            "0 AWS calls",
            _met(r.noop.aws_calls == 0),
        ),
        (
            "4",
            f"serialized provider {r.footprint.provider_bytes} B; state {r.footprint.per_task:.0f} B per task",
            "< 512 B (provider)",
            _met(r.footprint.provider_bytes < 512),
        ),
        (
            "5",
            f"validation of {v.ours.files} files: {v.ours.wall:.2f} s vs check-jsonschema {v.theirs.wall:.2f} s "
            f"({v.ratio:.2f}×); per file once started {_rate(v.ours.net_rate)} vs {_rate(v.theirs.net_rate)}",
            "at least as fast",
            _met(v.ratio >= 1) + " (whole command); " + _net_verdict(v) + " (per file)",
        ),
        (
            "6",
            f"cold start to first Create: {statistics.median(r.cold.first_create_s):.2f} s (median of "
            f"{len(r.cold.first_create_s)})",
            "(no target)",
            "–",
        ),
    ]
    if r.hostile:
        slowest = max(r.hostile, key=lambda m: m.seconds)
        answered = all(
            m.status is not None and not m.first_line.startswith("stderr:") for m in r.hostile
        )
        rows.append(
            (
                "7",
                f"{len(r.hostile)} hostile files: slowest {slowest.seconds:.2f} s ({slowest.case.name}), "
                f"peak {max(m.peak_mib for m in r.hostile):.0f} MiB",
                "one line each, no traceback, no hang",
                _met(answered),
            )
        )
    lines = ["| # | figure | target | verdict |", "|---|---|---|---|"]
    lines += [f"| {n} | {figure} | {target} | {verdict} |" for n, figure, target, verdict in rows]
    return lines


def render(r: Results) -> str:
    m = r.machine
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
        *_seeding_section(r),
    ]
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
        f"A second `up` of the scaled run's stack (1b) of {n.n} unchanged tasks: steps {n.steps}, "
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
        "class pickles by reference to `pulumi_connect_tasks.task.provider.ConnectTaskProvider` and holds no data. "
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
        + "The project's command is `connect-tasks validate FILE...` (`pulumi_connect_tasks.files.cli.main`, started "
        "as its console script would start it), which reads each file as a task definition (a "
        "StartTaskContact request in AWS shape) and checks it with `validate_start_task_contact`."
        + " check-jsonschema runs with `--regex-variant python` (the schema's patterns are Python's).",
        "",
        "| command | whole command (median) | runs, min–max | files/s | start-up (1 file) | files/s once started "
        "| invalid files found | exit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in (v.ours, v.theirs):
        lines.append(
            f"| {t.label} | {t.wall:.2f} s | {min(t.runs):.2f}–{max(t.runs):.2f} s | {t.rate:.0f} "
            f"| {t.startup:.2f} s | {_rate(t.net_rate)} "
            f"| {t.invalid_files} | {t.exit_status} |"
        )
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
    for i, (ready, done) in enumerate(zip(cold.ready_s, cold.first_create_s, strict=True), 1):
        lines.append(f"| {i} | {ready:.2f} s | {done:.2f} s |")
    lines += [
        "",
        f"Median: ready in {statistics.median(cold.ready_s):.2f} s, first Create done in "
        f"{statistics.median(cold.first_create_s):.2f} s.",
        "",
    ]
    if r.hostile is not None:
        lines += hostile_section(r.hostile, timeout=HOSTILE_TIMEOUT, memory_cap=MEMORY_CAP)
    return "\n".join(lines)
