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

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from .references import REFERENCES_BUDGET, is_date_value, references_size
from .schedule import HORIZON, parse_timestamp, resolve_scheduled_time, to_rfc3339

__all__ = [
    "UNKNOWN",
    "Violation",
    "validate_start_task_contact",
    "load_schema",
    "schema_violations",
    "holds_unknown",
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

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"
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


class _Unknown:
    """The type of UNKNOWN; copying or unpickling keeps the one instance (compared by identity)."""

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __copy__(self) -> _Unknown:
        return self

    def __deepcopy__(self, memo: dict) -> _Unknown:
        return self

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
"""A value not known yet (Pulumi preview). Rules that need it are skipped; it counts as present."""


@dataclass(frozen=True)
class Violation:
    """One broken rule."""

    path: tuple[str | int, ...]
    """Where, in AWS request shape, e.g. ("References", "runbook", "Value"); () is the request."""
    message: str
    """The rule, never the value, e.g. "must be at most 4096 characters"."""

    def json_path(self) -> str:
        """ "$.References.runbook.Value"; "$" for the root; "$.Attachments[0].FileName"."""
        text = "$"
        for element in self.path:
            if isinstance(element, int):
                text += f"[{element}]"
            elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", element):
                text += f".{element}"
            else:
                text += "['" + element.replace("\\", "\\\\").replace("'", "\\'") + "']"
        return text


@cache
def load_schema(name: str) -> dict:
    """The JSON Schema ``pulumi_connect_tasks/schemas/<name>`` (cached: do not modify it)."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def request_schema() -> dict:
    """The StartTaskContact schema plus the NAME_MEMBERS (cached: do not modify it).

    What :func:`validate_start_task_contact` checks a request against.
    """
    schema = dict(load_schema(START_TASK_CONTACT_SCHEMA))
    schema["properties"] = {**schema["properties"], **NAME_MEMBER_SCHEMAS}
    return schema


def _is_timestamp(instance: object) -> bool:
    # The request's only date-time is ScheduledTime: RFC 3339, or without an offset (UTC) as botocore takes it.
    return not isinstance(instance, str) or bool(parse_timestamp(instance))  # raises ValueError


@cache
def _validator(name: str) -> Draft202012Validator:
    # jsonschema checks "date-time" only when rfc3339-validator is installed, and would
    # silently pass every string without it: check it with the same parser schedule.py uses.
    formats = FormatChecker(formats=())
    formats.checkers.update(Draft202012Validator.FORMAT_CHECKER.checkers)
    formats.checks("date-time", raises=ValueError)(_is_timestamp)
    # botocore refuses 5.0 where the model says integer; JSON Schema would accept it.
    types = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    cls = validators.extend(Draft202012Validator, type_checker=types)
    schema = request_schema() if name == START_TASK_CONTACT_SCHEMA else load_schema(name)
    return cls(schema, format_checker=formats)


# -- schema errors -> violations ------------------------------------------------------------
_TYPE_NAMES = {
    "string": "a string",
    "object": "an object",
    "array": "an array",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
_FORMAT_NAMES = {"date-time": "an RFC 3339 timestamp"}


def _keyword_message(keyword: str, expected: Any) -> str:
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        return "must be " + " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    counted = {
        "maxLength": "must be at most {}",
        "minLength": "must be at least {}",
        "maxItems": "must have at most {}",
        "minItems": "must have at least {}",
        "maxProperties": "must have at most {}",
        "minProperties": "must have at least {}",
    }
    if keyword in counted:
        unit = {"L": "character", "I": "item", "P": "member"}[keyword[3]]
        return counted[keyword].format(expected) + f" {unit}{'' if expected == 1 else 's'}"
    if keyword in ("maximum", "minimum"):
        return f"must be at {'most' if keyword == 'maximum' else 'least'} {expected}"
    if keyword == "pattern":
        return f"must match the pattern {expected}"
    if keyword == "enum":
        return "must be one of: " + ", ".join(str(v) for v in expected)
    if keyword == "format":
        return "must be " + _FORMAT_NAMES.get(expected, f"a valid {expected}")
    return f"does not satisfy the schema's {keyword} rule"


def _key_message(keyword: str, expected: Any, schema: dict) -> str:
    low, high = schema.get("minLength"), schema.get("maxLength")
    if keyword in ("minLength", "maxLength") and low is not None and high is not None:
        return f"key must be {low} to {high} characters"
    return "key " + _keyword_message(keyword, expected)


UNKNOWN_MEMBER = "is not a known member"
_NEAR_ENOUGH = 0.8  # "Descripton" scores 0.95 against Description; "Priority" nothing above 0.5
_CLEAR_LEAD = 0.05


def unknown_member_message(member: Any, known: Iterable[str]) -> str:
    """ "is not a known member", with "; did you mean <name>?" when one known name is near.

    Names compare without case. The suggestion is the only known name the member begins
    ("ValueStr": ValueString), else the nearest by difflib's ratio when it is close and
    clearly ahead: ValueArn, ValueList and ValueMap are all about as near "Value", and a
    wrong guess misleads more than none. It is a name from the schema, never file content.
    """
    typed = str(member).lower()
    names = list(known)
    begun = [name for name in names if name.lower().startswith(typed)]
    if len(typed) >= 3 and len(begun) == 1:
        return f"{UNKNOWN_MEMBER}; did you mean {begun[0]}?"
    scores = sorted(
        ((SequenceMatcher(None, typed, name.lower()).ratio(), name) for name in names), reverse=True
    )
    if not scores or scores[0][0] < _NEAR_ENOUGH:
        return UNKNOWN_MEMBER
    if len(scores) > 1 and scores[0][0] - scores[1][0] < _CLEAR_LEAD:
        return UNKNOWN_MEMBER
    return f"{UNKNOWN_MEMBER}; did you mean {scores[0][1]}?"


def _under_property_names(error: ValidationError) -> bool:
    names_follow = False  # the element after "properties"/"$defs" is a name, not a keyword
    for element in error.absolute_schema_path:
        if not names_follow and element == "propertyNames":
            return True
        names_follow = not names_follow and element in ("properties", "$defs", "patternProperties")
    return False


def _schema_violations(error: ValidationError) -> Iterator[Violation]:
    path = tuple(error.absolute_path)
    if error.validator == "required":
        for member in error.validator_value:
            if isinstance(error.instance, dict) and member not in error.instance:
                yield Violation(path + (member,), "is required")
    elif error.validator == "additionalProperties" and error.validator_value is False:
        known = error.schema.get("properties", {})
        for member in error.instance:
            if member not in known:
                yield Violation(path + (member,), unknown_member_message(member, known))
    elif _under_property_names(error):
        yield Violation(
            path + (error.instance,),
            _key_message(error.validator, error.validator_value, error.schema),
        )
    else:
        message = _keyword_message(error.validator, error.validator_value)
        if (
            error.validator == "enum"
            and isinstance(error.schema, dict)
            and error.schema.get("x-enum-reason")
        ):
            message += f" ({error.schema['x-enum-reason']})"
        yield Violation(path, message)


def _under_unknown(request: Any, path: tuple) -> bool:
    """True if the value at ``path``, or at any path above it, is UNKNOWN."""
    value = request
    for element in path:
        if value is UNKNOWN:
            return True
        try:
            value = value[element]
        except (KeyError, IndexError, TypeError):
            return False
    return value is UNKNOWN


def schema_violations(name: str, request: Any) -> set[Violation]:
    """Every violation of the schema ``schemas/<name>`` by ``request``, in this module's words.

    Errors at or below an UNKNOWN value are dropped. The request must hold JSON values
    (plus UNKNOWN): convert datetimes first.
    """
    return {
        violation
        for error in _validator(name).iter_errors(request)
        if not _under_unknown(request, tuple(error.absolute_path))
        for violation in _schema_violations(error)
    }


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


_REFERENCE_CHECKS = {
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


def holds_unknown(value: Any) -> bool:
    """True if ``value`` is UNKNOWN or holds it at any depth."""
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(holds_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(holds_unknown(item) for item in value)
    return False


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
    violations = {
        violation
        for error in _validator(START_TASK_CONTACT_SCHEMA).iter_errors(instance)
        if not _under_unknown(request, tuple(error.absolute_path))
        for violation in _schema_violations(error)
    }
    if isinstance(request, dict):
        violations.update(_target_rule(request))
        violations.update(_linked_contact_rule(request))
        violations.update(_scheduled_time_rule(request, now, new_task))
        violations.update(_attributes_rule(request))
        violations.update(_references_rule(request))
        violations.update(_references_budget_rule(request))
        violations.update(_segment_attributes_rule(request))
    return sorted(violations, key=lambda v: (tuple(str(p) for p in v.path), v.message))
