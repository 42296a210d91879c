"""Shared helpers for the localengine tests (a unique module name: no clash with other
test folders' conftest modules)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localengine.engine import Engine
from localengine.state import StackState, StateStore

PROGRAM_DIR = Path(__file__).parent / "fixture_program"
TASK_PROGRAM_DIR = Path(__file__).parent / "task_program"
ITEM = "pulumi-python:dynamic/fixture:Item"


def run_cli(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m localengine ARGS`` in a child process started in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "localengine", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
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
