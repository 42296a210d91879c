"""Property names between the lifecycle core (snake_case) and a Pulumi schema (camelCase).

``contact_flow_id`` <-> ``contactFlowId``, ``s3_url`` <-> ``s3Url``; an AWS member name
is camelCase once its first letter is lowered (``S3Url`` -> ``s3Url``).
"""

from __future__ import annotations

import re

__all__ = ["camel", "snake"]

_UPPER = re.compile(r"(?<!^)(?=[A-Z])")


def camel(name: str) -> str:
    """``contact_flow_id`` -> ``contactFlowId``; ``ContactFlowId`` -> ``contactFlowId``."""
    if "_" not in name:
        return name[:1].lower() + name[1:]
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """``contactFlowId`` -> ``contact_flow_id``; ``s3Url`` -> ``s3_url``."""
    return _UPPER.sub("_", name).lower()
