"""Per-operation token buckets: AWS defaults, overrides, switch, 429 ThrottlingException."""

from __future__ import annotations

from typing import Any

from connect_emulator import EmulatorServer, Throttle

from .conftest import FakeMonotonic, emulator, make_client, outcomes


def test_throttle_default_limits_match_aws_quotas() -> None:
    limits = Throttle().describe()["limits"]
    assert limits["StartTaskContact"] == {"rate": 2.0, "burst": 5.0}
    assert limits["UpdateContactSchedule"] == {"rate": 2.0, "burst": 5.0}
    for name in (
        "DescribeContact",
        "StopContact",
        "UpdateContact",
        "UpdateContactAttributes",
        "GetContactAttributes",
        "ListContactReferences",
    ):
        assert limits[name] == {"rate": 10.0, "burst": 15.0}


def test_throttle_bucket_refills_at_rate() -> None:
    clock = FakeMonotonic()
    throttle = Throttle(monotonic=clock)
    assert [throttle.allow("StartTaskContact") for _ in range(6)] == [True] * 5 + [False]
    clock.now += 0.5
    assert [throttle.allow("StartTaskContact") for _ in range(2)] == [True, False]


def test_throttle_buckets_are_per_operation() -> None:
    clock = FakeMonotonic()
    throttle = Throttle(limits={"StartTaskContact": (1, 1)}, monotonic=clock)
    assert throttle.allow("StartTaskContact") is True
    assert throttle.allow("StartTaskContact") is False
    assert throttle.allow("DescribeContact") is True


def test_start_task_contact_default_server_throttles_after_burst() -> None:
    with EmulatorServer() as server:
        client = make_client(server.url)
        instance_id = client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="t",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Id"]
        flow_id = client.create_contact_flow(
            InstanceId=instance_id, Name="f", Type="CONTACT_FLOW", Content="{}"
        )["ContactFlowId"]

        def start() -> None:
            client.start_task_contact(InstanceId=instance_id, ContactFlowId=flow_id, Name="n")

        assert outcomes(start, client, 6) == ["ok"] * 5 + ["throttled"]
        assert len(server.backend.contacts) == 5


def test_throttle_override_over_http(client: Any, server: Any, instance_id: str) -> None:
    status, body = emulator(
        server.url,
        "/_emulator/throttle",
        {"operation": "DescribeInstance", "rate": 0.001, "burst": 2},
    )
    assert status == 200
    assert body["limits"]["DescribeInstance"] == {"rate": 0.001, "burst": 2.0}
    status, body = emulator(server.url, "/_emulator/throttle", {"enabled": True})
    assert body["enabled"] is True
    assert outcomes(lambda: client.describe_instance(InstanceId=instance_id), client, 3) == [
        "ok",
        "ok",
        "throttled",
    ]


def test_throttle_disabled_over_http(client: Any, server: Any, instance_id: str) -> None:
    emulator(
        server.url,
        "/_emulator/throttle",
        {"operation": "DescribeInstance", "rate": 0.001, "burst": 1},
    )
    emulator(server.url, "/_emulator/throttle", {"enabled": True})
    assert outcomes(lambda: client.describe_instance(InstanceId=instance_id), client, 2) == [
        "ok",
        "throttled",
    ]
    status, body = emulator(server.url, "/_emulator/throttle", {"enabled": False})
    assert (status, body["enabled"]) == (200, False)
    assert outcomes(lambda: client.describe_instance(InstanceId=instance_id), client, 3) == [
        "ok",
        "ok",
        "ok",
    ]


def test_throttle_constructor_override() -> None:
    with EmulatorServer(throttle={"ListInstances": (0.001, 1)}) as server:
        client = make_client(server.url)
        assert outcomes(lambda: client.list_instances(), client, 2) == ["ok", "throttled"]


def test_throttle_ignores_task_clock() -> None:
    with EmulatorServer(throttle={"ListInstances": (0.001, 1)}) as server:
        client = make_client(server.url)
        client.list_instances()
        server.clock.advance(3600)
        assert outcomes(lambda: client.list_instances(), client, 1) == ["throttled"]


def test_throttle_bad_setting_is_400(server: Any) -> None:
    status, body = emulator(
        server.url,
        "/_emulator/throttle",
        {"operation": "StartTaskContact", "rate": "fast", "burst": 1},
    )
    assert (status, body) == (400, {"message": "'rate' must be a number"})


def test_throttle_reset_restores_constructor_setting(server: Any) -> None:
    emulator(
        server.url, "/_emulator/throttle", {"operation": "StartTaskContact", "rate": 1, "burst": 1}
    )
    emulator(server.url, "/_emulator/throttle", {"enabled": True})
    status, body = emulator(server.url, "/_emulator/throttle", {"reset": True})
    assert status == 200
    assert body["enabled"] is False
    assert body["limits"]["StartTaskContact"] == {"rate": 2.0, "burst": 5.0}


def test_describe_contact_default_burst_is_fifteen() -> None:
    throttle = Throttle(monotonic=FakeMonotonic())
    assert [throttle.allow("DescribeContact") for _ in range(16)] == [True] * 15 + [False]
