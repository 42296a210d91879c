"""The rules AWS applies to the values of a task contact (InvalidParameterException or
InvalidRequestException, messages that name the member and the rule, never a value).

botocore's connect model documents each: references of a task (types at creation,
URL, EMAIL and NUMBER forms, DATE as an epoch timestamp, 4,096 UTF-8 bytes across all
of them), user-defined attributes (keys, 32,768 bytes), segment attributes (keys,
system-defined value members, ValueArn an ARN, the ContactExpiry form and range, what
UpdateContact may change), the ScheduledTime window. This is the emulator's own
implementation: it never calls the provider's validator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .exceptions import InvalidParameterException, InvalidRequestException

__all__ = [
    "ATTRIBUTE_BYTE_BUDGET",
    "CREATION_REFERENCE_TYPES",
    "EXPIRY_ATTRIBUTE",
    "MAX_EXPIRY_MINUTES",
    "PAST_GRACE_SECONDS",
    "REFERENCE_BYTE_BUDGET",
    "SCHEDULE_HORIZON_SECONDS",
    "SYSTEM_ATTRIBUTE_PREFIX",
    "check_attributes",
    "check_reference_budget",
    "check_references",
    "check_schedule_window",
    "check_segment_attributes",
    "check_updatable_segment_attributes",
    "expiry_minutes",
]

SCHEDULE_HORIZON_SECONDS = 6 * 24 * 3600
# botocore sends whole seconds unless given sub-second datetimes, and a request
# takes time to arrive: a ScheduledTime of "now" must not count as the past.
PAST_GRACE_SECONDS = 5.0
ATTRIBUTE_BYTE_BUDGET = 32768
EXPIRY_ATTRIBUTE = "connect:ContactExpiry"
MAX_EXPIRY_MINUTES = 90 * 24 * 60
CREATION_REFERENCE_TYPES = ("URL", "NUMBER", "STRING", "DATE", "EMAIL")
# "You can have up to 4,096 UTF-8 bytes across all references for a contact."
REFERENCE_BYTE_BUDGET = 4096
SYSTEM_ATTRIBUTE_PREFIX = "connect:"
_ATTRIBUTE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# "DATE must be of type Epoch timestamp": whole seconds or milliseconds, ASCII
# digits only ([0-9], not \d, which also matches other scripts' digits).
_EPOCH_VALUE = re.compile(r"[0-9]{1,13}")
# Keys are alphanumeric, '-' and '_'; the documented system-defined keys
# (connect:ContactExpiry, connect:CreatedByUser) carry the "connect:" prefix.
_SEGMENT_KEY = re.compile(r"(connect:)?[A-Za-z0-9_-]+")
_SYSTEM_ONLY_MEMBERS = ("ValueList", "ValueArn")
# Reference: "A valid value for the reference. For example, for a URL reference, a
# formatted URL". EmailAddress is the model's own pattern.
_EMAIL_VALUE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_NUMBER_VALUE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
# SegmentAttributeValue.ValueArn: "has to be a valid ARN".
_ARN_VALUE = re.compile(r"arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:\S+")


def _is_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not any(c.isspace() for c in value)
    )


_VALUE_FORMS: dict[str, tuple[Callable[[str], object], str]] = {
    "URL": (_is_url, "a URL (http or https)"),
    "EMAIL": (_EMAIL_VALUE.fullmatch, "an e-mail address"),
    "NUMBER": (_NUMBER_VALUE.fullmatch, "a number"),
}


def check_attributes(attributes: dict[str, str], path: str = "Attributes") -> None:
    """Keys only letters, digits, '-' and '_'; at most 32,768 UTF-8 bytes over keys and values.

    Raises InvalidParameterException naming the rule (never a value).
    """
    bad = sorted(key for key in attributes if not _ATTRIBUTE_KEY.fullmatch(key))
    if bad:
        raise InvalidParameterException(
            f"{path}: {len(bad)} key(s) contain characters other than letters, digits, '-' and '_'"
        )
    size = sum(len(key.encode()) + len((value or "").encode()) for key, value in attributes.items())
    if size > ATTRIBUTE_BYTE_BUDGET:
        raise InvalidParameterException(
            f"{path}: keys and values must total at most {ATTRIBUTE_BYTE_BUDGET} UTF-8 bytes"
        )


def check_references(references: dict[str, dict[str, Any]]) -> None:
    """A task's references: types URL, NUMBER, STRING, DATE, EMAIL; a DATE's Value an epoch timestamp.

    The epoch timestamp is 1 to 13 ASCII digits (seconds or milliseconds); an
    RFC 3339 string, a sign, a fraction or an empty Value is InvalidParameterException.
    """
    for name in sorted(references):
        kind = references[name].get("Type")
        if kind not in CREATION_REFERENCE_TYPES:
            raise InvalidParameterException(
                f"References.{name}.Type must be one of {', '.join(CREATION_REFERENCE_TYPES)} for a task"
            )
        value = references[name].get("Value")
        if kind in _VALUE_FORMS and value is not None:
            check, form = _VALUE_FORMS[kind]
            if not check(value):
                raise InvalidParameterException(
                    f"References.{name}.Value must be {form} for Type {kind}"
                )
        if kind == "DATE" and not _EPOCH_VALUE.fullmatch(value or ""):
            raise InvalidParameterException(
                f"References.{name}.Value must be an epoch timestamp (1 to 13 digits, seconds or milliseconds) "
                "for Type DATE"
            )


def check_reference_budget(references: dict[str, dict[str, Any]]) -> None:
    """All of a contact's references total at most 4,096 UTF-8 bytes (names plus Values; Type not counted).

    The caller passes the contact's whole set: after a template's defaults on
    StartTaskContact, the merged set on UpdateContact.
    """
    size = sum(
        len(name.encode()) + len((ref.get("Value") or "").encode())
        for name, ref in references.items()
    )
    if size > REFERENCE_BYTE_BUDGET:
        raise InvalidParameterException(
            f"References: names and values must total at most {REFERENCE_BYTE_BUDGET} UTF-8 bytes "
            f"across all references of a contact; got {size}"
        )


def expiry_minutes(segment_attributes: dict[str, Any]) -> int | None:
    """Minutes of ``connect:ContactExpiry``, None if absent or not in the documented form.

    The documented form is ``{"ValueMap": {"ExpiryDuration": {"ValueInteger": N}}}``;
    ``check_segment_attributes`` refuses any other before a contact stores it.
    """
    value = segment_attributes.get(EXPIRY_ATTRIBUTE)
    if not isinstance(value, dict):
        return None
    nested = (value.get("ValueMap") or {}).get("ExpiryDuration")
    if isinstance(nested, dict):
        return nested.get("ValueInteger")
    return None


def check_segment_attributes(segment_attributes: dict[str, Any]) -> None:
    """Keys, system-defined value members and ``connect:ContactExpiry`` (InvalidParameterException).

    A key is user-defined (letters, digits, '-', '_') or system-defined (the
    same after "connect:"); the value of a user-defined key must not use
    ValueList or ValueArn (checked on the key's own value: the entries of a
    ValueMap are not attribute keys). ``connect:ContactExpiry`` must give
    ValueMap.ExpiryDuration.ValueInteger from 1 to 129,600 minutes (90 days);
    a bare ValueInteger is not the documented form and is refused. Messages
    name the key, never a value.
    """
    for key in sorted(segment_attributes):
        if not _SEGMENT_KEY.fullmatch(key):
            raise InvalidParameterException(
                f"SegmentAttributes.{key}: a key may contain only letters, digits, '-' and '_', "
                f"after the prefix '{SYSTEM_ATTRIBUTE_PREFIX}' for a system-defined attribute"
            )
        value = segment_attributes[key]
        if not key.startswith(SYSTEM_ATTRIBUTE_PREFIX) and isinstance(value, dict):
            for member in _SYSTEM_ONLY_MEMBERS:
                if value.get(member) is not None:
                    raise InvalidParameterException(
                        f"SegmentAttributes.{key}.{member} is only supported for system-defined attributes "
                        f"(keys starting with '{SYSTEM_ATTRIBUTE_PREFIX}'), not for user-defined attributes"
                    )
        _check_arns(value, f"SegmentAttributes.{key}")
    if EXPIRY_ATTRIBUTE not in segment_attributes:
        return
    minutes = expiry_minutes(segment_attributes)
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not 1 <= minutes <= MAX_EXPIRY_MINUTES
    ):
        raise InvalidParameterException(
            f"SegmentAttributes.{EXPIRY_ATTRIBUTE} must set ValueMap.ExpiryDuration.ValueInteger "
            f"to a number of minutes from 1 to {MAX_EXPIRY_MINUTES}"
        )


def _check_arns(value: Any, path: str) -> None:
    """Every ValueArn in a segment attribute value, at any depth, must be an ARN."""
    if not isinstance(value, dict):
        return
    arn = value.get("ValueArn")
    if isinstance(arn, str) and not _ARN_VALUE.fullmatch(arn):
        raise InvalidParameterException(f"{path}.ValueArn must be a valid ARN")
    for key, item in sorted((value.get("ValueMap") or {}).items()):
        _check_arns(item, f"{path}.ValueMap.{key}")
    for index, item in enumerate(value.get("ValueList") or []):
        _check_arns(item, f"{path}.ValueList[{index}]")


def check_updatable_segment_attributes(segment_attributes: dict[str, Any]) -> None:
    """UpdateContact: "Contact Expiry, and user-defined attributes (String - String) that are
    defined in predefined attributes, can be updated" (InvalidRequestException otherwise)."""
    for key in sorted(segment_attributes):
        value = segment_attributes[key]
        user_string = (
            not key.startswith(SYSTEM_ATTRIBUTE_PREFIX)
            and isinstance(value, dict)
            and set(value) == {"ValueString"}
        )
        if key != EXPIRY_ATTRIBUTE and not user_string:
            raise InvalidRequestException(
                f"SegmentAttributes.{key}: UpdateContact changes only {EXPIRY_ATTRIBUTE} and user-defined "
                "attributes with a ValueString"
            )


def check_schedule_window(scheduled: float, now: float) -> None:
    """ScheduledTime must not be in the past and at most 6 days ahead (InvalidRequestException)."""
    if scheduled < now - PAST_GRACE_SECONDS:
        raise InvalidRequestException("ScheduledTime must not be in the past")
    if scheduled > now + SCHEDULE_HORIZON_SECONDS:
        raise InvalidRequestException("ScheduledTime must be at most 6 days ahead")
