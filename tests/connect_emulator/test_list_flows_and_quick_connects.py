"""ListContactFlows and ListQuickConnects: summaries of one instance, oldest first, paged.

botocore's model, MaxResults of both operations (1 to 1000): "The maximum number of results
to return per page. The default MaxResult size is 100."
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import pytest

from connect_emulator import EmulatorServer, Throttle
from connect_emulator.throttle import GENEROUS_LIMIT

from .conftest import FLOW_CONTENT, FakeMonotonic, emulator, make_client, outcomes

ARN_PREFIX = "arn:aws:connect:us-east-1:123456789012:instance/"
FLOW_SUMMARY_KEYS = {
    "Id",
    "Arn",
    "Name",
    "ContactFlowType",
    "ContactFlowState",
    "ContactFlowStatus",
}
QUICK_SUMMARY_KEYS = {
    "Id",
    "Arn",
    "Name",
    "QuickConnectType",
    "LastModifiedTime",
    "LastModifiedRegion",
}
PHONE = {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+15555550100"}}


def _message(caught: Any, status: int = 400) -> str:
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    return caught.value.response["Error"]["Message"]


def _new_instance(client: Any, alias: str) -> str:
    return client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias,
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]


def _flow(
    client: Any, instance_id: str, name: str, kind: str = "CONTACT_FLOW", **members: Any
) -> str:
    return client.create_contact_flow(
        InstanceId=instance_id, Name=name, Type=kind, Content=FLOW_CONTENT, **members
    )["ContactFlowId"]


def _quick(client: Any, instance_id: str, name: str, config: dict[str, Any] | None = None) -> str:
    return client.create_quick_connect(
        InstanceId=instance_id, Name=name, QuickConnectConfig=config or PHONE
    )["QuickConnectId"]


@dataclass(frozen=True)
class Listing:
    """One of the two operations, as the parametrized tests use it."""

    operation: str  # the operation's name
    method: str  # boto3 client method
    key: str  # the response's list member

    def create(self, client: Any, instance_id: str, name: str) -> str:
        return (
            _flow(client, instance_id, name)
            if self.operation == "ListContactFlows"
            else _quick(client, instance_id, name)
        )

    def call(self, client: Any, instance_id: str, **members: Any) -> dict[str, Any]:
        return getattr(client, self.method)(InstanceId=instance_id, **members)

    def ids(self, client: Any, instance_id: str, **members: Any) -> list[str]:
        return [s["Id"] for s in self.call(client, instance_id, **members)[self.key]]


FLOWS = Listing("ListContactFlows", "list_contact_flows", "ContactFlowSummaryList")
QUICK = Listing("ListQuickConnects", "list_quick_connects", "QuickConnectSummaryList")
BOTH = pytest.mark.parametrize("listing", [FLOWS, QUICK], ids=["flows", "quick_connects"])


# Summaries


def test_list_contact_flows_summary_has_the_model_members(client: Any, instance_id: str) -> None:
    published = _flow(client, instance_id, "published")
    saved = _flow(client, instance_id, "saved", kind="AGENT_WHISPER", Status="SAVED")
    listed = client.list_contact_flows(InstanceId=instance_id)
    assert "NextToken" not in listed
    assert listed["ContactFlowSummaryList"] == [
        {
            "Id": published,
            "Arn": f"{ARN_PREFIX}{instance_id}/contact-flow/{published}",
            "Name": "published",
            "ContactFlowType": "CONTACT_FLOW",
            "ContactFlowState": "ACTIVE",
            "ContactFlowStatus": "PUBLISHED",
        },
        {
            "Id": saved,
            "Arn": f"{ARN_PREFIX}{instance_id}/contact-flow/{saved}",
            "Name": "saved",
            "ContactFlowType": "AGENT_WHISPER",
            "ContactFlowState": "ACTIVE",
            "ContactFlowStatus": "SAVED",
        },
    ]


def test_list_contact_flows_summary_keys_are_the_model_shape(client: Any, instance_id: str) -> None:
    _flow(client, instance_id, "f")
    [summary] = client.list_contact_flows(InstanceId=instance_id)["ContactFlowSummaryList"]
    assert (
        set(summary)
        == FLOW_SUMMARY_KEYS
        == set(client.meta.service_model.shape_for("ContactFlowSummary").members)
    )


def test_list_quick_connects_summary_has_the_model_members(
    client: Any, instance_id: str, flow_id: str
) -> None:
    queue = {
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": "q-1", "ContactFlowId": flow_id},
    }
    created = client.create_quick_connect(
        InstanceId=instance_id, Name="queue qc", QuickConnectConfig=queue
    )
    listed = client.list_quick_connects(InstanceId=instance_id)
    assert "NextToken" not in listed
    [summary] = listed["QuickConnectSummaryList"]
    assert (
        set(summary)
        == QUICK_SUMMARY_KEYS
        == set(client.meta.service_model.shape_for("QuickConnectSummary").members)
    )
    assert summary["Id"] == created["QuickConnectId"]
    assert (
        summary["Arn"]
        == created["QuickConnectARN"]
        == f"{ARN_PREFIX}{instance_id}/transfer-destination/{summary['Id']}"
    )
    assert (summary["Name"], summary["QuickConnectType"], summary["LastModifiedRegion"]) == (
        "queue qc",
        "QUEUE",
        "us-east-1",
    )


def test_list_quick_connects_last_modified_is_creation_time(
    client: Any, clock: Any, instance_id: str
) -> None:
    clock.advance(3600)
    before = clock.now()
    _quick(client, instance_id, "qc")
    [summary] = client.list_quick_connects(InstanceId=instance_id)["QuickConnectSummaryList"]
    assert before - 1 <= summary["LastModifiedTime"].timestamp() <= clock.now() + 1


@BOTH
def test_list_empty_instance_is_an_empty_list_without_token(
    client: Any, instance_id: str, listing: Listing
) -> None:
    listed = listing.call(client, instance_id)
    assert listed[listing.key] == []
    assert "NextToken" not in listed


# Paging


@BOTH
def test_list_default_page_is_100(client: Any, instance_id: str, listing: Listing) -> None:
    created = [listing.create(client, instance_id, f"n{number:03}") for number in range(101)]
    first = listing.call(client, instance_id)
    assert [s["Id"] for s in first[listing.key]] == created[:100]
    second = listing.call(client, instance_id, NextToken=first["NextToken"])
    assert [s["Id"] for s in second[listing.key]] == created[100:]
    assert "NextToken" not in second
    # MaxResults above the default answers past it, up to botocore's 1000.
    whole = listing.call(client, instance_id, MaxResults=1000)
    assert [s["Id"] for s in whole[listing.key]] == created
    assert "NextToken" not in whole


@BOTH
def test_list_exactly_100_is_one_page(client: Any, instance_id: str, listing: Listing) -> None:
    created = [listing.create(client, instance_id, f"n{number:03}") for number in range(100)]
    listed = listing.call(client, instance_id)
    assert [s["Id"] for s in listed[listing.key]] == created
    assert "NextToken" not in listed


@BOTH
def test_list_pages_by_max_results_oldest_first(
    client: Any, instance_id: str, listing: Listing
) -> None:
    created = [listing.create(client, instance_id, f"n{number}") for number in range(5)]
    pages, token = [], None
    while True:
        listed = listing.call(
            client, instance_id, MaxResults=2, **({"NextToken": token} if token else {})
        )
        pages.append([s["Id"] for s in listed[listing.key]])
        token = listed.get("NextToken")
        if token is None:
            break
    assert pages == [created[:2], created[2:4], created[4:]]


@BOTH
def test_list_boto3_paginator_walks_every_page(
    client: Any, instance_id: str, listing: Listing
) -> None:
    created = [listing.create(client, instance_id, f"n{number}") for number in range(7)]
    paginator = client.get_paginator(listing.method)
    pages = list(paginator.paginate(InstanceId=instance_id, PaginationConfig={"PageSize": 3}))
    assert [len(p[listing.key]) for p in pages] == [3, 3, 1]
    assert [s["Id"] for p in pages for s in p[listing.key]] == created


@BOTH
@pytest.mark.parametrize(
    ("max_results", "rule"),
    [(0, "greater than or equal to 1"), (1001, "less than or equal to 1000")],
)
def test_list_max_results_out_of_range_is_invalid_parameter(
    raw_client: Any, instance_id: str, listing: Listing, max_results: int, rule: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        listing.call(raw_client, instance_id, MaxResults=max_results)
    assert (
        _message(caught)
        == f"1 validation error detected: Value at 'MaxResults' failed to satisfy constraint: Member must have value {rule}"
    )


@BOTH
@pytest.mark.parametrize(
    "token",
    [
        "forged",
        base64.urlsafe_b64encode(b'{"offset": -1}').decode(),
        base64.urlsafe_b64encode(b'{"page": 2}').decode(),
        base64.urlsafe_b64encode(b'{"offset": "2"}').decode(),
    ],
)
def test_list_forged_token_is_invalid_request(
    client: Any, instance_id: str, listing: Listing, token: str
) -> None:
    listing.create(client, instance_id, "n")
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        listing.call(client, instance_id, NextToken=token)
    message = _message(caught)
    assert message == "NextToken is not valid"
    assert token not in message


@BOTH
def test_list_token_past_the_end_is_an_empty_last_page(
    client: Any, instance_id: str, listing: Listing
) -> None:
    listing.create(client, instance_id, "n")
    token = base64.urlsafe_b64encode(json.dumps({"offset": 50}).encode()).decode()
    listed = listing.call(client, instance_id, NextToken=token)
    assert listed[listing.key] == []
    assert "NextToken" not in listed


# Scope: one instance, one Region


@BOTH
def test_list_shows_only_the_instance_asked(
    client: Any, instance_id: str, listing: Listing
) -> None:
    other = _new_instance(client, "other")
    mine = [listing.create(client, instance_id, "a"), listing.create(client, instance_id, "b")]
    theirs = [listing.create(client, other, "a")]
    assert listing.ids(client, instance_id) == mine
    assert listing.ids(client, other) == theirs


@BOTH
def test_list_instance_of_another_region_is_resource_not_found(
    client: Any, server: Any, instance_id: str, listing: Listing
) -> None:
    listing.create(client, instance_id, "n")
    west = make_client(server.url, region="us-west-2")
    with pytest.raises(west.exceptions.ResourceNotFoundException) as caught:
        listing.call(west, instance_id)
    assert _message(caught, 404) == f"Instance not found: {instance_id}"


@BOTH
def test_list_unknown_instance_is_resource_not_found(client: Any, listing: Listing) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        listing.call(client, "00000000-0000-0000-0000-000000000000")
    assert _message(caught, 404) == "Instance not found: 00000000-0000-0000-0000-000000000000"


# Filters


def test_list_contact_flows_filters_by_types(client: Any, instance_id: str) -> None:
    task = _flow(client, instance_id, "task")
    hold = _flow(client, instance_id, "hold", kind="AGENT_HOLD")
    whisper = _flow(client, instance_id, "whisper", kind="AGENT_WHISPER")
    assert FLOWS.ids(client, instance_id, ContactFlowTypes=["AGENT_HOLD"]) == [hold]
    assert FLOWS.ids(client, instance_id, ContactFlowTypes=["AGENT_WHISPER", "CONTACT_FLOW"]) == [
        task,
        whisper,
    ]
    assert FLOWS.ids(client, instance_id, ContactFlowTypes=["CAMPAIGN"]) == []
    assert FLOWS.ids(client, instance_id) == [task, hold, whisper]


def test_list_contact_flows_filter_then_pages(client: Any, instance_id: str) -> None:
    holds = []
    for number in range(3):
        _flow(client, instance_id, f"task{number}")
        holds.append(_flow(client, instance_id, f"hold{number}", kind="AGENT_HOLD"))
    first = client.list_contact_flows(
        InstanceId=instance_id, ContactFlowTypes=["AGENT_HOLD"], MaxResults=2
    )
    second = client.list_contact_flows(
        InstanceId=instance_id,
        ContactFlowTypes=["AGENT_HOLD"],
        MaxResults=2,
        NextToken=first["NextToken"],
    )
    assert [s["Id"] for s in first["ContactFlowSummaryList"]] == holds[:2]
    assert [s["Id"] for s in second["ContactFlowSummaryList"]] == holds[2:]
    assert "NextToken" not in second


def test_list_contact_flows_unknown_type_is_invalid_parameter(
    raw_client: Any, instance_id: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.list_contact_flows(InstanceId=instance_id, ContactFlowTypes=["TASK"])
    assert _message(caught).startswith(
        "1 validation error detected: Value at 'ContactFlowTypes[0]' failed to satisfy constraint: Member must satisfy enum value set: [CONTACT_FLOW"
    )


def test_list_contact_flows_more_than_ten_types_is_invalid_parameter(
    raw_client: Any, instance_id: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.list_contact_flows(
            InstanceId=instance_id, ContactFlowTypes=["CONTACT_FLOW"] * 11
        )
    assert _message(caught) == (
        "1 validation error detected: Value at 'ContactFlowTypes' failed to satisfy constraint: Member must have length less than or equal to 10"
    )


def test_list_quick_connects_filters_by_types(client: Any, instance_id: str, flow_id: str) -> None:
    phone = _quick(client, instance_id, "phone")
    queue = _quick(
        client,
        instance_id,
        "queue",
        {"QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": "q-1", "ContactFlowId": flow_id}},
    )
    user = _quick(
        client,
        instance_id,
        "user",
        {"QuickConnectType": "USER", "UserConfig": {"UserId": "u-1", "ContactFlowId": flow_id}},
    )
    assert QUICK.ids(client, instance_id, QuickConnectTypes=["QUEUE"]) == [queue]
    assert QUICK.ids(client, instance_id, QuickConnectTypes=["USER", "PHONE_NUMBER"]) == [
        phone,
        user,
    ]
    assert QUICK.ids(client, instance_id, QuickConnectTypes=["FLOW"]) == []
    assert QUICK.ids(client, instance_id) == [phone, queue, user]


def test_list_quick_connects_unknown_type_is_invalid_parameter(
    raw_client: Any, instance_id: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.list_quick_connects(InstanceId=instance_id, QuickConnectTypes=["AGENT"])
    assert _message(caught) == (
        "1 validation error detected: Value at 'QuickConnectTypes[0]' failed to satisfy constraint: "
        "Member must satisfy enum value set: [USER, QUEUE, PHONE_NUMBER, FLOW]"
    )


# Throttling, faults and call counts apply as to every operation


@BOTH
def test_list_is_throttled_by_its_own_bucket(
    client: Any, server: Any, instance_id: str, listing: Listing
) -> None:
    status, view = emulator(
        server.url,
        "/_emulator/throttle",
        {"operation": listing.operation, "rate": 0.001, "burst": 2},
    )
    assert (status, view["limits"][listing.operation]) == (200, {"rate": 0.001, "burst": 2.0})
    emulator(server.url, "/_emulator/throttle", {"enabled": True})
    assert outcomes(lambda: listing.call(client, instance_id), client, 3) == [
        "ok",
        "ok",
        "throttled",
    ]
    # Another operation's bucket is untouched.
    assert outcomes(lambda: client.describe_instance(InstanceId=instance_id), client, 1) == ["ok"]


def test_list_operations_default_limit_is_the_generous_one() -> None:
    # throttle.py: operations without a task quota (instances, flows, quick connects, templates)
    # are not in DEFAULT_LIMITS and get GENEROUS_LIMIT; the List operations are among them.
    throttle = Throttle(monotonic=FakeMonotonic())
    for operation in ("ListContactFlows", "ListQuickConnects"):
        assert throttle.limit(operation) == GENEROUS_LIMIT == throttle.limit("CreateContactFlow")
        allowed = [
            throttle.allow(operation, "testing", "us-east-1")
            for _ in range(int(GENEROUS_LIMIT.burst) + 1)
        ]
        assert allowed == [True] * int(GENEROUS_LIMIT.burst) + [False]


def test_list_default_server_throttles_after_the_default_burst() -> None:
    clock = FakeMonotonic()
    with EmulatorServer(throttle=Throttle(monotonic=clock)) as running:
        client = make_client(running.url)
        instance_id = _new_instance(client, "throttled")
        burst = int(GENEROUS_LIMIT.burst)
        assert outcomes(
            lambda: client.list_quick_connects(InstanceId=instance_id), client, burst + 1
        ) == ["ok"] * burst + ["throttled"]
        clock.now += 1 / GENEROUS_LIMIT.rate
        assert outcomes(lambda: client.list_quick_connects(InstanceId=instance_id), client, 1) == [
            "ok"
        ]


@BOTH
def test_list_faults_apply(client: Any, server: Any, instance_id: str, listing: Listing) -> None:
    status, _ = emulator(
        server.url,
        "/_emulator/faults",
        {"operation": listing.operation, "calls": [1], "kind": "error"},
    )
    assert status == 200
    with pytest.raises(client.exceptions.InternalServiceException) as caught:
        listing.call(client, instance_id)
    assert _message(caught, 500) == "Injected fault: InternalServiceException."
    assert listing.call(client, instance_id)[listing.key] == []
    calls = server.app.calls.describe()
    assert (calls["calls"][listing.operation], calls["succeeded"][listing.operation]) == (2, 1)
