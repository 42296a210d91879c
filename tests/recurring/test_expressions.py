"""The schedule settings' rules: every form of expression, good and bad, with its exact message;
time zones; each setting of schedule_failures; unknown values; wrong types; botocore's limits;
and random text, answered fast and without an exception."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

import botocore.session
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi.output import Unknown

from pulumi_connect_tasks.common.unknown import RPC_UNKNOWN, UNKNOWN
from pulumi_connect_tasks.recurring import expressions
from pulumi_connect_tasks.recurring.expressions import (
    expression_problems,
    schedule_failures,
    timezone_problems,
)

REPO = Path(__file__).resolve().parent.parent.parent
FORMS = (
    "must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) "
    "or cron(minutes hours day-of-month month day-of-week year)"
)
ZONE = "must be an IANA time zone name such as America/New_York or UTC"
TIMESTAMP = "must be an RFC 3339 timestamp with an offset or Z, such as 2027-01-31T09:00:00Z"
SIX_FIELDS = (
    "cron: must have six fields (minutes hours day-of-month month day-of-week year) "
    "separated by spaces, found {}"
)
QUESTION = "cron day-of-month and day-of-week: exactly one must be ? ({})"
VALID = {
    "schedule_expression": "cron(0 9 ? * MON-FRI *)",
    "schedule_expression_timezone": "Europe/Paris",
    "start_date": "2027-01-01T00:00:00Z",
    "end_date": "2027-12-31T23:59:59+01:00",
    "flexible_time_window_minutes": 15,
    "maximum_event_age_seconds": 3600,
    "maximum_retry_attempts": 3,
    "dead_letter_arn": "arn:aws:sqs:eu-west-3:123456789012:recurring-dlq",
    "schedule_name": "weekly-report_1.0",
    "schedule_group": "default",
    "state": "ENABLED",
    "schedule_description": "",
}


# -- expressions ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 9 ? * MON *)",
        "cron(0 0 L * ? *)",
        "cron(15 10 ? * 6L 2026-2030)",
        "cron(*/5 * * * ? *)",
        "cron(0 8 ? * MON#1 *)",
        "rate(1 day)",
        "rate(7 days)",
        "at(2027-01-31T09:00:00)",
        "cron(0 9 ? * MON-FRI *)",
        "cron(0 12 * * ? *)",
        "cron(0 18 ? * 2-6 *)",
        "cron(1/10 * * * ? *)",
        "cron(0 0,12 1,15 JAN-MAR,DEC ? 1970,2199)",
        "cron(0 9 3W * ? *)",
        "cron(0 9 ? * L *)",
        "cron(0 9 ? * 3#2 *)",
        "cron(0 9 ? * SUN,SAT *)",
        "cron(0 9 1/2 * ? */2)",
        "cron(59 23 31 12 ? 2199)",
        "cron(0\t9  ?\t* MON *)",
        "rate(1 minute)",
        "rate(15 minutes)",
        "rate(1 hour)",
        "rate(999999999 hours)",
        "rate(2 day)",  # botocore lists six units; singular or plural is AWS's to enforce
        "at(2028-02-29T23:59:59)",
    ],
)
def test_valid_expressions(expression):
    assert expression_problems(expression) == []


@pytest.mark.parametrize(
    ("expression", "problems"),
    [
        # the forms
        ("every monday", [FORMS]),
        ("CRON(0 9 ? * MON *)", [FORMS]),
        ("cron(0 9 ? * MON *) ", [FORMS]),
        ("rate(5 minutes", [FORMS]),
        ("", ["must not be empty"]),
        ("rate(" + "1" * 300 + " days)", ["must be at most 256 characters"]),
        # at
        ("at()", ["at: must be at(yyyy-mm-ddThh:mm:ss), such as at(2027-01-31T09:00:00)"]),
        (
            "at(2027-01-31 09:00:00)",
            ["at: must be at(yyyy-mm-ddThh:mm:ss), such as at(2027-01-31T09:00:00)"],
        ),
        (
            "at(2027-01-31T09:00:00Z)",
            ["at: must be at(yyyy-mm-ddThh:mm:ss), such as at(2027-01-31T09:00:00)"],
        ),
        ("at(2027-02-30T09:00:00)", ["at: 2027-02-30T09:00:00 is not a real date and time"]),
        ("at(2027-02-29T09:00:00)", ["at: 2027-02-29T09:00:00 is not a real date and time"]),
        ("at(2027-01-31T24:00:00)", ["at: 2027-01-31T24:00:00 is not a real date and time"]),
        # rate
        ("rate(5)", ["rate: must be rate(value unit), such as rate(5 minutes)"]),
        ("rate(5 minutes now)", ["rate: must be rate(value unit), such as rate(5 minutes)"]),
        ("rate(0 minutes)", ["rate value: 0 is not a positive integer"]),
        ("rate(+5 minutes)", ["rate value: +5 is not a positive integer"]),
        ("rate(-5 minutes)", ["rate value: -5 is not a positive integer"]),
        ("rate(1.5 hours)", ["rate value: 1.5 is not a positive integer"]),
        ("rate(\u0665 days)", ["rate value: '\\u0665' is not a positive integer"]),
        ("rate(05 minutes)", ["rate value: 05 has a leading zero"]),
        ("rate(1000000000 days)", ["rate value: 1000000000 is more than 999999999"]),
        (
            "rate(" + "9" * 200 + " days)",
            [f"rate value: {'9' * 200} is more than 999999999"],
        ),
        (
            "rate(2 weeks)",
            ["rate unit: weeks is not one of minute, minutes, hour, hours, day, days"],
        ),
        (
            "rate(0 Days)",
            [
                "rate value: 0 is not a positive integer",
                "rate unit: Days is not one of minute, minutes, hour, hours, day, days",
            ],
        ),
        # cron: the fields and the ? rule
        ("cron(0 9 ? * MON)", [SIX_FIELDS.format(5)]),
        ("cron(0 0 9 ? * MON *)", [SIX_FIELDS.format(7)]),
        ("cron()", [SIX_FIELDS.format(0)]),
        ("cron(0 9 * * MON *)", [QUESTION.format("neither is")]),
        ("cron(0 9 ? * ? *)", [QUESTION.format("both are")]),
        # cron: values
        (
            "cron(60 24 32 13 ? 2200)",
            [
                "cron minutes: 60 is not 0-59",
                "cron hours: 24 is not 0-23",
                "cron day-of-month: 32 is not 1-31",
                "cron month: 13 is not 1-12 or JAN-DEC",
                "cron year: 2200 is not 1970-2199",
            ],
        ),
        ("cron(0 9 ? * 8 *)", ["cron day-of-week: 8 is not 1-7 or SUN-SAT"]),
        ("cron(0 9 ? * 0 *)", ["cron day-of-week: 0 is not 1-7 or SUN-SAT"]),
        ("cron(0 9 ? * mon *)", ["cron day-of-week: mon is not 1-7 or SUN-SAT"]),
        ("cron(0 9 0 * ? *)", ["cron day-of-month: 0 is not 1-31"]),
        ("cron(0 9 1 * ? 1969)", ["cron year: 1969 is not 1970-2199"]),
        ("cron(0 9 1 * ? 20260)", ["cron year: 20260 is not 1970-2199"]),
        ("cron(x 9 1 * ? *)", ["cron minutes: x is not 0-59"]),
        ("cron(L 9 1 * ? *)", ["cron minutes: L is not 0-59"]),
        ("cron(\u0661 9 1 * ? *)", ["cron minutes: '\\u0661' is not 0-59"]),
        ("cron(? 9 1 * ? *)", ["cron minutes: ? is only for day-of-month or day-of-week"]),
        # cron: lists and ranges
        ("cron(0 9 1,,15 * ? *)", ["cron day-of-month: 1,,15: an item of the list is empty"]),
        ("cron(0 9 1, * ? *)", ["cron day-of-month: 1,: an item of the list is empty"]),
        ("cron(0 9-25 1 * ? *)", ["cron hours: 25 is not 0-23"]),
        ("cron(0 9- 1 * ? *)", ["cron hours: 9-: a value is missing"]),
        (
            "cron(0 22-2 1 * ? *)",
            [
                "cron hours: 22-2 runs backwards: a range goes from low to high "
                "(wrap-around ranges are not accepted)"
            ],
        ),
        (
            "cron(0 9 ? * FRI-MON *)",
            [
                "cron day-of-week: FRI-MON runs backwards: a range goes from low to high "
                "(wrap-around ranges are not accepted)"
            ],
        ),
        # cron: steps
        ("cron(*/0 * * * ? *)", ["cron minutes: */0: the step after / must be 1-59"]),
        ("cron(*/60 * * * ? *)", ["cron minutes: */60: the step after / must be 1-59"]),
        ("cron(0 */24 * * ? *)", ["cron hours: */24: the step after / must be 1-23"]),
        ("cron(*/+5 * * * ? *)", ["cron minutes: */+5: the step after / must be 1-59"]),
        ("cron(*/ * * * ? *)", ["cron minutes: */: the step after / must be 1-59"]),
        ("cron(0/5/2 * * * ? *)", ["cron minutes: 0/5/2: the step after / must be 1-59"]),
        ("cron(60/5 * * * ? *)", ["cron minutes: 60 is not 0-59"]),
        ("cron(0 0 1 * ? */230)", ["cron year: */230: the step after / must be 1-229"]),
        (
            "cron(10-30/5 * * * ? *)",
            ["cron minutes: 10-30/5: a step starts at * or at a value (*/b, a/b), not at a range"],
        ),
        ("cron(0 9 ? * 1/2 *)", ["cron day-of-week: 1/2: day-of-week takes no / step"]),
        # cron: L, W and #
        (
            "cron(0 9 LW * ? *)",
            ["cron day-of-month: LW is not 1-31 followed by W (3W: the weekday nearest the 3rd)"],
        ),
        (
            "cron(0 9 32W * ? *)",
            ["cron day-of-month: 32W is not 1-31 followed by W (3W: the weekday nearest the 3rd)"],
        ),
        ("cron(0 9 ? * 5W *)", ["cron day-of-week: 5W is not 1-7 or SUN-SAT"]),
        ("cron(0 9 5L * ? *)", ["cron day-of-month: 5L is not 1-31"]),
        (
            "cron(0 9 ? * 8L *)",
            ["cron day-of-week: 8L is not 1-7 followed by L (6L: the last Friday)"],
        ),
        (
            "cron(0 9 ? * FRIL *)",
            ["cron day-of-week: FRIL is not 1-7 followed by L (6L: the last Friday)"],
        ),
        (
            "cron(0 9 ? * MON#6 *)",
            [
                "cron day-of-week: MON#6 is not a day (1-7 or SUN-SAT), # and a week 1-5 "
                "(MON#2: the second Monday)"
            ],
        ),
        (
            "cron(0 9 ? * 8#1 *)",
            [
                "cron day-of-week: 8#1 is not a day (1-7 or SUN-SAT), # and a week 1-5 "
                "(MON#2: the second Monday)"
            ],
        ),
        ("cron(0 9 1 * 2#1 *)", [QUESTION.format("neither is")]),
        ("cron(0 9 ? 1#1 MON *)", ["cron month: 1#1 is not 1-12 or JAN-DEC"]),
        (
            "cron(0 9 ? * 3#1,6#3 *)",
            [
                "cron day-of-week: 3#1 must stand alone in its field, not in a list",
                "cron day-of-week: 6#3 must stand alone in its field, not in a list",
            ],
        ),
        (
            "cron(0 9 1,L * ? *)",
            ["cron day-of-month: L must stand alone in its field, not in a list"],
        ),
        (
            "cron(0 9 ?,1 * ? *)",
            ["cron day-of-month: ? must stand alone in its field, not in a list"],
        ),
        (
            "cron(0 9 ? * 1,9L *)",
            ["cron day-of-week: 9L is not 1-7 followed by L (6L: the last Friday)"],
        ),
        # every problem, not the first
        (
            "cron(61 9 1 * MON 3000)",
            [
                "cron minutes: 61 is not 0-59",
                "cron year: 3000 is not 1970-2199",
                QUESTION.format("neither is"),
            ],
        ),
    ],
)
def test_invalid_expressions(expression, problems):
    assert expression_problems(expression) == problems


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        (5, ["must be a string, not int"]),
        (None, ["must be a string, not NoneType"]),
        ({"rate": "1 day"}, ["must be a string, not dict"]),
        (["cron(0 9 ? * MON *)"], ["must be a string, not list"]),
        (b"rate(1 day)", ["must be a string, not bytes"]),
        (True, ["must be a string, not bool"]),
    ],
)
def test_an_expression_of_the_wrong_type(value, problems):
    assert expression_problems(value) == problems


# -- time zones -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "zone", ["UTC", "America/New_York", "Europe/Paris", "Etc/GMT+5", "America/Port-au-Prince"]
)
def test_valid_time_zones(zone):
    assert timezone_problems(zone) == []


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        ("", ["must not be empty"]),
        ("America/" + "A" * 43, ["must be at most 50 characters"]),
        ("Mars/Olympus_Mons", [ZONE]),
        ("utc ", [ZONE]),
        ("../../etc/passwd", [ZONE]),
        ("/etc/localtime", [ZONE]),
        ("/usr/share/zoneinfo/UTC", [ZONE]),
        ("Europe/../Europe/Paris", [ZONE]),
        ("Europe//Paris", [ZONE]),
        ("Europe/", [ZONE]),
        ("America", [ZONE]),
        ("zone.tab", [ZONE]),
        ("posixrules", [ZONE]),
        ("localtime", [ZONE]),
        ("Factory", [ZONE]),
        ("posix/UTC", [ZONE]),
        ("right/UTC", [ZONE]),
        ("UTC\x00", [ZONE]),
        ("+02:00", [ZONE]),
        (3, ["must be a string, not int"]),
        (None, ["must be a string, not NoneType"]),
    ],
)
def test_invalid_time_zones(value, problems):
    assert timezone_problems(value) == problems


def test_a_machine_without_a_time_zone_database_says_so(monkeypatch):
    def no_database(key: str) -> None:
        raise ZoneInfoNotFoundError(key)

    monkeypatch.setattr(expressions, "ZoneInfo", no_database)
    assert timezone_problems("Europe/Paris") == [
        "cannot be checked: this machine has no time zone database "
        "(the tzdata package provides one)"
    ]
    assert timezone_problems("../etc") == [ZONE]  # the form is still checked


# -- the settings together --------------------------------------------------------------------
def test_valid_settings_have_no_failure():
    assert schedule_failures(VALID) == []
    assert schedule_failures({"schedule_expression": "rate(1 day)"}) == []


def test_the_expression_is_required():
    required = (
        "schedule_expression",
        "is required: at(yyyy-mm-ddThh:mm:ss), rate(value unit) "
        "or cron(minutes hours day-of-month month day-of-week year)",
    )
    assert schedule_failures({}) == [required]
    assert schedule_failures({**VALID, "schedule_expression": None}) == [required]


def test_none_is_absent():
    settings_ = {name: None for name in VALID}
    assert schedule_failures({**settings_, "schedule_expression": "rate(1 day)"}) == []


@pytest.mark.parametrize("unknown", [UNKNOWN, RPC_UNKNOWN])
def test_unknown_values_are_skipped(unknown):
    assert schedule_failures({name: unknown for name in VALID}) == []
    assert schedule_failures({**VALID, "start_date": unknown}) == []
    assert schedule_failures({**VALID, "end_date": unknown}) == []


def test_pulumis_own_unknown_is_skipped():
    assert schedule_failures({name: Unknown() for name in VALID}) == []


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("schedule_expression", "rate(0 days)", "rate value: 0 is not a positive integer"),
        ("schedule_expression_timezone", "Europe/Pariss", ZONE),
        ("start_date", "2027-01-01T00:00:00", TIMESTAMP),
        ("start_date", "2027-01-01", TIMESTAMP),
        ("start_date", "2027-02-30T00:00:00Z", TIMESTAMP),
        ("start_date", "2027-01-01T00:00:00Z" + " " * 60, TIMESTAMP),
        ("start_date", "", TIMESTAMP),
        ("end_date", "tomorrow", TIMESTAMP),
        (
            "flexible_time_window_minutes",
            0,
            "must be at least 1 (leave it unset for no flexible window)",
        ),
        ("flexible_time_window_minutes", 1441, "must be at most 1440"),
        ("flexible_time_window_minutes", 1441.0, "must be at most 1440"),
        ("flexible_time_window_minutes", 2.5, "must be a whole number"),
        ("flexible_time_window_minutes", float("nan"), "must be a whole number"),
        ("flexible_time_window_minutes", float("inf"), "must be a whole number"),
        ("flexible_time_window_minutes", True, "must be a whole number, not bool"),
        ("flexible_time_window_minutes", "15", "must be a whole number, not str"),
        ("maximum_event_age_seconds", 59, "must be at least 60"),
        ("maximum_event_age_seconds", 86_401, "must be at most 86400"),
        ("maximum_event_age_seconds", 10**400, "must be at most 86400"),
        ("maximum_retry_attempts", -1, "must be at least 0"),
        ("maximum_retry_attempts", 186, "must be at most 185"),
        ("maximum_retry_attempts", [3], "must be a whole number, not list"),
        (
            "dead_letter_arn",
            "arn:aws:sns:eu-west-3:123456789012:topic",
            "must be an SQS queue ARN: arn:aws:sqs:<region>:<12-digit account>:<queue name>",
        ),
        (
            "dead_letter_arn",
            "arn:aws:sqs:eu-west-3:12345678901:queue",
            "must be an SQS queue ARN: arn:aws:sqs:<region>:<12-digit account>:<queue name>",
        ),
        (
            "dead_letter_arn",
            "arn:aws:sqs:eu-west-3:123456789012:queue.fifo",
            "must be an SQS queue ARN: arn:aws:sqs:<region>:<12-digit account>:<queue name>",
        ),
        ("dead_letter_arn", "", "must not be empty"),
        ("dead_letter_arn", "a" * 1601, "must be at most 1600 characters"),
        ("schedule_name", "weekly report", "may contain only letters, digits, '-', '_' and '.'"),
        ("schedule_name", "r\u00e9sum\u00e9", "may contain only letters, digits, '-', '_' and '.'"),
        ("schedule_name", "a" * 65, "must be at most 64 characters"),
        ("schedule_name", 42, "must be a string, not int"),
        ("schedule_group", "", "must not be empty"),
        ("schedule_group", "team/a", "may contain only letters, digits, '-', '_' and '.'"),
        ("state", "enabled", "must be ENABLED or DISABLED"),
        ("state", True, "must be ENABLED or DISABLED"),
        ("state", {"ENABLED": 1}, "must be ENABLED or DISABLED"),
        ("schedule_description", "d" * 513, "must be at most 512 characters"),
        ("schedule_description", 7, "must be a string, not int"),
    ],
)
def test_one_bad_setting(name, value, reason):
    assert schedule_failures({**VALID, name: value}) == [(name, reason)]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("flexible_time_window_minutes", 1),
        ("flexible_time_window_minutes", 1440.0),
        ("maximum_event_age_seconds", 60),
        ("maximum_event_age_seconds", 86_400),
        ("maximum_retry_attempts", 0),
        ("maximum_retry_attempts", 185.0),
        ("schedule_description", "d" * 512),
        ("schedule_name", "a" * 64),
        ("start_date", "2027-01-01T00:00:00.5-05:00"),
        ("state", "DISABLED"),
    ],
)
def test_one_setting_at_its_limit(name, value):
    assert schedule_failures({**VALID, name: value}) == []


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("2027-01-01T00:00:00Z", "2027-01-01T00:30:00+01:00"),
        ("2028-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
    ],
)
def test_end_date_after_start_date(start, end):
    assert schedule_failures({**VALID, "start_date": start, "end_date": end}) == [
        ("end_date", "must be after start_date")
    ]


def test_end_date_is_compared_only_with_a_valid_start_date():
    assert schedule_failures(
        {**VALID, "start_date": "soon", "end_date": "2020-01-01T00:00:00Z"}
    ) == [("start_date", TIMESTAMP)]
    assert (
        schedule_failures({**VALID, "start_date": None, "end_date": "2020-01-01T00:00:00Z"}) == []
    )


def test_every_failure_is_reported_in_the_settings_order():
    bad = {
        "schedule_expression": "cron(0 9 * * MON *)",
        "state": "on",
        "maximum_retry_attempts": 200,
        "schedule_expression_timezone": "Nowhere",
    }
    assert schedule_failures(bad) == [
        ("schedule_expression", QUESTION.format("neither is")),
        ("schedule_expression_timezone", ZONE),
        ("maximum_retry_attempts", "must be at most 185"),
        ("state", "must be ENABLED or DISABLED"),
    ]


def test_other_keys_are_not_looked_at():
    assert schedule_failures({**VALID, "instance_id": object(), "Schedule": 5}) == []


def test_sensitive_values_stay_out_of_messages():
    mark = "\u2602secret"
    failures = schedule_failures(
        {
            **VALID,
            "schedule_description": mark * 100,
            "schedule_name": mark,
            "schedule_group": mark,
            "dead_letter_arn": mark,
            "start_date": mark,
        }
    )
    assert len(failures) == 5
    assert not any("secret" in reason for _, reason in failures)


# -- botocore's model -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def create_schedule():
    model = botocore.session.get_session().get_service_model("scheduler")
    return model.operation_model("CreateSchedule").input_shape


def _shape(root, path: tuple[str, ...]):
    for member in path:
        root = root.members[member]
    return root


STRINGS = {
    "schedule_expression": ("ScheduleExpression",),
    "schedule_expression_timezone": ("ScheduleExpressionTimezone",),
    "dead_letter_arn": ("Target", "DeadLetterConfig", "Arn"),
    "schedule_name": ("Name",),
    "schedule_group": ("GroupName",),
    "schedule_description": ("Description",),
}
NUMBERS = {
    "flexible_time_window_minutes": ("FlexibleTimeWindow", "MaximumWindowInMinutes"),
    "maximum_event_age_seconds": ("Target", "RetryPolicy", "MaximumEventAgeInSeconds"),
    "maximum_retry_attempts": ("Target", "RetryPolicy", "MaximumRetryAttempts"),
}
PATTERNS = {
    "dead_letter_arn": r"arn:aws[a-z-]*:sqs:[a-z0-9\-]+:\d{12}:[a-zA-Z0-9\-_]+",
    "schedule_name": "[0-9a-zA-Z-_.]+",
    "schedule_group": "[0-9a-zA-Z-_.]+",
}
PATTERN_SAMPLES = [
    "arn:aws:sqs:us-east-1:123456789012:queue_1-a",
    "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q",
    "arn:aws-cn:sqs:cn-north-1:123456789012:Q",
    "arn:aws:sqs:us-east-1:123456789012:q.fifo",
    "arn:aws:sqs:us-east-1:12345678901:q",
    "arn:aws:sqs:us-east-1:1234567890123:q",
    "arn:aws:sqs:US-EAST-1:123456789012:q",
    "arn:aws:sqs::123456789012:q",
    "arn:aws:sns:us-east-1:123456789012:q",
    "arn:partition:sqs:us-east-1:123456789012:q",
    "name-with.dots_and-dashes",
    "name with space",
    "name/slash",
    "caf\u00e9",
    "-",
    ".",
]


@pytest.mark.botocore_model
@pytest.mark.parametrize("name", sorted(STRINGS))
def test_string_limits_match_botocore(create_schedule, name):
    shape = _shape(create_schedule, STRINGS[name])
    assert shape.type_name == "string"
    low, high = shape.metadata.get("min", 0), shape.metadata["max"]
    too_long = schedule_failures({**VALID, name: "a" * (high + 1)})
    assert (name, f"must be at most {high} characters") in too_long
    at_most = schedule_failures({**VALID, name: "a" * high})
    assert not any("characters" in reason for _, reason in at_most)
    empty = schedule_failures({**VALID, name: ""})
    assert ((name, "must not be empty") in empty) == (low == 1)
    assert low in (0, 1)
    if low == 0:
        assert empty == []


@pytest.mark.botocore_model
@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_number_limits_match_botocore(create_schedule, name):
    shape = _shape(create_schedule, NUMBERS[name])
    assert shape.type_name == "integer"
    low, high = shape.metadata["min"], shape.metadata["max"]
    assert schedule_failures({**VALID, name: low}) == []
    assert schedule_failures({**VALID, name: high}) == []
    assert [r for n, r in schedule_failures({**VALID, name: low - 1})][0].startswith(
        f"must be at least {low}"
    )
    assert schedule_failures({**VALID, name: high + 1}) == [(name, f"must be at most {high}")]


@pytest.mark.botocore_model
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_patterns_match_botocore(create_schedule, name):
    pattern = _shape(create_schedule, STRINGS[name]).metadata["pattern"]
    assert pattern == PATTERNS[name]
    for sample in PATTERN_SAMPLES:
        botocore_takes = re.fullmatch(pattern, sample, re.ASCII) is not None
        assert (schedule_failures({**VALID, name: sample}) == []) == botocore_takes, sample


@pytest.mark.botocore_model
def test_enums_required_and_timestamps_match_botocore(create_schedule):
    assert create_schedule.members["State"].enum == ["ENABLED", "DISABLED"]
    for state in create_schedule.members["State"].enum:
        assert schedule_failures({**VALID, "state": state}) == []
    # flexible_time_window_minutes absent stands for mode OFF, present for FLEXIBLE.
    window = create_schedule.members["FlexibleTimeWindow"]
    assert window.members["Mode"].enum == ["OFF", "FLEXIBLE"]
    assert "ScheduleExpression" in create_schedule.required_members
    assert create_schedule.members["StartDate"].type_name == "timestamp"
    assert create_schedule.members["EndDate"].type_name == "timestamp"


@pytest.mark.botocore_model
def test_rate_units_match_botocores_documentation(create_schedule):
    text = create_schedule.members["ScheduleExpression"].documentation
    options = text[text.index("following options") :]
    units = re.findall(r"<code>([a-z]+)</code>", options.split("</p>")[0])
    assert sorted(units) == sorted(["minute", "minutes", "hour", "hours", "day", "days"])
    for unit in units:
        assert expression_problems(f"rate(3 {unit})") == []
    assert "six fields" in text
    assert "at(yyyy-mm-ddThh:mm:ss)" in text


# -- random text: fast, and never an exception ------------------------------------------------
CRON_ALPHABET = "0123456789*?/-,#LW MONTUEWEDTHUFRISATSUNJANFEBDEC\t()"
noise = st.text(max_size=3000)
shaped = st.builds(
    lambda prefix, body: f"{prefix}{body})",
    st.sampled_from(["at(", "rate(", "cron(", ""]),
    st.one_of(st.text(alphabet=CRON_ALPHABET, max_size=300), st.text(max_size=300)),
)
cron_like = st.builds(
    lambda fields: "cron(" + " ".join(fields) + ")",
    st.lists(
        st.text(alphabet="0123456789*?/-,#LWMONFRIJAN", min_size=1, max_size=12),
        min_size=5,
        max_size=7,
    ),
)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=200),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just(UNKNOWN),
)
FAST = settings(max_examples=300, deadline=200)


def _reasons_are_text(problems: list[str]) -> bool:
    return isinstance(problems, list) and all(isinstance(p, str) and p for p in problems)


@FAST
@given(st.one_of(noise, shaped, cron_like))
def test_random_expressions_are_answered(text):
    assert _reasons_are_text(expression_problems(text))


@FAST
@given(st.one_of(noise, st.text(alphabet="abcAZ_/+-.09", max_size=60)))
def test_random_time_zones_are_answered(text):
    assert _reasons_are_text(timezone_problems(text))


@FAST
@given(st.dictionaries(st.sampled_from(sorted(VALID)), anything))
def test_random_settings_are_answered(values):
    failures = schedule_failures(values)
    assert all(isinstance(name, str) and isinstance(reason, str) for name, reason in failures)


def test_long_and_hostile_text_is_answered_in_bounded_time():
    hostile = [
        "cron(" + "1," * 5000 + ")",
        "cron(" + "1-" * 100 + " * * * ? *)",
        "rate(" + "9" * 100_000 + " days)",
        "at(" + "2" * 100_000 + ")",
        "cron(" + " " * 100_000 + ")",
        "x" * 1_000_000,
    ]
    started = time.perf_counter()
    for text in hostile:
        assert expression_problems(text)
        assert timezone_problems(text)
        assert schedule_failures({"schedule_expression": text, "start_date": text})
    assert time.perf_counter() - started < 1.0


def test_the_rules_load_without_pulumi_or_boto3():
    code = (
        "import sys\n"
        "import pulumi_connect_tasks.recurring.expressions\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pulumi', 'boto3', 'botocore')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout == "[]\n"
