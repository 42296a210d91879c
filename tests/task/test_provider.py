"""ConnectTaskProvider's lifecycle methods: exact AWS requests through botocore's Stubber."""

from datetime import UTC, datetime, timedelta

import pytest
from pulumi.output import Unknown

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.common.errors import AwsCallError, ConnectTaskError, PartialFailure
from pulumi_connect_tasks.task import lifecycle as provider_module
from pulumi_connect_tasks.task.contact import client_token
from pulumi_connect_tasks.task.provider import ConnectTaskProvider

NOW = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
INSTANCE = "11111111-2222-3333-4444-555555555555"
FLOW = "99999999-8888-7777-6666-555555555555"
C1 = "c1c1c1c1-0000-0000-0000-000000000001"
C2 = "c2c2c2c2-0000-0000-0000-000000000002"
ARN = f"arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE}/contact/"

INPUTS = {
    "instance_id": INSTANCE,
    "contact_flow_id": FLOW,
    "name": "Verify queue routing",
    "description": "check it",
    "references": {"runbook": {"type": "URL", "value": "https://wiki.example.com/r"}},
    "attributes": {"environment": "staging"},
    "scheduled_time": "PT2H",
    "idempotency_key": "proj/dev/verify",
}
START_REQUEST = {
    "InstanceId": INSTANCE,
    "ContactFlowId": FLOW,
    "Name": "Verify queue routing",
    "Description": "check it",
    "References": {"runbook": {"Type": "URL", "Value": "https://wiki.example.com/r"}},
    "Attributes": {"environment": "staging"},
    "ScheduledTime": NOW + timedelta(hours=2),
}


def contact(contact_id, **extra):
    return {
        "Id": contact_id,
        "Arn": ARN + contact_id,
        "Name": "Verify queue routing",
        "Description": "check it",
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": NOW,
        "ScheduledTimestamp": NOW + timedelta(hours=2),
        **extra,
    }


def describe(stub, contact_id, **extra):
    stub.add_response(
        "describe_contact",
        {"Contact": contact(contact_id, **extra)},
        {"InstanceId": INSTANCE, "ContactId": contact_id},
    )


def created_outputs(contact_id=C1, **extra):
    return {
        **INPUTS,
        "contact_id": contact_id,
        "contact_arn": ARN + contact_id,
        "created_at": "2030-01-01T12:00:00Z",
        "state": "SCHEDULED",
        "scheduled_at": "2030-01-01T14:00:00Z",
        "aws_region": "us-east-1",
        **extra,
    }


def test_create_starts_the_task_with_a_derived_token_and_records_it(stubber):
    token = client_token("proj/dev/verify", INPUTS, 0)
    stubber.add_response(
        "start_task_contact", {"ContactId": C1}, {**START_REQUEST, "ClientToken": token}
    )
    describe(stubber, C1)
    result = ConnectTaskProvider().create(dict(INPUTS))
    assert result.id == C1
    assert result.outs == created_outputs()


def test_create_moves_past_a_token_whose_task_has_ended(stubber):
    stubber.add_response(
        "start_task_contact",
        {"ContactId": C1},
        {**START_REQUEST, "ClientToken": client_token("proj/dev/verify", INPUTS, 0)},
    )
    describe(stubber, C1, DisconnectTimestamp=NOW)
    stubber.add_response(
        "start_task_contact",
        {"ContactId": C2},
        {**START_REQUEST, "ClientToken": client_token("proj/dev/verify", INPUTS, 1)},
    )
    describe(stubber, C2)
    assert ConnectTaskProvider().create(dict(INPUTS)).id == C2


def test_create_with_a_client_token_input_uses_it_as_given(stubber):
    inputs = {**INPUTS, "client_token": "my-token"}
    stubber.add_response(
        "start_task_contact", {"ContactId": C1}, {**START_REQUEST, "ClientToken": "my-token"}
    )
    describe(stubber, C1, DisconnectTimestamp=NOW)
    result = ConnectTaskProvider().create(inputs)
    assert (result.id, result.outs["state"]) == (C1, "ENDED")


def test_client_token_is_stable_and_ignores_stop_on_delete():
    first = client_token("k", INPUTS, 0)
    assert first == client_token("k", {**INPUTS, "stop_on_delete": False}, 0)
    assert len(first) == 64
    assert first != client_token("k", INPUTS, 1)
    assert first != client_token("other", INPUTS, 0)
    assert first != client_token("k", {**INPUTS, "name": "x"}, 0)


def test_create_names_the_started_task_when_reading_it_back_fails(stubber):
    stubber.add_response("start_task_contact", {"ContactId": C1})
    stubber.add_client_error("describe_contact", "InternalServiceException", "x", 500)
    with pytest.raises(ConnectTaskError) as caught:
        ConnectTaskProvider().create(dict(INPUTS))
    assert str(caught.value).startswith(
        f"task {C1} was started but reading it back failed: DescribeContact failed"
    )
    assert "it returns the same task" in str(caught.value)


def test_create_quota_error_is_one_clear_line(stubber):
    stubber.add_client_error("start_task_contact", "ServiceQuotaExceededException", "", 402)
    with pytest.raises(AwsCallError) as caught:
        ConnectTaskProvider().create(dict(INPUTS))
    assert caught.value.code == "ServiceQuotaExceededException"
    assert "not retried" in str(caught.value)


def test_diff_of_unchanged_inputs_is_empty():
    result = ConnectTaskProvider().diff(C1, created_outputs(), {**INPUTS, "__provider": "p"})
    assert (result.changes, result.replaces) == (False, [])


def test_diff_of_name_and_attributes_is_an_update():
    news = {**INPUTS, "name": "New", "attributes": {"environment": "prod"}}
    result = ConnectTaskProvider().diff(C1, created_outputs(), news)
    assert (result.changes, result.replaces) == (True, [])


@pytest.mark.parametrize(
    "key,value",
    [
        ("instance_id", "other"),
        ("contact_flow_id", "other"),
        ("region", "eu-west-2"),
        ("attachments", [{"file_name": "a.txt", "s3_url": "https://s3.test/a"}]),
    ],
)
def test_diff_of_what_the_api_cannot_change_is_a_replace(key, value):
    result = ConnectTaskProvider().diff(C1, created_outputs(), {**INPUTS, key: value})
    assert (result.changes, result.replaces) == (True, [key])


def test_diff_of_a_removed_reference_is_a_replace():
    news = {**INPUTS, "references": {}}
    assert ConnectTaskProvider().diff(C1, created_outputs(), news).replaces == ["references"]


def test_diff_of_scheduled_time_updates_a_scheduled_task(monkeypatch):
    monkeypatch.setattr(provider_module, "_now", lambda: NOW)
    result = ConnectTaskProvider().diff(C1, created_outputs(), {**INPUTS, "scheduled_time": "PT3H"})
    assert (result.changes, result.replaces) == (True, [])


def test_diff_of_scheduled_time_replaces_a_task_that_left_the_schedule(monkeypatch):
    monkeypatch.setattr(provider_module, "_now", lambda: NOW)
    olds = created_outputs(state="QUEUED")
    assert ConnectTaskProvider().diff(C1, olds, {**INPUTS, "scheduled_time": "PT3H"}).replaces == [
        "scheduled_time"
    ]


def test_diff_of_a_removed_scheduled_time_replaces_a_scheduled_task(monkeypatch):
    # UpdateContactSchedule cannot take a schedule away: the task must be started anew.
    monkeypatch.setattr(provider_module, "_now", lambda: NOW)
    news = {k: v for k, v in INPUTS.items() if k != "scheduled_time"}
    assert created_outputs()["state"] == "SCHEDULED" and INPUTS.get("scheduled_time") is not None
    assert ConnectTaskProvider().diff(C1, created_outputs(), news).replaces == ["scheduled_time"]


def test_diff_of_stop_on_delete_is_an_update_without_replace():
    result = ConnectTaskProvider().diff(C1, created_outputs(), {**INPUTS, "stop_on_delete": False})
    assert (result.changes, result.replaces) == (True, [])


def test_diff_with_unknown_instance_is_a_possible_replace():
    result = ConnectTaskProvider().diff(C1, created_outputs(), {**INPUTS, "instance_id": Unknown()})
    assert (result.changes, result.replaces) == (True, ["instance_id"])


def test_update_changes_name_and_attributes_in_place(stubber):
    olds = created_outputs(attributes={"environment": "staging", "old": "1"})
    news = {**INPUTS, "name": "Renamed", "attributes": {"environment": "prod"}}
    stubber.add_response(
        "update_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1, "Name": "Renamed"}
    )
    stubber.add_response(
        "update_contact_attributes",
        {},
        {
            "InstanceId": INSTANCE,
            "InitialContactId": C1,
            "Attributes": {"environment": "prod", "old": ""},
        },
    )
    outs = ConnectTaskProvider().update(C1, olds, news).outs
    assert outs == {**created_outputs(), "name": "Renamed", "attributes": {"environment": "prod"}}


def test_update_reschedules_a_scheduled_task(stubber):
    describe(stubber, C1)
    stubber.add_response(
        "update_contact_schedule",
        {},
        {"InstanceId": INSTANCE, "ContactId": C1, "ScheduledTime": NOW + timedelta(hours=3)},
    )
    outs = (
        ConnectTaskProvider()
        .update(C1, created_outputs(), {**INPUTS, "scheduled_time": "PT3H"})
        .outs
    )
    assert (outs["scheduled_time"], outs["scheduled_at"]) == ("PT3H", "2030-01-01T15:00:00Z")


def test_update_refuses_to_reschedule_a_queued_task(stubber):
    describe(stubber, C1, QueueInfo={"Id": "q", "EnqueueTimestamp": NOW})
    with pytest.raises(ConnectTaskError) as caught:
        ConnectTaskProvider().update(C1, created_outputs(), {**INPUTS, "scheduled_time": "PT3H"})
    assert str(caught.value) == (
        f"UpdateContactSchedule: task {C1} is QUEUED, and only a scheduled task can be "
        "rescheduled; run `pulumi refresh`, then `pulumi up` replaces it"
    )


def test_update_failure_part_way_says_what_was_applied(stubber):
    news = {**INPUTS, "description": "new", "attributes": {"environment": "prod"}}
    stubber.add_response(
        "update_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1, "Description": "new"}
    )
    stubber.add_client_error("update_contact_attributes", "InternalServiceException", "", 500)
    with pytest.raises(PartialFailure) as caught:
        ConnectTaskProvider().update(C1, created_outputs(), news)
    assert str(caught.value) == (
        "UpdateContactAttributes failed: InternalServiceException: Amazon Connect still failed when "
        "the retry deadline passed; run the command again (creates are idempotent). Already applied to task "
        f"{C1}: UpdateContact (Description). The rest was not applied; run `pulumi up` again to finish"
    )


def test_update_of_stop_on_delete_makes_no_call(stubber):
    outs = (
        ConnectTaskProvider()
        .update(C1, created_outputs(), {**INPUTS, "stop_on_delete": False})
        .outs
    )
    assert outs == created_outputs(stop_on_delete=False)


def test_read_of_a_gone_task_drops_it(stubber):
    stubber.add_client_error("describe_contact", "ResourceNotFoundException", "", 404)
    result = ConnectTaskProvider().read(C1, created_outputs())
    assert (result.id, result.outs) == ("", {})


def test_read_shows_drift_of_managed_values(stubber):
    describe(stubber, C1, Name="Changed by hand", DisconnectTimestamp=NOW)
    stubber.add_response(
        "get_contact_attributes",
        {"Attributes": {"environment": "prod", "flowKey": "x"}},
        {"InstanceId": INSTANCE, "InitialContactId": C1},
    )
    stubber.add_response(
        "list_contact_references",
        {
            "ReferenceSummaryList": [
                {"Url": {"Name": "runbook", "Value": "https://wiki.example.com/r"}}
            ]
        },
        {"InstanceId": INSTANCE, "ContactId": C1, "ReferenceTypes": list(aws.REFERENCE_TYPES)},
    )
    result = ConnectTaskProvider().read(C1, {**created_outputs(), "__provider": "p"})
    expected = created_outputs(
        name="Changed by hand", state="ENDED", attributes={"environment": "prod"}
    )
    assert (result.id, result.outs) == (C1, expected)
    assert result.inputs == {
        **INPUTS,
        "name": "Changed by hand",
        "attributes": {"environment": "prod"},
    }


def test_delete_stops_the_task(stubber):
    stubber.add_response("stop_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1})
    ConnectTaskProvider().delete(C1, created_outputs())


def test_delete_with_stop_on_delete_false_leaves_the_task(stubber):
    ConnectTaskProvider().delete(C1, created_outputs(stop_on_delete=False))


# -- DATE references: written in RFC 3339, sent and read back in epoch seconds -----------------
DUE_RFC3339 = {"type": "DATE", "value": "2030-01-02T00:00:00Z"}
DUE_EPOCH = {"type": "DATE", "value": "1893542400"}


def test_diff_of_a_date_written_the_other_way_is_no_change():
    olds = created_outputs(references={"due": DUE_RFC3339})
    news = {**INPUTS, "references": {"due": DUE_EPOCH}}
    assert ConnectTaskProvider().diff(C1, olds, news).changes is False
    moved = {**INPUTS, "references": {"due": {"type": "DATE", "value": "2030-01-03T00:00:00Z"}}}
    assert (
        ConnectTaskProvider().diff(C1, olds, moved).changes,
        ConnectTaskProvider().diff(C1, olds, moved).replaces,
    ) == (True, [])


def test_read_of_a_date_in_epoch_seconds_keeps_the_written_form(stubber):
    olds = created_outputs(references={"due": DUE_RFC3339, "other": DUE_RFC3339})
    describe(stubber, C1)
    stubber.add_response(
        "get_contact_attributes",
        {"Attributes": {"environment": "staging"}},
        {"InstanceId": INSTANCE, "InitialContactId": C1},
    )
    stubber.add_response(
        "list_contact_references",
        {
            "ReferenceSummaryList": [
                {"Date": {"Name": "due", "Value": "1893542400"}},
                {"Date": {"Name": "other", "Value": "1893628800"}},  # changed by hand: a day later
            ]
        },
        {"InstanceId": INSTANCE, "ContactId": C1, "ReferenceTypes": list(aws.REFERENCE_TYPES)},
    )
    result = ConnectTaskProvider().read(C1, olds)
    assert result.outs["references"] == {
        "due": DUE_RFC3339,
        "other": {"type": "DATE", "value": "1893628800"},
    }


# -- UpdateContact: "Contact Expiry, and user-defined attributes (String - String) that are defined
#    in predefined attributes, can be updated by using the UpdateContact API." -------------------
def expiry(minutes):
    return {"connect:ContactExpiry": {"value_map": {"ExpiryDuration": {"value_integer": minutes}}}}


@pytest.mark.parametrize(
    "old,new",
    [
        (expiry(60), expiry(120)),
        ({}, expiry(120)),
        ({"team": {"value_string": "a"}}, {"team": {"value_string": "b"}}),
        ({}, {"team": {"ValueString": "b"}}),
    ],
)
def test_diff_of_an_updatable_segment_attribute_is_an_update(old, new):
    olds = created_outputs(segment_attributes=old)
    result = ConnectTaskProvider().diff(C1, olds, {**INPUTS, "segment_attributes": new})
    assert (result.changes, result.replaces) == (True, [])


@pytest.mark.parametrize(
    "old,new",
    [
        (
            {},
            {
                "connect:CreatedByUser": {
                    "value_string": "arn:aws:connect:us-east-1:1:instance/i/agent/a"
                }
            },
        ),
        ({"team": {"value_string": "a"}}, {"team": {"value_integer": 3}}),
        (
            {"team": {"value_string": "a"}},
            {"team": {"value_string": "a"}, "size": {"value_map": {}}},
        ),
    ],
)
def test_diff_of_another_segment_attribute_is_a_replace(old, new):
    olds = created_outputs(segment_attributes=old)
    result = ConnectTaskProvider().diff(C1, olds, {**INPUTS, "segment_attributes": new})
    assert (result.changes, result.replaces) == (True, ["segment_attributes"])


def test_update_sends_only_the_changed_segment_attributes(stubber):
    creator = {
        "connect:CreatedByUser": {"value_string": "arn:aws:connect:us-east-1:1:instance/i/agent/a"}
    }
    olds = created_outputs(segment_attributes={**creator, **expiry(60)})
    news = {**INPUTS, "segment_attributes": {**creator, **expiry(120)}}
    stubber.add_response(
        "update_contact",
        {},
        {
            "InstanceId": INSTANCE,
            "ContactId": C1,
            "SegmentAttributes": {
                "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 120}}}
            },
        },
    )
    assert (
        ConnectTaskProvider().update(C1, olds, news).outs["segment_attributes"]
        == news["segment_attributes"]
    )
