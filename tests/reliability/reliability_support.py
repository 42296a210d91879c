"""Shared pieces of the reliability tests: a generated program of N ConnectTasks, the
local engine pointed at an in-process emulator, and the emulator's record.

(A module name of its own, so it never clashes with another test folder's helpers.)
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localengine.engine import Engine
from tests.emulator_support import CREDENTIALS, connect_client, instance_and_flow
from tests.emulator_support import emulator_get as get
from tests.emulator_support import emulator_post as post

__all__ = [
    "CREDENTIALS",
    "N",
    "PROJECT",
    "TASK_TYPE",
    "Stack",
    "calls",
    "connect_client",
    "get",
    "new_stack",
    "post",
    "task",
    "total_calls",
    "write_program",
]

TASK_TYPE = "pulumi-python:dynamic/connect:Task"
PROJECT = "reliability"

# CI size by default; RELIABILITY_N=300 for a larger run.
N = int(os.environ.get("RELIABILITY_N", "30"))

_PROGRAM = '''\
"""One ConnectTask per entry of tasks.json: {"name", "args", "secret": [arg names]}."""

import json
import pathlib

import pulumi

from pulumi_connect_tasks import ConnectTask, ConnectTaskArgs

config = pulumi.Config()
for task in json.loads(pathlib.Path(__file__).with_name("tasks.json").read_text()):
    args = {"instance_id": config.require("instanceId"), "contact_flow_id": config.require("contactFlowId")}
    args.update(task["args"])
    for key in task.get("secret", []):
        value = args[key]
        if isinstance(value, dict):
            args[key] = {k: pulumi.Output.secret(v) for k, v in value.items()}
        else:
            args[key] = pulumi.Output.secret(value)
    ConnectTask(task["name"], ConnectTaskArgs(**args))
'''


def task(index: int, **args: Any) -> dict[str, Any]:
    """One entry of tasks.json: a small task named after its index."""
    return {
        "name": f"task-{index:04d}",
        "args": {
            "name": f"Reliability task {index:04d}",
            "attributes": {"index": str(index)},
            **args,
        },
    }


def write_program(directory: Path, tasks: list[dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Pulumi.yaml").write_text(f"name: {PROJECT}\nruntime: python\n")
    (directory / "__main__.py").write_text(_PROGRAM)
    (directory / "tasks.json").write_text(json.dumps(tasks))
    return directory


def calls(url: str, operation: str) -> tuple[int, int]:
    """(requests received, requests completed) for one operation."""
    counts = get(url, "/_emulator/calls")
    return counts["calls"].get(operation, 0), counts["succeeded"].get(operation, 0)


def total_calls(url: str) -> int:
    return sum(get(url, "/_emulator/calls")["calls"].values())


@dataclass
class Stack:
    """A program, an instance in the emulator, and one stack's state folder."""

    url: str
    program: Path
    state_dir: Path
    instance_id: str
    flow_id: str

    def engine(self, **env: str) -> Engine:
        """An engine for this stack; ``env`` is added to the provider server's environment."""
        config = {
            "instanceId": self.instance_id,
            "contactFlowId": self.flow_id,
            "aws:region": "us-east-1",
        }
        full_env = {**CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": self.url, **env}
        return Engine(self.program, "dev", self.state_dir, config=config, env=full_env, parallel=4)

    def contacts(self) -> list[dict[str, Any]]:
        """The emulator's record of every task started in this stack's instance."""
        return [
            c
            for c in get(self.url, "/_emulator/contacts")["contacts"]
            if c["instance_id"] == self.instance_id
        ]

    def contacts_per_name(self) -> Counter[str]:
        return Counter(c["name"] for c in self.contacts())

    def state_ids(self) -> dict[str, str]:
        """Logical name -> contact id of every task in the state."""
        state = self.engine().store.load()
        return {r.name: r.id for r in state.resources.values() if r.type == TASK_TYPE}


def new_stack(url: str, root: Path, tasks: list[dict[str, Any]]) -> Stack:
    """A fresh instance and flow, and a program declaring ``tasks`` under ``root``."""
    instance_id, flow_id = instance_and_flow(connect_client(url), f"rel-{uuid.uuid4().hex[:12]}")
    program = write_program(root / "program", tasks)
    return Stack(url, program, root / "state", instance_id, flow_id)
