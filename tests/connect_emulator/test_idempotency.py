"""StartTaskContact ClientToken idempotency: same token → same contact for 7 days on the emulator clock."""

from __future__ import annotations

from typing import Any

import pytest

from connect_emulator import Clock

from .conftest import make_client

DAY = 24 * 3600


def test_start_task_contact_same_token_returns_same_contact(server: Any, start_task: Any) -> None:
    first = start_task(ClientToken="token-1")
    assert start_task(ClientToken="token-1") == first
    assert len(server.backend.contacts) == 1


def test_start_task_contact_same_token_other_parameters_returns_original(
    client: Any, instance_id: str, start_task: Any
) -> None:
    first = start_task(ClientToken="token-1", Name="Original")
    assert (
        start_task(ClientToken="token-1", Name="Different", Description="also different") == first
    )
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=first)["Contact"]["Name"]
        == "Original"
    )


def test_start_task_contact_new_token_creates_new_contact(server: Any, start_task: Any) -> None:
    assert start_task(ClientToken="token-1") != start_task(ClientToken="token-2")
    assert len(server.backend.contacts) == 2


def test_start_task_contact_without_token_creates_new_contact_each_time(
    server: Any, start_task: Any
) -> None:
    # botocore fills a fresh uuid4 ClientToken on each call.
    assert start_task() != start_task()


def test_start_task_contact_same_token_after_seven_days_creates_new_contact(
    server: Any, clock: Clock, start_task: Any
) -> None:
    first = start_task(ClientToken="token-1")
    clock.advance(7 * DAY - 60)
    assert start_task(ClientToken="token-1") == first
    clock.advance(120)
    second = start_task(ClientToken="token-1")
    assert second != first
    assert start_task(ClientToken="token-1") == second


def test_start_task_contact_failed_call_does_not_bind_token(client: Any, start_task: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        start_task(ClientToken="token-1", ContactFlowId="missing")
    first = start_task(ClientToken="token-1")
    assert start_task(ClientToken="token-1") == first


def test_start_task_contact_token_is_per_region(
    server: Any, instance_id: str, flow_id: str, start_task: Any
) -> None:
    west = make_client(server.url, region="us-west-2")
    first = start_task(ClientToken="token-1")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.start_task_contact(
            InstanceId=instance_id, ContactFlowId=flow_id, Name="n", ClientToken="token-1"
        )
    assert start_task(ClientToken="token-1") == first
