"""The schema's rules as validate_start_task_contact reports them: exact paths and messages."""

from __future__ import annotations

from datetime import datetime

from pulumi_connect_tasks.task.validation import Violation, load_schema, validate_start_task_contact

FLOW_ONLY = "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required (found 0)"
# "Tasks can have the following reference types at the time of creation: URL | NUMBER |
# STRING | DATE | EMAIL." (StartTaskContact's References): botocore's enum, narrowed.
REFERENCE_TYPES = (
    "URL, NUMBER, STRING, DATE, EMAIL (the reference types a task can have when it is created)"
)


def found(request: dict, now: datetime) -> list[tuple[str, str]]:
    return [(v.json_path(), v.message) for v in validate_start_task_contact(request, now=now)]


def test_schema_minimal_request_is_valid(make_request, now):
    assert validate_start_task_contact(make_request(), now=now) == []


def test_schema_full_request_is_valid(full_request, now):
    assert validate_start_task_contact(full_request, now=now) == []


def test_schema_required_members_missing(now):
    assert found({"ContactFlowId": "f"}, now) == [
        ("$.InstanceId", "is required"),
        ("$.Name", "is required"),
    ]


def test_schema_required_nested_member_missing(make_request, now):
    request = make_request(References={"runbook": {"Value": "x"}}, Attachments=[{"S3Url": "u"}])
    assert found(request, now) == [
        ("$.Attachments[0].FileName", "is required"),
        ("$.References.runbook.Type", "is required"),
    ]


def test_schema_unknown_members(make_request, now):
    request = make_request(Foo=1, Bar="x", References={"r": {"Type": "STRING", "Valu": "x"}})
    assert found(request, now) == [
        ("$.Bar", "is not a known member"),
        ("$.Foo", "is not a known member"),
        ("$.References.r.Valu", "is not a known member; did you mean Value?"),
    ]


def test_schema_unknown_member_in_segment_attribute_value(make_request, now):
    request = make_request(SegmentAttributes={"k": {"ValueMap": {"m": {"ValueFloat": 1}}}})
    assert found(request, now) == [
        ("$.SegmentAttributes.k.ValueMap.m.ValueFloat", "is not a known member")
    ]


def test_schema_max_lengths(make_request, now):
    request = make_request(
        InstanceId="i" * 101,
        Name="n" * 1025,
        Description="d" * 4097,
        ContactFlowId="f" * 501,
        PreviousContactId="p" * 257,
        ClientToken="t" * 501,
    )
    assert found(request, now) == [
        ("$.ClientToken", "must be at most 500 characters"),
        ("$.ContactFlowId", "must be at most 500 characters"),
        ("$.Description", "must be at most 4096 characters"),
        ("$.InstanceId", "must be at most 100 characters"),
        ("$.Name", "must be at most 1024 characters"),
        ("$.PreviousContactId", "must be at most 256 characters"),
    ]


def test_schema_lengths_at_the_limits_are_valid(make_request, now):
    request = make_request(
        InstanceId="i" * 100,
        Name="",
        Description="d" * 4096,
        ContactFlowId="f" * 500,
        RelatedContactId="r" * 256,
        ClientToken="t" * 500,
    )
    assert validate_start_task_contact(request, now=now) == []


def test_schema_min_lengths(make_request, now):
    request = make_request(
        InstanceId="",
        ContactFlowId=None,
        TaskTemplateId="",
        RelatedContactId="",
        Attachments=[{"FileName": "", "S3Url": ""}],
    )
    del request["ContactFlowId"]
    assert found(request, now) == [
        ("$.Attachments[0].FileName", "must be at least 1 character"),
        ("$.Attachments[0].S3Url", "must be at least 1 character"),
        ("$.InstanceId", "must be at least 1 character"),
        ("$.RelatedContactId", "must be at least 1 character"),
        ("$.TaskTemplateId", "must be at least 1 character"),
    ]


def test_schema_nested_max_lengths(make_request, now):
    request = make_request(
        Attributes={"k": "v" * 32768},
        References={"r": {"Type": "STRING", "Value": "v" * 4097}},
        SegmentAttributes={
            "s": {"ValueString": "v" * 1025},
            "t": {"ValueList": [{"ValueArn": "a" * 1025}]},
        },
        Attachments=[{"FileName": "f" * 257, "S3Url": "u" * 2001}],
    )
    assert found(request, now) == [
        ("$.Attachments[0].FileName", "must be at most 256 characters"),
        ("$.Attachments[0].S3Url", "must be at most 2000 characters"),
        (
            "$.Attributes",
            "keys and values must total at most 32,768 UTF-8 bytes (measured 32,769 bytes)",
        ),
        ("$.Attributes.k", "must be at most 32767 characters"),
        (
            "$.References",
            "names and values must total at most 4,096 UTF-8 bytes (measured 4,098 bytes)",
        ),
        ("$.References.r.Value", "must be at most 4096 characters"),
        ("$.SegmentAttributes.s.ValueString", "must be at most 1024 characters"),
        (
            "$.SegmentAttributes.t.ValueList",
            "is only supported for system-defined attributes (keys connect:<name>)",
        ),
        (
            "$.SegmentAttributes.t.ValueList[0].ValueArn",
            "must be an ARN (arn:partition:service:region:account:resource)",
        ),
        ("$.SegmentAttributes.t.ValueList[0].ValueArn", "must be at most 1024 characters"),
    ]


def test_schema_reference_type_enum(make_request, now):
    request = make_request(References={"r": {"Type": "LINK", "Value": "x"}})
    assert found(request, now) == [("$.References.r.Type", f"must be one of: {REFERENCE_TYPES}")]


def test_schema_reference_status_enum(make_request, now):
    request = make_request(References={"r": {"Type": "STRING", "Status": "DONE"}})
    assert found(request, now) == [
        (
            "$.References.r.Status",
            "must be one of: AVAILABLE, DELETED, APPROVED, REJECTED, PROCESSING, FAILED, DRAFTING",
        ),
    ]


def test_schema_types(make_request, now):
    request = make_request(
        Name=5,
        Attributes=["a"],
        References={"r": "URL"},
        Attachments={"FileName": "f"},
        SegmentAttributes={"s": {"ValueInteger": "5"}},
        ScheduledTime=True,
    )
    assert found(request, now) == [
        ("$.Attachments", "must be an array"),
        ("$.Attributes", "must be an object"),
        ("$.Name", "must be a string"),
        ("$.References.r", "must be an object"),
        ("$.ScheduledTime", "must be a number or a string"),
        ("$.SegmentAttributes.s.ValueInteger", "must be an integer"),
    ]


def test_schema_integer_refuses_integral_float(make_request, now):
    # botocore refuses 5.0 for an integer member.
    request = make_request(SegmentAttributes={"s": {"ValueInteger": 5.0}})
    assert found(request, now) == [("$.SegmentAttributes.s.ValueInteger", "must be an integer")]


def test_schema_request_not_an_object(now):
    assert found(["InstanceId"], now) == [("$", "must be an object")]


def test_schema_pattern_file_name_control_character(make_request, now):
    request = make_request(Attachments=[{"FileName": "a\x07b.pdf", "S3Url": "https://x"}])
    assert found(request, now) == [
        ("$.Attachments[0].FileName", "must match the pattern ^[^\\x00-\\x1f\\x7f-\\x9f]*$"),
    ]


def test_schema_pattern_file_name_unicode_is_valid(make_request, now):
    request = make_request(
        Attachments=[{"FileName": "Bericht für Ärzte – 2026.pdf", "S3Url": "https://x"}]
    )
    assert validate_start_task_contact(request, now=now) == []


def test_schema_pattern_reference_arn(make_request, now):
    request = make_request(References={"r": {"Type": "STRING", "Arn": "!" * 20}})
    assert found(request, now) == [
        ("$.References.r.Arn", "must match the pattern ^[-:/A-Za-z0-9]+")
    ]


def test_schema_attachments_item_count(make_request, now):
    attachment = {"FileName": "f", "S3Url": "u"}
    assert found(make_request(Attachments=[]), now) == [
        ("$.Attachments", "must have at least 1 item")
    ]
    assert found(make_request(Attachments=[attachment] * 6), now) == [
        ("$.Attachments", "must have at most 5 items")
    ]
    assert validate_start_task_contact(make_request(Attachments=[attachment] * 5), now=now) == []


def test_schema_map_key_lengths(make_request, now):
    request = make_request(
        Attributes={"": "x"},
        References={"": {"Type": "STRING"}, "r" * 4097: {"Type": "STRING"}},
        SegmentAttributes={
            "s" * 129: {"ValueString": "x"},
            "ok": {"ValueMap": {"": {"ValueString": "x"}}},
        },
    )
    assert found(request, now) == [
        ("$.Attributes['']", "key must be 1 to 32767 characters"),
        (
            "$.References",
            "names and values must total at most 4,096 UTF-8 bytes (measured 4,097 bytes)",
        ),
        ("$.References['']", "key must be 1 to 4096 characters"),
        (f"$.References.{'r' * 4097}", "key must be 1 to 4096 characters"),
        ("$.SegmentAttributes.ok.ValueMap['']", "key must be 1 to 128 characters"),
        (f"$.SegmentAttributes.{'s' * 129}", "key must be 1 to 128 characters"),
    ]


def test_schema_scheduled_time_malformed_string(make_request, now):
    for text in (
        "tomorrow",
        "2026-11-26",
        "2026-11-26 08:00:00",
        "2026-02-30T08:00:00Z",
        "PT2H",
        "1764108000",
    ):
        assert found(make_request(ScheduledTime=text), now) == [
            ("$.ScheduledTime", "must be an RFC 3339 timestamp"),
        ], text


def test_schema_format_checker_rejects_malformed_date_time():
    from pulumi_connect_tasks.task.validation import request_validator

    validator = request_validator()
    assert validator.format_checker.conforms("2026-11-26T08:00:00Z", "date-time") is True
    # Without an offset it is UTC, as botocore takes it.
    assert validator.format_checker.conforms("2026-11-26T08:00:00", "date-time") is True
    assert validator.format_checker.conforms("2026-11-26 08:00:00", "date-time") is False
    assert validator.format_checker.conforms("not a time", "date-time") is False
    errors = list(
        validator.iter_errors(
            {"InstanceId": "i", "Name": "n", "ScheduledTime": "2026-13-01T00:00:00Z"}
        )
    )
    assert [(e.validator, list(e.absolute_path)) for e in errors] == [("format", ["ScheduledTime"])]


def test_schema_reports_every_error_not_the_first(make_request, now):
    request = make_request(Name=1, Description=2, ClientToken=3)
    assert found(request, now) == [
        ("$.ClientToken", "must be a string"),
        ("$.Description", "must be a string"),
        ("$.Name", "must be a string"),
    ]


def test_load_schema_reads_the_package_file_and_caches():
    schema = load_schema("start_task_contact.schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["InstanceId", "Name"]
    assert load_schema("start_task_contact.schema.json") is schema


def test_violation_json_path_forms():
    assert Violation((), "m").json_path() == "$"
    assert (
        Violation(("References", "runbook", "Value"), "m").json_path()
        == "$.References.runbook.Value"
    )
    assert Violation(("Attachments", 0, "FileName"), "m").json_path() == "$.Attachments[0].FileName"
    assert Violation(("Attributes", "my-key"), "m").json_path() == "$.Attributes['my-key']"
    assert Violation(("Attributes", "it's"), "m").json_path() == "$.Attributes['it\\'s']"


def test_import_reads_no_file():
    import subprocess
    import sys

    code = (
        "import pulumi_connect_tasks.task.validation as v, pulumi_connect_tasks.task.requests, pulumi_connect_tasks.task.schedule;"
        "print(v.load_schema.cache_info().currsize, v.request_validator.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "0 0\n"
