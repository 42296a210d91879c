"""Amazon Connect identifiers as users write them. Standard library only."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["instance_id"]

_INSTANCE_ARN = re.compile(r"arn:[a-z0-9-]+:connect:[a-z0-9-]*:[0-9]*:instance/(?P<id>[^/]+)")


def instance_id(value: Any) -> Any:
    """The instance id an ``instance_id`` input names: an instance ARN is reduced to its id;
    anything else (an id, UNKNOWN, a wrong type that validation reports) is returned as is."""
    if isinstance(value, str):
        match = _INSTANCE_ARN.fullmatch(value)
        if match:
            return match["id"]
    return value
