"""The published definition schema: derived from the request schema, and true to the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from pulumi_connect_tasks.files.definitions import (
    DURATION_PATTERN,
    EPOCH_STRING_PATTERN,
    SCHEMA_NAME,
    UTC_TIMESTAMP_PATTERN,
    read_definition,
)
from pulumi_connect_tasks.task.schedule import is_relative, parse_rfc3339, resolve_scheduled_time
from pulumi_connect_tasks.task.validation import load_schema

REPO = Path(__file__).resolve().parents[2]

OWN = {"Key", "$schema", "PreviousTask", "RelatedTask", "Schedule", "ScheduleTimezone"}
NAMES = {"ContactFlowName", "QuickConnectName", "TaskTemplateName"}
CHANGED = {"InstanceId", "ContactFlowId", "ScheduledTime", *OWN}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((REPO / "schemas" / SCHEMA_NAME).read_text(encoding="utf-8"))


def validator(schema: dict) -> Draft202012Validator:
    """As an editor checks it: with "date-time" asserted (jsonschema's own checker needs an
    optional package for it, so use the parser the validation uses)."""
    formats = FormatChecker()
    formats.checks("date-time", raises=ValueError)(
        lambda value: not isinstance(value, str) or bool(parse_rfc3339(value))
    )
    return Draft202012Validator(schema, format_checker=formats)


def test_definition_schema_file_is_what_the_script_derives(definition_generator):
    # Fails after scripts/botocore_schema.py changed the request schema: run scripts/definition_schema.py.
    expected = definition_generator.render(
        definition_generator.definition_schema(load_schema("start_task_contact.schema.json"))
    )
    assert (REPO / "pulumi_connect_tasks" / "schemas" / SCHEMA_NAME).read_text(
        encoding="utf-8"
    ) == expected


def test_definition_schema_is_a_valid_draft_2020_12_schema(schema):
    Draft202012Validator.check_schema(schema)


def test_definition_schema_changes_only_the_documented_members(schema):
    base = load_schema("start_task_contact.schema.json")
    assert base["required"] == ["InstanceId", "Name"]
    assert schema["required"] == ["Name"]
    assert schema["$defs"] == base["$defs"]
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(base["properties"]) | OWN | NAMES
    for member in set(base["properties"]) - CHANGED:
        assert schema["properties"][member] == base["properties"][member], member
    for member in ("InstanceId", "ContactFlowId"):
        without = {k: v for k, v in schema["properties"][member].items() if k != "description"}
        assert without == {
            k: v for k, v in base["properties"][member].items() if k != "description"
        }


def test_definition_schema_accepts_every_example_and_valid_fixture(schema):
    files = sorted((REPO / "tasks").iterdir()) + sorted(
        (REPO / "tests" / "cli" / "valid").rglob("*.*")
    )
    assert len(files) == 8
    for path in files:
        assert list(validator(schema).iter_errors(read_definition(path))) == [], path.name


@pytest.mark.parametrize(
    "definition, expected",
    [
        ({"Description": "no Name"}, [("$", "required")]),
        ({"Name": "n", "Key": "../escape"}, [("Key", "pattern")]),
        ({"Name": "n", "Priority": "high"}, [("$", "additionalProperties")]),
        ({"Name": "n", "ScheduledTime": "P1M"}, [("ScheduledTime", "anyOf")]),
        ({"Name": "n", "ScheduledTime": "tomorrow"}, [("ScheduledTime", "anyOf")]),
        ({"Name": "n", "ScheduledTime": True}, [("ScheduledTime", "anyOf")]),
        ({"Name": "n", "$schema": 1}, [("$schema", "type")]),
        ({"Name": "n", "PreviousTask": "../a"}, [("PreviousTask", "pattern")]),
        ({"Name": "n", "RelatedTask": 3}, [("RelatedTask", "type")]),
        ({"Name": "n", "Schedule": "every monday"}, [("Schedule", "pattern")]),
        ({"Name": "n", "Schedule": ""}, [("Schedule", "minLength"), ("Schedule", "pattern")]),
        ({"Name": "n", "ScheduleTimezone": 1}, [("ScheduleTimezone", "type")]),
    ],
)
def test_definition_schema_rejects(schema, definition, expected):
    errors = validator(schema).iter_errors(definition)
    assert [(error.path[0] if error.path else "$", error.validator) for error in errors] == expected


@pytest.mark.parametrize(
    "scheduled",
    [
        "PT2H",
        "2026-11-26T08:00:00Z",
        "2026-11-26T08:00:00+02:00",
        1764108000,
        1764108000.5,
        "1764108000",
    ],
)
def test_definition_schema_accepts_scheduled_time(schema, scheduled):
    assert list(validator(schema).iter_errors({"Name": "n", "ScheduledTime": scheduled})) == []


@pytest.mark.parametrize(
    "text",
    [
        "PT2H",
        "P1DT30M",
        "P1W",
        "PT90S",
        "PT1.5S",
        "PT1,5S",
        "p1dt2h",
        "P6D",
        "P1W2DT3H4M5S",
        "P",
        "PT",
        "P1DT",
        "P1M",
        "P1Y",
        "PT1H2D",
        "2H",
        "P1.5D",
        "P-1D",
        "PT2h ",
        "",
    ],
)
def test_duration_pattern_agrees_with_the_scheduler(schema, text):
    # Editors see the pattern, the command line the code: they must say the same
    # (a value padded with spaces is the one leniency the code allows).
    import re

    assert bool(re.search(DURATION_PATTERN, text)) == (is_relative(text) and text == text.strip())


@pytest.mark.parametrize(
    "text", ["1764108000", "1764108000.5", "0", "1.", ".5", "1e9", "-1", "12a"]
)
def test_epoch_string_pattern_agrees_with_the_scheduler(text, now):
    import re

    try:
        resolve_scheduled_time(text, now=now)
        accepted = not is_relative(text)
    except ValueError:
        accepted = False
    assert bool(re.search(EPOCH_STRING_PATTERN, text)) == accepted


@pytest.mark.parametrize(
    "text",
    [
        "1970-01-01T00:00:00",
        "2026-11-26t08:00:00.25",
        "2026-11-26T08:00:00Z",
        "2026-11-26 08:00:00",
        "2026-11-26",
    ],
)
def test_utc_timestamp_pattern_agrees_with_the_scheduler(text, now):
    import re

    try:
        accepted = resolve_scheduled_time(text, now=now) is not None and not text.endswith("Z")
    except ValueError:
        accepted = False
    assert bool(re.search(UTC_TIMESTAMP_PATTERN, text)) == accepted


def test_definition_schema_link_members_take_a_key(schema):
    for member in ("PreviousTask", "RelatedTask"):
        assert schema["properties"][member]["pattern"] == schema["properties"]["Key"]["pattern"]
        assert "Not sent to AWS" in schema["properties"][member]["description"]
    assert (
        list(validator(schema).iter_errors({"Name": "n", "PreviousTask": "verify-queue-routing"}))
        == []
    )


def test_definition_schema_target_names_are_the_validations(schema):
    from pulumi_connect_tasks.task.validation import NAME_MEMBER_SCHEMAS

    for member, expected in NAME_MEMBER_SCHEMAS.items():
        without = {k: v for k, v in schema["properties"][member].items() if k != "description"}
        assert without == {k: v for k, v in expected.items() if k != "description"}, member
    assert schema["properties"]["ContactFlowName"]["description"].endswith(
        "In a definition file, optional when a TaskSet or `connect-tasks start` supplies it."
    )
    assert (
        list(validator(schema).iter_errors({"Name": "n", "ContactFlowName": "Task intake"})) == []
    )
    assert [
        e.validator
        for e in validator(schema).iter_errors({"Name": "n", "QuickConnectName": "q" * 128})
    ] == ["maxLength"]
