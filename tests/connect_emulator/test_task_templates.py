"""Task templates: CreateTaskTemplate & co., and what a template does to StartTaskContact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from connect_emulator import Clock, EmulatorServer

from .conftest import FIELDS, FLOW_CONTENT, emulator, make_client, required

DAY = 24 * 3600


def _error(caught: Any) -> tuple[int, str]:
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def _properties(caught: Any) -> list[tuple[str, str]]:
    return [(p["PropertyPath"], p["Reason"]) for p in caught.value.response["PropertyList"]]


def _saved(state: Path) -> dict[str, Any]:
    return json.loads(state.read_text())


def _get(client: Any, instance_id: str, template_id: str) -> dict[str, Any]:
    response = client.get_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
    response.pop("ResponseMetadata")
    return response


# -- CreateTaskTemplate / GetTaskTemplate ---------------------------------------------------


def test_create_task_template_returns_id_and_arn(client: Any, instance_id: str) -> None:
    created = client.create_task_template(
        InstanceId=instance_id, Name="Incident", Fields=FIELDS, Constraints=required()
    )
    assert set(created) == {"Id", "Arn", "ResponseMetadata"}
    assert (
        created["Arn"]
        == f"arn:aws:connect:us-east-1:123456789012:instance/{instance_id}/task-template/{created['Id']}"
    )


def test_get_task_template_returns_every_member_as_created(
    client: Any, instance_id: str, flow_id: str, clock: Clock
) -> None:
    clock.set(1_900_000_000)
    members = {
        "Name": "Incident",
        "Description": "Open an incident",
        "ContactFlowId": flow_id,
        "SelfAssignFlowId": flow_id,
        "ContactHooks": {"WrapUpFlowId": "module-1"},
        "Constraints": {
            **required("Severity"),
            "ReadOnlyFields": [{"Id": {"Name": "Runbook"}}],
            "InvisibleFields": [],
        },
        "Defaults": {"DefaultFieldValues": [{"Id": {"Name": "Area"}, "DefaultValue": "network"}]},
        "Status": "INACTIVE",
        "Fields": FIELDS,
    }
    created = client.create_task_template(InstanceId=instance_id, **members)
    when = dt.datetime.fromtimestamp(1_900_000_000, tz=dt.UTC)
    got = _get(client, instance_id, created["Id"])
    assert got.pop("CreatedTime").timestamp() == pytest.approx(when.timestamp(), abs=1)
    assert got.pop("LastModifiedTime").timestamp() == pytest.approx(when.timestamp(), abs=1)
    assert got == {"InstanceId": instance_id, "Id": created["Id"], "Arn": created["Arn"], **members}


def test_get_task_template_status_defaults_to_active(
    client: Any, instance_id: str, make_template: Any
) -> None:
    got = _get(client, instance_id, make_template())
    assert got["Status"] == "ACTIVE"
    assert "Description" not in got and "Defaults" not in got and "ContactFlowId" not in got


def test_create_task_template_without_fields_is_invalid_parameter(
    raw_client: Any, instance_id: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.create_task_template(InstanceId=instance_id, Name="Incident")
    assert _error(caught) == (
        400,
        "1 validation error detected: Value at 'Fields' failed to satisfy constraint: Member must not be null",
    )


def test_create_task_template_limits_come_from_the_model(raw_client: Any, instance_id: str) -> None:
    fields = [{"Id": {"Name": "x" * 101}, "Type": "TEXT", "Description": ""}]
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.create_task_template(
            InstanceId=instance_id, Name="n" * 101, Description="", Fields=fields, Status="ON"
        )
    assert _error(caught) == (
        400,
        (
            "5 validation errors detected: "
            "Value at 'Description' failed to satisfy constraint: Member must have length greater than or equal to 1; "
            "Value at 'Fields[0].Description' failed to satisfy constraint: Member must have length greater than or equal to 1; "
            "Value at 'Fields[0].Id.Name' failed to satisfy constraint: Member must have length less than or equal to 100; "
            "Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 100; "
            "Value at 'Status' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]"
        ),
    )


def test_create_task_template_unknown_instance_is_resource_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.create_task_template(
            InstanceId="missing", Name="Incident", Fields=FIELDS, Constraints=required()
        )
    assert _error(caught) == (404, "Instance not found: missing")


def test_create_task_template_reports_every_property_problem(client: Any, instance_id: str) -> None:
    fields = [
        {"Id": {"Name": "Severity"}, "Type": "NUMBER"},
        {"Id": {"Name": "Severity"}, "Type": "TEXT"},
        {"Id": {}, "Type": "TEXT"},
        {"Id": {"Name": "Area"}, "Type": "SINGLE_SELECT"},
        {"Id": {"Name": "Zone"}, "Type": "SINGLE_SELECT", "SingleSelectOptions": ["a", "b"]},
    ]
    with pytest.raises(client.exceptions.PropertyValidationException) as caught:
        client.create_task_template(
            InstanceId=instance_id,
            Name="Incident",
            Fields=fields,
            ContactFlowId="missing-flow",
            Constraints={
                "RequiredFields": [{"Id": {"Name": "Owner"}}],
                "InvisibleFields": [{"Id": {}}],
            },
            Defaults={
                "DefaultFieldValues": [
                    {"Id": {"Name": "Zone"}, "DefaultValue": "c"},
                    {"Id": {"Name": "Gone"}, "DefaultValue": ""},
                ]
            },
        )
    assert _properties(caught) == [
        ("Fields[1].Id.Name", "UNIQUE_CONSTRAINT_VIOLATED"),
        ("Fields[2].Id.Name", "REQUIRED_PROPERTY_MISSING"),
        ("Fields[3].SingleSelectOptions", "REQUIRED_PROPERTY_MISSING"),
        ("Fields", "REQUIRED_PROPERTY_MISSING"),
        ("Constraints.RequiredFields[0].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND"),
        ("Constraints.InvisibleFields[0].Id.Name", "REQUIRED_PROPERTY_MISSING"),
        ("Defaults.DefaultFieldValues[0].DefaultValue", "INVALID_FORMAT"),
        ("Defaults.DefaultFieldValues[1].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND"),
        ("ContactFlowId", "REFERENCED_RESOURCE_NOT_FOUND"),
    ]
    assert _error(caught)[0] == 400
    assert _error(caught)[1].startswith(
        "9 properties failed validation: Fields[1].Id.Name (UNIQUE_CONSTRAINT_VIOLATED); "
    )
    assert client.list_task_templates(InstanceId=instance_id)["TaskTemplates"] == []


@pytest.mark.parametrize(
    ("members", "problems"),
    [
        ({"Constraints": None}, [("Constraints", "REQUIRED_PROPERTY_MISSING")]),
        (
            {"Constraints": {"ReadOnlyFields": []}},
            [("Constraints.RequiredFields", "REQUIRED_PROPERTY_MISSING")],
        ),
        (
            {"Constraints": {"RequiredFields": [{"Id": {"Name": "Severity"}}]}},
            [("Constraints.RequiredFields", "REQUIRED_PROPERTY_MISSING")],
        ),
        (
            {
                "Fields": FIELDS[1:],
                "Constraints": {"RequiredFields": [{"Id": {"Name": "Severity"}}]},
            },
            [("Fields", "REQUIRED_PROPERTY_MISSING")],
        ),
        (
            {"Fields": FIELDS + [{"Id": {"Name": "Title"}, "Type": "NAME"}]},
            [("Fields", "UNIQUE_CONSTRAINT_VIOLATED")],
        ),
        ({"Fields": FIELDS[:-1]}, [("ContactFlowId", "REQUIRED_PROPERTY_MISSING")]),
    ],
)
def test_create_task_template_documented_requirements(
    client: Any, make_template: Any, members: dict[str, Any], problems: list[Any]
) -> None:
    # The model's documentation: Constraints required, exactly one NAME field listed in
    # RequiredFields, and a ContactFlowId or a QUICK_CONNECT field.
    with pytest.raises(client.exceptions.PropertyValidationException) as caught:
        make_template(**members)
    assert _properties(caught) == problems


def test_update_task_template_requires_status(
    client: Any, instance_id: str, make_template: Any
) -> None:
    template_id = make_template()
    with pytest.raises(client.exceptions.PropertyValidationException) as caught:
        client.update_task_template(
            InstanceId=instance_id, TaskTemplateId=template_id, Constraints=required()
        )
    assert _properties(caught) == [("Status", "REQUIRED_PROPERTY_MISSING")]


def test_create_task_template_flow_of_another_instance_is_not_found(
    client: Any, flow_id: str
) -> None:
    other = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="other",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    with pytest.raises(client.exceptions.PropertyValidationException) as caught:
        client.create_task_template(
            InstanceId=other,
            Name="t",
            Fields=FIELDS,
            Constraints=required(),
            SelfAssignFlowId=flow_id,
        )
    assert _properties(caught) == [("SelfAssignFlowId", "REFERENCED_RESOURCE_NOT_FOUND")]


def test_create_task_template_fifty_per_instance(
    client: Any, instance_id: str, make_template: Any
) -> None:
    for number in range(50):
        make_template(Name=f"t{number}")
    with pytest.raises(client.exceptions.ServiceQuotaExceededException) as caught:
        make_template(Name="t50")
    assert _error(caught) == (402, "The instance has reached its quota of 50 task templates")
    other = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="other",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    assert client.create_task_template(
        InstanceId=other, Name="t50", Fields=FIELDS, Constraints=required()
    )["Id"]


def test_create_task_template_quota_frees_up_after_delete(
    client: Any, instance_id: str, make_template: Any
) -> None:
    ids = [make_template(Name=f"t{number}") for number in range(50)]
    client.delete_task_template(InstanceId=instance_id, TaskTemplateId=ids[0])
    assert make_template(Name="t50")


def test_create_task_template_client_token_replays_for_seven_days(
    client: Any, instance_id: str, clock: Clock, make_template: Any
) -> None:
    first = make_template(ClientToken="tok")
    assert make_template(ClientToken="tok", Name="other") == first
    client.delete_task_template(InstanceId=instance_id, TaskTemplateId=first)
    assert make_template(ClientToken="tok") == first  # the token still names the deleted template
    clock.advance(7 * DAY)
    fresh = make_template(ClientToken="tok")
    assert fresh != first
    assert _get(client, instance_id, fresh)["Name"] == "Incident"


def test_get_task_template_unknown_is_resource_not_found(client: Any, instance_id: str) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.get_task_template(InstanceId=instance_id, TaskTemplateId="missing")
    assert _error(caught) == (404, "Task template not found: missing")


def test_get_task_template_of_another_instance_or_region_is_not_found(
    client: Any, server: Any, make_template: Any
) -> None:
    template_id = make_template()
    other = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="other",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_task_template(InstanceId=other, TaskTemplateId=template_id)
    west = make_client(server.url, region="us-west-2")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.list_task_templates(InstanceId=other)


# -- UpdateTaskTemplate / DeleteTaskTemplate (ListTaskTemplates: test_list_task_templates.py) ------


def test_update_task_template_replaces_the_content(
    client: Any, instance_id: str, flow_id: str, clock: Clock, make_template: Any
) -> None:
    template_id = make_template(
        Description="old",
        ContactFlowId=flow_id,
        Constraints=required("Severity"),
        Status="INACTIVE",
    )
    created = _get(client, instance_id, template_id)["CreatedTime"]
    clock.advance(3600)
    defaults = {"DefaultFieldValues": [{"Id": {"Name": "Severity"}, "DefaultValue": "3"}]}
    updated = client.update_task_template(
        InstanceId=instance_id,
        TaskTemplateId=template_id,
        Fields=FIELDS[1:] + FIELDS[:1],
        Constraints=required(),
        Defaults=defaults,
        Status="ACTIVE",
    )
    updated.pop("ResponseMetadata")
    got = _get(client, instance_id, template_id)
    assert updated == got
    # A full update: what was not sent is gone (Description, ContactFlowId), except Name.
    assert {k: v for k, v in got.items() if k not in ("CreatedTime", "LastModifiedTime")} == {
        "InstanceId": instance_id,
        "Id": template_id,
        "Arn": got["Arn"],
        "Name": "Incident",
        "Status": "ACTIVE",
        "Fields": FIELDS[1:] + FIELDS[:1],
        "Constraints": required(),
        "Defaults": defaults,
    }
    assert got["CreatedTime"] == created
    assert (got["LastModifiedTime"] - created).total_seconds() == pytest.approx(3600, abs=1)


def test_update_task_template_keeps_fields_when_not_sent(
    client: Any, instance_id: str, make_template: Any
) -> None:
    template_id = make_template()
    client.update_task_template(
        InstanceId=instance_id,
        TaskTemplateId=template_id,
        Name="Renamed",
        Status="INACTIVE",
        Constraints=required(),
    )
    got = _get(client, instance_id, template_id)
    assert (got["Name"], got["Status"], got["Fields"]) == ("Renamed", "INACTIVE", FIELDS)


def test_update_task_template_bad_constraints_change_nothing(
    client: Any, instance_id: str, make_template: Any
) -> None:
    template_id = make_template(Description="kept")
    with pytest.raises(client.exceptions.PropertyValidationException) as caught:
        client.update_task_template(
            InstanceId=instance_id,
            TaskTemplateId=template_id,
            Fields=FIELDS,
            Constraints=required("Owner"),
            Status="ACTIVE",
        )
    assert _properties(caught) == [
        ("Constraints.RequiredFields[1].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND")
    ]
    assert _get(client, instance_id, template_id)["Description"] == "kept"


def test_update_task_template_unknown_is_resource_not_found(client: Any, instance_id: str) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.update_task_template(InstanceId=instance_id, TaskTemplateId="missing", Name="n")
    assert _error(caught) == (404, "Task template not found: missing")


def test_delete_task_template_removes_it_and_twice_is_not_found(
    client: Any, instance_id: str, make_template: Any
) -> None:
    template_id = make_template()
    assert set(client.delete_task_template(InstanceId=instance_id, TaskTemplateId=template_id)) == {
        "ResponseMetadata"
    }
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.delete_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
    assert _error(caught) == (404, f"Task template not found: {template_id}")


def test_task_templates_persist_in_the_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorServer(throttle=False, state_path=state) as running:
        client = make_client(running.url)
        instance_id = client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="kept",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Id"]
        template_id = client.create_task_template(
            InstanceId=instance_id,
            Name="Incident",
            Fields=FIELDS,
            Constraints=required(),
            ClientToken="tok",
        )["Id"]
        before = _get(client, instance_id, template_id)
    with EmulatorServer(throttle=False, state_path=state) as running:
        client = make_client(running.url)
        assert _get(client, instance_id, template_id) == before
        again = client.create_task_template(
            InstanceId=instance_id,
            Name="Incident",
            Fields=FIELDS,
            Constraints=required(),
            ClientToken="tok",
        )
        assert again["Id"] == template_id
        client.delete_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
    with EmulatorServer(throttle=False, state_path=state) as running:
        assert (
            make_client(running.url).list_task_templates(InstanceId=instance_id)["TaskTemplates"]
            == []
        )


def test_reset_forgets_task_templates(
    client: Any, server: Any, instance_id: str, make_template: Any
) -> None:
    make_template()
    assert emulator(server.url, "/_emulator/reset", {})[0] == 200
    assert server.backend.task_templates == {}


# -- StartTaskContact with a template ----------------------------------------------------------


def test_start_task_contact_runs_the_template_flow(
    client: Any, server: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id)
    contact_id = client.start_task_contact(
        InstanceId=instance_id, TaskTemplateId=template_id, Name="Disk full"
    )["ContactId"]
    contact = client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]
    arn = (
        f"arn:aws:connect:us-east-1:123456789012:instance/{instance_id}/task-template/{template_id}"
    )
    assert contact["TaskTemplateInfo"] == {"Arn": arn, "Name": "Incident"}
    stored = next(
        c
        for c in emulator(server.url, "/_emulator/contacts")[1]["contacts"]
        if c["id"] == contact_id
    )
    assert (stored["contact_flow_id"], stored["task_template_id"]) == (flow_id, template_id)


def test_start_task_contact_inactive_template_is_invalid_request(
    client: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id, Status="INACTIVE")
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(InstanceId=instance_id, TaskTemplateId=template_id, Name="n")
    assert _error(caught) == (
        400,
        f"Task template {template_id} is INACTIVE: only an ACTIVE template starts tasks",
    )


def test_start_task_contact_deleted_template_is_resource_not_found(
    client: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id)
    client.delete_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.start_task_contact(InstanceId=instance_id, TaskTemplateId=template_id, Name="n")
    assert _error(caught) == (404, f"Task template not found: {template_id}")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("Severity", "The task template requires field Severity: give References.Severity"),
        ("Description", "The task template requires field Description: give Description"),
    ],
)
def test_start_task_contact_missing_required_field_is_invalid_request(
    client: Any, instance_id: str, flow_id: str, make_template: Any, field: str, message: str
) -> None:
    template_id = make_template(ContactFlowId=flow_id, Constraints=required(field))
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(InstanceId=instance_id, TaskTemplateId=template_id, Name="n")
    assert _error(caught) == (400, message)


def test_start_task_contact_required_scheduled_time_field(
    client: Any, instance_id: str, flow_id: str, clock: Clock
) -> None:
    fields = [FIELDS[0], {"Id": {"Name": "When"}, "Type": "SCHEDULED_TIME"}]
    template_id = client.create_task_template(
        InstanceId=instance_id,
        Name="t",
        ContactFlowId=flow_id,
        Fields=fields,
        Constraints=required("When"),
    )["Id"]
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(InstanceId=instance_id, TaskTemplateId=template_id, Name="n")
    assert _error(caught)[1] == "The task template requires field When: give ScheduledTime"
    when = dt.datetime.fromtimestamp(clock.now() + 3600, tz=dt.UTC)
    assert client.start_task_contact(
        InstanceId=instance_id, TaskTemplateId=template_id, Name="n", ScheduledTime=when
    )["ContactId"]


def test_start_task_contact_required_fields_given_are_accepted(
    client: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    template_id = make_template(
        ContactFlowId=flow_id, Constraints=required("Name", "Description", "Severity")
    )
    contact_id = client.start_task_contact(
        InstanceId=instance_id,
        TaskTemplateId=template_id,
        Name="n",
        Description="d",
        References={"Severity": {"Type": "NUMBER", "Value": "3"}},
    )["ContactId"]
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"][
            "Description"
        ]
        == "d"
    )


def test_start_task_contact_empty_required_reference_is_missing(
    client: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id, Constraints=required("Area"))
    with pytest.raises(client.exceptions.InvalidRequestException):
        client.start_task_contact(
            InstanceId=instance_id,
            TaskTemplateId=template_id,
            Name="n",
            References={"Area": {"Type": "STRING", "Value": ""}},
        )


def test_start_task_contact_template_defaults_apply_and_satisfy_required(
    client: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    defaults = {
        "DefaultFieldValues": [
            {"Id": {"Name": "Description"}, "DefaultValue": "From the template"},
            {"Id": {"Name": "Severity"}, "DefaultValue": "2"},
            {"Id": {"Name": "Area"}, "DefaultValue": "storage"},
            {"Id": {"Name": "Runbook"}, "DefaultValue": "https://wiki.example.com/default"},
        ]
    }
    template_id = make_template(
        ContactFlowId=flow_id, Defaults=defaults, Constraints=required("Severity", "Description")
    )
    contact_id = client.start_task_contact(
        InstanceId=instance_id,
        TaskTemplateId=template_id,
        Name="n",
        References={"Runbook": {"Type": "URL", "Value": "https://wiki.example.com/mine"}},
    )["ContactId"]
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"][
            "Description"
        ]
        == "From the template"
    )
    listed = client.list_contact_references(
        InstanceId=instance_id, ContactId=contact_id, ReferenceTypes=["URL", "NUMBER", "STRING"]
    )["ReferenceSummaryList"]
    assert sorted(listed, key=str) == sorted(
        [
            {"Url": {"Name": "Runbook", "Value": "https://wiki.example.com/mine"}},
            {"Number": {"Name": "Severity", "Value": "2"}},
            {"String": {"Name": "Area", "Value": "storage"}},
        ],
        key=str,
    )


def test_start_task_contact_request_description_wins_over_default(
    client: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    defaults = {
        "DefaultFieldValues": [{"Id": {"Name": "Description"}, "DefaultValue": "From the template"}]
    }
    template_id = make_template(ContactFlowId=flow_id, Defaults=defaults)
    contact_id = client.start_task_contact(
        InstanceId=instance_id, TaskTemplateId=template_id, Name="n", Description="mine"
    )["ContactId"]
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"][
            "Description"
        ]
        == "mine"
    )


@pytest.mark.parametrize(
    ("field_type", "reference_type"),
    [
        ("TEXT", "STRING"),
        ("TEXT_AREA", "STRING"),
        ("BOOLEAN", "STRING"),
        ("NUMBER", "NUMBER"),
        ("DATE_TIME", "DATE"),
        ("URL", "URL"),
        ("EMAIL", "EMAIL"),
    ],
)
def test_start_task_contact_reference_type_must_fit_the_field(
    client: Any, instance_id: str, flow_id: str, field_type: str, reference_type: str
) -> None:
    fields = [FIELDS[0], {"Id": {"Name": "F"}, "Type": field_type}]
    template_id = client.create_task_template(
        InstanceId=instance_id,
        Name="t",
        ContactFlowId=flow_id,
        Fields=fields,
        Constraints=required(),
    )["Id"]
    wrong = "NUMBER" if reference_type != "NUMBER" else "STRING"
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.start_task_contact(
            InstanceId=instance_id,
            TaskTemplateId=template_id,
            Name="n",
            References={"F": {"Type": wrong, "Value": "1"}},
        )
    assert _error(caught) == (
        400,
        f"References.F.Type must be {reference_type} for task template field F ({field_type})",
    )
    value = {"URL": "https://x.test/f", "EMAIL": "f@x.test"}.get(reference_type, "1")
    assert client.start_task_contact(
        InstanceId=instance_id,
        TaskTemplateId=template_id,
        Name="n",
        References={"F": {"Type": reference_type, "Value": value}},
    )["ContactId"]


def test_start_task_contact_references_outside_the_template_are_accepted(
    client: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id)
    assert client.start_task_contact(
        InstanceId=instance_id,
        TaskTemplateId=template_id,
        Name="n",
        References={"extra": {"Type": "EMAIL", "Value": "a@b.test"}},
    )["ContactId"]


def test_task_template_calls_are_saved_after_each_change(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorServer(throttle=False, state_path=state, clock=Clock()) as running:
        client = make_client(running.url)
        instance_id = client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="saved",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Id"]
        flow_id = client.create_contact_flow(
            InstanceId=instance_id, Name="f", Type="CONTACT_FLOW", Content=FLOW_CONTENT
        )["ContactFlowId"]
        template_id = client.create_task_template(
            InstanceId=instance_id,
            Name="t",
            Fields=FIELDS,
            Constraints=required(),
            ContactFlowId=flow_id,
        )["Id"]
        assert [t["id"] for t in _saved(state)["task_templates"]] == [template_id]
        client.update_task_template(
            InstanceId=instance_id,
            TaskTemplateId=template_id,
            Name="renamed",
            Constraints=required(),
            Status="ACTIVE",
        )
        assert _saved(state)["task_templates"][0]["content"]["Name"] == "renamed"
        client.delete_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
        assert _saved(state)["task_templates"] == []
