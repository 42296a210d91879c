"""StartTaskContact: what it creates and its rules (the target member, references and segment
attributes have their own modules: test_task_targets.py, test_references.py, test_segment_attributes.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connect_emulator import Clock

DAY = 24 * 3600


def _error(caught: Any) -> tuple[int, str]:
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def _at(clock: Clock, seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(clock.now() + seconds, tz=dt.UTC)


def test_start_task_contact_returns_contact_id(client: Any, instance_id: str, flow_id: str) -> None:
    response = client.start_task_contact(
        InstanceId=instance_id, ContactFlowId=flow_id, Name="Call back"
    )
    assert set(response) == {"ContactId", "ResponseMetadata"}
    assert len(response["ContactId"]) == 36


def test_start_task_contact_describe_shows_task_fields(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(Description="Ring the customer", Attributes={"order": "42"})
    contact = client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]
    assert (
        contact["Arn"]
        == f"arn:aws:connect:us-east-1:123456789012:instance/{instance_id}/contact/{contact_id}"
    )
    assert contact["Id"] == contact_id
    assert contact["InitialContactId"] == contact_id
    assert contact["InitiationMethod"] == "API"
    assert contact["Channel"] == "TASK"
    assert contact["Name"] == "Call back"
    assert contact["Description"] == "Ring the customer"
    assert contact["Attributes"] == {"order": "42"}
    assert contact["QueueInfo"]["EnqueueTimestamp"] == contact["InitiationTimestamp"]
    assert "DisconnectTimestamp" not in contact
    assert "References" not in contact


def test_start_task_contact_name_too_long_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Name="n" * 1025)
    assert _error(caught) == (
        400,
        "1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 1024",
    )


def test_start_task_contact_name_exactly_1024_is_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(Name="n" * 1024)
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]["Name"]
        == "n" * 1024
    )


def test_start_task_contact_description_too_long_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Description="secret" * 1000)
    status, message = _error(caught)
    assert message == (
        "1 validation error detected: Value at 'Description' failed to satisfy constraint: "
        "Member must have length less than or equal to 4096"
    )


def test_start_task_contact_reports_every_violation(client: Any, start_task: Any) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Name="n" * 1025, References={"runbook": {"Type": "URL", "Value": "v" * 4097}})
    assert _error(caught)[1] == (
        "2 validation errors detected: "
        "Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 1024; "
        "Value at 'References.runbook.Value' failed to satisfy constraint: Member must have length less than or equal to 4096"
    )


def test_start_task_contact_missing_name_is_invalid_parameter(
    raw_client: Any, instance_id: str, flow_id: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.start_task_contact(InstanceId=instance_id, ContactFlowId=flow_id)
    assert (
        _error(caught)[1]
        == "1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must not be null"
    )


def test_start_task_contact_reference_type_not_in_enum_is_invalid_parameter(
    raw_client: Any, instance_id: str, flow_id: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.start_task_contact(
            InstanceId=instance_id,
            ContactFlowId=flow_id,
            Name="n",
            References={"r": {"Type": "LINK", "Value": "x"}},
        )
    assert _error(caught)[1].startswith(
        "1 validation error detected: Value at 'References.r.Type' failed to satisfy constraint: Member must satisfy enum value set: [URL, ATTACHMENT,"
    )


def test_start_task_contact_attachment_reference_type_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(References={"file": {"Type": "ATTACHMENT", "Value": "x"}})
    assert (
        _error(caught)[1]
        == "References.file.Type must be one of URL, NUMBER, STRING, DATE, EMAIL for a task"
    )


def test_start_task_contact_six_attachments_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    attachments = [{"FileName": f"f{n}.txt", "S3Url": "https://bucket/f"} for n in range(6)]
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Attachments=attachments)
    assert _error(caught)[1] == (
        "1 validation error detected: Value at 'Attachments' failed to satisfy constraint: Member must have length less than or equal to 5"
    )


def test_start_task_contact_attachment_file_name_control_char_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Attachments=[{"FileName": "bad\x07name", "S3Url": "https://bucket/f"}])
    assert _error(caught)[1].startswith(
        "1 validation error detected: Value at 'Attachments[0].FileName' failed to satisfy constraint"
    )


def test_start_task_contact_attribute_key_with_dot_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Attributes={"bad.key": "secret-value"})
    assert _error(caught) == (
        400,
        "Attributes: 1 key(s) contain characters other than letters, digits, '-' and '_'",
    )


def test_start_task_contact_attributes_over_byte_budget_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    # "é" is 2 UTF-8 bytes: 16,384 characters of it alone fill the budget.
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Attributes={"k": "é" * 16384})
    assert _error(caught)[1] == "Attributes: keys and values must total at most 32768 UTF-8 bytes"


def test_start_task_contact_attributes_at_byte_budget_is_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(Attributes={"k": "v" * 32767})
    assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)[
        "Attributes"
    ] == {"k": "v" * 32767}


def test_start_task_contact_previous_and_related_is_invalid_request(
    client: Any, start_task: Any
) -> None:
    first = start_task()
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        start_task(PreviousContactId=first, RelatedContactId=first)
    assert _error(caught)[1] == "PreviousContactId and RelatedContactId cannot be used together"


def test_start_task_contact_scheduled_in_past_is_invalid_request(
    client: Any, clock: Clock, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        start_task(ScheduledTime=_at(clock, -60))
    assert _error(caught) == (400, "ScheduledTime must not be in the past")


def test_start_task_contact_scheduled_beyond_six_days_is_invalid_request(
    client: Any, clock: Clock, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        start_task(ScheduledTime=_at(clock, 6 * DAY + 60))
    assert _error(caught)[1] == "ScheduledTime must be at most 6 days ahead"


def test_start_task_contact_scheduled_six_days_ahead_is_accepted(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    when = _at(clock, 6 * DAY - 5).replace(microsecond=0)
    contact = client.describe_contact(
        InstanceId=instance_id, ContactId=start_task(ScheduledTime=when)
    )["Contact"]
    assert contact["ScheduledTimestamp"] == when
    assert "QueueInfo" not in contact


def test_start_task_contact_window_follows_emulator_clock(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    clock.advance(30 * DAY)
    when = _at(clock, 3600).replace(microsecond=0)
    contact = client.describe_contact(
        InstanceId=instance_id, ContactId=start_task(ScheduledTime=when)
    )["Contact"]
    assert contact["ScheduledTimestamp"] == when


def test_start_task_contact_unknown_instance_is_resource_not_found(
    client: Any, flow_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.start_task_contact(InstanceId="missing", ContactFlowId=flow_id, Name="n")
    assert _error(caught) == (404, "Instance not found: missing")


def test_start_task_contact_unknown_flow_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.start_task_contact(InstanceId=instance_id, ContactFlowId="missing-flow", Name="n")
    assert _error(caught) == (404, "Contact flow not found: missing-flow")


def test_start_task_contact_unknown_quick_connect_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.start_task_contact(InstanceId=instance_id, QuickConnectId="missing-qc", Name="n")
    assert _error(caught) == (404, "Quick connect not found: missing-qc")


def test_start_task_contact_unknown_task_template_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.start_task_contact(
            InstanceId=instance_id, TaskTemplateId="missing-template", Name="n"
        )
    assert _error(caught) == (404, "Task template not found: missing-template")


def test_start_task_contact_unknown_previous_contact_is_resource_not_found(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        start_task(PreviousContactId="missing-contact")
    assert _error(caught) == (404, "Contact not found: missing-contact")


def test_start_task_contact_unknown_related_contact_is_resource_not_found(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        start_task(RelatedContactId="missing-contact")


def test_start_task_contact_flow_of_other_instance_is_resource_not_found(
    client: Any, flow_id: str
) -> None:
    other = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="other",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.start_task_contact(InstanceId=other["Id"], ContactFlowId=flow_id, Name="n")


def test_start_task_contact_queue_quick_connect_sets_queue(
    client: Any, instance_id: str, flow_id: str
) -> None:
    quick = client.create_quick_connect(
        InstanceId=instance_id,
        Name="qc",
        QuickConnectConfig={
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": "queue-7", "ContactFlowId": flow_id},
        },
    )
    contact_id = client.start_task_contact(
        InstanceId=instance_id, QuickConnectId=quick["QuickConnectId"], Name="n"
    )["ContactId"]
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"][
            "QueueInfo"
        ]["Id"]
        == "queue-7"
    )


def test_start_task_contact_phone_quick_connect_is_invalid_request(
    client: Any, instance_id: str
) -> None:
    quick = client.create_quick_connect(
        InstanceId=instance_id,
        Name="qc",
        QuickConnectConfig={
            "QuickConnectType": "PHONE_NUMBER",
            "PhoneConfig": {"PhoneNumber": "+15555550100"},
        },
    )
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(
            InstanceId=instance_id, QuickConnectId=quick["QuickConnectId"], Name="n"
        )
    assert (
        _error(caught)[1]
        == "QuickConnectId must name a USER or QUEUE quick connect to start a task"
    )


def test_start_task_contact_previous_links_chain(
    client: Any, instance_id: str, start_task: Any
) -> None:
    first = start_task(Attributes={"case": "7"})
    second = start_task(PreviousContactId=first)
    contact = client.describe_contact(InstanceId=instance_id, ContactId=second)["Contact"]
    assert contact["PreviousContactId"] == first
    assert contact["InitialContactId"] == first
    assert contact["Attributes"] == {"case": "7"}


def test_start_task_contact_related_copies_attributes(
    client: Any, instance_id: str, start_task: Any
) -> None:
    first = start_task(Attributes={"case": "7", "keep": "a"})
    second = start_task(RelatedContactId=first, Attributes={"keep": "b"})
    contact = client.describe_contact(InstanceId=instance_id, ContactId=second)["Contact"]
    assert contact["RelatedContactId"] == first
    assert contact["InitialContactId"] == second
    assert contact["Attributes"] == {"case": "7", "keep": "b"}


# The 12-contact chain quota of PreviousContactId: test_task_chain.py.


def test_start_task_contact_related_has_no_chain_limit(client: Any, start_task: Any) -> None:
    first = start_task()
    ids = {start_task(RelatedContactId=first) for _ in range(13)}
    assert len(ids) == 13


def test_start_task_contact_active_quota_is_service_quota_exceeded(
    client: Any, server: Any, start_task: Any
) -> None:
    server.backend.active_task_quota = 2
    start_task()
    start_task()
    with pytest.raises(client.exceptions.ServiceQuotaExceededException) as caught:
        start_task()
    assert _error(caught) == (402, "The instance has reached its quota of 2 active tasks")


def test_start_task_contact_ended_tasks_free_active_quota(
    client: Any, server: Any, instance_id: str, start_task: Any
) -> None:
    server.backend.active_task_quota = 1
    first = start_task()
    client.stop_contact(InstanceId=instance_id, ContactId=first)
    assert start_task() != first


def test_start_task_contact_expiry_below_one_minute_is_invalid_parameter(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(
            SegmentAttributes={
                "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 0}}}
            }
        )
    assert _error(caught)[1] == (
        "SegmentAttributes.connect:ContactExpiry must set ValueMap.ExpiryDuration.ValueInteger to a number of minutes from 1 to 129600"
    )


def test_start_task_contact_segment_attributes_returned_by_describe(
    client: Any, instance_id: str, start_task: Any
) -> None:
    segments = {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 60}}}}
    contact_id = start_task(SegmentAttributes=segments)
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"][
            "SegmentAttributes"
        ]
        == segments
    )


def test_start_task_contact_error_message_never_contains_values(
    client: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(Name="TOPSECRET" * 200, Description="HIDDEN" * 1000)
    assert "TOPSECRET" not in _error(caught)[1]
    assert "HIDDEN" not in _error(caught)[1]
