"""to_request (snake_case inputs -> AWS request) and property_path (AWS path -> input path)."""

from __future__ import annotations

from pulumi_connect_tasks.task.requests import REQUEST_FIELDS, property_path, to_request
from pulumi_connect_tasks.task.validation import UNKNOWN

INPUTS = {
    "instance_id": "inst-1",
    "contact_flow_id": "flow-1",
    "quick_connect_id": "qc-1",
    "task_template_id": "tt-1",
    "previous_contact_id": "prev-1",
    "related_contact_id": "rel-1",
    "name": "Rotate",
    "description": "Follow the runbook",
    "references": {"runbook_link": {"type": "URL", "value": "https://example.com"}},
    "attributes": {"team_name": "ops", "ticket-id": "T-1"},
    "scheduled_time": "PT2H",
    "client_token": "tok",
    "segment_attributes": {
        "connect:ContactExpiry": {"value_integer": 120.0},
        "nested": {
            "value_map": {
                "inner_key": {"value_list": [{"value_string": "a"}, {"value_arn": "arn:x"}]}
            }
        },
    },
    "attachments": [{"file_name": "a.pdf", "s3_url": "https://bucket/a.pdf"}],
}
REQUEST = {
    "InstanceId": "inst-1",
    "ContactFlowId": "flow-1",
    "QuickConnectId": "qc-1",
    "TaskTemplateId": "tt-1",
    "PreviousContactId": "prev-1",
    "RelatedContactId": "rel-1",
    "Name": "Rotate",
    "Description": "Follow the runbook",
    "References": {"runbook_link": {"Type": "URL", "Value": "https://example.com"}},
    "Attributes": {"team_name": "ops", "ticket-id": "T-1"},
    "ScheduledTime": "PT2H",
    "ClientToken": "tok",
    "SegmentAttributes": {
        "connect:ContactExpiry": {"ValueInteger": 120},
        "nested": {
            "ValueMap": {"inner_key": {"ValueList": [{"ValueString": "a"}, {"ValueArn": "arn:x"}]}}
        },
    },
    "Attachments": [{"FileName": "a.pdf", "S3Url": "https://bucket/a.pdf"}],
}


def test_request_fields_are_the_members_in_snake_case():
    assert REQUEST_FIELDS == (
        "instance_id",
        "contact_flow_id",
        "quick_connect_id",
        "task_template_id",
        "contact_flow_name",
        "quick_connect_name",
        "task_template_name",
        "previous_contact_id",
        "related_contact_id",
        "name",
        "description",
        "references",
        "attributes",
        "scheduled_time",
        "client_token",
        "segment_attributes",
        "attachments",
    )


def test_to_request_converts_every_member_and_keeps_map_keys():
    assert to_request(INPUTS) == REQUEST


def test_to_request_integer_stays_int_and_non_integral_float_is_kept():
    request = to_request(
        {"segment_attributes": {"a": {"value_integer": 3.0}, "b": {"value_integer": 3.5}}}
    )
    assert request == {"SegmentAttributes": {"a": {"ValueInteger": 3}, "b": {"ValueInteger": 3.5}}}
    assert type(request["SegmentAttributes"]["a"]["ValueInteger"]) is int


def test_to_request_drops_extra_inputs_and_none_values():
    inputs = {
        "instance_id": "i",
        "name": "n",
        "description": None,
        "region": "eu-west-1",
        "stop_on_delete": False,
        "idempotency_key": "k",
        "__provider": "p",
        "references": {"a": {"type": "STRING", "value": None}, "b": None},
    }
    assert to_request(inputs) == {
        "InstanceId": "i",
        "Name": "n",
        "References": {"a": {"Type": "STRING"}},
    }


def test_to_request_reduces_instance_arn_to_id():
    arns = {
        "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555": "11111111-2222-3333-4444-555555555555",
        "arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/abc": "abc",
        "abc": "abc",
        "arn:aws:connect:us-east-1:123456789012:instance/abc/contact-flow/f": (
            "arn:aws:connect:us-east-1:123456789012:instance/abc/contact-flow/f"
        ),
    }
    for given, expected in arns.items():
        assert to_request({"instance_id": given}) == {"InstanceId": expected}


def test_to_request_unknown_values_pass_through_unchanged():
    inputs = {
        "instance_id": UNKNOWN,
        "references": {"r": UNKNOWN, "s": {"type": "URL", "value": UNKNOWN}},
        "attributes": UNKNOWN,
        "attachments": [UNKNOWN],
    }
    request = to_request(inputs)
    assert request == {
        "InstanceId": UNKNOWN,
        "References": {"r": UNKNOWN, "s": {"Type": "URL", "Value": UNKNOWN}},
        "Attributes": UNKNOWN,
        "Attachments": [UNKNOWN],
    }
    assert request["References"]["r"] is UNKNOWN


def test_to_request_keeps_unknown_nested_keys_for_validation_to_report():
    request = to_request({"references": {"r": {"type": "URL", "valeu": "x"}}})
    assert request == {"References": {"r": {"Type": "URL", "valeu": "x"}}}


def test_to_request_accepts_aws_names_nested():
    request = to_request({"attachments": [{"FileName": "a", "S3Url": "u"}]})
    assert request == {"Attachments": [{"FileName": "a", "S3Url": "u"}]}


def test_to_request_does_not_modify_inputs():
    inputs = {"references": {"r": {"type": "URL", "value": "v"}}}
    to_request(inputs)
    assert inputs == {"references": {"r": {"type": "URL", "value": "v"}}}


def test_to_request_wrong_types_pass_through():
    assert to_request({"attributes": ["a"], "attachments": "x"}) == {
        "Attributes": ["a"],
        "Attachments": "x",
    }


def test_property_path_forms():
    assert property_path(()) == ""
    assert property_path(("InstanceId",)) == "instance_id"
    assert property_path(("References", "runbook", "Value")) == "references.runbook.value"
    assert (
        property_path(("References", "Runbook", "StatusReason"))
        == "references.Runbook.status_reason"
    )
    assert property_path(("Attachments", 0, "FileName")) == "attachments[0].file_name"
    assert property_path(("Attributes", "env")) == "attributes.env"
    assert property_path(("Attributes", "ticket-id")) == "attributes.ticket-id"
    assert property_path(
        ("SegmentAttributes", "k", "ValueMap", "Inner", "ValueList", 2, "ValueString")
    ) == ("segment_attributes.k.value_map.Inner.value_list[2].value_string")


def test_property_path_quotes_keys_that_are_not_plain_names():
    assert property_path(("Attributes", "a.b")) == 'attributes["a.b"]'
    assert property_path(("References", "my ref", "Value")) == 'references["my ref"].value'
    assert (
        property_path(("SegmentAttributes", "connect:ContactExpiry"))
        == 'segment_attributes["connect:ContactExpiry"]'
    )
    assert property_path(("Attributes", "")) == 'attributes[""]'


def test_property_path_unknown_members_are_kept():
    assert property_path(("Colour",)) == "Colour"
    assert property_path(("References", "r", "valeu")) == "references.r.valeu"


def test_property_path_round_trips_every_converted_member():
    # Each AWS path in the converted request maps back to the path of the input it came from.
    pairs = {
        ("InstanceId",): "instance_id",
        ("References", "runbook_link", "Type"): "references.runbook_link.type",
        ("Attributes", "team_name"): "attributes.team_name",
        ("ScheduledTime",): "scheduled_time",
        (
            "SegmentAttributes",
            "nested",
            "ValueMap",
            "inner_key",
            "ValueList",
            1,
            "ValueArn",
        ): "segment_attributes.nested.value_map.inner_key.value_list[1].value_arn",
        ("Attachments", 0, "S3Url"): "attachments[0].s3_url",
    }
    request = to_request(INPUTS)
    for path, expected in pairs.items():
        value = request
        for element in path:
            value = value[element]
        assert value is not None
        assert property_path(path) == expected
