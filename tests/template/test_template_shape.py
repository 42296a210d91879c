"""snake_case inputs <-> a task template in AWS shape; paths, outputs, client tokens."""

from __future__ import annotations

from pulumi_connect_tasks.task.validation import UNKNOWN
from pulumi_connect_tasks.template.shape import (
    from_aws,
    property_path,
    template_client_token,
    template_inputs,
    template_outputs,
    template_request,
    to_aws,
)
from tests.template.template_support import (
    INPUTS,
    INSTANCE_ARN,
    REQUEST,
    TEMPLATE,
    TEMPLATE_ARN,
    template_response,
)


def test_template_shape_request_converts_every_nested_key():
    assert template_request(INPUTS) == REQUEST


def test_template_shape_request_reduces_an_instance_arn_and_drops_extras_and_none():
    inputs = {
        **INPUTS,
        "instance_id": INSTANCE_ARN,
        "region": "eu-west-2",
        "description": None,
        "colour": "blue",
    }
    expected = {k: v for k, v in REQUEST.items() if k != "Description"}
    assert template_request(inputs) == expected


def test_template_shape_request_keeps_unknowns_and_accepts_pascal_case():
    inputs = {
        "instance_id": UNKNOWN,
        "name": "n",
        "fields": [{"Id": {"Name": "Title"}, "type": "NAME", "singleSelectOptions": UNKNOWN}],
    }
    assert template_request(inputs) == {
        "InstanceId": UNKNOWN,
        "Name": "n",
        "Fields": [{"Id": {"Name": "Title"}, "Type": "NAME", "SingleSelectOptions": UNKNOWN}],
    }


def test_template_shape_round_trip_and_map_keys_kept():
    hooks = {"wrap_up_flow_id": "m-1", "self_assign_flow_id": "f", "read_only_fields": []}
    assert to_aws(hooks) == {"WrapUpFlowId": "m-1", "SelfAssignFlowId": "f", "ReadOnlyFields": []}
    assert from_aws(to_aws(hooks)) == hooks
    assert from_aws({"Tags": {"CostCenter": "1", "team_name": "x"}}) == {
        "tags": {"CostCenter": "1", "team_name": "x"}
    }


def test_template_shape_inputs_of_a_get_response():
    response = {
        **template_response(),
        "ResponseMetadata": {"HTTPStatusCode": 200},
        "Tags": {"k": "v"},
    }
    assert template_inputs(response) == {
        **{k: v for k, v in INPUTS.items() if k != "idempotency_key"},
        "status": "ACTIVE",
    }


def test_template_shape_outputs_are_rfc3339():
    assert template_outputs(template_response()) == {
        "template_id": TEMPLATE,
        "template_arn": TEMPLATE_ARN,
        "created_at": "2030-01-01T12:00:00Z",
        "last_modified_at": "2030-01-01T12:00:00Z",
    }
    assert template_outputs({"Id": TEMPLATE})["created_at"] is None


def test_template_shape_property_path():
    assert property_path(("Fields", 0, "Id", "Name")) == "fields[0].id.name"
    assert property_path(("Constraints", "RequiredFields")) == "constraints.required_fields"
    assert (
        property_path(("Defaults", "DefaultFieldValues", 2, "DefaultValue"))
        == "defaults.default_field_values[2].default_value"
    )
    assert property_path(("InstanceId",)) == "instance_id"
    assert property_path(("Tags", "Cost Center")) == 'tags["Cost Center"]'
    assert property_path(()) == ""


def test_template_shape_client_token_is_stable_and_follows_the_definition():
    first = template_client_token("k", INPUTS, 0)
    assert len(first) == 64
    assert first == template_client_token("k", {**INPUTS, "idempotency_key": "other"}, 0)
    assert first != template_client_token("k", INPUTS, 1)
    assert first != template_client_token("other", INPUTS, 0)
    assert first != template_client_token("k", {**INPUTS, "status": "INACTIVE"}, 0)
    assert first != template_client_token("k", {**INPUTS, "region": "eu-west-2"}, 0)
