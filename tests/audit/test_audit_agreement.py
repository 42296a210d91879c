"""The provider, `connect-tasks validate` and the emulator agree on every rule of the audit.

Each StartTaskContact rule that is checked before sending has an example that breaks it.
The same request goes to the provider's check (as ConnectTask inputs), to `connect-tasks
validate` (as a definition file, JSON report) and, as the provider would send it, to the
emulator over HTTP: the first two report the same violations, the emulator refuses it
and starts nothing. A valid request passes all three. The rules about other operations,
or checked against live data, have the tests named in COVERED_ELSEWHERE.
"""

from __future__ import annotations

import ast
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from connect_emulator import EmulatorServer
from connect_tasks_audit import RULES
from pulumi_connect_tasks.files.cli import main
from pulumi_connect_tasks.task.provider import ConnectTaskProvider
from pulumi_connect_tasks.task.references import with_sent_references
from pulumi_connect_tasks.task.requests import from_request, property_path
from pulumi_connect_tasks.task.validation import validate_start_task_contact

pytestmark = pytest.mark.botocore_model

REPO = Path(__file__).resolve().parents[2]
ARN = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a"
IN_AN_HOUR = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)

# rule id -> (members that break it, the path validate reports, emulator error, validate sees it)
EXAMPLES: dict[str, tuple[dict[str, Any], str, str, bool]] = {
    "one-target": (
        {"TaskTemplateId": "{template}"},
        "$.TaskTemplateId",
        "InvalidRequestException",
        True,
    ),
    "attributes-budget": (
        {"Attributes": {"a": "v" * 32767, "b": "x"}},
        "$.Attributes",
        "InvalidParameterException",
        True,
    ),
    "attribute-keys": (
        {"Attributes": {"a b": "x"}},
        "$.Attributes['a b']",
        "InvalidParameterException",
        True,
    ),
    "reference-types-at-creation": (
        {"References": {"r": {"Type": "ATTACHMENT", "Value": "https://x.test/a.pdf"}}},
        "$.References.r.Type",
        "InvalidParameterException",
        True,
    ),
    "references-budget": (
        {"References": {"r": {"Type": "STRING", "Value": "v" * 4096}}},
        "$.References",
        "InvalidParameterException",
        True,
    ),
    "date-is-epoch": (
        {"References": {"d": {"Type": "DATE", "Value": "26/11/2026"}}},
        "$.References.d.Value",
        "InvalidParameterException",
        True,
    ),
    "reference-value-valid": (
        {"References": {"u": {"Type": "URL", "Value": "wiki.example.com"}}},
        "$.References.u.Value",
        "InvalidParameterException",
        True,
    ),
    "scheduled-not-past": (
        {"ScheduledTime": int((IN_AN_HOUR - timedelta(hours=2)).timestamp())},
        "$.ScheduledTime",
        "InvalidRequestException",
        False,
    ),
    "scheduled-within-6-days": (
        {"ScheduledTime": int((IN_AN_HOUR + timedelta(days=6)).timestamp())},
        "$.ScheduledTime",
        "InvalidRequestException",
        True,
    ),
    "segment-keys": (
        {"SegmentAttributes": {"a.b": {"ValueString": "x"}}},
        "$.SegmentAttributes['a.b']",
        "InvalidParameterException",
        True,
    ),
    "segment-system-only-values": (
        {"SegmentAttributes": {"team": {"ValueArn": ARN}}},
        "$.SegmentAttributes.team.ValueArn",
        "InvalidParameterException",
        True,
    ),
    "segment-arn-valid": (
        {"SegmentAttributes": {"connect:CreatedByUser": {"ValueArn": "agent-7"}}},
        "$.SegmentAttributes['connect:CreatedByUser'].ValueArn",
        "InvalidParameterException",
        True,
    ),
    "contact-expiry-form": (
        {"SegmentAttributes": {"connect:ContactExpiry": {"ValueInteger": 120}}},
        "$.SegmentAttributes['connect:ContactExpiry']",
        "InvalidParameterException",
        True,
    ),
    "attachments-5": (
        {"Attachments": [{"FileName": f"{n}.pdf", "S3Url": "https://s3.test/x"} for n in range(6)]},
        "$.Attachments",
        "InvalidParameterException",
        True,
    ),
}

# rule id -> tests (file::function) that show the provider and the emulator agree on it.
COVERED_ELSEWHERE = {
    "template-needs-flow": [
        "tests/e2e/test_e2e_template_task.py::test_task_from_a_template_without_a_flow_starts_nothing",
        "tests/template/test_template_check.py::test_template_check_template_without_a_flow_starts_no_task",
        "tests/connect_emulator/test_task_targets.py",
    ],
    "template-status-active": [
        "tests/template/test_template_check.py::test_template_check_inactive_template_starts_no_task",
        "tests/connect_emulator/test_task_templates.py",
    ],
    "template-required-fields": [
        "tests/e2e/test_e2e_template_task.py::test_task_missing_a_required_template_field_starts_nothing",
    ],
    "template-names-may-repeat": [
        "tests/e2e/test_e2e_names.py::test_two_templates_of_one_name_start_nothing",
        "tests/task/test_names.py::test_resolve_name_of_two_templates_is_ambiguous",
    ],
    "reschedule-only-scheduled": [
        "tests/task/test_provider.py::test_update_refuses_to_reschedule_a_queued_task",
        "tests/connect_emulator/test_contact_operations.py",
    ],
    "update-needs-a-field": [
        "tests/task/test_provider.py::test_update_of_stop_on_delete_makes_no_call",
        "tests/connect_emulator/test_contact_operations.py::test_update_contact_nothing_to_update_is_invalid_request",
    ],
    "update-segment-attributes": [
        "tests/task/test_provider.py::test_diff_of_another_segment_attribute_is_a_replace",
        "tests/task/test_provider.py::test_update_sends_only_the_changed_segment_attributes",
        "tests/connect_emulator/test_contact_operations.py::test_update_contact_changes_only_expiry_and_user_defined_strings",
    ],
    "external-audio-only": [
        "tests/connect_emulator/test_contact_operations.py::test_update_contact_queue_info_on_task_is_invalid_request",
    ],
    "disconnect-reason-campaigns": [
        "tests/common/test_aws_calls.py::test_stop_contact_stops_a_running_task",
        "tests/connect_emulator/test_contact_operations.py::test_stop_contact_with_a_disconnect_reason_is_invalid_request",
    ],
    "template-flow-or-quick-connect": [
        "tests/template/test_template_validation.py",
        "tests/connect_emulator/test_task_templates.py",
    ],
    "template-constraints-required": [
        "tests/template/test_template_validation.py",
        "tests/connect_emulator/test_task_templates.py",
    ],
    "template-one-name-field": [
        "tests/template/test_template_validation.py",
        "tests/connect_emulator/test_task_templates.py",
    ],
    "template-update-status": [
        "tests/template/test_template_provider.py",
        "tests/connect_emulator/test_task_templates.py",
    ],
}


def test_agreement_every_checked_rule_is_exercised():
    checked = {rule.id for rule in RULES if rule.kind in ("checked", "at create")}
    assert checked == set(EXAMPLES) | set(COVERED_ELSEWHERE)


@pytest.mark.parametrize(
    "where", sorted({test for tests in COVERED_ELSEWHERE.values() for test in tests})
)
def test_agreement_tests_named_elsewhere_exist(where):
    file, _, function = where.partition("::")
    tree = ast.parse((REPO / file).read_text(encoding="utf-8"))
    if function:
        assert function in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


# -- the examples through all three --------------------------------------------------------------
@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture(scope="module")
def connect(emulator):
    return boto3.client(
        "connect",
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture(scope="module")
def ids(connect) -> dict[str, str]:
    instance = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="audit",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )["Id"]
    flow = connect.create_contact_flow(
        InstanceId=instance, Name="audit", Type="CONTACT_FLOW", Content="{}"
    )["ContactFlowId"]
    template = connect.create_task_template(
        InstanceId=instance,
        Name="audit",
        ContactFlowId=flow,
        Fields=[{"Id": {"Name": "Title"}, "Type": "NAME"}],
        Constraints={"RequiredFields": [{"Id": {"Name": "Title"}}]},
    )["Id"]
    return {"instance": instance, "flow": flow, "template": template}


def request_for(members: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    text = json.dumps(
        {"InstanceId": ids["instance"], "ContactFlowId": ids["flow"], "Name": "Audit", **members}
    )
    return json.loads(text.replace("{template}", ids["template"]))


def provider_failures(request: dict[str, Any]) -> list[tuple[str, str]]:
    inputs = {**from_request(request), "idempotency_key": "audit/dev/task"}
    result = ConnectTaskProvider().check({}, inputs)
    return sorted((failure.property, failure.reason) for failure in result.failures)


def validate_file(request: dict[str, Any], tmp_path: Path, capsys) -> list[tuple[str, str]]:
    path = tmp_path / "task.json"
    path.write_text(json.dumps(request))
    status = main(["validate", "--format", "json", str(path)])
    out = json.loads(capsys.readouterr().out)
    if status == 0:
        return []
    return sorted((detail["path"], detail["message"]) for detail in out["error"]["details"])


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_agreement_on_a_request_that_breaks_the_rule(
    rule_id, connect, ids, emulator, tmp_path, capsys
):
    members, path, emulator_error, validate_sees_it = EXAMPLES[rule_id]
    request = request_for(members, ids)
    violations = validate_start_task_contact(request, now=datetime.now(UTC))
    assert path in [v.json_path() for v in violations]
    # The provider's check: the same violations, on the inputs a user wrote.
    assert provider_failures(request) == sorted(
        (property_path(v.path), v.message) for v in violations
    )
    # connect-tasks validate: the same, where it checks the rule at all.
    expected_file = (
        sorted((v.json_path(), v.message) for v in violations) if validate_sees_it else []
    )
    assert validate_file(request, tmp_path, capsys) == expected_file
    # The emulator, sent what the provider would send: refused, nothing started.
    before = len(emulator.backend.contacts)
    with pytest.raises(getattr(connect.exceptions, emulator_error)):
        connect.start_task_contact(**with_sent_references(request))
    assert len(emulator.backend.contacts) == before


def test_agreement_on_a_request_that_keeps_every_rule(connect, ids, emulator, tmp_path, capsys):
    request = request_for(
        {
            "Description": "d",
            "References": {
                "due": {"Type": "DATE", "Value": "2030-01-02T00:00:00Z"},
                "u": {"Type": "URL", "Value": "https://x.test"},
                "n": {"Type": "NUMBER", "Value": "3"},
                "e": {"Type": "EMAIL", "Value": "a@b.test"},
            },
            "Attributes": {"team_name": "ops"},
            "ScheduledTime": int(IN_AN_HOUR.timestamp()),
            "SegmentAttributes": {
                "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 120}}},
                "connect:CreatedByUser": {"ValueArn": ARN},
                "team": {"ValueString": "ops"},
            },
            "Attachments": [{"FileName": "a.pdf", "S3Url": "https://s3.test/a"}],
        },
        ids,
    )
    assert validate_start_task_contact(request, now=datetime.now(UTC)) == []
    assert provider_failures(request) == []
    assert validate_file(request, tmp_path, capsys) == []
    before = len(emulator.backend.contacts)
    contact_id = connect.start_task_contact(**with_sent_references(request))["ContactId"]
    assert len(emulator.backend.contacts) == before + 1
    assert emulator.backend.contacts[contact_id].references["due"] == {
        "Type": "DATE",
        "Value": "1893542400",
    }
