"""GET /_emulator/requests: when each AWS request was received and answered, and its outcome."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ConnectionClosedError

from connect_emulator.timings import RequestLog, RequestRecord

from .conftest import FakeMonotonic, emulator, make_client, outcomes


def _requests(url: str) -> dict[str, Any]:
    status, data = emulator(url, "/_emulator/requests")
    assert status == 200
    return data


def test_requests_records_ok_and_throttled_in_order(client: Any, server: Any) -> None:
    emulator(
        server.url, "/_emulator/throttle", {"operation": "ListInstances", "rate": 0.001, "burst": 2}
    )
    emulator(server.url, "/_emulator/throttle", {"enabled": True})
    before = time.monotonic()
    assert outcomes(client.list_instances, client, 4) == ["ok", "ok", "throttled", "throttled"]
    after = time.monotonic()
    data = _requests(server.url)
    assert (data["clock"], data["capacity"], data["evicted"]) == ("monotonic", 100_000, 0)
    assert before <= data["now"]  # one monotonic clock for the test and the in-process emulator
    [records] = data["requests"].values()
    assert list(data["requests"]) == ["ListInstances"]
    assert [(r["outcome"], r["status"], r["error"]) for r in records] == [
        ("ok", 200, None),
        ("ok", 200, None),
        ("throttled", 429, "ThrottlingException"),
        ("throttled", 429, "ThrottlingException"),
    ]
    assert {(r["account"], r["region"]) for r in records} == {("testing", "us-east-1")}
    for record in records:
        assert before <= record["received"] <= record["answered"] <= after
    assert [r["received"] for r in records] == sorted(r["received"] for r in records)


def test_requests_records_fault_error_and_drop(client: Any, server: Any, instance_id: str) -> None:
    emulator(server.url, "/_emulator/faults", [
        {"operation": "DescribeInstance", "calls": [1], "kind": "error", "code": "ThrottlingException"},
        {"operation": "DescribeInstance", "calls": [3], "kind": "drop_before"},
    ])  # fmt: skip
    with pytest.raises(client.exceptions.ThrottlingException):
        client.describe_instance(InstanceId=instance_id)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_instance(InstanceId="missing")
    with pytest.raises(ConnectionClosedError):
        client.describe_instance(InstanceId=instance_id)
    client.describe_instance(InstanceId=instance_id)
    records = _requests(server.url)["requests"]
    assert [(r["outcome"], r["status"], r["error"]) for r in records["DescribeInstance"]] == [
        ("fault", 429, "ThrottlingException"),
        ("error", 404, "ResourceNotFoundException"),
        ("dropped", None, None),
        ("ok", 200, None),
    ]
    assert [r["outcome"] for r in records["CreateInstance"]] == ["ok"]


def test_requests_record_account_and_region_of_each_key(server: Any) -> None:
    make_client(server.url, region="eu-west-2", key="AKIAOTHER").list_instances()
    [record] = _requests(server.url)["requests"]["ListInstances"]
    assert (record["account"], record["region"]) == ("AKIAOTHER", "eu-west-2")


def test_requests_cleared_by_reset(client: Any, server: Any) -> None:
    client.list_instances()
    emulator(server.url, "/_emulator/reset", {})
    data = _requests(server.url)
    assert (data["requests"], data["evicted"]) == ({}, 0)


def test_request_log_keeps_the_last_capacity_records() -> None:
    clock = FakeMonotonic()
    log = RequestLog(capacity=2, monotonic=clock)
    for n in range(3):
        log.add(RequestRecord("ListInstances", "", "us-east-1", float(n), n + 0.5, 200, None, "ok"))
    data = log.describe()
    assert (data["now"], data["evicted"]) == (100.0, 1)
    assert [r["received"] for r in data["requests"]["ListInstances"]] == [1.0, 2.0]
