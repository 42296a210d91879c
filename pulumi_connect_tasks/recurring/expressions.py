"""The rules of EventBridge Scheduler's schedule settings, as pure functions.

Used by the RecurringConnectTask component (snake_case inputs) and by definition files
(``Schedule``, ``ScheduleTimezone``). The limits are botocore's ``scheduler`` model
(CreateSchedule's input; ``tests/recurring/test_expressions.py`` compares them with it):

    schedule_expression           1-256 chars: at(...), rate(...) or cron(...) (required)
    schedule_expression_timezone  1-50 chars, an IANA time zone name
    start_date, end_date          RFC 3339 timestamps with an offset or Z; end after start
    flexible_time_window_minutes  a whole number 1-1440 (absent: the window's mode is OFF)
    maximum_event_age_seconds     a whole number 60-86400
    maximum_retry_attempts        a whole number 0-185
    dead_letter_arn               1-1600 chars, an SQS queue ARN
    schedule_name, schedule_group 1-64 chars of letters, digits, '-', '_' and '.'
    state                         ENABLED or DISABLED
    schedule_description          0-512 chars

An ``at(yyyy-mm-ddThh:mm:ss)`` names a real date and time (its time zone is the schedule's);
whether it is past depends on the clock and is AWS's to say. A ``rate(value unit)`` has a
positive integer without sign or leading zero, at most 999999999 (this module's bound, not
AWS's), and a unit of minute, minutes, hour, hours, day or days (botocore's text lists all
six; singular or plural is not enforced). ``cron(...)`` is :mod:`.cron`'s.

A message names the rule; a value is quoted only where it is not sensitive (an expression's
parts), never a description or a name. Every check bounds the length first; nothing
backtracks. No Pulumi, no boto3: the standard library, and :mod:`..common` for timestamps and
unknown values. The one read is the time zone database, by :class:`zoneinfo.ZoneInfo`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..common.timestamps import parse_rfc3339
from ..common.unknown import is_unknown
from .cron import cron_problems

__all__ = ["expression_problems", "timezone_problems", "schedule_failures"]

FORMS = (
    "must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) "
    "or cron(minutes hours day-of-month month day-of-week year)"
)
_RATE_UNITS = ("minute", "minutes", "hour", "hours", "day", "days")
_RATE_MAX = 999_999_999
_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")
# Files of the time zone database directory that ZoneInfo reads but that name no IANA zone.
_NOT_ZONES = ("posixrules", "localtime", "Factory")
_NOT_ZONE_FOLDERS = ("posix/", "right/")
_ZONE_FORM = "must be an IANA time zone name such as America/New_York or UTC"
_NO_ZONE_DATABASE = (
    "cannot be checked: this machine has no time zone database (the tzdata package provides one)"
)
_SCHEDULE_NAME = re.compile(r"[0-9A-Za-z_.-]+")
_DEAD_LETTER_ARN = re.compile(r"arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_-]+")
_TIMESTAMP_MAX = 64  # far longer than any RFC 3339 timestamp worth parsing
_TIMESTAMP_FORM = "must be an RFC 3339 timestamp with an offset or Z, such as 2027-01-31T09:00:00Z"


def _type_name(value: object) -> str:
    return type(value).__name__


def _length_problems(text: str, low: int, high: int) -> list[str]:
    if len(text) < low:
        return ["must not be empty" if low == 1 else f"must be at least {low} characters"]
    if len(text) > high:
        return [f"must be at most {high} characters"]
    return []


def _string_problems(value: object, low: int, high: int) -> list[str]:
    """The type and length problems of a string setting; [] for a string within its limits."""
    if not isinstance(value, str):
        return [f"must be a string, not {_type_name(value)}"]
    return _length_problems(value, low, high)


def _at_problems(when: str) -> list[str]:
    if not _AT.fullmatch(when):
        return ["at: must be at(yyyy-mm-ddThh:mm:ss), such as at(2027-01-31T09:00:00)"]
    try:
        datetime.fromisoformat(when)
    except ValueError:
        return [f"at: {when} is not a real date and time"]
    return []


def _rate_problems(rate: str) -> list[str]:
    parts = [part for part in rate.replace("\t", " ").split(" ") if part]
    if len(parts) != 2:
        return ["rate: must be rate(value unit), such as rate(5 minutes)"]
    value, unit = parts
    problems: list[str] = []
    shown = value if value.isascii() and value.isprintable() else ascii(value)
    if not (value.isascii() and value.isdigit()) or value.strip("0") == "":
        problems.append(f"rate value: {shown} is not a positive integer")
    elif value.startswith("0"):
        problems.append(f"rate value: {shown} has a leading zero")
    elif len(value) > len(str(_RATE_MAX)) or int(value) > _RATE_MAX:
        problems.append(f"rate value: {shown} is more than {_RATE_MAX}")
    if unit not in _RATE_UNITS:
        shown = unit if unit.isascii() and unit.isprintable() else ascii(unit)
        problems.append(f"rate unit: {shown} is not one of {', '.join(_RATE_UNITS)}")
    return problems


_FORMS: tuple[tuple[str, Callable[[str], list[str]]], ...] = (
    ("at(", _at_problems),
    ("rate(", _rate_problems),
    ("cron(", cron_problems),
)


def expression_problems(value: object) -> list[str]:
    """Why ``value`` is not a schedule expression EventBridge Scheduler takes; [] if it is one."""
    problems = _string_problems(value, 1, 256)
    if problems or not isinstance(value, str):
        return problems
    for prefix, check in _FORMS:
        if value.startswith(prefix) and value.endswith(")"):
            return check(value[len(prefix) : -1])
    return [FORMS]


def timezone_problems(value: object) -> list[str]:
    """Why ``value`` is not a time zone EventBridge Scheduler takes; [] if it is one.

    A name is accepted when it has the form of an IANA name (parts of letters, digits,
    '_', '+' and '-' separated by '/': no path, no '..') and :class:`zoneinfo.ZoneInfo`
    finds it in this machine's database; the database's own files that name no zone
    (posixrules, localtime, Factory, posix/..., right/...) are refused. Without any database
    every name gets a message that says so.
    """
    problems = _string_problems(value, 1, 50)
    if problems or not isinstance(value, str):
        return problems
    if (
        not _ZONE_NAME.fullmatch(value)
        or value in _NOT_ZONES
        or value.startswith(_NOT_ZONE_FOLDERS)
    ):
        return [_ZONE_FORM]
    if not _zone_found(value):
        return [_ZONE_FORM if _zone_found("UTC") else _NO_ZONE_DATABASE]
    return []


def _zone_found(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _timestamp_problems(value: object) -> list[str]:
    if not isinstance(value, str):
        return [f"must be a string, not {_type_name(value)}"]
    if len(value) <= _TIMESTAMP_MAX:
        try:
            parse_rfc3339(value)
            return []
        except ValueError:
            pass
    return [_TIMESTAMP_FORM]


def _whole(low: int, high: int, hint: str = "") -> Callable[[object], list[str]]:
    """The rule of a whole number ``low`` to ``high``; a float of integral value counts
    (Pulumi sends numbers as floats), a bool does not."""

    def problems(value: object) -> list[str]:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            kind = "" if isinstance(value, float) else f", not {_type_name(value)}"
            return [f"must be a whole number{kind}"]
        if value < low:
            return [f"must be at least {low}{hint}"]
        if value > high:
            return [f"must be at most {high}"]
        return []

    return problems


def _dead_letter_problems(value: object) -> list[str]:
    problems = _string_problems(value, 1, 1600)
    if problems or not isinstance(value, str):
        return problems
    if not _DEAD_LETTER_ARN.fullmatch(value):
        return ["must be an SQS queue ARN: arn:aws:sqs:<region>:<12-digit account>:<queue name>"]
    return []


def _name_problems(value: object) -> list[str]:
    problems = _string_problems(value, 1, 64)
    if problems or not isinstance(value, str):
        return problems
    if not _SCHEDULE_NAME.fullmatch(value):
        return ["may contain only letters, digits, '-', '_' and '.'"]
    return []


def _state_problems(value: object) -> list[str]:
    return [] if value in ("ENABLED", "DISABLED") else ["must be ENABLED or DISABLED"]


_RULES: dict[str, Callable[[object], list[str]]] = {
    "schedule_expression": expression_problems,
    "schedule_expression_timezone": timezone_problems,
    "start_date": _timestamp_problems,
    "end_date": _timestamp_problems,
    "flexible_time_window_minutes": _whole(1, 1440, " (leave it unset for no flexible window)"),
    "maximum_event_age_seconds": _whole(60, 86_400),
    "maximum_retry_attempts": _whole(0, 185),
    "dead_letter_arn": _dead_letter_problems,
    "schedule_name": _name_problems,
    "schedule_group": _name_problems,
    "state": _state_problems,
    "schedule_description": lambda value: _string_problems(value, 0, 512),
}
_REQUIRED = {"schedule_expression": f"is required: {FORMS.removeprefix('must be ')}"}


def schedule_failures(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (property, reason) for the snake_case schedule settings below; a value that is
    None is absent; a value for which common.unknown.is_unknown(v) is true (not known at
    preview) is skipped.

    The settings are the names of the module docstring's table; other keys are not looked
    at (the component reports inputs it does not know). Failures come in the table's
    order, then end_date against start_date (compared only when both are known and valid).
    """
    failures: list[tuple[str, str]] = []
    for name, rule in _RULES.items():
        value = settings.get(name)
        if value is None:
            if name in _REQUIRED:
                failures.append((name, _REQUIRED[name]))
        elif not is_unknown(value):
            failures.extend((name, reason) for reason in rule(value))
    start, end = settings.get("start_date"), settings.get("end_date")
    if (
        isinstance(start, str)
        and isinstance(end, str)
        and not _timestamp_problems(start)
        and not _timestamp_problems(end)
        and parse_rfc3339(end) <= parse_rfc3339(start)
    ):
        failures.append(("end_date", "must be after start_date"))
    return failures
