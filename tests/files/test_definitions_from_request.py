"""requests.from_request: a StartTaskContact request (AWS shape) back to ConnectTask inputs."""

from __future__ import annotations

from pulumi_connect_tasks.task.requests import from_request, to_request
from pulumi_connect_tasks.task.validation import UNKNOWN

REQUEST = {
    "InstanceId": "inst-1",
    "ContactFlowId": "flow-1",
    "PreviousContactId": "prev-1",
    "Name": "Rotate",
    "Description": "Follow the runbook",
    "References": {"Runbook_Link": {"Type": "URL", "Value": "https://example.com"}},
    "Attributes": {"TeamName": "ops", "ticket-id": "T-1"},
    "ScheduledTime": "PT2H",
    "ClientToken": "tok",
    "SegmentAttributes": {
        "connect:ContactExpiry": {"ValueInteger": 120},
        "Nested": {
            "ValueMap": {"InnerKey": {"ValueList": [{"ValueString": "a"}, {"ValueArn": "arn:x"}]}}
        },
    },
    "Attachments": [{"FileName": "a.pdf", "S3Url": "https://bucket/a.pdf"}],
}


def test_from_request_renames_members_and_keeps_map_keys():
    assert from_request(REQUEST) == {
        "instance_id": "inst-1",
        "contact_flow_id": "flow-1",
        "previous_contact_id": "prev-1",
        "name": "Rotate",
        "description": "Follow the runbook",
        "references": {"Runbook_Link": {"type": "URL", "value": "https://example.com"}},
        "attributes": {"TeamName": "ops", "ticket-id": "T-1"},
        "scheduled_time": "PT2H",
        "client_token": "tok",
        "segment_attributes": {
            "connect:ContactExpiry": {"value_integer": 120},
            "Nested": {
                "value_map": {
                    "InnerKey": {"value_list": [{"value_string": "a"}, {"value_arn": "arn:x"}]}
                }
            },
        },
        "attachments": [{"file_name": "a.pdf", "s3_url": "https://bucket/a.pdf"}],
    }


def test_from_request_is_the_inverse_of_to_request():
    assert to_request(from_request(REQUEST)) == REQUEST


def test_from_request_keeps_unknown_members_and_values_and_drops_none():
    assert from_request(
        {"Name": UNKNOWN, "Priority": 1, "Description": None, "Attributes": {"a": None, "b": "x"}}
    ) == {
        "name": UNKNOWN,
        "Priority": 1,
        "attributes": {"b": "x"},
    }


def test_from_request_leaves_wrong_types_as_they_are():
    assert from_request({"References": ["not", "a", "map"], "Attachments": {"FileName": "x"}}) == {
        "references": ["not", "a", "map"],
        "attachments": {"FileName": "x"},
    }
