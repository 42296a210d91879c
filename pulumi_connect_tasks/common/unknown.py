"""Values not known yet: Pulumi's preview of a resource whose inputs wait on others.

Validation and the lifecycle core see one marker, :data:`UNKNOWN`: rules that need a value
skip it, and it counts as present. :func:`is_unknown` also recognises Pulumi's own
markers without importing Pulumi (which would load its whole SDK): the wire protocol's
unknown string, and ``pulumi.output.Unknown`` once a program has loaded that module.
Standard library only.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["UNKNOWN", "RPC_UNKNOWN", "is_unknown", "mark_unknowns", "holds_unknown"]


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

RPC_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""How the engine's gRPC protocol spells an unknown value (``pulumi.runtime.rpc.UNKNOWN``)."""


def is_unknown(value: Any) -> bool:
    """True for a value Pulumi does not know yet: UNKNOWN, the wire marker, or an
    instance of ``pulumi.output.Unknown`` (none can exist before that module is loaded)."""
    if value is UNKNOWN or (isinstance(value, str) and value == RPC_UNKNOWN):
        return True
    output = sys.modules.get("pulumi.output")
    return output is not None and isinstance(value, output.Unknown)


def mark_unknowns(value: Any) -> Any:
    """``value`` with every unknown (:func:`is_unknown`) replaced by UNKNOWN, at any depth."""
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, dict):
        return {k: mark_unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mark_unknowns(v) for v in value]
    return value


def holds_unknown(value: Any) -> bool:
    """True if ``value`` is UNKNOWN or holds it at any depth."""
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(holds_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(holds_unknown(item) for item in value)
    return False
