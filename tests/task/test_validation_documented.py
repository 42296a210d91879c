"""The rules botocore states in its documentation text, each test quoting its sentence.

The rows of connect_tasks_audit/ name these rules; tests/audit checks that the
provider, `connect-tasks validate` and the emulator agree on each.
"""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.task.references import references_size, sent_date, sent_references
from pulumi_connect_tasks.task.validation import UNKNOWN, validate_start_task_contact

BUDGET = "names and values must total at most 4,096 UTF-8 bytes"
SYSTEM_ONLY = "is only supported for system-defined attributes (keys connect:<name>)"
SEGMENT_KEY = (
    "key may contain only letters, digits, '-' and '_', or be a system-defined key connect:<name>"
)
EXPIRY_FORM = "must be a ValueMap whose ExpiryDuration has a ValueInteger (minutes)"
ARN_FORM = "must be an ARN (arn:partition:service:region:account:resource)"
DATE_FORM = (
    "must be epoch seconds or milliseconds, or an RFC 3339 timestamp from 1970 on (Type DATE)"
)
TYPES = "must be one of: URL, NUMBER, STRING, DATE, EMAIL (the reference types a task can have when it is created)"


def found(request: dict, now) -> list[tuple[str, str]]:
    return [(v.json_path(), v.message) for v in validate_start_task_contact(request, now=now)]


def expiry(minutes) -> dict:
    return {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": minutes}}}}


# -- "ATTACHMENT is not a supported reference type during task creation." ------------------------
@pytest.mark.parametrize(
    "kind", ["ATTACHMENT", "EMAIL_MESSAGE", "CONTACT_ANALYSIS", "VOICEMAIL_RECORDING"]
)
def test_documented_reference_types_at_creation(kind, make_request, now):
    # "Tasks can have the following reference types at the time of creation: URL | NUMBER |
    # STRING | DATE | EMAIL."
    request = make_request(References={"r": {"Type": kind, "Value": "https://x.test/a.pdf"}})
    assert found(request, now) == [("$.References.r.Type", TYPES)]


# -- "You can have up to 4,096 UTF-8 bytes across all references for a contact." ------------------
def test_documented_references_budget_counts_names_and_values(make_request, now):
    # 4 references: names "r0".."r3" (2 bytes each) and values of 1,022 bytes: 4,096 in all.
    fits = {f"r{i}": {"Type": "STRING", "Value": "v" * 1022} for i in range(4)}
    assert found(make_request(References=fits), now) == []
    over = {**fits, "r3": {"Type": "STRING", "Value": "v" * 1023}}
    assert found(make_request(References=over), now) == [
        ("$.References", f"{BUDGET} (measured 4,097 bytes)")
    ]


def test_documented_references_budget_counts_utf8_bytes_not_characters(make_request, now):
    value = "é" * 2047  # 4,094 bytes, 2,047 characters
    assert found(make_request(References={"ab": {"Type": "STRING", "Value": value}}), now) == []
    assert found(make_request(References={"abc": {"Type": "STRING", "Value": value}}), now) == [
        ("$.References", f"{BUDGET} (measured 4,097 bytes)"),
    ]


def test_documented_references_budget_counts_a_date_as_sent(make_request, now):
    # An RFC 3339 DATE is sent as epoch seconds: 10 bytes, not 20.
    date = {"Type": "DATE", "Value": "2026-12-24T00:00:00Z"}
    references = {"d": date, "s": {"Type": "STRING", "Value": "v" * (4096 - 2 - 10)}}
    assert references_size(references) == 4096
    assert found(make_request(References=references), now) == []


def test_documented_references_budget_waits_for_unknown_values(make_request, now):
    references = {
        "a": {"Type": "STRING", "Value": "v" * 5000},
        "b": {"Type": "STRING", "Value": UNKNOWN},
    }
    assert ("$.References", f"{BUDGET} (measured 5,002 bytes)") not in found(
        make_request(References=references), now
    )


def test_documented_references_budget_never_echoes_a_value(make_request, now):
    secret = "SECRET-REF-7a7a" * 300
    messages = [
        m
        for _, m in found(make_request(References={"r": {"Type": "STRING", "Value": secret}}), now)
    ]
    assert messages and not any("SECRET" in m for m in messages)


# -- "DATE must be of type Epoch timestamp." ----------------------------------------------------
@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("2026-12-24T00:00:00Z", "1798070400"),
        ("2026-12-24T01:00:00+01:00", "1798070400"),
        ("2026-12-24T00:00:00.900Z", "1798070400"),  # whole seconds
        ("1798070400", "1798070400"),
        ("1798070400000", "1798070400000"),  # milliseconds stay as written
    ],
)
def test_documented_date_is_sent_as_epoch(written, sent):
    assert sent_date(written) == sent
    references = {
        "due": {"Type": "DATE", "Value": written},
        "note": {"Type": "STRING", "Value": written},
    }
    assert sent_references(references) == {
        "due": {"Type": "DATE", "Value": sent},
        "note": {"Type": "STRING", "Value": written},
    }


def test_documented_date_before_1970_is_refused(make_request, now):
    request = make_request(References={"d": {"Type": "DATE", "Value": "1969-12-31T23:59:59Z"}})
    assert found(request, now) == [("$.References.d.Value", DATE_FORM)]


# -- "Attribute keys can include only alphanumeric, -, and _." (SegmentAttributes) -----------------
@pytest.mark.parametrize("key", ["team name", "team.name", "connect:", "connect:a:b", "aws:Thing"])
def test_documented_segment_keys(key, make_request, now):
    request = make_request(SegmentAttributes={key: {"ValueString": "x"}})
    assert found(request, now) == [(f"$.SegmentAttributes['{key}']", SEGMENT_KEY)]


@pytest.mark.parametrize("key", ["team_name", "team-name", "Team1", "connect:Subtype"])
def test_documented_segment_keys_accepted(key, make_request, now):
    assert found(make_request(SegmentAttributes={key: {"ValueString": "x"}}), now) == []


# -- ValueList, ValueArn: "This is only supported for system-defined attributes, not for
#    user-defined attributes." ------------------------------------------------------------------
def test_documented_list_and_arn_only_for_system_keys(make_request, now):
    arn = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a"
    request = make_request(
        SegmentAttributes={
            "team": {"ValueList": [{"ValueString": "a"}]},
            "owner": {"ValueArn": arn},
            "connect:CreatedByUser": {"ValueArn": arn},
            "connect:Things": {"ValueList": [{"ValueString": "a"}]},
        }
    )
    assert found(request, now) == [
        ("$.SegmentAttributes.owner.ValueArn", SYSTEM_ONLY),
        ("$.SegmentAttributes.team.ValueList", SYSTEM_ONLY),
    ]


# -- "The value of a segment attribute that has to be a valid ARN." ------------------------------
def test_documented_value_arn_is_an_arn_at_any_depth(make_request, now):
    request = make_request(
        SegmentAttributes={
            "connect:A": {"ValueArn": "agent-7"},
            "connect:B": {"ValueMap": {"inner": {"ValueList": [{"ValueArn": "arn:aws"}]}}},
            "connect:C": {
                "ValueArn": "arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/i"
            },
        }
    )
    assert found(request, now) == [
        ("$.SegmentAttributes['connect:A'].ValueArn", ARN_FORM),
        ("$.SegmentAttributes['connect:B'].ValueMap.inner.ValueList[0].ValueArn", ARN_FORM),
    ]


# -- "To set contact expiry, a ValueMap must be specified containing the integer number of
#    minutes ... { "connect:ContactExpiry": {"ValueMap": { "ExpiryDuration": { "ValueInteger": 135}}}}"
def test_documented_contact_expiry_form(make_request, now):
    assert found(make_request(SegmentAttributes=expiry(135)), now) == []
    for wrong in (
        {"ValueInteger": 135},
        {"ValueMap": {"Duration": {"ValueInteger": 135}}},
        {"ValueMap": {"ExpiryDuration": {"ValueString": "135"}}},
        {"ValueString": "135"},
    ):
        request = make_request(SegmentAttributes={"connect:ContactExpiry": wrong})
        assert found(request, now) == [
            ("$.SegmentAttributes['connect:ContactExpiry']", EXPIRY_FORM)
        ], wrong


def test_documented_contact_expiry_at_least_a_minute(make_request, now):
    assert found(make_request(SegmentAttributes=expiry(0)), now) == [
        (
            "$.SegmentAttributes['connect:ContactExpiry'].ValueMap.ExpiryDuration.ValueInteger",
            "must be at least 1 minute",
        )
    ]


def test_documented_contact_expiry_waits_for_unknowns(make_request, now):
    assert found(make_request(SegmentAttributes={"connect:ContactExpiry": UNKNOWN}), now) == []
    assert found(make_request(SegmentAttributes=expiry(UNKNOWN)), now) == []
