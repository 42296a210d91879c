"""The --state file: saves that fail undo the change, strict JSON, stale temporaries, files it must not load."""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from connect_emulator import EmulatorServer
from connect_emulator.state import (
    STATE_VERSION,
    StateFileError,
    StateNotSaved,
    load_state,
    save_state,
)

from .conftest import emulator, instance_and_flow, make_client, refused_start


def _setup(client: Any) -> tuple[str, str]:
    return instance_and_flow(client, "saved")


def _break(folder: Path) -> None:
    """Make saving into ``folder`` fail for real (a file where the folder was), also for root."""
    shutil.rmtree(folder)
    folder.write_text("not a folder")


def _mend(folder: Path, saved: bytes) -> None:
    folder.unlink()
    folder.mkdir()
    (folder / "state.json").write_bytes(saved)


def test_failed_save_answers_500_and_keeps_no_task(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    with EmulatorServer(throttle=False, state_path=folder / "state.json") as server:
        client = make_client(server.url)
        instance_id, flow_id = _setup(client)
        saved = (folder / "state.json").read_bytes()
        _break(folder)
        with pytest.raises(client.exceptions.InternalServiceException) as caught:
            client.start_task_contact(
                InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="t1"
            )
        assert (
            caught.value.response["Error"]["Message"]
            == "The emulator could not save its state; StartTaskContact was not applied"
        )
        assert server.backend.contacts == {} and server.backend.client_tokens == {}
        assert emulator(server.url, "/_emulator/contacts")[1]["contacts"] == []
        _mend(folder, saved)
        contact_id = client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="t1"
        )["ContactId"]
        assert [c["id"] for c in json.loads((folder / "state.json").read_text())["contacts"]] == [
            contact_id
        ]


def test_failed_save_of_an_update_keeps_the_previous_values(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    with EmulatorServer(
        throttle=False, state_path=folder / "state.json", active_task_quota=7
    ) as server:
        client = make_client(server.url)
        instance_id, flow_id = _setup(client)
        contact_id = client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="before"
        )["ContactId"]
        _break(folder)
        with pytest.raises(client.exceptions.InternalServiceException):
            client.update_contact(InstanceId=instance_id, ContactId=contact_id, Name="after")
        with pytest.raises(client.exceptions.InternalServiceException):
            client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
        contact = client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]
        assert contact["Name"] == "before" and "DisconnectTimestamp" not in contact
        assert server.backend.active_task_quota == 7


def test_failed_save_of_a_clock_move_keeps_the_clock(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    with EmulatorServer(throttle=False, state_path=folder / "state.json") as server:
        _break(folder)
        status, body = emulator(server.url, "/_emulator/clock", {"advance_seconds": 3600})
        assert status == 500 and body["message"].startswith(
            f"{folder / 'state.json'}: the state file was not saved: "
        )
        assert server.clock.offset == 0


def test_failed_saves_keep_the_quota_set_through_inspection(tmp_path: Path) -> None:
    # The quota is not state: undoing a change, or a reset, whose save failed keeps the quota
    # in force before it, not the one the emulator was started with.
    folder = tmp_path / "state"
    folder.mkdir()
    with EmulatorServer(
        throttle=False, state_path=folder / "state.json", active_task_quota=7
    ) as server:
        client = make_client(server.url)
        instance_id, flow_id = _setup(client)
        assert emulator(server.url, "/_emulator/quota", {"active_tasks_per_instance": 3})[0] == 200
        _break(folder)
        with pytest.raises(client.exceptions.InternalServiceException):
            client.start_task_contact(InstanceId=instance_id, ContactFlowId=flow_id, Name="n")
        assert emulator(server.url, "/_emulator/quota")[1] == {"active_tasks_per_instance": 3}
        assert emulator(server.url, "/_emulator/reset", {})[0] == 500
        assert emulator(server.url, "/_emulator/quota")[1] == {"active_tasks_per_instance": 3}
        assert [i["InstanceAlias"] for i in client.list_instances()["InstanceSummaryList"]] == [
            "saved"
        ]


def test_save_state_refuses_nan_and_leaves_no_temporary(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text('{"version": 1}')
    with pytest.raises(StateNotSaved, match="not JSON compliant"):
        save_state(state, {"version": 1, "clock_offset": math.nan})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    assert state.read_text() == '{"version": 1}'


def test_a_reader_never_sees_half_a_state_file(tmp_path: Path) -> None:
    # What a kill -9 mid-save leaves is what a reader sees mid-save: the old file or the new.
    state = tmp_path / "state.json"
    tokens = {f"token-{i}": {"contact_id": "c" * 36, "created": 1.0} for i in range(20_000)}
    big = {"version": STATE_VERSION, "client_tokens": tokens}
    save_state(state, big)
    broken: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            raw = state.read_bytes()
            try:
                json.loads(raw)
            except ValueError:
                broken.append(len(raw))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(20):
            save_state(state, big)
    finally:
        stop.set()
        reader.join()
    assert broken == []


def test_stale_temporaries_are_removed_at_start(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    leftovers = [tmp_path / "state.json.k2x_9abc.tmp", tmp_path / "state.json.00000000.tmp"]
    others = [
        tmp_path / "state.json.tmp",
        tmp_path / "other.json.k2x_9abc.tmp",
        tmp_path / "state.json.k2x_9abc.tmp.keep",
    ]
    for path in leftovers + others:
        path.write_text("{")
    with EmulatorServer(throttle=False, state_path=state) as server:
        _setup(make_client(server.url))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["state.json", *(p.name for p in others)]
    )


def _aliases(state: Path) -> list[str]:
    return [item["alias"] for item in json.loads(state.read_text())["instances"]]


def test_second_emulator_on_one_state_file_is_refused_and_nothing_is_lost(tmp_path: Path) -> None:
    # Each emulator keeps its own copy of the state and saves it whole: had the second one
    # started, its first save would have dropped every change the first one saved.
    state = tmp_path / "state.json"
    with EmulatorServer(throttle=False, state_path=state) as first:
        client = make_client(first.url)
        client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="first",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
        second = EmulatorServer(throttle=False, state_path=state)
        with pytest.raises(StateFileError) as caught:
            second.start()
        second.stop()
        assert str(caught.value) == (
            f"{state}: another emulator serves this state file (pid {os.getpid()}); "
            "stop it, or give this one another --state"
        )
        _setup(client)
        assert _aliases(state) == ["first", "saved"]
    with EmulatorServer(throttle=False, state_path=state) as again:  # free once the first stops
        assert [
            i["InstanceAlias"]
            for i in make_client(again.url).list_instances()["InstanceSummaryList"]
        ] == [
            "first",
            "saved",
        ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_state_of_a_newer_version_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.json"
    text = json.dumps({"version": STATE_VERSION + 1, "instances": [], "queues": []})
    state.write_text(text)
    assert refused_start(["--port", "0", "--state", str(state)]) == 1
    assert capsys.readouterr().err == (
        f"connect_emulator: cannot start: {state} is not a state file this emulator can load (it is left as it is):\n"
        f"  {state}::$.version: is {STATE_VERSION + 1}, written by a newer emulator; this one reads version {STATE_VERSION} at most\n"
    )
    assert state.read_text() == text


def test_state_with_a_broken_contact_names_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.json"
    contact = {
        "id": "c1",
        "region": "us-east-1",
        "instance_id": "i1",
        "name": 5,
        "initiation": "soon",
        "initial_id": "c1",
        "last_update": 1.0,
        "colour": "red",
    }
    state.write_text(json.dumps({"version": 1, "contacts": [contact], "flows": {}}))
    assert refused_start(["--port", "0", "--state", str(state)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"connect_emulator: cannot start: {state} is not a state file this emulator can load (it is left as it is):\n"
        f"  {state}::$.flows: must be an array\n"
        f"  {state}::$.contacts[0]: missing field 'arn'\n"
        f"  {state}::$.contacts[0].name: must be a string\n"
        f"  {state}::$.contacts[0].initiation: must be a number\n"
        f"  {state}::$.contacts[0]: unknown field 'colour'\n"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            '{"version": 1, "clock_offset": NaN}',
            "the state file is not valid JSON: NaN is not a JSON number",
        ),
        ('{"version": 1, "contacts": [', "the state file is not valid JSON"),
        (
            '{"instances": []}',
            "is not a state file this emulator can load (it is left as it is):\n  {state}::$.version: must be an integer",
        ),
    ],
)
def test_state_that_is_not_strict_json_or_has_no_version_is_refused(
    tmp_path: Path, text: str, problem: str
) -> None:
    state = tmp_path / "state.json"
    state.write_text(text)
    with pytest.raises(ValueError) as caught:
        load_state(state)
    separator = " " if problem.startswith("is ") else ": "
    assert str(caught.value) == f"{state}{separator}{problem.format(state=state)}"


def test_saved_state_round_trips_through_the_checks(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorServer(throttle=False, state_path=state) as server:
        client = make_client(server.url)
        instance_id, flow_id = _setup(client)
        client.create_quick_connect(
            InstanceId=instance_id,
            Name="q",
            QuickConnectConfig={
                "QuickConnectType": "FLOW",
                "FlowConfig": {"ContactFlowId": flow_id},
            },
        )
        client.start_task_contact(
            InstanceId=instance_id,
            ContactFlowId=flow_id,
            Name="n",
            Attributes={"a": "b"},
            ClientToken="t",
        )
    assert load_state(state) == json.loads(state.read_text())
