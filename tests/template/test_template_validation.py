"""validate_task_template: the schema's limits and the rules it says badly, in exact words."""

from __future__ import annotations

import copy

import pytest

from pulumi_connect_tasks.task.validation import UNKNOWN, Violation
from pulumi_connect_tasks.template.validation import validate_task_template
from tests.template.template_support import NOW, REQUEST


def found(request: dict) -> list[tuple[str, str]]:
    return [(v.json_path(), v.message) for v in validate_task_template(request, now=NOW)]


def changed(**members) -> dict:
    request = copy.deepcopy(REQUEST)
    request.update(members)
    return {k: v for k, v in request.items() if v is not None}


def test_template_validation_accepts_a_complete_template():
    assert validate_task_template(REQUEST, now=NOW) == []


def test_template_validation_accepts_a_quick_connect_field_instead_of_a_flow():
    fields = REQUEST["Fields"] + [{"Id": {"Name": "Transfer"}, "Type": "QUICK_CONNECT"}]
    assert found(changed(ContactFlowId=None, Fields=fields)) == []


def test_template_validation_schema_limits_come_from_the_model():
    request = changed(Name="n" * 101, Description="", Status="ON", Colour="blue", InstanceId=None)
    request["Fields"][2]["Description"] = "d" * 256
    request["Fields"][3]["SingleSelectOptions"] = ["network", "x" * 101]
    assert found(request) == [
        ("$.Colour", "is not a known member"),
        ("$.Description", "must be at least 1 character"),
        ("$.Fields[2].Description", "must be at most 255 characters"),
        ("$.Fields[3].SingleSelectOptions[1]", "must be at most 100 characters"),
        ("$.InstanceId", "is required"),
        ("$.Name", "must be at most 100 characters"),
        ("$.Status", "must be one of: ACTIVE, INACTIVE"),
    ]


def test_template_validation_fields_are_required_and_typed():
    assert found(changed(Fields=None)) == [("$.Fields", "is required")]
    request = changed()
    request["Fields"][1] = {"Id": {"Name": "Summary"}, "Type": "PARAGRAPH"}
    assert found(request) == [
        (
            "$.Fields[1].Type",
            "must be one of: NAME, DESCRIPTION, SCHEDULED_TIME, QUICK_CONNECT, URL, NUMBER, TEXT, TEXT_AREA, "
            "DATE_TIME, BOOLEAN, SINGLE_SELECT, EMAIL, SELF_ASSIGN, EXPIRY_DURATION",
        )
    ]


def test_template_validation_field_names_are_unique_and_present():
    request = changed()
    request["Fields"].append({"Id": {"Name": "Severity"}, "Type": "TEXT"})
    request["Fields"].append({"Id": {}, "Type": "TEXT"})
    assert found(request) == [
        ("$.Fields[4].Id.Name", "must be unique: Fields[2] has the same name"),
        ("$.Fields[5].Id.Name", "is required"),
    ]


def test_template_validation_single_select_needs_options():
    request = changed()
    del request["Fields"][3]["SingleSelectOptions"]
    request["Fields"].append(
        {"Id": {"Name": "Zone"}, "Type": "SINGLE_SELECT", "SingleSelectOptions": []}
    )
    assert found(request) == [
        (
            "$.Fields[3].SingleSelectOptions",
            "must list at least one option for a field of Type SINGLE_SELECT",
        ),
        (
            "$.Fields[4].SingleSelectOptions",
            "must list at least one option for a field of Type SINGLE_SELECT",
        ),
    ]


def test_template_validation_constraints_and_defaults_name_existing_fields():
    request = changed(
        Constraints={
            "RequiredFields": [{"Id": {"Name": "Title"}}, {"Id": {"Name": "Owner"}}],
            "ReadOnlyFields": [{"Id": {}}],
            "InvisibleFields": [{"Id": {"Name": "Hidden"}}],
        },
        Defaults={"DefaultFieldValues": [{"Id": {"Name": "Gone"}, "DefaultValue": "x"}]},
    )
    assert found(request) == [
        ("$.Constraints.InvisibleFields[0].Id.Name", "must name a field in Fields"),
        ("$.Constraints.ReadOnlyFields[0].Id.Name", "is required"),
        ("$.Constraints.RequiredFields[1].Id.Name", "must name a field in Fields"),
        ("$.Defaults.DefaultFieldValues[0].Id.Name", "must name a field in Fields"),
    ]


def test_template_validation_single_select_default_is_one_of_the_options():
    request = changed(
        Defaults={"DefaultFieldValues": [{"Id": {"Name": "Area"}, "DefaultValue": "compute"}]}
    )
    assert found(request) == [
        (
            "$.Defaults.DefaultFieldValues[0].DefaultValue",
            "must be one of the field's SingleSelectOptions",
        )
    ]


def test_template_validation_documented_requirements():
    # The model's documentation: Constraints is required, exactly one NAME field, listed in
    # RequiredFields; a ContactFlowId or a QUICK_CONNECT field.
    assert found(changed(Constraints=None)) == [
        (
            "$.Constraints",
            "is required: Amazon Connect requires it although its model marks it optional",
        ),
    ]
    assert found(changed(Constraints={"RequiredFields": []})) == [
        ("$.Constraints.RequiredFields", "must list the field of Type NAME")
    ]
    assert found(changed(Constraints={"ReadOnlyFields": []})) == [
        ("$.Constraints.RequiredFields", "must list the field of Type NAME")
    ]
    assert found(changed(Constraints={"RequiredFields": [{"Id": {"Name": "Severity"}}]})) == [
        ("$.Constraints.RequiredFields", "must list the field of Type NAME"),
    ]
    assert found(changed(ContactFlowId=None)) == [
        ("$.ContactFlowId", "is required unless a field has Type QUICK_CONNECT")
    ]
    assert found(changed(ContactFlowId="")) == [
        ("$.ContactFlowId", "is required unless a field has Type QUICK_CONNECT")
    ]


@pytest.mark.parametrize("name_fields", [0, 2])
def test_template_validation_exactly_one_name_field(name_fields):
    fields = [f for f in REQUEST["Fields"] if f["Type"] != "NAME"]
    fields += [{"Id": {"Name": f"Title{n}"}, "Type": "NAME"} for n in range(name_fields)]
    request = changed(
        Fields=fields,
        Constraints={
            "RequiredFields": [{"Id": {"Name": f"Title{n}"}} for n in range(name_fields)]
            or [{"Id": {"Name": "Severity"}}]
        },
    )
    assert found(request) == [
        ("$.Fields", f"must contain exactly one field of Type NAME (found {name_fields})")
    ]


def test_template_validation_unknown_values_count_as_present_and_skip_rules():
    assert (
        found(changed(Name=UNKNOWN, ContactFlowId=UNKNOWN, Fields=UNKNOWN, Constraints=UNKNOWN))
        == []
    )
    request = changed()
    request["Fields"].append({"Id": {"Name": UNKNOWN}, "Type": UNKNOWN})
    request["Constraints"]["RequiredFields"].append({"Id": {"Name": "Owner"}})
    # Owner may be the unknown field's name: not reported.
    assert found(request) == []


def test_template_validation_unknown_field_type_skips_the_name_rules():
    request = changed(ContactFlowId=None)
    request["Fields"][0]["Type"] = UNKNOWN
    assert found(request) == []


def test_template_validation_messages_never_contain_values():
    secret = "Top secret template text"
    request = changed(Description=secret * 20, Name=secret * 10)
    request["Defaults"]["DefaultFieldValues"][0]["DefaultValue"] = secret
    request["Fields"][2]["Description"] = secret * 20
    violations = validate_task_template(request, now=NOW)
    assert [v.json_path() for v in violations] == [
        "$.Defaults.DefaultFieldValues[0].DefaultValue",
        "$.Description",
        "$.Fields[2].Description",
        "$.Name",
    ]
    assert all("secret" not in v.message for v in violations)


def test_template_validation_returns_violations_sorted_by_path():
    request = changed(Name="n" * 101, Constraints=None)
    assert validate_task_template(request, now=NOW) == [
        Violation(
            ("Constraints",),
            "is required: Amazon Connect requires it although its model marks it optional",
        ),
        Violation(("Name",), "must be at most 100 characters"),
    ]
