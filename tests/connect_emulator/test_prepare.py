"""``connect-emulator prepare``: an instance and a flow, written into Pulumi.<stack>.yaml."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import yaml

from connect_emulator import EmulatorServer
from connect_emulator.prepare import main as prepare

pytestmark = pytest.mark.slow


@pytest.fixture
def stack(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: my-tasks\nruntime: python\n")
    return tmp_path


def config_of(stack: Path) -> dict:
    return yaml.safe_load((stack / "Pulumi.dev.yaml").read_text())["config"]


def test_writes_the_ids_and_keeps_them_and_the_other_keys(stack: Path, monkeypatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    (stack / "Pulumi.dev.yaml").write_text("config:\n  my-tasks:owner: platform\n")
    with EmulatorServer(port=0, throttle=False) as server:
        assert prepare(["--stack", "dev", "--cwd", str(stack), "--url", server.url]) == 0
        first = config_of(stack)
        assert prepare(["--stack", "dev", "--cwd", str(stack), "--url", server.url]) == 0
        assert config_of(stack) == first
        client = boto3.client(
            "connect",
            endpoint_url=server.url,
            region_name="eu-west-2",
            aws_access_key_id="t",
            aws_secret_access_key="t",
        )
        client.describe_contact_flow(
            InstanceId=first["my-tasks:instanceId"], ContactFlowId=first["my-tasks:contactFlowId"]
        )
        assert len(client.list_instances()["InstanceSummaryList"]) == 1
    assert first["my-tasks:owner"] == "platform"
    assert first["aws:region"] == "eu-west-2"


def test_new_ids_when_the_emulator_lost_them(stack: Path) -> None:
    with EmulatorServer(port=0, throttle=False) as server:
        prepare(["--stack", "dev", "--cwd", str(stack), "--url", server.url])
        first = config_of(stack)
    with EmulatorServer(port=0, throttle=False) as server:  # a new emulator, without --state
        assert prepare(["--stack", "dev", "--cwd", str(stack), "--url", server.url]) == 0
    assert config_of(stack)["my-tasks:instanceId"] != first["my-tasks:instanceId"]


def test_a_folder_without_pulumi_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no Pulumi.yaml"):
        prepare(["--stack", "dev", "--cwd", str(tmp_path), "--url", "http://127.0.0.1:1"])


def test_nothing_listening_says_to_start_the_emulator(stack: Path, monkeypatch) -> None:
    monkeypatch.setattr("connect_emulator.prepare.WAIT_SECONDS", 0.5)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(SystemExit, match="start the emulator first"):
        prepare(["--stack", "dev", "--cwd", str(stack), "--url", url])
    assert not (stack / "Pulumi.dev.yaml").exists()


def test_the_emulator_command_runs_it(stack: Path) -> None:
    with EmulatorServer(port=0, throttle=False) as server:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "connect_emulator",
                "prepare",
                "--stack",
                "dev",
                "--url",
                server.url,
            ],
            cwd=stack,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert "Pulumi.dev.yaml: instance" in done.stdout
    assert set(config_of(stack)) == {"aws:region", "my-tasks:instanceId", "my-tasks:contactFlowId"}
