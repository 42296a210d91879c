"""A resource's properties between the plugin's schema (camelCase) and the lifecycle core
(snake_case), walking the package schema so that map keys (reference names, attribute
keys, segment attribute keys) are never renamed.

Only the names of a structure's members change. A member the schema does not know keeps
a snake_case spelling of its name, so Check reports it where it was written.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from ..common.casing import camel, snake
from .schema import OUTPUT_NAMES, PACKAGE, package_schema

__all__ = ["to_core", "from_core", "from_core_type", "camel_path", "properties_of"]

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@cache
def _schema() -> dict[str, Any]:
    return package_schema()


def properties_of(token: str) -> dict[str, dict[str, Any]]:
    """The output properties (inputs among them) of resource ``token``; {} for an unknown one."""
    resource = _schema()["resources"].get(token)
    return resource["properties"] if resource else {}


def _object(ref: str) -> dict[str, Any]:
    return _schema()["types"][ref.rsplit("/", 1)[-1]]["properties"]


def _core_names(properties: dict[str, Any], token: str = "") -> dict[str, str]:
    """camelCase property -> the core's snake_case name (a Task's ``arn`` -> ``contact_arn``)."""
    back = {v: k for k, v in OUTPUT_NAMES.get(token, {}).items()}
    return {name: back.get(name, snake(name)) for name in properties}


def _walk(value: Any, spec: dict[str, Any], inbound: bool) -> Any:
    members = _structure(spec)
    if members is not None and isinstance(value, dict):
        return _rename(value, members, inbound)
    if spec.get("type") == "array" and isinstance(value, list):
        return [_walk(item, spec["items"], inbound) for item in value]
    if spec.get("type") == "object" and isinstance(value, dict):
        item_spec = spec.get("additionalProperties", {})
        return {key: _walk(item, item_spec, inbound) for key, item in value.items()}
    return value


def _rename(
    value: dict[str, Any], properties: dict[str, Any], inbound: bool, token: str = ""
) -> dict[str, Any]:
    names = _core_names(properties, token)
    out = {}
    if inbound:
        for key, item in value.items():
            spec = properties.get(key, {})
            out[names.get(key, snake(key))] = _walk(item, spec, inbound)
    else:
        by_core = {core: name for name, core in names.items()}
        for key, item in value.items():
            name = by_core.get(key, camel(key))
            out[name] = _walk(item, properties.get(name, {}), inbound)
    return out


def to_core(token: str, props: dict[str, Any]) -> dict[str, Any]:
    """``props`` of resource ``token`` in the core's snake_case."""
    return _rename(props, properties_of(token), True, token)


def from_core(token: str, props: dict[str, Any]) -> dict[str, Any]:
    """The core's ``props`` of resource ``token`` in the schema's camelCase."""
    return _rename(props, properties_of(token), False, token)


_TOKEN = re.compile(r'\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def _key(name: str) -> str:
    return f".{name}" if _PLAIN.fullmatch(name) else f"[{json.dumps(name)}]"


def _parts(path: str) -> list[str | int] | None:
    """The members, keys and indexes of a core property path; None if it is not one."""
    parts: list[str | int] = []
    rest = "." + path if path else ""
    while rest:
        match = _TOKEN.match(rest)
        if match is None:
            return None
        rest = rest[match.end() :]
        name, index, quoted = match.groups()
        parts.append(int(index) if index is not None else name or json.loads(quoted))
    return parts


def _structure(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The members of the object type ``spec`` refers to; None for a map, list or scalar."""
    ref = spec.get("$ref", "")
    return _object(ref) if ref.startswith("#/types/") else None


def camel_path(token: str, path: str) -> str:
    """A core property path (``segment_attributes.k.value_list``) in the schema's names
    (``segmentAttributes.k.valueList``): a structure's members renamed, map keys as they
    are. A text that is not such a path comes back unchanged."""
    parts = _parts(path)
    if parts is None:
        return path
    text = ""
    spec: dict[str, Any] = {}
    members: dict[str, Any] | None = properties_of(token)
    renames = token  # the resource's own output names (arn) hold at the top only
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
            spec = spec.get("items", {})
        elif members is not None:
            by_core = {core: n for n, core in _core_names(members, renames).items()}
            part = by_core.get(part, camel(part))
            text += _key(part)
            spec = members.get(part, {})
        else:
            text += _key(part)
            spec = spec.get("additionalProperties", {})
        members, renames = _structure(spec), ""
    return text.lstrip(".")


def from_core_type(type_name: str, props: dict[str, Any]) -> dict[str, Any]:
    """The core's ``props`` of the schema's object type ``type_name`` in camelCase."""
    return _rename(props, _schema()["types"][f"{PACKAGE}:index:{type_name}"]["properties"], False)
