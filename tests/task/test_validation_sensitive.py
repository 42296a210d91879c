"""No message ever shows a value: distinctive values everywhere, then search every message."""

from __future__ import annotations

from pulumi_connect_tasks.task.requests import property_path
from pulumi_connect_tasks.task.validation import validate_start_task_contact

SECRETS = [
    "SECRET-NAME-7f3a",
    "SECRET-DESC-91bc",
    "SECRET-ATTR-c0de",
    "SECRET-REF-44aa",
    "SECRET-SEG-5e5e",
    "SECRET-FILE-0b0b",
    "SECRET-URL-d00d",
    "SECRET-TOKEN-1234",
    "SECRET-INSTANCE-77",
    "SECRET-FLOW-88",
]


def sensitive_request() -> dict:
    """Every member set to a distinctive value, most of them breaking a rule."""
    pad = "x" * 5000
    return {
        "InstanceId": "SECRET-INSTANCE-77" + pad,
        "Name": "SECRET-NAME-7f3a" + pad,
        "Description": "SECRET-DESC-91bc" + pad,
        "ContactFlowId": "SECRET-FLOW-88" + pad,
        "QuickConnectId": 12,
        "PreviousContactId": "p",
        "RelatedContactId": "r",
        "Attributes": {"bad key": "SECRET-ATTR-c0de" + "y" * 33000, "n": 5},
        "References": {
            "u": {"Type": "URL", "Value": "SECRET-REF-44aa"},
            "e": {"Type": "EMAIL", "Value": "SECRET-REF-44aa"},
            "n": {"Type": "NUMBER", "Value": "SECRET-REF-44aa"},
            "d": {"Type": "DATE", "Value": "SECRET-REF-44aa"},
            "t": {"Type": "SECRET-REF-44aa", "Value": "SECRET-REF-44aa" + pad},
            "s": {"Type": "STRING", "Status": "SECRET-REF-44aa", "Arn": "SECRET-REF-44aa"},
        },
        "ScheduledTime": "SECRET-TIME",
        "ClientToken": "SECRET-TOKEN-1234" + pad,
        "SegmentAttributes": {
            "k": {"ValueString": "SECRET-SEG-5e5e" + pad, "ValueInteger": "SECRET-SEG-5e5e"}
        },
        "Attachments": [
            {
                "FileName": "SECRET-FILE-0b0b\x01",
                "S3Url": "SECRET-URL-d00d" + "z" * 2000,
                "Extra": 1,
            }
        ],
    }


def test_sensitive_values_never_appear_in_messages(now):
    violations = validate_start_task_contact(sensitive_request(), now=now)
    assert len(violations) >= 20
    text = "\n".join(f"{v.json_path()} {property_path(v.path)} {v.message}" for v in violations)
    for secret in SECRETS + ["SECRET-TIME", "xxxxx", "yyyyy", "zzzzz"]:
        assert secret not in text


def test_sensitive_value_too_long_names_the_limit_only(make_request, now):
    request = make_request(Name="SECRET-NAME-7f3a" * 100)
    [violation] = validate_start_task_contact(request, now=now)
    assert (violation.path, violation.message) == (("Name",), "must be at most 1024 characters")
