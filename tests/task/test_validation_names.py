"""Target names (ContactFlowName, QuickConnectName, TaskTemplateName): validated like members,
counted by the one-target rule, mapped to snake_case, never part of what AWS is sent."""

from __future__ import annotations

from datetime import datetime

import botocore.session
import pytest

from pulumi_connect_tasks.task.requests import (
    NAME_FIELDS,
    from_request,
    property_path,
    to_request,
    without_names,
)
from pulumi_connect_tasks.task.validation import (
    NAME_MEMBER_SCHEMAS,
    NAME_MEMBERS,
    UNKNOWN,
    load_schema,
    request_schema,
    validate_start_task_contact,
)

pytestmark = pytest.mark.botocore_model

EXACTLY_ONE = (
    "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or "
    "TaskTemplateName is required"
)
# The Name member of each resource's Create operation carries botocore's Name shape.
CREATE_OPERATIONS = {
    "ContactFlowName": "CreateContactFlow",
    "QuickConnectName": "CreateQuickConnect",
    "TaskTemplateName": "CreateTaskTemplate",
}


def found(request: dict, now: datetime) -> list[tuple[str, str]]:
    return [(v.json_path(), v.message) for v in validate_start_task_contact(request, now=now)]


def base(**members) -> dict:
    return {"InstanceId": "i", "Name": "n", **members}


@pytest.mark.parametrize("member", list(NAME_MEMBERS))
def test_each_name_alone_is_a_valid_target(member, now):
    assert found(base(**{member: "Escalation"}), now) == []


@pytest.mark.parametrize("member", list(NAME_MEMBERS))
def test_name_limits_are_botocores_name_shapes(member):
    model = botocore.session.get_session().get_service_model("connect")
    shape = model.operation_model(CREATE_OPERATIONS[member]).input_shape.members["Name"]
    assert shape.name == member
    schema = NAME_MEMBER_SCHEMAS[member]
    assert schema["type"] == "string" == shape.type_name
    assert schema.get("minLength") == shape.metadata.get("min")
    assert schema.get("maxLength") == shape.metadata.get("max")


def test_name_lengths_are_checked(now):
    assert found(base(ContactFlowName=""), now) == [
        ("$.ContactFlowName", "must be at least 1 character")
    ]
    assert found(base(ContactFlowName="f" * 5000), now) == []  # botocore sets no maximum
    assert found(base(QuickConnectName="q" * 128), now) == [
        ("$.QuickConnectName", "must be at most 127 characters")
    ]
    assert found(base(TaskTemplateName="t" * 101), now) == [
        ("$.TaskTemplateName", "must be at most 100 characters")
    ]
    assert found(base(TaskTemplateName=7), now) == [("$.TaskTemplateName", "must be a string")]


def test_an_id_and_a_name_are_two_targets(now):
    assert found(base(ContactFlowId="f", ContactFlowName="Escalation"), now) == [
        ("$.ContactFlowName", f"{EXACTLY_ONE} (found 2: ContactFlowId, ContactFlowName)"),
    ]


def test_two_names_are_two_targets(now):
    assert found(base(QuickConnectName="q", TaskTemplateName="t"), now) == [
        ("$.TaskTemplateName", f"{EXACTLY_ONE} (found 2: QuickConnectName, TaskTemplateName)"),
    ]


def test_no_target_names_all_six(now):
    assert found(base(), now) == [("$.ContactFlowId", f"{EXACTLY_ONE} (found 0)")]


def test_an_unknown_name_counts_as_present(now):
    assert found(base(ContactFlowName=UNKNOWN), now) == []
    assert found(base(ContactFlowName=UNKNOWN, QuickConnectId="q"), now) == [
        ("$.ContactFlowName", f"{EXACTLY_ONE} (found 2: QuickConnectId, ContactFlowName)"),
    ]


def test_a_misspelt_name_member_is_suggested(now):
    assert found(base(ContactFlowId="f", TaskTemplateNam="t"), now) == [
        ("$.TaskTemplateNam", "is not a known member; did you mean TaskTemplateName?"),
    ]


def test_the_request_schema_adds_names_without_touching_the_botocore_schema():
    assert set(NAME_MEMBERS) <= set(request_schema()["properties"])
    assert not set(NAME_MEMBERS) & set(load_schema("start_task_contact.schema.json")["properties"])


def test_names_map_between_snake_case_and_aws_shape():
    inputs = {"contact_flow_name": "a", "quick_connect_name": "b", "task_template_name": "c"}
    request = {"ContactFlowName": "a", "QuickConnectName": "b", "TaskTemplateName": "c"}
    assert to_request(inputs) == request
    assert from_request(request) == inputs
    assert property_path(("QuickConnectName",)) == "quick_connect_name"
    assert NAME_FIELDS == {
        "contact_flow_name": "contact_flow_id",
        "quick_connect_name": "quick_connect_id",
        "task_template_name": "task_template_id",
    }


def test_without_names_leaves_only_start_task_contact_members():
    request = base(ContactFlowId="f", ContactFlowName="Escalation", TaskTemplateName="t")
    assert without_names(request) == base(ContactFlowId="f")
    model = botocore.session.get_session().get_service_model("connect")
    members = model.operation_model("StartTaskContact").input_shape.members
    assert not set(NAME_MEMBERS) & set(members)
    assert set(NAME_MEMBERS.values()) <= set(members)
