"""resolve_scheduled_time, is_relative, to_rfc3339 and parse_rfc3339: every form, good and bad."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pulumi_connect_tasks.task.schedule import (
    OutOfRange,
    is_relative,
    parse_rfc3339,
    resolve_scheduled_time,
    to_rfc3339,
)

NOW = datetime(2026, 11, 25, 22, 0, 0, tzinfo=UTC)
FORMS = (
    "must be an RFC 3339 timestamp (2026-11-25T22:00:00Z), epoch seconds, "
    "or an ISO 8601 duration from now (PT2H, P1DT30M)"
)
CALENDAR = (
    "must not use years or months in an ISO 8601 duration (their length varies); "
    "use weeks, days, hours, minutes and seconds (P30D, PT2H)"
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-26T08:00:00Z", utc(2026, 11, 26, 8)),
        ("2026-11-26t08:00:00z", utc(2026, 11, 26, 8)),
        ("2026-11-26T10:00:00+02:00", utc(2026, 11, 26, 8)),
        ("2026-11-26T03:30:00-04:30", utc(2026, 11, 26, 8)),
        ("2026-11-26T08:00:00.250Z", utc(2026, 11, 26, 8, 0, 0, 250000)),
        ("2026-11-26T08:00:00.1234567891Z", utc(2026, 11, 26, 8, 0, 0, 123456)),
        ("2026-12-31T23:59:60Z", utc(2027, 1, 1)),
        (" 2026-11-26T08:00:00Z ", utc(2026, 11, 26, 8)),
        (1795680000, utc(2026, 11, 26, 8)),
        (1795680000.5, utc(2026, 11, 26, 8, 0, 0, 500000)),
        ("1795680000", utc(2026, 11, 26, 8)),
        ("1795680000.5", utc(2026, 11, 26, 8, 0, 0, 500000)),
        ("PT2H", utc(2026, 11, 26, 0)),
        ("P1DT30M", utc(2026, 11, 26, 22, 30)),
        ("PT90S", utc(2026, 11, 25, 22, 1, 30)),
        ("PT1.5S", utc(2026, 11, 25, 22, 0, 1, 500000)),
        ("PT0,5S", utc(2026, 11, 25, 22, 0, 0, 500000)),
        ("P1W", utc(2026, 12, 2, 22)),
        ("P1W1D", utc(2026, 12, 3, 22)),
        ("P2D", utc(2026, 11, 27, 22)),
        ("PT1H2M3S", utc(2026, 11, 25, 23, 2, 3)),
        ("pt2h", utc(2026, 11, 26, 0)),
        ("PT0S", NOW),
        (datetime(2026, 11, 26, 10, 0, tzinfo=timezone(timedelta(hours=2))), utc(2026, 11, 26, 8)),
        (datetime(2026, 11, 26, 8, 0), utc(2026, 11, 26, 8)),
        # Without an offset: UTC, as botocore takes it (the AWS CLI's --generate-cli-skeleton writes one).
        ("2026-11-26T08:00:00", utc(2026, 11, 26, 8)),
        ("1970-01-01T00:00:00", utc(1970, 1, 1)),
        ("2026-11-26t08:00:00.25", utc(2026, 11, 26, 8, 0, 0, 250000)),
    ],
)
def test_resolve_scheduled_time_accepted_forms(value, expected):
    resolved = resolve_scheduled_time(value, now=NOW)
    assert resolved == expected
    assert resolved.tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        "",
        "tomorrow",
        "2026-11-26",
        "2026-11-26 08:00:00Z",
        "2026-11-26 08:00:00",
        "2026-02-30T08:00:00Z",
        "2026-11-26T24:00:00Z",
        "2026-11-26T08:60:00Z",
        "2026-11-26T08:00:61Z",
        "2026-11-26T08:00:00+24:00",
        "P",
        "PT",
        "P1DT",
        "-PT2H",
        "PT2H30",
        "P1.5D",
        "PT-1H",
        "-1795680000",
        "1e9",
        True,
        None,
        [1],
        {"at": 1},
    ],
)
def test_resolve_scheduled_time_bad_forms(value):
    with pytest.raises(ValueError) as caught:
        resolve_scheduled_time(value, now=NOW)
    assert str(caught.value) == FORMS


@pytest.mark.parametrize(
    "value",
    [
        "P99999999999D",
        float("nan"),
        float("inf"),
        1e20,
        9999999999999,
        "9999999999999",
        -(10**20),
        int("9" * 400),
        "9" * 400,  # an int no float holds: OverflowError, before
    ],
)
def test_resolve_scheduled_time_out_of_range(value):
    # An accepted form whose time no datetime holds: out of range, not "must be epoch seconds".
    with pytest.raises(OutOfRange) as caught:
        resolve_scheduled_time(value, now=NOW)
    assert (
        str(caught.value) == "is out of range: a task is scheduled from now to at most 6 days ahead"
    )


@pytest.mark.parametrize("value", ["P1Y", "P1M", "P1Y2M3DT4H", "p2m", "P1M1D"])
def test_resolve_scheduled_time_years_and_months_refused(value):
    with pytest.raises(ValueError) as caught:
        resolve_scheduled_time(value, now=NOW)
    assert str(caught.value) == CALENDAR


def test_resolve_scheduled_time_duration_counts_from_naive_now_as_utc():
    assert resolve_scheduled_time("PT1H", now=datetime(2026, 11, 25, 22, 0)) == utc(
        2026, 11, 25, 23
    )


def test_resolve_scheduled_time_minutes_versus_months():
    assert resolve_scheduled_time("PT1M", now=NOW) == utc(2026, 11, 25, 22, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PT2H", True),
        ("P1DT30M", True),
        ("P1W", True),
        (" pt5m ", True),
        ("P1Y", False),
        ("P", False),
        ("2026-11-26T08:00:00Z", False),
        ("1795680000", False),
        (1795680000, False),
        (None, False),
        (NOW, False),
    ],
)
def test_is_relative(value, expected):
    assert is_relative(value) is expected


def test_to_rfc3339_forms():
    assert to_rfc3339(utc(2026, 11, 25, 22, 0, 0, 999999)) == "2026-11-25T22:00:00Z"
    assert (
        to_rfc3339(datetime(2026, 11, 26, 0, 0, tzinfo=timezone(timedelta(hours=2))))
        == "2026-11-25T22:00:00Z"
    )
    assert to_rfc3339(datetime(2026, 11, 25, 22, 0)) == "2026-11-25T22:00:00Z"


def test_to_rfc3339_round_trips_through_resolve():
    when = utc(2026, 11, 26, 8, 15, 30)
    assert resolve_scheduled_time(to_rfc3339(when), now=NOW) == when


def test_parse_rfc3339_requires_offset_and_string():
    assert parse_rfc3339("2026-11-26T08:00:00-00:00") == utc(2026, 11, 26, 8)
    for value in ("2026-11-26T08:00:00", 1795680000, "2026-11-26T08:00Z"):
        with pytest.raises(ValueError):
            parse_rfc3339(value)
