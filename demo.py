"""``python -m demo {up,destroy}``: the example stack, offline.

Starts the local Connect emulator (its data kept in ``<dir>/emulator.json``), prepares an
instance and a flow in it once, and runs ``__main__.py`` through the real Pulumi provider
server with the local engine (state in ``<dir>/state``): a preview, an up, a second up
that must change nothing, a refresh, and a table of the seeded tasks. ``destroy`` stops
them. Nothing here reaches AWS: the provider server gets ``AWS_ENDPOINT_URL_CONNECT``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3

from connect_emulator.prepare import ensure_environment
from localengine.display import render
from localengine.engine import Engine
from localengine.state import StateStore
from localengine.summary import Summary
from pulumi_connect_tasks.flows import TASK_INTAKE_FLOW

__all__ = ["main"]

STACK = "demo"
REGION = "us-east-1"
TASK_TYPE = "pulumi-python:dynamic/connect:Task"
SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@contextmanager
def emulator(data_file: Path) -> Iterator[str]:
    """The emulator in a child process for the duration of the block; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "connect_emulator", "--port", "0", "--state", str(data_file)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = (process.stdout.readline() if process.stdout else "").strip()
        if not url.startswith("http://"):
            raise SystemExit("demo: the emulator did not start (see its messages above)")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def prepare_environment(client, record: Path) -> dict[str, str]:
    """The instance and flow the stack seeds into, created once and remembered."""
    known = json.loads(record.read_text()) if record.exists() else None
    ids = ensure_environment(client, known, "demo-contact-centre", TASK_INTAKE_FLOW)
    if ids != known:
        record.write_text(json.dumps(ids, indent=2) + "\n")
        print(
            f"Prepared instance {ids['instanceId']} and flow {ids['contactFlowId']} in the emulator"
        )
    return ids


def show(summary: Summary) -> bool:
    print("\n".join(render(summary)) + "\n")
    return summary.ok


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def task_table(state_dir: Path) -> str:
    """Logical name, contact id, state and scheduled time of every task in the state, then
    each recurring task's schedule: its name, expression and time zone, and the ClientToken
    every run sends (EventBridge Scheduler fills in the run's time)."""
    state = StateStore(state_dir, STACK).load()
    tasks = [("TASK", "CONTACT ID", "STATE", "SCHEDULED AT")]
    schedules = [("SCHEDULE", "EXPRESSION", "TIME ZONE", "CLIENT TOKEN OF EACH RUN")]
    for resource in sorted(state.resources.values(), key=lambda r: r.name):
        out = resource.outputs
        if resource.type == TASK_TYPE:
            tasks.append(
                (resource.name, resource.id, out.get("state", ""), out.get("scheduled_at") or "-")
            )
        if resource.type == SCHEDULE_TYPE:
            token = json.loads(out["target"]["input"])["ClientToken"]
            schedules.append(
                (
                    out["name"],
                    out["scheduleExpression"],
                    out.get("scheduleExpressionTimezone") or "UTC",
                    token,
                )
            )
    return _table(tasks) + ("\n\n" + _table(schedules) if len(schedules) > 1 else "")


def run(action: str, directory: Path, program_dir: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    os.environ.update(FAKE_CREDENTIALS)
    with emulator(directory / "emulator.json") as url:
        print(f"Local Connect emulator at {url}\n")
        env = {**FAKE_CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": url, "AWS_REGION": REGION}
        client = boto3.client("connect", endpoint_url=url, region_name=REGION)
        if action == "up":
            config = {
                **prepare_environment(client, directory / "environment.json"),
                "aws:region": REGION,
            }
        else:
            config = {"aws:region": REGION}
        engine = Engine(program_dir, STACK, directory / "state", config=config, env=env)
        if action == "up":
            ok = show(engine.preview()) and show(engine.up())
            second = engine.up()
            ok = show(second) and ok
            if ok and any(step.op != "same" for step in second.steps):
                print("demo: the second up was expected to change nothing")
                ok = False
            ok = show(engine.refresh()) and ok
            print(task_table(directory / "state"))
        else:
            ok = show(engine.destroy())
    print(f"\n{action} {'finished' if ok else 'FAILED'} in {time.monotonic() - started:.1f} s")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "destroy"])
    parser.add_argument(
        "--dir", default=".demo", help="where the emulator data and the stack state live"
    )
    parser.add_argument(
        "--program", default=".", help="the folder with Pulumi.yaml and __main__.py"
    )
    args = parser.parse_args(argv)
    return run(args.action, Path(args.dir).resolve(), Path(args.program).resolve())


if __name__ == "__main__":
    sys.exit(main())
