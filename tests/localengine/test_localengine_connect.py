"""ConnectTask through the local engine and the emulator: secrets and the region.

The region tests run ``python -m localengine up`` in an environment built by hand (no
autouse fixture sets a region there), as a user's shell with only AWS_REGION.
"""

from __future__ import annotations

import json
import os
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest

from connect_emulator import EmulatorServer
from localengine.__main__ import main
from tests.localengine.le_helpers import TASK_PROGRAM_DIR, run_cli

pytestmark = pytest.mark.slow

TASK = "pulumi-python:dynamic/connect:Task"
DESCRIPTION = "Vault code 7Q4ZK-briefing"  # passed as pulumi.Output.secret
NAME = "Escalate 9XW2P-night"  # plain input, additional_secret_outputs=["name"]


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture
def instance(emulator) -> dict[str, str]:
    client = boto3.client(
        "connect",
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    created = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=f"le-{uuid.uuid4().hex[:12]}",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    flow = client.create_contact_flow(
        InstanceId=created["Id"], Name="intake", Type="CONTACT_FLOW", Content="{}"
    )
    return {"id": created["Id"], "flow": flow["ContactFlowId"]}


def contacts(url: str, instance: dict[str, str]) -> list[dict]:
    with urllib.request.urlopen(url + "/_emulator/contacts", timeout=10) as response:
        return [
            c for c in json.loads(response.read())["contacts"] if c["instance_id"] == instance["id"]
        ]


def stack_args(instance: dict[str, str], state_dir: Path) -> list[str]:
    return [
        "--cwd",
        str(TASK_PROGRAM_DIR),
        "--stack",
        "dev",
        "--state-dir",
        str(state_dir),
        "--config",
        f"instanceId={instance['id']}",
        "--config",
        f"contactFlowId={instance['flow']}",
        "--config",
        f"briefingDescription={DESCRIPTION}",
        "--config",
        f"escalationName={NAME}",
    ]


def urn(name: str) -> str:
    return f"urn:pulumi:dev::le-tasks::{TASK}::{name}"


def clean_env(url: str, home: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_ENDPOINT_URL_CONNECT": url,
        **extra,
    }


def test_secret_input_and_additional_secret_output_stay_secret(
    emulator, instance, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", emulator.url)
    state_dir = tmp_path / "state"
    assert main(["up", *stack_args(instance, state_dir), "--config", "aws:region=us-east-1"]) == 0
    up = capsys.readouterr()
    assert up.out.splitlines()[-1] == "Resources: 2 created"
    live = {c["name"]: c for c in contacts(emulator.url, instance)}
    assert live["Morning briefing"]["description"] == DESCRIPTION and NAME in live  # AWS got them

    text = (state_dir / "dev.json").read_text()
    assert DESCRIPTION not in text and NAME not in text
    resources = json.loads(text)["resources"]
    briefing, escalation = resources[urn("briefing")], resources[urn("escalation")]
    assert (briefing["secret_names"], escalation["secret_names"]) == (["description"], ["name"])
    assert briefing["outputs"]["description"].keys() == {"secret"}
    assert escalation["outputs"]["name"].keys() == {"secret"}
    assert escalation["outputs"]["description"] == "Escalate to the duty manager"  # not made secret
    contact_id = briefing["id"]

    assert main(["outputs", "--stack", "dev", "--state-dir", str(state_dir)]) == 0
    shown = capsys.readouterr().out
    assert json.loads(shown) == {
        "briefing": {"contact_id": contact_id, "description": "[secret]"},
        "briefing_description": "[secret]",
        "briefing_id": contact_id,
        "briefing_line": "[secret]",  # built from the secret: secret too
        "escalation_name": "[secret]",
        "escalation_state": "QUEUED",
    }
    assert main(["outputs", "--resources", "--stack", "dev", "--state-dir", str(state_dir)]) == 0
    listed = capsys.readouterr().out
    assert json.loads(listed)[urn("briefing")]["inputs"]["description"] == "[secret]"
    assert all(DESCRIPTION not in t and NAME not in t for t in (up.out, up.err, shown, listed))

    assert (
        main(
            [
                "outputs",
                "--show-secrets",
                "--stack",
                "dev",
                "--state-dir",
                str(state_dir),
                "briefing_line",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == f"{contact_id}: {DESCRIPTION}\n"
    assert (
        main(
            [
                "outputs",
                "--show-secrets",
                "--stack",
                "dev",
                "--state-dir",
                str(state_dir),
                "escalation_name",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == f"{NAME}\n"

    assert main(["destroy", *stack_args(instance, state_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Resources: 2 deleted"


def test_up_with_only_aws_region_in_a_clean_environment_creates_the_tasks(
    emulator, instance, tmp_path
):
    # The process environment reaches the provider server: its only region is AWS_REGION.
    env = clean_env(emulator.url, tmp_path, AWS_REGION="us-east-1")
    args = stack_args(instance, tmp_path / "state")
    up = run_cli(["up", *args], cwd=tmp_path, env=env)
    assert (up.returncode, up.stdout.splitlines()[-1]) == (0, "Resources: 2 created"), (
        up.stdout + up.stderr
    )
    assert len(contacts(emulator.url, instance)) == 2
    destroy = run_cli(["destroy", *args], cwd=tmp_path, env=env)
    assert (destroy.returncode, destroy.stdout.splitlines()[-1]) == (0, "Resources: 2 deleted"), (
        destroy.stdout
    )


def test_up_without_any_region_says_what_to_set_and_creates_nothing(emulator, instance, tmp_path):
    env = clean_env(emulator.url, tmp_path)
    up = run_cli(["up", *stack_args(instance, tmp_path / "state")], cwd=tmp_path, env=env)
    assert up.returncode == 1, up.stdout + up.stderr
    assert up.stdout.splitlines()[-1] == "Resources: 2 failed"
    errors = [line for line in up.stdout.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert all("aws:region" in line and "AWS_REGION" in line for line in errors), errors
    assert contacts(emulator.url, instance) == []
    assert json.loads((tmp_path / "state" / "dev.json").read_text())["resources"] == {}
