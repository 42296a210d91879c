"""What ``python -m localengine outputs`` prints: the stack's exports, or its resources.

The exports read like ``pulumi stack output --json``: one JSON object, each secret (at any
depth) shown as ``"[secret]"`` unless secrets are asked for. Only the state file is read,
never the program; without ``show_secrets`` the state's key is not needed either.
"""

from __future__ import annotations

import json
from typing import Any

from .secret import reveal
from .state import StateStore

__all__ = ["exports", "resources", "text"]

# The pickled provider (base64 of dill bytes): no use to a reader, and long.
_PROVIDER = "__provider"


def exports(store: StateStore, show_secrets: bool = False) -> dict[str, Any]:
    """The stack's exports of the last up (``{}`` before any)."""
    return reveal(store.load(redact=not show_secrets).outputs)


def resources(store: StateStore, show_secrets: bool = False) -> dict[str, Any]:
    """Every resource of the state by URN: type, name, id, inputs and outputs, without
    the pickled provider; secret properties as ``"[secret]"`` unless ``show_secrets``."""
    state = store.load(redact=not show_secrets)

    def shown(props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if k != _PROVIDER}

    return {
        urn: {
            "type": r.type,
            "name": r.name,
            "id": r.id,
            "inputs": shown(r.inputs),
            "outputs": shown(r.outputs),
        }
        for urn, r in state.resources.items()
    }


def text(value: Any) -> str:
    """A value as printed: a string as it is (for shell use), anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, sort_keys=True)
