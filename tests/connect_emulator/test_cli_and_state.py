"""``python -m connect_emulator`` and ``--state`` persistence across restarts."""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path
from typing import Any

import pytest

from connect_emulator import Clock, EmulatorServer

from .conftest import cli, emulator, instance_and_flow, make_client

pytestmark = pytest.mark.slow


def _setup(client: Any) -> tuple[str, str]:
    return instance_and_flow(client, "persisted")


def test_cli_prints_one_url_line_and_serves_boto3() -> None:
    with cli("--no-throttle") as (line, process):
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+\n", line)
        client = make_client(line.strip())
        instance_id, flow_id = _setup(client)
        contact_id = client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n"
        )["ContactId"]
        assert (
            client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"][
                "Channel"
            ]
            == "TASK"
        )
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stdout is not None
        assert process.stdout.read() == ""


def test_cli_state_file_survives_restart(tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    with cli("--state", str(state)) as (line, _):
        client = make_client(line.strip())
        instance_id, flow_id = _setup(client)
        contact_id = client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="tok"
        )["ContactId"]
    with cli("--state", str(state)) as (line, _):
        client = make_client(line.strip())
        assert (
            client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]["Name"]
            == "n"
        )
        again = client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="tok"
        )
        assert again["ContactId"] == contact_id


def test_state_saved_after_each_mutating_call(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorServer(throttle=False, state_path=state) as server:
        client = make_client(server.url)
        instance_id, flow_id = _setup(client)
        contact_id = client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n"
        )["ContactId"]
        saved = json.loads(state.read_text())
        assert [c["id"] for c in saved["contacts"]] == [contact_id]
        client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
        saved = json.loads(state.read_text())
        assert saved["contacts"][0]["disconnect_reason"] == "API"
        assert [i["id"] for i in saved["instances"]] == [instance_id]
        assert len(saved["flows"]) == 1


def test_state_keeps_clock_offset_and_lifecycle(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorServer(throttle=False, state_path=state) as server:
        client = make_client(server.url)
        instance_id, flow_id = _setup(client)
        contact_id = client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n"
        )["ContactId"]
    with EmulatorServer(throttle=False, state_path=state) as server:
        assert (
            emulator(server.url, "/_emulator/clock", {"advance_seconds": 8 * 24 * 3600})[0] == 200
        )
    with EmulatorServer(throttle=False, state_path=state, clock=Clock()) as server:
        client = make_client(server.url)
        assert server.clock.offset == 8 * 24 * 3600
        assert (
            client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"][
                "DisconnectReason"
            ]
            == "EXPIRED"
        )


def test_state_missing_file_starts_empty(tmp_path: Path) -> None:
    with EmulatorServer(throttle=False, state_path=tmp_path / "new" / "state.json") as server:
        assert make_client(server.url).list_instances()["InstanceSummaryList"] == []
