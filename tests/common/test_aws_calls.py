"""The exact AWS requests of each call, checked by botocore's Stubber against the model."""

from datetime import UTC, datetime

import pytest

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.common.errors import AwsCallError
from pulumi_connect_tasks.task.requests import sendable

INSTANCE = "11111111-2222-3333-4444-555555555555"
CONTACT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"


def test_start_task_contact_sends_request_as_given(stubbed):
    client, stubber = stubbed
    request = {"InstanceId": INSTANCE, "Name": "n", "ContactFlowId": "f", "ClientToken": "t"}
    stubber.add_response("start_task_contact", {"ContactId": CONTACT}, request)
    assert aws.start_task_contact(client, request) == CONTACT


def test_describe_contact_returns_none_when_not_found(stubbed):
    client, stubber = stubbed
    stubber.add_client_error(
        "describe_contact",
        "ResourceNotFoundException",
        http_status_code=404,
        expected_params={"InstanceId": INSTANCE, "ContactId": CONTACT},
    )
    assert aws.describe_contact(client, INSTANCE, CONTACT) is None


def test_describe_contact_translates_other_errors(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("describe_contact", "InternalServiceException", "boom", 500)
    with pytest.raises(AwsCallError) as caught:
        aws.describe_contact(client, INSTANCE, CONTACT)
    assert caught.value.code == "InternalServiceException"
    assert str(caught.value).startswith("DescribeContact failed: InternalServiceException: ")


def test_get_contact_attributes_uses_initial_contact_id(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "get_contact_attributes",
        {"Attributes": {"a": "1"}},
        {"InstanceId": INSTANCE, "InitialContactId": CONTACT},
    )
    assert aws.get_contact_attributes(client, INSTANCE, CONTACT) == {"a": "1"}


def test_list_contact_references_reads_every_page(stubbed):
    client, stubber = stubbed
    base = {
        "InstanceId": INSTANCE,
        "ContactId": CONTACT,
        "ReferenceTypes": list(aws.REFERENCE_TYPES),
    }
    stubber.add_response(
        "list_contact_references",
        {
            "ReferenceSummaryList": [{"Url": {"Name": "runbook", "Value": "https://x.test/r"}}],
            "NextToken": "p2",
        },
        base,
    )
    stubber.add_response(
        "list_contact_references",
        {
            "ReferenceSummaryList": [
                {"Number": {"Name": "count", "Value": "3"}},
                {"Email": {"Name": "owner", "Value": "a@b.test"}},
            ]
        },
        {**base, "NextToken": "p2"},
    )
    assert aws.list_contact_references(client, INSTANCE, CONTACT) == {
        "runbook": {"type": "URL", "value": "https://x.test/r"},
        "count": {"type": "NUMBER", "value": "3"},
        "owner": {"type": "EMAIL", "value": "a@b.test"},
    }


def test_update_contact_sends_only_the_changes(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "update_contact",
        {},
        {"InstanceId": INSTANCE, "ContactId": CONTACT, "Name": "new"},
    )
    aws.update_contact(client, INSTANCE, CONTACT, {"Name": "new"})


def test_update_contact_attributes_sends_cleared_keys(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "update_contact_attributes",
        {},
        {"InstanceId": INSTANCE, "InitialContactId": CONTACT, "Attributes": {"a": "1", "gone": ""}},
    )
    aws.update_contact_attributes(client, INSTANCE, CONTACT, {"a": "1", "gone": ""})


def test_update_contact_schedule_sends_the_time(stubbed):
    client, stubber = stubbed
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    stubber.add_response(
        "update_contact_schedule",
        {},
        {"InstanceId": INSTANCE, "ContactId": CONTACT, "ScheduledTime": when},
    )
    aws.update_contact_schedule(client, INSTANCE, CONTACT, when)


def test_stop_contact_stops_a_running_task(stubbed):
    client, stubber = stubbed
    stubber.add_response("stop_contact", {}, {"InstanceId": INSTANCE, "ContactId": CONTACT})
    assert aws.stop_contact(client, INSTANCE, CONTACT) is True


@pytest.mark.parametrize("code", ["ResourceNotFoundException", "ContactNotFoundException"])
def test_stop_contact_of_a_gone_task_is_not_an_error(stubbed, code):
    client, stubber = stubbed
    stubber.add_client_error("stop_contact", code, http_status_code=404)
    assert aws.stop_contact(client, INSTANCE, CONTACT) is False


def test_stop_contact_of_an_ended_task_is_not_an_error(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("stop_contact", "InvalidRequestException", http_status_code=400)
    ended = {"Id": CONTACT, "DisconnectTimestamp": datetime(2030, 1, 1, tzinfo=UTC)}
    stubber.add_response(
        "describe_contact", {"Contact": ended}, {"InstanceId": INSTANCE, "ContactId": CONTACT}
    )
    assert aws.stop_contact(client, INSTANCE, CONTACT) is False


def test_stop_contact_400_on_a_live_task_is_an_error(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("stop_contact", "InvalidRequestException", "bad", 400)
    stubber.add_response(
        "describe_contact",
        {"Contact": {"Id": CONTACT}},
        {"InstanceId": INSTANCE, "ContactId": CONTACT},
    )
    with pytest.raises(AwsCallError) as caught:
        aws.stop_contact(client, INSTANCE, CONTACT)
    assert str(caught.value) == (
        "StopContact failed: InvalidRequestException: Amazon Connect rejected the request; "
        "fix the input it names (AWS says: bad)"
    )


def test_client_for_is_reused_and_honours_endpoint_variable(monkeypatch):
    first = aws.client_for("eu-west-2", None)
    assert aws.client_for("eu-west-2", None) is first
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", "http://127.0.0.1:9")
    other = aws.client_for("eu-west-2", None)
    assert other is not first
    assert other.meta.endpoint_url == "http://127.0.0.1:9"
    assert other.meta.config.retries["mode"] == "standard"
    assert other.meta.config.retries == {"mode": "standard"}  # the decisions are retrying.py's


# Reference: "DATE must be of type Epoch timestamp." People may write RFC 3339; AWS gets epoch seconds.
def test_start_task_contact_sends_a_date_reference_as_epoch_seconds(stubbed):
    client, stubber = stubbed
    written = {
        "due": {"Type": "DATE", "Value": "2026-12-24T00:00:00Z"},
        "note": {"Type": "STRING", "Value": "2026"},
    }
    request = {
        "InstanceId": INSTANCE,
        "Name": "n",
        "ContactFlowId": "f",
        "ClientToken": "t",
        "References": written,
    }
    sent = {**request, "References": {**written, "due": {"Type": "DATE", "Value": "1798070400"}}}
    stubber.add_response("start_task_contact", {"ContactId": CONTACT}, sent)
    assert aws.start_task_contact(client, sendable(request)) == CONTACT
    assert (
        request["References"]["due"]["Value"] == "2026-12-24T00:00:00Z"
    )  # the caller's copy is untouched


def test_update_contact_sends_a_date_reference_as_epoch_seconds(stubbed):
    client, stubber = stubbed
    references = {"due": {"Type": "DATE", "Value": "2026-12-24T01:00:00+01:00"}}
    stubber.add_response(
        "update_contact",
        {},
        {
            "InstanceId": INSTANCE,
            "ContactId": CONTACT,
            "References": {"due": {"Type": "DATE", "Value": "1798070400"}},
        },
    )
    aws.update_contact(client, INSTANCE, CONTACT, sendable({"References": references}))
