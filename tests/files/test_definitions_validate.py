"""definition_request / validate_definition: the provider's rules plus a file's own members."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pulumi_connect_tasks.files.definitions import (
    TASKSET_SUPPLIES,
    definition_inputs,
    definition_key,
    definition_request,
    validate_definition,
)
from pulumi_connect_tasks.task.validation import UNKNOWN, Violation

KEY_FORM = "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"
TARGET_RULE = "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required"


def test_minimal_file_is_valid_when_a_taskset_supplies_instance_and_flow(now):
    assert validate_definition({"Name": "Call back"}, now=now) == []


def test_minimal_file_lacks_instance_and_flow_when_nothing_is_supplied(now):
    assert validate_definition({"Name": "Call back"}, now=now, supplied={}) == [
        Violation(("ContactFlowId",), f"{TARGET_RULE} (found 0)"),
        Violation(("InstanceId",), "is required"),
    ]


def test_supplied_members_are_unknown_in_the_request(now):
    request, violations = definition_request({"Name": "n"}, now=now)
    assert violations == []
    assert request == {"Name": "n", "InstanceId": UNKNOWN, "ContactFlowId": UNKNOWN}


@pytest.mark.parametrize("target", ["ContactFlowId", "QuickConnectId", "TaskTemplateId"])
def test_supplied_flow_only_when_the_file_names_no_target(now, target):
    request, violations = definition_request({"Name": "n", target: "id-1"}, now=now)
    assert violations == []
    assert request == {"Name": "n", target: "id-1", "InstanceId": UNKNOWN}


def test_files_own_instance_is_kept_and_checked(now):
    request, violations = definition_request({"Name": "n", "InstanceId": "i" * 101}, now=now)
    assert request["InstanceId"] == "i" * 101
    assert violations == [Violation(("InstanceId",), "must be at most 100 characters")]


def test_relative_scheduled_time_is_resolved_against_now(now):
    request, violations = definition_request({"Name": "n", "ScheduledTime": "PT2H"}, now=now)
    assert violations == []
    assert request["ScheduledTime"] == now + timedelta(hours=2)


@pytest.mark.parametrize(
    "scheduled, violations",
    [
        ("P6D", []),
        ("P6DT1S", [Violation(("ScheduledTime",), "must be at most 6 days ahead")]),
        ("PT0S", []),
        ("1764108000", []),
        (1764108000, []),
        ("2026-11-26T08:00:00Z", []),
        ("2026-11-26T08:00:00", []),  # UTC, as botocore takes it
        (
            "2026-11-26 08:00:00",
            [
                Violation(
                    ("ScheduledTime",),
                    "must be an RFC 3339 timestamp (2026-11-25T22:00:00Z), epoch seconds, or an ISO 8601 duration from now (PT2H, P1DT30M)",
                )
            ],
        ),
        (
            9999999999999,
            [
                Violation(
                    ("ScheduledTime",),
                    "is out of range: a task is scheduled from now to at most 6 days ahead",
                )
            ],
        ),
        (
            True,
            [
                Violation(
                    ("ScheduledTime",),
                    "must be an RFC 3339 timestamp (2026-11-25T22:00:00Z), epoch seconds, or an ISO 8601 duration from now (PT2H, P1DT30M)",
                )
            ],
        ),
    ],
)
def test_scheduled_time_forms(now, scheduled, violations):
    assert validate_definition({"Name": "n", "ScheduledTime": scheduled}, now=now) == violations


def test_past_time_is_accepted_for_a_file_and_refused_for_a_new_task(now):
    definition = {"Name": "n", "ScheduledTime": "2026-01-01T00:00:00Z"}
    assert validate_definition(definition, now=now) == []
    assert validate_definition(definition, now=now, new_task=True) == [
        Violation(("ScheduledTime",), "must not be in the past")
    ]


def test_key_and_schema_members_are_checked_and_not_sent(now):
    definition = {
        "Name": "n",
        "Key": "audit.2026",
        "$schema": "../schemas/task_definition.schema.json",
    }
    request, violations = definition_request(definition, now=now)
    assert violations == []
    assert request == {"Name": "n", "InstanceId": UNKNOWN, "ContactFlowId": UNKNOWN}


@pytest.mark.parametrize("key", ["", "-lead", ".hidden", "a/b", "a b", "k" * 101, 7, None])
def test_bad_keys(now, key):
    assert validate_definition({"Name": "n", "Key": key}, now=now) == [
        Violation(("Key",), f"must be {KEY_FORM}")
    ]


def test_schema_member_must_be_a_string(now):
    assert validate_definition({"Name": "n", "$schema": 1}, now=now) == [
        Violation(("$schema",), "must be a string")
    ]


def test_file_name_that_is_not_a_key_needs_a_key(now):
    assert validate_definition({"Name": "n"}, now=now, file=Path("tasks/my task.yaml")) == [
        Violation(("Key",), f"is required: the file name is not a valid key ({KEY_FORM})"),
    ]
    assert (
        validate_definition(
            {"Name": "n", "Key": "my-task"}, now=now, file=Path("tasks/my task.yaml")
        )
        == []
    )


def test_violations_are_sorted_by_path_then_message(now):
    definition = {"Key": "-", "Name": 1, "ScheduledTime": "P9D", "Attributes": {"a b": "v"}}
    assert [v.json_path() for v in validate_definition(definition, now=now)] == [
        "$.Attributes['a b']",
        "$.Key",
        "$.Name",
        "$.ScheduledTime",
    ]


def test_non_mapping_definition(now):
    assert validate_definition(["Name"], now=now) == [Violation((), "must be an object")]
    assert validate_definition(None, now=now) == [Violation((), "must be an object")]


def test_messages_name_the_rule_never_the_value(now):
    secret = "Call Ms Example about account 12345678"
    definition = {
        "Name": secret * 40,
        "Description": 5,
        "Attributes": {"customer": secret * 1000},
        "References": {"wiki": {"Type": "URL", "Value": secret}},
    }
    violations = validate_definition(definition, now=now)
    assert [v.json_path() for v in violations] == [
        "$.Attributes",
        "$.Attributes.customer",
        "$.Description",
        "$.Name",
        "$.References.wiki.Value",
    ]
    assert not any("Ms Example" in v.message or "12345678" in v.message for v in violations)


def test_taskset_supplies_instance_and_flow_as_unknown():
    assert dict(TASKSET_SUPPLIES) == {"InstanceId": UNKNOWN, "ContactFlowId": UNKNOWN}


def test_definition_inputs_are_snake_case_with_time_as_written():
    definition = {
        "Key": "k",
        "$schema": "s",
        "Name": "n",
        "ScheduledTime": "PT2H",
        "References": {"wiki": {"Type": "URL", "Value": "https://x.example"}},
        "SegmentAttributes": {
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 120}}}
        },
        "Attachments": [{"FileName": "a.pdf", "S3Url": "https://b.example/a.pdf"}],
    }
    assert definition_inputs(definition) == {
        "name": "n",
        "scheduled_time": "PT2H",
        "references": {"wiki": {"type": "URL", "value": "https://x.example"}},
        "segment_attributes": {
            "connect:ContactExpiry": {"value_map": {"ExpiryDuration": {"value_integer": 120}}}
        },
        "attachments": [{"file_name": "a.pdf", "s3_url": "https://b.example/a.pdf"}],
    }


def test_definition_key_is_the_key_member_or_the_file_stem():
    assert (
        definition_key(Path("tasks/verify-queue-routing.yaml"), {"Name": "n"})
        == "verify-queue-routing"
    )
    assert (
        definition_key(Path("tasks/renamed.yaml"), {"Name": "n", "Key": "verify-queue-routing"})
        == "verify-queue-routing"
    )


def test_naive_now_is_taken_as_utc():
    naive = datetime(2026, 11, 25, 22, 0, 0)
    request, _ = definition_request({"Name": "n", "ScheduledTime": "PT1H"}, now=naive)
    assert request["ScheduledTime"] == datetime(2026, 11, 25, 23, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("key", "is not a known member; did you mean Key?"),
        ("schema", "is not a known member; did you mean $schema?"),
        ("Descripton", "is not a known member; did you mean Description?"),
        ("Priority", "is not a known member"),
    ],
)
def test_a_misspelt_top_level_member_may_be_meant_as_the_files_own(member, message, now):
    # The request's schema knows neither Key nor $schema: the file's reader adds them.
    assert validate_definition({"Name": "n", member: "x"}, now=now) == [
        Violation((member,), message)
    ]
