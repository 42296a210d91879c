"""UNKNOWN values (Pulumi preview): present, but never checked."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime

from pulumi_connect_tasks.task.validation import UNKNOWN, validate_start_task_contact

EXACTLY_ONE = "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required"


def found(request: dict, now: datetime) -> list[tuple[str, str]]:
    return [(v.json_path(), v.message) for v in validate_start_task_contact(request, now=now)]


def test_unknown_required_members_count_as_present(now):
    assert found({"InstanceId": UNKNOWN, "Name": UNKNOWN, "ContactFlowId": UNKNOWN}, now) == []


def test_unknown_target_counts_as_present(make_request, now):
    request = make_request(QuickConnectId=UNKNOWN)
    assert found(request, now) == [
        ("$.QuickConnectId", f"{EXACTLY_ONE} (found 2: ContactFlowId, QuickConnectId)")
    ]


def test_unknown_linked_contacts_count_as_present(make_request, now):
    request = make_request(PreviousContactId=UNKNOWN, RelatedContactId="r")
    assert found(request, now) == [
        ("$.RelatedContactId", "PreviousContactId and RelatedContactId are mutually exclusive")
    ]


def test_unknown_scheduled_time_is_not_checked(make_request, now):
    assert found(make_request(ScheduledTime=UNKNOWN), now) == []


def test_unknown_whole_maps_and_lists_are_not_checked(make_request, now):
    request = make_request(
        Attributes=UNKNOWN,
        References=UNKNOWN,
        SegmentAttributes=UNKNOWN,
        Attachments=UNKNOWN,
    )
    assert found(request, now) == []


def test_unknown_attribute_value_skips_budget_but_keys_are_checked(make_request, now):
    request = make_request(
        Attributes={"big": "x" * 32767, "more": "x" * 100, "later": UNKNOWN, "bad key": "v"}
    )
    assert found(request, now) == [
        ("$.Attributes['bad key']", "key may contain only letters, digits, '-' and '_'")
    ]


def test_unknown_reference_parts_skip_the_type_rule(make_request, now):
    request = make_request(
        References={
            "a": {"Type": "URL", "Value": UNKNOWN},
            "b": {"Type": UNKNOWN, "Value": "not a url"},
            "c": UNKNOWN,
            "d": {"Type": "URL", "Value": "not a url"},
        }
    )
    assert found(request, now) == [
        ("$.References.d.Value", "must be an absolute http or https URL (Type URL)")
    ]


def test_unknown_nested_values_drop_schema_errors_only_below_them(make_request, now):
    request = make_request(
        SegmentAttributes={"connect:k": {"ValueList": [UNKNOWN, {"ValueString": 5}]}},
        Attachments=[UNKNOWN, {"FileName": UNKNOWN}],
    )
    assert found(request, now) == [
        ("$.Attachments[1].S3Url", "is required"),
        ("$.SegmentAttributes['connect:k'].ValueList[1].ValueString", "must be a string"),
    ]


def test_unknown_limits_of_known_siblings_still_apply(make_request, now):
    request = make_request(Attachments=[UNKNOWN] * 6, Name=UNKNOWN, Description="d" * 4097)
    assert found(request, now) == [
        ("$.Attachments", "must have at most 5 items"),
        ("$.Description", "must be at most 4096 characters"),
    ]


def test_unknown_member_name_is_still_reported(make_request, now):
    # Whether a member exists does not depend on its value.
    assert found(make_request(Colour=UNKNOWN), now) == [("$.Colour", "is not a known member")]


def test_unknown_whole_request(now):
    assert validate_start_task_contact(UNKNOWN, now=now) == []


def test_unknown_is_a_singleton_through_copies_and_pickle():
    assert copy.copy(UNKNOWN) is UNKNOWN
    assert copy.deepcopy({"a": [UNKNOWN]})["a"][0] is UNKNOWN
    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"


def test_unknown_request_is_not_modified(make_request, now):
    request = make_request(ScheduledTime=datetime(2026, 11, 26, 8, 0), Attributes={"k": UNKNOWN})
    before = dict(request)
    validate_start_task_contact(request, now=now)
    assert request == before
    assert request["Attributes"]["k"] is UNKNOWN
