"""Throughput against the rate limit over time: a PNG with matplotlib, else a text table."""

from __future__ import annotations

from pathlib import Path

from .seeding import SeedingRun

__all__ = ["plot_seeding", "seeding_table"]


def plot_seeding(runs: list[SeedingRun], path: Path) -> bool:
    """One panel per run: tasks started and requests sent per second, and the rate R.

    Returns False (and writes nothing) when matplotlib is not installed.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    longest = max(len(run.per_second) for run in runs)
    figure, axes = plt.subplots(len(runs), 1, figsize=(9, 2.6 * len(runs)), sharex=True, squeeze=False)
    for axis, run in zip(axes[:, 0], runs):
        seconds = [row[0] for row in run.per_second]
        axis.bar(seconds, [row[2] for row in run.per_second], width=0.9, color="#4c72b0", label="tasks started / s")
        axis.plot(seconds, [row[1] for row in run.per_second], color="#dd8452", marker=".",
                  label="StartTaskContact requests / s")
        if run.rate is not None:
            axis.axhline(run.rate, color="#c44e52", linestyle="--", label=f"rate limit R = {run.rate:g}/s")
        if run.bound is not None:
            axis.axvline(run.bound, color="#55a868", linestyle=":", label=f"bound {run.bound:.2f} s")
        axis.set_title(f"{run.label}: {run.created} tasks in {run.elapsed:.1f} s", fontsize=10)
        axis.set_ylabel("per second")
        axis.set_xlim(-0.5, longest + 0.5)
        axis.legend(fontsize=7, loc="upper right")
    axes[-1, 0].set_xlabel("seconds since the start of the run")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return True


def seeding_table(runs: list[SeedingRun]) -> list[str]:
    """Markdown: per second, tasks started / requests sent, one column per run."""
    longest = max(len(run.per_second) for run in runs)
    lines = ["| second | " + " | ".join(run.label for run in runs) + " |",
             "|---:|" + "---:|" * len(runs)]
    for second in range(longest):
        cells = []
        for run in runs:
            row = run.per_second[second] if second < len(run.per_second) else None
            cells.append(f"{row[2]} / {row[1]}" if row else "")
        lines.append(f"| {second} | " + " | ".join(cells) + " |")
    return lines
