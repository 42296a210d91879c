"""Fault injection: injected errors, dropped connections before/after the operation, latency, seeds."""

from __future__ import annotations

import time
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

from connect_emulator import EmulatorServer, FaultInjector

from .conftest import emulator, make_client


def _outcome(call: Any) -> str:
    try:
        call()
        return "ok"
    except ConnectionClosedError:
        return "dropped"
    except ClientError as error:
        return error.response["Error"]["Code"]


def test_faults_error_on_chosen_calls(
    client: Any, server: Any, instance_id: str, flow_id: str
) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "calls": [2, 4], "kind": "error"},
    )
    outcomes = [
        _outcome(
            lambda: client.start_task_contact(
                InstanceId=instance_id, ContactFlowId=flow_id, Name="n"
            )
        )
        for _ in range(5)
    ]
    assert outcomes == ["ok", "InternalServiceException", "ok", "InternalServiceException", "ok"]
    assert len(server.backend.contacts) == 3


def test_faults_error_is_internal_service_exception_500(
    client: Any, server: Any, instance_id: str
) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "DescribeInstance", "calls": [1], "kind": "error"},
    )
    with pytest.raises(client.exceptions.InternalServiceException) as caught:
        client.describe_instance(InstanceId=instance_id)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert caught.value.response["Error"]["Message"] == "Injected fault: InternalServiceException."


def test_faults_error_with_chosen_code(client: Any, server: Any, instance_id: str) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {
            "operation": "DescribeInstance",
            "calls": [1],
            "kind": "error",
            "code": "ThrottlingException",
        },
    )
    with pytest.raises(client.exceptions.ThrottlingException) as caught:
        client.describe_instance(InstanceId=instance_id)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429


def test_faults_drop_after_creates_contact_without_response(
    client: Any, server: Any, instance_id: str, flow_id: str
) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "calls": [1], "kind": "drop_after"},
    )
    with pytest.raises(ConnectionClosedError):
        client.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="lost-response"
        )
    _, data = emulator(server.url, "/_emulator/contacts")
    assert [c["client_token"] for c in data["contacts"]] == ["lost-response"]
    retried = client.start_task_contact(
        InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="lost-response"
    )
    assert retried["ContactId"] == data["contacts"][0]["id"]


def test_faults_drop_before_creates_nothing(
    client: Any, server: Any, instance_id: str, flow_id: str
) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "calls": [1], "kind": "drop_before"},
    )
    with pytest.raises(ConnectionClosedError):
        client.start_task_contact(InstanceId=instance_id, ContactFlowId=flow_id, Name="n")
    assert server.backend.contacts == {}


def test_faults_drop_after_with_sdk_retry_returns_one_contact(
    server: Any, instance_id: str, flow_id: str
) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "calls": [1], "kind": "drop_after"},
    )
    retrying = boto3.client(
        "connect",
        endpoint_url=server.url,
        region_name="us-east-1",
        config=Config(retries={"mode": "standard", "total_max_attempts": 2}),
    )
    contact_id = retrying.start_task_contact(
        InstanceId=instance_id, ContactFlowId=flow_id, Name="n"
    )["ContactId"]
    assert list(server.backend.contacts) == [contact_id]
    _, calls = emulator(server.url, "/_emulator/calls")
    assert calls["calls"]["StartTaskContact"] == 2


def test_faults_latency_delays_response(
    client: Any, server: Any, instance_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "DescribeInstance", "calls": [1], "kind": "latency", "seconds": 0.3},
    )
    sleeps: list[float] = []
    real_sleep = server.app._sleep
    monkeypatch.setattr(server.app, "_sleep", lambda s: (sleeps.append(s), real_sleep(s)))
    started = time.monotonic()
    client.describe_instance(InstanceId=instance_id)
    assert time.monotonic() - started >= 0.3
    client.describe_instance(InstanceId=instance_id)
    assert sleeps == [0.3]  # the first call only


def test_faults_rate_is_deterministic_for_a_seed() -> None:
    def run(seed: int) -> list[str | None]:
        injector = FaultInjector(
            [{"operation": "StartTaskContact", "rate": 0.5, "kind": "error"}], seed=seed
        )
        return [injector.decide("StartTaskContact").kind for _ in range(20)]

    fired = [1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1]
    assert run(7) == ["error" if f else None for f in fired]
    assert run(7) == run(7)
    assert run(7) != run(8)


def test_faults_rate_zero_and_one() -> None:
    never = FaultInjector([{"operation": "*", "rate": 0, "kind": "error"}])
    always = FaultInjector([{"operation": "*", "rate": 1, "kind": "drop_before"}])
    assert [never.decide("StopContact").kind for _ in range(5)] == [None] * 5
    assert [always.decide("StopContact").kind for _ in range(5)] == ["drop_before"] * 5


def test_faults_seeded_server_repeats_over_http() -> None:
    def run() -> list[str]:
        rules = [{"operation": "ListInstances", "rate": 0.5, "kind": "error"}]
        with EmulatorServer(throttle=False, faults=rules, seed=3) as server:
            client = make_client(server.url)
            return [_outcome(client.list_instances) for _ in range(10)]

    first = run()
    assert first == run()
    assert set(first) == {"ok", "InternalServiceException"}


def test_faults_call_numbers_count_from_installation(
    client: Any, server: Any, instance_id: str
) -> None:
    client.describe_instance(InstanceId=instance_id)
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "DescribeInstance", "calls": [1], "kind": "error"},
    )
    assert (
        _outcome(lambda: client.describe_instance(InstanceId=instance_id))
        == "InternalServiceException"
    )
    _, faults = emulator(server.url, "/_emulator/faults")
    assert faults == {
        "seed": 0,
        "rules": [
            {
                "operation": "DescribeInstance",
                "kind": "error",
                "seen": 1,
                "calls": [1],
                "code": "InternalServiceException",
                "message": "Injected fault: InternalServiceException.",
            }
        ],
    }


def test_faults_cleared_by_empty_rules(client: Any, server: Any, instance_id: str) -> None:
    emulator(server.url, "/_emulator/faults", {"operation": "*", "rate": 1, "kind": "error"})
    status, body = emulator(server.url, "/_emulator/faults", {"rules": []})
    assert (status, body) == (200, {"seed": 0, "rules": []})
    assert _outcome(lambda: client.describe_instance(InstanceId=instance_id)) == "ok"


def test_faults_bad_rule_is_400(server: Any) -> None:
    status, body = emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "kind": "explode", "calls": [1]},
    )
    assert (status, body) == (
        400,
        {"message": "'kind' must be one of error, drop_before, drop_after, latency"},
    )
    status, body = emulator(
        server.url, "/_emulator/faults", {"operation": "StartTaskContact", "kind": "error"}
    )
    assert (status, body) == (
        400,
        {"message": "a fault rule needs exactly one of 'calls' and 'rate'"},
    )


def test_faults_constructor_argument() -> None:
    rules = [
        {
            "operation": "ListInstances",
            "calls": [2],
            "kind": "error",
            "code": "InvalidRequestException",
        }
    ]
    with EmulatorServer(throttle=False, faults=rules) as server:
        client = make_client(server.url)
        assert [_outcome(client.list_instances) for _ in range(3)] == [
            "ok",
            "InvalidRequestException",
            "ok",
        ]


def test_faults_count_in_calls_but_not_in_succeeded(
    client: Any, server: Any, instance_id: str
) -> None:
    emulator(
        server.url,
        "/_emulator/faults",
        {"operation": "DescribeInstance", "calls": [1, 2], "kind": "error"},
    )
    for _ in range(3):
        _outcome(lambda: client.describe_instance(InstanceId=instance_id))
    _, calls = emulator(server.url, "/_emulator/calls")
    assert calls["calls"]["DescribeInstance"] == 3
    assert calls["succeeded"]["DescribeInstance"] == 1
