"""Throughput against the quota over time: a PNG with matplotlib, else a text table."""

from __future__ import annotations

from pathlib import Path

from .seeding import SeedingRun

__all__ = ["plot_seeding", "seeding_table"]


def plot_seeding(runs: list[SeedingRun], path: Path) -> bool:
    """One row per run, counted from its first Create sent: on the left, tasks started per
    second against the rate the quota leaves it; on the right, the StartTaskContact
    requests it sent per second, the throttled (and faulted) ones apart, and the
    competitor's.

    Returns False (and writes nothing) when matplotlib is not installed.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    runs = [run for run in runs if run.per_second]
    if not runs:
        return False
    figure, axes = plt.subplots(len(runs), 2, figsize=(13, 2.8 * len(runs)), squeeze=False)
    for (left, right), run in zip(axes, runs, strict=True):
        scenario = run.scenario
        seconds = [row.second + 0.5 for row in run.per_second]
        left.bar(
            seconds,
            [row.started for row in run.per_second],
            width=0.9,
            color="#4c72b0",
            label="tasks started / s",
        )
        if scenario.left_rate is not None:
            left.axhline(
                scenario.left_rate,
                color="#c44e52",
                linestyle="--",
                label=f"rate left to it = {scenario.left_rate:g}/s",
            )
        if scenario.competitor_rate is not None and scenario.rate is not None:
            left.axhline(
                scenario.rate,
                color="#c44e52",
                linestyle=":",
                label=f"quota R = {scenario.rate:g}/s",
            )
        if scenario.bound is not None:
            left.axvline(
                scenario.bound,
                color="#55a868",
                linestyle=":",
                label=f"bound {scenario.bound:.2f} s",
            )
        ratio = f" = {run.ratio:.2f}× bound" if run.ratio is not None else ""
        left.set_title(f"{run.label}: {run.created} tasks, {run.span:.1f} s{ratio}", fontsize=9)
        left.set_ylabel("per second")
        left.legend(fontsize=7, loc="lower center")

        throttled = [row.throttled for row in run.per_second]
        faulted = [row.faults + row.dropped for row in run.per_second]
        passed = [
            row.sent - t - f for row, t, f in zip(run.per_second, throttled, faulted, strict=True)
        ]
        right.bar(seconds, passed, width=0.9, color="#8c8c8c", label="requests answered ok")
        right.bar(seconds, throttled, width=0.9, bottom=passed, color="#c44e52", label="throttled")
        if any(faulted):
            right.bar(
                seconds,
                faulted,
                width=0.9,
                bottom=[p + t for p, t in zip(passed, throttled, strict=True)],
                color="#dd8452",
                label="injected 500 or dropped",
            )
        if scenario.competitor_rate is not None:
            right.plot(
                seconds,
                [row.competitor_sent for row in run.per_second],
                color="#55a868",
                marker=".",
                label="competitor's requests / s",
            )
            right.plot(
                seconds,
                [row.competitor_throttled for row in run.per_second],
                color="#937860",
                marker="x",
                linestyle="none",
                label="competitor's throttled / s",
            )
        if scenario.rate is not None:
            right.axhline(
                scenario.rate,
                color="#c44e52",
                linestyle=":",
                label=f"quota R = {scenario.rate:g}/s",
            )
        right.set_title(
            f"its StartTaskContact requests: {sum(run.starts.values())}, {run.throttled} throttled",
            fontsize=9,
        )
        right.legend(fontsize=7, loc="lower center")
        for axis in (left, right):
            axis.set_xlim(0, len(run.per_second))
    for axis in axes[-1]:
        axis.set_xlabel("seconds since the first Create sent")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return True


def seeding_table(runs: list[SeedingRun]) -> list[str]:
    """Markdown: per second, tasks started / requests sent (throttled), one column per run."""
    longest = max(len(run.per_second) for run in runs)
    lines = [
        "| second | " + " | ".join(run.label for run in runs) + " |",
        "|---:|" + "---:|" * len(runs),
    ]
    for second in range(longest):
        cells = []
        for run in runs:
            row = run.per_second[second] if second < len(run.per_second) else None
            cells.append(f"{row.started} / {row.sent} ({row.throttled})" if row else "")
        lines.append(f"| {second} | " + " | ".join(cells) + " |")
    return lines
