"""The rules Python holds: targets, linked contacts, ScheduledTime window, attributes, references."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pulumi_connect_tasks.task.validation import validate_start_task_contact

EXACTLY_ONE = "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required"
KEY_CHARS = "key may contain only letters, digits, '-' and '_'"


def found(request: dict, now: datetime, **options) -> list[tuple[str, str]]:
    return [
        (v.json_path(), v.message) for v in validate_start_task_contact(request, now=now, **options)
    ]


# -- exactly one of ContactFlowId / QuickConnectId / TaskTemplateId ----------------------------
@pytest.mark.parametrize("target", ["ContactFlowId", "QuickConnectId", "TaskTemplateId"])
def test_rule_target_each_alone_is_valid(target, now):
    assert found({"InstanceId": "i", "Name": "n", target: "x"}, now) == []


def test_rule_target_none(now):
    assert found({"InstanceId": "i", "Name": "n"}, now) == [
        ("$.ContactFlowId", f"{EXACTLY_ONE} (found 0)")
    ]


def test_rule_target_two(make_request, now):
    request = make_request(QuickConnectId="q")
    assert found(request, now) == [
        ("$.QuickConnectId", f"{EXACTLY_ONE} (found 2: ContactFlowId, QuickConnectId)")
    ]


def test_rule_target_three(make_request, now):
    request = make_request(QuickConnectId="q", TaskTemplateId="t")
    assert found(request, now) == [
        (
            "$.QuickConnectId",
            f"{EXACTLY_ONE} (found 3: ContactFlowId, QuickConnectId, TaskTemplateId)",
        ),
        (
            "$.TaskTemplateId",
            f"{EXACTLY_ONE} (found 3: ContactFlowId, QuickConnectId, TaskTemplateId)",
        ),
    ]


def test_rule_target_flow_beside_a_template_is_refused(make_request, now):
    # "If more than one parameter is specified, or only the TaskTemplateID is specified but it
    # does not have a flow configured, the request returns an error" (StartTaskContact).
    assert found(make_request(TaskTemplateId="t"), now) == [
        ("$.TaskTemplateId", f"{EXACTLY_ONE} (found 2: ContactFlowId, TaskTemplateId)"),
    ]


def test_rule_target_template_with_quick_connect(now):
    request = {"InstanceId": "i", "Name": "n", "QuickConnectId": "q", "TaskTemplateId": "t"}
    assert found(request, now) == [
        ("$.TaskTemplateId", f"{EXACTLY_ONE} (found 2: QuickConnectId, TaskTemplateId)")
    ]


# -- PreviousContactId / RelatedContactId ----------------------------------------------------------
def test_rule_linked_contacts_both(make_request, now):
    request = make_request(PreviousContactId="p", RelatedContactId="r")
    assert found(request, now) == [
        ("$.RelatedContactId", "PreviousContactId and RelatedContactId are mutually exclusive")
    ]


def test_rule_linked_contacts_either_alone_is_valid(make_request, now):
    assert found(make_request(PreviousContactId="p"), now) == []
    assert found(make_request(RelatedContactId="r"), now) == []


# -- ScheduledTime window ----------------------------------------------------------------------
@pytest.mark.parametrize("offset", [timedelta(0), timedelta(seconds=1), timedelta(days=6)])
def test_rule_scheduled_time_inside_window(offset, make_request, now):
    when = now + offset
    for value in (
        when,
        when.timestamp(),
        int(when.timestamp()),
        when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    ):
        assert found(make_request(ScheduledTime=value), now) == [], value


def test_rule_scheduled_time_in_the_past(make_request, now):
    for value in (now - timedelta(seconds=1), "2026-11-25T21:59:59Z", now.timestamp() - 1):
        assert found(make_request(ScheduledTime=value), now) == [
            ("$.ScheduledTime", "must not be in the past")
        ]


def test_rule_scheduled_time_in_the_past_allowed_for_existing_task(make_request, now):
    request = make_request(ScheduledTime="2026-11-20T00:00:00Z")
    assert found(request, now, new_task=False) == []


def test_rule_scheduled_time_beyond_horizon(make_request, now):
    for value in (now + timedelta(days=6, seconds=1), "2026-12-01T22:00:01Z"):
        assert found(make_request(ScheduledTime=value), now) == [
            ("$.ScheduledTime", "must be at most 6 days ahead")
        ]


def test_rule_scheduled_time_beyond_horizon_also_for_existing_task(make_request, now):
    request = make_request(ScheduledTime="2026-12-10T00:00:00Z")
    assert found(request, now, new_task=False) == [
        ("$.ScheduledTime", "must be at most 6 days ahead")
    ]


def test_rule_scheduled_time_offset_is_honoured(make_request, now):
    # 23:30+02:00 is 21:30Z: in the past although the wall clock reads later than now.
    assert found(make_request(ScheduledTime="2026-11-25T23:30:00+02:00"), now) == [
        ("$.ScheduledTime", "must not be in the past"),
    ]


def test_rule_scheduled_time_naive_datetime_is_utc(make_request, now):
    assert found(make_request(ScheduledTime=datetime(2026, 11, 26, 8, 0)), now) == []


def test_rule_scheduled_time_unparsable_string_one_message(make_request, now):
    assert found(make_request(ScheduledTime="next tuesday"), now) == [
        ("$.ScheduledTime", "must be an RFC 3339 timestamp"),
    ]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e20])
def test_rule_scheduled_time_unrepresentable_number_one_message(value, make_request, now):
    assert found(make_request(ScheduledTime=value), now) == [
        (
            "$.ScheduledTime",
            "is out of range: a task is scheduled from now to at most 6 days ahead",
        ),
    ]


def test_rule_scheduled_time_naive_now_is_utc(make_request):
    naive_now = datetime(2026, 11, 25, 22, 0)
    assert found(make_request(ScheduledTime="2026-11-25T21:00:00Z"), naive_now) == [
        ("$.ScheduledTime", "must not be in the past"),
    ]


# -- Attributes -------------------------------------------------------------------------------
def test_rule_attribute_keys_valid_characters(make_request, now):
    request = make_request(Attributes={"Env_1": "a", "team-name": "b", "X": ""})
    assert found(request, now) == []


def test_rule_attribute_keys_invalid_characters(make_request, now):
    request = make_request(Attributes={"has space": "a", "dot.ted": "b", "ümlaut": "c", "ok": "d"})
    assert found(request, now) == [
        ("$.Attributes['dot.ted']", KEY_CHARS),
        ("$.Attributes['has space']", KEY_CHARS),
        ("$.Attributes['ümlaut']", KEY_CHARS),
    ]


def test_rule_attributes_budget_exactly_full_is_valid(make_request, now):
    request = make_request(Attributes={"a": "x" * 16383, "b": "y" * 16383})
    assert found(request, now) == []


def test_rule_attributes_budget_exceeded(make_request, now):
    request = make_request(Attributes={"a": "x" * 16383, "b": "y" * 16384})
    assert found(request, now) == [
        (
            "$.Attributes",
            "keys and values must total at most 32,768 UTF-8 bytes (measured 32,769 bytes)",
        ),
    ]


def test_rule_attributes_budget_counts_utf8_bytes(make_request, now):
    # 10,923 "é" are 10,923 characters but 21,846 bytes.
    request = make_request(Attributes={"k1": "é" * 10923, "k2": "é" * 5462})
    assert found(request, now) == [
        (
            "$.Attributes",
            "keys and values must total at most 32,768 UTF-8 bytes (measured 32,774 bytes)",
        ),
    ]


# -- References: value fits its Type ----------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("URL", "https://example.com/runbook?id=1"),
        ("URL", "http://10.0.0.1:8080"),
        ("EMAIL", "ops.team+tasks@example.co.uk"),
        ("NUMBER", "42"),
        ("NUMBER", "-3.5e2"),
        ("NUMBER", ".5"),
        ("DATE", "1764108000"),
        ("DATE", "1764108000000"),
        ("DATE", "2026-11-26T08:00:00+01:00"),
        ("STRING", "anything at all"),
    ],
)
def test_rule_reference_value_fits_type(kind, value, make_request, now):
    request = make_request(References={"r": {"Type": kind, "Value": value}})
    assert found(request, now) == []


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("URL", "example.com/runbook", "must be an absolute http or https URL (Type URL)"),
        ("URL", "ftp://example.com/file", "must be an absolute http or https URL (Type URL)"),
        ("URL", "https://", "must be an absolute http or https URL (Type URL)"),
        ("URL", "https://exa mple.com", "must be an absolute http or https URL (Type URL)"),
        ("URL", "http://[::1", "must be an absolute http or https URL (Type URL)"),
        ("EMAIL", "ops@localhost", "must be an e-mail address (Type EMAIL)"),
        ("EMAIL", "ops example.com", "must be an e-mail address (Type EMAIL)"),
        ("NUMBER", "12abc", "must be a number (Type NUMBER)"),
        ("NUMBER", "nan", "must be a number (Type NUMBER)"),
        ("NUMBER", "", "must be a number (Type NUMBER)"),
        (
            "DATE",
            "26/11/2026",
            "must be epoch seconds or milliseconds, or an RFC 3339 timestamp from 1970 on (Type DATE)",
        ),
        (
            "DATE",
            "17641080000000",
            "must be epoch seconds or milliseconds, or an RFC 3339 timestamp from 1970 on (Type DATE)",
        ),
    ],
)
def test_rule_reference_value_does_not_fit_type(kind, value, message, make_request, now):
    request = make_request(References={"my ref": {"Type": kind, "Value": value}})
    assert found(request, now) == [("$.References['my ref'].Value", message)]


def test_rule_reference_without_value_is_not_checked(make_request, now):
    assert found(make_request(References={"r": {"Type": "URL"}}), now) == []


# -- the result as a whole ------------------------------------------------------------------
def test_result_sorted_by_path_then_message_and_deduplicated(now):
    request = {
        "InstanceId": "",
        "Name": "n",
        "QuickConnectId": "q",
        "TaskTemplateId": "t",
        "PreviousContactId": "p",
        "RelatedContactId": "r",
        "Attributes": {"b b": "x", "a a": "y"},
    }
    assert found(request, now) == [
        ("$.Attributes['a a']", KEY_CHARS),
        ("$.Attributes['b b']", KEY_CHARS),
        ("$.InstanceId", "must be at least 1 character"),
        ("$.RelatedContactId", "PreviousContactId and RelatedContactId are mutually exclusive"),
        ("$.TaskTemplateId", f"{EXACTLY_ONE} (found 2: QuickConnectId, TaskTemplateId)"),
    ]


def test_result_violation_paths_are_tuples_in_aws_shape(make_request, now):
    request = make_request(References={"runbook": {"Type": "URL", "Value": "nope"}})
    [violation] = validate_start_task_contact(request, now=now)
    assert violation.path == ("References", "runbook", "Value")


def test_result_aware_now_in_other_zone(make_request):
    other = datetime(2026, 11, 26, 7, 0, tzinfo=timezone(timedelta(hours=9)))  # 22:00Z
    assert found(make_request(ScheduledTime="2026-11-25T21:59:00Z"), other) == [
        ("$.ScheduledTime", "must not be in the past"),
    ]
