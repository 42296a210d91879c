"""The JSON-Schema message engine: a schema's errors as :class:`Violation` s a person reads.

What tasks and templates share: their requests are checked against JSON Schemas generated
from botocore's model (``pulumi_connect_tasks/schemas/``), and every error becomes a
Violation whose path names the member and whose message names the rule, never the value:
"must be at most 4096 characters", "is not a known member; did you mean Description?".
Each kind of request adds its own rules beside this (:mod:`pulumi_connect_tasks.task.validation`,
:mod:`pulumi_connect_tasks.template.validation`). Depends on jsonschema and the standard
library only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from .timestamps import parse_timestamp
from .unknown import UNKNOWN

__all__ = [
    "Violation",
    "SCHEMA_DIR",
    "load_schema",
    "make_validator",
    "violations_of",
    "schema_violations",
    "UNKNOWN_MEMBER",
    "unknown_member_message",
]

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"


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


def _is_timestamp(instance: object) -> bool:
    # The request's only date-time is ScheduledTime: RFC 3339, or without an offset (UTC) as botocore takes it.
    return not isinstance(instance, str) or bool(parse_timestamp(instance))  # raises ValueError


def make_validator(schema: dict) -> Draft202012Validator:
    """A validator of ``schema`` that checks formats and botocore's integers."""
    # jsonschema checks "date-time" only when rfc3339-validator is installed, and would
    # silently pass every string without it: check it with the parser ScheduledTime uses.
    formats = FormatChecker(formats=())
    formats.checkers.update(Draft202012Validator.FORMAT_CHECKER.checkers)
    formats.checks("date-time", raises=ValueError)(_is_timestamp)
    # botocore refuses 5.0 where the model says integer; JSON Schema would accept it.
    types = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    cls = validators.extend(Draft202012Validator, type_checker=types)
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
    # jsonschema types these "or unset"; an error from iter_errors has them all.
    keyword, expected = str(error.validator), cast(Any, error.validator_value)
    instance: Any = error.instance
    schema: dict = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "required":
        for member in expected:
            if isinstance(instance, dict) and member not in instance:
                yield Violation(path + (member,), "is required")
    elif keyword == "additionalProperties" and expected is False:
        known = schema.get("properties", {})
        for member in instance:
            if member not in known:
                yield Violation(path + (member,), unknown_member_message(member, known))
    elif _under_property_names(error):
        yield Violation(path + (instance,), _key_message(keyword, expected, schema))
    else:
        message = _keyword_message(keyword, expected)
        if keyword == "enum" and schema.get("x-enum-reason"):
            message += f" ({schema['x-enum-reason']})"
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


def violations_of(validator: Draft202012Validator, request: Any) -> set[Violation]:
    """Every violation of ``validator``'s schema by ``request``, in this module's words.

    Errors at or below an UNKNOWN value are dropped. The request must hold JSON values
    (plus UNKNOWN): convert datetimes first.
    """
    return {
        violation
        for error in validator.iter_errors(request)
        if not _under_unknown(request, tuple(error.absolute_path))
        for violation in _schema_violations(error)
    }


@cache
def _validator(name: str) -> Draft202012Validator:
    return make_validator(load_schema(name))


def schema_violations(name: str, request: Any) -> set[Violation]:
    """Every violation of the schema ``schemas/<name>`` by ``request`` (:func:`violations_of`)."""
    return violations_of(_validator(name), request)
