"""Throttling by (account, Region, operation), as AWS does: one access key is one account; instances share."""

from __future__ import annotations

from typing import Any

import pytest

from connect_emulator import Throttle
from connect_emulator.responses import credential_scope

from .conftest import FLOW_CONTENT, FakeMonotonic, emulator, make_client, outcomes


def _instance_and_flow(client: Any, alias: str = "scope") -> tuple[str, str]:
    instance_id = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias,
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    flow_id = client.create_contact_flow(
        InstanceId=instance_id, Name="f", Type="CONTACT_FLOW", Content=FLOW_CONTENT
    )["ContactFlowId"]
    return instance_id, flow_id


def _starter(client: Any, instance_id: str, flow_id: str) -> Any:
    return lambda: client.start_task_contact(
        InstanceId=instance_id, ContactFlowId=flow_id, Name="n"
    )


def _throttle_on(url: str) -> None:
    status, body = emulator(url, "/_emulator/throttle", {"enabled": True})
    assert (status, body["limits"]["StartTaskContact"]) == (200, {"rate": 2.0, "burst": 5.0})


# Over HTTP, AWS default limits (StartTaskContact: burst 5, 2 per second).


def test_start_task_contact_two_access_keys_each_get_a_burst(server: Any) -> None:
    first, second = (
        make_client(server.url, key="AKIAFIRST"),
        make_client(server.url, key="AKIASECOND"),
    )
    instance_id, flow_id = _instance_and_flow(first)
    _throttle_on(server.url)
    assert outcomes(_starter(first, instance_id, flow_id), first, 6) == ["ok"] * 5 + ["throttled"]
    assert outcomes(_starter(second, instance_id, flow_id), second, 6) == ["ok"] * 5 + ["throttled"]
    assert len(server.backend.contacts) == 10


def test_start_task_contact_two_regions_one_key_independent_buckets(server: Any) -> None:
    east, west = (
        make_client(server.url, region="us-east-1"),
        make_client(server.url, region="eu-west-2"),
    )
    east_ids, west_ids = _instance_and_flow(east), _instance_and_flow(west)
    _throttle_on(server.url)
    assert outcomes(_starter(west, *west_ids), west, 6) == ["ok"] * 5 + ["throttled"]
    _, view = emulator(server.url, "/_emulator/throttle")
    buckets = {(b["region"], b["operation"]): b["tokens"] for b in view["buckets"]}
    assert buckets[("eu-west-2", "StartTaskContact")] < 1
    assert ("us-east-1", "StartTaskContact") not in buckets  # never used: full
    assert outcomes(_starter(east, *east_ids), east, 6) == ["ok"] * 5 + ["throttled"]


def test_start_task_contact_two_instances_share_one_bucket(server: Any) -> None:
    client = make_client(server.url)
    first, second = _instance_and_flow(client, "one"), _instance_and_flow(client, "two")
    _throttle_on(server.url)
    assert outcomes(_starter(client, *first), client, 3) == ["ok"] * 3
    assert outcomes(_starter(client, *second), client, 3) == ["ok"] * 2 + ["throttled"]
    assert outcomes(_starter(client, *first), client, 1) == ["throttled"]
    _, view = emulator(server.url, "/_emulator/throttle")
    assert [
        (b["account"], b["region"]) for b in view["buckets"] if b["operation"] == "StartTaskContact"
    ] == [("testing", "us-east-1")]


def test_throttle_region_override_over_http(server: Any) -> None:
    east, west = (
        make_client(server.url, region="us-east-1"),
        make_client(server.url, region="eu-west-2"),
    )
    status, view = emulator(
        server.url,
        "/_emulator/throttle",
        {"operation": "ListInstances", "rate": 0.001, "burst": 1, "region": "eu-west-2"},
    )
    assert status == 200
    assert view["scoped"] == [
        {
            "operation": "ListInstances",
            "account": None,
            "region": "eu-west-2",
            "rate": 0.001,
            "burst": 1.0,
        }
    ]
    assert "ListInstances" not in view["limits"]
    emulator(server.url, "/_emulator/throttle", {"enabled": True})
    assert outcomes(west.list_instances, west, 2) == ["ok", "throttled"]
    assert outcomes(east.list_instances, east, 3) == ["ok"] * 3


def test_throttle_account_override_over_http(server: Any) -> None:
    slow, fast = make_client(server.url, key="AKIASLOW"), make_client(server.url, key="AKIAFAST")
    emulator(
        server.url,
        "/_emulator/throttle",
        {"operation": "ListInstances", "rate": 0.001, "burst": 1, "account": "AKIASLOW"},
    )
    emulator(server.url, "/_emulator/throttle", {"enabled": True})
    assert outcomes(slow.list_instances, slow, 2) == ["ok", "throttled"]
    assert outcomes(fast.list_instances, fast, 3) == ["ok"] * 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"region": "eu-west-2"}, "'account' and 'region' scope an 'operation' limit"),
        (
            {"operation": "ListInstances", "rate": 1, "burst": 1, "region": 3},
            "'region' must be a string",
        ),
        (
            {"operation": "ListInstances", "rate": 1, "burst": 1, "region": ""},
            "'region' must name a Region",
        ),
        (
            {"operation": "ListInstances", "rate": 1, "burst": 1, "account": None},
            "'account' must be a string",
        ),
    ],
)
def test_throttle_bad_scope_is_400(server: Any, body: dict[str, Any], message: str) -> None:
    assert emulator(server.url, "/_emulator/throttle", body) == (400, {"message": message})


def test_credential_scope_reads_access_key_and_region() -> None:
    header = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/ap-southeast-2/connect/aws4_request, SignedHeaders=host, Signature=abc"
    assert credential_scope(header) == ("AKIAEXAMPLE", "ap-southeast-2")
    assert credential_scope(None) == ("", "us-east-1")
    assert credential_scope("Bearer token") == ("", "us-east-1")


# Throttle alone, with an injected monotonic clock.


def test_throttle_buckets_are_per_account() -> None:
    throttle = Throttle(monotonic=FakeMonotonic())
    assert [throttle.allow("StartTaskContact", "A", "us-east-1") for _ in range(6)] == [
        True
    ] * 5 + [False]
    assert [throttle.allow("StartTaskContact", "B", "us-east-1") for _ in range(6)] == [
        True
    ] * 5 + [False]


def test_throttle_buckets_are_per_region() -> None:
    throttle = Throttle(monotonic=FakeMonotonic())
    assert [throttle.allow("StartTaskContact", "A", "eu-west-2") for _ in range(6)] == [
        True
    ] * 5 + [False]
    assert [throttle.allow("StartTaskContact", "A", "us-east-1") for _ in range(6)] == [
        True
    ] * 5 + [False]


def test_throttle_keyed_buckets_refill_independently() -> None:
    clock = FakeMonotonic()
    throttle = Throttle(monotonic=clock)
    for _ in range(5):
        throttle.allow("StartTaskContact", "A", "us-east-1")
    clock.now += 1.0
    for _ in range(5):
        throttle.allow("StartTaskContact", "B", "us-east-1")
    clock.now += 0.5
    # A: 0 + 1.5 s * 2/s = 3 tokens; B: 0 + 0.5 s * 2/s = 1 token.
    assert [throttle.allow("StartTaskContact", "A", "us-east-1") for _ in range(4)] == [
        True
    ] * 3 + [False]
    assert [throttle.allow("StartTaskContact", "B", "us-east-1") for _ in range(2)] == [True, False]


def test_throttle_allow_without_scope_shares_the_anonymous_bucket() -> None:
    throttle = Throttle(monotonic=FakeMonotonic())
    assert [throttle.allow("StartTaskContact") for _ in range(5)] == [True] * 5
    assert throttle.allow("StartTaskContact", "", "") is False
    assert throttle.allow("StartTaskContact", "A", "us-east-1") is True


def test_throttle_most_specific_limit_wins() -> None:
    throttle = Throttle(limits={"ListInstances": (1, 4)})
    throttle.set_limit("ListInstances", 1, 3, region="eu-west-2")
    throttle.set_limit("ListInstances", 1, 2, account="A")
    throttle.set_limit("ListInstances", 1, 1, account="A", region="eu-west-2")
    assert throttle.limit("ListInstances", "A", "eu-west-2").burst == 1
    assert throttle.limit("ListInstances", "A", "us-east-1").burst == 2
    assert throttle.limit("ListInstances", "B", "eu-west-2").burst == 3
    assert throttle.limit("ListInstances", "B", "us-east-1").burst == 4
    assert throttle.limit("StartTaskContact", "A", "eu-west-2").burst == 5


def test_throttle_scoped_override_refills_only_its_buckets() -> None:
    throttle = Throttle(monotonic=FakeMonotonic())
    for region in ("us-east-1", "eu-west-2"):
        for _ in range(5):
            throttle.allow("StartTaskContact", "A", region)
    throttle.set_limit("StartTaskContact", 0, 2, region="eu-west-2")
    assert [throttle.allow("StartTaskContact", "A", "eu-west-2") for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert throttle.allow("StartTaskContact", "A", "us-east-1") is False


def test_throttle_describe_lists_buckets_with_tokens_now() -> None:
    clock = FakeMonotonic()
    throttle = Throttle(monotonic=clock)
    for _ in range(5):
        throttle.allow("StartTaskContact", "A", "us-east-1")
    throttle.allow("DescribeContact", "B", "eu-west-2")
    clock.now += 1.0
    assert throttle.describe()["buckets"] == [
        {"account": "A", "region": "us-east-1", "operation": "StartTaskContact", "tokens": 2.0},
        {"account": "B", "region": "eu-west-2", "operation": "DescribeContact", "tokens": 15.0},
    ]


def test_throttle_reset_forgets_scoped_overrides_and_buckets() -> None:
    throttle = Throttle(monotonic=FakeMonotonic())
    throttle.set_limit("StartTaskContact", 0, 1, account="A")
    throttle.allow("StartTaskContact", "A", "us-east-1")
    throttle.reset()
    described = throttle.describe()
    assert (described["scoped"], described["buckets"]) == ([], [])
    assert throttle.limit("StartTaskContact", "A", "us-east-1").burst == 5
