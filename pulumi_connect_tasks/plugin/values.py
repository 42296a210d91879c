"""The engine's property values <-> plain data for the lifecycle core.

The core sees plain dicts, lists and scalars, with :data:`UNKNOWN` for a value not known
yet (the engine's computed value, or the wire's unknown string). Secrets are unwrapped on
the way in; the plugin remembers which top-level properties held one and wraps the same
properties on the way out, so a secret input stays secret in the outputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from ..common.unknown import RPC_UNKNOWN, UNKNOWN, is_unknown

__all__ = ["plain", "plain_map", "secret_keys", "to_value", "value_map"]


def plain(value: PropertyValue) -> Any:
    """``value`` as plain data: secrets unwrapped, unknowns as UNKNOWN."""
    inner = value.value
    if isinstance(inner, Computed) or is_unknown(inner):
        return UNKNOWN
    if isinstance(inner, Mapping):
        return {k: plain(v) for k, v in inner.items()}
    if isinstance(inner, (tuple, list)):
        return [plain(v) for v in inner]
    return inner


def plain_map(props: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """Every property as plain data (null ones dropped)."""
    return {k: plain(v) for k, v in props.items() if v.value is not None}


def secret_keys(*maps: Mapping[str, PropertyValue]) -> frozenset[str]:
    """The top-level properties of ``maps`` that are or hold a secret."""
    return frozenset(k for props in maps for k, v in props.items() if v.contains_secret())


def to_value(value: Any) -> PropertyValue:
    """Plain data as a property value; UNKNOWN becomes the wire's unknown string."""
    if value is UNKNOWN:
        # What the engine reads as computed. Not PropertyValue.computed(): the SDK (3.272)
        # cannot marshal that ("Unsupported value type ... Computed").
        return PropertyValue(RPC_UNKNOWN)
    if isinstance(value, Mapping):
        return PropertyValue({k: to_value(v) for k, v in value.items() if v is not None})
    if isinstance(value, (list, tuple)):
        return PropertyValue([to_value(v) for v in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))  # the wire has one number type
    return PropertyValue(value)


def value_map(props: Mapping[str, Any], secrets: Iterable[str] = ()) -> dict[str, PropertyValue]:
    """``props`` as property values, those named in ``secrets`` marked secret."""
    secrets = frozenset(secrets)
    return {
        k: to_value(v).with_secret(True) if k in secrets else to_value(v)
        for k, v in props.items()
        if v is not None
    }
