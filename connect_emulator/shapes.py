"""Botocore's connect model, and generic validation of a request against it.

AWS checks every member of a request against the operation's input shape
before any rule runs: required members, string lengths, patterns, enums, list
and map sizes, integer ranges and types. ``check_request`` does the same from
the model itself, so the limits can never drift from botocore's.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape
from botocore.session import get_session

from .exceptions import ConnectError, InvalidParameterException, InvalidRequestException

__all__ = ["check_request", "operation_model", "service_model", "to_epoch", "validation_error"]

# Python's re has no \p{..}; the connect model uses \P{C} ("no control or format
# characters"). This class covers Cc, Cf, Cs and the BMP private use area.
_NOT_CONTROL = r"[^\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\uf8ff]"


@functools.lru_cache(maxsize=1)
def service_model() -> ServiceModel:
    """The connect service model shipped with the installed botocore (loaded once, lazily)."""
    return get_session().get_service_model("connect")


def operation_model(name: str) -> OperationModel:
    """The model of one operation by its name (e.g. "StartTaskContact")."""
    return service_model().operation_model(name)


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str] | None:
    # Some connect patterns are escaped twice in the model (r"\\+[1-9]\\d{1,14}$").
    translated = pattern.replace("\\\\", "\\").replace(r"\P{C}", _NOT_CONTROL)
    try:
        return re.compile(translated)
    except re.error:
        # A pattern Python cannot read is not checked rather than checked wrongly.
        return None


def _path_text(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "request"


def _check(
    shape: Shape, value: Any, path: tuple[str | int, ...], out: list[tuple[str, str]]
) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            out.append((_path_text(path), "Member must be an object"))
            return
        for name in shape.required_members:
            if value.get(name) is None:
                out.append((_path_text(path + (name,)), "Member must not be null"))
        for name, member_shape in shape.members.items():
            if value.get(name) is not None:
                _check(member_shape, value[name], path + (name,), out)
        return
    if kind == "list":
        if not isinstance(value, list):
            out.append((_path_text(path), "Member must be a list"))
            return
        _check_size(meta, len(value), path, out, "have length")
        for index, item in enumerate(value):
            if item is not None:
                _check(shape.member, item, path + (index,), out)
        return
    if kind == "map":
        if not isinstance(value, dict):
            out.append((_path_text(path), "Member must be a map"))
            return
        _check_size(meta, len(value), path, out, "have length")
        for key, item in value.items():
            _check(shape.key, key, path + (key,), out)
            if item is not None:
                _check(shape.value, item, path + (key,), out)
        return
    if kind == "string":
        if not isinstance(value, str):
            out.append((_path_text(path), "Member must be a string"))
            return
        _check_size(meta, len(value), path, out, "have length")
        if shape.enum and value not in shape.enum:
            out.append(
                (
                    _path_text(path),
                    "Member must satisfy enum value set: [" + ", ".join(shape.enum) + "]",
                )
            )
        if "pattern" in meta:
            compiled = _pattern(meta["pattern"])
            if compiled is not None and compiled.search(value) is None:
                out.append(
                    (
                        _path_text(path),
                        "Member must satisfy regular expression pattern: " + meta["pattern"],
                    )
                )
        return
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            out.append((_path_text(path), "Member must be an integer"))
            return
        _check_size(meta, value, path, out, "have value")
        return
    if kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            out.append((_path_text(path), "Member must be a number"))
        return
    if kind == "boolean":
        if not isinstance(value, bool):
            out.append((_path_text(path), "Member must be a boolean"))
        return
    if kind == "timestamp":
        if to_epoch(value) is None:
            out.append((_path_text(path), "Member must be a timestamp (epoch seconds)"))
        return


def _check_size(
    meta: dict[str, Any],
    size: int,
    path: tuple[str | int, ...],
    out: list[tuple[str, str]],
    what: str,
) -> None:
    if "min" in meta and size < meta["min"]:
        out.append((_path_text(path), f"Member must {what} greater than or equal to {meta['min']}"))
    if "max" in meta and size > meta["max"]:
        out.append((_path_text(path), f"Member must {what} less than or equal to {meta['max']}"))


def to_epoch(value: Any) -> float | None:
    """A restJson timestamp (epoch number or ISO 8601 string) as epoch seconds; None if neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed.timestamp()
    return None


def validation_error(operation: str, message: str) -> ConnectError:
    """The error AWS uses for a bad member of ``operation``.

    InvalidParameterException where the operation models it, else
    InvalidRequestException (e.g. GetContactAttributes, CreateInstance).
    """
    codes = {shape.name for shape in operation_model(operation).error_shapes}
    if "InvalidParameterException" in codes:
        return InvalidParameterException(message)
    return InvalidRequestException(message)


def check_request(operation: str, params: dict[str, Any]) -> None:
    """Raise the operation's validation error listing every member that breaks the input shape.

    The message reads like AWS's: "2 validation errors detected: Value at 'Name'
    failed to satisfy constraint: Member must have length less than or equal to
    1024; ..." and never contains a value. Unknown members are ignored, as AWS does.
    """
    found: list[tuple[str, str]] = []
    _check(operation_model(operation).input_shape, params, (), found)
    if not found:
        return
    found.sort()
    count = len(found)
    noun = "error" if count == 1 else "errors"
    details = "; ".join(
        f"Value at '{path}' failed to satisfy constraint: {rule}" for path, rule in found
    )
    raise validation_error(operation, f"{count} validation {noun} detected: {details}")
