"""Task lifecycle on the emulator clock: scheduled → queued → ended (stopped or expired)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connect_emulator import Clock

from .conftest import emulator

DAY = 24 * 3600


def _at(clock: Clock, seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(clock.now() + seconds, tz=dt.UTC).replace(microsecond=0)


def _describe(client: Any, instance_id: str, contact_id: str) -> dict[str, Any]:
    return client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]


def _state(server: Any, contact_id: str) -> str:
    _, data = emulator(server.url, "/_emulator/contacts")
    return next(c["state"] for c in data["contacts"] if c["id"] == contact_id)


def test_lifecycle_immediate_task_is_queued(server: Any, start_task: Any) -> None:
    assert _state(server, start_task()) == "queued"


def test_lifecycle_scheduled_task_waits_until_its_time(
    client: Any, server: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    when = _at(clock, 3600)
    contact_id = start_task(ScheduledTime=when)
    assert _state(server, contact_id) == "scheduled"
    assert "QueueInfo" not in _describe(client, instance_id, contact_id)


def test_lifecycle_clock_advance_enqueues_at_scheduled_time(
    client: Any, server: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    when = _at(clock, 3600)
    contact_id = start_task(ScheduledTime=when)
    emulator(server.url, "/_emulator/clock", {"advance_seconds": 3601})
    contact = _describe(client, instance_id, contact_id)
    assert contact["QueueInfo"]["EnqueueTimestamp"] == when
    assert contact["ScheduledTimestamp"] == when
    assert _state(server, contact_id) == "queued"


def test_lifecycle_expires_seven_days_after_initiation(
    client: Any, server: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task()
    clock.advance(7 * DAY - 60)
    assert "DisconnectTimestamp" not in _describe(client, instance_id, contact_id)
    clock.advance(120)
    contact = _describe(client, instance_id, contact_id)
    assert contact["DisconnectReason"] == "EXPIRED"
    assert (
        contact["DisconnectTimestamp"] - contact["InitiationTimestamp"]
    ).total_seconds() == pytest.approx(7 * DAY, abs=0.001)
    assert _state(server, contact_id) == "ended"


def test_lifecycle_contact_expiry_segment_attribute_in_minutes(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 30}}}
        }
    )
    clock.advance(29 * 60)
    assert "DisconnectReason" not in _describe(client, instance_id, contact_id)
    clock.advance(2 * 60)
    contact = _describe(client, instance_id, contact_id)
    assert contact["DisconnectReason"] == "EXPIRED"
    assert (
        contact["DisconnectTimestamp"] - contact["InitiationTimestamp"]
    ).total_seconds() == pytest.approx(1800, abs=0.001)


def test_lifecycle_expiry_before_scheduled_time_never_enqueues(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(
        ScheduledTime=_at(clock, 2 * 3600),
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 60}}}
        },
    )
    clock.advance(3 * 3600)
    contact = _describe(client, instance_id, contact_id)
    assert contact["DisconnectReason"] == "EXPIRED"
    assert "QueueInfo" not in contact


def test_lifecycle_update_contact_shortens_expiry(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task()
    client.update_contact(
        InstanceId=instance_id,
        ContactId=contact_id,
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 10}}}
        },
    )
    clock.advance(11 * 60)
    assert _describe(client, instance_id, contact_id)["DisconnectReason"] == "EXPIRED"


def test_lifecycle_stop_after_expiry_is_invalid_request(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task()
    clock.advance(8 * DAY)
    with pytest.raises(client.exceptions.InvalidRequestException):
        client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    assert _describe(client, instance_id, contact_id)["DisconnectReason"] == "EXPIRED"


def test_lifecycle_expired_tasks_free_active_quota(
    client: Any, server: Any, clock: Clock, start_task: Any
) -> None:
    server.backend.active_task_quota = 1
    start_task()
    clock.advance(8 * DAY)
    assert len(start_task()) == 36


def test_lifecycle_rescheduled_task_enqueues_at_new_time(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(ScheduledTime=_at(clock, 3600))
    later = _at(clock, 2 * 3600)
    client.update_contact_schedule(
        InstanceId=instance_id, ContactId=contact_id, ScheduledTime=later
    )
    clock.advance(3700)
    assert "QueueInfo" not in _describe(client, instance_id, contact_id)
    clock.advance(3600)
    assert _describe(client, instance_id, contact_id)["QueueInfo"]["EnqueueTimestamp"] == later
