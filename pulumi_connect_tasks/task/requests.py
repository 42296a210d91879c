"""ConnectTask's snake_case inputs <-> StartTaskContact's request in AWS shape.

One table describes the request's members (and their nested members); both directions
read it: :func:`to_request` renames input keys to AWS member names, and
:func:`property_path` renames an AWS path back to the input property a user wrote.
Map keys (reference names, attribute keys, segment attribute keys) are never renamed.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from ..common.ids import instance_id
from ..common.unknown import UNKNOWN
from .references import with_sent_references
from .validation import NAME_MEMBERS

__all__ = [
    "REQUEST_FIELDS",
    "NAME_FIELDS",
    "NAME_MEMBERS",
    "to_request",
    "from_request",
    "property_path",
    "without_names",
    "sendable",
]


class _Map(NamedTuple):
    value: Any  # the node of every value


class _List(NamedTuple):
    item: Any  # the node of every item


_LEAF = "leaf"
_INT = "int"  # Pulumi sends every number as a float; botocore wants an int here.

# A struct node maps snake_case name -> (AWS member name, node).
_SEGMENT_VALUE: dict[str, tuple[str, Any]] = {}
_SEGMENT_VALUE.update(
    {
        "value_string": ("ValueString", _LEAF),
        "value_integer": ("ValueInteger", _INT),
        "value_map": ("ValueMap", _Map(_SEGMENT_VALUE)),
        "value_list": ("ValueList", _List(_SEGMENT_VALUE)),
        "value_arn": ("ValueArn", _LEAF),
    }
)
_REFERENCE = {
    "type": ("Type", _LEAF),
    "value": ("Value", _LEAF),
    "status": ("Status", _LEAF),
    "arn": ("Arn", _LEAF),
    "status_reason": ("StatusReason", _LEAF),
}
_ATTACHMENT = {"file_name": ("FileName", _LEAF), "s3_url": ("S3Url", _LEAF)}
_REQUEST = {
    "instance_id": ("InstanceId", _LEAF),
    "contact_flow_id": ("ContactFlowId", _LEAF),
    "quick_connect_id": ("QuickConnectId", _LEAF),
    "task_template_id": ("TaskTemplateId", _LEAF),
    # Not StartTaskContact members: names the provider resolves to the ids above
    # (NAME_MEMBERS); never sent to AWS.
    "contact_flow_name": ("ContactFlowName", _LEAF),
    "quick_connect_name": ("QuickConnectName", _LEAF),
    "task_template_name": ("TaskTemplateName", _LEAF),
    "previous_contact_id": ("PreviousContactId", _LEAF),
    "related_contact_id": ("RelatedContactId", _LEAF),
    "name": ("Name", _LEAF),
    "description": ("Description", _LEAF),
    "references": ("References", _Map(_REFERENCE)),
    "attributes": ("Attributes", _Map(_LEAF)),
    "scheduled_time": ("ScheduledTime", _LEAF),
    "client_token": ("ClientToken", _LEAF),
    "segment_attributes": ("SegmentAttributes", _Map(_SEGMENT_VALUE)),
    "attachments": ("Attachments", _List(_ATTACHMENT)),
}

REQUEST_FIELDS: tuple[str, ...] = tuple(_REQUEST)
"""StartTaskContact's members in snake_case, plus the three target names
(``contact_flow_name``...): the inputs that go into the request as validated."""

NAME_FIELDS: dict[str, str] = {
    snake: next(key for key, (aws, _) in _REQUEST.items() if aws == NAME_MEMBERS[member])
    for snake, (member, _) in _REQUEST.items()
    if member in NAME_MEMBERS
}
"""Each target name input -> the id input it resolves to (contact_flow_name -> contact_flow_id)."""


def without_names(request: dict[str, Any]) -> dict[str, Any]:
    """``request`` (AWS shape) without the target names: what StartTaskContact may be sent."""
    return {k: v for k, v in request.items() if k not in NAME_MEMBERS}


def sendable(request: dict[str, Any]) -> dict[str, Any]:
    """``request`` (AWS shape) as StartTaskContact or UpdateContact is sent: DATE references
    in epoch form (:mod:`.references`); the input is not changed. A target name
    (ContactFlowName...) is not a member: resolve it first (:mod:`.names`); one here is a
    ValueError."""
    names = sorted(set(request) & set(NAME_MEMBERS))
    if names:
        raise ValueError(
            f"StartTaskContact: {', '.join(names)} must be resolved to an id before the call"
        )
    return with_sent_references(request)


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _lookup(struct: dict[str, tuple[str, Any]], key: str) -> tuple[str, Any] | None:
    """(AWS name, node) for a snake_case or AWS member name, None for an unknown one."""
    if key in struct:
        return struct[key]
    return next((entry for entry in struct.values() if entry[0] == key), None)


def _convert(value: Any, node: Any) -> Any:
    if value is UNKNOWN:
        return value
    if isinstance(node, dict) and isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None:
                continue
            # An unknown member keeps its name, so validation reports it where it was written.
            member, child = _lookup(node, key) or (key, _LEAF)
            out[member] = _convert(item, child)
        return out
    if isinstance(node, _Map) and isinstance(value, dict):
        return {key: _convert(item, node.value) for key, item in value.items() if item is not None}
    if isinstance(node, _List) and isinstance(value, (list, tuple)):
        return [_convert(item, node.item) for item in value]
    if node == _INT and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_request(inputs: dict[str, Any]) -> dict[str, Any]:
    """The StartTaskContact request (AWS shape) for ConnectTask ``inputs`` (snake_case).

    Keys outside REQUEST_FIELDS and None values are dropped; map keys are kept as they
    are; UNKNOWN values pass through unchanged; an instance ARN is reduced to its id.
    Values are not checked here (see :mod:`pulumi_connect_tasks.task.validation`).
    """
    request = _convert({k: v for k, v in inputs.items() if k in _REQUEST}, _REQUEST)
    if "InstanceId" in request:
        request["InstanceId"] = instance_id(request["InstanceId"])
    return request


def _revert(value: Any, node: Any) -> Any:
    if value is UNKNOWN:
        return value
    if isinstance(node, dict) and isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None:
                continue
            entry = next(
                ((snake, child) for snake, (aws, child) in node.items() if aws == key), None
            )
            snake, child = entry or (key, _LEAF)
            out[snake] = _revert(item, child)
        return out
    if isinstance(node, _Map) and isinstance(value, dict):
        return {key: _revert(item, node.value) for key, item in value.items() if item is not None}
    if isinstance(node, _List) and isinstance(value, (list, tuple)):
        return [_revert(item, node.item) for item in value]
    return value


def from_request(request: dict[str, Any]) -> dict[str, Any]:
    """The ConnectTask inputs (snake_case) of a StartTaskContact ``request`` (AWS shape).

    The inverse of :func:`to_request` for a request's own members: map keys are kept as
    they are, None values are dropped, UNKNOWN values pass through. A member the request
    table does not know keeps its name. Values are not checked or converted.
    """
    return _revert(request, _REQUEST)


def _key(name: str) -> str:
    return f".{name}" if _PLAIN_NAME.fullmatch(name) else f"[{json.dumps(name)}]"


def property_path(path: tuple[str | int, ...]) -> str:
    """The input property path of an AWS request path.

    ("References", "runbook", "Value") -> "references.runbook.value";
    ("Attachments", 0, "FileName") -> "attachments[0].file_name"; () -> "".
    A map key that is not a plain name is quoted: ("Attributes", "a.b") -> 'attributes["a.b"]'.
    """
    node: Any = _REQUEST
    text = ""
    for element in path:
        if isinstance(element, int):
            text += f"[{element}]"
            node = node.item if isinstance(node, _List) else _LEAF
        elif isinstance(node, dict):
            entry = next(
                ((snake, child) for snake, (aws, child) in node.items() if aws == element), None
            )
            snake, node = entry or (element, _LEAF)
            text += _key(snake)
        elif isinstance(node, _Map):
            text += _key(element)
            node = node.value
        else:
            text += _key(element)
    return text.lstrip(".")
