"""template_violations: what a StartTaskContact request lacks for the template it names."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.task.template_fit import FIELD_REFERENCE_TYPES, template_violations
from pulumi_connect_tasks.task.validation import UNKNOWN
from tests.template.template_support import FLOW, INSTANCE, TEMPLATE, template_response

FIELDS = [
    {"Id": {"Name": "Title"}, "Type": "NAME"},
    {"Id": {"Name": "Summary"}, "Type": "DESCRIPTION"},
    {"Id": {"Name": "When"}, "Type": "SCHEDULED_TIME"},
    {"Id": {"Name": "Severity"}, "Type": "NUMBER"},
    {"Id": {"Name": "Runbook"}, "Type": "URL"},
    {"Id": {"Name": "Owner"}, "Type": "EMAIL"},
    {"Id": {"Name": "Transfer"}, "Type": "QUICK_CONNECT"},
    {"Id": {"Name": "Due date"}, "Type": "DATE_TIME"},
]


def template(required=(), defaults=None) -> dict:
    return template_response(
        Fields=FIELDS,
        Constraints={"RequiredFields": [{"Id": {"Name": n}} for n in ("Title", *required)]},
        Defaults={
            "DefaultFieldValues": [
                {"Id": {"Name": n}, "DefaultValue": v} for n, v in (defaults or {}).items()
            ]
        },
    )


def request(**members) -> dict:
    return {"InstanceId": INSTANCE, "TaskTemplateId": TEMPLATE, "Name": "Disk full", **members}


def test_template_check_a_complete_request_fits():
    references = {
        "Severity": {"Type": "NUMBER", "Value": "3"},
        "Runbook": {"Type": "URL", "Value": "https://r.test"},
    }
    tmpl = template(required=("Summary", "When", "Severity", "Runbook"))
    assert (
        template_violations(tmpl, request(Description="d", ScheduledTime=1, References=references))
        == []
    )


def test_template_check_names_every_missing_required_field():
    tmpl = template(required=("Summary", "When", "Severity", "Due date", "Transfer"))
    assert template_violations(tmpl, request(Name="")) == [
        ("description", "is required by task template 'Incident' (field Summary, DESCRIPTION)"),
        ("name", "is required by task template 'Incident' (field Title, NAME)"),
        ("references.Severity", "is required by task template 'Incident' (field Severity, NUMBER)"),
        (
            'references["Due date"]',
            "is required by task template 'Incident' (field Due date, DATE_TIME)",
        ),
        ("scheduled_time", "is required by task template 'Incident' (field When, SCHEDULED_TIME)"),
    ]


def test_template_check_an_empty_reference_value_is_missing():
    tmpl = template(required=("Severity",))
    found = template_violations(
        tmpl, request(References={"Severity": {"Type": "NUMBER", "Value": ""}})
    )
    assert found == [
        ("references.Severity", "is required by task template 'Incident' (field Severity, NUMBER)")
    ]


def test_template_check_defaults_satisfy_required_fields_except_scheduled_time():
    tmpl = template(
        required=("Summary", "Severity", "When"),
        defaults={"Summary": "s", "Severity": "2", "When": "x"},
    )
    assert template_violations(tmpl, request()) == [
        ("scheduled_time", "is required by task template 'Incident' (field When, SCHEDULED_TIME)"),
    ]


def test_template_check_names_every_reference_of_the_wrong_type():
    references = {
        "Severity": {"Type": "STRING", "Value": "high"},
        "Runbook": {"Type": "URL", "Value": "https://r.test"},
        "Owner": {"Type": "STRING", "Value": "ops@example.com"},
        "extra": {"Type": "EMAIL", "Value": "a@b.test"},
    }
    assert template_violations(template(), request(References=references)) == [
        (
            "references.Owner.type",
            "must be EMAIL to fit task template 'Incident' (field Owner, EMAIL)",
        ),
        (
            "references.Severity.type",
            "must be NUMBER to fit task template 'Incident' (field Severity, NUMBER)",
        ),
    ]


@pytest.mark.parametrize("field_type", sorted(FIELD_REFERENCE_TYPES))
def test_template_check_field_types_map_to_reference_types(field_type):
    tmpl = template_response(
        Fields=[{"Id": {"Name": "F"}, "Type": field_type}], Constraints={"RequiredFields": []}
    )
    wanted = FIELD_REFERENCE_TYPES[field_type]
    assert (
        template_violations(tmpl, request(References={"F": {"Type": wanted, "Value": "1"}})) == []
    )
    wrong = "STRING" if wanted != "STRING" else "NUMBER"
    assert template_violations(tmpl, request(References={"F": {"Type": wrong, "Value": "1"}})) == [
        (
            "references.F.type",
            f"must be {wanted} to fit task template 'Incident' (field F, {field_type})",
        ),
    ]


def test_template_check_mapping_is_the_documented_one():
    assert FIELD_REFERENCE_TYPES == {
        "TEXT": "STRING",
        "TEXT_AREA": "STRING",
        "BOOLEAN": "STRING",
        "SINGLE_SELECT": "STRING",
        "NUMBER": "NUMBER",
        "DATE_TIME": "DATE",
        "URL": "URL",
        "EMAIL": "EMAIL",
    }


def test_template_check_unknown_values_count_as_given():
    tmpl = template(required=("Summary", "Severity", "Runbook"))
    references = {"Severity": UNKNOWN, "Runbook": {"Type": UNKNOWN, "Value": UNKNOWN}}
    assert template_violations(tmpl, request(Description=UNKNOWN, References=references)) == []
    assert template_violations(tmpl, request(Description="d", References=UNKNOWN)) == []


def test_template_check_never_echoes_request_values():
    secret = "Customer 4711 secret"
    references = {"Severity": {"Type": "STRING", "Value": secret}}
    found = template_violations(
        template(required=("Summary",)), request(Name=secret, References=references)
    )
    assert [path for path, _ in found] == ["description", "references.Severity.type"]
    assert all(secret not in message for _, message in found)


def test_template_check_untyped_fields_by_name():
    tmpl = template_response(
        Fields=[{"Id": {"Name": "Description"}}, {"Id": {"Name": "ticket"}}],
        Constraints={
            "RequiredFields": [{"Id": {"Name": "Description"}}, {"Id": {"Name": "ticket"}}]
        },
        ContactFlowId=FLOW,
    )
    assert template_violations(tmpl, request()) == [
        ("description", "is required by task template 'Incident' (field Description)"),
        ("references.ticket", "is required by task template 'Incident' (field ticket)"),
    ]


def test_template_check_inactive_template_starts_no_task():
    assert template_violations(template(defaults=None) | {"Status": "INACTIVE"}, request()) == [
        (
            "task_template_id",
            "task template 'Incident' is INACTIVE; only an ACTIVE template starts tasks",
        ),
    ]


def test_template_check_template_without_a_flow_starts_no_task():
    # StartTaskContact: "Only one parameter is required as long as the task template has a
    # flow configured to run it. If more than one parameter is specified, or only the
    # TaskTemplateID is specified but it does not have a flow configured, the request returns
    # an error". A flow beside the template is the exactly-one rule's, found before this.
    without_flow = {k: v for k, v in template().items() if k != "ContactFlowId"}
    assert template_violations(template(), request()) == []
    assert template_violations(without_flow, request()) == [
        (
            "task_template_id",
            "task template 'Incident' has no flow configured, so AWS cannot start a task from it; "
            "set the template's contact_flow_id, or start the task with contact_flow_id instead of task_template_id",
        )
    ]


BUDGET = "names and values must total at most 4,096 UTF-8 bytes"


def test_template_check_default_references_count_towards_the_budget():
    # Reference: "You can have up to 4,096 UTF-8 bytes across all references for a contact."
    # A default fills a reference the task leaves out, so it is counted; names count too.
    own = {"Runbook": {"Type": "URL", "Value": "https://r.test/" + "x" * 2000}}  # 7 + 2015 bytes
    fits = template(defaults={"Owner": "o" * 2000})  # 5 + 2000 bytes: 4,027 in all
    assert template_violations(fits, request(References=own)) == []
    over = template(defaults={"Owner": "o" * 2070})  # 4,097 bytes in all
    assert template_violations(over, request(References=own)) == [
        (
            "references",
            f"with the default references of task template 'Incident', {BUDGET} (measured 4,097 bytes)",
        )
    ]


def test_template_check_budget_skips_defaults_the_task_overrides_and_unknowns():
    own = {"Owner": {"Type": "EMAIL", "Value": "a@b.test"}}
    assert (
        template_violations(template(defaults={"Owner": "o" * 5000}), request(References=own)) == []
    )
    assert (
        template_violations(template(defaults={"Owner": "o" * 5000}), request(References=UNKNOWN))
        == []
    )
    unknown_value = {"Runbook": {"Type": "URL", "Value": UNKNOWN}}
    assert (
        template_violations(
            template(defaults={"Owner": "o" * 5000}), request(References=unknown_value)
        )
        == []
    )
