"""EmulatorServer and Clock as in-process APIs; concurrent requests."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from connect_emulator import Clock, ConnectBackend, EmulatorServer

from .conftest import make_client, refused_start


def test_clock_advance_set_and_reset() -> None:
    clock = Clock(time_source=lambda: 1000.0)
    assert clock.now() == 1000.0
    assert clock.advance(60) == 1060.0
    assert clock.set(5000.0) == 5000.0
    assert clock.offset == 4000.0
    clock.reset()
    assert clock.now() == 1000.0


def test_clock_reset_returns_to_constructor_offset() -> None:
    clock = Clock(offset_seconds=30, time_source=lambda: 1000.0)
    clock.advance(100)
    clock.reset()
    assert clock.now() == 1030.0


def test_emulator_server_url_and_backend() -> None:
    server = EmulatorServer(port=0, throttle=False)
    with pytest.raises(RuntimeError):
        _ = server.url
    with server:
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert isinstance(server.backend, ConnectBackend)
        assert make_client(server.url).list_instances()["InstanceSummaryList"] == []
    with pytest.raises(RuntimeError):
        _ = server.url


def test_emulator_server_stop_is_idempotent() -> None:
    server = EmulatorServer(throttle=False).start()
    server.stop()
    server.stop()


def test_emulator_server_active_task_quota_argument() -> None:
    with EmulatorServer(throttle=False, active_task_quota=7) as server:
        assert server.backend.active_task_quota == 7


def test_start_task_contact_concurrent_same_token_creates_one_contact(
    server: Any, client: Any, instance_id: str, flow_id: str
) -> None:
    results: list[str] = []

    def start() -> None:
        local = make_client(server.url)
        response = local.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="shared"
        )
        results.append(response["ContactId"])

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len(set(results)) == 1
    assert list(server.backend.contacts) == results[:1]


def test_main_unreadable_state_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.json"
    state.write_text("[1, 2]")
    assert refused_start(["--port", "0", "--state", str(state)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"connect_emulator: cannot start: {state} is not a state file this emulator can load (it is left as it is):\n"
        f"  {state}::$: must be a JSON object\n"
    )
