"""The inputs every resource of this package has beside its AWS request: checked alike.

``region`` (where the resource lives), ``idempotency_key`` (set by the resource class from
the project, stack and resource name; it makes creates idempotent), and no input the
resource does not know. Messages name the input and the rule, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .unknown import is_unknown

__all__ = ["resource_input_failures"]

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def resource_input_failures(
    inputs: dict[str, Any], known: Iterable[str], resource: str
) -> list[tuple[str, str]]:
    """``(input, reason)`` for every input of ``inputs`` not in ``known``, a region that is
    not a Region name, and a missing or malformed idempotency_key of ``resource``."""
    known = set(known)
    failures = [(k, f"is not an input of {resource}") for k in sorted(inputs) if k not in known]
    region = inputs.get("region")
    if region is not None and not is_unknown(region):
        if not isinstance(region, str) or not _REGION.match(region):
            failures.append(("region", "must be an AWS Region name such as us-east-1"))
    key = inputs.get("idempotency_key")
    if key is None:
        failures.append(
            (
                "idempotency_key",
                f"is required ({resource} sets it from the project, stack and resource name)",
            )
        )
    elif not is_unknown(key) and (not isinstance(key, str) or not 1 <= len(key) <= 1024):
        failures.append(("idempotency_key", "must be a string of 1 to 1024 characters"))
    return failures
