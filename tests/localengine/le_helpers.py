"""Shared helpers for the localengine tests (a unique module name: no clash with other
test folders' conftest modules)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localengine.engine import Engine
from localengine.state import StackState, StateStore

PROGRAM_DIR = Path(__file__).parent / "fixture_program"
TASK_PROGRAM_DIR = Path(__file__).parent / "task_program"
BLOCKING_PROGRAM_DIR = Path(__file__).parent / "blocking_program"
LOOKUP_PROGRAM_DIR = Path(__file__).parent / "lookup_program"
ITEM = "pulumi-python:dynamic/fixture:Item"
NO_ENDPOINT = (
    "the local engine answers Amazon Connect lookups only from a local endpoint, and none is "
    "configured: set AWS_ENDPOINT_URL_CONNECT (e.g. the emulator's URL) in the deployment's "
    "environment. It never sends a lookup to AWS"
)
"""How a Connect lookup fails when the deployment has no Connect endpoint."""


def run_cli(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m localengine ARGS`` in a child process started in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "localengine", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_program(source: Path, destination: Path) -> Path:
    """A copy of a test program, so a test can give it its own Pulumi.<stack>.yaml."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def item_urn(name: str) -> str:
    return f"urn:pulumi:dev::le-fixture::{ITEM}::{name}"


@dataclass
class Workspace:
    """A state folder and a records file (the fixture provider's "remote")."""

    root: Path

    @property
    def records_path(self) -> Path:
        return self.root / "records.json"

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

    @property
    def state_path(self) -> Path:
        return self.state_dir / "dev.json"

    def engine(self, spec: list[dict[str, Any]], **config: str) -> Engine:
        full = {"records": str(self.records_path), "spec": json.dumps(spec), **config}
        return Engine(PROGRAM_DIR, "dev", self.state_dir, full, parallel=4)

    def records(self) -> dict[str, Any]:
        if not self.records_path.exists():
            return {"items": {}, "calls": [], "next_id": 1}
        return json.loads(self.records_path.read_text())

    def write_records(self, records: dict[str, Any]) -> None:
        self.records_path.write_text(json.dumps(records))

    def calls(self, label: str | None = None) -> list[str]:
        """The provider calls in order, as "op" (for one label) or "op label"."""
        calls = self.records()["calls"]
        if label is not None:
            return [c["op"] for c in calls if c["label"] == label]
        return [f"{c['op']} {c['label']}" for c in calls]

    def forget_calls(self) -> None:
        records = self.records()
        records["calls"] = []
        self.write_records(records)

    def state(self) -> dict[str, Any]:
        return json.loads(self.state_path.read_text())

    def loaded(self) -> StackState:
        """The state as the engine reads it (secrets decrypted)."""
        return StateStore(self.state_dir, "dev").load()


class BlockedRun:
    """``python -m localengine up`` of the blocking program, in a child process, caught
    while it holds the stack: item "a" is created (the provider server runs) and the
    program waits until ``go()``. Its state folder is ``root/state``, stack "dev"."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state_dir = root / "state"
        self.records_path = root / "records.json"
        self.started = root / "started"
        self.env = {**os.environ, "PYTHONPATH": str(PROGRAM_DIR)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "localengine", *self.args("up")],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not self.started.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"the blocked up did not start: {self.process.communicate()}")
            time.sleep(0.05)

    def args(self, command: str) -> list[str]:
        return [
            command,
            "--cwd",
            str(BLOCKING_PROGRAM_DIR),
            "--stack",
            "dev",
            "--state-dir",
            str(self.state_dir),
            "--config",
            f"records={self.records_path}",
            "--config",
            f"started={self.started}",
            "--config",
            f"go={self.root / 'go'}",
        ]

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        """Another ``python -m localengine COMMAND`` of the same stack, to its end."""
        return subprocess.run(
            [sys.executable, "-m", "localengine", *self.args(command)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def go(self) -> subprocess.CompletedProcess[str]:
        """Lets the program end; the blocked up's outcome."""
        (self.root / "go").touch()
        stdout, stderr = self.process.communicate(timeout=60)
        return subprocess.CompletedProcess(
            self.process.args, self.process.returncode, stdout, stderr
        )

    def kill(self) -> None:
        """SIGKILL to the engine, as `kill -9`."""
        self.process.send_signal(signal.SIGKILL)
        self.process.communicate(timeout=30)

    def children(self) -> list[int]:
        """The pids of the engine's child processes."""
        task_dir = Path(f"/proc/{self.process.pid}/task")
        return [
            int(pid)
            for task in task_dir.iterdir()
            for pid in (task / "children").read_text().split()
        ]

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
