"""ConnectTaskTemplate's snake_case inputs <-> a task template in AWS shape, and its outputs.

A task template's members nest only structures and lists (no map keys a user names), so
one small recursive converter serves both directions: snake_case keys become PascalCase
(``self_assign_flow_id`` -> ``SelfAssignFlowId``, ``single_select_options`` ->
``SingleSelectOptions``) and back. Keys already in PascalCase pass through, so either
spelling works as input. The keys of a map-valued member (``Tags`` of GetTaskTemplate)
are kept as they are.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..common.casing import pascal, snake
from ..common.ids import instance_id
from ..common.timestamps import to_rfc3339
from ..common.unknown import UNKNOWN

__all__ = [
    "TEMPLATE_FIELDS",
    "INPUT_KEYS",
    "OUTPUT_KEYS",
    "REPLACE_KEYS",
    "to_aws",
    "from_aws",
    "template_request",
    "template_inputs",
    "template_outputs",
    "property_path",
    "template_client_token",
]

TEMPLATE_FIELDS: tuple[str, ...] = (
    "instance_id",
    "name",
    "description",
    "contact_flow_id",
    "self_assign_flow_id",
    "contact_hooks",
    "constraints",
    "defaults",
    "status",
    "fields",
)
"""The inputs that are CreateTaskTemplate members (ClientToken is derived, never an input)."""
INPUT_KEYS: tuple[str, ...] = TEMPLATE_FIELDS + ("region", "idempotency_key")
OUTPUT_KEYS = ("template_id", "template_arn", "created_at", "last_modified_at", "aws_region")
# Inputs UpdateTaskTemplate cannot change: a change creates a new template.
REPLACE_KEYS = frozenset({"instance_id", "region"})
# Members whose value is a map: its keys are data, never renamed.
MAP_MEMBERS = frozenset({"Tags", "tags"})


def _snake(key: str) -> str:
    return snake(key) if "_" not in key else key


def _convert(value: Any, rename: Callable[[str], str]) -> Any:
    if value is UNKNOWN:
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None:
                continue
            name = rename(key)
            out[name] = (
                dict(item)
                if key in MAP_MEMBERS and isinstance(item, dict)
                else _convert(item, rename)
            )
        return out
    if isinstance(value, (list, tuple)):
        return [_convert(item, rename) for item in value]
    return value


def to_aws(value: Any) -> Any:
    """``value`` with every structure key in PascalCase; None members dropped."""
    return _convert(value, pascal)


def from_aws(value: Any) -> Any:
    """``value`` with every structure key in snake_case; None members dropped."""
    return _convert(value, _snake)


def template_request(inputs: dict[str, Any]) -> dict[str, Any]:
    """The CreateTaskTemplate request (AWS shape, no ClientToken) for the template ``inputs``.

    Keys outside TEMPLATE_FIELDS and None values are dropped; an instance ARN is reduced
    to its id; UNKNOWN values pass through.
    """
    request = to_aws({k: v for k, v in inputs.items() if k in TEMPLATE_FIELDS})
    if "InstanceId" in request:
        request["InstanceId"] = instance_id(request["InstanceId"])
    return request


def template_inputs(template: dict[str, Any]) -> dict[str, Any]:
    """The template inputs (snake_case) a GetTaskTemplate response describes."""
    snake = from_aws({k: v for k, v in template.items() if k != "ResponseMetadata"})
    return {k: snake[k] for k in TEMPLATE_FIELDS if snake.get(k) is not None}


def _rfc3339(value: Any) -> str | None:
    return to_rfc3339(value) if isinstance(value, datetime) else None


def template_outputs(template: dict[str, Any]) -> dict[str, Any]:
    """The provider's own outputs (aws_region aside) from a Get/UpdateTaskTemplate response."""
    return {
        "template_id": template.get("Id"),
        "template_arn": template.get("Arn"),
        "created_at": _rfc3339(template.get("CreatedTime")),
        "last_modified_at": _rfc3339(template.get("LastModifiedTime")),
    }


def _key(name: str) -> str:
    return f".{name}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name) else f"[{json.dumps(name)}]"


def property_path(path: tuple[str | int, ...]) -> str:
    """The input property path of an AWS path: ("Fields", 0, "Id", "Name") -> "fields[0].id.name"."""
    text, in_map = "", False
    for element in path:
        if isinstance(element, int):
            text += f"[{element}]"
        else:
            text += _key(element if in_map else _snake(element))
        in_map = not in_map and element in MAP_MEMBERS
    return text.lstrip(".")


def template_client_token(key: str, inputs: dict[str, Any], generation: int) -> str:
    """The ClientToken of one CreateTaskTemplate attempt, stable across retries.

    It depends on the resource's stable key, the template as written and a generation
    that moves on only when the template the token names was deleted: that is a
    deliberate re-creation, which must create a new template.
    """
    definition = {k: inputs.get(k) for k in TEMPLATE_FIELDS}
    definition["region"] = inputs.get("region")
    text = json.dumps(
        [key, definition, generation], sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()
