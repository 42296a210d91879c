"""Validation of a StartTaskContact request: the JSON Schema plus the rules it says badly.

The schema (``schemas/start_task_contact.schema.json``, generated from botocore's model by
``scripts/botocore_schema.py``) holds the static shape: types, required and known members,
lengths, enums, patterns. The Python rules below hold what depends on the clock, on byte
budgets or on several members at once. Each rule lives in exactly one place.

Beyond StartTaskContact's own members a request may name its target by name
(:data:`NAME_MEMBERS`: ContactFlowName, QuickConnectName, TaskTemplateName). They are
validated here like members (their schemas are :data:`NAME_MEMBER_SCHEMAS`, botocore's
Name shapes) and count toward the one-target rule; the provider resolves them to ids
before anything reaches AWS.

No message ever contains a value of the request: a message names the rule, its path names
the member. Depends on jsonschema and the standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

from ..common.timestamps import parse_timestamp, to_rfc3339
from ..common.unknown import UNKNOWN, holds_unknown
from ..common.violations import (
    SCHEMA_DIR,
    UNKNOWN_MEMBER,
    Violation,
    load_schema,
    make_validator,
    schema_violations,
    unknown_member_message,
    violations_of,
)
from .references import REFERENCES_BUDGET, is_date_value, references_size
from .schedule import HORIZON, resolve_scheduled_time

# UNKNOWN, Violation, holds_unknown, the schema helpers and SCHEMA_DIR live in common/ (shared
# with templates); they stay importable here, where programs and old states found them.
__all__ = [
    "UNKNOWN",
    "Violation",
    "validate_start_task_contact",
    "request_validator",
    "load_schema",
    "schema_violations",
    "holds_unknown",
    "SCHEMA_DIR",
    "is_system_segment_key",
    "EXPIRY_KEY",
    "START_TASK_CONTACT_SCHEMA",
    "UNKNOWN_MEMBER",
    "unknown_member_message",
    "NAME_MEMBERS",
    "NAME_MEMBER_SCHEMAS",
    "TARGETS",
    "request_schema",
]

START_TASK_CONTACT_SCHEMA = "start_task_contact.schema.json"

NAME_MEMBERS: dict[str, str] = {
    "ContactFlowName": "ContactFlowId",
    "QuickConnectName": "QuickConnectId",
    "TaskTemplateName": "TaskTemplateId",
}
"""Target names a request may give instead of an id -> the id member each resolves to.
Not StartTaskContact members: resolved by :mod:`pulumi_connect_tasks.task.names`, never sent."""

NAME_MEMBER_SCHEMAS: dict[str, dict[str, Any]] = {
    # botocore's ContactFlowName shape: min 1, no maximum.
    "ContactFlowName": {
        "type": "string",
        "minLength": 1,
        "description": "The name of the flow to run, instead of ContactFlowId; resolved to its id when "
        "the task is started (ListContactFlows). Not sent to AWS.",
    },
    # botocore's QuickConnectName shape: 1 to 127.
    "QuickConnectName": {
        "type": "string",
        "minLength": 1,
        "maxLength": 127,
        "description": "The name of the quick connect, instead of QuickConnectId; resolved to its id when "
        "the task is started (ListQuickConnects). Not sent to AWS.",
    },
    # botocore's TaskTemplateName shape: 1 to 100.
    "TaskTemplateName": {
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
        "description": "The name of the task template, instead of TaskTemplateId; resolved to its id when "
        "the task is started (ListTaskTemplates); it must name exactly one template. "
        "Not sent to AWS.",
    },
}
"""The JSON Schema of each member of NAME_MEMBERS (limits from botocore's Name shapes)."""


@cache
def request_schema() -> dict:
    """The StartTaskContact schema plus the NAME_MEMBERS (cached: do not modify it).

    What :func:`validate_start_task_contact` checks a request against.
    """
    schema = dict(load_schema(START_TASK_CONTACT_SCHEMA))
    schema["properties"] = {**schema["properties"], **NAME_MEMBER_SCHEMAS}
    return schema


@cache
def request_validator() -> Draft202012Validator:
    """The validator of :func:`request_schema` (cached)."""
    return make_validator(request_schema())


# -- the rules the schema says badly ------------------------------------------------------------
TARGETS = ("ContactFlowId", "QuickConnectId", "TaskTemplateId", *NAME_MEMBERS)
"""The members that name a task's target; a request gives exactly one."""
ATTRIBUTES_BUDGET = 32_768
_ATTRIBUTE_KEY = re.compile(r"[A-Za-z0-9_-]*")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")  # the model's own EmailAddress pattern
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Segment attribute keys: "only alphanumeric, -, and _", yet the same documentation's own
# examples are system-defined keys such as connect:ContactExpiry.
_SEGMENT_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SYSTEM_SEGMENT_KEY = re.compile(r"connect:[A-Za-z0-9_-]+")
_SYSTEM_ONLY_VALUES = ("ValueList", "ValueArn")
_ARN = re.compile(r"arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:\S+")
EXPIRY_KEY = "connect:ContactExpiry"


def _target_rule(request: dict) -> Iterator[Violation]:
    # Reported on the member to add (none given) or on each one too many, so that a
    # Pulumi CheckFailure lands on an input the user wrote.
    # A template's own flow runs its tasks: a flow beside it is an error too, and a
    # template without a flow cannot start a task (checked against the template at start).
    # A name stands for its id, so an id and a name count as two targets.
    found = [name for name in TARGETS if name in request]
    if len(found) != 1:
        detail = f"found {len(found)}" + (f": {', '.join(found)}" if found else "")
        message = (
            f"exactly one of {', '.join(TARGETS[:-1])} or {TARGETS[-1]} is required ({detail})"
        )
        for member in found[1:] or ["ContactFlowId"]:
            yield Violation((member,), message)


def _linked_contact_rule(request: dict) -> Iterator[Violation]:
    if "PreviousContactId" in request and "RelatedContactId" in request:
        yield Violation(
            ("RelatedContactId",), "PreviousContactId and RelatedContactId are mutually exclusive"
        )


def _scheduled_time_rule(request: dict, now: datetime, new_task: bool) -> Iterator[Violation]:
    value = request.get("ScheduledTime")
    if value is None or value is UNKNOWN or isinstance(value, bool):
        return
    if isinstance(value, str):
        try:
            when = parse_timestamp(value)
        except ValueError:
            return  # the schema's format check reports it
    elif isinstance(value, (int, float, datetime)):
        try:
            when = resolve_scheduled_time(value, now=now)
        except ValueError as error:  # schedule.OutOfRange: the only error of a number
            yield Violation(("ScheduledTime",), str(error))
            return
    else:
        return  # the schema's type check reports it
    now = resolve_scheduled_time(now, now=now)
    if new_task and when < now:
        yield Violation(("ScheduledTime",), "must not be in the past")
    if when > now + HORIZON:
        yield Violation(("ScheduledTime",), "must be at most 6 days ahead")


def _attributes_rule(request: dict) -> Iterator[Violation]:
    attributes = request.get("Attributes")
    if not isinstance(attributes, dict):
        return
    for key in attributes:
        if isinstance(key, str) and not _ATTRIBUTE_KEY.fullmatch(key):
            yield Violation(
                ("Attributes", key), "key may contain only letters, digits, '-' and '_'"
            )
    if any(value is UNKNOWN for value in attributes.values()):
        return
    size = sum(
        len(text.encode("utf-8", "surrogatepass"))
        for pair in attributes.items()
        for text in pair
        if isinstance(text, str)
    )
    yield from _over_budget("Attributes", "keys and values", size, ATTRIBUTES_BUDGET)


def _over_budget(member: str, counted: str, size: int, budget: int) -> Iterator[Violation]:
    if size > budget:
        yield Violation(
            (member,),
            f"{counted} must total at most {budget:,} UTF-8 bytes (measured {size:,} bytes)",
        )


def _is_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and not re.search(r"\s", text)
    )


_REFERENCE_CHECKS: dict[str, tuple[Callable[[str], object], str]] = {
    "URL": (_is_url, "must be an absolute http or https URL (Type URL)"),
    "EMAIL": (_EMAIL.fullmatch, "must be an e-mail address (Type EMAIL)"),
    "NUMBER": (_NUMBER.fullmatch, "must be a number (Type NUMBER)"),
    "DATE": (
        is_date_value,
        "must be epoch seconds or milliseconds, or an RFC 3339 timestamp from 1970 on (Type DATE)",
    ),
}


def _references_rule(request: dict) -> Iterator[Violation]:
    references = request.get("References")
    if not isinstance(references, dict):
        return
    for name, reference in references.items():
        if not isinstance(reference, dict):
            continue
        kind, value = reference.get("Type"), reference.get("Value")
        if not isinstance(kind, str) or not isinstance(value, str) or kind not in _REFERENCE_CHECKS:
            continue
        check, message = _REFERENCE_CHECKS[kind]
        if not check(value):
            yield Violation(("References", name, "Value"), message)


def _references_budget_rule(request: dict) -> Iterator[Violation]:
    references = request.get("References")
    if not isinstance(references, dict) or holds_unknown(references):
        return
    yield from _over_budget(
        "References", "names and values", references_size(references), REFERENCES_BUDGET
    )


def _segment_attributes_rule(request: dict) -> Iterator[Violation]:
    segments = request.get("SegmentAttributes")
    if not isinstance(segments, dict):
        return
    for key, value in segments.items():
        if not isinstance(key, str):
            continue
        system = is_system_segment_key(key)
        if not system and not _SEGMENT_KEY.fullmatch(key):
            yield Violation(
                ("SegmentAttributes", key),
                "key may contain only letters, digits, '-' and '_', or be a system-defined key connect:<name>",
            )
        elif not system and isinstance(value, dict):
            for member in _SYSTEM_ONLY_VALUES:
                if member in value:
                    yield Violation(
                        ("SegmentAttributes", key, member),
                        "is only supported for system-defined attributes (keys connect:<name>)",
                    )
    yield from _segment_arns(segments, ("SegmentAttributes",))
    if EXPIRY_KEY in segments:
        yield from _expiry_rule(segments[EXPIRY_KEY])


def is_system_segment_key(key: str) -> bool:
    """True for a system-defined segment attribute key, connect:<name>."""
    return bool(_SYSTEM_SEGMENT_KEY.fullmatch(key))


def _segment_arns(values: Any, path: tuple) -> Iterator[Violation]:
    """Every ValueArn, at any depth of ValueMap and ValueList, must be an ARN."""
    items = (
        values.items()
        if isinstance(values, dict)
        else enumerate(values)
        if isinstance(values, list)
        else ()
    )
    for key, value in items:
        if not isinstance(value, dict):
            continue
        arn = value.get("ValueArn")
        if isinstance(arn, str) and not _ARN.fullmatch(arn):
            yield Violation(
                path + (key, "ValueArn"),
                "must be an ARN (arn:partition:service:region:account:resource)",
            )
        yield from _segment_arns(value.get("ValueMap"), path + (key, "ValueMap"))
        yield from _segment_arns(value.get("ValueList"), path + (key, "ValueList"))


def _expiry_rule(value: Any) -> Iterator[Violation]:
    path: tuple = ("SegmentAttributes", EXPIRY_KEY)
    if holds_unknown(value) or not isinstance(value, dict):
        return  # the schema reports a value that is not an object
    value_map = value.get("ValueMap")
    duration = value_map.get("ExpiryDuration") if isinstance(value_map, dict) else None
    if (
        set(value) != {"ValueMap"}
        or not isinstance(duration, dict)
        or "ValueInteger" not in duration
    ):
        yield Violation(
            path, "must be a ValueMap whose ExpiryDuration has a ValueInteger (minutes)"
        )
        return
    minutes = duration["ValueInteger"]
    if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes < 1:
        yield Violation(
            path + ("ValueMap", "ExpiryDuration", "ValueInteger"), "must be at least 1 minute"
        )


def validate_start_task_contact(
    request: dict, *, now: datetime, new_task: bool = True
) -> list[Violation]:
    """Every violation of ``request`` (StartTaskContact, AWS shape), sorted by path then message.

    ScheduledTime may be epoch seconds, an RFC 3339 string or a datetime (naive = UTC).
    ``new_task=False`` skips the "not in the past" part of the ScheduledTime window.
    A member is present when its key is in ``request`` (an UNKNOWN value included).
    Schema errors at or below an UNKNOWN value are dropped; rules needing one are skipped.
    """
    instance = request
    if isinstance(request, dict) and isinstance(request.get("ScheduledTime"), datetime):
        instance = {**request, "ScheduledTime": to_rfc3339(request["ScheduledTime"])}
    violations = violations_of(request_validator(), instance)
    if isinstance(request, dict):
        violations.update(_target_rule(request))
        violations.update(_linked_contact_rule(request))
        violations.update(_scheduled_time_rule(request, now, new_task))
        violations.update(_attributes_rule(request))
        violations.update(_references_rule(request))
        violations.update(_references_budget_rule(request))
        violations.update(_segment_attributes_rule(request))
    return sorted(violations, key=lambda v: (tuple(str(p) for p in v.path), v.message))
