"""Timestamps as Amazon Connect and its users write them: RFC 3339 in, RFC 3339 out.

Shared by tasks (ScheduledTime, DATE references) and templates (their timestamps).
Standard library only.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["parse_rfc3339", "parse_timestamp", "to_rfc3339", "as_utc"]

_RFC3339 = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?"
)


def parse_rfc3339(text: str) -> datetime:
    """The UTC instant of an RFC 3339 date-time ("2026-11-25T22:00:00Z", "...+02:00").

    The offset is required. A leap second (":60") counts as the next second. Fractions
    beyond microseconds are truncated. Raises ValueError for anything else.
    """
    return _parse_timestamp(text, naive=False)


def parse_timestamp(text: str) -> datetime:
    """:func:`parse_rfc3339`, and also without the offset ("1970-01-01T00:00:00"): UTC, as
    botocore takes a timestamp without one. What a ScheduledTime string may be."""
    return _parse_timestamp(text, naive=True)


def _parse_timestamp(text: str, *, naive: bool) -> datetime:
    match = _RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None or (match["offset"] is None and not naive):
        raise ValueError("not an RFC 3339 date-time")
    second = int(match["second"])
    if second > 60:
        raise ValueError("not an RFC 3339 date-time")
    offset = (match["offset"] or "Z").upper()
    if offset == "Z":
        tz = UTC
    else:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            raise ValueError("not an RFC 3339 date-time")
        sign = -1 if offset[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    micro = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    # fromisoformat checks the calendar (month lengths, leap years) and the ranges.
    base = datetime.fromisoformat(f"{match['date']}T{match['hour']}:{match['minute']}:00")
    return (base.replace(tzinfo=tz) + timedelta(seconds=second, microseconds=micro)).astimezone(UTC)


def as_utc(dt: datetime) -> datetime:
    """``dt`` in UTC; a naive datetime is taken as UTC, as botocore takes it."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def to_rfc3339(dt: datetime) -> str:
    """``dt`` in UTC as "2026-11-25T22:00:00Z" (microseconds dropped; naive taken as UTC)."""
    return as_utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")
