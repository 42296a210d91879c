"""A stack with its own ``dynamic_providers/`` folder (a common layout, and this package's
old name) uses the package by its importable name, ``pulumi_connect_tasks``: the program
imports both, and the provider server unpickles both providers from the state.

Run as a user runs it: ``python -m localengine`` in a child process, in a clean
environment with only AWS_REGION (and the emulator's endpoint), from another folder.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.localengine.le_helpers import run_cli
from tests.localengine.test_localengine_connect import clean_env, contacts, emulator, instance  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow

SHADOW_PROGRAM_DIR = Path(__file__).parent / "shadow_program"
TASK_URN = "urn:pulumi:dev::le-shadow::pulumi-python:dynamic/connect:Task::handover-check"
NOTE_URN = "urn:pulumi:dev::le-shadow::pulumi-python:dynamic/stack:Note::handover"


def test_a_stack_with_its_own_dynamic_providers_folder_uses_the_package(
    emulator,  # noqa: F811 - the fixture imported above
    instance,  # noqa: F811
    tmp_path,
):
    env = clean_env(emulator.url, tmp_path, AWS_REGION="us-east-1")
    args = [
        "--cwd",
        str(SHADOW_PROGRAM_DIR),
        "--stack",
        "dev",
        "--state-dir",
        str(tmp_path / "state"),
        "--config",
        f"instanceId={instance['id']}",
        "--config",
        f"contactFlowId={instance['flow']}",
    ]
    up = run_cli(["up", *args], cwd=tmp_path, env=env)
    assert (up.returncode, up.stdout.splitlines()[-1]) == (0, "Resources: 2 created"), (
        up.stdout + up.stderr
    )
    [live] = contacts(emulator.url, instance)
    assert live["description"] == "night shift"

    resources = json.loads((tmp_path / "state" / "dev.json").read_text())["resources"]
    pickled = {
        urn: base64.b64decode(resources[urn]["outputs"]["__provider"])
        for urn in (TASK_URN, NOTE_URN)
    }
    assert b"pulumi_connect_tasks.task.provider" in pickled[TASK_URN]
    assert b"dynamic_providers.notes" in pickled[NOTE_URN]  # the stack's own, by reference

    # The provider server unpickles both again from the state: nothing changes, then both go.
    again = run_cli(["up", *args], cwd=tmp_path, env=env)
    assert (again.returncode, again.stdout.splitlines()[-1]) == (0, "Resources: 2 unchanged"), (
        again.stdout
    )
    destroy = run_cli(["destroy", *args], cwd=tmp_path, env=env)
    assert (destroy.returncode, destroy.stdout.splitlines()[-1]) == (0, "Resources: 2 deleted"), (
        destroy.stdout
    )
    [stopped] = contacts(emulator.url, instance)
    assert stopped["disconnected"]
