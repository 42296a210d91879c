"""Secret values inside plain data: ``Secret(value)`` marks one at any depth.

The stack's exports keep their secrets where the program put them (a secret inside a
dict stays a secret inside that dict), as ``pulumi stack output`` shows them. Plain
Python, no pulumi import: ``python -m localengine outputs`` loads only the state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["REDACTED", "Secret", "map_secrets", "redact", "reveal"]

REDACTED = "[secret]"


@dataclass(frozen=True)
class Secret:
    """A secret value (plain JSON data, with no Secret inside)."""

    value: Any


def reveal(value: Any) -> Any:
    """``value`` with every Secret replaced by what it holds."""
    return map_secrets(value, lambda secret: secret.value)


def redact(value: Any) -> Any:
    """``value`` with every Secret replaced by ``"[secret]"``."""
    return map_secrets(value, lambda secret: REDACTED)


def map_secrets(value: Any, replace: Callable[[Secret], Any]) -> Any:
    """``value`` with every Secret, at any depth, replaced by ``replace(secret)``."""
    if isinstance(value, Secret):
        return replace(value)
    if isinstance(value, dict):
        return {k: map_secrets(v, replace) for k, v in value.items()}
    if isinstance(value, list):
        return [map_secrets(v, replace) for v in value]
    return value
