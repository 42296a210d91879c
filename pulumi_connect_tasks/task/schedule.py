"""A task's scheduled time: the forms a user may write, resolved to one UTC instant.

Accepted forms: an RFC 3339 timestamp ("2026-11-25T22:00:00Z"; without the offset,
"1970-01-01T00:00:00" as ``aws connect start-task-contact --generate-cli-skeleton``
writes it, is UTC, as botocore takes it), epoch seconds (a number or a digit string), or
an ISO 8601 duration counted from ``now`` ("PT2H", "P1DT30M", "P1W"). Durations with
years or months are refused: their length depends on the calendar. A form whose time no
datetime can hold (epoch seconds past the year 9999) is :class:`OutOfRange`. Depends on
the standard library only.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

from ..common.errors import OutOfRange
from ..common.timestamps import as_utc, parse_rfc3339, parse_timestamp, to_rfc3339

__all__ = [
    "resolve_scheduled_time",
    "is_relative",
    "to_rfc3339",
    "parse_rfc3339",
    "parse_timestamp",
    "HORIZON",
    "OutOfRange",
]

HORIZON = timedelta(days=6)
"""How far ahead a task may be scheduled (StartTaskContact: "within up to 6 days in future")."""

FORMS = (
    "must be an RFC 3339 timestamp (2026-11-25T22:00:00Z), epoch seconds, "
    "or an ISO 8601 duration from now (PT2H, P1DT30M)"
)
_CALENDAR_UNITS = (
    "must not use years or months in an ISO 8601 duration (their length varies); "
    "use weeks, days, hours, minutes and seconds (P30D, PT2H)"
)

_EPOCH = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_DURATION = re.compile(
    r"P(?:(?P<weeks>[0-9]+)W)?(?:(?P<days>[0-9]+)D)?"
    r"(?:T(?:(?P<hours>[0-9]+)H)?(?:(?P<minutes>[0-9]+)M)?(?:(?P<seconds>[0-9]+(?:[.,][0-9]+)?)S)?)?"
)
# A duration that names years or months (before any "T"): refused with its own message.
_CALENDAR_DURATION = re.compile(r"P[0-9YMWD]*?[0-9]+[YM][0-9YMWD]*(?:T[0-9.,HMS]+)?")


def _out_of_range() -> OutOfRange:
    return OutOfRange(
        f"is out of range: a task is scheduled from now to at most {HORIZON.days} days ahead"
    )


def _duration(text: str) -> timedelta | None:
    """The timedelta of an accepted ISO 8601 duration, or None if ``text`` is not one;
    OutOfRange for one longer than a timedelta holds."""
    match = _DURATION.fullmatch(text)
    if match is None or text in ("P", "PT") or text.endswith("T"):
        return None
    parts = {k: float((v or "0").replace(",", ".")) for k, v in match.groupdict().items()}
    try:
        return timedelta(**parts)
    except OverflowError:
        raise _out_of_range() from None


def is_relative(value: object) -> bool:
    """True if ``value`` is an accepted ISO 8601 duration, i.e. a time counted from now."""
    try:
        return isinstance(value, str) and _duration(value.strip().upper()) is not None
    except OutOfRange:
        return True


def _from_epoch(seconds: float) -> datetime:
    try:
        # An int of 400 digits is no float: isfinite raises OverflowError.
        if not math.isfinite(seconds):
            raise _out_of_range()
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise _out_of_range() from None


def resolve_scheduled_time(value: str | int | float | datetime, *, now: datetime) -> datetime:
    """The UTC instant ``value`` names; a duration is counted from ``now``.

    A naive datetime (``value`` or ``now``) or timestamp is taken as UTC, as botocore
    does. Raises ValueError whose message names the accepted forms, or OutOfRange (a
    ValueError) for a time in an accepted form past what a datetime holds.
    """
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, bool):
        raise ValueError(FORMS)
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if not isinstance(value, str):
        raise ValueError(FORMS)
    text = value.strip()
    if _EPOCH.fullmatch(text):
        return _from_epoch(float(text))
    duration = _duration(text.upper())
    if duration is not None:
        try:
            return as_utc(now) + duration
        except OverflowError:
            raise _out_of_range() from None
    if _CALENDAR_DURATION.fullmatch(text.upper()):
        raise ValueError(_CALENDAR_UNITS)
    try:
        return parse_timestamp(text)
    except ValueError:
        raise ValueError(FORMS) from None
