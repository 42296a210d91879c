"""Property names in the three spellings this package meets: snake_case (the Python
resources and the lifecycle cores), PascalCase (AWS's members) and camelCase (a Pulumi
schema's properties, an AWS member with its first letter lowered).

``contact_flow_id`` <-> ``ContactFlowId`` <-> ``contactFlowId``; ``s3_url`` <-> ``S3Url``
<-> ``s3Url``. Standard library only.
"""

from __future__ import annotations

import re

__all__ = ["camel", "pascal", "snake"]

_UPPER = re.compile(r"(?<!^)(?=[A-Z])")


def pascal(name: str) -> str:
    """``contact_flow_id`` -> ``ContactFlowId``; a name in PascalCase stays as it is."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def camel(name: str) -> str:
    """``contact_flow_id`` -> ``contactFlowId``; ``ContactFlowId`` -> ``contactFlowId``."""
    name = pascal(name)
    return name[:1].lower() + name[1:]


def snake(name: str) -> str:
    """``contactFlowId`` or ``ContactFlowId`` -> ``contact_flow_id``; ``s3Url`` -> ``s3_url``."""
    return _UPPER.sub("_", name).lower()
