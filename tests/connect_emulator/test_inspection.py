"""The /_emulator surface: contacts, calls, clock, reset, quota."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest

from .conftest import emulator

CONTACT_KEYS = {
    "id", "arn", "region", "instance_id", "name", "initiation", "initial_id", "last_update", "description",
    "previous_id", "related_id", "contact_flow_id", "quick_connect_id", "task_template_id",
    "task_template_name", "queue_id",
    "scheduled", "attributes", "references", "attachments", "segment_attributes", "client_token",
    "enqueued", "disconnected", "disconnect_reason", "state", "expiry",
}  # fmt: skip


def test_inspection_contacts_lists_contacts_with_state(
    server: Any, instance_id: str, flow_id: str, start_task: Any
) -> None:
    contact_id = start_task(ClientToken="tok", Attributes={"a": "1"})
    status, data = emulator(server.url, "/_emulator/contacts")
    assert status == 200
    assert set(data) == {"now", "contacts"}
    [contact] = data["contacts"]
    assert set(contact) == CONTACT_KEYS
    assert contact["id"] == contact_id
    assert contact["instance_id"] == instance_id
    assert contact["contact_flow_id"] == flow_id
    assert contact["region"] == "us-east-1"
    assert contact["state"] == "queued"
    assert contact["attributes"] == {"a": "1"}
    assert contact["client_token"] == "tok"
    assert contact["expiry"] == contact["initiation"] + 7 * 24 * 3600


def test_inspection_contacts_empty(server: Any) -> None:
    status, data = emulator(server.url, "/_emulator/contacts")
    assert (status, data["contacts"]) == (200, [])


def test_inspection_calls_counts_received_and_succeeded(
    client: Any, server: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_instance(InstanceId="missing")
    client.describe_instance(InstanceId=instance_id)
    status, data = emulator(server.url, "/_emulator/calls")
    assert status == 200
    assert data == {
        "calls": {"CreateInstance": 1, "DescribeInstance": 2},
        "succeeded": {"CreateInstance": 1, "DescribeInstance": 1},
    }


def test_inspection_calls_count_throttled_requests(client: Any, server: Any) -> None:
    emulator(
        server.url, "/_emulator/throttle", {"operation": "ListInstances", "rate": 0.001, "burst": 1}
    )
    emulator(server.url, "/_emulator/throttle", {"enabled": True})
    client.list_instances()
    with pytest.raises(client.exceptions.ThrottlingException):
        client.list_instances()
    _, data = emulator(server.url, "/_emulator/calls")
    assert data == {"calls": {"ListInstances": 2}, "succeeded": {"ListInstances": 1}}


def test_inspection_clock_advance(server: Any) -> None:
    _, before = emulator(server.url, "/_emulator/clock")
    status, after = emulator(server.url, "/_emulator/clock", {"advance_seconds": 3600})
    assert status == 200
    assert after["offset_seconds"] == 3600
    assert after["now"] - before["now"] == pytest.approx(3600, abs=1)


def test_inspection_clock_set_now(server: Any) -> None:
    status, data = emulator(server.url, "/_emulator/clock", {"now": 2000000000})
    assert status == 200
    assert data["now"] == pytest.approx(2000000000, abs=1)
    assert server.clock.now() == pytest.approx(2000000000, abs=1)


def test_inspection_clock_bad_body_is_400(server: Any) -> None:
    assert emulator(server.url, "/_emulator/clock", {"advance_seconds": 1, "now": 2}) == (
        400,
        {"message": "give exactly one of 'advance_seconds' and 'now'"},
    )
    assert emulator(server.url, "/_emulator/clock", {"advance_seconds": "soon"}) == (
        400,
        {"message": "'advance_seconds' must be a number"},
    )


def test_inspection_reset_forgets_everything(client: Any, server: Any, start_task: Any) -> None:
    start_task()
    emulator(server.url, "/_emulator/clock", {"advance_seconds": 60})
    status, data = emulator(server.url, "/_emulator/reset", {})
    assert (status, data) == (200, {"reset": True})
    assert emulator(server.url, "/_emulator/contacts")[1]["contacts"] == []
    assert emulator(server.url, "/_emulator/calls")[1] == {"calls": {}, "succeeded": {}}
    assert emulator(server.url, "/_emulator/clock")[1]["offset_seconds"] == 0
    assert client.list_instances()["InstanceSummaryList"] == []


def test_inspection_quota_override(client: Any, server: Any, start_task: Any) -> None:
    assert emulator(server.url, "/_emulator/quota") == (200, {"active_tasks_per_instance": 2500})
    assert emulator(server.url, "/_emulator/quota", {"active_tasks_per_instance": 1}) == (
        200,
        {"active_tasks_per_instance": 1},
    )
    start_task()
    with pytest.raises(client.exceptions.ServiceQuotaExceededException):
        start_task()


def test_inspection_unknown_endpoint_is_404(server: Any) -> None:
    assert emulator(server.url, "/_emulator/nothing") == (
        404,
        {"message": "No emulator endpoint GET /_emulator/nothing"},
    )


def test_inspection_body_not_json_is_400(server: Any) -> None:
    request = urllib.request.Request(
        server.url + "/_emulator/clock", data=b"{not json", method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 400
