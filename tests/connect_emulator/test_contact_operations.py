"""DescribeContact, GetContactAttributes, ListContactReferences, UpdateContact,
UpdateContactAttributes, UpdateContactSchedule, StopContact."""

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
    return dt.datetime.fromtimestamp(clock.now() + seconds, tz=dt.UTC).replace(microsecond=0)


def _describe(client: Any, instance_id: str, contact_id: str) -> dict[str, Any]:
    return client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]


# ---- DescribeContact --------------------------------------------------------


def test_describe_contact_unknown_contact_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.describe_contact(InstanceId=instance_id, ContactId="missing")
    assert _error(caught) == (404, "Contact not found: missing")


def test_describe_contact_unknown_instance_is_resource_not_found(
    client: Any, start_task: Any
) -> None:
    contact_id = start_task()
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.describe_contact(InstanceId="missing", ContactId=contact_id)
    assert _error(caught) == (404, "Instance not found: missing")


def test_describe_contact_contact_id_too_long_is_invalid_parameter(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.describe_contact(InstanceId=instance_id, ContactId="c" * 257)
    assert _error(caught)[1] == (
        "1 validation error detected: Value at 'ContactId' failed to satisfy constraint: Member must have length less than or equal to 256"
    )


def test_describe_contact_wrong_instance_is_resource_not_found(
    client: Any, start_task: Any
) -> None:
    contact_id = start_task()
    other = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="other",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_contact(InstanceId=other["Id"], ContactId=contact_id)


# ---- GetContactAttributes ---------------------------------------------------


def test_get_contact_attributes_returns_attributes(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(Attributes={"a": "1", "b-c_d": "2"})
    assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)[
        "Attributes"
    ] == {"a": "1", "b-c_d": "2"}


def test_get_contact_attributes_none_is_empty_map(
    client: Any, instance_id: str, start_task: Any
) -> None:
    assert (
        client.get_contact_attributes(InstanceId=instance_id, InitialContactId=start_task())[
            "Attributes"
        ]
        == {}
    )


def test_get_contact_attributes_unknown_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_contact_attributes(InstanceId=instance_id, InitialContactId="missing")


def test_get_contact_attributes_id_too_long_is_invalid_request(
    client: Any, instance_id: str
) -> None:
    # GetContactAttributes models no InvalidParameterException.
    with pytest.raises(client.exceptions.InvalidRequestException):
        client.get_contact_attributes(InstanceId=instance_id, InitialContactId="c" * 257)


# ---- ListContactReferences --------------------------------------------------


def test_list_contact_references_returns_summaries_of_requested_types(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(
        References={
            "runbook": {"Type": "URL", "Value": "https://example.com/rb"},
            "amount": {"Type": "NUMBER", "Value": "12"},
            "note": {"Type": "STRING", "Value": "hello"},
        }
    )
    listed = client.list_contact_references(
        InstanceId=instance_id, ContactId=contact_id, ReferenceTypes=["URL", "STRING"]
    )
    assert listed["ReferenceSummaryList"] == [
        {"Url": {"Name": "runbook", "Value": "https://example.com/rb"}},
        {"String": {"Name": "note", "Value": "hello"}},
    ]
    assert "NextToken" not in listed


def test_list_contact_references_every_task_type(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(
        References={
            "u": {"Type": "URL", "Value": "https://e"},
            "n": {"Type": "NUMBER", "Value": "1"},
            "s": {"Type": "STRING", "Value": "x"},
            "d": {"Type": "DATE", "Value": "1767225600"},
            "e": {"Type": "EMAIL", "Value": "a@example.com"},
        }
    )
    listed = client.list_contact_references(
        InstanceId=instance_id,
        ContactId=contact_id,
        ReferenceTypes=["URL", "NUMBER", "STRING", "DATE", "EMAIL"],
    )["ReferenceSummaryList"]
    assert [list(item)[0] for item in listed] == ["Url", "Number", "String", "Date", "Email"]


def test_list_contact_references_attachments_listed_as_attachment(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(
        Attachments=[{"FileName": "report.pdf", "S3Url": "https://bucket.s3/report.pdf?sig"}]
    )
    listed = client.list_contact_references(
        InstanceId=instance_id, ContactId=contact_id, ReferenceTypes=["ATTACHMENT"]
    )
    assert listed["ReferenceSummaryList"] == [
        {
            "Attachment": {
                "Name": "report.pdf",
                "Value": "https://bucket.s3/report.pdf?sig",
                "Status": "APPROVED",
            }
        }
    ]


def test_list_contact_references_missing_types_is_invalid_parameter(
    raw_client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.list_contact_references(InstanceId=instance_id, ContactId=contact_id)
    assert (
        _error(caught)[1]
        == "1 validation error detected: Value at 'ReferenceTypes' failed to satisfy constraint: Member must not be null"
    )


def test_list_contact_references_seven_types_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.list_contact_references(
            InstanceId=instance_id,
            ContactId=contact_id,
            ReferenceTypes=[
                "URL",
                "NUMBER",
                "STRING",
                "DATE",
                "EMAIL",
                "ATTACHMENT",
                "EMAIL_MESSAGE",
            ],
        )
    assert _error(caught)[1] == (
        "1 validation error detected: Value at 'ReferenceTypes' failed to satisfy constraint: Member must have length less than or equal to 6"
    )


def test_list_contact_references_unknown_type_is_invalid_parameter(
    raw_client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.list_contact_references(
            InstanceId=instance_id, ContactId=contact_id, ReferenceTypes=["LINK"]
        )
    assert _error(caught)[1].startswith(
        "1 validation error detected: Value at 'ReferenceTypes[0]' failed to satisfy constraint: Member must satisfy enum value set"
    )


def test_list_contact_references_next_token_is_invalid_request(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    with pytest.raises(client.exceptions.InvalidRequestException):
        client.list_contact_references(
            InstanceId=instance_id, ContactId=contact_id, ReferenceTypes=["URL"], NextToken="t"
        )


def test_list_contact_references_unknown_contact_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_contact_references(
            InstanceId=instance_id, ContactId="missing", ReferenceTypes=["URL"]
        )


# ---- UpdateContact ----------------------------------------------------------


def test_update_contact_changes_name_and_description(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task()
    clock.advance(60)
    client.update_contact(
        InstanceId=instance_id, ContactId=contact_id, Name="Renamed", Description="New text"
    )
    contact = _describe(client, instance_id, contact_id)
    assert (contact["Name"], contact["Description"]) == ("Renamed", "New text")
    assert contact["LastUpdateTimestamp"] > contact["InitiationTimestamp"]


def test_update_contact_merges_references(client: Any, instance_id: str, start_task: Any) -> None:
    contact_id = start_task(
        References={
            "a": {"Type": "URL", "Value": "https://a"},
            "b": {"Type": "STRING", "Value": "b"},
        }
    )
    client.update_contact(
        InstanceId=instance_id,
        ContactId=contact_id,
        References={"b": {"Type": "STRING", "Value": "b2"}, "c": {"Type": "NUMBER", "Value": "3"}},
    )
    listed = client.list_contact_references(
        InstanceId=instance_id, ContactId=contact_id, ReferenceTypes=["URL", "STRING", "NUMBER"]
    )
    assert listed["ReferenceSummaryList"] == [
        {"Url": {"Name": "a", "Value": "https://a"}},
        {"String": {"Name": "b", "Value": "b2"}},
        {"Number": {"Name": "c", "Value": "3"}},
    ]


def test_update_contact_merges_segment_attributes(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(SegmentAttributes={"x": {"ValueString": "1"}})
    client.update_contact(
        InstanceId=instance_id, ContactId=contact_id, SegmentAttributes={"y": {"ValueString": "2"}}
    )
    assert _describe(client, instance_id, contact_id)["SegmentAttributes"] == {
        "x": {"ValueString": "1"},
        "y": {"ValueString": "2"},
    }


@pytest.mark.parametrize(
    "segment",
    [
        {"y": {"ValueInteger": 2}},
        {
            "connect:CreatedByUser": {
                "ValueString": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a"
            }
        },
    ],
)
def test_update_contact_changes_only_expiry_and_user_defined_strings(
    client: Any, instance_id: str, start_task: Any, segment: dict
) -> None:
    # UpdateContact's SegmentAttributes: "Contact Expiry, and user-defined attributes (String -
    # String) that are defined in predefined attributes, can be updated by using the UpdateContact API."
    contact_id = start_task()
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.update_contact(
            InstanceId=instance_id, ContactId=contact_id, SegmentAttributes=segment
        )
    [key] = segment
    assert _error(caught)[1] == (
        f"SegmentAttributes.{key}: UpdateContact changes only connect:ContactExpiry and user-defined "
        "attributes with a ValueString"
    )
    assert "SegmentAttributes" not in _describe(client, instance_id, contact_id)
    expiry = {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 60}}}}
    client.update_contact(InstanceId=instance_id, ContactId=contact_id, SegmentAttributes=expiry)
    assert _describe(client, instance_id, contact_id)["SegmentAttributes"] == expiry


def test_stop_contact_with_a_disconnect_reason_is_invalid_request(
    client: Any, instance_id: str, start_task: Any
) -> None:
    # StopContact's DisconnectReason: "Only Connect Customer outbound campaigns can provide this field."
    contact_id = start_task()
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.stop_contact(
            InstanceId=instance_id, ContactId=contact_id, DisconnectReason={"Code": "X"}
        )
    assert _error(caught)[1] == "DisconnectReason can only be provided by outbound campaigns"
    assert "DisconnectTimestamp" not in _describe(client, instance_id, contact_id)


def test_update_contact_after_end_is_allowed(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    client.update_contact(InstanceId=instance_id, ContactId=contact_id, Name="After")
    assert _describe(client, instance_id, contact_id)["Name"] == "After"


def test_update_contact_nothing_to_update_is_invalid_request(
    client: Any, instance_id: str, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.update_contact(InstanceId=instance_id, ContactId=start_task())
    assert _error(caught)[1] == "At least one field to update must be present"


def test_update_contact_queue_info_on_task_is_invalid_request(
    client: Any, instance_id: str, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.update_contact(InstanceId=instance_id, ContactId=start_task(), QueueInfo={"Id": "q"})
    assert _error(caught)[1] == "QueueInfo cannot be updated on a task contact"


def test_update_contact_name_too_long_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException):
        client.update_contact(InstanceId=instance_id, ContactId=start_task(), Name="n" * 1025)


def test_update_contact_attachment_reference_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException):
        client.update_contact(
            InstanceId=instance_id,
            ContactId=start_task(),
            References={"f": {"Type": "ATTACHMENT", "Value": "x"}},
        )


def test_update_contact_unknown_is_resource_not_found(client: Any, instance_id: str) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.update_contact(InstanceId=instance_id, ContactId="missing", Name="x")


# ---- UpdateContactAttributes ------------------------------------------------


def test_update_contact_attributes_adds_and_changes_keys(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(Attributes={"keep": "1", "change": "old"})
    client.update_contact_attributes(
        InstanceId=instance_id,
        InitialContactId=contact_id,
        Attributes={"change": "new", "add": "2"},
    )
    assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)[
        "Attributes"
    ] == {
        "keep": "1",
        "change": "new",
        "add": "2",
    }


def test_update_contact_attributes_empty_value_clears_key(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(Attributes={"gone": "1", "keep": "2"})
    client.update_contact_attributes(
        InstanceId=instance_id, InitialContactId=contact_id, Attributes={"gone": ""}
    )
    assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)[
        "Attributes"
    ] == {"keep": "2"}


def test_update_contact_attributes_propagates_along_previous_chain(
    client: Any, instance_id: str, start_task: Any
) -> None:
    first = start_task()
    second = start_task(PreviousContactId=first)
    third = start_task(PreviousContactId=second)
    unrelated = start_task()
    client.update_contact_attributes(
        InstanceId=instance_id, InitialContactId=third, Attributes={"status": "done"}
    )
    for contact_id in (first, second, third):
        assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)[
            "Attributes"
        ] == {"status": "done"}
    assert (
        client.get_contact_attributes(InstanceId=instance_id, InitialContactId=unrelated)[
            "Attributes"
        ]
        == {}
    )


def test_update_contact_attributes_does_not_reach_related_contact(
    client: Any, instance_id: str, start_task: Any
) -> None:
    first = start_task(Attributes={"a": "1"})
    second = start_task(RelatedContactId=first)
    client.update_contact_attributes(
        InstanceId=instance_id, InitialContactId=second, Attributes={"a": "2"}
    )
    assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=first)[
        "Attributes"
    ] == {"a": "1"}


def test_update_contact_attributes_after_end_is_allowed(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    client.update_contact_attributes(
        InstanceId=instance_id, InitialContactId=contact_id, Attributes={"a": "1"}
    )
    assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)[
        "Attributes"
    ] == {"a": "1"}


def test_update_contact_attributes_bad_key_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.update_contact_attributes(
            InstanceId=instance_id, InitialContactId=start_task(), Attributes={"a b": "1"}
        )
    assert (
        _error(caught)[1]
        == "Attributes: 1 key(s) contain characters other than letters, digits, '-' and '_'"
    )


def test_update_contact_attributes_over_budget_after_merge_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(Attributes={"a": "x" * 20000})
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.update_contact_attributes(
            InstanceId=instance_id, InitialContactId=contact_id, Attributes={"b": "y" * 20000}
        )
    assert _error(caught)[1] == "Attributes: keys and values must total at most 32768 UTF-8 bytes"
    assert client.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)[
        "Attributes"
    ] == {"a": "x" * 20000}


def test_update_contact_attributes_missing_attributes_is_invalid_parameter(
    raw_client: Any, instance_id: str, start_task: Any
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException):
        raw_client.update_contact_attributes(InstanceId=instance_id, InitialContactId=start_task())


def test_update_contact_attributes_unknown_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.update_contact_attributes(
            InstanceId=instance_id, InitialContactId="missing", Attributes={"a": "1"}
        )


# ---- UpdateContactSchedule --------------------------------------------------


def test_update_contact_schedule_moves_scheduled_task(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(ScheduledTime=_at(clock, 3600))
    later = _at(clock, 2 * DAY)
    client.update_contact_schedule(
        InstanceId=instance_id, ContactId=contact_id, ScheduledTime=later
    )
    assert _describe(client, instance_id, contact_id)["ScheduledTimestamp"] == later


def test_update_contact_schedule_queued_task_is_invalid_request(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task()
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.update_contact_schedule(
            InstanceId=instance_id, ContactId=contact_id, ScheduledTime=_at(clock, 3600)
        )
    assert _error(caught) == (400, "Only a task that is still scheduled can be rescheduled")


def test_update_contact_schedule_after_scheduled_time_is_invalid_request(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(ScheduledTime=_at(clock, 3600))
    clock.advance(3601)
    with pytest.raises(client.exceptions.InvalidRequestException):
        client.update_contact_schedule(
            InstanceId=instance_id, ContactId=contact_id, ScheduledTime=_at(clock, 3600)
        )


def test_update_contact_schedule_stopped_task_is_invalid_request(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(ScheduledTime=_at(clock, 3600))
    client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    with pytest.raises(client.exceptions.InvalidRequestException):
        client.update_contact_schedule(
            InstanceId=instance_id, ContactId=contact_id, ScheduledTime=_at(clock, 7200)
        )


def test_update_contact_schedule_in_past_is_invalid_request(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(ScheduledTime=_at(clock, 3600))
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.update_contact_schedule(
            InstanceId=instance_id, ContactId=contact_id, ScheduledTime=_at(clock, -3600)
        )
    assert _error(caught)[1] == "ScheduledTime must not be in the past"


def test_update_contact_schedule_beyond_six_days_is_invalid_request(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(ScheduledTime=_at(clock, 3600))
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.update_contact_schedule(
            InstanceId=instance_id, ContactId=contact_id, ScheduledTime=_at(clock, 6 * DAY + 60)
        )
    assert _error(caught)[1] == "ScheduledTime must be at most 6 days ahead"


def test_update_contact_schedule_unknown_is_resource_not_found(
    client: Any, instance_id: str, clock: Clock
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.update_contact_schedule(
            InstanceId=instance_id, ContactId="missing", ScheduledTime=_at(clock, 3600)
        )


# ---- StopContact ------------------------------------------------------------


def test_stop_contact_sets_disconnect_fields(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task()
    clock.advance(120)
    client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    contact = _describe(client, instance_id, contact_id)
    assert contact["DisconnectReason"] == "API"
    assert contact["DisconnectTimestamp"] == contact["LastUpdateTimestamp"]
    assert (
        contact["DisconnectTimestamp"] - contact["InitiationTimestamp"]
    ).total_seconds() == pytest.approx(120, abs=1)


def test_stop_contact_scheduled_task_ends_it_unqueued(
    client: Any, instance_id: str, clock: Clock, start_task: Any
) -> None:
    contact_id = start_task(ScheduledTime=_at(clock, 3600))
    client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    clock.advance(7200)
    contact = _describe(client, instance_id, contact_id)
    assert contact["DisconnectReason"] == "API"
    assert "QueueInfo" not in contact


def test_stop_contact_already_ended_is_invalid_request(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
    assert _error(caught) == (400, "Contact is already ended")


def test_stop_contact_unknown_is_resource_not_found(client: Any, instance_id: str) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.stop_contact(InstanceId=instance_id, ContactId="missing")
    assert _error(caught) == (404, "Contact not found: missing")


def test_stop_contact_unknown_instance_is_resource_not_found(client: Any, start_task: Any) -> None:
    contact_id = start_task()
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.stop_contact(InstanceId="missing", ContactId=contact_id)
