"""Property values between the SDK's protobuf structs and the engine's plain dicts.

Plain values are JSON values; an unknown value is the ``rpc.UNKNOWN`` string. A
resource's secrets are unwrapped and tracked by top-level property name, as the engine
tracks them; the stack's exports keep each secret where it is, as a ``Secret``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.output import Unknown
from pulumi.runtime import rpc

from .secret import Secret

__all__ = [
    "exported_values",
    "from_struct",
    "has_unknown",
    "plain_value",
    "split_secrets",
    "to_struct",
]


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    """Serializes with ``rpc.serialize_properties``, as the engine does, on a private loop
    (safe from any thread, leaves no loop behind)."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(dict(props), {}))
    finally:
        loop.close()


def plain_value(value: Any) -> Any:
    """Replaces ``Unknown`` objects with the ``rpc.UNKNOWN`` string, recursively."""
    if isinstance(value, Unknown):
        return rpc.UNKNOWN
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    return value


def from_struct(struct: struct_pb2.Struct, keep_unknowns: bool = False) -> dict[str, Any]:
    """Deserializes with ``rpc.deserialize_properties``; kept unknowns become ``rpc.UNKNOWN``."""
    return plain_value(rpc.deserialize_properties(struct, keep_unknowns))


def _unwrap(value: Any) -> tuple[Any, bool]:
    if isinstance(value, dict):
        sig = value.get(rpc._special_sig_key)
        if sig == rpc._special_secret_sig:
            inner, _ = _unwrap(value.get("value"))
            return inner, True
        if sig == rpc._special_resource_sig:
            # A provider that does not accept resources gets the id (custom) or the URN.
            return value.get("id") or value.get("urn", ""), False
        pairs = {k: _unwrap(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(s for _, s in pairs.values())
    if isinstance(value, list):
        pairs_list = [_unwrap(v) for v in value]
        return [v for v, _ in pairs_list], any(s for _, s in pairs_list)
    return value, False


def split_secrets(struct: struct_pb2.Struct) -> tuple[dict[str, Any], set[str]]:
    """A struct from the program as plain values, and the names of the top-level
    properties that are or contain secrets."""
    plain: dict[str, Any] = {}
    secret: set[str] = set()
    for key, raw in json_format.MessageToDict(struct).items():
        value, is_secret = _unwrap(raw)
        if value is None:
            continue
        plain[key] = value
        if is_secret:
            secret.add(key)
    return plain, secret


def _secrets_in_place(value: Any) -> Any:
    if isinstance(value, dict):
        sig = value.get(rpc._special_sig_key)
        if sig == rpc._special_secret_sig:
            inner, _ = _unwrap(value.get("value"))
            return Secret(_secrets_in_place(inner))
        if sig == rpc._special_resource_sig:
            return value.get("id") or value.get("urn", "")
        return {k: _secrets_in_place(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_secrets_in_place(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a Struct holds every number as a double; 3 was exported, not 3.0
    return value


def exported_values(struct: struct_pb2.Struct) -> dict[str, Any]:
    """The stack's exports (RegisterResourceOutputs of the root stack) as plain values,
    each secret, at any depth, a ``Secret``."""
    return {
        k: _secrets_in_place(v)
        for k, v in json_format.MessageToDict(struct).items()
        if v is not None
    }


def has_unknown(value: Any) -> bool:
    """True if ``value`` is or contains ``rpc.UNKNOWN``."""
    if isinstance(value, dict):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return value == rpc.UNKNOWN
